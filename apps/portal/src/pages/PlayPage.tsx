import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from '../i18n';
import { Link as RouterLink, useSearchParams } from '../router';
import { useAuth } from '../auth/auth';
import { errorMessage } from '../api/errors';
import { ApiError } from '../api/errors';
import { SIGN_IN_REFUSALS, useLiveGame } from '../live/useLiveGame';
import { formatClock } from '../lib/format';

// Four strong colours with white text at AA contrast, and a shape each, so colour is never the only cue.
const TILES = [
  { bg: '#b00020', shape: '▲' },
  { bg: '#0b4f8a', shape: '◆' },
  { bg: '#7a5200', shape: '●' },
  { bg: '#1b5e20', shape: '■' },
];

function PinForm({ onPin }: { onPin: (pin: string) => void }) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  return (
    <Stack
      component="form"
      spacing={2}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        if (/^\d{6}$/.test(pin)) onPin(pin);
      }}
    >
      <Typography variant="h5" component="h1">
        {t('play.title')}
      </Typography>
      <TextField
        label={t('play.pin')}
        value={pin}
        onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 6))}
        autoComplete="off"
        slotProps={{
          htmlInput: {
            inputMode: 'numeric',
            maxLength: 6,
            style: { fontSize: 28, letterSpacing: 6, textAlign: 'center' },
          },
        }}
      />
      <Button type="submit" variant="contained" size="large" disabled={pin.length !== 6}>
        {t('play.next')}
      </Button>
    </Stack>
  );
}

/**
 * The question's time left, from the server's deadline and the phone's clock offset; while the host holds the game
 * (`heldMs`, the time left when it was paused) it stands still, and after host:resume it runs to the new deadline.
 */
function Countdown({ deadline, offsetMs, heldMs }: { deadline: number; offsetMs: number; heldMs: number | null }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  const held = heldMs !== null;
  useEffect(() => {
    if (held) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(timer);
  }, [held]);
  const left = held ? heldMs : deadline - (now + offsetMs);
  return (
    <Box
      role="timer"
      aria-label={held ? t('play.timeLeftHeld') : t('play.timeLeft')}
      data-testid="live-countdown"
      data-held={held ? 'true' : undefined}
      sx={{
        fontSize: 28,
        fontWeight: 700,
        fontVariantNumeric: 'tabular-nums',
        color: left < 5000 ? 'error.main' : 'text.primary',
      }}
    >
      {formatClock(left)}
    </Box>
  );
}

/**
 * Signed in: the game is played as the account (only such players can be given a certificate), still under a
 * nickname. `asGuest`: the player chose to play without it after the server refused the token.
 */
function Game({
  pin,
  token,
  fullName,
  asGuest,
}: {
  pin: string;
  token: string | null;
  fullName: string | null;
  asGuest: () => void;
}) {
  const { t } = useTranslation();
  const game = useLiveGame(pin, token);
  const [nickname, setNickname] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [number, setNumber] = useState('');
  const q = game.question;
  useEffect(() => {
    setChosen([]);
    setNumber('');
  }, [q?.index]);

  if (game.phase === 'idle' && !game.hasSaved) {
    return (
      <Stack
        component="form"
        spacing={2}
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (nickname.trim()) void game.join(nickname.trim());
        }}
      >
        <Typography variant="h5" component="h1">
          {t('play.nicknameTitle')}
        </Typography>
        <Typography>{t('play.pinIs', { pin })}</Typography>
        {token ? (
          <Typography data-testid="play-account">{t('play.asAccount', { name: fullName ?? '' })}</Typography>
        ) : (
          <Typography data-testid="play-account" color="text.secondary">
            {t('play.certificatesNeedSignIn')}{' '}
            <RouterLink to={`/login?next=${encodeURIComponent(`/play?pin=${pin}`)}`}>{t('play.signIn')}</RouterLink>
          </Typography>
        )}
        <TextField
          label={t('play.nickname')}
          value={nickname}
          onChange={(e) => setNickname(e.target.value.slice(0, 30))}
          autoComplete="nickname"
          helperText={t('play.nicknameHint')}
        />
        <Button type="submit" variant="contained" size="large" disabled={!nickname.trim()}>
          {t('play.join')}
        </Button>
      </Stack>
    );
  }
  if (game.phase === 'failed' && game.error) {
    const err = new ApiError(400, { code: game.error.code as never, message: game.error.message });
    return (
      <Stack spacing={2}>
        <Alert severity="error">{errorMessage(err)}</Alert>
        {SIGN_IN_REFUSALS.includes(game.error.code) && (
          <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
            <Button
              variant="contained"
              component={RouterLink}
              to={`/login?next=${encodeURIComponent(`/play?pin=${pin}`)}`}
            >
              {t('play.signInAgain')}
            </Button>
            <Button variant="outlined" onClick={asGuest}>
              {t('play.playAsGuest')}
            </Button>
          </Stack>
        )}
        {(game.error.code === 'NICKNAME_TAKEN' || game.error.code === 'NICKNAME_INVALID') && (
          <Button variant="contained" onClick={() => location.reload()}>
            {t('play.otherNickname')}
          </Button>
        )}
      </Stack>
    );
  }
  if (game.phase === 'idle' || game.phase === 'joining') {
    return (
      <Stack spacing={2} sx={{ alignItems: 'center', py: 4 }} role="status">
        <CircularProgress aria-hidden="true" />
        <Typography>{game.crowded ? t('play.crowded') : t('play.joining')}</Typography>
      </Stack>
    );
  }
  const you = game.state?.you;
  // The host paused the game (host:pause), or has been away too long: said above every screen until it goes on.
  const pausedByHost = game.state?.pausedByHost ?? false;
  const pause = game.state?.paused && (
    <Alert severity="info" role="status" data-testid="live-paused">
      {pausedByHost ? t('play.pausedByHost') : t('play.paused')}
    </Alert>
  );
  const banner = (
    <>
      {!game.connected && (
        <Alert severity="warning" role="status">
          {t('play.reconnecting')}
        </Alert>
      )}
      {pause}
    </>
  );

  if (game.ended) {
    const mine = game.ended.podium.find((p) => p.playerId === you?.playerId);
    return (
      <Stack spacing={2}>
        {banner}
        <Typography variant="h5" component="h1">
          {t('play.ended')}
        </Typography>
        <Stack component="ol" spacing={1} sx={{ p: 0, m: 0, listStyle: 'none' }} aria-label={t('play.podium')}>
          {game.ended.podium.slice(0, 3).map((p) => (
            <Paper component="li" key={p.playerId} sx={{ p: 2, display: 'flex', gap: 2, alignItems: 'center' }}>
              <Typography sx={{ fontSize: 28, fontWeight: 700 }}>{p.rank}</Typography>
              <Typography sx={{ flexGrow: 1, fontWeight: 600 }}>{p.nickname}</Typography>
              <Typography>{t('play.points', { count: p.score })}</Typography>
            </Paper>
          ))}
        </Stack>
        {you && (
          <Alert severity="info" data-testid="final-rank">
            {t('play.yourFinal', { rank: mine?.rank ?? you.rank ?? '—', score: mine?.score ?? you.score })}
          </Alert>
        )}
      </Stack>
    );
  }

  if (game.phase === 'waitingRoom' || !q) {
    return (
      <Stack spacing={2} sx={{ alignItems: 'center', textAlign: 'center', py: 2 }}>
        {banner}
        <Typography variant="h5" component="h1">
          {game.state?.title}
        </Typography>
        <Typography sx={{ fontSize: 22 }} data-testid="lobby">
          {t('play.youAreIn', { nickname: you?.nickname ?? '' })}
        </Typography>
        {!game.state?.paused && <Typography>{t('play.waitHost')}</Typography>}
      </Stack>
    );
  }

  const showingResult = game.result && game.result.index === q.index;
  const answeredThis = game.answered === q.index;
  // Extra time the host gave this player (host:extra-time: a game:state of their own) lengthens their countdown.
  const extraMs = you?.extraTimeMs ?? 0;
  const deadline = q.deadline + extraMs;
  const held =
    pausedByHost && game.state?.status === 'question' && game.state.questionIndex === q.index
      ? (game.state.remainingMs ?? 0) + extraMs
      : null;
  return (
    <Stack spacing={2}>
      {banner}
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography>{t('play.questionOf', { n: q.index + 1, total: q.total })}</Typography>
        {!showingResult && <Countdown deadline={deadline} offsetMs={game.offsetMs} heldMs={held} />}
        <Typography data-testid="my-score">
          {t('play.points', { count: game.result?.total ?? you?.score ?? 0 })}
        </Typography>
      </Stack>
      <Paper sx={{ p: 2 }}>
        <Typography component="h1" variant="h6">
          {q.text}
        </Typography>
      </Paper>
      {showingResult ? (
        <Paper
          sx={{
            p: 3,
            textAlign: 'center',
            bgcolor: game.result!.correct ? 'success.main' : 'error.main',
            color: '#fff',
          }}
          role="status"
          data-testid="question-result"
        >
          <Typography sx={{ fontSize: 28, fontWeight: 700 }}>
            {game.result!.answered ? (game.result!.correct ? t('play.right') : t('play.wrong')) : t('play.noAnswer')}
          </Typography>
          <Typography>+{t('play.points', { count: game.result!.points })}</Typography>
          <Typography sx={{ fontWeight: 600 }}>
            {t('play.rankNow', { rank: game.result!.rank, total: game.result!.total })}
          </Typography>
        </Paper>
      ) : answeredThis ? (
        <Alert severity="success" role="status" data-testid="answer-sent">
          {t('play.answerSent')}
        </Alert>
      ) : q.type === 'numerical' ? (
        <Stack
          component="form"
          spacing={1}
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            const value = Number(number.replace(',', '.'));
            if (number.trim() && Number.isFinite(value)) void game.answer({ questionIndex: q.index, value });
          }}
        >
          <TextField
            label={t('attempt.yourNumber')}
            value={number}
            onChange={(e) => setNumber(e.target.value)}
            slotProps={{ htmlInput: { inputMode: 'decimal' } }}
          />
          <Button type="submit" variant="contained" size="large">
            {t('play.send')}
          </Button>
        </Stack>
      ) : (
        <>
          <Box
            sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 1 }}
            role="group"
            aria-label={t('play.options')}
          >
            {q.options.map((o, i) => {
              const tile = TILES[i % TILES.length]!;
              const picked = chosen.includes(o.id);
              return (
                <Button
                  key={o.id}
                  variant="contained"
                  aria-pressed={q.type === 'multiple' ? picked : undefined}
                  onClick={() => {
                    if (q.type === 'multiple')
                      setChosen((c) => (c.includes(o.id) ? c.filter((x) => x !== o.id) : [...c, o.id]));
                    else void game.answer({ questionIndex: q.index, optionIds: [o.id] });
                  }}
                  sx={{
                    minHeight: 96,
                    bgcolor: tile.bg,
                    color: '#fff',
                    fontSize: 18,
                    justifyContent: 'flex-start',
                    textAlign: 'left',
                    gap: 1,
                    outline: picked ? '4px solid #1a1a1a' : 'none',
                    '&:hover': { bgcolor: tile.bg, filter: 'brightness(0.9)' },
                  }}
                >
                  <span aria-hidden="true">{tile.shape}</span>
                  {o.text}
                </Button>
              );
            })}
          </Box>
          {q.type === 'multiple' && (
            <Button
              variant="contained"
              size="large"
              disabled={!chosen.length}
              onClick={() => void game.answer({ questionIndex: q.index, optionIds: chosen })}
            >
              {t('play.send')}
            </Button>
          )}
        </>
      )}
      {showingResult && game.board && (
        <Paper sx={{ p: 2 }}>
          <Typography component="h2" variant="subtitle1" sx={{ fontWeight: 600 }}>
            {t('play.top')}
          </Typography>
          <Box component="ol" sx={{ pl: 3, m: 0 }}>
            {game.board.top.slice(0, 5).map((r) => (
              <li key={r.playerId}>
                {r.nickname} — {t('play.points', { count: r.score })}
              </li>
            ))}
          </Box>
        </Paper>
      )}
    </Stack>
  );
}

export default function PlayPage() {
  const [params, setParams] = useSearchParams();
  const pin = params.get('pin') ?? '';
  const { token, user } = useAuth();
  // The account the page opened with: signing in or out in another tab does not change who is playing here.
  const [playToken, setPlayToken] = useState(token);
  if (!/^\d{6}$/.test(pin)) return <PinForm onPin={(p) => setParams({ pin: p })} />;
  return (
    <Game
      key={`${pin}.${playToken ? 'account' : 'guest'}`}
      pin={pin}
      token={playToken}
      fullName={user?.fullName ?? null}
      asGuest={() => setPlayToken(null)}
    />
  );
}
