import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { errorMessage, fieldErrors } from '../api/errors';
import {
  CERTIFICATE_SOURCES,
  CERTIFICATE_STATUSES,
  certificatesQuery,
  revokeCertificate,
  SOURCE_LABEL,
  type CertificateRow,
  type CertificateSource,
  type CertificateStatus,
} from '../certificates/api';
import { CertificateNav } from '../certificates/CertificateNav';
import { addCertificateMessages } from '../i18n/certificates';
import { PageHeader } from '../layout/PageHeader';
import { QueryState } from '../layout/QueryState';
import { formatDateTime, formatNumber } from '../lib/format';

addCertificateMessages();

/** The API's page size for GET /certificates. */
const PAGE_SIZE = 50;
const STATUS_COLOR = { active: 'success', revoked: 'error', expired: 'default' } as const;

/**
 * The certificates issued in the organizer's scope: filter by source and status, search the holder (diacritics and
 * case ignored, as the API matches) or the code, revoke. The filters live in the address, so a filtered list can be
 * reloaded or shared.
 */
export default function CertificatesPage() {
  const { t } = useTranslation();
  const ids = useId();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const oneOf = <T extends string>(value: string | null, allowed: readonly T[]): T | '' =>
    allowed.includes(value as T) ? (value as T) : '';
  const source: CertificateSource | '' = oneOf(params.get('source'), CERTIFICATE_SOURCES);
  const status: CertificateStatus | '' = oneOf(params.get('status'), CERTIFICATE_STATUSES);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [search, setSearch] = useState(q);
  const [revoking, setRevoking] = useState<CertificateRow | null>(null);
  const [revoked, setRevoked] = useState<string | null>(null);
  const update = (changes: Record<string, string | number>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value === '') next.delete(key);
          else next.set(key, String(value));
        }
        if (!('page' in changes)) next.delete('page');
        return next;
      },
      { replace: true },
    );
  // The search is sent a moment after typing stops, not on every key.
  useEffect(() => {
    if (search === q) return;
    const timer = setTimeout(() => update({ q: search.trim() }), 300);
    return () => clearTimeout(timer);
  }, [search]);
  const list = useQuery({
    ...certificatesQuery({ q, source, status, page }),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <PageHeader title={t('certificates.list.title')} />
      <CertificateNav />
      <Box
        component="form"
        role="search"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          update({ q: search.trim() });
        }}
        sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, mb: 2 }}
      >
        <TextField
          id={`${ids}-q`}
          label={t('certificates.list.search')}
          helperText={t('certificates.list.searchHint')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          size="small"
          type="search"
          sx={{ flex: '2 1 240px' }}
        />
        <TextField
          id={`${ids}-source`}
          select
          label={t('certificates.list.source')}
          value={source}
          onChange={(e) => update({ source: e.target.value })}
          size="small"
          sx={{ flex: '1 1 150px' }}
        >
          <MenuItem value="">{t('certificates.list.all')}</MenuItem>
          {CERTIFICATE_SOURCES.map((s) => (
            <MenuItem key={s} value={s}>
              {t(`certificates.sources.${SOURCE_LABEL[s]}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          id={`${ids}-status`}
          select
          label={t('certificates.list.status')}
          value={status}
          onChange={(e) => update({ status: e.target.value })}
          size="small"
          sx={{ flex: '1 1 150px' }}
        >
          <MenuItem value="">{t('certificates.list.all')}</MenuItem>
          {CERTIFICATE_STATUSES.map((s) => (
            <MenuItem key={s} value={s}>
              {t(`certificates.status.${s}`)}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      {revoked && (
        <Alert severity="success" role="status" sx={{ mb: 2 }} onClose={() => setRevoked(null)}>
          {t('certificates.revoke.done', { code: revoked })}
        </Alert>
      )}
      <QueryState query={list}>
        {(found) =>
          found.items.length === 0 ? (
            <Alert severity="info">{t('certificates.list.empty')}</Alert>
          ) : (
            <Paper>
              <Typography role="status" sx={{ px: 2, pt: 1.5 }} variant="body2">
                {t('certificates.list.total', { count: found.total, formatted: formatNumber(found.total) })}
              </Typography>
              <TableContainer>
                <Table aria-label={t('certificates.list.title')} size="small">
                  <TableHead>
                    <TableRow>
                      <TableCell>{t('certificates.list.holder')}</TableCell>
                      <TableCell>{t('certificates.list.achievement')}</TableCell>
                      <TableCell>{t('certificates.list.issuedAt')}</TableCell>
                      <TableCell>{t('certificates.list.code')}</TableCell>
                      <TableCell>{t('certificates.list.status')}</TableCell>
                      <TableCell>{t('certificates.list.actions')}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {found.items.map((c) => (
                      <TableRow key={c.id} data-code={c.code}>
                        <TableCell>{c.holderName}</TableCell>
                        <TableCell>
                          {c.achievement}
                          <Typography variant="body2" color="text.secondary">
                            {[
                              t(`certificates.sources.${SOURCE_LABEL[c.source]}`),
                              c.prize,
                              c.rank !== null && t('certificates.list.rank', { rank: c.rank }),
                            ]
                              .filter(Boolean)
                              .join(' · ')}
                          </Typography>
                        </TableCell>
                        <TableCell>{formatDateTime(c.issuedAt)}</TableCell>
                        <TableCell>
                          <Link href={c.verifyUrl} target="_blank" rel="noopener" sx={{ whiteSpace: 'nowrap' }}>
                            {c.code}
                          </Link>
                        </TableCell>
                        <TableCell>
                          <Chip
                            size="small"
                            label={t(`certificates.status.${c.status}`)}
                            color={STATUS_COLOR[c.status]}
                          />
                          {c.status === 'revoked' && c.revokedReason && (
                            <Typography variant="body2" sx={{ mt: 0.5 }}>
                              {t('certificates.revoke.revokedBecause', { reason: c.revokedReason })}
                            </Typography>
                          )}
                        </TableCell>
                        <TableCell>
                          {c.status !== 'revoked' && (
                            <Button
                              size="small"
                              color="error"
                              variant="outlined"
                              onClick={() => setRevoking(c)}
                              aria-label={t('certificates.list.revokeOf', { name: c.holderName })}
                            >
                              {t('certificates.list.revoke')}
                            </Button>
                          )}
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </TableContainer>
              <TablePagination
                component="div"
                count={found.total}
                page={page - 1}
                rowsPerPage={PAGE_SIZE}
                rowsPerPageOptions={[PAGE_SIZE]}
                onPageChange={(_, p) => update({ page: p + 1 })}
              />
            </Paper>
          )
        }
      </QueryState>
      {revoking && (
        <RevokeDialog
          certificate={revoking}
          onClose={() => setRevoking(null)}
          onRevoked={(code) => {
            setRevoking(null);
            setRevoked(code);
          }}
        />
      )}
    </>
  );
}

function RevokeDialog({
  certificate,
  onClose,
  onRevoked,
}: {
  certificate: CertificateRow;
  onClose: () => void;
  onRevoked: (code: string) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const ids = useId();
  const [reason, setReason] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [reasonError, setReasonError] = useState<string | null>(null);
  const revoke = useMutation({
    mutationFn: () => revokeCertificate(certificate.id, reason.trim()),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['certificates'] });
      onRevoked(certificate.code);
    },
    onError: (error) => {
      const message = fieldErrors(error).get('reason');
      if (message) setReasonError(message);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return setReasonError(t('validation.required'));
    if (confirmed) revoke.mutate();
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby={`${ids}-title`}>
      <form noValidate onSubmit={submit}>
        <DialogTitle id={`${ids}-title`}>{t('certificates.revoke.title')}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 1 }}>
            {t('certificates.revoke.intro', {
              code: certificate.code,
              name: certificate.holderName,
              achievement: certificate.achievement,
            })}
          </DialogContentText>
          {revoke.isError && !fieldErrors(revoke.error).has('reason') && (
            <Alert severity="error" role="alert">
              {errorMessage(revoke.error)}
            </Alert>
          )}
          <TextField
            label={t('certificates.revoke.reason')}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setReasonError(null);
            }}
            required
            autoFocus
            fullWidth
            multiline
            minRows={2}
            margin="normal"
            error={!!reasonError}
            helperText={reasonError ?? t('certificates.revoke.reasonHint')}
            slotProps={{ htmlInput: { maxLength: 500 } }}
          />
          <FormControlLabel
            control={<Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />}
            label={t('certificates.revoke.confirm')}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" color="error" variant="contained" disabled={!confirmed || revoke.isPending}>
            {revoke.isPending ? t('certificates.revoke.submitting') : t('certificates.revoke.submit')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
