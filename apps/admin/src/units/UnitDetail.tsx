import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { api } from '../api/client';
import { ApiError, fieldErrors, unwrap } from '../api/errors';
import { useAuth } from '../auth/auth';
import { QueryState } from '../layout/QueryState';
import { formatNumber } from '../lib/format';
import { codePrefixUnder, kindsUnder, POPULATION_KEYS, UNIT_KEYS, unitQuery, type Counts, type Unit } from './api';
import { apiMessage, ChangeDialog } from './ChangeDialog';

type Dialogs = 'rename' | 'create' | 'move' | 'merge' | null;

/** One unit: what it is, its member counts (editable), and what can be done with it. */
export function UnitDetail({
  unitId,
  onSelect,
  onMessage,
}: {
  unitId: string;
  onSelect: (unitId: string) => void;
  onMessage: (message: string) => void;
}) {
  const { t } = useTranslation();
  const { user, hasRole } = useAuth();
  const unit = useQuery(unitQuery(unitId));
  const [dialog, setDialog] = useState<Dialogs>(null);
  const headingId = useId();
  return (
    <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 } }} component="section" aria-labelledby={headingId}>
      <QueryState query={unit}>
        {(u) => {
          // An organizer's own unit is the top of their subtree: it cannot be moved or merged from inside it.
          const ownRoot = !hasRole('admin') && u.id === user?.unit?.id;
          return (
            <>
              <Typography variant="h6" component="h2" id={headingId} sx={{ overflowWrap: 'anywhere' }}>
                {u.name}
              </Typography>
              {u.fullName && <Typography color="text.secondary">{u.fullName}</Typography>}
              <Box
                component="dl"
                sx={{ display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: 2, rowGap: 0.5, my: 1 }}
              >
                <dt>{t('units.code')}</dt>
                <Box component="dd" sx={{ m: 0, overflowWrap: 'anywhere' }}>
                  {u.code}
                </Box>
                <dt>{t('units.kind')}</dt>
                <Box component="dd" sx={{ m: 0 }}>
                  {t(`units.kinds.${u.kind}`)}
                </Box>
                {u.parentId && <ParentName parentId={u.parentId} />}
              </Box>
              <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, my: 2 }}>
                <Button variant="outlined" onClick={() => setDialog('rename')}>
                  {t('units.rename')}
                </Button>
                <Button variant="outlined" onClick={() => setDialog('create')}>
                  {t('units.create')}
                </Button>
                {!ownRoot && u.parentId && (
                  <>
                    <Button variant="outlined" onClick={() => setDialog('move')}>
                      {t('units.move')}
                    </Button>
                    <Button variant="outlined" color="warning" onClick={() => setDialog('merge')}>
                      {t('units.merge')}
                    </Button>
                  </>
                )}
                <Button component={RouterLink} to={`/units/${u.id}/members/import`}>
                  {t('units.importMembers')}
                </Button>
                <Button component={RouterLink} to={`/people?unitId=${u.id}`}>
                  {t('units.people')}
                </Button>
              </Box>
              <CountsForm key={u.id} unit={u} onSaved={() => onMessage(t('units.countsSaved'))} />
              {dialog === 'rename' && (
                <RenameDialog
                  unit={u}
                  onClose={() => setDialog(null)}
                  onDone={() => {
                    setDialog(null);
                    onMessage(t('units.renamed'));
                  }}
                />
              )}
              {dialog === 'create' && (
                <CreateDialog
                  parent={u}
                  onClose={() => setDialog(null)}
                  onDone={(created) => {
                    setDialog(null);
                    onMessage(t('units.created', { name: created.name }));
                    onSelect(created.id);
                  }}
                />
              )}
              {(dialog === 'move' || dialog === 'merge') && (
                <ChangeDialog
                  action={dialog}
                  unit={u}
                  onClose={() => setDialog(null)}
                  onDone={(message, otherId) => {
                    setDialog(null);
                    onMessage(message);
                    if (dialog === 'merge') onSelect(otherId);
                  }}
                />
              )}
            </>
          );
        }}
      </QueryState>
    </Paper>
  );
}

function ParentName({ parentId }: { parentId: string }) {
  const { t } = useTranslation();
  const parent = useQuery(unitQuery(parentId));
  return (
    <>
      <dt>{t('units.parent')}</dt>
      <Box component="dd" sx={{ m: 0, overflowWrap: 'anywhere' }}>
        {parent.data?.name ?? '…'}
      </Box>
    </>
  );
}

type CountsValues = Record<keyof Counts, string>;

function CountsForm({ unit, onSaved }: { unit: Unit; onSaved: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const toValues = (c: Counts): CountsValues => ({
    cadres: String(c.cadres),
    members: String(c.members),
    youth: String(c.youth),
    teens: String(c.teens),
  });
  const { register, handleSubmit, setError, formState, watch, reset } = useForm<CountsValues>({
    defaultValues: toValues(unit.counts),
  });
  useEffect(() => reset(toValues(unit.counts)), [unit.counts, reset]);
  const save = useMutation({
    mutationFn: (counts: Counts) =>
      unwrap(api.PATCH('/api/v1/units/{unitId}', { params: { path: { unitId: unit.id } }, body: { counts } })),
    onSuccess: async (saved) => {
      reset(toValues(saved.counts));
      await Promise.all(UNIT_KEYS.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      onSaved();
    },
    onError: (error) => {
      for (const [field, message] of fieldErrors(error)) {
        const key = field.replace(/^counts\./, '') as keyof Counts;
        if (POPULATION_KEYS.includes(key)) setError(key, { message });
      }
    },
  });
  const values = watch();
  const total = POPULATION_KEYS.reduce((sum, p) => sum + (Number(values[p]) || 0), 0);
  const headingId = useId();
  return (
    <Box
      component="form"
      noValidate
      aria-labelledby={headingId}
      onSubmit={handleSubmit((v) =>
        save.mutate({
          cadres: Number(v.cadres),
          members: Number(v.members),
          youth: Number(v.youth),
          teens: Number(v.teens),
        }),
      )}
    >
      <Typography variant="subtitle1" component="h3" id={headingId} sx={{ fontWeight: 600 }}>
        {t('units.counts')}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {t('units.countsHelp')}
      </Typography>
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' }, columnGap: 2 }}>
        {POPULATION_KEYS.map((p) => (
          <TextField
            key={p}
            {...register(p, {
              required: t('validation.required'),
              pattern: { value: /^\d{1,8}$/, message: t('validation.nonNegative') },
            })}
            label={t(`units.populations.${p}`)}
            slotProps={{ htmlInput: { inputMode: 'numeric' } }}
            margin="normal"
            error={!!formState.errors[p]}
            helperText={formState.errors[p]?.message}
          />
        ))}
      </Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap', mt: 1 }}>
        <Typography>
          {t('units.total')}: <strong>{formatNumber(total)}</strong>
        </Typography>
        <Button type="submit" variant="contained" disabled={save.isPending || !formState.isDirty}>
          {t('units.saveCounts')}
        </Button>
      </Box>
      {save.isError && fieldErrors(save.error).size === 0 && (
        <Alert severity="error" role="alert" sx={{ mt: 1 }}>
          {apiMessage(save.error)}
        </Alert>
      )}
    </Box>
  );
}

function RenameDialog({ unit, onClose, onDone }: { unit: Unit; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const titleId = useId();
  const { register, handleSubmit, setError, formState } = useForm({
    defaultValues: { name: unit.name, fullName: unit.fullName ?? '' },
  });
  const rename = useMutation({
    mutationFn: (v: { name: string; fullName: string }) =>
      unwrap(
        api.PATCH('/api/v1/units/{unitId}', {
          params: { path: { unitId: unit.id } },
          body: { name: v.name, ...(v.fullName.trim() ? { fullName: v.fullName } : {}) },
        }),
      ),
    onSuccess: async () => {
      await Promise.all(UNIT_KEYS.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      onDone();
    },
    onError: (error) => {
      for (const [field, message] of fieldErrors(error)) {
        if (field === 'name' || field === 'fullName') setError(field, { message });
      }
    },
  });
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby={titleId}>
      <form noValidate onSubmit={handleSubmit((v) => rename.mutate(v))}>
        <DialogTitle id={titleId}>{t('units.renameTitle', { name: unit.name })}</DialogTitle>
        <DialogContent>
          {rename.isError && fieldErrors(rename.error).size === 0 && (
            <Alert severity="error">{apiMessage(rename.error)}</Alert>
          )}
          <TextField
            {...register('name', {
              required: t('validation.required'),
              maxLength: { value: 200, message: t('validation.maxLength', { max: 200 }) },
            })}
            label={t('units.name')}
            autoFocus
            fullWidth
            margin="normal"
            error={!!formState.errors.name}
            helperText={formState.errors.name?.message}
          />
          <TextField
            {...register('fullName', { maxLength: { value: 300, message: t('validation.maxLength', { max: 300 }) } })}
            label={t('units.fullName')}
            fullWidth
            margin="normal"
            error={!!formState.errors.fullName}
            helperText={formState.errors.fullName?.message}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={rename.isPending}>
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

interface CreateValues {
  segment: string;
  name: string;
  kind: Unit['kind'] | '';
}

function CreateDialog({
  parent,
  onClose,
  onDone,
}: {
  parent: Unit;
  onClose: () => void;
  onDone: (created: Unit) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const titleId = useId();
  const kinds = kindsUnder(parent.kind);
  const prefix = codePrefixUnder(parent);
  const { register, handleSubmit, setError, formState, watch, control } = useForm<CreateValues>({
    defaultValues: { segment: '', name: '', kind: kinds.length === 1 ? kinds[0] : '' },
  });
  const create = useMutation({
    mutationFn: (v: CreateValues) =>
      unwrap(
        api.POST('/api/v1/units', {
          body: { parentId: parent.id, code: prefix + v.segment, name: v.name, kind: v.kind as Unit['kind'] },
        }),
      ),
    onSuccess: async (created) => {
      await Promise.all(UNIT_KEYS.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      onDone(created);
    },
    onError: (error) => {
      const fields = fieldErrors(error);
      for (const [field, message] of fields) {
        if (field === 'code') setError('segment', { message });
        if (field === 'name' || field === 'kind') setError(field, { message });
      }
      if (error instanceof ApiError && error.code === 'UNIT_CODE_TAKEN' && !fields.has('code')) {
        setError('segment', { message: apiMessage(error) });
      }
    },
  });
  const segment = watch('segment');
  const placed =
    create.error instanceof ApiError && (fieldErrors(create.error).size > 0 || create.error.code === 'UNIT_CODE_TAKEN');
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby={titleId}>
      <form noValidate onSubmit={handleSubmit((v) => create.mutate(v))}>
        <DialogTitle id={titleId}>{t('units.createTitle', { name: parent.name })}</DialogTitle>
        <DialogContent>
          {create.isError && !placed && <Alert severity="error">{apiMessage(create.error)}</Alert>}
          <TextField
            {...register('name', {
              required: t('validation.required'),
              maxLength: { value: 200, message: t('validation.maxLength', { max: 200 }) },
            })}
            label={t('units.name')}
            autoFocus
            fullWidth
            margin="normal"
            error={!!formState.errors.name}
            helperText={formState.errors.name?.message}
          />
          <TextField
            {...register('segment', {
              required: t('validation.required'),
              pattern: { value: /^[a-z0-9][a-z0-9_-]*$/, message: t('units.codePattern') },
              maxLength: { value: 99 - prefix.length, message: t('validation.maxLength', { max: 99 - prefix.length }) },
            })}
            label={t('units.codeSegment')}
            fullWidth
            margin="normal"
            error={!!formState.errors.segment}
            helperText={formState.errors.segment?.message ?? t('units.codeFull', { code: prefix + (segment || '…') })}
          />
          <Controller
            name="kind"
            control={control}
            rules={{ required: t('validation.required') }}
            render={({ field, fieldState }) => (
              <TextField
                {...field}
                select
                label={t('units.kind')}
                fullWidth
                margin="normal"
                error={!!fieldState.error}
                helperText={fieldState.error?.message}
              >
                {kinds.map((k) => (
                  <MenuItem key={k} value={k}>
                    {t(`units.kinds.${k}`)}
                  </MenuItem>
                ))}
              </TextField>
            )}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={create.isPending}>
            {t('common.create')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
