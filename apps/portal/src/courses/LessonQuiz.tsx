import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from '../i18n';
import { api, type Schemas } from '../api/client';
import { errorMessage, unwrap } from '../api/errors';
import { sendQueued } from '../attempt/outbox';
import { isAnswered, QuestionView } from '../attempt/QuestionView';
import { enqueue, nextSeq, readOutbox, type AnswerValue, type Question } from '../attempt/store';
import { useCountdown } from '../attempt/useCountdown';
import { formatClock } from '../lib/format';

type QuizState = Schemas['LessonQuizStateDto'];
type Result = Schemas['QuizSubmitResponseDto'];

interface Running {
  attemptId: string;
  deadline: string;
  offsetMs: number;
  questions: Question[];
  answers: Record<string, AnswerValue>;
}

/**
 * A quiz lesson: its rules and past attempts, then a paper drawn by the quiz engine with the timed round's question
 * views and answer outbox (every answer kept on the phone until the server has it), submitted by the learner or at
 * the deadline; the result says whether the pass mark was reached.
 */
export function LessonQuiz({
  lessonId,
  quiz,
  onSubmitted,
}: {
  lessonId: string;
  quiz: QuizState;
  onSubmitted: (r: Result) => void;
}) {
  const { t } = useTranslation();
  const [run, setRun] = useState<Running | null>(null);
  const [saved, setSaved] = useState<Record<string, 'saving' | 'saved'>>({});
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<Result | null>(null);
  const runRef = useRef<Running | null>(null);
  runRef.current = run;
  const { remainingMs, announcement } = useCountdown(run?.deadline ?? null, run?.offsetMs ?? 0);

  const used = quiz.attempts.filter((a) => a.status === 'submitted').length;
  const open = quiz.attempts.find((a) => a.status === 'in_progress');
  const passed = quiz.attempts.some((a) => a.passed);
  const canStart = !!open || used < quiz.maxAttempts;

  const start = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const sentAt = Date.now();
      const r = await unwrap(api.POST('/api/v1/lessons/{lessonId}/quiz-attempts', { params: { path: { lessonId } } }));
      const answers = { ...(r.answers as Record<string, AnswerValue>) };
      for (const e of await readOutbox(r.attemptId)) answers[e.questionId] = e.value;
      setRun({
        attemptId: r.attemptId,
        deadline: r.deadline,
        offsetMs: Date.parse(r.serverNow) - (sentAt + Date.now()) / 2,
        questions: r.questions as Question[],
        answers,
      });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const flush = useCallback(async (attemptId: string) => {
    return sendQueued(attemptId, (o) => {
      if (o.kind === 'saved') setSaved((s) => ({ ...s, [o.entry.questionId]: 'saved' }));
    });
  }, []);

  const answer = (questionId: string, value: AnswerValue) => {
    const r = runRef.current;
    if (!r) return;
    setRun({ ...r, answers: { ...r.answers, [questionId]: value } });
    setSaved((s) => ({ ...s, [questionId]: 'saving' }));
    void enqueue(r.attemptId, { questionId, value, seq: nextSeq() }).then(() => flush(r.attemptId));
  };

  const submit = useCallback(async () => {
    const r = runRef.current;
    if (!r) return;
    setConfirming(false);
    setBusy(true);
    setError(null);
    try {
      await flush(r.attemptId);
      const res = await unwrap(
        api.POST('/api/v1/lessons/{lessonId}/quiz-attempts/{attemptId}/submit', {
          params: { path: { lessonId, attemptId: r.attemptId } },
        }),
      );
      setResult(res);
      setRun(null);
      onSubmitted(res);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }, [flush, lessonId, onSubmitted]);

  const timeUp = run !== null && remainingMs <= 0;
  useEffect(() => {
    if (timeUp && !busy) void submit();
  }, [timeUp, busy, submit]);

  if (run) {
    const unanswered = run.questions.filter((q) => !isAnswered(q, run.answers[q.id])).length;
    return (
      <Stack spacing={2}>
        <Paper
          elevation={2}
          sx={{ position: 'sticky', top: { xs: 56, sm: 64 }, zIndex: 2, p: 1.5, display: 'flex', gap: 1 }}
        >
          <Typography sx={{ flexGrow: 1, fontWeight: 600 }}>{t('quiz.timeLeft')}</Typography>
          <Typography role="timer" sx={{ fontVariantNumeric: 'tabular-nums', fontWeight: 700, fontSize: 20 }}>
            {formatClock(remainingMs)}
          </Typography>
        </Paper>
        <Box
          aria-live="polite"
          sx={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}
        >
          {announcement !== null && t('attempt.announce', { time: formatClock(announcement) })}
        </Box>
        {run.questions.map((q, i) => (
          <Paper key={q.id} sx={{ p: 2 }} component="section">
            <QuestionView question={q} index={i} answer={run.answers[q.id]} onAnswer={(v) => answer(q.id, v)} />
            <Typography
              variant="body2"
              role="status"
              data-testid="save-state"
              data-state={saved[q.id] ?? 'none'}
              sx={{ mt: 1, minHeight: 20, color: 'success.main', fontWeight: 600 }}
            >
              {saved[q.id] === 'saved' && `✓ ${t('attempt.saved')}`}
            </Typography>
          </Paper>
        ))}
        {error !== null && <Alert severity="error">{errorMessage(error)}</Alert>}
        <Button variant="contained" size="large" disabled={busy} onClick={() => setConfirming(true)}>
          {busy ? t('quiz.submitting') : t('quiz.submit')}
        </Button>
        <Dialog open={confirming} onClose={() => setConfirming(false)} aria-describedby="quiz-confirm" fullWidth>
          <DialogContent id="quiz-confirm">
            <Typography>{t('quiz.confirm')}</Typography>
            {unanswered > 0 && <Typography sx={{ mt: 1 }}>{t('quiz.unanswered', { count: unanswered })}</Typography>}
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setConfirming(false)}>{t('quiz.keepGoing')}</Button>
            <Button variant="contained" onClick={() => void submit()}>
              {t('quiz.submit')}
            </Button>
          </DialogActions>
        </Dialog>
      </Stack>
    );
  }

  return (
    <Stack spacing={1.5}>
      <Typography>
        {t('quiz.rules', {
          questions: quiz.questionCount,
          minutes: Math.round(quiz.durationSeconds / 60),
          percent: quiz.passPercent,
          attempts: quiz.maxAttempts,
        })}
      </Typography>
      {result && (
        <Alert severity={result.passed ? 'success' : 'warning'} role="status" data-testid="quiz-result">
          {t('quiz.result', { score: result.score, max: result.maxScore, percent: Math.round(result.scorePercent) })}{' '}
          {result.passed ? t('quiz.resultPassed') : t('quiz.resultFailed', { percent: result.passPercent })}
        </Alert>
      )}
      {quiz.attempts.length > 0 && (
        <>
          <Typography variant="body2">{t('quiz.attemptsUsed', { used, max: quiz.maxAttempts })}</Typography>
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {quiz.attempts
              .filter((a) => a.status === 'submitted')
              .map((a) => (
                <li key={a.attemptId}>
                  {t('quiz.past', {
                    n: a.attemptNo,
                    percent: Math.round(a.scorePercent ?? 0),
                    result: a.passed ? t('quiz.passed') : t('quiz.failed'),
                  })}
                </li>
              ))}
          </Box>
        </>
      )}
      {error !== null && <Alert severity="error">{errorMessage(error)}</Alert>}
      {canStart ? (
        <Button variant={passed ? 'outlined' : 'contained'} size="large" disabled={busy} onClick={() => void start()}>
          {open ? t('quiz.continue') : used ? t('quiz.retry') : t('quiz.start')}
        </Button>
      ) : (
        !passed && <Alert severity="info">{t('quiz.noAttemptsLeft')}</Alert>
      )}
    </Stack>
  );
}
