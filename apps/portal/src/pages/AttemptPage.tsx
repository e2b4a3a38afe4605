import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from '../i18n';
import { Link as RouterLink, useNavigate, useParams } from '../router';
import { api } from '../api/client';
import { responseTiming } from '../api/early';
import { ApiError, errorMessage, isNetworkError, unwrap } from '../api/errors';
import { deviceId } from '../attempt/device';
import { sendQueued, type SendOutcome } from '../attempt/outbox';
import { Field } from '../attempt/lazyFields';
import { isAnswered, QuestionView } from '../attempt/QuestionView';
import {
  dropOutbox,
  dropSnapshot,
  enqueue,
  loadSnapshot,
  nextSeq,
  patchSnapshot,
  readOutbox,
  saveSnapshot,
  type AnswerValue,
  type AttemptSnapshot,
  type OutboxEntry,
} from '../attempt/store';
import { useCountdown } from '../attempt/useCountdown';
import { Loading } from '../layout/Loading';
import { RequireSignIn } from '../layout/RequireSignIn';
import { formatClock } from '../lib/format';

type SaveState = 'saved' | 'saving' | 'queued' | 'refused';
type TabMessage =
  { type: 'answer'; entry: OutboxEntry } | { type: 'saved'; entry: OutboxEntry } | { type: 'submitted' };

const RETRY_MS = 3000;

function Attempt({ roundId }: { roundId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [snap, setSnap] = useState<AttemptSnapshot | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [states, setStates] = useState<Record<string, SaveState>>({});
  const [refusals, setRefusals] = useState<Record<string, string>>({});
  const [offline, setOffline] = useState(!navigator.onLine);
  const [current, setCurrent] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const [phase, setPhase] = useState<'taking' | 'submitting' | 'timeUp'>('taking');
  const [submitError, setSubmitError] = useState<string | null>(null);
  const latest = useRef(new Map<string, number>());
  const channel = useRef<BroadcastChannel | null>(null);
  const sending = useRef<Promise<unknown> | null>(null);
  const again = useRef(false);
  const snapRef = useRef<AttemptSnapshot | null>(null);
  snapRef.current = snap;

  const { remainingMs, announcement } = useCountdown(snap?.deadline ?? null, snap?.offsetMs ?? 0);

  const report = useCallback((o: SendOutcome) => {
    if (o.kind === 'offline') return setOffline(true);
    if (o.kind === 'idle') return;
    setOffline(false);
    const { questionId, seq } = o.entry;
    if (o.kind === 'saved') channel.current?.postMessage({ type: 'saved', entry: o.entry } satisfies TabMessage);
    if (latest.current.get(questionId) !== seq) return;
    setStates((s) => ({ ...s, [questionId]: o.kind === 'saved' ? 'saved' : 'refused' }));
    if (o.kind === 'refused') setRefusals((r) => ({ ...r, [questionId]: errorMessage(o.error) }));
  }, []);

  /** Sends what is queued; a call while a run is going makes the run go once more (nothing waits in between). */
  const flush = useCallback((): Promise<unknown> => {
    const attemptId = snapRef.current?.attemptId;
    if (!attemptId) return Promise.resolve();
    if (sending.current) {
      again.current = true;
      return sending.current;
    }
    const run = (async () => {
      let result: 'done' | 'offline' = 'done';
      do {
        again.current = false;
        result = await sendQueued(attemptId, report);
      } while (again.current && result === 'done');
      return result;
    })();
    sending.current = run.finally(() => (sending.current = null));
    return sending.current;
  }, [report]);

  // Start or resume: the server gives the same attempt and deadline on a reload or in a second tab.
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        let timing = { sentAt: Date.now(), receivedAt: 0 };
        const r = await unwrap(
          api
            .POST('/api/v1/rounds/{roundId}/attempts', {
              params: { path: { roundId } },
              headers: { 'x-device-id': deviceId() },
            })
            .then((res) => {
              // Started by src/early.ts as the page opened: the clock offset from when it was really sent.
              timing = responseTiming(res.response) ?? { ...timing, receivedAt: Date.now() };
              return res;
            }),
        );
        const { sentAt, receivedAt } = timing;
        const queued = await readOutbox(r.attemptId);
        const before = await loadSnapshot(roundId);
        const answers: Record<string, AnswerValue> = { ...(r.answers as Record<string, AnswerValue>) };
        // Answers still on the phone are newer than what the server has.
        for (const e of queued) answers[e.questionId] = e.value;
        const next: AttemptSnapshot = {
          roundId,
          attemptId: r.attemptId,
          attemptNo: r.attemptNo,
          deadline: r.deadline,
          offsetMs: Date.parse(r.serverNow) - (sentAt + receivedAt) / 2,
          questions: r.questions,
          predictionQuestion: r.predictionQuestion ?? null,
          answers,
          prediction: before?.attemptId === r.attemptId ? before.prediction : '',
        };
        await saveSnapshot(next);
        if (cancelled) return;
        for (const e of queued) latest.current.set(e.questionId, e.seq);
        setStates(
          Object.fromEntries(
            Object.keys(answers).map((id) => [id, queued.some((e) => e.questionId === id) ? 'queued' : 'saved']),
          ),
        );
        setSnap(next);
      } catch (error) {
        // No network: the attempt as the phone kept it, if it is still running.
        const kept = isNetworkError(error) ? await loadSnapshot(roundId) : undefined;
        if (cancelled) return;
        if (kept && Date.parse(kept.deadline) > Date.now() + kept.offsetMs) {
          const queued = await readOutbox(kept.attemptId);
          for (const e of queued) latest.current.set(e.questionId, e.seq);
          setStates(
            Object.fromEntries(
              Object.keys(kept.answers).map((id) => [id, queued.some((e) => e.questionId === id) ? 'queued' : 'saved']),
            ),
          );
          setOffline(true);
          setSnap(kept);
        } else setLoadError(error);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [roundId]);

  // Another tab of the same attempt: its answers show here too, and its submission ends this one.
  const attemptId = snap?.attemptId;
  useEffect(() => {
    if (!attemptId || typeof BroadcastChannel === 'undefined') return;
    const ch = new BroadcastChannel(`haidang-attempt-${attemptId}`);
    channel.current = ch;
    ch.onmessage = (e: MessageEvent<TabMessage>) => {
      const m = e.data;
      if (m.type === 'submitted') return void navigate(`/attempts/${attemptId}`, { replace: true });
      const { questionId, seq, value } = m.entry;
      if ((latest.current.get(questionId) ?? 0) > seq) return;
      latest.current.set(questionId, seq);
      setSnap((s) => (s ? { ...s, answers: { ...s.answers, [questionId]: value } } : s));
      setStates((s) => ({ ...s, [questionId]: m.type === 'saved' ? 'saved' : 'saving' }));
    };
    void flush();
    return () => {
      ch.close();
      channel.current = null;
    };
  }, [attemptId, flush, navigate]);

  // Back online, or a retry while answers wait.
  const waiting = Object.values(states).some((s) => s === 'queued' || s === 'saving');
  useEffect(() => {
    const online = () => void flush();
    window.addEventListener('online', online);
    const timer = offline && waiting ? setInterval(() => void flush(), RETRY_MS) : null;
    return () => {
      window.removeEventListener('online', online);
      if (timer) clearInterval(timer);
    };
  }, [flush, offline, waiting]);
  useEffect(() => {
    const goOffline = () => setOffline(true);
    window.addEventListener('offline', goOffline);
    return () => window.removeEventListener('offline', goOffline);
  }, []);

  const answer = useCallback(
    (questionId: string, value: AnswerValue) => {
      const s = snapRef.current;
      if (!s) return;
      const entry: OutboxEntry = { questionId, value, seq: nextSeq() };
      latest.current.set(questionId, entry.seq);
      setSnap((x) => (x ? { ...x, answers: { ...x.answers, [questionId]: value } } : x));
      setStates((x) => ({ ...x, [questionId]: 'saving' }));
      setRefusals((r) => ({ ...r, [questionId]: '' }));
      channel.current?.postMessage({ type: 'answer', entry } satisfies TabMessage);
      void (async () => {
        await enqueue(s.attemptId, entry);
        await patchSnapshot(s.roundId, (k) => ({ ...k, answers: { ...k.answers, [questionId]: value } }));
        await flush();
      })();
    },
    [flush],
  );

  const finish = useCallback(
    async (byDeadline: boolean) => {
      const s = snapRef.current;
      if (!s) return;
      setConfirming(false);
      setSubmitError(null);
      setPhase('submitting');
      await flush();
      try {
        const prediction = s.prediction.trim() ? Number(s.prediction) : undefined;
        await unwrap(
          api.POST('/api/v1/attempts/{attemptId}/submit', {
            params: { path: { attemptId: s.attemptId } },
            body: (prediction !== undefined && Number.isInteger(prediction) ? { prediction } : {}) as never,
          }),
        );
      } catch (error) {
        if (isNetworkError(error) || (error instanceof ApiError && error.status >= 500)) {
          // Past the deadline the server submits by itself with what it has; before it, the participant retries.
          if (byDeadline) return setPhase('timeUp');
          setSubmitError(t('attempt.submitOffline'));
          return setPhase('taking');
        }
        // ATTEMPT_CLOSED and the like: already submitted (by the deadline, or another tab); the result page says.
      }
      channel.current?.postMessage({ type: 'submitted' } satisfies TabMessage);
      await dropSnapshot(s.roundId);
      await dropOutbox(s.attemptId);
      await queryClient.invalidateQueries({ queryKey: ['my-attempts'] });
      await queryClient.invalidateQueries({ queryKey: ['contests'] });
      void navigate(`/attempts/${s.attemptId}`, { replace: true });
    },
    [flush, navigate, queryClient, t],
  );

  // At the deadline with the page open: submit what was saved.
  const timeUp = snap !== null && remainingMs <= 0;
  useEffect(() => {
    if (timeUp && phase === 'taking') void finish(true);
  }, [timeUp, phase, finish]);

  if (loadError) {
    return (
      <Stack spacing={2}>
        <Alert severity="error">{errorMessage(loadError)}</Alert>
        <Button component={RouterLink} to={`/rounds/${roundId}`} variant="outlined">
          {t('attempt.backToRules')}
        </Button>
      </Stack>
    );
  }
  if (!snap) return <Loading />;

  const questions = snap.questions;
  const q = questions[current]!;
  const unanswered = questions
    .map((x, i) => (isAnswered(x, snap.answers[x.id]) ? null : i + 1))
    .filter((n) => n !== null);
  const queuedCount = Object.values(states).filter((s) => s === 'queued' || s === 'saving').length;
  const state = states[q.id];
  const low = remainingMs <= 60_000;

  return (
    <Stack spacing={2} sx={{ pb: 10 }}>
      <Paper
        elevation={2}
        sx={{
          position: 'sticky',
          top: { xs: 56, sm: 64 },
          zIndex: 2,
          p: 1.5,
          display: 'flex',
          alignItems: 'center',
          gap: 1,
        }}
      >
        <Typography component="h1" sx={{ flexGrow: 1, fontWeight: 600, fontSize: 16 }}>
          {t('attempt.title', { n: snap.attemptNo })}
        </Typography>
        <Typography
          role="timer"
          aria-label={t('attempt.timeLeft')}
          sx={{
            fontVariantNumeric: 'tabular-nums',
            fontWeight: 700,
            fontSize: 22,
            color: low ? 'error.main' : 'text.primary',
          }}
        >
          {formatClock(remainingMs)}
        </Typography>
      </Paper>
      <Box
        aria-live="polite"
        sx={{ position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)' }}
      >
        {announcement !== null && t('attempt.announce', { time: formatClock(announcement) })}
      </Box>
      {offline && (
        <Alert severity="warning" role="status" data-testid="offline-banner">
          {t('attempt.offline', { count: queuedCount })}
        </Alert>
      )}
      {submitError && <Alert severity="error">{submitError}</Alert>}
      {phase === 'timeUp' && <Alert severity="info">{t('attempt.timeUpOffline')}</Alert>}

      <Box component="nav" aria-label={t('attempt.strip')}>
        <Box component="ol" sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.75, listStyle: 'none', p: 0, m: 0 }}>
          {questions.map((x, i) => {
            const done = isAnswered(x, snap.answers[x.id]);
            return (
              <li key={x.id}>
                <Button
                  variant={done ? 'contained' : 'outlined'}
                  color={i === current ? 'secondary' : 'primary'}
                  onClick={() => setCurrent(i)}
                  aria-current={i === current ? 'step' : undefined}
                  aria-label={t(done ? 'attempt.stripAnswered' : 'attempt.stripUnanswered', { n: i + 1 })}
                  data-answered={done}
                  sx={{ minWidth: 44, minHeight: 44, p: 0, fontWeight: 700 }}
                >
                  {i + 1}
                </Button>
              </li>
            );
          })}
        </Box>
      </Box>

      <Paper sx={{ p: 2 }} component="section" aria-live="off">
        <QuestionView
          key={q.id}
          question={q}
          index={current}
          answer={snap.answers[q.id]}
          onAnswer={(v) => answer(q.id, v)}
        />
        <Typography
          variant="body2"
          role="status"
          data-testid="save-state"
          data-state={state ?? 'none'}
          sx={{
            mt: 1.5,
            minHeight: 24,
            color: state === 'refused' ? 'error.main' : state === 'saved' ? 'success.main' : 'text.secondary',
            fontWeight: 600,
          }}
        >
          {state === 'saved' && `✓ ${t('attempt.saved')}`}
          {state === 'saving' && (offline ? t('attempt.keptOnPhone') : t('attempt.saving'))}
          {state === 'queued' && t('attempt.keptOnPhone')}
          {state === 'refused' && (refusals[q.id] || t('attempt.refused'))}
        </Typography>
      </Paper>

      <Stack direction="row" spacing={1}>
        <Button variant="outlined" disabled={current === 0} onClick={() => setCurrent((c) => c - 1)} sx={{ flex: 1 }}>
          {t('attempt.previous')}
        </Button>
        <Button
          variant="outlined"
          disabled={current === questions.length - 1}
          onClick={() => setCurrent((c) => c + 1)}
          sx={{ flex: 1 }}
        >
          {t('attempt.next')}
        </Button>
      </Stack>

      {snap.predictionQuestion && (
        <Paper sx={{ p: 2 }} component="section" aria-labelledby="prediction">
          <Typography id="prediction" component="h2" variant="subtitle1" sx={{ fontWeight: 600, mb: 1 }}>
            {t('attempt.prediction')}
          </Typography>
          <Typography sx={{ mb: 1.5 }}>{snap.predictionQuestion}</Typography>
          <Field
            label={t('attempt.predictionLabel')}
            value={snap.prediction}
            slotProps={{ htmlInput: { inputMode: 'numeric' } }}
            onChange={(e) => {
              const prediction = e.target.value.replace(/\D/g, '').slice(0, 9);
              setSnap((s) => (s ? { ...s, prediction } : s));
              void patchSnapshot(snap.roundId, (k) => ({ ...k, prediction }));
            }}
            helperText={t('attempt.predictionHint')}
          />
        </Paper>
      )}

      <Button
        variant="contained"
        size="large"
        color="primary"
        onClick={() => setConfirming(true)}
        disabled={phase !== 'taking'}
      >
        {phase === 'submitting' ? t('attempt.submitting') : t('attempt.submit')}
      </Button>

      <Dialog open={confirming} onClose={() => setConfirming(false)} aria-labelledby="confirm-title" fullWidth>
        <DialogTitle id="confirm-title">{t('attempt.confirmTitle')}</DialogTitle>
        <DialogContent>
          {unanswered.length ? (
            <Typography>
              {t('attempt.confirmUnanswered', { count: unanswered.length, list: unanswered.join(', ') })}
            </Typography>
          ) : (
            <Typography>{t('attempt.confirmAll')}</Typography>
          )}
          {queuedCount > 0 && (
            <Alert severity="warning" sx={{ mt: 1 }}>
              {t('attempt.confirmQueued', { count: queuedCount })}
            </Alert>
          )}
          {snap.predictionQuestion && !snap.prediction && (
            <Alert severity="info" sx={{ mt: 1 }}>
              {t('attempt.confirmNoPrediction')}
            </Alert>
          )}
          <Typography sx={{ mt: 1 }}>{t('attempt.confirmFinal')}</Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(false)}>{t('attempt.keepGoing')}</Button>
          <Button variant="contained" onClick={() => void finish(false)}>
            {t('attempt.confirmSubmit')}
          </Button>
        </DialogActions>
      </Dialog>
    </Stack>
  );
}

export default function AttemptPage() {
  const { roundId } = useParams();
  return <RequireSignIn>{roundId ? <Attempt key={roundId} roundId={roundId} /> : null}</RequireSignIn>;
}
