import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import FormHelperText from '@mui/material/FormHelperText';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/errors';
import '../i18n/course-removal';
import { QueryState } from '../layout/QueryState';
import { formatNumber } from '../lib/format';
import { courseApi, courseKeys } from './api';
import { ConfirmButton } from './ConfirmButton';

const formatBytes = (n: number) =>
  n >= 1024 * 1024
    ? `${formatNumber(Math.round((n / 1024 / 1024) * 10) / 10)} MB`
    : `${formatNumber(Math.ceil(n / 1024))} KB`;

interface StoredFile {
  id: string;
  kind: 'document' | 'scorm';
  name: string;
  size: number;
  lessons: { id: string; title: string }[];
}

/**
 * The course's uploaded PDFs and SCORM packages, each with the lessons that use it, and a way to remove the ones no
 * lesson needs (an upload replaced in a lesson stays stored until removed here). A file in use is refused by the API
 * with the lessons named; they are shown here too, so the organizer knows before trying.
 */
export function CourseFilesPanel({ courseId, outlineKey }: { courseId: string; outlineKey: string }) {
  const { t } = useTranslation();
  const files = useQuery({
    queryKey: [...courseKeys.files(courseId), outlineKey],
    queryFn: () => courseApi.files(courseId),
  });
  return (
    <Paper variant="outlined" component="section" aria-labelledby="files-title" sx={{ p: { xs: 2, sm: 3 }, mb: 3 }}>
      <Typography id="files-title" variant="h6" component="h2">
        {t('courseRemoval.files')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 1 }}>
        {t('courseRemoval.filesHint')}
      </Typography>
      <QueryState query={files}>
        {(data) => {
          const list: StoredFile[] = [
            ...data.documents.map((d) => ({
              id: d.id,
              kind: 'document' as const,
              name: d.fileName,
              size: d.size,
              lessons: d.lessons,
            })),
            ...data.scormPackages.map((p) => ({
              id: p.id,
              kind: 'scorm' as const,
              name: p.title,
              size: p.totalBytes,
              lessons: p.lessons,
            })),
          ];
          return list.length === 0 ? (
            <Typography color="text.secondary">{t('courseRemoval.noFiles')}</Typography>
          ) : (
            <Box component="ul" sx={{ listStyle: 'none', p: 0, m: 0 }} data-testid="course-files">
              {list.map((f) => (
                <FileRow key={f.id} courseId={courseId} file={f} />
              ))}
            </Box>
          );
        }}
      </QueryState>
    </Paper>
  );
}

function FileRow({ courseId, file }: { courseId: string; file: StoredFile }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => (file.kind === 'document' ? courseApi.removeDocument(file.id) : courseApi.removeScorm(file.id)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: courseKeys.files(courseId) }),
  });
  const inUse =
    remove.error instanceof ApiError
      ? ((remove.error.body.details as unknown as { lessons?: { title: string }[] } | undefined)?.lessons ?? [])
      : [];
  return (
    <Box
      component="li"
      data-file={file.id}
      sx={{
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        gap: 1,
        py: 1,
        borderTop: 1,
        borderColor: 'divider',
      }}
    >
      <Box sx={{ flex: '1 1 220px', minWidth: 0 }}>
        <Typography sx={{ fontWeight: 600, overflowWrap: 'anywhere' }}>{file.name}</Typography>
        <Typography variant="body2" color="text.secondary">
          {t(file.kind === 'document' ? 'courseRemoval.document' : 'courseRemoval.scorm')} · {formatBytes(file.size)} ·{' '}
          {file.lessons.length
            ? t('courseRemoval.usedBy', { lessons: file.lessons.map((l) => `“${l.title}”`).join(', ') })
            : t('courseRemoval.unused')}
        </Typography>
        {remove.isError && (
          <FormHelperText error role="alert">
            {errorMessage(remove.error)}
            {inUse.length > 0 &&
              ` ${t('courseRemoval.inUseLessons', { lessons: inUse.map((l) => `“${l.title}”`).join(', ') })}`}
          </FormHelperText>
        )}
      </Box>
      <ConfirmButton
        color="error"
        size="small"
        disabled={remove.isPending}
        aria-label={t('courseRemoval.removeFile', { name: file.name })}
        question={t('courseRemoval.confirmRemoveFile', { name: file.name })}
        onConfirm={() => remove.mutate()}
      >
        {t('common.remove')}
      </ConfirmButton>
    </Box>
  );
}

/**
 * Deleting the whole course: allowed by the API only while nobody has started it; otherwise its refusal says why
 * (completions and certificates, or learners' progress, are kept) and the course can be archived instead.
 */
export function CourseDangerZone({
  course,
  onDeleted,
}: {
  course: { id: string; title: string; status: string };
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const remove = useMutation({ mutationFn: () => courseApi.remove(course.id), onSuccess: onDeleted });
  const archive = useMutation({
    mutationFn: () => courseApi.archive(course.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: courseKeys.one(course.id) }),
  });
  const refusedKeep =
    remove.error instanceof ApiError &&
    (remove.error.code === 'COURSE_HAS_COMPLETIONS' || remove.error.code === 'COURSE_HAS_PROGRESS');
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-labelledby="danger-title"
      sx={{ p: { xs: 2, sm: 3 }, mb: 3, borderColor: 'error.light' }}
    >
      <Typography id="danger-title" variant="h6" component="h2">
        {t('courseRemoval.dangerZone')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 1 }}>
        {t('courseRemoval.dangerHint')}
      </Typography>
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        <ConfirmButton
          color="error"
          variant="outlined"
          disabled={remove.isPending}
          question={t('courseRemoval.confirmRemoveCourse', { title: course.title })}
          confirmLabel={t('courseRemoval.removeCourse')}
          onConfirm={() => remove.mutate()}
        >
          {remove.isPending ? t('courseRemoval.removing') : t('courseRemoval.removeCourse')}
        </ConfirmButton>
      </Box>
      {remove.isError && (
        <Alert
          severity="warning"
          role="alert"
          sx={{ mt: 2 }}
          action={
            refusedKeep && course.status !== 'archived' ? (
              <Box component="span" sx={{ display: 'inline-flex' }}>
                <ConfirmButton
                  color="inherit"
                  size="small"
                  question={t('courseRemoval.confirmArchive', { title: course.title })}
                  confirmLabel={t('courseRemoval.archive')}
                  onConfirm={() => archive.mutate()}
                >
                  {t('courseRemoval.archive')}
                </ConfirmButton>
              </Box>
            ) : undefined
          }
        >
          {errorMessage(remove.error)}
        </Alert>
      )}
    </Paper>
  );
}
