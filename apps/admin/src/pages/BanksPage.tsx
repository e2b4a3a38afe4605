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
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate } from 'react-router';
import { api, type Schemas } from '../api/client';
import { errorMessage, fieldErrors, unwrap } from '../api/errors';
import { useAuth } from '../auth/auth';
import { addBankHousekeepingMessages } from '../i18n/bank-housekeeping';
import { PageHeader } from '../layout/PageHeader';
import { QueryState } from '../layout/QueryState';
import { formatDateTime, formatNumber } from '../lib/format';

export const banksQuery = { queryKey: ['banks'], queryFn: () => unwrap(api.GET('/api/v1/question-banks')) };
const archivedBanksQuery = {
  queryKey: ['banks', 'archived'],
  queryFn: () => unwrap(api.GET('/api/v1/question-banks', { params: { query: { archived: true } } })),
};

addBankHousekeepingMessages();

type Bank = Schemas['BankResponseDto'];

export default function BanksPage() {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const [showArchived, setShowArchived] = useState(false);
  const banks = useQuery(showArchived ? archivedBanksQuery : banksQuery);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Bank | null>(null);
  const [archiving, setArchiving] = useState<Bank | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const organizer = hasRole('organizer');
  return (
    <>
      <PageHeader
        title={t('banks.title')}
        actions={
          hasRole('organizer') && (
            <Button variant="contained" onClick={() => setCreating(true)}>
              {t('banks.create')}
            </Button>
          )
        }
      />
      <Tabs
        value={showArchived ? 1 : 0}
        onChange={(_, v) => {
          setShowArchived(v === 1);
          setMessage(null);
        }}
        aria-label={t('bankAdmin.lists')}
        sx={{ mb: 2 }}
      >
        <Tab label={t('bankAdmin.active')} />
        <Tab label={t('bankAdmin.archivedList')} />
      </Tabs>
      <Box role="status" aria-live="polite" sx={{ mb: message ? 2 : 0 }}>
        {message && <Alert severity="success">{message}</Alert>}
      </Box>
      <QueryState query={banks}>
        {(list) =>
          list.length === 0 ? (
            <Alert severity="info">{showArchived ? t('bankAdmin.emptyArchived') : t('banks.empty')}</Alert>
          ) : (
            <TableContainer component={Paper}>
              <Table aria-label={t('banks.title')}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t('banks.name')}</TableCell>
                    <TableCell>{t('banks.unit')}</TableCell>
                    <TableCell align="right">{t('banks.questions')}</TableCell>
                    <TableCell align="right">{t('banks.published')}</TableCell>
                    <TableCell>{showArchived ? t('bankAdmin.archivedAt') : t('banks.createdAt')}</TableCell>
                    {organizer && <TableCell>{t('bankAdmin.actions')}</TableCell>}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {list.map((bank) => (
                    <TableRow key={bank.id} hover>
                      <TableCell>
                        <Link component={RouterLink} to={`/banks/${bank.id}`}>
                          {bank.name}
                        </Link>
                      </TableCell>
                      <TableCell>{bank.ownerUnitName}</TableCell>
                      <TableCell align="right">{formatNumber(bank.questionCount)}</TableCell>
                      <TableCell align="right">{formatNumber(bank.publishedCount)}</TableCell>
                      <TableCell>{formatDateTime(bank.archivedAt ?? bank.createdAt)}</TableCell>
                      {organizer && (
                        <TableCell>
                          <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }}>
                            <Button
                              size="small"
                              onClick={() => setEditing(bank)}
                              aria-label={`${t('bankAdmin.edit')}: ${bank.name}`}
                            >
                              {t('bankAdmin.edit')}
                            </Button>
                            <Button
                              size="small"
                              onClick={() => setArchiving(bank)}
                              aria-label={`${bank.archivedAt ? t('bankAdmin.restore') : t('bankAdmin.archive')}: ${bank.name}`}
                            >
                              {bank.archivedAt ? t('bankAdmin.restore') : t('bankAdmin.archive')}
                            </Button>
                          </Box>
                        </TableCell>
                      )}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          )
        }
      </QueryState>
      {creating && <CreateBankDialog onClose={() => setCreating(false)} />}
      {editing && (
        <EditBankDialog
          bank={editing}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            setMessage(t('bankAdmin.saved'));
          }}
        />
      )}
      {archiving && (
        <ArchiveBankDialog
          bank={archiving}
          onClose={() => setArchiving(null)}
          onDone={(text) => {
            setArchiving(null);
            setMessage(text);
          }}
        />
      )}
    </>
  );
}

function EditBankDialog({ bank, onClose, onDone }: { bank: Bank; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { register, handleSubmit, setError, formState } = useForm({
    defaultValues: { name: bank.name, description: bank.description ?? '' },
  });
  const save = useMutation({
    mutationFn: (body: { name: string; description: string }) =>
      unwrap(
        api.PATCH('/api/v1/question-banks/{bankId}', {
          params: { path: { bankId: bank.id } },
          body: { name: body.name, description: body.description.trim() ? body.description : null },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['banks'] });
      await queryClient.invalidateQueries({ queryKey: ['bank', bank.id] });
      onDone();
    },
    onError: (error) => {
      for (const [field, message] of fieldErrors(error)) {
        if (field === 'name' || field === 'description') setError(field, { message });
      }
    },
  });
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="edit-bank-title">
      <form noValidate onSubmit={handleSubmit((values) => save.mutate(values))}>
        <DialogTitle id="edit-bank-title">{t('bankAdmin.editTitle', { name: bank.name })}</DialogTitle>
        <DialogContent>
          {save.isError && fieldErrors(save.error).size === 0 && (
            <Alert severity="error">{errorMessage(save.error)}</Alert>
          )}
          <TextField
            {...register('name', {
              required: t('validation.required'),
              validate: (v) => v.trim().length > 0 || t('validation.required'),
              maxLength: { value: 200, message: t('validation.maxLength', { max: 200 }) },
            })}
            label={t('banks.name')}
            autoFocus
            fullWidth
            margin="normal"
            error={!!formState.errors.name}
            helperText={formState.errors.name?.message}
          />
          <TextField
            {...register('description', {
              maxLength: { value: 2000, message: t('validation.maxLength', { max: 2000 }) },
            })}
            label={t('banks.description')}
            fullWidth
            multiline
            minRows={2}
            margin="normal"
            error={!!formState.errors.description}
            helperText={formState.errors.description?.message}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={save.isPending}>
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

function ArchiveBankDialog({
  bank,
  onClose,
  onDone,
}: {
  bank: Bank;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const archive = !bank.archivedAt;
  const change = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/v1/question-banks/{bankId}', {
          params: { path: { bankId: bank.id } },
          body: { archived: archive },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['banks'] });
      await queryClient.invalidateQueries({ queryKey: ['bank', bank.id] });
      onDone(t(archive ? 'bankAdmin.archivedDone' : 'bankAdmin.restoredDone', { name: bank.name }));
    },
  });
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="archive-bank-title">
      <DialogTitle id="archive-bank-title">
        {archive ? t('bankAdmin.archiveTitle', { name: bank.name }) : `${t('bankAdmin.restore')}: ${bank.name}`}
      </DialogTitle>
      <DialogContent>
        {archive && <Typography>{t('bankAdmin.archiveText')}</Typography>}
        {change.isError && (
          <Alert severity="error" role="alert" sx={{ mt: 1 }}>
            {errorMessage(change.error)}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button variant="contained" onClick={() => change.mutate()} disabled={change.isPending} autoFocus>
          {archive ? t('bankAdmin.archive') : t('bankAdmin.restore')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

type CreateBank = Schemas['CreateBankDto'];

function CreateBankDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { register, handleSubmit, setError, formState } = useForm<CreateBank>({
    defaultValues: { name: '', description: '' },
  });
  const create = useMutation({
    mutationFn: (body: CreateBank) =>
      unwrap(api.POST('/api/v1/question-banks', { body: { ...body, description: body.description || undefined } })),
    onSuccess: async (bank) => {
      await queryClient.invalidateQueries({ queryKey: ['banks'] });
      onClose();
      await navigate(`/banks/${bank.id}`);
    },
    onError: (error) => {
      for (const [field, message] of fieldErrors(error)) {
        if (field === 'name' || field === 'description') setError(field, { message });
      }
    },
  });
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="create-bank-title">
      <form noValidate onSubmit={handleSubmit((values) => create.mutate(values))}>
        <DialogTitle id="create-bank-title">{t('banks.create')}</DialogTitle>
        <DialogContent>
          {create.isError && fieldErrors(create.error).size === 0 && (
            <Alert severity="error">{errorMessage(create.error)}</Alert>
          )}
          <TextField
            {...register('name', {
              required: t('validation.required'),
              maxLength: { value: 200, message: t('validation.maxLength', { max: 200 }) },
            })}
            label={t('banks.name')}
            autoFocus
            fullWidth
            margin="normal"
            error={!!formState.errors.name}
            helperText={formState.errors.name?.message}
          />
          <TextField
            {...register('description', {
              maxLength: { value: 2000, message: t('validation.maxLength', { max: 2000 }) },
            })}
            label={t('banks.description')}
            fullWidth
            multiline
            minRows={2}
            margin="normal"
            error={!!formState.errors.description}
            helperText={formState.errors.description?.message}
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
