import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { errorMessage, fieldErrors } from '../api/errors';
import { contestApi, contestKeys, type ManagedContest } from '../contests/api';
import { PhaseChip } from '../contests/PhaseChip';
import { toVnInput } from '../contests/time';
import '../i18n/contests';
import { PageHeader } from '../layout/PageHeader';
import { QueryState } from '../layout/QueryState';
import { formatNumber } from '../lib/format';

/** The contests an organizer manages, each with its rounds, their phase and how many took part. */
export default function ContestsPage() {
  const { t } = useTranslation();
  const contests = useQuery({ queryKey: contestKeys.list, queryFn: contestApi.list, refetchInterval: 30_000 });
  const [editing, setEditing] = useState<ManagedContest | 'new' | null>(null);
  return (
    <>
      <PageHeader
        title={t('contests.title')}
        actions={
          <Button variant="contained" onClick={() => setEditing('new')}>
            {t('contests.create')}
          </Button>
        }
      />
      <QueryState query={contests}>
        {(list) =>
          list.length === 0 ? (
            <Alert severity="info">{t('contests.empty')}</Alert>
          ) : (
            <Box sx={{ display: 'grid', gap: 3, gridTemplateColumns: 'minmax(0, 1fr)' }}>
              {list.map((c) => (
                <Paper key={c.id} component="section" aria-labelledby={`contest-${c.id}`} sx={{ p: 2, minWidth: 0 }}>
                  <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, alignItems: 'center', mb: 1 }}>
                    <Box sx={{ flex: '1 1 240px', minWidth: 0 }}>
                      <Typography variant="h6" component="h2" id={`contest-${c.id}`} sx={{ overflowWrap: 'anywhere' }}>
                        {c.title}
                      </Typography>
                      {c.unitName && (
                        <Typography variant="body2" color="text.secondary">
                          {t('contests.unit')}: {c.unitName}
                        </Typography>
                      )}
                      {c.description && (
                        <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
                          {c.description}
                        </Typography>
                      )}
                    </Box>
                    <Button onClick={() => setEditing(c)} aria-label={t('contests.editNamed', { title: c.title })}>
                      {t('contests.edit')}
                    </Button>
                    <Button
                      variant="outlined"
                      component={RouterLink}
                      to={`/contests/${c.id}/rounds/new`}
                      aria-label={t('contests.addRoundTo', { title: c.title })}
                    >
                      {t('contests.addRound')}
                    </Button>
                  </Box>
                  {c.rounds.length === 0 ? (
                    <Typography color="text.secondary">{t('contests.noRounds')}</Typography>
                  ) : (
                    <TableContainer>
                      <Table size="small" aria-label={t('contests.rounds') + ' · ' + c.title}>
                        <TableHead>
                          <TableRow>
                            <TableCell>{t('contests.round')}</TableCell>
                            <TableCell>{t('contests.window')}</TableCell>
                            <TableCell>{t('contests.phase')}</TableCell>
                            <TableCell align="right">{t('contests.participants')}</TableCell>
                            <TableCell />
                          </TableRow>
                        </TableHead>
                        <TableBody>
                          {c.rounds.map((r) => (
                            <TableRow key={r.id}>
                              <TableCell>
                                <Link component={RouterLink} to={`/rounds/${r.id}`}>
                                  {r.title}
                                </Link>
                              </TableCell>
                              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                                {toVnInput(r.opensAt)} – {toVnInput(r.closesAt)}
                              </TableCell>
                              <TableCell>
                                <PhaseChip phase={r.phase} />
                              </TableCell>
                              <TableCell align="right">{formatNumber(r.participants)}</TableCell>
                              <TableCell>
                                <Link
                                  component={RouterLink}
                                  to={`/rounds/${r.id}/edit`}
                                  aria-label={t('contests.editRoundNamed', { title: r.title })}
                                >
                                  {t('contests.editRound')}
                                </Link>
                              </TableCell>
                            </TableRow>
                          ))}
                        </TableBody>
                      </Table>
                    </TableContainer>
                  )}
                </Paper>
              ))}
            </Box>
          )
        }
      </QueryState>
      {editing && <ContestDialog contest={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}

interface ContestForm {
  title: string;
  description: string;
}

function ContestDialog({ contest, onClose }: { contest: ManagedContest | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { register, handleSubmit, setError, formState } = useForm<ContestForm>({
    defaultValues: { title: contest?.title ?? '', description: contest?.description ?? '' },
  });
  const save = useMutation({
    mutationFn: async (body: ContestForm) => {
      if (contest) await contestApi.updateContest(contest.id, body);
      else await contestApi.createContest({ title: body.title, description: body.description || undefined });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: contestKeys.list });
      onClose();
    },
    onError: (error) => {
      for (const [field, message] of fieldErrors(error))
        if (field === 'title' || field === 'description') setError(field, { message });
    },
  });
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="contest-dialog-title">
      <form noValidate onSubmit={handleSubmit((v) => save.mutate(v))}>
        <DialogTitle id="contest-dialog-title">{contest ? t('contests.edit') : t('contests.create')}</DialogTitle>
        <DialogContent>
          {save.isError && fieldErrors(save.error).size === 0 && (
            <Alert severity="error">{errorMessage(save.error)}</Alert>
          )}
          <TextField
            {...register('title', {
              required: t('validation.required'),
              minLength: { value: 3, message: t('contests.titleLength') },
              maxLength: { value: 200, message: t('validation.maxLength', { max: 200 }) },
            })}
            label={t('contests.name')}
            autoFocus
            fullWidth
            margin="normal"
            error={!!formState.errors.title}
            helperText={formState.errors.title?.message}
          />
          <TextField
            {...register('description', {
              maxLength: { value: 5000, message: t('validation.maxLength', { max: 5000 }) },
            })}
            label={t('contests.description')}
            fullWidth
            multiline
            minRows={3}
            margin="normal"
            error={!!formState.errors.description}
            helperText={formState.errors.description?.message}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={save.isPending}>
            {contest ? t('common.save') : t('common.create')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
