import type { TFunction } from 'i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { QUESTION_TYPES, type ErrorDetail } from '#contracts';
import { api, type Schemas } from '../api/client';
import { ApiError, errorMessage, unwrap } from '../api/errors';
import { useAuth } from '../auth/auth';
import { PageHeader } from '../layout/PageHeader';
import { filenameFrom, saveBlob } from '../lib/download';
import { formatNumber } from '../lib/format';

type Result = Schemas['ImportResultDto'];
type Preview = Schemas['ImportPreviewDto'];
type Field = NonNullable<Preview['fields'][number]>;
type Mapping = Record<string, Field>;
type Options = { duplicates: 'skip' | 'keep'; publish: boolean; asMultiple: boolean };

const FIELDS: Field[] = [
  'text',
  ...(['option1', 'option2', 'option3', 'option4', 'option5', 'option6', 'option7', 'option8'] as const),
  'answer',
  'generalFeedback',
  'category',
  'difficulty',
  'type',
  'title',
  'externalId',
  'tags',
  'feedback',
  'format',
  'caseSensitive',
  'timeLimit',
  'image',
  'ignore',
];
const isTabular = (file: File) => /\.(csv|xlsx)$/i.test(file.name);
/** Enough to read questions, as the API judges it: a question text, and options, a key or a type. */
const usable = (fields: (Field | null)[]) =>
  fields.includes('text') && fields.some((f) => f === 'type' || f === 'answer' || !!f?.startsWith('option'));

/**
 * Import wizard: choose a file → for a spreadsheet whose columns are not recognized, map them (first rows shown) →
 * dry run (what would be created, warnings, duplicates, or every error by line/row) → confirm or cancel. The API
 * writes nothing unless the whole file is valid, and remembers the mapping for the bank once imported.
 */
export default function ImportPage() {
  const { t } = useTranslation();
  const { bankId = '' } = useParams();
  const { hasRole } = useAuth();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [options, setOptions] = useState<Options>({ duplicates: 'skip', publish: false, asMultiple: false });
  /** The organizer's column mapping; null: the API's (the bank's saved one, then the names it recognizes). */
  const [mapping, setMapping] = useState<Mapping | null>(null);
  const [mapOpen, setMapOpen] = useState(false);
  const upload =
    (dryRun: boolean, asMultiple = options.asMultiple) =>
    (chosen: File) =>
      unwrap(
        api.POST('/api/v1/question-banks/{bankId}/imports', {
          params: {
            path: { bankId },
            query: {
              dryRun,
              duplicates: options.duplicates,
              publish: options.publish || undefined,
              asMultiple: asMultiple || undefined,
              mapping: mapping ? JSON.stringify(mapping) : undefined,
            },
          },
          // The generated type says string (OpenAPI "binary"); the browser sends the File itself as multipart.
          body: { file: chosen as unknown as string },
          bodySerializer: (body) => {
            const form = new FormData();
            form.append('file', body.file as unknown as File);
            return form;
          },
        }),
      );
  const dryRun = useMutation({
    mutationFn: ({ chosen, asMultiple }: { chosen: File; asMultiple?: boolean }) => upload(true, asMultiple)(chosen),
  });
  const preview = useMutation({
    mutationFn: (chosen: File) =>
      unwrap(
        api.POST('/api/v1/question-banks/{bankId}/imports/preview', {
          params: { path: { bankId }, query: {} },
          body: { file: chosen as unknown as string },
          bodySerializer: (body) => {
            const form = new FormData();
            form.append('file', body.file as unknown as File);
            return form;
          },
        }),
      ),
  });
  /** A spreadsheet is previewed first: unrecognized columns open the mapping step instead of failing the dry run. */
  const check = async (chosen: File) => {
    if (!isTabular(chosen)) return dryRun.mutate({ chosen });
    const seen = await preview.mutateAsync(chosen).catch(() => null);
    if (seen && seen.tabular && !seen.usable) {
      setMapping(Object.fromEntries(seen.headers.map((h, i) => [h, seen.fields[i] ?? 'ignore'])) as Mapping);
      setMapOpen(true);
    } else dryRun.mutate({ chosen });
  };
  const commit = useMutation({
    mutationFn: (chosen: File) => upload(false)(chosen),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['questions', bankId] });
      await queryClient.invalidateQueries({ queryKey: ['categories', bankId] });
      await queryClient.invalidateQueries({ queryKey: ['bank', bankId] });
      await queryClient.invalidateQueries({ queryKey: ['banks'] });
    },
  });
  const template = useMutation({
    mutationFn: async () => {
      const { data, response, error } = await api.GET('/api/v1/question-banks/import-template.xlsx', {
        parseAs: 'blob',
      });
      if (!response.ok || !data) await unwrap(Promise.resolve({ error, response }));
      saveBlob(data as Blob, filenameFrom(response, 'mau-nhap-cau-hoi.xlsx'));
    },
  });
  const reset = () => {
    setFile(null);
    setMapping(null);
    setMapOpen(false);
    setOptions((o) => ({ ...o, asMultiple: false }));
    dryRun.reset();
    commit.reset();
    preview.reset();
  };
  const editColumns = () => {
    const seen = preview.data;
    if (seen && !mapping) {
      setMapping(Object.fromEntries(seen.headers.map((h, i) => [h, seen.fields[i] ?? 'ignore'])) as Mapping);
    }
    setMapOpen(true);
    dryRun.reset();
  };
  const step = commit.isSuccess ? 3 : mapOpen ? 1 : dryRun.isSuccess || dryRun.isError ? 2 : 0;
  return (
    <>
      <PageHeader
        title={t('import.title')}
        actions={
          <>
            <Button variant="outlined" onClick={() => template.mutate()} disabled={template.isPending}>
              {t('import.template')}
            </Button>
            <Button component={RouterLink} to={`/banks/${bankId}`}>
              {t('common.back')}
            </Button>
          </>
        }
      >
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          {t('import.intro')}
        </Typography>
      </PageHeader>
      {template.isError && <Alert severity="error">{errorMessage(template.error)}</Alert>}
      <Stepper activeStep={step} sx={{ mb: 3 }}>
        <Step>
          <StepLabel>{t('import.steps.choose')}</StepLabel>
        </Step>
        <Step>
          <StepLabel>{t('import.steps.columns')}</StepLabel>
        </Step>
        <Step>
          <StepLabel>{t('import.steps.review')}</StepLabel>
        </Step>
        <Step>
          <StepLabel>{t('import.steps.done')}</StepLabel>
        </Step>
      </Stepper>
      <Paper sx={{ p: 3 }}>
        {step === 0 && (
          <Box sx={{ display: 'grid', gap: 2 }}>
            <DropZone file={file} onFile={setFile} />
            <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'center' }}>
              <TextField
                select
                size="small"
                label={t('import.duplicates')}
                value={options.duplicates}
                onChange={(e) => setOptions((o) => ({ ...o, duplicates: e.target.value as Options['duplicates'] }))}
                sx={{ minWidth: 260 }}
              >
                <MenuItem value="skip">{t('import.duplicatesSkip')}</MenuItem>
                <MenuItem value="keep">{t('import.duplicatesKeep')}</MenuItem>
              </TextField>
              {hasRole('reviewer') && (
                <FormControlLabel
                  control={
                    <Switch
                      checked={options.publish}
                      onChange={(e) => setOptions((o) => ({ ...o, publish: e.target.checked }))}
                    />
                  }
                  label={t('import.publish')}
                />
              )}
            </Box>
            <Box>
              <Button
                variant="contained"
                disabled={!file || dryRun.isPending || preview.isPending}
                onClick={() => file && void check(file)}
              >
                {dryRun.isPending || preview.isPending ? t('import.checking') : t('import.check')}
              </Button>
            </Box>
          </Box>
        )}
        {step === 1 && file && preview.data && mapping && (
          <ColumnMapping
            preview={preview.data}
            mapping={mapping}
            onChange={setMapping}
            onCheck={() => {
              setMapOpen(false);
              dryRun.mutate({ chosen: file });
            }}
            onCancel={reset}
          />
        )}
        {step === 2 && file && (
          <Box sx={{ display: 'grid', gap: 2 }}>
            <Typography>{t('import.chosen', { name: file.name, size: formatSize(file.size) })}</Typography>
            {dryRun.isError && <ImportErrors error={dryRun.error} />}
            {dryRun.data && (
              <SeveralRight
                result={dryRun.data}
                checked={options.asMultiple}
                disabled={dryRun.isPending}
                onChange={(asMultiple) => {
                  setOptions((o) => ({ ...o, asMultiple }));
                  dryRun.mutate({ chosen: file, asMultiple });
                }}
              />
            )}
            {dryRun.data && <DryRunSummary result={dryRun.data} />}
            {commit.isError && <ImportErrors error={commit.error} />}
            <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
              {dryRun.data && (
                <Button
                  variant="contained"
                  onClick={() => commit.mutate(file)}
                  disabled={commit.isPending || dryRun.data.created === 0}
                >
                  {commit.isPending ? t('import.importing') : t('import.confirm', { count: dryRun.data.created })}
                </Button>
              )}
              {isTabular(file) && preview.data?.tabular && (
                <Button variant="outlined" onClick={editColumns}>
                  {t('import.editColumns')}
                </Button>
              )}
              <Button variant="outlined" onClick={reset}>
                {t('import.cancel')}
              </Button>
            </Box>
          </Box>
        )}
        {step === 3 && commit.data && (
          <Box sx={{ display: 'grid', gap: 2 }}>
            <Alert severity="success" role="status">
              {t('import.done', { count: commit.data.created })}
            </Alert>
            <DryRunSummary result={commit.data} />
            <Box sx={{ display: 'flex', gap: 2 }}>
              <Button variant="contained" component={RouterLink} to={`/banks/${bankId}`}>
                {t('import.toBank')}
              </Button>
              <Button onClick={reset}>{t('import.again')}</Button>
            </Box>
          </Box>
        )}
      </Paper>
    </>
  );
}

function fieldLabel(field: Field, t: TFunction): string {
  const option = /^option(\d+)$/.exec(field);
  if (option) return t('import.fields.option', { letter: String.fromCharCode(64 + Number(option[1])) });
  return t(`import.fields.${field as Exclude<Field, `option${string}`>}`);
}

/**
 * The mapping step: one choice per column, with an example value, then the first rows as the file has them (in a
 * box that scrolls sideways on its own, so the page never does).
 */
function ColumnMapping({
  preview,
  mapping,
  onChange,
  onCheck,
  onCancel,
}: {
  preview: Preview;
  mapping: Mapping;
  onChange: (m: Mapping) => void;
  onCheck: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const fields = preview.headers.map((h) => mapping[h] ?? null);
  const ready = usable(fields);
  return (
    <Box sx={{ display: 'grid', gap: 2 }} data-testid="column-mapping">
      <Typography component="h2" variant="h6">
        {t('import.columnsTitle')}
      </Typography>
      <Typography variant="body2">{preview.usable ? t('import.columnsReview') : t('import.columnsIntro')}</Typography>
      {preview.headerRow && (
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          {t('import.headerRow', { n: preview.headerRow })}
        </Typography>
      )}
      <Box sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' } }}>
        {preview.headers.map((header, i) =>
          header.trim() === '' ? null : (
            <Box key={i} sx={{ minWidth: 0 }}>
              <TextField
                select
                fullWidth
                size="small"
                label={t('import.columnFor', { header })}
                value={mapping[header] ?? 'ignore'}
                onChange={(e) => onChange({ ...mapping, [header]: e.target.value as Field })}
              >
                {FIELDS.map((f) => (
                  <MenuItem key={f} value={f}>
                    {fieldLabel(f, t)}
                  </MenuItem>
                ))}
              </TextField>
              {preview.rows[0]?.[i] && (
                <Typography
                  variant="caption"
                  sx={{ color: 'text.secondary', display: 'block', overflowWrap: 'anywhere', mt: 0.5 }}
                >
                  {t('import.example', { text: preview.rows[0][i] })}
                </Typography>
              )}
            </Box>
          ),
        )}
      </Box>
      <Box sx={{ overflowX: 'auto', maxWidth: '100%' }}>
        <Table size="small" aria-label={t('import.firstRows')}>
          <TableHead>
            <TableRow>
              {preview.headers.map((h, i) => (
                <TableCell key={i} sx={{ whiteSpace: 'nowrap' }}>
                  {h}
                  <Box component="span" sx={{ display: 'block', color: 'text.secondary', fontSize: 12 }}>
                    {mapping[h] ? fieldLabel(mapping[h], t) : ''}
                  </Box>
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {preview.rows.map((row, r) => (
              <TableRow key={r}>
                {row.map((cell, c) => (
                  <TableCell key={c} sx={{ minWidth: 120, maxWidth: 280, overflowWrap: 'anywhere' }}>
                    {cell}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
      {!ready && <Alert severity="warning">{t('import.columnsMissing')}</Alert>}
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <Button variant="contained" disabled={!ready} onClick={onCheck}>
          {t('import.checkWithColumns')}
        </Button>
        <Button variant="outlined" onClick={onCancel}>
          {t('import.cancel')}
        </Button>
      </Box>
    </Box>
  );
}

/** Single-choice questions with several full-mark options: the organizer may import them as multiple-answer. */
function SeveralRight({
  result,
  checked,
  disabled,
  onChange,
}: {
  result: Result;
  checked: boolean;
  disabled: boolean;
  onChange: (asMultiple: boolean) => void;
}) {
  const { t } = useTranslation();
  const count = result.warnings.filter(
    (w) => w.code === 'SINGLE_SEVERAL_RIGHT' || w.code === 'SINGLE_IMPORTED_AS_MULTIPLE',
  ).length;
  if (!count) return null;
  return (
    <Alert severity="warning" data-testid="several-right">
      <Typography variant="body2">{t('import.severalRight', { count })}</Typography>
      <FormControlLabel
        control={<Switch checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />}
        label={t('import.asMultiple')}
      />
    </Alert>
  );
}

const formatSize = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${formatNumber(Math.ceil(bytes / 1024))} KB`
    : `${formatNumber(Math.round(bytes / 104857.6) / 10)} MB`;

function DropZone({ file, onFile }: { file: File | null; onFile: (f: File) => void }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const dropped = e.dataTransfer.files[0];
    if (dropped) onFile(dropped);
  };
  return (
    <Box
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid="drop-zone"
      sx={{
        border: '2px dashed',
        borderColor: over ? 'primary.main' : '#8a8f98',
        borderRadius: 2,
        p: 4,
        textAlign: 'center',
        bgcolor: over ? 'rgba(11,79,138,0.06)' : 'transparent',
      }}
    >
      <Typography component="p" sx={{ mb: 1 }}>
        {t('import.drop')}
      </Typography>
      {/* A real button opens the file dialog, so the keyboard and screen readers reach it like any other control. */}
      <Button variant="outlined" onClick={() => input.current?.click()}>
        {t('import.choose')}
      </Button>
      <input
        ref={input}
        type="file"
        hidden
        data-testid="import-file"
        accept=".gift,.txt,.xml,.csv,.xlsx"
        onChange={(e) => {
          const chosen = e.target.files?.[0];
          if (chosen) onFile(chosen);
          e.target.value = '';
        }}
      />
      {file && (
        <Typography role="status" sx={{ mt: 1, fontWeight: 600 }}>
          {t('import.chosen', { name: file.name, size: formatSize(file.size) })}
        </Typography>
      )}
    </Box>
  );
}

function where(d: { line?: number; row?: number }, t: TFunction) {
  if (d.line) return t('import.line', { n: d.line });
  if (d.row) return t('import.row', { n: d.row });
  return '—';
}

/** A 422 IMPORT_INVALID lists every error with its line or row and the offending text; other errors show their message. */
function ImportErrors({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const details: ErrorDetail[] = error instanceof ApiError ? error.details : [];
  if (!details.length)
    return (
      <Alert severity="error" role="alert">
        {errorMessage(error)}
      </Alert>
    );
  return (
    <Box>
      <Alert severity="error" role="alert" sx={{ mb: 2 }}>
        {errorMessage(error)} {t('import.errorsTitle', { count: details.length })}
      </Alert>
      <Table size="small" aria-label={t('import.errorsTitle', { count: details.length })} data-testid="import-errors">
        <TableHead>
          <TableRow>
            <TableCell>{t('import.location')}</TableCell>
            <TableCell>{t('import.message')}</TableCell>
            <TableCell>{t('import.offending')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {details.map((d, i) => (
            <TableRow key={i}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{where(d, t)}</TableCell>
              <TableCell>{d.field && !d.line && !d.row ? `${d.field}: ${d.message}` : d.message}</TableCell>
              <TableCell>
                {d.text && (
                  <Box
                    component="code"
                    sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', bgcolor: '#f1f1f1', px: 0.5 }}
                  >
                    {d.text}
                  </Box>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

function DryRunSummary({ result }: { result: Result }) {
  const { t } = useTranslation();
  const types = QUESTION_TYPES.filter((type) => result.byType[type] > 0);
  return (
    <Box sx={{ display: 'grid', gap: 2 }} data-testid="dry-run">
      {result.dryRun && (
        <Alert severity="info">
          {t('import.willCreate', { count: result.created })}
          {result.skipped > 0 && ` ${t('import.willSkip', { count: result.skipped })}`}
        </Alert>
      )}
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 2fr' }, gap: 2 }}>
        <Table size="small" aria-label={t('import.byType')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('import.byType')}</TableCell>
              <TableCell align="right">{t('banks.questions')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {types.map((type) => (
              <TableRow key={type}>
                <TableCell>{t(`types.${type}`)}</TableCell>
                <TableCell align="right">{formatNumber(result.byType[type])}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <Table size="small" aria-label={t('import.byCategory')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('import.byCategory')}</TableCell>
              <TableCell align="right">{t('banks.questions')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {result.categories.map((c) => (
              <TableRow key={c.path}>
                <TableCell>
                  {c.path || t('questions.uncategorized')}
                  {c.isNew && <Chip size="small" label={t('import.newCategory')} sx={{ ml: 1 }} />}
                </TableCell>
                <TableCell align="right">{formatNumber(c.questions)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
      {result.warnings.length > 0 && (
        <Alert severity="warning">
          <Typography component="h2" variant="subtitle2">
            {t('import.warnings', { count: result.warnings.length })}
          </Typography>
          <Box component="ul" sx={{ m: 0, pl: 2 }}>
            {result.warnings.map((w, i) => (
              <li key={i}>
                {where(w, t)}: {w.message}
                {w.text ? ` — “${w.text}”` : ''}
              </li>
            ))}
          </Box>
        </Alert>
      )}
      {result.duplicates.length > 0 && (
        <Alert severity="info">
          <Typography component="h2" variant="subtitle2">
            {t('import.duplicatesFound', { count: result.duplicates.length })}
          </Typography>
          <Box component="ul" sx={{ m: 0, pl: 2 }}>
            {result.duplicates.map((d, i) => (
              <li key={i}>
                {where(d, t)}: “{d.text}” ({d.existingQuestionId ? t('import.inBank') : t('import.inFile')})
              </li>
            ))}
          </Box>
        </Alert>
      )}
    </Box>
  );
}
