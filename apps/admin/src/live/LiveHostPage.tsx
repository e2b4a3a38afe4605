import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, Navigate, useLocation, useParams } from 'react-router';
import {
  ERROR_MESSAGES,
  type LiveGameEnded,
  type LiveGameState,
  type LiveLeaderboard,
  type LiveQuestionShow,
} from '#contracts';
import { api } from '../api/client';
import { errorMessage, unwrap } from '../api/errors';
import { useAuth } from '../auth/auth';
import i18n from '../i18n';
import { loadLiveMessages } from '../i18n/live';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { QueryState } from '../layout/QueryState';
import { saveBlob, filenameFrom } from '../lib/download';
import { formatNumber, pageTitle } from '../lib/format';
import { type HostCommand, type HostError, type LobbyPlayer, useHostGame } from './useHostGame';

loadLiveMessages();

/** Option colours with white text at WCAG AA or better, and a letter so colour is never the only cue. */
const OPTION_COLOURS = ['#b3261e', '#0b4f8a', '#8a5a00', '#1b5e20', '#6a1b9a', '#00695c'];
const letter = (i: number) => String.fromCharCode(65 + i);

function hostErrorText(error: HostError): string {
  if (error.code === 'NETWORK') return i18n.t('errors.network');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  return (ERROR_MESSAGES as Record<string, { vi: string; en: string }>)[error.code]?.[lang] ?? error.message;
}

/**
 * The host screen for a projector (1920 × 1080) that is also a phone remote (360 px): PIN in large type with the QR
 * code of the portal's join link, the lobby filling, the questions with their countdown, the answers' distribution,
 * the leaderboard and the podium; the controls (start, next, pause/resume, end) and the players (remove, extra time).
 * Outside the shell: the whole screen is the game.
 */
export default function LiveHostPage() {
  const { gameId = '' } = useParams();
  const { token } = useAuth();
  const location = useLocation();
  if (!token) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return <HostScreen gameId={gameId} />;
}

function HostScreen({ gameId }: { gameId: string }) {
  const { t } = useTranslation();
  const game = useHostGame(gameId);
  const view = useQuery({
    queryKey: ['live-game', gameId],
    queryFn: () => unwrap(api.GET('/api/v1/live-games/{gameId}', { params: { path: { gameId } } })),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const [error, setError] = useState<string | null>(null);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const [managing, setManaging] = useState(false);
  const title = view.data?.title ?? '';
  useEffect(() => {
    document.title = pageTitle(t('live.hostTitle', { title }));
  }, [t, title]);

  const run = async (command: HostCommand) => {
    setError(null);
    const failed = await game.command(command);
    if (failed) setError(hostErrorText(failed));
  };

  if (game.fatal) {
    const expired = game.fatal.code === 'TOKEN_INVALID' || game.fatal.code === 'UNAUTHENTICATED';
    return (
      <Box component="main" sx={{ p: 3 }}>
        <Typography variant="h5" component="h1" sx={{ mb: 2 }}>
          {t('live.hostTitle', { title })}
        </Typography>
        <Alert severity="error">{expired ? t('live.signInAgain') : hostErrorText(game.fatal)}</Alert>
        <Box sx={{ mt: 2, display: 'flex', gap: 2 }}>
          {expired && (
            <Button variant="contained" component={RouterLink} to="/login">
              {t('live.signIn')}
            </Button>
          )}
          <Button component={RouterLink} to="/live">
            {t('live.backToList')}
          </Button>
        </Box>
      </Box>
    );
  }

  const state = game.state;
  return (
    <Box sx={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', bgcolor: '#f5f6f8', overflowX: 'hidden' }}>
      <Box
        component="header"
        sx={{
          display: 'flex',
          flexWrap: 'wrap',
          alignItems: 'center',
          gap: { xs: 1, md: 2 },
          px: { xs: 1.5, md: 3 },
          py: 1,
          bgcolor: 'primary.main',
          color: '#fff',
        }}
      >
        <Typography
          variant="h6"
          component="h1"
          sx={{ flex: '1 1 12rem', minWidth: 0, fontWeight: 700, overflowWrap: 'anywhere' }}
        >
          {title || t('live.connecting')}
        </Typography>
        {state && (
          <Typography component="p" sx={{ fontWeight: 600 }} data-testid="player-count">
            {t('live.playerCount', { count: game.playerCount })}
          </Typography>
        )}
        <Button color="inherit" component={RouterLink} to="/live" sx={{ display: { xs: 'none', sm: 'inline-flex' } }}>
          {t('live.backToList')}
        </Button>
        <LanguageSwitch inverted />
      </Box>
      {!game.connected && game.opened && (
        <Alert severity="warning" role="status" sx={{ borderRadius: 0 }}>
          {t('live.reconnecting')}
        </Alert>
      )}
      <Box component="main" id="main" sx={{ flex: '1 1 auto', p: { xs: 1.5, md: 3 }, minWidth: 0 }}>
        {!state ? (
          <Box role="status" sx={{ display: 'flex', alignItems: 'center', gap: 2, py: 4 }}>
            <CircularProgress size={24} aria-hidden />
            {t('live.connecting')}
          </Box>
        ) : (
          <>
            <Controls
              state={state}
              ended={game.ended !== null || state.status === 'ended'}
              onCommand={(c) => void run(c)}
              onEnd={() => setConfirmEnd(true)}
              onPlayers={() => setManaging(true)}
            />
            {error && (
              <Alert severity="error" sx={{ mb: 2 }} onClose={() => setError(null)}>
                {error}
              </Alert>
            )}
            {state.paused && (
              <Alert severity="info" sx={{ mb: 2 }}>
                {state.pausedByHost ? t('live.paused') : t('live.pausedAway')}
              </Alert>
            )}
            <Stage
              state={state}
              players={game.players}
              playerCount={game.playerCount}
              waiting={game.waiting}
              board={game.board}
              ended={game.ended}
              offsetMs={game.offsetMs}
              question={game.question}
              answers={game.answers}
              joinUrl={view.data?.joinUrl ?? ''}
              qrCode={view.data?.qrCode ?? ''}
              pin={view.data?.pin ?? ''}
              gameId={gameId}
            />
            {view.isError && <QueryState query={view}>{() => null}</QueryState>}
          </>
        )}
      </Box>
      <Dialog open={confirmEnd} onClose={() => setConfirmEnd(false)} aria-labelledby="end-title">
        <DialogTitle id="end-title">{t('live.endConfirmTitle')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{t('live.endConfirm')}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirmEnd(false)}>{t('live.cancel')}</Button>
          <Button
            color="error"
            variant="contained"
            onClick={() => {
              setConfirmEnd(false);
              void run('host:end');
            }}
          >
            {t('live.end')}
          </Button>
        </DialogActions>
      </Dialog>
      <PlayersDialog
        open={managing}
        onClose={() => setManaging(false)}
        players={game.players}
        kick={game.kick}
        extraTime={game.extraTime}
      />
    </Box>
  );
}

function Controls({
  state,
  ended,
  onCommand,
  onEnd,
  onPlayers,
}: {
  state: LiveGameState;
  ended: boolean;
  onCommand: (c: HostCommand) => void;
  onEnd: () => void;
  onPlayers: () => void;
}) {
  const { t } = useTranslation();
  const held = state.pausedByHost;
  const last = state.questionIndex + 1 >= state.total;
  let main: { label: string; command: HostCommand } | null = null;
  if (state.status === 'lobby') main = { label: t('live.start'), command: 'host:start' };
  else if (state.status === 'question') main = { label: t('live.closeNow'), command: 'host:next' };
  else if (state.status === 'result') main = { label: last ? t('live.finish') : t('live.next'), command: 'host:next' };
  // Large touch targets: on a phone this bar is the remote.
  const big = { minHeight: 48, fontSize: { xs: '1rem', md: '1.05rem' }, flex: { xs: '1 1 100%', sm: '0 0 auto' } };
  return (
    <Box
      role="group"
      aria-label={t('live.controls')}
      sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, mb: 2, alignItems: 'center' }}
    >
      {main && !ended && (
        <Button variant="contained" size="large" disabled={held} onClick={() => onCommand(main.command)} sx={big}>
          {main.label}
        </Button>
      )}
      {!ended && (
        <Button
          variant="outlined"
          size="large"
          onClick={() => onCommand(held ? 'host:resume' : 'host:pause')}
          sx={{ ...big, flex: { xs: '1 1 45%', sm: '0 0 auto' } }}
        >
          {held ? t('live.resume') : t('live.pause')}
        </Button>
      )}
      <Button
        variant="outlined"
        size="large"
        onClick={onPlayers}
        sx={{ ...big, flex: { xs: '1 1 45%', sm: '0 0 auto' } }}
      >
        {t('live.managePlayers')}
      </Button>
      {!ended && (
        <Button
          color="error"
          variant="outlined"
          size="large"
          onClick={onEnd}
          sx={{ ...big, ml: { sm: 'auto' }, flex: { xs: '1 1 100%', sm: '0 0 auto' } }}
        >
          {t('live.end')}
        </Button>
      )}
    </Box>
  );
}

function Stage(props: {
  state: LiveGameState;
  players: LobbyPlayer[];
  playerCount: number;
  waiting: number;
  board: LiveLeaderboard | null;
  ended: LiveGameEnded | null;
  offsetMs: number;
  question: LiveQuestionShow | null;
  answers: { index: number; answered: number } | null;
  joinUrl: string;
  qrCode: string;
  pin: string;
  gameId: string;
}) {
  const { state } = props;
  if (state.status === 'ended' || props.ended) return <Podium ended={props.ended} gameId={props.gameId} />;
  if (state.status === 'question' && state.question) {
    const answered = props.answers?.index === state.questionIndex ? props.answers.answered : 0;
    return <QuestionView state={state} offsetMs={props.offsetMs} answered={answered} playerCount={props.playerCount} />;
  }
  if (state.status === 'result') return <ResultView state={state} board={props.board} question={props.question} />;
  return <Lobby {...props} />;
}

function Lobby({
  players,
  playerCount,
  waiting,
  joinUrl,
  qrCode,
  pin,
}: {
  players: LobbyPlayer[];
  playerCount: number;
  waiting: number;
  joinUrl: string;
  qrCode: string;
  pin: string;
}) {
  const { t } = useTranslation();
  const site = joinUrl ? joinUrl.replace(/^https?:\/\//, '').replace(/\?.*$/, '') : '';
  return (
    <Box
      sx={{
        display: 'grid',
        gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: 'minmax(0, 5fr) minmax(0, 7fr)' },
        gap: 3,
      }}
    >
      <Paper sx={{ p: { xs: 2, md: 3 }, textAlign: 'center', minWidth: 0 }}>
        <Typography component="p" sx={{ fontSize: { xs: '1rem', md: '1.5rem' }, overflowWrap: 'anywhere' }}>
          {t('live.joinAt', { url: site })}
        </Typography>
        <Typography component="p" variant="overline" sx={{ fontSize: { xs: '0.9rem', md: '1.2rem' }, mt: 1 }}>
          {t('live.pin')}
        </Typography>
        <Typography
          component="p"
          data-testid="pin"
          sx={{
            fontWeight: 800,
            letterSpacing: '0.08em',
            lineHeight: 1,
            fontSize: { xs: '3.5rem', sm: '5rem', lg: '9rem' },
            fontVariantNumeric: 'tabular-nums',
          }}
        >
          {pin}
        </Typography>
        {qrCode && (
          <Box
            component="img"
            src={qrCode}
            alt={t('live.qr', { url: joinUrl })}
            sx={{ width: { xs: 180, md: 300, xl: 380 }, maxWidth: '100%', height: 'auto', mt: 2, bgcolor: '#fff' }}
          />
        )}
      </Paper>
      <Paper sx={{ p: { xs: 2, md: 3 }, minWidth: 0 }}>
        <Typography variant="h4" component="h2" sx={{ fontSize: { xs: '1.5rem', md: '2.5rem' }, fontWeight: 700 }}>
          {t('live.playerCount', { count: playerCount })}
        </Typography>
        <Box aria-live="polite" data-testid="waiting">
          {waiting > 0 && (
            <Alert severity="info" sx={{ mt: 1, fontSize: { md: '1.2rem' } }}>
              {t('live.waiting', { count: waiting })}
            </Alert>
          )}
        </Box>
        {players.length === 0 ? (
          <Typography sx={{ mt: 2, fontSize: { md: '1.3rem' } }}>{t('live.lobbyEmpty')}</Typography>
        ) : (
          <Box
            component="ul"
            aria-label={t('live.players')}
            sx={{ listStyle: 'none', p: 0, mt: 2, display: 'flex', flexWrap: 'wrap', gap: 1 }}
          >
            {players.slice(-200).map((p) => (
              <Box component="li" key={p.playerId} sx={{ minWidth: 0, maxWidth: '100%' }}>
                <Chip
                  label={p.nickname}
                  sx={{ fontSize: { xs: '1rem', md: '1.4rem' }, height: 'auto', py: 0.75, maxWidth: '100%' }}
                />
              </Box>
            ))}
          </Box>
        )}
      </Paper>
    </Box>
  );
}

function useSecondsLeft(state: LiveGameState, offsetMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  const running = state.status === 'question' && !state.pausedByHost;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [running]);
  if (state.remainingMs !== null) return Math.ceil(state.remainingMs / 1000);
  const deadline = state.question?.deadline ?? 0;
  return Math.max(0, Math.ceil((deadline - (now + offsetMs)) / 1000));
}

function QuestionView({
  state,
  offsetMs,
  answered,
  playerCount,
}: {
  state: LiveGameState;
  offsetMs: number;
  answered: number;
  playerCount: number;
}) {
  const { t } = useTranslation();
  const q = state.question!;
  const seconds = useSecondsLeft(state, offsetMs);
  return (
    <Box>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 2, mb: 2 }}>
        <Typography component="p" sx={{ fontSize: { xs: '1rem', md: '1.5rem' }, fontWeight: 600, flex: '1 1 auto' }}>
          {t('live.question', { n: q.index + 1, total: q.total })}
        </Typography>
        <Typography
          component="p"
          data-testid="answered-so-far"
          sx={{ fontSize: { xs: '1rem', md: '1.5rem' }, fontWeight: 600 }}
        >
          {t('live.answered', { answered: formatNumber(answered), total: formatNumber(playerCount) })}
        </Typography>
        <Box
          data-testid="countdown"
          aria-label={t('live.secondsLeft', { s: seconds })}
          role="timer"
          sx={{
            minWidth: { xs: 64, md: 128 },
            height: { xs: 64, md: 128 },
            borderRadius: '50%',
            bgcolor: state.pausedByHost ? '#4a4a4a' : 'primary.main',
            color: '#fff',
            display: 'grid',
            placeItems: 'center',
            fontWeight: 800,
            fontSize: { xs: '1.8rem', md: '3.5rem' },
            fontVariantNumeric: 'tabular-nums',
          }}
        >
          {seconds}
        </Box>
      </Box>
      <Paper sx={{ p: { xs: 2, md: 4 }, mb: 2 }}>
        <Typography
          component="h2"
          data-testid="question-text"
          sx={{ fontSize: { xs: '1.25rem', md: '2.4rem' }, fontWeight: 700, overflowWrap: 'anywhere' }}
        >
          {q.text}
        </Typography>
      </Paper>
      <Box
        component="ol"
        sx={{
          listStyle: 'none',
          p: 0,
          m: 0,
          display: 'grid',
          gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: 'repeat(2, minmax(0, 1fr))' },
          gap: 2,
        }}
      >
        {q.options.map((o, i) => (
          <Box
            component="li"
            key={o.id}
            sx={{
              bgcolor: OPTION_COLOURS[i % OPTION_COLOURS.length],
              color: '#fff',
              borderRadius: 1,
              p: { xs: 1.5, md: 3 },
              fontSize: { xs: '1.1rem', md: '2rem' },
              fontWeight: 600,
              overflowWrap: 'anywhere',
            }}
          >
            {letter(i)}. {o.text}
          </Box>
        ))}
      </Box>
    </Box>
  );
}

function ResultView({
  state,
  board,
  question,
}: {
  state: LiveGameState;
  board: LiveLeaderboard | null;
  question: LiveQuestionShow | null;
}) {
  const { t } = useTranslation();
  const q = question?.index === board?.index ? question : null;
  if (!board) {
    return (
      <Box role="status" sx={{ display: 'flex', alignItems: 'center', gap: 2, py: 4 }}>
        <CircularProgress size={24} aria-hidden />
        {t('live.connecting')}
      </Box>
    );
  }
  return (
    <Box
      sx={{
        display: 'grid',
        gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'minmax(0, 7fr) minmax(0, 5fr)' },
        gap: 3,
      }}
    >
      <Paper sx={{ p: { xs: 2, md: 3 }, minWidth: 0 }}>
        <Typography component="p" sx={{ fontSize: { xs: '1rem', md: '1.4rem' }, fontWeight: 600 }}>
          {t('live.question', { n: board.index + 1, total: state.total })}
        </Typography>
        <Distribution board={board} options={q?.options ?? []} />
      </Paper>
      <Leaderboard board={board} />
    </Box>
  );
}

function Distribution({ board, options }: { board: LiveLeaderboard; options: { id: string; text: string }[] }) {
  const { t } = useTranslation();
  const right = new Set(board.answer.optionIds ?? []);
  const max = Math.max(1, ...board.distribution);
  return (
    <Box>
      <Typography variant="h5" component="h2" sx={{ mt: 1, fontSize: { xs: '1.25rem', md: '2rem' } }}>
        {t('live.distribution')}
      </Typography>
      <Typography sx={{ fontSize: { md: '1.3rem' } }} data-testid="answered">
        {t('live.answered', { answered: formatNumber(board.answeredCount), total: formatNumber(board.playerCount) })}
      </Typography>
      {board.answer.texts && (
        <Typography sx={{ fontSize: { xs: '1.2rem', md: '2rem' }, fontWeight: 700, mt: 1 }}>
          {t('live.numberAnswer', { answer: board.answer.texts.join(' · ') })}
        </Typography>
      )}
      <Box
        component="ul"
        data-testid="distribution"
        sx={{ listStyle: 'none', p: 0, m: 0, mt: 2, display: 'grid', gap: 1.5 }}
      >
        {board.distribution.map((count, i) => {
          const option = options[i];
          const id = option?.id ?? String(i);
          const label = `${letter(i)}. ${option?.text ?? ''}`;
          const isRight = right.has(id);
          return (
            <Box component="li" key={id} sx={{ minWidth: 0 }}>
              <Typography
                sx={{
                  fontSize: { xs: '1rem', md: '1.5rem' },
                  fontWeight: isRight ? 800 : 500,
                  overflowWrap: 'anywhere',
                }}
              >
                {label} {isRight && <span>✓ {t('live.correctMark')}</span>}
              </Typography>
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
                <Box
                  role="img"
                  aria-label={t('live.optionCount', { label, count })}
                  sx={{
                    height: { xs: 20, md: 36 },
                    width: `${Math.max(2, (count / max) * 100)}%`,
                    maxWidth: 'calc(100% - 4rem)',
                    bgcolor: OPTION_COLOURS[i % OPTION_COLOURS.length],
                    opacity: right.size === 0 || isRight ? 1 : 0.55,
                    borderRadius: 0.5,
                  }}
                />
                <Typography
                  component="span"
                  aria-hidden
                  sx={{ fontSize: { xs: '1rem', md: '1.6rem' }, fontWeight: 700 }}
                >
                  {formatNumber(count)}
                </Typography>
              </Box>
            </Box>
          );
        })}
      </Box>
    </Box>
  );
}

function Leaderboard({ board }: { board: LiveLeaderboard }) {
  const { t } = useTranslation();
  return (
    <Paper sx={{ p: { xs: 2, md: 3 }, minWidth: 0 }}>
      <Typography variant="h5" component="h2" sx={{ fontSize: { xs: '1.25rem', md: '2rem' } }}>
        {t('live.leaderboard')}
      </Typography>
      <Table
        size="small"
        data-testid="leaderboard"
        sx={{ tableLayout: 'fixed', '& td, & th': { fontSize: { md: '1.3rem' } } }}
      >
        <TableHead>
          <TableRow>
            <TableCell sx={{ width: '4.5rem' }}>{t('live.rank')}</TableCell>
            <TableCell>{t('live.nickname')}</TableCell>
            <TableCell align="right" sx={{ width: '6.5rem' }}>
              {t('live.score')}
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {board.top.map((row) => (
            <TableRow key={row.playerId}>
              <TableCell>{row.rank}</TableCell>
              <TableCell sx={{ overflowWrap: 'anywhere' }}>{row.nickname}</TableCell>
              <TableCell align="right">{formatNumber(row.score)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Paper>
  );
}

function Podium({ ended, gameId }: { ended: LiveGameEnded | null; gameId: string }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const podium = ended?.podium ?? [];
  // Second, first, third from left to right, the first highest.
  const order = [podium[1], podium[0], podium[2]];
  const heights = { xs: [96, 128, 72], md: [220, 300, 160] };
  const download = async () => {
    setError(null);
    try {
      const {
        data,
        response,
        error: failed,
      } = await api.GET('/api/v1/live-games/{gameId}/results.xlsx', {
        params: { path: { gameId } },
        parseAs: 'blob',
      });
      if (!response.ok || !data) throw failed ?? new Error(String(response.status));
      saveBlob(data as Blob, filenameFrom(response, 'ket-qua.xlsx'));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Box>
      <Typography
        variant="h4"
        component="h2"
        sx={{ textAlign: 'center', fontWeight: 800, fontSize: { xs: '1.6rem', md: '3rem' } }}
      >
        {t('live.podium')}
      </Typography>
      <Box
        component="ol"
        data-testid="podium"
        sx={{
          listStyle: 'none',
          p: 0,
          m: 0,
          mt: 3,
          display: 'flex',
          justifyContent: 'center',
          alignItems: 'flex-end',
          gap: { xs: 1, md: 3 },
        }}
      >
        {order.map((row, i) =>
          row ? (
            <Box
              component="li"
              key={row.playerId}
              aria-label={`${t('live.place', { rank: row.rank })}: ${row.nickname}, ${formatNumber(row.score)}`}
              sx={{ flex: '1 1 0', maxWidth: 360, minWidth: 0, textAlign: 'center', order: i }}
            >
              <Typography sx={{ fontWeight: 800, fontSize: { xs: '1rem', md: '2rem' }, overflowWrap: 'anywhere' }}>
                {row.nickname}
              </Typography>
              <Typography sx={{ fontSize: { xs: '0.9rem', md: '1.5rem' } }}>{formatNumber(row.score)}</Typography>
              <Box
                sx={{
                  height: { xs: heights.xs[i], md: heights.md[i] },
                  bgcolor: ['#4a4a4a', '#8a5a00', '#6d3d14'][i],
                  color: '#fff',
                  borderRadius: '4px 4px 0 0',
                  display: 'grid',
                  placeItems: 'center',
                  fontWeight: 800,
                  fontSize: { xs: '1.8rem', md: '4rem' },
                }}
              >
                {row.rank}
              </Box>
            </Box>
          ) : null,
        )}
      </Box>
      {ended && (
        <Typography sx={{ textAlign: 'center', mt: 2, fontSize: { md: '1.3rem' } }}>
          {t('live.endedNote', { count: ended.playerCount })}
        </Typography>
      )}
      <Box sx={{ display: 'flex', justifyContent: 'center', gap: 2, mt: 2, flexWrap: 'wrap' }}>
        <Button variant="outlined" onClick={() => void download()}>
          {t('live.exportResults')}
        </Button>
        <Link component={RouterLink} to="/live" sx={{ alignSelf: 'center' }}>
          {t('live.backToList')}
        </Link>
      </Box>
      {error && (
        <Alert severity="error" sx={{ mt: 2 }}>
          {error}
        </Alert>
      )}
    </Box>
  );
}

function PlayersDialog({
  open,
  onClose,
  players,
  kick,
  extraTime,
}: {
  open: boolean;
  onClose: () => void;
  players: LobbyPlayer[];
  kick: (playerId: string) => Promise<HostError | null>;
  extraTime: (playerId: string, seconds: number) => Promise<HostError | null>;
}) {
  const { t } = useTranslation();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [confirm, setConfirm] = useState<LobbyPlayer | null>(null);
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby="players-title" fullWidth maxWidth="md">
      <DialogTitle id="players-title">{t('live.managePlayers')}</DialogTitle>
      <DialogContent>
        <Box aria-live="polite">
          {message && (
            <Alert severity={message.ok ? 'success' : 'error'} sx={{ mb: 2 }}>
              {message.text}
            </Alert>
          )}
        </Box>
        {players.length === 0 ? (
          <Typography>{t('live.noPlayers')}</Typography>
        ) : (
          <Box component="ul" sx={{ listStyle: 'none', p: 0, m: 0, display: 'grid', gap: 1 }}>
            {players.map((p) => (
              <PlayerRow
                key={p.playerId}
                player={p}
                onKick={() => setConfirm(p)}
                onExtra={async (seconds) => {
                  const failed = await extraTime(p.playerId, seconds);
                  setMessage(
                    failed
                      ? { ok: false, text: hostErrorText(failed) }
                      : { ok: true, text: t('live.extraTimeSaved', { name: p.nickname, seconds }) },
                  );
                }}
              />
            ))}
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('live.close')}</Button>
      </DialogActions>
      <Dialog open={confirm !== null} onClose={() => setConfirm(null)} aria-labelledby="kick-title">
        <DialogTitle id="kick-title">{t('live.remove')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{t('live.removeConfirm', { name: confirm?.nickname ?? '' })}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirm(null)}>{t('live.cancel')}</Button>
          <Button
            color="error"
            variant="contained"
            onClick={async () => {
              const who = confirm!;
              setConfirm(null);
              const failed = await kick(who.playerId);
              if (failed) setMessage({ ok: false, text: hostErrorText(failed) });
            }}
          >
            {t('live.remove')}
          </Button>
        </DialogActions>
      </Dialog>
    </Dialog>
  );
}

function PlayerRow({
  player,
  onKick,
  onExtra,
}: {
  player: LobbyPlayer;
  onKick: () => void;
  onExtra: (seconds: number) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [seconds, setSeconds] = useState(String(Math.round(player.extraTimeMs / 1000)));
  const [invalid, setInvalid] = useState(false);
  return (
    <Box
      component="li"
      sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1, py: 1, borderBottom: '1px solid #ddd' }}
    >
      <Typography sx={{ flex: '1 1 10rem', minWidth: 0, fontWeight: 600, overflowWrap: 'anywhere' }}>
        {player.nickname}
      </Typography>
      <Box
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          const n = Number(seconds);
          const bad = !/^\d+$/.test(seconds) || n > 300;
          setInvalid(bad);
          if (!bad) void onExtra(n);
        }}
        sx={{ display: 'flex', gap: 1, alignItems: 'flex-start' }}
      >
        <TextField
          size="small"
          label={t('live.extraTime')}
          slotProps={{
            htmlInput: { inputMode: 'numeric', 'aria-label': t('live.extraTimeNamed', { name: player.nickname }) },
          }}
          value={seconds}
          onChange={(e) => setSeconds(e.target.value)}
          error={invalid}
          helperText={invalid ? t('live.extraTimeRange') : undefined}
          sx={{ width: '11rem' }}
        />
        <Button type="submit" variant="outlined" aria-label={t('live.extraTimeSaveNamed', { name: player.nickname })}>
          {t('live.extraTimeSave')}
        </Button>
      </Box>
      <Button
        color="error"
        variant="outlined"
        onClick={onKick}
        aria-label={t('live.removeNamed', { name: player.nickname })}
      >
        {t('live.remove')}
      </Button>
    </Box>
  );
}
