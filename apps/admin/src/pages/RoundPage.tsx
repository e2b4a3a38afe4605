import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { errorMessage } from '../api/errors';
import { contestApi, contestKeys, type RoundSettings } from '../contests/api';
import { PhaseChip } from '../contests/PhaseChip';
import { toVnInput, vnClock } from '../contests/time';
import '../i18n/contests';
import { PageHeader } from '../layout/PageHeader';
import { QueryState } from '../layout/QueryState';
import { formatNumber } from '../lib/format';

const REFRESH_SECONDS = 3;
/** The report and its charts load only for a closed round: watching a running one does not pay for them. */
const RoundReport = lazy(() => import('../contests/RoundReport').then((m) => ({ default: m.RoundReport })));

/** A round: watched live while it runs (refreshed every few seconds), its report once closed. */
export default function RoundPage() {
  const { roundId } = useParams();
  const settings = useQuery({
    queryKey: contestKeys.settings(roundId!),
    queryFn: () => contestApi.settings(roundId!),
  });
  return <QueryState query={settings}>{(s) => <Round settings={s} />}</QueryState>;
}

function Round({ settings: s }: { settings: RoundSettings }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader
        title={t('watch.title', { title: s.title })}
        actions={
          <Button component={RouterLink} to={`/rounds/${s.id}/edit`}>
            {t('watch.settings')}
          </Button>
        }
      >
        <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'center' }}>
          <Typography color="text.secondary">{s.contestTitle}</Typography>
          <PhaseChip phase={s.phase} />
          <Typography variant="body2">
            {t('watch.opensAt', { time: toVnInput(s.opensAt) })} ·{' '}
            {t('watch.closesAt', { time: toVnInput(s.closesAt) })}
          </Typography>
        </Box>
      </PageHeader>
      {s.phase === 'closed' ? (
        <Suspense
          fallback={
            <Typography role="status" sx={{ py: 2 }}>
              {t('common.loading')}
            </Typography>
          }
        >
          <RoundReport settings={s} />
        </Suspense>
      ) : (
        <Watch settings={s} />
      )}
    </>
  );
}

export function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Paper sx={{ p: 2, flex: '1 1 150px' }} data-testid={testId}>
      <Typography variant="body2" color="text.secondary" component="p">
        {label}
      </Typography>
      <Typography variant="h4" component="p">
        {value}
      </Typography>
    </Paper>
  );
}

function Watch({ settings: s }: { settings: RoundSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [depth, setDepth] = useState(1);
  const [confirming, setConfirming] = useState(false);
  const progress = useQuery({
    queryKey: contestKeys.progress(s.id, depth),
    queryFn: () => contestApi.progress(s.id, depth),
    refetchInterval: REFRESH_SECONDS * 1000,
    refetchIntervalInBackground: false,
  });
  const close = useMutation({
    mutationFn: () => contestApi.close(s.id),
    onSuccess: async () => {
      setConfirming(false);
      await queryClient.invalidateQueries({ queryKey: contestKeys.round(s.id) });
      await queryClient.invalidateQueries({ queryKey: contestKeys.list });
    },
  });
  const p = progress.data;
  return (
    <Box component="section" aria-labelledby="watch-heading">
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap', mb: 2 }}>
        <Typography variant="h6" component="h2" id="watch-heading" sx={{ flex: '1 1 auto' }}>
          {t('watch.live')}
        </Typography>
        <Button variant="contained" color="error" onClick={() => setConfirming(true)}>
          {t('watch.close')}
        </Button>
      </Box>
      <QueryState query={progress}>
        {(data) => (
          <>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
              {t('watch.refreshed', { time: vnClock(data.serverNow), seconds: REFRESH_SECONDS })}
            </Typography>
            <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', mb: 3 }} aria-live="polite" aria-atomic="true">
              <Stat
                label={t('watch.participants')}
                value={formatNumber(data.participants)}
                testId="stat-participants"
              />
              <Stat label={t('watch.inProgress')} value={formatNumber(data.inProgress)} testId="stat-in-progress" />
              <Stat label={t('watch.submitted')} value={formatNumber(data.submitted)} testId="stat-submitted" />
            </Box>
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap', mb: 1 }}>
              <Typography variant="h6" component="h3" sx={{ flex: '1 1 auto' }}>
                {t('watch.byUnit')}
              </Typography>
              <TextField
                select
                size="small"
                label={t('watch.level')}
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
            </Box>
            {data.byUnit.length === 0 ? (
              <Alert severity="info">{t('watch.nobody')}</Alert>
            ) : (
              <TableContainer component={Paper}>
                <Table size="small" aria-label={t('watch.byUnit')}>
                  <TableHead>
                    <TableRow>
                      <TableCell>{t('watch.unit')}</TableCell>
                      <TableCell align="right">{t('watch.participants')}</TableCell>
                      <TableCell align="right">{t('watch.inProgress')}</TableCell>
                      <TableCell align="right">{t('watch.submitted')}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {data.byUnit.map((u) => (
                      <TableRow key={u.unitId}>
                        <TableCell>{u.name}</TableCell>
                        <TableCell align="right">{formatNumber(u.participants)}</TableCell>
                        <TableCell align="right">{formatNumber(u.inProgress)}</TableCell>
                        <TableCell align="right">{formatNumber(u.submitted)}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </TableContainer>
            )}
          </>
        )}
      </QueryState>
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        aria-labelledby="close-title"
        aria-describedby="close-body"
      >
        <DialogTitle id="close-title">{t('watch.closeTitle', { title: s.title })}</DialogTitle>
        <DialogContent>
          <DialogContentText id="close-body">
            {t('watch.closeBody', { inProgress: formatNumber(p?.inProgress ?? 0) })}
          </DialogContentText>
          {close.isError && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {errorMessage(close.error)}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(false)} autoFocus>
            {t('common.cancel')}
          </Button>
          <Button color="error" variant="contained" onClick={() => close.mutate()} disabled={close.isPending}>
            {close.isPending ? t('watch.closing') : t('watch.closeConfirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
