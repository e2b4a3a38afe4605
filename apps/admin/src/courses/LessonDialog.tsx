import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage, fieldErrors } from '../api/errors';
import '../i18n/course-removal';
import { RichText } from '../questions/RichText';
import { formatNumber } from '../lib/format';
import { courseApi, type Course, type Lesson, type LessonBody } from './api';
import { LESSON_KINDS, type LessonKind, type QuizSettings } from './types';

interface Draft {
  title: string;
  kind: LessonKind;
  required: boolean;
  bodyHtml: string;
  videoUrl: string;
  documentId: string | null;
  documentName: string | null;
  scormPackageId: string | null;
  scormTitle: string | null;
  bankId: string;
  blueprint: { category: string; difficulty: '' | 1 | 2 | 3; count: string }[];
  passPercent: string;
  durationMinutes: string;
  maxAttempts: string;
}

function draftOf(lesson: Lesson | null): Draft {
  const quiz = lesson?.quiz;
  return {
    title: lesson?.title ?? '',
    kind: lesson?.kind ?? 'text',
    required: lesson?.required ?? true,
    bodyHtml: lesson?.bodyHtml ?? '',
    videoUrl: lesson?.videoUrl ?? '',
    documentId: lesson?.documentId ?? null,
    documentName: lesson?.documentName ?? null,
    scormPackageId: lesson?.scormPackageId ?? null,
    scormTitle: lesson?.scormTitle ?? null,
    bankId: quiz?.bankId ?? '',
    blueprint: quiz?.blueprint.map((b) => ({
      category: b.category,
      difficulty: b.difficulty ?? '',
      count: String(b.count),
    })) ?? [{ category: '', difficulty: '', count: '10' }],
    passPercent: String(quiz?.passPercent ?? 80),
    durationMinutes: String(quiz ? Math.round(quiz.durationSeconds / 60) : 15),
    maxAttempts: String(quiz?.maxAttempts ?? 3),
  };
}

/** The body the API takes for the lesson's kind: exactly the field of that kind. */
function bodyOf(d: Draft): LessonBody {
  const base = { title: d.title.trim(), required: d.required };
  switch (d.kind) {
    case 'text':
      return { ...base, bodyHtml: d.bodyHtml };
    case 'video':
      return { ...base, videoUrl: d.videoUrl.trim() };
    case 'document':
      return { ...base, documentId: d.documentId ?? undefined };
    case 'scorm':
      return { ...base, scormPackageId: d.scormPackageId ?? undefined };
    case 'quiz': {
      const quiz: QuizSettings = {
        bankId: d.bankId,
        blueprint: d.blueprint.map((b) => ({
          category: b.category,
          ...(b.difficulty ? { difficulty: b.difficulty } : {}),
          count: Number(b.count),
        })),
        passPercent: Number(d.passPercent),
        durationSeconds: Math.round(Number(d.durationMinutes) * 60),
        maxAttempts: Number(d.maxAttempts),
      };
      return { ...base, quiz };
    }
  }
}

/**
 * Adds or edits one lesson. The fields follow the kind: HTML with a sanitized preview, a video link, a PDF or a SCORM
 * zip uploaded to the course (the package's manifest title shown, or why it was refused), or a quiz drawn from a bank.
 * The API's refusals go under the field they name.
 */
export function LessonDialog({
  course,
  sectionId,
  lesson,
  onClose,
}: {
  course: Course;
  sectionId: string;
  lesson: Lesson | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const [d, setD] = useState<Draft>(() => draftOf(lesson));
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setD((x) => ({ ...x, [key]: value }));

  const save = useMutation({
    mutationFn: () =>
      lesson
        ? courseApi.updateLesson(lesson.id, bodyOf(d))
        : courseApi.addLesson(sectionId, { ...bodyOf(d), kind: d.kind }),
    onSuccess: onClose,
    onError: (error) => setErrors(fieldErrors(error)),
  });
  const err = (field: string) => {
    for (const [k, v] of errors) if (k === field || k.startsWith(`${field}.`)) return v;
    return undefined;
  };
  const unplaced =
    save.isError &&
    ![...errors.keys()].some((k) => /^(title|bodyHtml|videoUrl|documentId|scormPackageId|quiz|required|kind)/.test(k));

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" aria-labelledby={titleId}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const local = new Map<string, string>();
          if (!d.title.trim()) local.set('title', t('validation.required'));
          if (d.kind === 'video' && !d.videoUrl.trim()) local.set('videoUrl', t('validation.required'));
          if (d.kind === 'quiz' && !d.bankId) local.set('quiz.bankId', t('validation.required'));
          setErrors(local);
          if (local.size === 0) save.mutate();
        }}
      >
        <DialogTitle id={titleId}>
          {lesson ? t('courseEditor.editLesson', { title: lesson.title }) : t('lesson.newLesson')}
        </DialogTitle>
        <DialogContent>
          {unplaced && <Alert severity="error">{errorMessage(save.error)}</Alert>}
          <TextField
            label={t('lesson.title')}
            value={d.title}
            onChange={(e) => set('title', e.target.value)}
            fullWidth
            margin="normal"
            autoFocus
            error={!!err('title')}
            helperText={err('title')}
          />
          <TextField
            select
            label={t('lesson.kind')}
            value={d.kind}
            onChange={(e) => set('kind', e.target.value as LessonKind)}
            fullWidth
            margin="normal"
            disabled={!!lesson}
          >
            {LESSON_KINDS.map((k) => (
              <MenuItem key={k} value={k}>
                {t(`lesson.kinds.${k}`)}
              </MenuItem>
            ))}
          </TextField>
          <FormControlLabel
            label={t('courseEditor.requiredLabel')}
            control={<Checkbox checked={d.required} onChange={(e) => set('required', e.target.checked)} />}
          />
          {d.kind === 'text' && (
            <>
              <TextField
                label={t('lesson.body')}
                value={d.bodyHtml}
                onChange={(e) => set('bodyHtml', e.target.value)}
                fullWidth
                multiline
                minRows={6}
                margin="normal"
                error={!!err('bodyHtml')}
                helperText={err('bodyHtml') ?? t('lesson.bodyHint')}
                slotProps={{ htmlInput: { spellCheck: false } }}
              />
              {d.bodyHtml.trim() && (
                <Paper variant="outlined" component="section" aria-label={t('lesson.preview')} sx={{ p: 2 }}>
                  <Typography variant="overline" component="h3">
                    {t('lesson.preview')}
                  </Typography>
                  <RichText text={d.bodyHtml} format="html" />
                </Paper>
              )}
            </>
          )}
          {d.kind === 'video' && (
            <TextField
              label={t('lesson.videoUrl')}
              value={d.videoUrl}
              onChange={(e) => set('videoUrl', e.target.value)}
              fullWidth
              margin="normal"
              type="url"
              error={!!err('videoUrl')}
              helperText={err('videoUrl') ?? t('lesson.videoHint')}
            />
          )}
          {d.kind === 'document' && (
            <FileUpload
              label={t('lesson.document')}
              accept="application/pdf,.pdf"
              current={
                d.documentName
                  ? t('lesson.documentCurrent', { name: d.documentName })
                  : d.documentId
                    ? t('lesson.documentStored')
                    : t('lesson.documentNone')
              }
              error={err('documentId')}
              upload={async (file) => {
                const doc = await courseApi.uploadDocument(course.id, file);
                setD((x) => ({ ...x, documentId: doc.id, documentName: doc.fileName }));
                return t('lesson.documentAccepted', {
                  name: doc.fileName,
                  size: `${formatNumber(Math.ceil(doc.size / 1024))} KB`,
                });
              }}
            />
          )}
          {d.kind === 'scorm' && (
            <FileUpload
              label={t('lesson.scorm')}
              hint={t('lesson.scormHint')}
              accept="application/zip,.zip"
              current={
                d.scormTitle
                  ? t('lesson.scormCurrent', { title: d.scormTitle })
                  : d.scormPackageId
                    ? t('lesson.scormStored')
                    : t('lesson.scormNone')
              }
              error={err('scormPackageId')}
              upload={async (file) => {
                const pkg = await courseApi.uploadScorm(course.id, file);
                setD((x) => ({ ...x, scormPackageId: pkg.id, scormTitle: pkg.title, title: x.title || pkg.title }));
                return t('lesson.scormAccepted', { title: pkg.title });
              }}
            />
          )}
          {d.kind === 'quiz' && <QuizFields courseId={course.id} draft={d} set={set} err={err} />}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={save.isPending}>
            {save.isPending ? t('lesson.saving') : t('lesson.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/** The refusal's general message and, when the API said more (which entry of a zip, which limit), that too. */
function refusalOf(error: unknown): string {
  const general = errorMessage(error);
  if (!(error instanceof ApiError)) return general;
  const more = error.details.map((d) => d.message);
  if (!more.length && error.body.message && error.body.message !== general) more.push(error.body.message);
  return more.length ? `${general} ${more.join(' ')}` : general;
}

/** A file picked and sent at once; says what the API kept, or why it refused the file, next to the control. */
function FileUpload({
  label,
  hint,
  accept,
  current,
  error,
  upload,
}: {
  label: string;
  hint?: string;
  accept: string;
  current: string;
  error?: string;
  upload: (file: File) => Promise<string>;
}) {
  const { t } = useTranslation();
  const inputId = useId();
  const statusId = useId();
  const send = useMutation({ mutationFn: upload });
  const message = send.isError ? refusalOf(send.error) : error;
  return (
    <Box sx={{ mt: 2 }}>
      <Typography component="label" htmlFor={inputId} sx={{ fontWeight: 600, display: 'block' }}>
        {label}
      </Typography>
      {hint && <FormHelperText sx={{ mt: 0 }}>{hint}</FormHelperText>}
      <Box
        component="input"
        id={inputId}
        type="file"
        accept={accept}
        aria-describedby={statusId}
        disabled={send.isPending}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
          const file = e.target.files?.[0];
          if (file) send.mutate(file);
          e.target.value = '';
        }}
        sx={{ display: 'block', my: 1, maxWidth: '100%' }}
      />
      <Box id={statusId} role="status" data-testid="upload-status">
        {send.isPending ? (
          <Typography>{t('lesson.uploading')}</Typography>
        ) : send.isSuccess ? (
          <Typography color="success.main">{send.data}</Typography>
        ) : (
          <Typography color="text.secondary">{current}</Typography>
        )}
        {message && (
          <FormHelperText error role="alert">
            {message}
          </FormHelperText>
        )}
      </Box>
    </Box>
  );
}

function QuizFields({
  courseId,
  draft: d,
  set,
  err,
}: {
  courseId: string;
  draft: Draft;
  set: <K extends keyof Draft>(key: K, value: Draft[K]) => void;
  err: (field: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const banks = useQuery({ queryKey: ['banks'], queryFn: courseApi.banks });
  const categories = useQuery({
    queryKey: ['categories', d.bankId],
    queryFn: () => courseApi.categories(d.bankId),
    enabled: !!d.bankId,
  });
  const row = (i: number, patch: Partial<Draft['blueprint'][number]>) =>
    set(
      'blueprint',
      d.blueprint.map((b, j) => (j === i ? { ...b, ...patch } : b)),
    );
  // Whether the bank's published questions can fill each line now, as the server counts it when publishing (a
  // question one line takes is not available to a later line on the same category): the API's answer, not a guess.
  const rows = d.blueprint.filter((b) => b.category && Number(b.count) > 0);
  const fill = useQuery({
    queryKey: ['quiz-check', courseId, d.bankId, rows],
    queryFn: () =>
      courseApi.quizCheck(courseId, {
        bankId: d.bankId,
        blueprint: rows.map((b) => ({
          category: b.category,
          ...(b.difficulty ? { difficulty: b.difficulty } : {}),
          count: Number(b.count),
        })),
        passPercent: 100,
        durationSeconds: 600,
        maxAttempts: 1,
      }),
    enabled: !!d.bankId && rows.length > 0,
  });
  const shortfalls = fill.data?.slots.filter((s) => s.available < s.wanted);
  return (
    <Box sx={{ mt: 1 }}>
      <TextField
        select
        label={t('lesson.bank')}
        value={d.bankId}
        onChange={(e) => set('bankId', e.target.value)}
        fullWidth
        margin="normal"
        error={!!err('quiz.bankId')}
        helperText={err('quiz.bankId')}
      >
        {(banks.data ?? []).map((b) => (
          <MenuItem key={b.id} value={b.id}>
            {b.name} ({formatNumber(b.publishedCount)})
          </MenuItem>
        ))}
      </TextField>
      <Typography component="h3" sx={{ fontWeight: 600, mt: 2 }}>
        {t('lesson.blueprint')}
      </Typography>
      <Stack spacing={1} sx={{ mt: 1 }}>
        {d.blueprint.map((b, i) => (
          <Box key={i} sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'flex-start' }}>
            <TextField
              select={!!categories.data}
              label={t('lesson.category')}
              value={b.category}
              onChange={(e) => row(i, { category: e.target.value })}
              sx={{ flex: '2 1 200px' }}
              error={!!err(`quiz.blueprint.${i}`)}
              helperText={err(`quiz.blueprint.${i}`)}
            >
              {(categories.data ?? []).map((c) => (
                <MenuItem key={c.path} value={c.path}>
                  {c.path} ({formatNumber(c.total)})
                </MenuItem>
              ))}
            </TextField>
            <TextField
              select
              label={t('difficulty.label')}
              value={b.difficulty}
              onChange={(e) => row(i, { difficulty: (e.target.value ? Number(e.target.value) : '') as 1 | 2 | 3 | '' })}
              sx={{ flex: '1 1 140px' }}
            >
              <MenuItem value="">{t('lesson.anyDifficulty')}</MenuItem>
              {[1, 2, 3].map((n) => (
                <MenuItem key={n} value={n}>
                  {t(`difficulty.${n}`)}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              label={t('lesson.count')}
              value={b.count}
              onChange={(e) => row(i, { count: e.target.value.replace(/\D/g, '') })}
              slotProps={{ htmlInput: { inputMode: 'numeric' } }}
              sx={{ flex: '0 1 100px' }}
            />
            <IconButton
              aria-label={t('lesson.removeRow', { n: i + 1 })}
              disabled={d.blueprint.length === 1}
              onClick={() =>
                set(
                  'blueprint',
                  d.blueprint.filter((_, j) => j !== i),
                )
              }
            >
              <span aria-hidden>×</span>
            </IconButton>
          </Box>
        ))}
      </Stack>
      <Button
        onClick={() => set('blueprint', [...d.blueprint, { category: '', difficulty: '', count: '5' }])}
        sx={{ mt: 1 }}
      >
        + {t('lesson.addRow')}
      </Button>
      {err('quiz.blueprint') && <FormHelperText error>{err('quiz.blueprint')}</FormHelperText>}
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', mt: 1 }}>
        <TextField
          label={t('lesson.passPercent')}
          value={d.passPercent}
          onChange={(e) => set('passPercent', e.target.value.replace(/\D/g, ''))}
          slotProps={{ htmlInput: { inputMode: 'numeric' } }}
          error={!!err('quiz.passPercent')}
          helperText={err('quiz.passPercent')}
          sx={{ flex: '1 1 150px' }}
        />
        <TextField
          label={t('lesson.durationMinutes')}
          value={d.durationMinutes}
          onChange={(e) => set('durationMinutes', e.target.value.replace(/\D/g, ''))}
          slotProps={{ htmlInput: { inputMode: 'numeric' } }}
          error={!!err('quiz.durationSeconds')}
          helperText={err('quiz.durationSeconds')}
          sx={{ flex: '1 1 150px' }}
        />
        <TextField
          label={t('lesson.maxAttempts')}
          value={d.maxAttempts}
          onChange={(e) => set('maxAttempts', e.target.value.replace(/\D/g, ''))}
          slotProps={{ htmlInput: { inputMode: 'numeric' } }}
          error={!!err('quiz.maxAttempts')}
          helperText={err('quiz.maxAttempts')}
          sx={{ flex: '1 1 150px' }}
        />
      </Box>
      {fill.isFetching && !fill.data && (
        <Typography role="status" color="text.secondary" sx={{ mt: 2 }}>
          {t('courseRemoval.checking')}
        </Typography>
      )}
      {fill.isError && (
        <Alert severity="error" sx={{ mt: 2 }}>
          {errorMessage(fill.error)}
        </Alert>
      )}
      {shortfalls && (
        <Alert severity={shortfalls.length ? 'warning' : 'success'} sx={{ mt: 2 }} data-testid="quiz-fillable">
          {t('courseRemoval.serverCheck')} {shortfalls.length ? t('lesson.notFillable') : t('lesson.fillable')}
          {shortfalls.length > 0 && (
            <Box component="ul" sx={{ m: 0, pl: 2 }}>
              {shortfalls.map((s) => (
                <li key={s.entry}>
                  {t('courseRemoval.slotShort', {
                    n: d.blueprint.indexOf(rows[s.entry]!) + 1,
                    category: s.category,
                    need: s.wanted,
                    have: s.available,
                  })}
                </li>
              ))}
            </Box>
          )}
        </Alert>
      )}
    </Box>
  );
}
