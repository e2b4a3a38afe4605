import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from '../i18n';
import { Link as RouterLink, useNavigate } from '../router';
import { api, roundRulesQuery, type Schemas } from '../api/client';
import { unwrap } from '../api/errors';
import { useAuth } from '../auth/auth';
import { Loading } from '../layout/Loading';
import { QueryError } from '../layout/QueryState';
import { formatDate, formatDateTime } from '../lib/format';

type Round = Schemas['PortalRoundDto'];

function JoinByPin() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [pin, setPin] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (/^\d{6}$/.test(pin)) void navigate(`/play?pin=${pin}`);
  };
  return (
    <Card component="section" aria-labelledby="join-live">
      <CardContent component="form" onSubmit={submit}>
        <Typography id="join-live" variant="h6" component="h2" gutterBottom>
          {t('home.liveTitle')}
        </Typography>
        {/* A plain input, not MUI's TextField: this is the first screen, and TextField would add 25 KB (gzipped). */}
        <Box component="label" htmlFor="home-pin" sx={{ display: 'block', mb: 0.5, fontWeight: 600 }}>
          {t('play.pin')}
        </Box>
        <Stack direction="row" spacing={1}>
          <Box
            component="input"
            id="home-pin"
            value={pin}
            onChange={(e: ChangeEvent<HTMLInputElement>) => setPin(e.target.value.replace(/\D/g, '').slice(0, 6))}
            inputMode="numeric"
            autoComplete="off"
            maxLength={6}
            sx={{
              flex: 1,
              minWidth: 0,
              height: 56,
              px: 1.5,
              fontSize: 22,
              letterSpacing: 4,
              border: '1px solid #767676',
              borderRadius: 1,
              fontFamily: 'inherit',
              '&:focus': { outline: '2px solid', outlineColor: 'primary.main', borderColor: 'primary.main' },
            }}
          />
          <Button type="submit" variant="contained" size="large" disabled={pin.length !== 6} sx={{ height: 56 }}>
            {t('home.join')}
          </Button>
        </Stack>
      </CardContent>
    </Card>
  );
}

function RoundCard({ round }: { round: Round }) {
  const { t } = useTranslation();
  const open = round.phase === 'open';
  const minutes = Math.round(round.durationSeconds / 60);
  return (
    <Box sx={{ borderTop: 1, borderColor: 'divider', pt: 1.5, mt: 1.5 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 0.5 }}>
        <Typography component="h4" variant="subtitle1" sx={{ fontWeight: 600, flexGrow: 1 }}>
          {round.title}
        </Typography>
        <Chip
          size="small"
          color={open ? 'success' : 'default'}
          label={open ? t('home.open') : t('home.upcoming')}
          variant={open ? 'filled' : 'outlined'}
        />
      </Stack>
      <Typography variant="body2">
        {open
          ? t('home.closesAt', { at: formatDateTime(round.closesAt) })
          : t('home.opensAt', { at: formatDateTime(round.opensAt) })}
      </Typography>
      <Typography variant="body2">
        {t('home.dates', { from: formatDate(round.opensAt), to: formatDate(round.closesAt) })} ·{' '}
        {t('home.duration', { count: minutes })} · {t('home.questions', { count: round.questionCount })}
      </Typography>
      <Typography variant="body2" sx={{ mb: 1 }}>
        {t('home.attemptsLeft', { left: round.attemptsLeft, max: round.maxAttempts })}
      </Typography>
      {open && (round.attemptInProgress || round.attemptsLeft > 0) ? (
        <Button component={RouterLink} to={`/rounds/${round.id}`} variant="contained" fullWidth>
          {round.attemptInProgress ? t('home.continue') : t('home.enter')}
        </Button>
      ) : (
        <Button component={RouterLink} to={`/rounds/${round.id}`} variant="outlined" fullWidth>
          {t('home.rules')}
        </Button>
      )}
    </Box>
  );
}

function Contests() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const contests = useQuery({
    queryKey: ['contests'],
    queryFn: () => unwrap(api.GET('/api/v1/contests', { params: { query: { pageSize: 20 } } })),
  });
  // The rules of the rounds open to take now come along (a few): tapping one shows them without waiting for the
  // network, which on a poor mobile link is seconds.
  useEffect(() => {
    const open = (contests.data?.items ?? [])
      .flatMap((c) => c.rounds)
      .filter((r) => r.phase === 'open' && (r.attemptInProgress || r.attemptsLeft > 0))
      .slice(0, 3);
    for (const r of open) void queryClient.prefetchQuery(roundRulesQuery(r.id));
  }, [contests.data, queryClient]);
  if (contests.isPending) return <Loading />;
  if (contests.error) return <QueryError error={contests.error} retry={() => void contests.refetch()} />;
  if (!contests.data.items.length) return <Alert severity="info">{t('home.noContests')}</Alert>;
  return (
    <>
      {contests.data.items.map((c) => (
        <Card key={c.id} component="article">
          <CardContent>
            <Typography variant="h6" component="h3">
              {c.title}
            </Typography>
            {c.description && (
              <Typography variant="body2" color="text.secondary">
                {c.description}
              </Typography>
            )}
            {c.rounds.map((r) => (
              <RoundCard key={r.id} round={r} />
            ))}
          </CardContent>
        </Card>
      ))}
    </>
  );
}

function MyResults() {
  const { t } = useTranslation();
  const mine = useQuery({
    queryKey: ['my-attempts'],
    queryFn: () => unwrap(api.GET('/api/v1/me/attempts', { params: { query: { pageSize: 10 } } })),
  });
  if (mine.isPending) return <Loading />;
  if (mine.error) return <QueryError error={mine.error} retry={() => void mine.refetch()} />;
  const done = mine.data.items.filter((a) => a.status === 'submitted');
  if (!done.length) return <Typography color="text.secondary">{t('home.noResults')}</Typography>;
  return (
    <Stack component="ul" spacing={1} sx={{ listStyle: 'none', p: 0, m: 0 }}>
      {done.map((a) => (
        <Card component="li" key={a.attemptId} variant="outlined">
          <CardContent sx={{ py: 1.5, '&:last-child': { pb: 1.5 } }}>
            <Link component={RouterLink} to={`/attempts/${a.attemptId}`} sx={{ fontWeight: 600 }}>
              {a.contestTitle} — {a.roundTitle} ({t('home.attemptNo', { n: a.attemptNo })})
            </Link>
            <Typography variant="body2">
              {a.submittedAt && formatDateTime(a.submittedAt)}
              {' · '}
              {a.score !== null && a.score !== undefined
                ? t('home.score', { score: a.score, max: a.maxScore })
                : t('home.scoreLater')}
              {a.rank !== null && a.rank !== undefined && ` · ${t('home.rank', { rank: a.rank })}`}
            </Typography>
          </CardContent>
        </Card>
      ))}
    </Stack>
  );
}

export default function HomePage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  return (
    <Stack spacing={2}>
      <Typography variant="h5" component="h1">
        {user ? t('home.hello', { name: user.fullName }) : t('home.welcome')}
      </Typography>
      <JoinByPin />
      {user ? (
        <>
          <Button component={RouterLink} to="/courses" variant="outlined" size="large">
            {t('home.myCourses')}
          </Button>
          <Typography variant="h6" component="h2">
            {t('home.contestsTitle')}
          </Typography>
          <Contests />
          <Typography variant="h6" component="h2">
            {t('home.resultsTitle')}
          </Typography>
          <MyResults />
          <Link component={RouterLink} to="/certificates" sx={{ alignSelf: 'flex-start', py: 1, fontWeight: 600 }}>
            {t('home.myCertificates')}
          </Link>
        </>
      ) : (
        <Card>
          <CardContent>
            <Typography sx={{ mb: 2 }}>{t('home.signInToTake')}</Typography>
            <Stack direction="row" spacing={1}>
              <Button component={RouterLink} to="/login" variant="contained" sx={{ flex: 1 }}>
                {t('auth.signIn')}
              </Button>
              <Button component={RouterLink} to="/register" variant="outlined" sx={{ flex: 1 }}>
                {t('auth.register')}
              </Button>
            </Stack>
          </CardContent>
        </Card>
      )}
    </Stack>
  );
}
