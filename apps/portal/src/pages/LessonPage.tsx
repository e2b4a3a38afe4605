import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { addMessages, useTranslation } from '../i18n';
import { courseMessages } from '../i18n/courses';
import { lessonDocumentMessages } from '../i18n/lesson-document';
import { Link as RouterLink, useParams } from '../router';
import { api, type Schemas } from '../api/client';
import { errorMessage, unwrap } from '../api/errors';
import { LessonQuiz } from '../courses/LessonQuiz';
import type { ProgressOutcome, ScormCmi } from '../courses/outbox';
import { ScormPlayer } from '../courses/ScormPlayer';
import { useProgress } from '../courses/useProgress';
import { Loading } from '../layout/Loading';
import { QueryError } from '../layout/QueryState';
import { RequireSignIn } from '../layout/RequireSignIn';
import { RichText } from '../../../admin/src/questions/RichText';

addMessages(courseMessages);
addMessages(lessonDocumentMessages);

type LessonContent = Schemas['LessonContentDto'];

/**
 * Whether this browser shows a PDF inside the page. `navigator.pdfViewerEnabled` says so where it is known: false on
 * Chrome for Android (it has no PDF viewer and would only download the frame's file), true on desktop browsers with
 * their built-in viewer. A browser too old to say gets the download button: a frame it cannot fill helps nobody.
 */
const pdfViewer = (): boolean => typeof navigator !== 'undefined' && navigator.pdfViewerEnabled === true;

/**
 * The lesson's PDF in the page: a same-origin frame loading a short-lived signed link, which the browser's viewer
 * reads by ranges as the learner pages (no PDF library in the portal). Where the browser has no viewer (Chrome on
 * Android), a clear download button instead. The lesson is marked done below either way.
 */
function DocumentLesson({ lesson }: { lesson: LessonContent }) {
  const { t } = useTranslation();
  const link = useQuery({
    queryKey: ['lesson-document-link', lesson.id],
    queryFn: () =>
      unwrap(api.POST('/api/v1/lessons/{lessonId}/document-link', { params: { path: { lessonId: lesson.id } } })),
    // The link works for hours; a new one is asked for when the lesson is opened again after that.
    staleTime: 30 * 60_000,
  });
  const [inPage] = useState(pdfViewer);
  if (link.isPending) return <Typography role="status">{t('lessonDocument.loading')}</Typography>;
  if (link.error) return <QueryError error={link.error} retry={() => void link.refetch()} />;
  const url = link.data.url;
  const fileName = `${lesson.title}.pdf`;
  return (
    <Stack spacing={1} data-testid="document-lesson" data-viewer={inPage ? 'frame' : 'download'}>
      {inPage ? (
        <Box
          component="iframe"
          src={url}
          title={t('lessonDocument.frameTitle', { title: lesson.title })}
          sx={{ width: '100%', height: { xs: '70vh', sm: '80vh' }, border: 1, borderColor: 'divider', borderRadius: 1 }}
        />
      ) : (
        <>
          <Alert severity="info">{t('lessonDocument.noViewer')}</Alert>
          <Button component="a" href={url} download={fileName} variant="contained" sx={{ minHeight: 48 }}>
            {t('lessonDocument.download')}
          </Button>
        </>
      )}
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', justifyContent: 'center' }}>
        {inPage && (
          <Link href={url} download={fileName} sx={{ py: 1 }}>
            {t('lessonDocument.download')}
          </Link>
        )}
        <Link href={url} target="_blank" rel="noopener" sx={{ py: 1 }}>
          {t('lessonDocument.openNewTab')}
        </Link>
      </Box>
    </Stack>
  );
}

function Lesson({ lessonId }: { lessonId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const lesson = useQuery({
    queryKey: ['lesson', lessonId],
    queryFn: () => unwrap(api.GET('/api/v1/lessons/{lessonId}', { params: { path: { lessonId } } })),
  });
  const [saveState, setSaveState] = useState<'saved' | 'queued' | null>(null);
  const [scormStatus, setScormStatus] = useState<string | null>(null);
  const [courseDone, setCourseDone] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey: ['lesson', lessonId] });
    await queryClient.invalidateQueries({ queryKey: ['course-outline'] });
    await queryClient.invalidateQueries({ queryKey: ['courses'] });
  }, [queryClient, lessonId]);

  const { queue, offline } = useProgress(
    useCallback(
      (o: ProgressOutcome) => {
        if (o.kind === 'offline') return setSaveState('queued');
        if (o.entry.lessonId !== lessonId) return;
        if (o.kind === 'refused') return setRefusal(errorMessage(o.error));
        setSaveState('saved');
        if (o.courseCompleted) setCourseDone(true);
        if (o.lessonCompleted) void refresh();
      },
      [lessonId, refresh],
    ),
  );

  const onCommit = useCallback(
    (cmi: ScormCmi) => {
      setScormStatus(cmi.lessonStatus);
      setSaveState(null);
      void queue({ kind: 'scorm', lessonId, cmi });
    },
    [queue, lessonId],
  );

  if (lesson.isPending) return <Loading />;
  if (lesson.error) return <QueryError error={lesson.error} retry={() => void lesson.refetch()} />;
  const l = lesson.data;
  const done = l.state === 'completed';
  const markable = l.kind === 'text' || l.kind === 'video' || l.kind === 'document';
  return (
    <Stack spacing={2}>
      <Link component={RouterLink} to={`/courses/${l.courseId}`} sx={{ py: 1, alignSelf: 'flex-start' }}>
        ← {t('lesson.backToCourse')}
      </Link>
      <Box>
        <Typography variant="body2" color="text.secondary">
          {t(`lesson.kinds.${l.kind}`)}
        </Typography>
        <Typography variant="h5" component="h1" sx={{ overflowWrap: 'anywhere' }}>
          {l.title}
        </Typography>
      </Box>
      {offline && (
        <Alert severity="warning" role="status" data-testid="offline-banner">
          {t('lesson.offline')}
        </Alert>
      )}
      {l.kind === 'text' && l.bodyHtml && (
        <Paper
          variant="outlined"
          sx={{ p: 2, overflowWrap: 'anywhere', '& img': { maxWidth: '100%', height: 'auto' } }}
        >
          <RichText text={l.bodyHtml} format="html" />
        </Paper>
      )}
      {l.kind === 'video' && l.videoUrl && (
        <Box
          sx={{
            position: 'relative',
            width: '100%',
            aspectRatio: '16 / 9',
            bgcolor: '#000',
            borderRadius: 1,
            overflow: 'hidden',
          }}
        >
          <iframe
            src={l.videoUrl}
            title={t('lesson.videoTitle', { title: l.title })}
            allow="encrypted-media; picture-in-picture; fullscreen"
            allowFullScreen
            referrerPolicy="strict-origin-when-cross-origin"
            loading="lazy"
            style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', border: 0 }}
          />
        </Box>
      )}
      {l.kind === 'document' && <DocumentLesson lesson={l} />}
      {l.kind === 'scorm' && (
        <>
          <ScormPlayer lessonId={l.id} title={l.title} onCommit={onCommit} />
          <Typography
            role="status"
            data-testid="scorm-state"
            data-state={saveState ?? 'none'}
            sx={{ minHeight: 24, fontWeight: 600 }}
          >
            {scormStatus && t('lesson.scormStatus', { status: t(`lesson.scormStatuses.${scormStatus}`) })}
            {saveState === 'saved' && ` · ${t('lesson.scormSaved')}`}
            {saveState === 'queued' && ` · ${t('lesson.scormQueued')}`}
          </Typography>
        </>
      )}
      {l.kind === 'quiz' && l.quiz && (
        <LessonQuiz
          lessonId={l.id}
          quiz={l.quiz}
          onSubmitted={(r) => {
            if (r.courseCompleted) setCourseDone(true);
            void refresh();
          }}
        />
      )}
      {refusal && <Alert severity="error">{refusal}</Alert>}
      {markable &&
        (done ? (
          <Typography color="success.main" sx={{ fontWeight: 600 }} role="status">
            {t('lesson.done')}
          </Typography>
        ) : (
          <Button
            variant="contained"
            size="large"
            sx={{ minHeight: 52 }}
            onClick={() => {
              setSaveState(null);
              void queue({ kind: 'complete', lessonId: l.id });
            }}
          >
            {saveState === 'queued' ? t('lesson.marking') : t('lesson.markDone')}
          </Button>
        ))}
      {courseDone && (
        <Alert severity="success" role="status" data-testid="course-done">
          {t('lesson.courseCompleted')}{' '}
          <Link component={RouterLink} to={`/courses/${l.courseId}`}>
            {t('course.completed')}
          </Link>
        </Alert>
      )}
      {l.nextLessonId && (
        <Button
          component={RouterLink}
          to={`/lessons/${l.nextLessonId}`}
          variant="outlined"
          size="large"
          sx={{ minHeight: 52 }}
        >
          {t('lesson.next')} →
        </Button>
      )}
    </Stack>
  );
}

export default function LessonPage() {
  const { lessonId } = useParams();
  return <RequireSignIn>{lessonId ? <Lesson key={lessonId} lessonId={lessonId} /> : null}</RequireSignIn>;
}
