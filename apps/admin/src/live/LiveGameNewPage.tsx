import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, type Schemas } from '../api/client';
import { ApiError, errorMessage, fieldErrors, unwrap } from '../api/errors';
import { loadLiveMessages } from '../i18n/live';
import { PageHeader } from '../layout/PageHeader';

loadLiveMessages();

/** The question types a live game plays (the API refuses the others). */
const PLAYABLE = new Set(['single', 'multiple', 'truefalse', 'numerical']);

interface Form {
  title: string;
  bankId: string;
  source: 'bank' | 'picked';
  category: string;
  questionCount: string;
  questionTimeSeconds: string;
  scoring: 'speed' | 'accuracy';
  streaks: boolean;
}

type Picked = Pick<Schemas['QuestionSummaryDto'], 'id' | 'text' | 'type'>;

function categoryPaths(nodes: Schemas['CategoryNodeDto'][]): { path: string; total: number }[] {
  return nodes.flatMap((n) => [{ path: n.path, total: n.total }, ...categoryPaths(n.children)]);
}

/** Creates a live game from a bank (drawn by category and count) or from questions picked one by one. */
export default function LiveGameNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { register, handleSubmit, control, watch, setError, formState } = useForm<Form>({
    defaultValues: {
      title: '',
      bankId: '',
      source: 'bank',
      category: '',
      questionCount: '10',
      questionTimeSeconds: '20',
      scoring: 'speed',
      streaks: true,
    },
  });
  const bankId = watch('bankId');
  const source = watch('source');
  const [picked, setPicked] = useState<Picked[]>([]);
  const [pickError, setPickError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const query = useDeferredValue(search.trim());

  const banks = useQuery({ queryKey: ['banks'], queryFn: () => unwrap(api.GET('/api/v1/question-banks')) });
  const categories = useQuery({
    queryKey: ['bank-categories', bankId],
    enabled: Boolean(bankId),
    queryFn: () => unwrap(api.GET('/api/v1/question-banks/{bankId}/categories', { params: { path: { bankId } } })),
  });
  const found = useQuery({
    queryKey: ['live-pick', bankId, query],
    enabled: Boolean(bankId) && source === 'picked',
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/question-banks/{bankId}/questions', {
          params: {
            path: { bankId },
            query: { status: 'published', pageSize: 30, ...(query ? { q: query } : {}) },
          },
        }),
      ),
  });

  const create = useMutation({
    mutationFn: (form: Form) =>
      unwrap(
        api.POST('/api/v1/live-games', {
          body: {
            title: form.title.trim(),
            bankId: form.bankId,
            questionTimeSeconds: Number(form.questionTimeSeconds),
            scoring: form.scoring,
            streaks: form.streaks,
            ...(form.source === 'picked'
              ? { questionIds: picked.map((q) => q.id), questionCount: picked.length }
              : {
                  questionCount: Number(form.questionCount),
                  ...(form.category ? { category: form.category } : {}),
                }),
          },
        }),
      ),
    onSuccess: (created) => void navigate(`/live/${created.gameId}/host`),
    onError: (error) => {
      let placed = false;
      const place = (field: keyof Form, message: string) => {
        setError(field, { message }, { shouldFocus: !placed });
        placed = true;
      };
      if (error instanceof ApiError && error.code === 'BLUEPRINT_UNSATISFIABLE') {
        const available = (error.body.details as { available?: number } | undefined)?.available;
        place('questionCount', available === undefined ? errorMessage(error) : t('live.notEnough', { available }));
        return;
      }
      if (error instanceof ApiError && (error.code === 'QUESTION_NOT_FOUND' || error.code === 'OUT_OF_SCOPE')) {
        if (source === 'picked') setPickError(errorMessage(error));
        else place('bankId', errorMessage(error));
        return;
      }
      for (const [field, message] of fieldErrors(error)) {
        if (field === 'questionIds') setPickError(message);
        else if (['title', 'bankId', 'category', 'questionCount', 'questionTimeSeconds'].includes(field))
          place(field as keyof Form, message);
      }
      if (!placed) setFormError(errorMessage(error));
    },
  });

  const submit = handleSubmit((form) => {
    setFormError(null);
    setPickError(null);
    if (form.source === 'picked' && picked.length === 0) {
      setPickError(t('live.pickSome'));
      return;
    }
    create.mutate(form);
  });

  const toggle = (q: Picked) =>
    setPicked((list) => (list.some((p) => p.id === q.id) ? list.filter((p) => p.id !== q.id) : [...list, q]));
  const playable = (found.data?.items ?? []).filter((q) => PLAYABLE.has(q.type));
  const err = formState.errors;

  return (
    <>
      <PageHeader title={t('live.newTitle')} />
      <Paper component="form" noValidate onSubmit={(e) => void submit(e)} sx={{ p: { xs: 2, md: 3 }, maxWidth: 960 }}>
        {formError && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {formError}
          </Alert>
        )}
        <Box sx={{ display: 'grid', gap: 2.5 }}>
          <TextField
            label={t('live.title')}
            required
            {...register('title', {
              validate: (v) => (v.trim().length > 0 && v.trim().length <= 200) || t('live.titleRequired'),
            })}
            error={Boolean(err.title)}
            helperText={err.title?.message}
          />
          <Controller
            name="bankId"
            control={control}
            rules={{ required: t('live.bankRequired') }}
            render={({ field }) => (
              <TextField
                select
                required
                label={t('live.bank')}
                {...field}
                onChange={(e) => {
                  field.onChange(e.target.value);
                  setPicked([]);
                }}
                error={Boolean(err.bankId)}
                helperText={err.bankId?.message ?? t('live.bankHint')}
              >
                {(banks.data ?? []).map((b) => (
                  <MenuItem key={b.id} value={b.id}>
                    {b.name} ({b.publishedCount})
                  </MenuItem>
                ))}
              </TextField>
            )}
          />
          <Controller
            name="source"
            control={control}
            render={({ field }) => (
              <FormControl>
                <FormLabel id="live-source">{t('live.source')}</FormLabel>
                <RadioGroup row aria-labelledby="live-source" {...field}>
                  <FormControlLabel value="bank" control={<Radio />} label={t('live.fromBank')} />
                  <FormControlLabel value="picked" control={<Radio />} label={t('live.handPicked')} />
                </RadioGroup>
              </FormControl>
            )}
          />
          {source === 'bank' ? (
            <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '2fr 1fr' } }}>
              <Controller
                name="category"
                control={control}
                render={({ field }) => (
                  <TextField
                    select
                    label={t('live.category')}
                    {...field}
                    disabled={!bankId}
                    error={Boolean(err.category)}
                    helperText={err.category?.message}
                    slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
                  >
                    <MenuItem value="">{t('live.allCategories')}</MenuItem>
                    {categoryPaths(categories.data?.roots ?? []).map((c) => (
                      <MenuItem key={c.path} value={c.path}>
                        {c.path} ({c.total})
                      </MenuItem>
                    ))}
                  </TextField>
                )}
              />
              <TextField
                label={t('live.count')}
                required
                slotProps={{ htmlInput: { inputMode: 'numeric' } }}
                {...register('questionCount', {
                  validate: (v) => (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 100) || t('live.countRange'),
                })}
                error={Boolean(err.questionCount)}
                helperText={err.questionCount?.message ?? t('live.countHint')}
              />
            </Box>
          ) : (
            <PickQuestions
              disabled={!bankId}
              search={search}
              onSearch={setSearch}
              results={playable}
              loading={found.isFetching}
              picked={picked}
              toggle={toggle}
              error={pickError}
            />
          )}
          <TextField
            label={t('live.time')}
            required
            slotProps={{ htmlInput: { inputMode: 'numeric' } }}
            {...register('questionTimeSeconds', {
              validate: (v) => (/^\d+$/.test(v) && Number(v) >= 5 && Number(v) <= 300) || t('live.timeRange'),
            })}
            error={Boolean(err.questionTimeSeconds)}
            helperText={err.questionTimeSeconds?.message ?? t('live.timeHint')}
            sx={{ maxWidth: 320 }}
          />
          <Controller
            name="scoring"
            control={control}
            render={({ field }) => (
              <FormControl>
                <FormLabel id="live-scoring">{t('live.scoring')}</FormLabel>
                <RadioGroup aria-labelledby="live-scoring" {...field}>
                  <FormControlLabel value="speed" control={<Radio />} label={t('live.speed')} />
                  <FormControlLabel value="accuracy" control={<Radio />} label={t('live.accuracy')} />
                </RadioGroup>
              </FormControl>
            )}
          />
          <Controller
            name="streaks"
            control={control}
            render={({ field }) => (
              <FormControlLabel
                control={<Checkbox checked={field.value} onChange={(e) => field.onChange(e.target.checked)} />}
                label={t('live.streaks')}
              />
            )}
          />
          <Box>
            <Button type="submit" variant="contained" size="large" disabled={create.isPending}>
              {create.isPending ? t('live.submitting') : t('live.submit')}
            </Button>
          </Box>
        </Box>
      </Paper>
    </>
  );
}

function PickQuestions({
  disabled,
  search,
  onSearch,
  results,
  loading,
  picked,
  toggle,
  error,
}: {
  disabled: boolean;
  search: string;
  onSearch: (s: string) => void;
  results: Picked[];
  loading: boolean;
  picked: Picked[];
  toggle: (q: Picked) => void;
  error: string | null;
}) {
  const { t } = useTranslation();
  const chosen = new Set(picked.map((p) => p.id));
  return (
    <Box
      sx={{
        display: 'grid',
        gap: 2,
        gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: 'minmax(0, 1fr) minmax(0, 1fr)' },
      }}
    >
      <Box sx={{ minWidth: 0 }}>
        <TextField
          type="search"
          fullWidth
          disabled={disabled}
          label={t('live.search')}
          value={search}
          onChange={(e) => onSearch(e.target.value)}
        />
        <Typography component="h2" variant="subtitle1" sx={{ mt: 1, fontWeight: 600 }}>
          {t('live.searchResults')}
        </Typography>
        <Box
          aria-busy={loading}
          sx={{ maxHeight: 360, overflowY: 'auto', border: '1px solid #ccc', borderRadius: 1, p: 1 }}
        >
          {results.length === 0 ? (
            <Typography>{t('live.noResults')}</Typography>
          ) : (
            results.map((q) => (
              <FormControlLabel
                key={q.id}
                sx={{
                  display: 'flex',
                  alignItems: 'flex-start',
                  mx: 0,
                  '& .MuiFormControlLabel-label': { minWidth: 0, overflowWrap: 'anywhere', pt: 1 },
                }}
                control={
                  <Checkbox
                    checked={chosen.has(q.id)}
                    onChange={() => toggle(q)}
                    slotProps={{ input: { 'aria-label': t('live.pick', { text: q.text.slice(0, 120) }) } }}
                  />
                }
                label={q.text}
              />
            ))
          )}
        </Box>
      </Box>
      <Box sx={{ minWidth: 0 }}>
        <Typography component="h2" variant="subtitle1" sx={{ fontWeight: 600 }}>
          {t('live.picked', { count: picked.length })}
        </Typography>
        {picked.length === 0 ? (
          <Typography>{t('live.pickedEmpty')}</Typography>
        ) : (
          <Box component="ol" sx={{ pl: 3, m: 0 }}>
            {picked.map((q) => (
              <Box component="li" key={q.id} sx={{ mb: 1, overflowWrap: 'anywhere' }}>
                {q.text}{' '}
                <Button
                  size="small"
                  onClick={() => toggle(q)}
                  aria-label={t('live.unpick', { text: q.text.slice(0, 120) })}
                >
                  {t('live.unpickButton')}
                </Button>
              </Box>
            ))}
          </Box>
        )}
        {error && (
          <FormHelperText error role="alert" sx={{ fontSize: '0.95rem' }}>
            {error}
          </FormHelperText>
        )}
      </Box>
    </Box>
  );
}
