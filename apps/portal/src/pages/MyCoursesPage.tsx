import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { addMessages, useTranslation } from '../i18n';
import { courseMessages } from '../i18n/courses';
import { Link as RouterLink, useNavigate } from '../router';
import { api, type Schemas } from '../api/client';
import { errorMessage, unwrap } from '../api/errors';
import { Loading } from '../layout/Loading';
import { QueryError } from '../layout/QueryState';
import { RequireSignIn } from '../layout/RequireSignIn';
import { formatDate } from '../lib/format';

addMessages(courseMessages);

type MyCourse = Schemas['MyCourseDto'];
type OpenCourse = Schemas['OpenCourseDto'];

export const myCoursesQuery = {
  queryKey: ['courses', 'mine'],
  queryFn: () => unwrap(api.GET('/api/v1/courses/mine')),
};

/** The learner's courses with their progress and a button that resumes where they stopped; open courses to join. */
function MyCourses() {
  const { t } = useTranslation();
  const mine = useQuery(myCoursesQuery);
  const open = useQuery({ queryKey: ['courses', 'open'], queryFn: () => unwrap(api.GET('/api/v1/courses/open')) });
  return (
    <Stack spacing={2}>
      <Typography variant="h5" component="h1">
        {t('courses.title')}
      </Typography>
      {mine.isPending ? (
        <Loading />
      ) : mine.error ? (
        <QueryError error={mine.error} retry={() => void mine.refetch()} />
      ) : mine.data.length === 0 ? (
        <Alert severity="info">{t('courses.none')}</Alert>
      ) : (
        <Stack component="ul" spacing={1.5} sx={{ listStyle: 'none', p: 0, m: 0 }}>
          {mine.data.map((c) => (
            <MyCourseCard key={c.id} course={c} />
          ))}
        </Stack>
      )}
      {open.data && open.data.some((c) => !c.enrolled) && (
        <>
          <Typography variant="h6" component="h2">
            {t('courses.openTitle')}
          </Typography>
          <Stack component="ul" spacing={1.5} sx={{ listStyle: 'none', p: 0, m: 0 }}>
            {open.data
              .filter((c) => !c.enrolled)
              .map((c) => (
                <OpenCourseCard key={c.id} course={c} />
              ))}
          </Stack>
        </>
      )}
    </Stack>
  );
}

function MyCourseCard({ course: c }: { course: MyCourse }) {
  const { t } = useTranslation();
  const percent = Math.round(c.progress * 100);
  const titleId = `course-${c.id}`;
  const target = c.resumeLessonId && !c.completedAt ? `/lessons/${c.resumeLessonId}` : `/courses/${c.id}`;
  return (
    <Card component="li" variant="outlined" aria-labelledby={titleId}>
      <CardContent>
        <Typography id={titleId} variant="h6" component="h2" sx={{ fontSize: 18, overflowWrap: 'anywhere' }}>
          <RouterLink to={`/courses/${c.id}`} style={{ color: 'inherit' }}>
            {c.title}
          </RouterLink>
        </Typography>
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', my: 1 }}>
          <LinearProgress
            variant="determinate"
            value={percent}
            aria-label={t('courses.progressLabel')}
            sx={{ flex: 1, height: 8, borderRadius: 4 }}
          />
          <Typography variant="body2" sx={{ fontWeight: 600, minWidth: 40, textAlign: 'right' }}>
            {percent}%
          </Typography>
        </Box>
        <Typography variant="body2">
          {t('courses.progress', { done: c.completedRequiredLessons, total: c.requiredLessons })}
        </Typography>
        {c.completedAt ? (
          <Chip
            color="success"
            size="small"
            sx={{ mt: 1 }}
            label={t('courses.completedOn', { date: formatDate(c.completedAt) })}
          />
        ) : (
          c.dueAt && (
            <Typography
              variant="body2"
              color={c.overdue ? 'error.main' : 'text.primary'}
              sx={{ fontWeight: c.overdue ? 700 : 400 }}
            >
              {t('courses.due', { date: formatDate(c.dueAt) })}
              {c.overdue && ` · ${t('courses.overdue')}`}
            </Typography>
          )
        )}
        <Button
          component={RouterLink}
          to={target}
          variant={c.completedAt ? 'outlined' : 'contained'}
          fullWidth
          sx={{ mt: 1.5, minHeight: 48 }}
        >
          {c.completedAt
            ? t('courses.open')
            : c.completedRequiredLessons || c.lastActivityAt
              ? t('courses.continue')
              : t('courses.start')}
        </Button>
      </CardContent>
    </Card>
  );
}

function OpenCourseCard({ course: c }: { course: OpenCourse }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const enrol = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/courses/{courseId}/self-enrolment', { params: { path: { courseId: c.id } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['courses'] });
      navigate(`/courses/${c.id}`);
    },
  });
  const titleId = `open-${c.id}`;
  return (
    <Card component="li" variant="outlined" aria-labelledby={titleId}>
      <CardContent>
        <Typography id={titleId} variant="h6" component="h3" sx={{ fontSize: 18, overflowWrap: 'anywhere' }}>
          {c.title}
        </Typography>
        {c.description && (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
            {c.description}
          </Typography>
        )}
        <Typography variant="body2" sx={{ mt: 0.5 }}>
          {t('courses.lessons', { count: c.lessonCount })}
        </Typography>
        {enrol.isError && (
          <Alert severity="error" sx={{ mt: 1 }}>
            {errorMessage(enrol.error)}
          </Alert>
        )}
        <Button
          variant="contained"
          fullWidth
          sx={{ mt: 1.5, minHeight: 48 }}
          disabled={enrol.isPending}
          onClick={() => enrol.mutate()}
        >
          {enrol.isPending ? t('courses.enrolling') : t('courses.enrol')}
        </Button>
      </CardContent>
    </Card>
  );
}

export default function MyCoursesPage() {
  return (
    <RequireSignIn>
      <MyCourses />
    </RequireSignIn>
  );
}
