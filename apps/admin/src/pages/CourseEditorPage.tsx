import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate, useParams } from 'react-router';
import { ApiError, errorMessage, fieldErrors } from '../api/errors';
import { courseApi, courseKeys, type Course, type Lesson, type Section } from '../courses/api';
import { ConfirmButton } from '../courses/ConfirmButton';
import { CourseDangerZone, CourseFilesPanel } from '../courses/CourseFilesPanel';
import { LessonDialog } from '../courses/LessonDialog';
import { COURSE_TARGETS, POPULATIONS, type Population } from '../courses/types';
import '../i18n/course-removal';
import '../i18n/courses';
import { PageHeader } from '../layout/PageHeader';
import { QueryState } from '../layout/QueryState';

/**
 * One course: its general fields and plan targets, its outline (sections and lessons, added, moved, removed), the
 * completion rule that follows from them, and publishing, with every refusal shown next to what it is about.
 */
export default function CourseEditorPage() {
  const { courseId = '' } = useParams();
  const course = useQuery({ queryKey: courseKeys.one(courseId), queryFn: () => courseApi.get(courseId) });
  return <QueryState query={course}>{(c) => <CourseEditor course={c} />}</QueryState>;
}

interface General {
  title: string;
  description: string;
  planTargets: Course['planTargets'];
  populations: Population[];
  selfEnrolment: boolean;
  certificateTemplateId: string;
}

/** Where a publish refusal's detail belongs: a general field, a lesson (by id), a section, or the course as a whole. */
function placeOf(field: string | undefined): { lessonId?: string; sectionId?: string; general?: keyof General } {
  if (!field) return {};
  const lesson = /lessons?[.[/]([0-9a-f-]{36})/i.exec(field);
  if (lesson) return { lessonId: lesson[1] };
  const section = /sections?[.[/]([0-9a-f-]{36})/i.exec(field);
  if (section) return { sectionId: section[1] };
  const head = field.split('.')[0] as keyof General;
  if (['title', 'description', 'planTargets', 'populations', 'selfEnrolment', 'certificateTemplateId'].includes(head))
    return { general: head };
  return {};
}

function CourseEditor({ course }: { course: Course }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const refresh = () => queryClient.invalidateQueries({ queryKey: courseKeys.one(course.id) });
  const [editing, setEditing] = useState<{ sectionId: string; lesson: Lesson | null } | null>(null);

  const publish = useMutation({ mutationFn: () => courseApi.publish(course.id), onSettled: refresh });
  // A refusal speaks of the outline as it was: a changed outline clears it (a success stays, the outline unchanged).
  const outlineShape = course.sections.map((s) => `${s.id}:${s.lessons.map((l) => l.id).join(',')}`).join('|');
  const resetPublish = publish.reset;
  useEffect(() => resetPublish(), [outlineShape, resetPublish]);
  const publishDetails = publish.error instanceof ApiError ? publish.error.details : [];
  const lessonErrors = new Map<string, string[]>();
  const sectionErrors = new Map<string, string[]>();
  const generalErrors = new Map<string, string>();
  const otherErrors: string[] = [];
  // A quiz its bank cannot fill: the API names the lesson and the blueprint line (details is an object then).
  const blueprint =
    publish.error instanceof ApiError && publish.error.code === 'BLUEPRINT_UNSATISFIABLE'
      ? (publish.error.body.details as unknown as
          | {
              lessonId?: string;
              entry?: number;
              available?: number;
              wanted?: number;
              slots?: { entry: number; category: string; wanted: number; available: number; published: number }[];
            }
          | undefined)
      : undefined;
  if (blueprint?.lessonId) {
    // The server counts every line (a question one line takes is not available to the next): each short line named.
    const short = (blueprint.slots ?? []).filter((s) => s.available < s.wanted);
    lessonErrors.set(blueprint.lessonId, [
      errorMessage(publish.error),
      ...(short.length
        ? short.map((s) =>
            t('courseRemoval.slot', {
              n: s.entry + 1,
              category: s.category,
              need: s.wanted,
              have: s.available,
              published: s.published,
            }),
          )
        : [
            t('courseEditor.blueprintLine', {
              n: (blueprint.entry ?? 0) + 1,
              need: blueprint.wanted ?? 0,
              have: blueprint.available ?? 0,
            }),
          ]),
    ]);
  }
  for (const d of publishDetails) {
    const place = placeOf(d.field);
    if (place.lessonId) lessonErrors.set(place.lessonId, [...(lessonErrors.get(place.lessonId) ?? []), d.message]);
    else if (place.sectionId)
      sectionErrors.set(place.sectionId, [...(sectionErrors.get(place.sectionId) ?? []), d.message]);
    else if (place.general) generalErrors.set(place.general, d.message);
    else otherErrors.push(d.message);
  }

  const lessons = course.sections.flatMap((s) => s.lessons);
  const required = lessons.filter((l) => l.required);
  const finalQuiz = [...lessons].reverse().find((l) => l.kind === 'quiz' && l.required && l.quiz);

  return (
    <>
      <PageHeader
        title={course.title}
        actions={
          <>
            <Button component={RouterLink} to="/courses">
              {t('courseEditor.back')}
            </Button>
            <Button component={RouterLink} to={`/courses/${course.id}/enrolments`} variant="outlined">
              {t('courseEditor.enrolments')}
            </Button>
            <Button component={RouterLink} to={`/courses/${course.id}/progress`} variant="outlined">
              {t('courseEditor.progress')}
            </Button>
          </>
        }
      >
        <Chip
          size="small"
          sx={{ mt: 0.5 }}
          label={t(`courses.statuses.${course.status}`)}
          color={course.status === 'published' ? 'success' : 'default'}
        />
      </PageHeader>

      <GeneralForm course={course} publishErrors={generalErrors} />

      <Paper variant="outlined" component="section" aria-labelledby="outline-title" sx={{ p: { xs: 2, sm: 3 }, mb: 3 }}>
        <Typography id="outline-title" variant="h6" component="h2" sx={{ mb: 2 }}>
          {t('courseEditor.outline')}
        </Typography>
        {course.sections.length === 0 && (
          <Alert severity="info" sx={{ mb: 2 }}>
            {t('courseEditor.noSections')}
          </Alert>
        )}
        <Stack spacing={2}>
          {course.sections.map((section, i) => (
            <SectionBlock
              key={section.id}
              course={course}
              section={section}
              index={i}
              errors={sectionErrors.get(section.id) ?? []}
              lessonErrors={lessonErrors}
              onEditLesson={(lesson) => setEditing({ sectionId: section.id, lesson })}
              onAddLesson={() => setEditing({ sectionId: section.id, lesson: null })}
            />
          ))}
        </Stack>
        <AddSection courseId={course.id} />
      </Paper>

      <CourseFilesPanel courseId={course.id} outlineKey={outlineShape} />

      <Paper variant="outlined" component="section" aria-labelledby="rule-title" sx={{ p: { xs: 2, sm: 3 }, mb: 3 }}>
        <Typography id="rule-title" variant="h6" component="h2" sx={{ mb: 1 }}>
          {t('courseEditor.completionRule')}
        </Typography>
        <Typography data-testid="completion-rule">
          {required.length
            ? t('courseEditor.completionRequired', { count: required.length })
            : t('courseEditor.completionNone')}
          {finalQuiz?.quiz &&
            ` ${t('courseEditor.completionQuiz', { percent: finalQuiz.quiz.passPercent, title: finalQuiz.title })}`}
        </Typography>
      </Paper>

      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap', mb: 2 }}>
        <Button
          variant="contained"
          size="large"
          disabled={publish.isPending || course.status === 'published'}
          onClick={() => publish.mutate()}
        >
          {publish.isPending ? t('courseEditor.publishing') : t('courseEditor.publish')}
        </Button>
      </Box>
      {publish.isSuccess && (
        <Alert severity="success" role="status">
          {t('courseEditor.published')}
        </Alert>
      )}
      {publish.isError && (
        <Alert severity="error" role="alert">
          {publishDetails.length || blueprint?.lessonId
            ? t('courseEditor.publishRefused')
            : errorMessage(publish.error)}
          {otherErrors.length > 0 && (
            <Box component="ul" sx={{ m: 0, pl: 2 }}>
              {otherErrors.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </Box>
          )}
        </Alert>
      )}
      <Box sx={{ mt: 4 }}>
        <CourseDangerZone
          course={course}
          onDeleted={() => {
            void queryClient.invalidateQueries({ queryKey: courseKeys.list });
            void navigate('/courses');
          }}
        />
      </Box>
      {editing && (
        <LessonDialog
          course={course}
          sectionId={editing.sectionId}
          lesson={editing.lesson}
          onClose={() => {
            setEditing(null);
            publish.reset();
            void refresh();
            void queryClient.invalidateQueries({ queryKey: courseKeys.files(course.id) });
          }}
        />
      )}
    </>
  );
}

function GeneralForm({ course, publishErrors }: { course: Course; publishErrors: Map<string, string> }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const templates = useQuery({ queryKey: ['certificate-templates'], queryFn: courseApi.certificateTemplates });
  const values: General = {
    title: course.title,
    description: course.description ?? '',
    planTargets: course.planTargets,
    populations: course.populations,
    selfEnrolment: course.selfEnrolment,
    certificateTemplateId: course.certificateTemplateId ?? '',
  };
  const { register, control, handleSubmit, setError, formState, reset } = useForm<General>({ defaultValues: values });
  useEffect(() => {
    for (const [field, message] of publishErrors) setError(field as keyof General, { message });
  }, [publishErrors, setError]);
  const save = useMutation({
    mutationFn: (v: General) =>
      courseApi.update(course.id, {
        ...v,
        certificateTemplateId: v.certificateTemplateId || null,
      }),
    onSuccess: async (_r, v) => {
      reset(v);
      await queryClient.invalidateQueries({ queryKey: courseKeys.one(course.id) });
      await queryClient.invalidateQueries({ queryKey: courseKeys.list });
    },
    onError: (error) => {
      for (const [field, message] of fieldErrors(error)) {
        const place = placeOf(field);
        if (place.general) setError(place.general, { message }, { shouldFocus: true });
      }
    },
  });
  const errors = formState.errors;
  return (
    <Paper variant="outlined" component="section" aria-labelledby="general-title" sx={{ p: { xs: 2, sm: 3 }, mb: 3 }}>
      <Typography id="general-title" variant="h6" component="h2">
        {t('courseEditor.general')}
      </Typography>
      <form noValidate onSubmit={handleSubmit((v) => save.mutate(v))}>
        {save.isError && fieldErrors(save.error).size === 0 && (
          <Alert severity="error" sx={{ mt: 1 }}>
            {errorMessage(save.error)}
          </Alert>
        )}
        <TextField
          {...register('title', {
            required: t('validation.required'),
            maxLength: { value: 200, message: t('validation.maxLength', { max: 200 }) },
          })}
          label={t('courses.name')}
          fullWidth
          margin="normal"
          error={!!errors.title}
          helperText={errors.title?.message}
        />
        <TextField
          {...register('description', {
            maxLength: { value: 5000, message: t('validation.maxLength', { max: 5000 }) },
          })}
          label={t('courses.description')}
          fullWidth
          multiline
          minRows={2}
          margin="normal"
          error={!!errors.description}
          helperText={errors.description?.message}
        />
        <Controller
          control={control}
          name="planTargets"
          render={({ field }) => (
            <Box component="fieldset" sx={{ border: 0, p: 0, m: 0, mt: 2 }} aria-describedby="targets-hint">
              <Typography component="legend" sx={{ fontWeight: 600 }}>
                {t('courses.targets')}
              </Typography>
              <FormHelperText id="targets-hint" sx={{ mt: 0 }}>
                {t('target.hint')}
              </FormHelperText>
              <FormGroup>
                {COURSE_TARGETS.map((letter) => (
                  <FormControlLabel
                    key={letter}
                    label={t(`target.${letter}`)}
                    control={
                      <Checkbox
                        checked={field.value.includes(letter)}
                        onChange={(e) =>
                          field.onChange(
                            e.target.checked ? [...field.value, letter] : field.value.filter((x) => x !== letter),
                          )
                        }
                      />
                    }
                  />
                ))}
              </FormGroup>
              {errors.planTargets && <FormHelperText error>{errors.planTargets.message}</FormHelperText>}
            </Box>
          )}
        />
        <Controller
          control={control}
          name="populations"
          render={({ field }) => (
            <Box component="fieldset" sx={{ border: 0, p: 0, m: 0, mt: 2 }}>
              <Typography component="legend" sx={{ fontWeight: 600 }}>
                {t('courses.populations')}
              </Typography>
              <FormGroup row>
                {POPULATIONS.map((p) => (
                  <FormControlLabel
                    key={p}
                    label={t(`population.${p}`)}
                    control={
                      <Checkbox
                        checked={field.value.includes(p)}
                        onChange={(e) =>
                          field.onChange(e.target.checked ? [...field.value, p] : field.value.filter((x) => x !== p))
                        }
                      />
                    }
                  />
                ))}
              </FormGroup>
              {errors.populations && <FormHelperText error>{errors.populations.message}</FormHelperText>}
            </Box>
          )}
        />
        <Controller
          control={control}
          name="selfEnrolment"
          render={({ field }) => (
            <FormControlLabel
              sx={{ mt: 1, display: 'flex' }}
              label={t('courseEditor.selfEnrolment')}
              control={<Switch checked={field.value} onChange={(e) => field.onChange(e.target.checked)} />}
            />
          )}
        />
        {templates.data && templates.data.length > 0 && (
          <Controller
            control={control}
            name="certificateTemplateId"
            render={({ field }) => (
              <TextField
                select
                label={t('courseEditor.certificate')}
                fullWidth
                margin="normal"
                {...field}
                error={!!errors.certificateTemplateId}
                helperText={errors.certificateTemplateId?.message}
              >
                <MenuItem value="">{t('courseEditor.certificateNone')}</MenuItem>
                {(templates.data ?? []).map((tpl) => (
                  <MenuItem key={tpl.id} value={tpl.id}>
                    {tpl.title}
                  </MenuItem>
                ))}
              </TextField>
            )}
          />
        )}
        <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', mt: 2 }}>
          <Button type="submit" variant="contained" disabled={save.isPending}>
            {t('courseEditor.saveGeneral')}
          </Button>
          {save.isSuccess && !formState.isDirty && (
            <Typography role="status" color="success.main">
              {t('courseEditor.saved')}
            </Typography>
          )}
        </Box>
      </form>
    </Paper>
  );
}

function AddSection({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const add = useMutation({
    mutationFn: () => courseApi.addSection(courseId, title.trim()),
    onSuccess: async () => {
      setTitle('');
      await queryClient.invalidateQueries({ queryKey: courseKeys.one(courseId) });
    },
  });
  return (
    <Box
      component="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (title.trim()) add.mutate();
      }}
      sx={{ display: 'flex', gap: 1, mt: 2, flexWrap: 'wrap', alignItems: 'flex-start' }}
    >
      <TextField
        label={t('courseEditor.newSection')}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        size="small"
        sx={{ flex: '1 1 240px' }}
        error={add.isError}
        helperText={add.isError ? errorMessage(add.error) : undefined}
      />
      <Button type="submit" variant="outlined" disabled={!title.trim() || add.isPending}>
        {t('courseEditor.addSection')}
      </Button>
    </Box>
  );
}

function SectionBlock({
  course,
  section,
  index,
  errors,
  lessonErrors,
  onEditLesson,
  onAddLesson,
}: {
  course: Course;
  section: Section;
  index: number;
  errors: string[];
  lessonErrors: Map<string, string[]>;
  onEditLesson: (lesson: Lesson) => void;
  onAddLesson: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: courseKeys.one(course.id) });
  const [title, setTitle] = useState(section.title);
  const rename = useMutation({ mutationFn: () => courseApi.updateSection(section.id, { title }), onSuccess: refresh });
  const remove = useMutation({ mutationFn: () => courseApi.removeSection(section.id), onSuccess: refresh });
  const move = useMutation({
    mutationFn: (outline: { id: string; lessonIds: string[] }[]) => courseApi.reorder(course.id, outline),
    onSettled: refresh,
  });
  const outline = () => course.sections.map((s) => ({ id: s.id, lessonIds: s.lessons.map((l) => l.id) }));
  const moveSection = (delta: number) => {
    const o = outline();
    const [s] = o.splice(index, 1);
    o.splice(index + delta, 0, s!);
    move.mutate(o);
  };
  const moveLesson = (lessonIndex: number, delta: number) => {
    const o = outline();
    const ids = o[index]!.lessonIds;
    const [l] = ids.splice(lessonIndex, 1);
    ids.splice(lessonIndex + delta, 0, l!);
    move.mutate(o);
  };
  const headingId = `section-${section.id}`;
  const failure = rename.error ?? remove.error ?? move.error;
  return (
    <Box
      component="section"
      aria-labelledby={headingId}
      sx={{ border: 1, borderColor: errors.length ? 'error.main' : 'divider', borderRadius: 1, p: { xs: 1.5, sm: 2 } }}
    >
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography id={headingId} component="h3" variant="subtitle1" sx={{ fontWeight: 700, flex: '1 1 200px' }}>
          {index + 1}. {section.title}
        </Typography>
        <IconButton
          aria-label={t('courseEditor.moveUp', { title: section.title })}
          disabled={index === 0 || move.isPending}
          onClick={() => moveSection(-1)}
        >
          <span aria-hidden>↑</span>
        </IconButton>
        <IconButton
          aria-label={t('courseEditor.moveDown', { title: section.title })}
          disabled={index === course.sections.length - 1 || move.isPending}
          onClick={() => moveSection(1)}
        >
          <span aria-hidden>↓</span>
        </IconButton>
        <ConfirmButton
          color="error"
          aria-label={t('courseEditor.removeSection', { title: section.title })}
          question={t('courseRemoval.confirmRemoveSection', { title: section.title })}
          onConfirm={() => remove.mutate()}
        >
          {t('common.remove')}
        </ConfirmButton>
      </Box>
      <Box
        component="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (title.trim() && title !== section.title) rename.mutate();
        }}
        sx={{ display: 'flex', gap: 1, my: 1, flexWrap: 'wrap' }}
      >
        <TextField
          size="small"
          label={t('courseEditor.sectionTitle')}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          sx={{ flex: '1 1 220px' }}
        />
        <Button type="submit" disabled={!title.trim() || title === section.title || rename.isPending}>
          {t('courseEditor.renameSection')}
        </Button>
      </Box>
      {errors.map((m) => (
        <FormHelperText key={m} error>
          {m}
        </FormHelperText>
      ))}
      {failure && <Alert severity="error">{errorMessage(failure)}</Alert>}
      {section.lessons.length === 0 ? (
        <Typography color="text.secondary" sx={{ my: 1 }}>
          {t('courseEditor.noLessons')}
        </Typography>
      ) : (
        <Box component="ol" sx={{ listStyle: 'none', p: 0, m: 0 }}>
          {section.lessons.map((lesson, li) => (
            <LessonRow
              key={lesson.id}
              lesson={lesson}
              first={li === 0}
              last={li === section.lessons.length - 1}
              busy={move.isPending}
              errors={lessonErrors.get(lesson.id) ?? []}
              onEdit={() => onEditLesson(lesson)}
              onMove={(delta) => moveLesson(li, delta)}
              onRemoved={refresh}
            />
          ))}
        </Box>
      )}
      <Button onClick={onAddLesson} variant="text" sx={{ mt: 1 }}>
        + {t('courseEditor.addLesson')}
      </Button>
    </Box>
  );
}

function LessonRow({
  lesson,
  first,
  last,
  busy,
  errors,
  onEdit,
  onMove,
  onRemoved,
}: {
  lesson: Lesson;
  first: boolean;
  last: boolean;
  busy: boolean;
  errors: string[];
  onEdit: () => void;
  onMove: (delta: number) => void;
  onRemoved: () => void;
}) {
  const { t } = useTranslation();
  const remove = useMutation({ mutationFn: () => courseApi.removeLesson(lesson.id), onSuccess: onRemoved });
  const errorId = `lesson-errors-${lesson.id}`;
  return (
    <Box
      component="li"
      data-lesson={lesson.id}
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
        <Typography
          sx={{ fontWeight: 600, overflowWrap: 'anywhere' }}
          aria-describedby={errors.length ? errorId : undefined}
        >
          {lesson.title}
        </Typography>
        <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap', mt: 0.5 }}>
          <Chip size="small" label={t(`lesson.kinds.${lesson.kind}`)} />
          <Chip
            size="small"
            variant="outlined"
            label={lesson.required ? t('courseEditor.required') : t('courseEditor.optional')}
          />
        </Box>
        {errors.length > 0 && (
          <Box id={errorId}>
            {errors.map((m) => (
              <FormHelperText key={m} error>
                {m}
              </FormHelperText>
            ))}
          </Box>
        )}
        {remove.isError && <FormHelperText error>{errorMessage(remove.error)}</FormHelperText>}
      </Box>
      <IconButton
        aria-label={t('courseEditor.moveUp', { title: lesson.title })}
        disabled={first || busy}
        onClick={() => onMove(-1)}
      >
        <span aria-hidden>↑</span>
      </IconButton>
      <IconButton
        aria-label={t('courseEditor.moveDown', { title: lesson.title })}
        disabled={last || busy}
        onClick={() => onMove(1)}
      >
        <span aria-hidden>↓</span>
      </IconButton>
      <Button
        variant="outlined"
        size="small"
        aria-label={t('courseEditor.editLesson', { title: lesson.title })}
        onClick={onEdit}
      >
        {t('courseEditor.edit')}
      </Button>
      <ConfirmButton
        color="error"
        size="small"
        aria-label={t('courseEditor.removeLesson', { title: lesson.title })}
        question={t('courseRemoval.confirmRemoveLesson', { title: lesson.title })}
        onConfirm={() => remove.mutate()}
      >
        {t('common.remove')}
      </ConfirmButton>
    </Box>
  );
}
