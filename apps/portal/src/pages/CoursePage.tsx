import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { addMessages, useTranslation } from '../i18n';
import { courseMessages } from '../i18n/courses';
import { Link as RouterLink, useParams } from '../router';
import { api, type Schemas } from '../api/client';
import { unwrap } from '../api/errors';
import { Loading } from '../layout/Loading';
import { QueryError } from '../layout/QueryState';
import { RequireSignIn } from '../layout/RequireSignIn';
import { formatDate } from '../lib/format';

addMessages(courseMessages);

type Outline = Schemas['CourseOutlineDto'];

export const outlineQuery = (courseId: string) => ({
  queryKey: ['course-outline', courseId],
  queryFn: () => unwrap(api.GET('/api/v1/courses/{courseId}/outline', { params: { path: { courseId } } })),
});

const STATE_MARK = { not_started: '○', in_progress: '◐', completed: '✓' } as const;

/** A course's outline with my state of each lesson, my progress, a resume button and, at the end, the completion. */
function Course({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const outline = useQuery(outlineQuery(courseId));
  if (outline.isPending) return <Loading />;
  if (outline.error) return <QueryError error={outline.error} retry={() => void outline.refetch()} />;
  const c: Outline = outline.data;
  const percent = Math.round(c.progress * 100);
  const first = c.sections.flatMap((s) => s.lessons)[0];
  const resume = c.resumeLessonId ?? first?.id;
  return (
    <Stack spacing={2}>
      <Typography variant="h5" component="h1" sx={{ overflowWrap: 'anywhere' }}>
        {c.title}
      </Typography>
      {c.description && <Typography color="text.secondary">{c.description}</Typography>}
      {c.completedAt ? (
        <Alert severity="success" data-testid="course-completed">
          <AlertTitle>{t('course.completed')}</AlertTitle>
          {t('course.completedText', { date: formatDate(c.completedAt) })}
        </Alert>
      ) : (
        <Box>
          <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
            <LinearProgress
              variant="determinate"
              value={percent}
              aria-label={t('courses.progressLabel')}
              sx={{ flex: 1, height: 8, borderRadius: 4 }}
            />
            <Typography sx={{ fontWeight: 600 }}>{percent}%</Typography>
          </Box>
          <Typography variant="body2" sx={{ mt: 0.5 }}>
            {t('courses.progress', { done: c.completedRequiredLessons, total: c.requiredLessons })}
            {c.dueAt && ` · ${t('courses.due', { date: formatDate(c.dueAt) })}`}
          </Typography>
        </Box>
      )}
      {resume && (
        <Button
          component={RouterLink}
          to={`/lessons/${resume}`}
          variant={c.completedAt ? 'outlined' : 'contained'}
          size="large"
          sx={{ minHeight: 52 }}
        >
          {c.completedAt ? t('course.review') : c.resumeLessonId ? t('course.resume') : t('course.start')}
        </Button>
      )}
      <Typography variant="h6" component="h2">
        {t('course.outline')}
      </Typography>
      {c.sections.map((s, si) => (
        <Paper key={s.id} variant="outlined" component="section" aria-labelledby={`sec-${s.id}`} sx={{ p: 1.5 }}>
          <Typography id={`sec-${s.id}`} component="h3" sx={{ fontWeight: 700, mb: 1 }}>
            {si + 1}. {s.title}
          </Typography>
          <Box component="ol" sx={{ listStyle: 'none', p: 0, m: 0 }}>
            {s.lessons.map((l) => (
              <li key={l.id}>
                <Box
                  component={RouterLink}
                  to={`/lessons/${l.id}`}
                  sx={{
                    display: 'flex',
                    gap: 1.5,
                    alignItems: 'center',
                    minHeight: 52,
                    py: 1,
                    px: 0.5,
                    color: 'text.primary',
                    textDecoration: 'none',
                    borderTop: 1,
                    borderColor: 'divider',
                    '&:hover, &:focus-visible': { bgcolor: 'action.hover' },
                  }}
                >
                  <Box
                    component="span"
                    aria-hidden
                    sx={{
                      fontSize: 20,
                      width: 24,
                      textAlign: 'center',
                      color: l.state === 'completed' ? 'success.main' : 'text.secondary',
                    }}
                  >
                    {STATE_MARK[l.state]}
                  </Box>
                  <Box component="span" sx={{ flex: 1, minWidth: 0 }}>
                    <Box
                      component="span"
                      sx={{ display: 'block', fontWeight: 600, overflowWrap: 'anywhere', textDecoration: 'underline' }}
                    >
                      {l.title}
                    </Box>
                    <Box component="span" sx={{ display: 'block', fontSize: 14, color: 'text.secondary' }}>
                      {t(`lesson.kinds.${l.kind}`)} · {t(`course.states.${l.state}`)}
                      {!l.required && ` · ${t('course.optional')}`}
                      {l.scorePercent !== null &&
                        l.scorePercent !== undefined &&
                        ` · ${t('course.score', { percent: Math.round(l.scorePercent) })}`}
                    </Box>
                  </Box>
                </Box>
              </li>
            ))}
          </Box>
        </Paper>
      ))}
    </Stack>
  );
}

export default function CoursePage() {
  const { courseId } = useParams();
  return <RequireSignIn>{courseId ? <Course key={courseId} courseId={courseId} /> : null}</RequireSignIn>;
}
