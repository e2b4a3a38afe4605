import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { BarChart } from '@mui/x-charts/BarChart';
import { ChartsReferenceLine } from '@mui/x-charts/ChartsReferenceLine';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors } from '../api/errors';
import { useAuth } from '../auth/auth';
import '../i18n/reports';
import { PageHeader } from '../layout/PageHeader';
import { QueryState } from '../layout/QueryState';
import { formatDateTime, formatNumber, parseDecimal } from '../lib/format';
import { reportApi, type PlanFigure, type PlanReport, type PlanRow, type SavePlanEntry } from '../reports/api';

const FIRST_YEAR = 2023;
const LAST_YEAR = 2030;
const thisYear = () =>
  Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()));
const rowKey = (r: { letter: string; key: string }) => `${r.letter}:${r.key}`;
const goalOf = (r: PlanRow, year: number) => (year <= 2025 ? r.goal2025 : (r.goal2030 ?? r.goal2025));

/**
 * The plan report (GET /reports/plan-targets): pick a year and a unit of one's subtree (down through the child units,
 * back up the trail), read every target against the goals, compare the child units on a chart, enter the figures the
 * platform cannot measure, and download the yearly report as XLSX.
 */
export default function PlanReportPage() {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const [year, setYear] = useState(thisYear);
  // The units walked through, from the one the report opened on: the trail back up.
  const [trail, setTrail] = useState<{ id: string; name: string }[]>([]);
  const unitId = trail.at(-1)?.id;
  const report = useQuery({
    queryKey: ['plan-report', unitId ?? 'own', year],
    queryFn: () => reportApi.planTargets(unitId, year),
  });
  const current = report.data?.unit;
  const parent = useQuery({
    queryKey: ['unit', current?.id],
    queryFn: () => reportApi.unit(current!.id),
    enabled: !!current,
  });
  const parentId = parent.data?.parentId ?? null;
  // An organizer's report opens on the top of their subtree: they go up only as far as they came down.
  const canGoUp = !!parentId && (!!user?.roles.includes('admin') || trail.length > 1);
  const download = useMutation({ mutationFn: () => reportApi.download(current!.id, year) });
  const en = i18n.language === 'en';

  const goTo = (unit: { id: string; name: string }) =>
    setTrail((prev) => {
      const base = prev.length ? prev : current ? [current] : [];
      const at = base.findIndex((u) => u.id === unit.id);
      return at >= 0 ? base.slice(0, at + 1) : [...base, unit];
    });
  const goUp = async () => {
    if (!parentId || !current) return;
    const up = await reportApi.unit(parentId);
    setTrail((prev) => {
      const base = prev.length ? prev : [current];
      const at = base.findIndex((u) => u.id === up.id);
      return at >= 0 ? base.slice(0, at + 1) : [{ id: up.id, name: up.name }];
    });
  };

  return (
    <>
      <PageHeader
        title={t('reports.title')}
        actions={
          <Button variant="contained" disabled={!current || download.isPending} onClick={() => download.mutate()}>
            {download.isPending ? t('reports.downloading') : t('reports.download')}
          </Button>
        }
      >
        <Typography variant="body2" sx={{ mt: 1 }}>
          {t('reports.intro')}
        </Typography>
      </PageHeader>
      {download.isError && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {errorMessage(download.error)}
        </Alert>
      )}
      <Paper variant="outlined" sx={{ p: 2, mb: 2, display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'center' }}>
        <TextField
          select
          label={t('reports.year')}
          value={year}
          onChange={(e) => setYear(Number(e.target.value))}
          size="small"
          sx={{ minWidth: 140 }}
          slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
        >
          {Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i).map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </TextField>
        <TextField
          select
          label={t('reports.child')}
          value=""
          onChange={(e) => {
            const child = report.data?.children.find((c) => c.id === e.target.value);
            if (child) goTo(child);
          }}
          size="small"
          sx={{ minWidth: 220, flex: '1 1 220px', maxWidth: 420 }}
          disabled={!report.data?.children.length}
          slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
        >
          <option value="">{report.data?.children.length ? '—' : t('reports.childNone')}</option>
          {(report.data?.children ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </TextField>
        {canGoUp && (
          <Button onClick={() => void goUp()} size="small">
            {t('reports.up')}
          </Button>
        )}
        <Box sx={{ flexBasis: '100%' }}>
          <Breadcrumbs aria-label={t('reports.trail')} sx={{ '& ol': { flexWrap: 'wrap' } }}>
            {(trail.length ? trail : current ? [current] : []).map((u, i, all) =>
              i === all.length - 1 ? (
                <Typography key={u.id} color="text.primary" aria-current="page" sx={{ fontWeight: 600 }}>
                  {u.name}
                </Typography>
              ) : (
                <Link key={u.id} component="button" type="button" onClick={() => goTo(u)}>
                  {u.name}
                </Link>
              ),
            )}
          </Breadcrumbs>
        </Box>
      </Paper>
      <QueryState query={report}>
        {(data) => <ReportBody data={data} year={year} en={en} onOpenChild={(c) => goTo(c)} />}
      </QueryState>
    </>
  );
}

function FigureText({ f, row }: { f: PlanFigure; row: PlanRow }) {
  const { t } = useTranslation();
  if (row.measure === 'count') return <>{formatNumber(f.achieved)}</>;
  return <>{f.rate === null ? t('reports.noRate') : `${f.rate.toLocaleString('vi-VN')} %`}</>;
}

function Flags({ f }: { f: PlanFigure }) {
  const { t } = useTranslation();
  if (!f.flags.length) return null;
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 0.5 }}>
      {f.flags.map((flag) => (
        <Chip
          key={flag}
          size="small"
          color="warning"
          variant="outlined"
          label={t(`reports.flags.${flag}`)}
          sx={{ height: 'auto', '& .MuiChip-label': { whiteSpace: 'normal', py: 0.25 } }}
        />
      ))}
    </Box>
  );
}

function ReportBody({
  data,
  year,
  en,
  onOpenChild,
}: {
  data: PlanReport;
  year: number;
  en: boolean;
  onOpenChild: (c: { id: string; name: string }) => void;
}) {
  const { t } = useTranslation();
  const rows = useMemo(() => data.targets.flatMap((target) => target.rows.map((row) => ({ target, row }))), [data]);
  const percentRows = rows.filter((r) => r.row.measure === 'percent');
  const [chartKey, setChartKey] = useState('e:youth');
  const chart = percentRows.find((r) => rowKey(r.row) === chartKey) ?? percentRows[0]!;
  const goal = goalOf(chart.row, year);
  const names = new Map(data.children.map((c) => [c.id, c.name]));
  const dataset = chart.row.children.map((c) => ({ name: names.get(c.unitId) ?? '', rate: c.figure.rate }));
  return (
    <>
      <Alert severity="info" sx={{ mb: 2 }}>
        {t('reports.sources')}
      </Alert>
      {!data.contestAvailable && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          {t('reports.contestMissing')}
        </Alert>
      )}
      <Typography variant="body2" sx={{ mb: 1 }} role="status">
        {t('reports.updated', { time: formatDateTime(data.computedAt) })}
      </Typography>
      <TableContainer component={Paper} variant="outlined" sx={{ mb: 3, maxWidth: '100%' }}>
        <Table size="small" aria-label={t('reports.tableLabel')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('reports.target')}</TableCell>
              <TableCell>{t('reports.population')}</TableCell>
              <TableCell>{t('reports.source')}</TableCell>
              <TableCell align="right">{t('reports.achieved')}</TableCell>
              <TableCell align="right">{t('reports.inYear')}</TableCell>
              <TableCell align="right">{t('reports.total')}</TableCell>
              <TableCell align="right">{t('reports.rate')}</TableCell>
              <TableCell align="right">{t('reports.goal2025')}</TableCell>
              <TableCell align="right">{t('reports.goal2030')}</TableCell>
              <TableCell align="right">{t('reports.gap')}</TableCell>
              <TableCell>{t('reports.problems')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(({ target, row }, i) => {
              const f = row.total;
              const first = i === 0 || rows[i - 1]!.target.letter !== target.letter;
              const unitLabel = row.measure === 'percent' ? '%' : ` ${row.countUnitVi ?? ''}`;
              return (
                <TableRow key={rowKey(row)}>
                  <TableCell component="th" scope="row" sx={{ minWidth: 180 }}>
                    {first ? (
                      <>
                        <strong>{target.letter})</strong> {en ? target.topicEn : target.topicVi}
                      </>
                    ) : (
                      <span>
                        <strong>{target.letter})</strong>
                      </span>
                    )}
                  </TableCell>
                  <TableCell>{en ? row.populationEn : row.populationVi}</TableCell>
                  <TableCell>{t(`reports.measuredBy.${row.source}`)}</TableCell>
                  <TableCell align="right">{formatNumber(f.achieved)}</TableCell>
                  <TableCell align="right">{formatNumber(f.inYear)}</TableCell>
                  <TableCell align="right">
                    {f.population === null ? '—' : formatNumber(f.population)}
                    {row.measure === 'percent' && (
                      <Typography variant="caption" component="div">
                        {t(`reports.populationFrom.${f.populationSource}`)}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell align="right">
                    <FigureText f={f} row={row} />
                  </TableCell>
                  <TableCell align="right">{row.goal2025 === null ? '—' : `${row.goal2025}${unitLabel}`}</TableCell>
                  <TableCell align="right">{row.goal2030 === null ? '—' : `${row.goal2030}${unitLabel}`}</TableCell>
                  <TableCell align="right">
                    {f.gap2025 === null ? '—' : formatNumber(f.gap2025)} /{' '}
                    {f.gap2030 === null ? '—' : formatNumber(f.gap2030)}
                  </TableCell>
                  <TableCell>
                    <Flags f={f} />
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableContainer>

      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        {t('reports.chartTitle')}
      </Typography>
      <TextField
        select
        label={t('reports.chartRow')}
        value={rowKey(chart.row)}
        onChange={(e) => setChartKey(e.target.value)}
        size="small"
        sx={{ mb: 2, minWidth: 260, maxWidth: '100%' }}
        slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
      >
        {percentRows.map(({ target, row }) => (
          <option key={rowKey(row)} value={rowKey(row)}>
            {`${target.letter}) ${en ? row.populationEn : row.populationVi}`}
          </option>
        ))}
      </TextField>
      {dataset.length ? (
        <Box sx={{ width: '100%', maxWidth: 900, mb: 3 }}>
          <BarChart
            dataset={dataset}
            layout="horizontal"
            yAxis={[{ scaleType: 'band', dataKey: 'name', width: 150 }]}
            xAxis={[{ label: `${t('reports.rate')} (%)`, min: 0, max: 100 }]}
            series={[
              {
                dataKey: 'rate',
                label: `${t('reports.rate')} (%)`,
                valueFormatter: (v) => (v === null ? t('reports.noRate') : `${v.toLocaleString('vi-VN')} %`),
              },
            ]}
            height={Math.max(180, dataset.length * 32 + 90)}
          >
            {goal !== null && (
              <ChartsReferenceLine
                x={goal}
                label={t('reports.chartGoal', { year: year <= 2025 ? 2025 : 2030, goal })}
                lineStyle={{ stroke: '#b71c1c', strokeDasharray: '6 4' }}
                labelStyle={{ fill: '#b71c1c', fontSize: 12 }}
              />
            )}
          </BarChart>
        </Box>
      ) : (
        <Typography sx={{ mb: 3 }}>{t('reports.chartEmpty')}</Typography>
      )}
      {data.children.length > 0 && (
        <>
          <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
            {t('reports.childTable')}
          </Typography>
          <TableContainer component={Paper} variant="outlined" sx={{ mb: 3 }}>
            <Table size="small" aria-label={t('reports.childTable')}>
              <TableHead>
                <TableRow>
                  <TableCell>{t('reports.unit')}</TableCell>
                  <TableCell align="right">{t('reports.achieved')}</TableCell>
                  <TableCell align="right">{t('reports.total')}</TableCell>
                  <TableCell align="right">{t('reports.rate')}</TableCell>
                  <TableCell align="right">{t('reports.gap')}</TableCell>
                  <TableCell>{t('reports.problems')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {chart.row.children.map((c) => (
                  <TableRow key={c.unitId}>
                    <TableCell component="th" scope="row">
                      <Link
                        component="button"
                        type="button"
                        onClick={() => onOpenChild({ id: c.unitId, name: names.get(c.unitId) ?? '' })}
                      >
                        {names.get(c.unitId)}
                      </Link>
                    </TableCell>
                    <TableCell align="right">{formatNumber(c.figure.achieved)}</TableCell>
                    <TableCell align="right">
                      {c.figure.population === null ? '—' : formatNumber(c.figure.population)}
                    </TableCell>
                    <TableCell align="right">
                      <FigureText f={c.figure} row={chart.row} />
                    </TableCell>
                    <TableCell align="right">
                      {c.figure.gap2025 ?? '—'} / {c.figure.gap2030 ?? '—'}
                    </TableCell>
                    <TableCell>
                      <Flags f={c.figure} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        </>
      )}
      <EntryForm data={data} year={year} en={en} />
    </>
  );
}

interface EntryFormValues {
  row: string;
  achieved: string;
  base: string;
  note: string;
}

function EntryForm({ data, year, en }: { data: PlanReport; year: number; en: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const rows = data.targets.flatMap((target) =>
    target.rows
      .filter((r) => r.source === 'manual' || (r.measure === 'percent' && r.letter === 'c'))
      .map((row) => ({ target, row })),
  );
  const { register, handleSubmit, watch, setError, reset, formState } = useForm<EntryFormValues>({
    defaultValues: { row: rowKey(rows[0]!.row), achieved: '', base: '', note: '' },
  });
  const selected = rows.find((r) => rowKey(r.row) === watch('row'))?.row ?? rows[0]!.row;
  const measured = selected.source !== 'manual';
  const save = useMutation({
    mutationFn: (v: EntryFormValues) => {
      const [letter, key] = v.row.split(':') as [SavePlanEntry['letter'], string];
      const achieved = v.achieved.trim() ? parseDecimal(v.achieved) : null;
      const base = v.base.trim() ? parseDecimal(v.base) : null;
      return reportApi.saveEntry({ unitId: data.unit.id, year, letter, rowKey: key, achieved, base, note: v.note });
    },
    onSuccess: async () => {
      reset({ row: watch('row'), achieved: '', base: '', note: '' });
      await queryClient.invalidateQueries({ queryKey: ['plan-report'] });
    },
    onError: (error) => {
      let focused = false;
      for (const [field, message] of fieldErrors(error)) {
        const name = field === 'rowKey' || field === 'letter' ? 'row' : field;
        if (name === 'row' || name === 'achieved' || name === 'base' || name === 'note') {
          setError(name, { message }, { shouldFocus: !focused });
          focused = true;
        }
      }
    },
  });
  const number = (v: string) =>
    !v.trim() || (parseDecimal(v) !== null && parseDecimal(v)! >= 0) || t('reports.entryNumber');
  const errors = formState.errors;
  const placed = save.error && fieldErrors(save.error).size > 0;
  return (
    <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 }, mb: 3 }}>
      <Typography variant="h6" component="h2">
        {t('reports.entryTitle')}
      </Typography>
      <Typography variant="body2" sx={{ mb: 2 }}>
        {t('reports.entryIntro', { unit: data.unit.name, year })}
      </Typography>
      {save.isSuccess && !formState.isDirty && (
        <Alert severity="success" role="status" sx={{ mb: 2 }}>
          {t('reports.entrySaved')}
        </Alert>
      )}
      {save.isError && !placed && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {errorMessage(save.error)}
        </Alert>
      )}
      <Box
        component="form"
        noValidate
        onSubmit={handleSubmit((v) => {
          if (!v.achieved.trim() && !v.base.trim()) {
            setError(measured ? 'base' : 'achieved', { message: t('reports.entryRequired') }, { shouldFocus: true });
            return;
          }
          save.mutate(v);
        })}
        sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '2fr 1fr 1fr' }, maxWidth: 900 }}
      >
        <TextField
          select
          label={t('reports.entryRow')}
          {...register('row')}
          defaultValue={rowKey(rows[0]!.row)}
          error={!!errors.row}
          helperText={errors.row?.message}
          slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
        >
          {rows.map(({ target, row }) => (
            <option key={rowKey(row)} value={rowKey(row)}>
              {`${target.letter}) ${en ? row.populationEn : row.populationVi}`}
            </option>
          ))}
        </TextField>
        <TextField
          label={t('reports.entryAchieved')}
          slotProps={{ htmlInput: { inputMode: 'decimal' } }}
          disabled={measured}
          {...register('achieved', { validate: number })}
          error={!!errors.achieved}
          helperText={errors.achieved?.message}
        />
        <TextField
          label={t('reports.entryBase')}
          slotProps={{ htmlInput: { inputMode: 'numeric' } }}
          disabled={selected.measure === 'count'}
          {...register('base', { validate: number })}
          error={!!errors.base}
          helperText={errors.base?.message}
        />
        <TextField
          label={t('reports.entryNote')}
          multiline
          minRows={2}
          required
          {...register('note', { validate: (v) => !!v.trim() || t('reports.entryNoteRequired') })}
          error={!!errors.note}
          helperText={errors.note?.message ?? t('reports.entryNoteHint')}
          sx={{ gridColumn: { md: '1 / -1' } }}
        />
        <Box>
          <Button type="submit" variant="contained" disabled={save.isPending}>
            {save.isPending ? t('reports.entrySaving') : t('reports.entrySave')}
          </Button>
        </Box>
      </Box>
      <Typography variant="subtitle1" component="h3" sx={{ mt: 3, mb: 1, fontWeight: 600 }}>
        {t('reports.entriesTitle', { year })}
      </Typography>
      {data.entries.length ? (
        <TableContainer>
          <Table size="small" aria-label={t('reports.entriesTitle', { year })}>
            <TableHead>
              <TableRow>
                <TableCell>{t('reports.target')}</TableCell>
                <TableCell align="right">{t('reports.entryAchieved')}</TableCell>
                <TableCell align="right">{t('reports.entryBase')}</TableCell>
                <TableCell>{t('reports.note')}</TableCell>
                <TableCell>{t('reports.enteredBy')}</TableCell>
                <TableCell>{t('reports.enteredAt')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.entries.map((e) => {
                const row = data.targets.find((x) => x.letter === e.letter)?.rows.find((r) => r.key === e.rowKey);
                return (
                  <TableRow key={`${e.letter}:${e.rowKey}`}>
                    <TableCell component="th" scope="row">
                      {e.letter}) {row ? (en ? row.populationEn : row.populationVi) : e.rowKey}
                    </TableCell>
                    <TableCell align="right">{e.achieved === null ? '—' : formatNumber(e.achieved)}</TableCell>
                    <TableCell align="right">{e.base === null ? '—' : formatNumber(e.base)}</TableCell>
                    <TableCell sx={{ minWidth: 200 }}>{e.note}</TableCell>
                    <TableCell>{e.enteredByName}</TableCell>
                    <TableCell>{formatDateTime(e.enteredAt)}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </TableContainer>
      ) : (
        <Typography variant="body2">{t('reports.entriesNone')}</Typography>
      )}
    </Paper>
  );
}
