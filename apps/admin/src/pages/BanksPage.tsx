import Alert from '@mui/material/Alert';
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
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate } from 'react-router';
import { api, type Schemas } from '../api/client';
import { errorMessage, fieldErrors, unwrap } from '../api/errors';
import { useAuth } from '../auth/auth';
import { PageHeader } from '../layout/PageHeader';
import { QueryState } from '../layout/QueryState';
import { formatDateTime, formatNumber } from '../lib/format';

export const banksQuery = { queryKey: ['banks'], queryFn: () => unwrap(api.GET('/api/v1/question-banks')) };

export default function BanksPage() {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const banks = useQuery(banksQuery);
  const [creating, setCreating] = useState(false);
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
      <QueryState query={banks}>
        {(list) =>
          list.length === 0 ? (
            <Alert severity="info">{t('banks.empty')}</Alert>
          ) : (
            <TableContainer component={Paper}>
              <Table aria-label={t('banks.title')}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t('banks.name')}</TableCell>
                    <TableCell>{t('banks.unit')}</TableCell>
                    <TableCell align="right">{t('banks.questions')}</TableCell>
                    <TableCell align="right">{t('banks.published')}</TableCell>
                    <TableCell>{t('banks.createdAt')}</TableCell>
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
                      <TableCell>{formatDateTime(bank.createdAt)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          )
        }
      </QueryState>
      {creating && <CreateBankDialog onClose={() => setCreating(false)} />}
    </>
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
