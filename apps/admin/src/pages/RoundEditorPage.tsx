import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useFieldArray, useForm, type FieldPath } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { errorMessage, fieldErrors } from '../api/errors';
import { contestApi, contestKeys, type CreateRound, type RoundSettings, type UpdateRound } from '../contests/api';
import { fromVnInput, toVnInput } from '../contests/time';
import '../i18n/contests';
import { PageHeader } from '../layout/PageHeader';
import { QueryState } from '../layout/QueryState';
import { formatNumber, parseDecimal } from '../lib/format';

const LEVELS = ['none', 'score', 'answers', 'solutions'] as const;
type Level = (typeof LEVELS)[number];
const KEYS = ['score', 'prediction', 'duration', 'submittedAt'] as const;
type RankingKey = (typeof KEYS)[number];

interface RoundForm {
  title: string;
  bankId: string;
  opensAt: string;
  closesAt: string;
  durationMinutes: string;
  maxAttempts: string;
  countedAttempt: 'best' | 'first' | 'last';
  pointsPerQuestion: string;
  reviewAfterSubmit: Level;
  reviewAfterClose: Level;
  hasPrediction: boolean;
  predictionQuestion: string;
  predictionTarget: 'perfect_scorers' | 'participants';
  ranking: RankingKey[];
  blueprint: { category: string; difficulty: '' | '1' | '2' | '3'; count: string }[];
  audience: { id: string; name: string }[];
}

/** Where the API names a field differently from the form. */
const API_TO_FORM: Record<string, FieldPath<RoundForm>> = {
  durationSeconds: 'durationMinutes',
  'review.afterSubmit': 'reviewAfterSubmit',
  'review.afterClose': 'reviewAfterClose',
  review: 'reviewAfterClose',
  prediction: 'predictionQuestion',
  'prediction.question': 'predictionQuestion',
  'prediction.target': 'predictionTarget',
  blueprint: 'blueprint.0.count',
};
/** Which API setting each form field belongs to (what the round's `editable` list names). */
const FORM_TO_API: Partial<Record<keyof RoundForm, string>> = {
  durationMinutes: 'durationSeconds',
  reviewAfterSubmit: 'review',
  reviewAfterClose: 'review',
  hasPrediction: 'prediction',
  audience: 'audience',
  predictionQuestion: 'prediction',
  predictionTarget: 'prediction',
};

function inHour(hours: number): string {
  const d = new Date(Date.now() + hours * 3_600_000);
  d.setUTCMinutes(0, 0, 0);
  return toVnInput(d.toISOString());
}

function toForm(s: RoundSettings | null): RoundForm {
  if (!s)
    return {
      title: '',
      bankId: '',
      opensAt: inHour(1),
      closesAt: inHour(24 * 7),
      durationMinutes: '15',
      maxAttempts: '1',
      countedAttempt: 'best',
      pointsPerQuestion: '1',
      reviewAfterSubmit: 'score',
      reviewAfterClose: 'answers',
      hasPrediction: true,
      predictionQuestion: 'Có bao nhiêu người trả lời đúng tất cả các câu hỏi của vòng thi này?',
      predictionTarget: 'perfect_scorers',
      ranking: [...KEYS],
      blueprint: [{ category: '', difficulty: '', count: '10' }],
      audience: [],
    };
  return {
    title: s.title,
    bankId: s.bankId,
    opensAt: toVnInput(s.opensAt),
    closesAt: toVnInput(s.closesAt),
    durationMinutes: String(Math.round((s.durationSeconds / 60) * 100) / 100).replace('.', ','),
    maxAttempts: String(s.maxAttempts),
    countedAttempt: s.countedAttempt as RoundForm['countedAttempt'],
    pointsPerQuestion: String(s.pointsPerQuestion).replace('.', ','),
    reviewAfterSubmit: s.review.afterSubmit,
    reviewAfterClose: s.review.afterClose,
    hasPrediction: !!s.prediction,
    predictionQuestion: s.prediction?.question ?? '',
    predictionTarget: (s.prediction?.target as RoundForm['predictionTarget']) ?? 'perfect_scorers',
    ranking: s.ranking as RankingKey[],
    blueprint: s.blueprint.map((b) => ({
      category: b.category,
      difficulty: (b.difficulty ? String(b.difficulty) : '') as RoundForm['blueprint'][number]['difficulty'],
      count: String(b.count),
    })),
    audience: s.audienceUnits,
  };
}

/** Creates a round (/contests/:contestId/rounds/new) or edits one (/rounds/:roundId/edit). */
export default function RoundEditorPage() {
  const { roundId, contestId } = useParams();
  const settings = useQuery({
    queryKey: contestKeys.settings(roundId ?? 'new'),
    queryFn: () => contestApi.settings(roundId!),
    enabled: !!roundId,
  });
  if (!roundId) return <RoundEditor settings={null} contestId={contestId!} />;
  return <QueryState query={settings}>{(s) => <RoundEditor settings={s} contestId={s.contestId} />}</QueryState>;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper component="fieldset" sx={{ p: 2, mb: 2, border: 0, minWidth: 0 }}>
      <Typography component="legend" variant="h6" sx={{ float: 'left', width: '100%', mb: 1 }}>
        {title}
      </Typography>
      <Box
        sx={{
          clear: 'both',
          display: 'grid',
          gap: 2,
          gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: 'repeat(2, minmax(0, 1fr))' },
        }}
      >
        {children}
      </Box>
    </Paper>
  );
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

function RoundEditor({ settings, contestId }: { settings: RoundSettings | null; contestId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm<RoundForm>({ defaultValues: toForm(settings) });
  const { register, handleSubmit, setError, formState, watch, setValue, control } = form;
  const slots = useFieldArray({ control, name: 'blueprint' });
  const banks = useQuery({ queryKey: ['banks'], queryFn: contestApi.banks });
  const bankId = watch('bankId');
  const categories = useQuery({
    queryKey: ['banks', bankId, 'categories'],
    queryFn: () => contestApi.categories(bankId),
    enabled: !!bankId,
  });
  const categoryPaths = useMemo(() => {
    const out: string[] = [];
    const walk = (nodes: { path: string; children: unknown[] }[]) => {
      for (const n of nodes) {
        out.push(n.path);
        walk(n.children as { path: string; children: unknown[] }[]);
      }
    };
    walk((categories.data?.roots ?? []) as { path: string; children: unknown[] }[]);
    return out;
  }, [categories.data]);

  const blueprint = watch('blueprint');
  const wanted = useDebounced(
    JSON.stringify({
      bankId,
      blueprint: blueprint
        .filter((b) => b.category.trim() && Number(b.count) >= 1)
        .map((b) => ({
          category: b.category.trim(),
          count: Math.min(200, Math.floor(Number(b.count))),
          ...(b.difficulty ? { difficulty: Number(b.difficulty) as 1 | 2 | 3 } : {}),
        })),
    }),
    400,
  );
  const wantedBody = JSON.parse(wanted) as { bankId: string; blueprint: { category: string; count: number }[] };
  const check = useQuery({
    queryKey: ['blueprint-check', wanted],
    queryFn: () => contestApi.checkBlueprint(wantedBody as never),
    enabled: !!wantedBody.bankId && wantedBody.blueprint.length > 0,
  });
  /** The check's answer for the slot at index i of the form (slots with no category yet are skipped in the call). */
  const slotCheck = (i: number) => {
    const b = blueprint[i];
    if (!b || !b.category.trim() || !check.data) return null;
    const index = blueprint.slice(0, i).filter((x) => x.category.trim() && Number(x.count) >= 1).length;
    const s = check.data.slots[index];
    return s && s.category === b.category.trim().normalize('NFC') ? s : null;
  };

  const editable = settings?.editable ?? null;
  const locked = (field: keyof RoundForm | 'blueprint' | 'bankId') =>
    !!editable && !editable.includes(FORM_TO_API[field as keyof RoundForm] ?? field);

  const ranking = watch('ranking');
  const move = (i: number, by: -1 | 1) => {
    const next = [...ranking];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    setValue('ranking', next, { shouldDirty: true });
  };

  const save = useMutation({
    mutationFn: async (v: RoundForm) => {
      const body: CreateRound = {
        title: v.title.trim(),
        bankId: v.bankId,
        opensAt: fromVnInput(v.opensAt)!,
        closesAt: fromVnInput(v.closesAt)!,
        durationSeconds: Math.round(parseDecimal(v.durationMinutes)! * 60),
        maxAttempts: Number(v.maxAttempts),
        countedAttempt: v.countedAttempt,
        pointsPerQuestion: parseDecimal(v.pointsPerQuestion)!,
        review: { afterSubmit: v.reviewAfterSubmit, afterClose: v.reviewAfterClose },
        ranking: v.ranking,
        audience: { unitIds: v.audience.map((u) => u.id) },
        blueprint: v.blueprint.map((b) => ({
          category: b.category.trim(),
          count: Number(b.count),
          ...(b.difficulty ? { difficulty: Number(b.difficulty) as 1 | 2 | 3 } : {}),
        })),
        ...(v.hasPrediction
          ? { prediction: { question: v.predictionQuestion.trim(), target: v.predictionTarget } }
          : {}),
      };
      if (!settings) return (await contestApi.createRound(contestId, body)).id;
      const patch: UpdateRound = Object.fromEntries(
        Object.entries(body).filter(([k]) => settings.editable.includes(k)),
      ) as UpdateRound;
      await contestApi.updateRound(settings.id, patch);
      return settings.id;
    },
    onSuccess: async (id) => {
      await queryClient.invalidateQueries({ queryKey: ['rounds', id] });
      await queryClient.invalidateQueries({ queryKey: contestKeys.list });
      await navigate(`/rounds/${id}`);
    },
    onError: (error) => {
      let first = true;
      for (const [field, message] of fieldErrors(error)) {
        const name = API_TO_FORM[field] ?? (field as FieldPath<RoundForm>);
        setError(name, { message }, { shouldFocus: first });
        first = false;
      }
    },
  });

  const err = (name: FieldPath<RoundForm>) => {
    const parts = name.split('.');
    let e: unknown = formState.errors;
    for (const p of parts) e = (e as Record<string, unknown> | undefined)?.[p];
    return (e as { message?: string } | undefined)?.message;
  };
  const whole = (min: number, max: number) => ({
    required: t('validation.required'),
    validate: (v: string) => (/^\d+$/.test(v.trim()) && +v >= min && +v <= max) || t('round.whole', { min, max }),
  });
  const time = {
    required: t('validation.required'),
    validate: (v: string) => fromVnInput(v) !== null || t('round.timeInvalid'),
  };
  const totalQuestions = blueprint.reduce((n, b) => n + (Number(b.count) || 0), 0);
  const points = parseDecimal(watch('pointsPerQuestion') ?? '') ?? 0;
  const hasPrediction = watch('hasPrediction');
  const title = settings ? t('round.editTitle', { title: settings.title }) : t('round.createTitle');
  const shownError = save.isError && fieldErrors(save.error).size === 0;

  return (
    <>
      <PageHeader title={title}>
        {settings && (
          <Typography color="text.secondary">{t('round.contest', { title: settings.contestTitle })}</Typography>
        )}
      </PageHeader>
      {settings && settings.editable.length < 14 && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {settings.phase === 'closed' ? t('round.closedNote') : t('round.lockedNote', { attempts: settings.attempts })}
        </Alert>
      )}
      <form
        noValidate
        onSubmit={handleSubmit((v) => {
          const o = fromVnInput(v.opensAt);
          const c = fromVnInput(v.closesAt);
          if (o && c && Date.parse(c) <= Date.parse(o)) {
            setError('closesAt', { message: t('round.closesAfterOpens') }, { shouldFocus: true });
            return;
          }
          save.mutate(v);
        })}
      >
        {shownError && (
          <Alert severity="error" sx={{ mb: 2 }} role="alert">
            {errorMessage(save.error)}
          </Alert>
        )}
        <Section title={t('round.general')}>
          <TextField
            {...register('title', {
              required: t('validation.required'),
              maxLength: { value: 200, message: t('validation.maxLength', { max: 200 }) },
            })}
            label={t('round.name')}
            disabled={locked('title')}
            error={!!err('title')}
            helperText={err('title')}
          />
          <TextField
            select
            {...register('bankId', { required: t('validation.required') })}
            label={t('round.bank')}
            disabled={locked('bankId')}
            error={!!err('bankId')}
            helperText={err('bankId')}
            slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
          >
            <option value="">—</option>
            {(banks.data ?? []).map((b) => (
              <option key={b.id} value={b.id}>
                {b.name} ({formatNumber(b.publishedCount)})
              </option>
            ))}
          </TextField>
          <TextField
            {...register('opensAt', time)}
            label={t('round.opensAt')}
            disabled={locked('opensAt')}
            error={!!err('opensAt')}
            helperText={err('opensAt') ?? t('round.timeHint')}
            slotProps={{ htmlInput: { inputMode: 'numeric', autoComplete: 'off' } }}
          />
          <TextField
            {...register('closesAt', time)}
            label={t('round.closesAt')}
            disabled={locked('closesAt')}
            error={!!err('closesAt')}
            helperText={err('closesAt') ?? t('round.timeHint')}
            slotProps={{ htmlInput: { inputMode: 'numeric', autoComplete: 'off' } }}
          />
        </Section>

        <Section title={t('round.rules')}>
          <TextField
            {...register('durationMinutes', {
              required: t('validation.required'),
              validate: (v) => {
                const n = parseDecimal(v);
                return (n !== null && n * 60 >= 10 && n * 60 <= 14400) || t('round.whole', { min: 1, max: 240 });
              },
            })}
            label={t('round.duration')}
            disabled={locked('durationMinutes')}
            error={!!err('durationMinutes')}
            helperText={err('durationMinutes')}
            slotProps={{ htmlInput: { inputMode: 'decimal' } }}
          />
          <TextField
            {...register('maxAttempts', whole(1, 100))}
            label={t('round.maxAttempts')}
            disabled={locked('maxAttempts')}
            error={!!err('maxAttempts')}
            helperText={err('maxAttempts')}
            slotProps={{ htmlInput: { inputMode: 'numeric' } }}
          />
          <TextField
            select
            {...register('countedAttempt')}
            label={t('round.countedAttempt')}
            disabled={locked('countedAttempt')}
            slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
          >
            {(['best', 'first', 'last'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`round.counted.${k}`)}
              </option>
            ))}
          </TextField>
          <TextField
            {...register('pointsPerQuestion', {
              required: t('validation.required'),
              validate: (v) => {
                const n = parseDecimal(v);
                return (n !== null && n >= 0.01 && n <= 1000) || t('validation.number');
              },
            })}
            label={t('round.points')}
            disabled={locked('pointsPerQuestion')}
            error={!!err('pointsPerQuestion')}
            helperText={err('pointsPerQuestion')}
            slotProps={{ htmlInput: { inputMode: 'decimal' } }}
          />
          <TextField
            select
            {...register('reviewAfterSubmit')}
            label={`${t('round.review')}: ${t('round.afterSubmit')}`}
            disabled={locked('reviewAfterSubmit')}
            error={!!err('reviewAfterSubmit')}
            helperText={err('reviewAfterSubmit')}
            slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
          >
            {LEVELS.map((k) => (
              <option key={k} value={k}>
                {t(`round.reviewLevels.${k}`)}
              </option>
            ))}
          </TextField>
          <TextField
            select
            {...register('reviewAfterClose', {
              validate: (v, all) => LEVELS.indexOf(v) >= LEVELS.indexOf(all.reviewAfterSubmit) || t('round.review'),
            })}
            label={`${t('round.review')}: ${t('round.afterClose')}`}
            disabled={locked('reviewAfterClose')}
            error={!!err('reviewAfterClose')}
            helperText={err('reviewAfterClose')}
            slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
          >
            {LEVELS.map((k) => (
              <option key={k} value={k}>
                {t(`round.reviewLevels.${k}`)}
              </option>
            ))}
          </TextField>
        </Section>

        <Section title={t('round.prediction')}>
          <FormControlLabel
            control={
              <Checkbox
                {...register('hasPrediction')}
                defaultChecked={form.getValues('hasPrediction')}
                disabled={locked('hasPrediction')}
              />
            }
            label={t('round.hasPrediction')}
            sx={{ gridColumn: '1 / -1' }}
          />
          {hasPrediction && (
            <>
              <TextField
                {...register('predictionQuestion', {
                  validate: (v, all) => !all.hasPrediction || v.trim().length >= 3 || t('validation.required'),
                })}
                label={t('round.predictionQuestion')}
                multiline
                disabled={locked('predictionQuestion')}
                error={!!err('predictionQuestion')}
                helperText={err('predictionQuestion')}
              />
              <TextField
                select
                {...register('predictionTarget')}
                label={t('round.predictionTarget')}
                disabled={locked('predictionTarget')}
                slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
              >
                {(['perfect_scorers', 'participants'] as const).map((k) => (
                  <option key={k} value={k}>
                    {t(`round.targets.${k}`)}
                  </option>
                ))}
              </TextField>
            </>
          )}
        </Section>

        <Section title={t('round.audience')}>
          <AudiencePicker
            value={watch('audience')}
            onChange={(units) => setValue('audience', units, { shouldDirty: true })}
            disabled={locked('audience')}
            error={err('audience')}
          />
        </Section>

        <Section title={t('round.ranking')}>
          <Box sx={{ gridColumn: '1 / -1' }}>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
              {t('round.rankingHint')}
            </Typography>
            <Box component="ol" sx={{ m: 0, pl: 3 }}>
              {ranking.map((k, i) => (
                <Box component="li" key={k} sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
                  <Typography sx={{ flex: '1 1 160px' }}>{t(`round.rankingKeys.${k}`)}</Typography>
                  <Button
                    size="small"
                    disabled={i === 0 || locked('ranking')}
                    onClick={() => move(i, -1)}
                    aria-label={t('round.moveUp', { key: t(`round.rankingKeys.${k}`) })}
                  >
                    ↑
                  </Button>
                  <Button
                    size="small"
                    disabled={i === ranking.length - 1 || locked('ranking')}
                    onClick={() => move(i, 1)}
                    aria-label={t('round.moveDown', { key: t(`round.rankingKeys.${k}`) })}
                  >
                    ↓
                  </Button>
                </Box>
              ))}
            </Box>
          </Box>
        </Section>

        <Paper component="fieldset" sx={{ p: 2, mb: 2, border: 0, minWidth: 0 }} aria-describedby="blueprint-hint">
          <Typography component="legend" variant="h6" sx={{ float: 'left', width: '100%' }}>
            {t('round.blueprint')}
          </Typography>
          <Typography id="blueprint-hint" variant="body2" color="text.secondary" sx={{ clear: 'both', mb: 2 }}>
            {t('round.blueprintHint')}
          </Typography>
          <datalist id="blueprint-categories">
            {categoryPaths.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
          {slots.fields.map((f, i) => {
            const s = slotCheck(i);
            const serverError = err(`blueprint.${i}.count`);
            const status = serverError
              ? serverError
              : s
                ? s.enough
                  ? t('round.available', { available: formatNumber(s.available) })
                  : t('round.notEnough', { available: formatNumber(s.available), count: formatNumber(s.count) })
                : check.isFetching && blueprint[i]?.category
                  ? t('round.checking')
                  : ' ';
            const bad = !!serverError || (s !== null && !s.enough);
            return (
              <Box
                key={f.id}
                data-testid={`slot-${i}`}
                sx={{
                  display: 'grid',
                  gap: 1,
                  gridTemplateColumns: {
                    xs: 'minmax(0, 1fr)',
                    sm: 'minmax(0, 2fr) minmax(0, 1fr) minmax(0, 1fr) auto',
                  },
                  alignItems: 'start',
                  mb: 2,
                }}
              >
                <TextField
                  {...register(`blueprint.${i}.category`, { required: t('validation.required') })}
                  label={t('round.category', { n: i + 1 })}
                  disabled={locked('blueprint')}
                  error={!!err(`blueprint.${i}.category`)}
                  helperText={err(`blueprint.${i}.category`)}
                  slotProps={{ htmlInput: { list: 'blueprint-categories', autoComplete: 'off' } }}
                />
                <TextField
                  select
                  {...register(`blueprint.${i}.difficulty`)}
                  label={t('round.difficulty', { n: i + 1 })}
                  disabled={locked('blueprint')}
                  slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
                >
                  <option value="">{t('round.anyDifficulty')}</option>
                  {(['1', '2', '3'] as const).map((d) => (
                    <option key={d} value={d}>
                      {t(`difficulty.${d}`)}
                    </option>
                  ))}
                </TextField>
                <TextField
                  {...register(`blueprint.${i}.count`, whole(1, 200))}
                  label={t('round.count', { n: i + 1 })}
                  disabled={locked('blueprint')}
                  error={bad || !!err(`blueprint.${i}.count`)}
                  helperText={err(`blueprint.${i}.count`) ?? status}
                  slotProps={{
                    htmlInput: { inputMode: 'numeric' },
                    formHelperText: { role: bad ? 'alert' : undefined, 'aria-live': 'polite' } as object,
                  }}
                />
                <Button
                  onClick={() => slots.remove(i)}
                  disabled={slots.fields.length === 1 || locked('blueprint')}
                  aria-label={t('round.removeSlot', { n: i + 1 })}
                  sx={{ mt: 1 }}
                >
                  {t('common.remove')}
                </Button>
              </Box>
            );
          })}
          <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
            <Button
              onClick={() => slots.append({ category: '', difficulty: '', count: '5' })}
              disabled={locked('blueprint') || slots.fields.length >= 50}
            >
              {t('round.addSlot')}
            </Button>
            <Typography>
              {t('round.total', {
                count: formatNumber(totalQuestions),
                points: formatNumber(Math.round(totalQuestions * points * 100) / 100),
              })}
            </Typography>
          </Box>
        </Paper>

        <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
          <Button type="submit" variant="contained" disabled={save.isPending}>
            {save.isPending ? t('round.saving') : settings ? t('round.save') : t('round.create')}
          </Button>
          <Button onClick={() => void navigate(settings ? `/rounds/${settings.id}` : '/contests')}>
            {t('common.cancel')}
          </Button>
        </Box>
      </form>
    </>
  );
}

/** Units whose subtrees may take part, searched by name as the organizer types (none: the whole city). */
function AudiencePicker({
  value,
  onChange,
  disabled,
  error,
}: {
  value: { id: string; name: string }[];
  onChange: (units: { id: string; name: string }[]) => void;
  disabled: boolean;
  error?: string;
}) {
  const { t } = useTranslation();
  const [input, setInput] = useState('');
  const q = useDebounced(input.trim(), 300);
  const found = useQuery({
    queryKey: ['units', 'search', q],
    queryFn: () => contestApi.searchUnits(q),
    enabled: q.length >= 2,
  });
  const options = (found.data ?? []).map((u) => ({
    id: u.id,
    name: u.trail.length ? `${u.name} (${u.trail[u.trail.length - 1]})` : u.name,
  }));
  return (
    <Autocomplete
      multiple
      sx={{ gridColumn: '1 / -1' }}
      options={options}
      value={value}
      disabled={disabled}
      filterOptions={(x) => x}
      loading={found.isFetching}
      getOptionLabel={(o) => o.name}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      inputValue={input}
      onInputChange={(_, v) => setInput(v)}
      onChange={(_, units) => onChange(units)}
      renderInput={(params) => (
        <TextField
          {...params}
          name="audience"
          label={t('round.audienceUnits')}
          error={!!error}
          helperText={error ?? t('round.audienceHint')}
        />
      )}
    />
  );
}
