import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef } from 'react';
import {
  Controller,
  useFieldArray,
  useForm,
  useWatch,
  type Control,
  type FieldPath,
  type UseFormReturn,
} from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate, useParams } from 'react-router';
import { QUESTION_TYPES, type QuestionType } from '#contracts';
import { api, type Schemas } from '../api/client';
import { ApiError, errorMessage, unwrap } from '../api/errors';
import { PageHeader } from '../layout/PageHeader';
import { QueryState } from '../layout/QueryState';
import {
  emptyValues,
  formFieldFor,
  rules,
  toQuestionInput,
  valuesFromContent,
  type EditorFile,
  type EditorValues,
} from '../questions/form';
import { QuestionPreview, type PreviewQuestion } from '../questions/QuestionPreview';

type CategoryNode = Schemas['CategoryNodeDto'];
const flattenPaths = (nodes: CategoryNode[]): string[] => nodes.flatMap((n) => [n.path, ...flattenPaths(n.children)]);

/** Create (route banks/:bankId/questions/new) or edit (questions/:questionId/edit: saving makes a new version). */
export default function QuestionEditorPage() {
  const { questionId } = useParams();
  const question = useQuery({
    queryKey: ['question', questionId],
    queryFn: () =>
      unwrap(api.GET('/api/v1/questions/{questionId}', { params: { path: { questionId: questionId ?? '' } } })),
    enabled: !!questionId,
  });
  const { bankId = '' } = useParams();
  if (!questionId)
    return <Editor bankId={bankId} initial={emptyValues(new URLSearchParams(location.search).get('category') ?? '')} />;
  return (
    <QueryState query={question}>
      {(q) => (
        <Editor
          bankId={q.bankId}
          initial={valuesFromContent(q.content)}
          existing={{ id: q.id, version: q.version }}
          key={`${q.id}:${q.version}`}
        />
      )}
    </QueryState>
  );
}

async function blobToBase64(blob: Blob): Promise<string> {
  const buffer = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < buffer.length; i += 0x8000) binary += String.fromCharCode(...buffer.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Every image goes in the body as base64; stored ones are fetched back first (a new version carries its files). */
async function filesForBody(files: EditorFile[]): Promise<Schemas['QuestionFileDto'][]> {
  return Promise.all(
    files.map(async (f) => {
      if (f.base64) return { name: f.name, mimeType: f.mimeType, base64: f.base64 };
      const { data, response } = await api.GET('/api/v1/question-files/{fileId}', {
        params: { path: { fileId: f.fileId ?? '' } },
        parseAs: 'blob',
      });
      if (!response.ok || !data) throw new Error(`HTTP ${response.status}`);
      return { name: f.name, mimeType: f.mimeType, base64: await blobToBase64(data as Blob) };
    }),
  );
}

function Editor({
  bankId,
  initial,
  existing,
}: {
  bankId: string;
  initial: EditorValues;
  existing?: { id: string; version: number };
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm<EditorValues>({ defaultValues: initial, mode: 'onTouched' });
  const { control, handleSubmit, setError, register, formState } = form;
  const categories = useQuery({
    queryKey: ['categories', bankId],
    queryFn: () => unwrap(api.GET('/api/v1/question-banks/{bankId}/categories', { params: { path: { bankId } } })),
    enabled: !!bankId,
  });
  const categoryPaths = useMemo(() => flattenPaths(categories.data?.roots ?? []), [categories.data]);
  const unplaced = useRef<{ field: string; message: string }[]>([]);
  const save = useMutation({
    mutationFn: async (values: EditorValues) => {
      const body = toQuestionInput(values, await filesForBody(values.files));
      if (existing) {
        return unwrap(
          api.PUT('/api/v1/questions/{questionId}', {
            params: { path: { questionId: existing.id } },
            body: { ...body, baseVersion: existing.version },
          }),
        );
      }
      return unwrap(api.POST('/api/v1/question-banks/{bankId}/questions', { params: { path: { bankId } }, body }));
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['questions', saved.bankId] });
      await queryClient.invalidateQueries({ queryKey: ['categories', saved.bankId] });
      queryClient.setQueryData(['question', saved.id], saved);
      await queryClient.invalidateQueries({ queryKey: ['versions', saved.id] });
      await navigate(`/questions/${saved.id}`, { state: { saved: saved.version } });
    },
    onError: (error) => {
      // The API's messages go next to the field they name; those with no input of their own are listed at the top.
      const unplacedNow: { field: string; message: string }[] = [];
      let first = true;
      if (error instanceof ApiError) {
        for (const d of error.details) {
          const path = d.field ? formFieldFor(d.field) : '';
          if (path && isRendered(path)) {
            setError(path as FieldPath<EditorValues>, { type: 'server', message: d.message }, { shouldFocus: first });
            first = false;
          } else {
            unplacedNow.push({ field: d.field ?? '', message: d.message });
          }
        }
      }
      unplaced.current = unplacedNow;
    },
  });
  const title = existing ? t('editor.editTitle') : t('editor.createTitle');
  return (
    <>
      <PageHeader
        title={title}
        actions={
          <Button component={RouterLink} to={existing ? `/questions/${existing.id}` : `/banks/${bankId}`}>
            {t('common.cancel')}
          </Button>
        }
      />
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 1fr) minmax(0, 1fr)' }, gap: 3 }}>
        <Paper
          component="form"
          noValidate
          sx={{ p: 3 }}
          onSubmit={handleSubmit((v) => save.mutate(v))}
          aria-label={title}
        >
          {save.isError && (
            <Alert severity="error" role="alert" sx={{ mb: 2 }}>
              {save.error instanceof ApiError && save.error.code === 'VERSION_CONFLICT'
                ? t('editor.conflict')
                : errorMessage(save.error)}
              {unplaced.current.length > 0 && (
                <Box component="ul" sx={{ m: 0, pl: 2 }}>
                  {unplaced.current.map((e) => (
                    <li key={e.field + e.message}>{e.message}</li>
                  ))}
                </Box>
              )}
            </Alert>
          )}
          <Box sx={{ display: 'grid', gap: 2 }}>
            <Controller
              control={control}
              name="type"
              render={({ field }) => (
                <TextField select label={t('questions.type')} {...field} data-testid="question-type">
                  {QUESTION_TYPES.map((type) => (
                    <MenuItem key={type} value={type}>
                      {t(`types.${type}`)}
                    </MenuItem>
                  ))}
                </TextField>
              )}
            />
            <TextField
              label={t('editor.title')}
              {...register('title', { maxLength: { value: 500, message: t('validation.maxLength', { max: 500 }) } })}
              error={!!formState.errors.title}
              helperText={formState.errors.title?.message}
            />
            <TextField
              label={t('editor.text')}
              multiline
              minRows={3}
              required
              {...register('text', { validate: (v) => (v.trim() ? true : t('validation.required')) })}
              error={!!formState.errors.text}
              helperText={formState.errors.text?.message}
            />
            <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' }, gap: 2 }}>
              <Controller
                control={control}
                name="format"
                render={({ field }) => (
                  <TextField select label={t('editor.format')} {...field}>
                    {(['plain', 'html', 'markdown', 'moodle'] as const).map((f) => (
                      <MenuItem key={f} value={f}>
                        {t(`editor.formats.${f}`)}
                      </MenuItem>
                    ))}
                  </TextField>
                )}
              />
              <Controller
                control={control}
                name="difficulty"
                render={({ field }) => (
                  <TextField select label={t('difficulty.label')} {...field}>
                    <MenuItem value="">{t('common.none')}</MenuItem>
                    {(['1', '2', '3'] as const).map((d) => (
                      <MenuItem key={d} value={d}>
                        {t(`difficulty.${d}`)}
                      </MenuItem>
                    ))}
                  </TextField>
                )}
              />
            </Box>
            <Controller
              control={control}
              name="category"
              render={({ field, fieldState }) => (
                <Autocomplete
                  freeSolo
                  options={categoryPaths}
                  value={field.value}
                  onChange={(_, v) => field.onChange(v ?? '')}
                  onInputChange={(_, v) => field.onChange(v)}
                  renderInput={(params) => (
                    <TextField
                      {...params}
                      label={t('editor.category')}
                      error={!!fieldState.error}
                      helperText={fieldState.error?.message}
                    />
                  )}
                />
              )}
            />
            <Controller
              control={control}
              name="tags"
              render={({ field, fieldState }) => (
                <Autocomplete
                  multiple
                  freeSolo
                  options={[] as string[]}
                  value={field.value}
                  onChange={(_, v) => field.onChange([...new Set(v.map((s) => s.trim()).filter(Boolean))])}
                  renderValue={(value, getItemProps) =>
                    value.map((option, index) => {
                      const { key, ...itemProps } = getItemProps({ index });
                      return <Chip key={key} label={option} size="small" {...itemProps} />;
                    })
                  }
                  renderInput={(params) => (
                    <TextField
                      {...params}
                      label={t('editor.tags')}
                      error={!!fieldState.error}
                      helperText={fieldState.error?.message ?? t('editor.tagsHelp')}
                    />
                  )}
                />
              )}
            />
            <TypeFields form={form} />
            <TextField label={t('editor.generalFeedback')} multiline minRows={2} {...register('generalFeedback')} />
            <Images control={control} />
            <Box>
              <Button type="submit" variant="contained" size="large" disabled={save.isPending}>
                {save.isPending ? t('editor.saving') : t('editor.save')}
              </Button>
            </Box>
          </Box>
        </Paper>
        <Paper sx={{ p: 3, alignSelf: 'start', position: { lg: 'sticky' }, top: { lg: 16 } }}>
          <LivePreview control={control} />
        </Paper>
      </Box>
    </>
  );
}

/** Fields with an input on screen; other API fields (e.g. "options" as a whole) are listed in the summary. */
function isRendered(path: string): boolean {
  return (
    /^(type|title|text|format|category|difficulty|tags|generalFeedback|trueFeedback|falseFeedback)$/.test(path) ||
    /^(options|answers|pairs)\.\d+\.\w+$/.test(path) ||
    /^distractors\.\d+$/.test(path)
  );
}

function LivePreview({ control }: { control: Control<EditorValues> }) {
  const values = useWatch({ control }) as EditorValues;
  const question: PreviewQuestion = {
    ...toQuestionInput(values),
    images: values.files.map((f) => ({
      name: f.name,
      dataUrl: f.base64 ? `data:${f.mimeType};base64,${f.base64}` : undefined,
      fileId: f.fileId,
    })),
  };
  return <QuestionPreview question={question} />;
}

function SectionTitle({ children, id }: { children: string; id: string }) {
  return (
    <Typography id={id} component="h2" variant="subtitle1" sx={{ fontWeight: 600 }}>
      {children}
    </Typography>
  );
}

function TypeFields({ form }: { form: UseFormReturn<EditorValues> }) {
  const type = useWatch({ control: form.control, name: 'type' });
  const { t } = useTranslation();
  const fieldsFor: Record<QuestionType, React.ReactNode> = {
    single: <OptionsFields form={form} />,
    multiple: <OptionsFields form={form} />,
    truefalse: <TrueFalseFields form={form} />,
    short: <AnswersFields form={form} numerical={false} />,
    numerical: <AnswersFields form={form} numerical />,
    matching: <PairsFields form={form} />,
    essay: <Typography sx={{ color: 'text.secondary' }}>{t('editor.noExtra')}</Typography>,
    description: <Typography sx={{ color: 'text.secondary' }}>{t('editor.noExtra')}</Typography>,
  };
  return <Box component="section">{fieldsFor[type]}</Box>;
}

function useRuleMessage() {
  const { t } = useTranslation();
  return {
    percent: (v: string) => rules.percent(v) === true || t('validation.percent'),
    decimal: (v: string) => rules.decimal(v) === true || t('validation.number'),
    required: (v: string) => v.trim() !== '' || t('validation.required'),
  };
}

function OptionsFields({ form }: { form: UseFormReturn<EditorValues> }) {
  const { t } = useTranslation();
  const check = useRuleMessage();
  const { fields, append, remove } = useFieldArray({ control: form.control, name: 'options' });
  const errors = form.formState.errors.options;
  return (
    <Box role="group" aria-labelledby="options-title" sx={{ display: 'grid', gap: 2 }}>
      <SectionTitle id="options-title">{t('editor.options')}</SectionTitle>
      <Typography variant="body2" sx={{ color: 'text.secondary', mt: -1.5 }}>
        {t('editor.fractionHelp')}
      </Typography>
      {errors?.root?.message && <Alert severity="error">{errors.root.message}</Alert>}
      {errors?.message && <Alert severity="error">{errors.message}</Alert>}
      {fields.map((f, i) => (
        <Box key={f.id} role="group" aria-label={t('editor.option', { n: i + 1 })} sx={rowSx}>
          <TextField
            label={t('editor.optionText', { n: i + 1 })}
            {...form.register(`options.${i}.text`, { validate: check.required })}
            error={!!errors?.[i]?.text}
            helperText={errors?.[i]?.text?.message}
            sx={{ flex: '3 1 240px' }}
          />
          <TextField
            label={t('editor.fraction')}
            {...form.register(`options.${i}.percent`, { validate: check.percent })}
            slotProps={{ htmlInput: { inputMode: 'decimal' } }}
            error={!!errors?.[i]?.percent}
            helperText={errors?.[i]?.percent?.message}
            sx={{ flex: '0 1 120px' }}
          />
          <TextField
            label={t('editor.feedback')}
            {...form.register(`options.${i}.feedback`)}
            sx={{ flex: '2 1 200px' }}
          />
          <IconButton
            aria-label={t('editor.removeOption', { n: i + 1 })}
            onClick={() => remove(i)}
            disabled={fields.length <= 1}
          >
            <span aria-hidden>✕</span>
          </IconButton>
        </Box>
      ))}
      <Box>
        <Button onClick={() => append({ text: '', percent: '0', feedback: '' })}>{t('editor.addOption')}</Button>
      </Box>
    </Box>
  );
}

function TrueFalseFields({ form }: { form: UseFormReturn<EditorValues> }) {
  const { t } = useTranslation();
  return (
    <Box sx={{ display: 'grid', gap: 2 }}>
      <SectionTitle id="tf-title">{t('editor.correctAnswer')}</SectionTitle>
      <Controller
        control={form.control}
        name="correct"
        render={({ field }) => (
          <RadioGroup row aria-labelledby="tf-title" {...field}>
            <FormControlLabel value="true" control={<Radio />} label={t('editor.true')} />
            <FormControlLabel value="false" control={<Radio />} label={t('editor.false')} />
          </RadioGroup>
        )}
      />
      <TextField label={t('editor.trueFeedback')} {...form.register('trueFeedback')} />
      <TextField label={t('editor.falseFeedback')} {...form.register('falseFeedback')} />
    </Box>
  );
}

function AnswersFields({ form, numerical }: { form: UseFormReturn<EditorValues>; numerical: boolean }) {
  const { t } = useTranslation();
  const check = useRuleMessage();
  const { fields, append, remove } = useFieldArray({ control: form.control, name: 'answers' });
  const errors = form.formState.errors.answers;
  return (
    <Box role="group" aria-labelledby="answers-title" sx={{ display: 'grid', gap: 2 }}>
      <SectionTitle id="answers-title">{t('editor.answers')}</SectionTitle>
      {errors?.message && <Alert severity="error">{errors.message}</Alert>}
      {fields.map((f, i) => (
        <Box key={f.id} role="group" aria-label={t('editor.answer', { n: i + 1 })} sx={rowSx}>
          {numerical ? (
            <>
              <TextField
                label={`${t('editor.value')} ${i + 1}`}
                slotProps={{ htmlInput: { inputMode: 'decimal' } }}
                {...form.register(`answers.${i}.value`, { validate: check.decimal })}
                error={!!errors?.[i]?.value}
                helperText={errors?.[i]?.value?.message}
                sx={{ flex: '1 1 120px' }}
              />
              <TextField
                label={t('editor.tolerance')}
                slotProps={{ htmlInput: { inputMode: 'decimal' } }}
                {...form.register(`answers.${i}.tolerance`, { validate: check.decimal })}
                error={!!errors?.[i]?.tolerance}
                helperText={errors?.[i]?.tolerance?.message}
                sx={{ flex: '1 1 120px' }}
              />
            </>
          ) : (
            <TextField
              label={t('editor.answer', { n: i + 1 })}
              {...form.register(`answers.${i}.text`, { validate: check.required })}
              error={!!errors?.[i]?.text}
              helperText={errors?.[i]?.text?.message}
              sx={{ flex: '3 1 200px' }}
            />
          )}
          <TextField
            label={t('editor.fraction')}
            slotProps={{ htmlInput: { inputMode: 'decimal' } }}
            {...form.register(`answers.${i}.percent`, { validate: check.percent })}
            error={!!errors?.[i]?.percent}
            helperText={errors?.[i]?.percent?.message}
            sx={{ flex: '0 1 110px' }}
          />
          <TextField
            label={t('editor.feedback')}
            {...form.register(`answers.${i}.feedback`)}
            sx={{ flex: '2 1 160px' }}
          />
          <IconButton
            aria-label={t('editor.removeAnswer', { n: i + 1 })}
            onClick={() => remove(i)}
            disabled={fields.length <= 1}
          >
            <span aria-hidden>✕</span>
          </IconButton>
        </Box>
      ))}
      {!numerical && (
        <FormControlLabel
          control={<Checkbox {...form.register('caseSensitive')} defaultChecked={form.getValues('caseSensitive')} />}
          label={t('editor.caseSensitive')}
        />
      )}
      <Box>
        <Button onClick={() => append({ text: '', value: '', tolerance: '0', percent: '100', feedback: '' })}>
          {t('editor.addAnswer')}
        </Button>
      </Box>
    </Box>
  );
}

function PairsFields({ form }: { form: UseFormReturn<EditorValues> }) {
  const { t } = useTranslation();
  const check = useRuleMessage();
  const { fields, append, remove } = useFieldArray({ control: form.control, name: 'pairs' });
  const errors = form.formState.errors.pairs;
  return (
    <Box role="group" aria-labelledby="pairs-title" sx={{ display: 'grid', gap: 2 }}>
      <SectionTitle id="pairs-title">{t('editor.pairs')}</SectionTitle>
      {errors?.message && <Alert severity="error">{errors.message}</Alert>}
      {fields.map((f, i) => (
        <Box key={f.id} sx={rowSx}>
          <TextField
            label={t('editor.prompt', { n: i + 1 })}
            {...form.register(`pairs.${i}.prompt`, { validate: check.required })}
            error={!!errors?.[i]?.prompt}
            helperText={errors?.[i]?.prompt?.message}
            sx={{ flex: '1 1 200px' }}
          />
          <TextField
            label={t('editor.pairAnswer', { n: i + 1 })}
            {...form.register(`pairs.${i}.answer`, { validate: check.required })}
            error={!!errors?.[i]?.answer}
            helperText={errors?.[i]?.answer?.message}
            sx={{ flex: '1 1 200px' }}
          />
          <IconButton
            aria-label={t('editor.removePair', { n: i + 1 })}
            onClick={() => remove(i)}
            disabled={fields.length <= 2}
          >
            <span aria-hidden>✕</span>
          </IconButton>
        </Box>
      ))}
      <Box>
        <Button onClick={() => append({ prompt: '', answer: '' })}>{t('editor.addPair')}</Button>
      </Box>
      <DistractorFields form={form} />
    </Box>
  );
}

/** Extra wrong answers of a matching question: offered among the choices, matching no prompt. */
function DistractorFields({ form }: { form: UseFormReturn<EditorValues> }) {
  const { t } = useTranslation();
  const check = useRuleMessage();
  const { fields, append, remove } = useFieldArray({ control: form.control, name: 'distractors' });
  const errors = form.formState.errors.distractors;
  return (
    <Box role="group" aria-labelledby="distractors-title" sx={{ display: 'grid', gap: 2 }}>
      <SectionTitle id="distractors-title">{t('editor.distractors')}</SectionTitle>
      {fields.map((f, i) => (
        <Box key={f.id} sx={rowSx}>
          <TextField
            label={t('editor.distractor', { n: i + 1 })}
            {...form.register(`distractors.${i}.text`, { validate: check.required })}
            error={!!errors?.[i]?.text}
            helperText={errors?.[i]?.text?.message}
            sx={{ flex: '1 1 200px' }}
          />
          <IconButton aria-label={t('editor.removeDistractor', { n: i + 1 })} onClick={() => remove(i)}>
            <span aria-hidden>✕</span>
          </IconButton>
        </Box>
      ))}
      <Box>
        <Button onClick={() => append({ text: '' })}>{t('editor.addDistractor')}</Button>
      </Box>
    </Box>
  );
}

function Images({ control }: { control: Control<EditorValues> }) {
  const { t } = useTranslation();
  const { fields, append, remove } = useFieldArray({ control, name: 'files' });
  const input = useRef<HTMLInputElement>(null);
  return (
    <Box role="group" aria-labelledby="images-title" sx={{ display: 'grid', gap: 1 }}>
      <SectionTitle id="images-title">{t('editor.images')}</SectionTitle>
      <Box component="ul" sx={{ m: 0, pl: 0, listStyle: 'none', display: 'grid', gap: 1 }}>
        {fields.map((f, i) => (
          <Box component="li" key={f.id} sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
            <span>{f.name}</span>
            <Button size="small" onClick={() => remove(i)} aria-label={t('editor.removeImage', { name: f.name })}>
              {t('common.remove')}
            </Button>
          </Box>
        ))}
      </Box>
      <Box>
        <Button variant="outlined" onClick={() => input.current?.click()}>
          {t('editor.addImage')}
        </Button>
        <input
          ref={input}
          type="file"
          accept="image/png,image/jpeg,image/gif,image/webp"
          hidden
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            append({
              name: file.name,
              mimeType: file.type || 'application/octet-stream',
              base64: await blobToBase64(file),
            });
          }}
        />
      </Box>
    </Box>
  );
}

const rowSx = { display: 'flex', flexWrap: 'wrap', gap: 1.5, alignItems: 'flex-start' } as const;
