import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { errorMessage, fieldErrors } from '../api/errors';
import {
  batchQuery,
  downloadBatchZip,
  gamePreviewQuery,
  issueFromGame,
  issueFromRound,
  prizesQuery,
  sourcesQuery,
  templateLabel,
  templatesQuery,
  type Batch,
} from '../certificates/api';
import { CertificateNav } from '../certificates/CertificateNav';
import { addCertificateMessages } from '../i18n/certificates';
import { PageHeader } from '../layout/PageHeader';
import { QueryState } from '../layout/QueryState';
import { saveBlob } from '../lib/download';
import { formatDateTime, formatNumber } from '../lib/format';

addCertificateMessages();

const TOP_MAX = 1000;
type SourceKind = 'round' | 'game';

/**
 * Bulk issue: a source (a closed round's prize list or top N, a finished live game's top N), a template, then the
 * batch's progress read from the API until it is done, and its zip. The batch is kept in the address (?batch=), so a
 * reload or a shared link shows the same progress.
 */
export default function CertificateIssuePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const batchId = params.get('batch');
  return (
    <>
      <PageHeader title={t('certificates.issue.title')} />
      <CertificateNav />
      {batchId ? (
        <Progress batchId={batchId} onAnother={() => setParams({})} />
      ) : (
        <IssueForm onStarted={(id) => setParams({ batch: id })} />
      )}
    </>
  );
}

function IssueForm({ onStarted }: { onStarted: (batchId: string) => void }) {
  const { t } = useTranslation();
  const ids = useId();
  const sources = useQuery(sourcesQuery);
  const templates = useQuery(templatesQuery);
  const [kind, setKind] = useState<SourceKind>('round');
  const [roundId, setRoundId] = useState('');
  const prizes = useQuery({ ...prizesQuery(roundId), enabled: !!roundId });
  const [gameId, setGameId] = useState('');
  const [basis, setBasis] = useState<'prizes' | 'top'>('prizes');
  const [topN, setTopN] = useState('10');
  const [templateId, setTemplateId] = useState('');
  const topCount = Number(topN);
  const topValid = Number.isInteger(topCount) && topCount >= 1 && topCount <= TOP_MAX;
  // Before issuing from a game: how many of its top N are signed in (issued to) and how many are guests (skipped).
  const preview = useQuery({
    ...gamePreviewQuery(gameId, topCount),
    enabled: kind === 'game' && !!gameId && topValid,
  });
  const [errors, setErrors] = useState<Partial<Record<'source' | 'topN' | 'templateId', string>>>({});
  const refs = useRef<Partial<Record<'source' | 'topN' | 'templateId', HTMLElement | null>>>({});

  const start = useMutation({
    mutationFn: () => {
      const n = basis === 'top' || kind === 'game' ? Number(topN) : undefined;
      return kind === 'round'
        ? issueFromRound(roundId, { templateId, topN: basis === 'top' ? n : undefined })
        : issueFromGame(gameId, { templateId, topN: n ?? 10 });
    },
    onSuccess: (batch) => onStarted(batch.id),
    onError: (error) => {
      const found: typeof errors = {};
      for (const [field, message] of fieldErrors(error)) {
        if (field === 'topN' || field === 'templateId') found[field] = message;
      }
      setErrors(found);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: typeof errors = {};
    if (!(kind === 'round' ? roundId : gameId)) found.source = t('validation.required');
    const n = Number(topN);
    if ((kind === 'game' || basis === 'top') && !(Number.isInteger(n) && n >= 1 && n <= TOP_MAX))
      found.topN = t('certificates.issue.topNInvalid', { max: TOP_MAX });
    if (!templateId) found.templateId = t('validation.required');
    setErrors(found);
    const first = (['source', 'topN', 'templateId'] as const).find((f) => found[f]);
    if (first) return refs.current[first]?.focus();
    start.mutate();
  };

  const placed = fieldErrors(start.error).size > 0;
  return (
    <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 }, maxWidth: 760 }}>
      <Typography sx={{ mb: 2 }}>{t('certificates.issue.intro')}</Typography>
      <QueryState query={sources}>
        {(list) => (
          <form noValidate onSubmit={submit}>
            {start.isError && !placed && (
              <Alert severity="error" role="alert" sx={{ mb: 2 }}>
                {errorMessage(start.error)}
              </Alert>
            )}
            <FormControl>
              <FormLabel id={`${ids}-kind`}>{t('certificates.issue.source')}</FormLabel>
              <RadioGroup
                aria-labelledby={`${ids}-kind`}
                value={kind}
                onChange={(e) => {
                  setKind(e.target.value as SourceKind);
                  setErrors({});
                }}
              >
                <FormControlLabel value="round" control={<Radio />} label={t('certificates.issue.sourceRound')} />
                <FormControlLabel value="game" control={<Radio />} label={t('certificates.issue.sourceGame')} />
              </RadioGroup>
            </FormControl>
            {kind === 'round' ? (
              <SourcePicker
                label={t('certificates.issue.round')}
                empty={t('certificates.issue.noRounds')}
                value={roundId}
                onChange={setRoundId}
                error={errors.source}
                inputRef={(el) => {
                  refs.current.source = el;
                }}
                options={list.rounds.map((r) => ({
                  id: r.id,
                  label: t('certificates.issue.roundOption', {
                    contest: r.contestTitle,
                    round: r.title,
                    closedAt: formatDateTime(r.closesAt),
                    count: r.participants,
                  }),
                }))}
              />
            ) : (
              <SourcePicker
                label={t('certificates.issue.game')}
                empty={t('certificates.issue.noGames')}
                value={gameId}
                onChange={setGameId}
                error={errors.source}
                inputRef={(el) => {
                  refs.current.source = el;
                }}
                options={list.games.map((g) => ({
                  id: g.id,
                  label: t('certificates.issue.gameOption', {
                    title: g.title,
                    endedAt: formatDateTime(g.endedAt),
                    count: g.playerCount,
                    signedIn: g.signedInCount,
                  }),
                }))}
              />
            )}
            {kind === 'round' && (
              <FormControl sx={{ display: 'block', mt: 1 }}>
                <FormLabel id={`${ids}-basis`}>{t('certificates.issue.basis')}</FormLabel>
                <RadioGroup
                  row
                  aria-labelledby={`${ids}-basis`}
                  value={basis}
                  onChange={(e) => setBasis(e.target.value as 'prizes' | 'top')}
                >
                  <FormControlLabel
                    value="prizes"
                    control={<Radio />}
                    label={
                      prizes.data
                        ? t('certificates.issue.basisPrizesCount', { count: prizes.data.winners.length })
                        : t('certificates.issue.basisPrizes')
                    }
                  />
                  <FormControlLabel value="top" control={<Radio />} label={t('certificates.issue.basisTop')} />
                </RadioGroup>
              </FormControl>
            )}
            {(kind === 'game' || basis === 'top') && (
              <TextField
                label={t('certificates.issue.topN')}
                value={topN}
                onChange={(e) => setTopN(e.target.value.replace(/\D/g, ''))}
                margin="normal"
                required
                error={!!errors.topN}
                helperText={
                  errors.topN ??
                  (kind === 'game'
                    ? t('certificates.issue.topNGameHint', { max: TOP_MAX })
                    : t('certificates.issue.topNHint', { max: TOP_MAX }))
                }
                inputRef={(el: HTMLElement | null) => {
                  refs.current.topN = el;
                }}
                slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 4 } }}
                sx={{ maxWidth: 260 }}
                fullWidth
              />
            )}
            {kind === 'game' && preview.data && (
              <Alert
                severity={preview.data.recipients === 0 ? 'warning' : 'info'}
                sx={{ my: 1 }}
                role="status"
                data-testid="game-preview"
              >
                {t('certificates.issue.gamePreview', {
                  topN: topCount,
                  recipients: preview.data.recipients,
                  skipped: preview.data.skipped,
                })}
              </Alert>
            )}
            <QueryState query={templates}>
              {(found) =>
                found.length === 0 ? (
                  <Alert
                    severity="warning"
                    sx={{ my: 2 }}
                    action={
                      <Button component={RouterLink} to="/certificates/templates/new">
                        {t('certificates.templates.create')}
                      </Button>
                    }
                  >
                    {t('certificates.issue.noTemplates')}
                  </Alert>
                ) : (
                  <TextField
                    select
                    label={t('certificates.issue.template')}
                    value={templateId}
                    onChange={(e) => setTemplateId(e.target.value)}
                    fullWidth
                    margin="normal"
                    required
                    error={!!errors.templateId}
                    helperText={errors.templateId}
                    inputRef={(el: HTMLElement | null) => {
                      refs.current.templateId = el;
                    }}
                    slotProps={{ select: { native: true } }}
                  >
                    <option value="" />
                    {found.map((tpl) => (
                      <option key={tpl.id} value={tpl.id}>
                        {templateLabel(tpl)}
                      </option>
                    ))}
                  </TextField>
                )
              }
            </QueryState>
            <Button type="submit" variant="contained" size="large" sx={{ mt: 2 }} disabled={start.isPending}>
              {start.isPending ? t('certificates.issue.starting') : t('certificates.issue.start')}
            </Button>
          </form>
        )}
      </QueryState>
    </Paper>
  );
}

/** The closed round or finished game to issue from: a native select (thumb-friendly on phones), or why there is none. */
function SourcePicker(props: {
  label: string;
  empty: string;
  value: string;
  onChange: (id: string) => void;
  error: string | undefined;
  inputRef: (el: HTMLElement | null) => void;
  options: { id: string; label: string }[];
}) {
  if (props.options.length === 0)
    return (
      <Alert severity="info" sx={{ my: 2 }}>
        {props.empty}
      </Alert>
    );
  return (
    <TextField
      select
      label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      fullWidth
      margin="normal"
      required
      error={!!props.error}
      helperText={props.error}
      inputRef={props.inputRef}
      slotProps={{ select: { native: true } }}
    >
      <option value="" />
      {props.options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.label}
        </option>
      ))}
    </TextField>
  );
}

const finished = (batch: Batch | undefined) => batch?.status === 'done' || batch?.status === 'failed';

function Progress({ batchId, onAnother }: { batchId: string; onAnother: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const batch = useQuery({
    ...batchQuery(batchId),
    // Polled while the job runs; once done or failed nothing changes any more.
    refetchInterval: (query) => (finished(query.state.data) ? false : 1000),
    staleTime: 0,
  });
  const zip = useMutation({
    mutationFn: () => downloadBatchZip(batchId),
    onSuccess: ({ blob, filename }) => saveBlob(blob, filename),
  });
  return (
    <Paper
      variant="outlined"
      sx={{ p: { xs: 2, sm: 3 }, maxWidth: 760 }}
      component="section"
      aria-labelledby="progress-title"
    >
      <Typography id="progress-title" variant="h6" component="h2" gutterBottom>
        {t('certificates.issue.progressTitle')}
      </Typography>
      <QueryState query={batch}>
        {(b) => {
          const percent = b.total > 0 ? Math.round((b.done / b.total) * 100) : b.status === 'done' ? 100 : 0;
          return (
            <Stack spacing={2}>
              <LinearProgress
                variant={b.status === 'queued' ? 'indeterminate' : 'determinate'}
                value={percent}
                aria-label={t('certificates.issue.progressLabel')}
                aria-valuetext={t('certificates.issue.progress', {
                  done: formatNumber(b.done),
                  total: formatNumber(b.total),
                })}
                data-testid="issue-progress"
                data-done={b.done}
                data-total={b.total}
                data-status={b.status}
                sx={{ height: 12, borderRadius: 1 }}
              />
              <Box role="status" aria-live="polite">
                <Typography sx={{ fontWeight: 600 }}>
                  {b.status === 'queued'
                    ? t('certificates.issue.queued')
                    : b.status === 'running'
                      ? `${t('certificates.issue.running')} ${t('certificates.issue.progress', {
                          done: formatNumber(b.done),
                          total: formatNumber(b.total),
                        })}`
                      : b.status === 'done'
                        ? t('certificates.issue.done', { done: formatNumber(b.done), total: formatNumber(b.total) })
                        : t('certificates.issue.failedStatus', { message: b.error ?? '' })}
                </Typography>
                {b.failed > 0 && (
                  <Typography color="error">{t('certificates.issue.failed', { count: b.failed })}</Typography>
                )}
              </Box>
              {zip.isError && <Alert severity="error">{errorMessage(zip.error)}</Alert>}
              <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
                {b.status === 'done' && b.done > 0 && (
                  <Button variant="contained" onClick={() => zip.mutate()} disabled={zip.isPending}>
                    {zip.isPending ? t('certificates.issue.downloading') : t('certificates.issue.downloadZip')}
                  </Button>
                )}
                {finished(b) && (
                  <>
                    <Button component={RouterLink} to="/certificates" variant="outlined">
                      {t('certificates.issue.viewIssued')}
                    </Button>
                    <Button
                      onClick={() => {
                        void queryClient.invalidateQueries({ queryKey: ['certificates'] });
                        onAnother();
                      }}
                    >
                      {t('certificates.issue.another')}
                    </Button>
                  </>
                )}
              </Stack>
            </Stack>
          );
        }}
      </QueryState>
    </Paper>
  );
}
