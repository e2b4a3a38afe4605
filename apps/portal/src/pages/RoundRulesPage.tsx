import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '../i18n';
import { Link as RouterLink, useParams } from '../router';
import { roundRulesQuery } from '../api/client';
import { Loading } from '../layout/Loading';
import { QueryError } from '../layout/QueryState';
import { RequireSignIn } from '../layout/RequireSignIn';
import { formatDateTime } from '../lib/format';

function Rules({ roundId }: { roundId: string }) {
  const { t } = useTranslation();
  const rules = useQuery(roundRulesQuery(roundId));
  if (rules.isPending) return <Loading />;
  if (rules.error) return <QueryError error={rules.error} retry={() => void rules.refetch()} />;
  const r = rules.data;
  const canStart = r.phase === 'open' && (r.attemptInProgress || r.attemptsLeft > 0);
  const points: [string, string][] = [
    [t('rules.window'), `${formatDateTime(r.opensAt)} – ${formatDateTime(r.closesAt)}`],
    [t('rules.duration'), t('home.duration', { count: Math.round(r.durationSeconds / 60) })],
    [t('rules.questions'), t('rules.questionsValue', { count: r.questionCount, points: r.pointsPerQuestion })],
    [t('rules.attempts'), t('home.attemptsLeft', { left: r.attemptsLeft, max: r.maxAttempts })],
    [t('rules.counted'), t(`rules.countedValue.${r.countedAttempt}`)],
    [t('rules.review'), t(`rules.reviewValue.${r.reviewAfterSubmit}`)],
  ];
  return (
    <Stack spacing={2}>
      <Box>
        <Typography variant="body2" color="text.secondary">
          {r.contestTitle}
        </Typography>
        <Typography variant="h5" component="h1">
          {r.title}
        </Typography>
      </Box>
      <Paper sx={{ p: 2 }}>
        <Box component="dl" sx={{ m: 0, '& dt': { fontWeight: 600, mt: 1 }, '& dd': { ml: 0 } }}>
          {points.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </Box>
      </Paper>
      <Paper sx={{ p: 2 }}>
        <Typography component="h2" variant="subtitle1" sx={{ fontWeight: 600 }}>
          {t('rules.howTitle')}
        </Typography>
        <Box component="ul" sx={{ pl: 2.5, mb: 0, '& li': { mb: 0.75 } }}>
          <li>{t('rules.how1', { minutes: Math.round(r.durationSeconds / 60) })}</li>
          <li>{t('rules.how2')}</li>
          <li>{t('rules.how3')}</li>
          <li>{t('rules.how4')}</li>
          {r.predictionQuestion && <li>{t('rules.how5')}</li>}
        </Box>
      </Paper>
      {r.phase === 'upcoming' && <Alert severity="info">{t('rules.notYet', { at: formatDateTime(r.opensAt) })}</Alert>}
      {r.phase === 'closed' && <Alert severity="info">{t('rules.closed')}</Alert>}
      {r.phase === 'open' && !canStart && <Alert severity="info">{t('rules.noAttemptsLeft')}</Alert>}
      {canStart && (
        <Button component={RouterLink} to={`/rounds/${r.id}/attempt`} variant="contained" size="large">
          {r.attemptInProgress ? t('rules.continue') : t('rules.start')}
        </Button>
      )}
      <Button component={RouterLink} to="/" variant="text">
        {t('common.home')}
      </Button>
    </Stack>
  );
}

export default function RoundRulesPage() {
  const { roundId } = useParams();
  return <RequireSignIn>{roundId && <Rules roundId={roundId} />}</RequireSignIn>;
}
