import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
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
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import type { Schemas } from '../api/client';
import { errorMessage, fieldErrors } from '../api/errors';
import { QueryState } from '../layout/QueryState';
import { formatDateTime, formatNumber, formatPercent } from '../lib/format';
import { contestApi, type RoundSettings } from './api';

type Row = Schemas['RankedRowDto'];

function Section({
  id,
  title,
  children,
  actions,
}: {
  id: string;
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <Paper component="section" aria-labelledby={id} sx={{ p: 2, mb: 3, minWidth: 0 }}>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'center', mb: 1 }}>
        <Typography variant="h6" component="h2" id={id} sx={{ flex: '1 1 auto' }}>
          {title}
        </Typography>
        {actions}
      </Box>
      {children}
    </Paper>
  );
}

const seconds = (ms: number) => (Math.round(ms / 100) / 10).toLocaleString('vi-VN');

/** A closed round's report: summary, frozen ranking with the why of each tie, prizes, units, items, regrade, flags, exports. */
export function RoundReport({ settings: s }: { settings: RoundSettings }) {
  const { t } = useTranslation();
  const ranking = useQuery({ queryKey: ['rounds', s.id, 'ranking'], queryFn: () => contestApi.ranking(s.id) });
  return (
    <>
      <Section id="report-summary" title={t('report.summary')}>
        <QueryState query={ranking}>
          {(r) => (
            <Box
              component="dl"
              sx={{
                display: 'grid',
                gridTemplateColumns: { xs: 'minmax(0, 1fr)', sm: 'max-content minmax(0, 1fr)' },
                gap: 1,
                m: 0,
              }}
            >
              <Typography component="dt" sx={{ fontWeight: 600 }}>
                {t('report.participants')}
              </Typography>
              <Typography component="dd" sx={{ m: 0 }} data-testid="ranked-count">
                {formatNumber(r.participants)}
              </Typography>
              {r.predictionQuestion ? (
                <>
                  <Typography component="dt" sx={{ fontWeight: 600 }}>
                    {t('report.predictionQuestion')}
                  </Typography>
                  <Typography component="dd" sx={{ m: 0 }}>
                    {r.predictionQuestion}
                  </Typography>
                  <Typography component="dt" sx={{ fontWeight: 600 }}>
                    {t('report.predictionValue')}
                  </Typography>
                  <Typography component="dd" sx={{ m: 0 }} data-testid="prediction-value">
                    {r.predictionValue === null || r.predictionValue === undefined
                      ? '—'
                      : formatNumber(r.predictionValue)}
                  </Typography>
                </>
              ) : (
                <Typography sx={{ gridColumn: '1 / -1' }}>{t('report.noPrediction')}</Typography>
              )}
              {s.closedAt && (
                <>
                  <Typography component="dt" sx={{ fontWeight: 600 }}>
                    {t('report.closedAt')}
                  </Typography>
                  <Typography component="dd" sx={{ m: 0 }}>
                    {formatDateTime(s.closedAt)}
                  </Typography>
                </>
              )}
            </Box>
          )}
        </QueryState>
      </Section>
      <Section id="report-ranking" title={t('report.ranking')}>
        <QueryState query={ranking}>{(r) => <RankingTable ranking={r} />}</QueryState>
      </Section>
      <Prizes roundId={s.id} />
      <Units roundId={s.id} />
      <Items roundId={s.id} />
      <Regrade roundId={s.id} rows={ranking.data?.rows ?? []} />
      <Flags roundId={s.id} />
      <Exports roundId={s.id} />
    </>
  );
}

function RankingTable({ ranking }: { ranking: Schemas['RoundRankingDto'] }) {
  const { t } = useTranslation();
  const rows = ranking.rows;
  const off = (d: number | null | undefined) =>
    d === null || d === undefined ? t('report.noPredictionGiven') : t('report.tie.off', { n: formatNumber(d) });
  const why = (r: Row, i: number) => {
    if (!r.tie) return '';
    if (!r.tie.decidedBy) return t('report.tie.shared');
    const other = r.tie.against === 'above' ? rows[i - 1] : rows[i + 1];
    const reason =
      r.tie.decidedBy === 'prediction'
        ? t('report.tie.prediction', { mine: off(r.predictionDistance), other: off(other?.predictionDistance) })
        : t(`report.tie.${r.tie.decidedBy}`);
    return t(`report.tie.${r.tie.against}`, { reason });
  };
  return (
    <>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {t('report.rankingShown', {
          shown: formatNumber(rows.length),
          total: formatNumber(ranking.participants),
          order: ranking.order.map((k) => t(`round.rankingKeys.${k}`)).join(' → '),
        })}
      </Typography>
      <TableContainer sx={{ maxHeight: 560 }} tabIndex={0} role="region" aria-label={t('report.ranking')}>
        <Table size="small" stickyHeader aria-label={t('report.ranking')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('report.rank')}</TableCell>
              <TableCell>{t('report.name')}</TableCell>
              <TableCell>{t('report.unit')}</TableCell>
              <TableCell align="right">{t('report.score')}</TableCell>
              <TableCell align="right">{t('report.prediction')}</TableCell>
              <TableCell align="right">{t('report.duration')}</TableCell>
              <TableCell>{t('report.prize')}</TableCell>
              <TableCell>{t('report.why')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((r, i) => (
              <TableRow key={r.userId}>
                <TableCell>{r.rank}</TableCell>
                <TableCell>{r.displayName}</TableCell>
                <TableCell>{r.unitName ?? ''}</TableCell>
                <TableCell align="right">
                  {formatNumber(r.score)}/{formatNumber(r.maxScore)}
                </TableCell>
                <TableCell align="right">
                  {r.prediction === null || r.prediction === undefined
                    ? t('report.noPredictionGiven')
                    : `${formatNumber(r.prediction)} (${formatNumber(r.predictionDistance ?? 0)})`}
                </TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  {t('report.seconds', { value: seconds(r.durationMs) })}
                </TableCell>
                <TableCell>{r.prize ? t(`report.prizeKinds.${r.prize}`) : ''}</TableCell>
                <TableCell sx={{ minWidth: 220 }}>{why(r, i)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </>
  );
}

const PRIZE_KINDS = ['first', 'second', 'third', 'consolation'] as const;

function Prizes({ roundId }: { roundId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const prizes = useQuery({ queryKey: ['rounds', roundId, 'prizes'], queryFn: () => contestApi.prizes(roundId) });
  const { register, handleSubmit, setError, formState, reset } =
    useForm<Record<(typeof PRIZE_KINDS)[number], string>>();
  const save = useMutation({
    mutationFn: (v: Record<string, string>) =>
      contestApi.setPrizes(roundId, {
        first: Number(v.first),
        second: Number(v.second),
        third: Number(v.third),
        consolation: Number(v.consolation),
      }),
    onSuccess: async (data) => {
      queryClient.setQueryData(['rounds', roundId, 'prizes'], data);
      await queryClient.invalidateQueries({ queryKey: ['rounds', roundId, 'ranking'] });
    },
    onError: (error) => {
      for (const [field, message] of fieldErrors(error))
        if ((PRIZE_KINDS as readonly string[]).includes(field)) setError(field as 'first', { message });
    },
  });
  return (
    <Section id="report-prizes" title={t('report.prizes')}>
      <QueryState query={prizes}>
        {(p) => (
          <>
            <Box
              component="form"
              noValidate
              onSubmit={handleSubmit((v) => save.mutate(v))}
              sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start', mb: 2 }}
              key={JSON.stringify(p.config)}
              ref={() => undefined}
            >
              {PRIZE_KINDS.map((k) => (
                <TextField
                  key={k}
                  size="small"
                  defaultValue={String(p.config[k])}
                  {...register(k, {
                    validate: (v) => /^\d+$/.test(String(v ?? p.config[k])) || t('round.whole', { min: 0, max: 10000 }),
                  })}
                  label={t('report.prizeCount', { kind: t(`report.prizeKinds.${k}`) })}
                  error={!!formState.errors[k]}
                  helperText={formState.errors[k]?.message}
                  slotProps={{ htmlInput: { inputMode: 'numeric' } }}
                  sx={{ width: { xs: '100%', sm: 180 } }}
                />
              ))}
              <Button
                type="submit"
                variant="outlined"
                disabled={save.isPending}
                onClick={() => reset(undefined, { keepValues: true })}
              >
                {t('report.setPrizes')}
              </Button>
            </Box>
            {save.isError && fieldErrors(save.error).size === 0 && (
              <Alert severity="error">{errorMessage(save.error)}</Alert>
            )}
            {p.winners.length === 0 ? (
              <Typography color="text.secondary">{t('report.noWinners')}</Typography>
            ) : (
              <>
                <Typography variant="subtitle1" component="h3">
                  {t('report.winners', { count: p.winners.length })}
                </Typography>
                <Box component="ul" sx={{ m: 0, pl: 3 }}>
                  {p.winners.map((w) => (
                    <li key={w.userId}>
                      {t(`report.prizeKinds.${w.prize}`)} — {t('report.rank')} {w.rank}: {w.displayName} (
                      {formatNumber(w.score)} {t('report.score').toLowerCase()})
                    </li>
                  ))}
                </Box>
              </>
            )}
          </>
        )}
      </QueryState>
    </Section>
  );
}

function Units({ roundId }: { roundId: string }) {
  const { t } = useTranslation();
  const stats = useQuery({ queryKey: ['rounds', roundId, 'unit-stats'], queryFn: () => contestApi.unitStats(roundId) });
  const [depth, setDepth] = useState(1);
  return (
    <Section
      id="report-units"
      title={t('report.units')}
      actions={
        <TextField
          select
          size="small"
          label={t('report.level')}
          value={depth}
          onChange={(e) => setDepth(Number(e.target.value))}
          slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
        >
          {[0, 1, 2, 3].map((d) => (
            <option key={d} value={d}>
              {t(`watch.levels.${d}`)}
            </option>
          ))}
        </TextField>
      }
    >
      <QueryState query={stats}>
        {(all) => {
          const rows = all.filter((u) => u.depth === depth).sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1));
          if (rows.length === 0) return <Alert severity="info">{t('report.noUnits')}</Alert>;
          const levelName = t(`watch.levels.${depth}`);
          const chartRows = rows.slice(0, 30).map((u) => ({
            name: u.name,
            rate: u.rate === null || u.rate === undefined ? 0 : Math.round(u.rate * 10000) / 100,
          }));
          return (
            <>
              <Box component="figure" sx={{ m: 0, mb: 2 }} data-testid="unit-chart">
                <Typography component="figcaption" variant="subtitle2" sx={{ mb: 1 }}>
                  {t('report.chartTitle', { level: levelName })}
                </Typography>
                <Box role="img" aria-label={t('report.chartTitle', { level: levelName })}>
                  <BarChart
                    dataset={chartRows}
                    layout="horizontal"
                    yAxis={[{ scaleType: 'band', dataKey: 'name', width: 190 }]}
                    xAxis={[
                      {
                        label: `${t('report.rate')} (%)`,
                        min: 0,
                        valueFormatter: (v: number) => v.toLocaleString('vi-VN'),
                      },
                    ]}
                    series={[
                      {
                        dataKey: 'rate',
                        label: `${t('report.rate')} (%)`,
                        valueFormatter: (v) => (v === null ? '' : `${v.toLocaleString('vi-VN')} %`),
                      },
                    ]}
                    height={Math.max(160, chartRows.length * 36 + 80)}
                  />
                </Box>
              </Box>
              <TableContainer>
                <Table size="small" aria-label={t('report.units')}>
                  <TableHead>
                    <TableRow>
                      <TableCell>{t('report.unit')}</TableCell>
                      <TableCell align="right">{t('report.participants')}</TableCell>
                      <TableCell align="right">{t('report.attempts')}</TableCell>
                      <TableCell align="right">{t('report.members')}</TableCell>
                      <TableCell align="right">{t('report.rate')}</TableCell>
                      <TableCell align="right">{t('report.rankByCount')}</TableCell>
                      <TableCell align="right">{t('report.rankByRate')}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {rows.map((u) => (
                      <TableRow key={u.unitId}>
                        <TableCell>{u.name}</TableCell>
                        <TableCell align="right">{formatNumber(u.participants)}</TableCell>
                        <TableCell align="right">{formatNumber(u.attempts)}</TableCell>
                        <TableCell align="right">{formatNumber(u.members)}</TableCell>
                        <TableCell align="right">
                          {u.rate === null || u.rate === undefined ? '—' : formatPercent(u.rate)}
                        </TableCell>
                        <TableCell align="right">{u.rankByCount}</TableCell>
                        <TableCell align="right">{u.rankByRate ?? '—'}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </TableContainer>
            </>
          );
        }}
      </QueryState>
    </Section>
  );
}

function Items({ roundId }: { roundId: string }) {
  const { t } = useTranslation();
  const items = useQuery({ queryKey: ['rounds', roundId, 'items'], queryFn: () => contestApi.items(roundId) });
  const [flaggedOnly, setFlaggedOnly] = useState(false);
  return (
    <Section
      id="report-items"
      title={t('report.items')}
      actions={
        <FormControlLabel
          control={<Checkbox checked={flaggedOnly} onChange={(e) => setFlaggedOnly(e.target.checked)} />}
          label={t('report.flaggedOnly')}
        />
      }
    >
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {t('report.itemsHint')}
      </Typography>
      <QueryState query={items}>
        {(list) => {
          const shown = flaggedOnly ? list.filter((i) => i.flags.length > 0) : list;
          if (shown.length === 0) return <Alert severity="success">{t('report.noFlags')}</Alert>;
          return (
            <TableContainer sx={{ maxHeight: 560 }} tabIndex={0} role="region" aria-label={t('report.items')}>
              <Table size="small" stickyHeader aria-label={t('report.items')}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t('report.question')}</TableCell>
                    <TableCell align="right">{t('report.responses')}</TableCell>
                    <TableCell align="right">{t('report.facility')}</TableCell>
                    <TableCell align="right">{t('report.discrimination')}</TableCell>
                    <TableCell>{t('report.flags')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {[...shown]
                    .sort((a, b) => b.flags.length - a.flags.length)
                    .map((i) => (
                      <TableRow key={i.questionId}>
                        <TableCell sx={{ minWidth: 220 }}>
                          <Link component={RouterLink} to={`/questions/${i.questionId}`}>
                            {i.text || t('report.openQuestion')}
                          </Link>
                          {i.reasons.length > 0 && (
                            <Typography variant="body2" color="text.secondary">
                              {i.reasons.join(' ')}
                            </Typography>
                          )}
                        </TableCell>
                        <TableCell align="right">{formatNumber(i.responses)}</TableCell>
                        <TableCell align="right">{formatNumber(Math.round(i.facility * 100) / 100)}</TableCell>
                        <TableCell align="right">
                          {i.discrimination === null || i.discrimination === undefined
                            ? t('report.notEnough')
                            : formatNumber(Math.round(i.discrimination * 100) / 100)}
                        </TableCell>
                        <TableCell>
                          <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
                            {i.flags.map((f) => (
                              <Chip
                                key={f}
                                size="small"
                                color={f === 'likely_wrong_key' ? 'error' : 'warning'}
                                variant="outlined"
                                label={t(`report.flagKinds.${f}`)}
                              />
                            ))}
                          </Box>
                        </TableCell>
                      </TableRow>
                    ))}
                </TableBody>
              </Table>
            </TableContainer>
          );
        }}
      </QueryState>
    </Section>
  );
}

interface RankChange {
  userId: string;
  from: { rank: number; score: number } | null;
  to: { rank: number; score: number };
}

function Regrade({ roundId, rows }: { roundId: string; rows: Row[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const regrade = useMutation({
    mutationFn: () => contestApi.regrade(roundId),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['rounds', roundId] });
    },
  });
  const names = new Map(rows.map((r) => [r.userId, r.displayName]));
  const r = regrade.data;
  const changes = ((r?.changes as { rankChanges?: RankChange[] } | undefined)?.rankChanges ?? []) as RankChange[];
  return (
    <Section id="report-regrade" title={t('report.regrade')}>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {t('report.regradeHint')}
      </Typography>
      <Button variant="outlined" onClick={() => regrade.mutate()} disabled={regrade.isPending}>
        {regrade.isPending ? t('report.regrading') : t('report.regradeRun')}
      </Button>
      {regrade.isError && (
        <Alert severity="error" sx={{ mt: 2 }}>
          {errorMessage(regrade.error)}
        </Alert>
      )}
      {r && (
        <Box sx={{ mt: 2 }} role="status">
          <Typography>
            {t('report.regradeDone', {
              questions: formatNumber(r.questionsChanged),
              answers: formatNumber(r.answersRescored),
              attempts: formatNumber(r.attemptsChanged),
              ranks: formatNumber(r.ranksChanged),
            })}
          </Typography>
          {changes.length === 0 ? (
            <Typography color="text.secondary">{t('report.regradeNone')}</Typography>
          ) : (
            <TableContainer>
              <Table size="small" aria-label={t('report.changedResults')}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t('report.person')}</TableCell>
                    <TableCell>{t('report.before')}</TableCell>
                    <TableCell>{t('report.after')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {changes.map((c) => (
                    <TableRow key={c.userId}>
                      <TableCell>{names.get(c.userId) ?? c.userId}</TableCell>
                      <TableCell>{c.from ? `${c.from.rank} · ${formatNumber(c.from.score)}` : '—'}</TableCell>
                      <TableCell>{`${c.to.rank} · ${formatNumber(c.to.score)}`}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          )}
        </Box>
      )}
    </Section>
  );
}

function Flags({ roundId }: { roundId: string }) {
  const { t } = useTranslation();
  const flags = useQuery({ queryKey: ['rounds', roundId, 'flags'], queryFn: () => contestApi.flags(roundId) });
  return (
    <Section id="report-flags" title={t('report.suspicious')}>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {t('report.suspiciousHint')}
      </Typography>
      <QueryState query={flags}>
        {(list) =>
          list.length === 0 ? (
            <Alert severity="success">{t('report.noSuspicious')}</Alert>
          ) : (
            <Box component="ul" sx={{ m: 0, pl: 3 }}>
              {list.map((f, i) => (
                <li key={i}>
                  <Typography component="span" sx={{ fontWeight: 600 }}>
                    {t(`report.kinds.${f.kind}`)}:
                  </Typography>{' '}
                  {f.reason} {t('report.people')}:{' '}
                  {f.people.map((p) => `${p.displayName}${p.unitName ? ` (${p.unitName})` : ''}`).join(', ')}
                </li>
              ))}
            </Box>
          )
        }
      </QueryState>
    </Section>
  );
}

function Exports({ roundId }: { roundId: string }) {
  const { t } = useTranslation();
  const download = useMutation({
    mutationFn: (which: 'results' | 'unit-stats') => contestApi.download(roundId, which),
  });
  return (
    <Section id="report-exports" title={t('report.exports')}>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <Button variant="contained" onClick={() => download.mutate('results')} disabled={download.isPending}>
          {t('report.exportResults')}
        </Button>
        <Button variant="outlined" onClick={() => download.mutate('unit-stats')} disabled={download.isPending}>
          {t('report.exportStats')}
        </Button>
      </Box>
      {download.isPending && <Typography role="status">{t('report.exporting')}</Typography>}
      {download.isError && (
        <Alert severity="error" sx={{ mt: 2 }}>
          {errorMessage(download.error)}
        </Alert>
      )}
    </Section>
  );
}
