import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '../i18n';
import { Link as RouterLink, useParams } from '../router';
import { RichText } from '../../../admin/src/questions/RichText';
import { api, type Schemas } from '../api/client';
import { unwrap } from '../api/errors';
import { Loading } from '../layout/Loading';
import { QueryError } from '../layout/QueryState';
import { RequireSignIn } from '../layout/RequireSignIn';
import { formatClock, formatDateTime } from '../lib/format';

type Reviewed = Schemas['ReviewQuestionDto'];
type Answer = Schemas['AnswerValueDto'];

function answerText(q: Reviewed, a: Answer | null | undefined, none: string): string {
  if (!a) return none;
  if (a.optionIds) return a.optionIds.map((id) => q.options?.find((o) => o.id === id)?.text ?? id).join('; ') || none;
  if (a.text !== undefined) return a.text || none;
  if (a.value !== undefined) return String(a.value).replace('.', ',');
  if (a.pairs) return (q.pairs ?? []).map((p) => `${p.prompt} → ${a.pairs?.[p.id] ?? '—'}`).join('; ');
  return none;
}

function MyRank({ roundId }: { roundId: string }) {
  const { t } = useTranslation();
  const rank = useQuery({
    queryKey: ['my-rank', roundId],
    queryFn: () => unwrap(api.GET('/api/v1/rounds/{roundId}/my-rank', { params: { path: { roundId } } })),
    retry: false,
  });
  if (rank.isPending) return <Loading />;
  if (rank.error) return null;
  return (
    <Paper sx={{ p: 2 }} component="section" aria-labelledby="my-rank">
      <Typography id="my-rank" component="h2" variant="h6">
        {t('result.rank', { rank: rank.data.rank, of: rank.data.participants })}
      </Typography>
      <Typography>{rank.data.explanation}</Typography>
    </Paper>
  );
}

function Result({ attemptId }: { attemptId: string }) {
  const { t } = useTranslation();
  const review = useQuery({
    queryKey: ['review', attemptId],
    queryFn: () => unwrap(api.GET('/api/v1/attempts/{attemptId}/review', { params: { path: { attemptId } } })),
  });
  if (review.isPending) return <Loading />;
  if (review.error) return <QueryError error={review.error} retry={() => void review.refetch()} />;
  const r = review.data;
  return (
    <Stack spacing={2}>
      <Typography variant="h5" component="h1">
        {t('result.title')}
      </Typography>
      <Alert severity="success" role="status">
        {t(`result.finished.${r.finishedBy}`, { at: formatDateTime(r.submittedAt) })}
      </Alert>
      {r.score !== undefined ? (
        <Paper sx={{ p: 2, textAlign: 'center' }}>
          <Typography component="p" sx={{ fontSize: 40, fontWeight: 700 }} data-testid="score">
            {t('result.score', { score: r.score, max: r.maxScore })}
          </Typography>
          <Typography>
            {t('result.correct', { count: r.correctCount ?? 0 })}
            {r.durationMs !== undefined && ` · ${t('result.time', { time: formatClock(r.durationMs) })}`}
          </Typography>
          {r.prediction !== undefined && r.prediction !== null && (
            <Typography>{t('result.prediction', { value: r.prediction })}</Typography>
          )}
        </Paper>
      ) : (
        <Alert severity="info">{t('result.scoreLater')}</Alert>
      )}
      {r.roundClosed && <MyRank roundId={r.roundId} />}
      {r.moreAfterClose && !r.roundClosed && <Alert severity="info">{t('result.moreAfterClose')}</Alert>}
      {r.questions && (
        <Stack component="ol" spacing={1} sx={{ p: 0, m: 0, listStyle: 'none' }} aria-label={t('result.review')}>
          {r.questions.map((q, i) => (
            <Paper
              component="li"
              key={q.id}
              sx={{ p: 2, borderLeft: 6, borderColor: q.correct ? 'success.main' : 'error.main' }}
            >
              <Typography variant="body2" sx={{ fontWeight: 700 }}>
                {t('attempt.questionN', { n: i + 1 })} · {q.correct ? t('result.right') : t('result.wrong')} ·{' '}
                {t('result.points', { points: q.points, max: q.maxPoints })}
              </Typography>
              <RichText text={q.text} />
              <Typography variant="body2" sx={{ mt: 1 }}>
                {t('result.yourAnswer')}: {answerText(q, q.answer, t('result.noAnswer'))}
              </Typography>
              {q.correctAnswer && (
                <Typography variant="body2">
                  {t('result.rightAnswer')}: {answerText(q, q.correctAnswer, '—')}
                </Typography>
              )}
              {q.feedback?.map((f) => (
                <Box key={f} sx={{ mt: 0.5, color: 'text.secondary' }}>
                  <RichText text={f} />
                </Box>
              ))}
            </Paper>
          ))}
        </Stack>
      )}
      <Button component={RouterLink} to="/" variant="outlined">
        {t('common.home')}
      </Button>
    </Stack>
  );
}

export default function ResultPage() {
  const { attemptId } = useParams();
  return <RequireSignIn>{attemptId && <Result attemptId={attemptId} />}</RequireSignIn>;
}
