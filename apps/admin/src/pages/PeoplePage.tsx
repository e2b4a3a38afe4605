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
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ROLES, type Role } from '#contracts';
import { api, type Schemas } from '../api/client';
import { ApiError, errorMessage, fieldErrors, unwrap } from '../api/errors';
import { useAuth } from '../auth/auth';
import { addPeopleMessages } from '../i18n/people';
import { addUnitMessages } from '../i18n/units';
import { PageHeader } from '../layout/PageHeader';
import { QueryState } from '../layout/QueryState';
import { filenameFrom, saveBlob } from '../lib/download';
import { formatNumber } from '../lib/format';
import { unitQuery, type FoundUnit } from '../units/api';
import { UnitPicker } from '../units/UnitPicker';

addPeopleMessages();
addUnitMessages();

type Person = Schemas['UserAdminDto'];
type Status = Person['status'];

/** Roles an organizer may give or take away (the API's role-rules.ts); an administrator, all of them. */
const ORGANIZER_GRANTABLE: readonly Role[] = ['participant', 'author', 'reviewer', 'host'];

/** The people of the caller's subtree: search, filters, roles, disable and enable, password reset, export. */
export default function PeoplePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const q = useDeferredValue(search.trim());
  const unitId = params.get('unitId') ?? '';
  const role = (params.get('role') ?? '') as Role | '';
  const status = (params.get('status') ?? '') as Status | '';
  const page = Number(params.get('page') ?? '1') || 1;
  const [pageSize, setPageSize] = useState(25);
  const [message, setMessage] = useState<string | null>(null);
  // Held here, not in the row: the row is a table row or a card depending on the width, and a resize must not close it.
  const [action, setAction] = useState<{ person: Person; dialog: Exclude<PersonDialog, null> } | null>(null);
  const closeAction = () => setAction(null);
  const phone = useMediaQuery('(max-width:767.95px)');
  const update = (changes: Record<string, string>) =>
    setParams((p) => {
      for (const [k, v] of Object.entries(changes)) {
        if (v) p.set(k, v);
        else p.delete(k);
      }
      if (!('page' in changes)) p.delete('page');
      return p;
    });
  useEffect(() => {
    if ((params.get('q') ?? '') !== q) update({ q });
    // Only the typed search moves into the address (once typing settles); the other filters are written directly.
  }, [q]);
  const filters = {
    q: q || undefined,
    unitId: unitId || undefined,
    role: role || undefined,
    status: status || undefined,
  };
  const people = useQuery({
    queryKey: ['people', filters, page, pageSize],
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query: { ...filters, page, pageSize } } })),
    placeholderData: keepPreviousData,
  });
  const chosenUnit = useQuery({ ...unitQuery(unitId), enabled: !!unitId });
  const unitValue: FoundUnit | null = chosenUnit.data ? { ...chosenUnit.data, trail: [] } : null;
  const exportFile = useMutation({
    mutationFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/users/export.xlsx', {
        params: { query: { unitId: filters.unitId, q: filters.q, role: filters.role, status: filters.status } },
        parseAs: 'blob',
      });
      if (!response.ok || !data) await unwrap(Promise.resolve({ error, response }));
      saveBlob(data as Blob, filenameFrom(response, 'nguoi-dung.xlsx'));
    },
  });
  return (
    <>
      <PageHeader
        title={t('people.title')}
        actions={
          <Button variant="outlined" onClick={() => exportFile.mutate()} disabled={exportFile.isPending}>
            {t('people.export')}
          </Button>
        }
      >
        <Typography color="text.secondary">{t('people.intro')}</Typography>
        <Typography variant="body2" color="text.secondary">
          {t('people.exportNote')}
        </Typography>
      </PageHeader>
      {exportFile.isError && (
        <Alert severity="error" role="alert" sx={{ mb: 2 }}>
          {errorMessage(exportFile.error)}
        </Alert>
      )}
      <Box role="status" aria-live="polite" sx={{ mb: message ? 2 : 0 }}>
        {message && <Alert severity="success">{message}</Alert>}
      </Box>
      <Paper variant="outlined" sx={{ p: { xs: 1.5, sm: 2 }, mb: 2 }}>
        <Box
          sx={{
            display: 'grid',
            gap: 2,
            gridTemplateColumns: {
              xs: 'minmax(0, 1fr)',
              md: 'minmax(0, 2fr) minmax(0, 2fr) minmax(0, 1fr) minmax(0, 1fr)',
            },
            alignItems: 'start',
          }}
        >
          <TextField
            type="search"
            label={t('people.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            margin="normal"
          />
          <UnitPicker
            label={t('people.unit')}
            value={unitValue}
            onChange={(u) => update({ unitId: u?.id ?? '' })}
            helperText={unitId ? undefined : t('people.allUnits')}
          />
          <TextField
            select
            label={t('people.role')}
            value={role}
            onChange={(e) => update({ role: e.target.value })}
            margin="normal"
          >
            <MenuItem value="">{t('common.all')}</MenuItem>
            {ROLES.map((r) => (
              <MenuItem key={r} value={r}>
                {t(`roles.${r}`)}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            label={t('people.status')}
            value={status}
            onChange={(e) => update({ status: e.target.value })}
            margin="normal"
          >
            <MenuItem value="">{t('common.all')}</MenuItem>
            <MenuItem value="active">{t('people.statuses.active')}</MenuItem>
            <MenuItem value="disabled">{t('people.statuses.disabled')}</MenuItem>
          </TextField>
        </Box>
      </Paper>
      <QueryState query={people}>
        {(result) => (
          <Paper variant="outlined">
            <Typography role="status" sx={{ px: 2, pt: 1.5 }} variant="body2" color="text.secondary">
              {t('people.count', { formatted: formatNumber(result.total) })}
            </Typography>
            {result.items.length === 0 ? (
              <Alert severity="info" sx={{ m: 2 }}>
                {t('people.empty')}
              </Alert>
            ) : phone ? (
              <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 1 }} aria-label={t('people.title')}>
                {result.items.map((p) => (
                  <Box component="li" key={p.id} sx={{ borderBottom: 1, borderColor: 'divider', py: 1.5, px: 1 }}>
                    <Typography sx={{ fontWeight: 600, overflowWrap: 'anywhere' }}>{p.fullName}</Typography>
                    <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
                      {p.username} · {p.unit?.name ?? '—'}
                    </Typography>
                    <PersonBadges person={p} />
                    <PersonActions person={p} onAction={(dialog) => setAction({ person: p, dialog })} />
                  </Box>
                ))}
              </Box>
            ) : (
              <Table aria-label={t('people.title')}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t('people.name')}</TableCell>
                    <TableCell>{t('people.username')}</TableCell>
                    <TableCell>{t('people.unit')}</TableCell>
                    <TableCell>{t('people.roles')}</TableCell>
                    <TableCell>{t('people.actions')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {result.items.map((p) => (
                    <TableRow key={p.id}>
                      <TableCell sx={{ overflowWrap: 'anywhere' }}>{p.fullName}</TableCell>
                      <TableCell sx={{ overflowWrap: 'anywhere' }}>{p.username}</TableCell>
                      <TableCell sx={{ overflowWrap: 'anywhere' }}>{p.unit?.name ?? '—'}</TableCell>
                      <TableCell>
                        <PersonBadges person={p} />
                      </TableCell>
                      <TableCell>
                        <PersonActions person={p} onAction={(dialog) => setAction({ person: p, dialog })} />
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
            <TablePagination
              component="div"
              count={result.total}
              page={page - 1}
              rowsPerPage={pageSize}
              rowsPerPageOptions={[25, 50, 100]}
              labelRowsPerPage={t('people.rowsPerPage')}
              labelDisplayedRows={({ from, to, count }) =>
                `${formatNumber(from)}–${formatNumber(to)} / ${formatNumber(count)}`
              }
              onPageChange={(_, p) => update({ page: p ? String(p + 1) : '' })}
              onRowsPerPageChange={(e) => {
                setPageSize(Number(e.target.value));
                update({ page: '' });
              }}
              sx={{ '.MuiTablePagination-toolbar': { flexWrap: 'wrap' } }}
            />
          </Paper>
        )}
      </QueryState>
      {action?.dialog === 'roles' && (
        <RolesDialog
          person={action.person}
          onClose={closeAction}
          onDone={() => {
            closeAction();
            setMessage(t('people.rolesSaved', { name: action.person.fullName }));
          }}
        />
      )}
      {action?.dialog === 'status' && (
        <StatusDialog
          person={action.person}
          onClose={closeAction}
          onDone={(next) => {
            closeAction();
            setMessage(
              t(next === 'disabled' ? 'people.disabledDone' : 'people.enabledDone', { name: action.person.fullName }),
            );
          }}
        />
      )}
      {action?.dialog === 'reset' && <ResetDialog person={action.person} onClose={closeAction} />}
    </>
  );
}

function PersonBadges({ person }: { person: Person }) {
  const { t } = useTranslation();
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, my: 0.5 }}>
      {person.status === 'disabled' && <Chip size="small" color="error" label={t('people.statuses.disabled')} />}
      {person.roles.map((r) => (
        <Chip key={r} size="small" variant="outlined" label={t(`roles.${r}`)} />
      ))}
    </Box>
  );
}

type PersonDialog = 'roles' | 'status' | 'reset' | null;

function PersonActions({ person, onAction }: { person: Person; onAction: (d: Exclude<PersonDialog, null>) => void }) {
  const { t } = useTranslation();
  const { user, hasRole } = useAuth();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const menuId = useId();
  const self = person.id === user?.id;
  // The API's limits: nobody acts on themselves here; an organizer not on organizers' or administrators' accounts.
  const protectedAccount = !hasRole('admin') && person.roles.some((r) => r === 'admin' || r === 'organizer');
  const open = (d: Exclude<PersonDialog, null>) => {
    setAnchor(null);
    onAction(d);
  };
  if (self) return <Typography variant="body2">{t('people.selfNote')}</Typography>;
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        id={`${menuId}-button`}
        aria-haspopup="menu"
        aria-expanded={anchor ? 'true' : undefined}
        aria-controls={anchor ? menuId : undefined}
        aria-label={t('people.actionsFor', { name: person.fullName })}
        onClick={(e) => setAnchor(e.currentTarget)}
      >
        {t('people.actions')}
      </Button>
      <Menu
        id={menuId}
        anchorEl={anchor}
        open={!!anchor}
        onClose={() => setAnchor(null)}
        slotProps={{ list: { 'aria-labelledby': `${menuId}-button` } }}
      >
        <MenuItem onClick={() => open('roles')}>{t('people.editRoles')}</MenuItem>
        {!protectedAccount && (
          <MenuItem onClick={() => open('status')}>
            {person.status === 'active' ? t('people.disable') : t('people.enable')}
          </MenuItem>
        )}
        {!protectedAccount && <MenuItem onClick={() => open('reset')}>{t('people.reset')}</MenuItem>}
      </Menu>
    </>
  );
}

function RolesDialog({ person, onClose, onDone }: { person: Person; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const queryClient = useQueryClient();
  const titleId = useId();
  const [roles, setRoles] = useState<Role[]>(person.roles);
  const grantable = hasRole('admin') ? ROLES : ORGANIZER_GRANTABLE;
  const save = useMutation({
    mutationFn: () =>
      unwrap(api.PATCH('/api/v1/users/{userId}/roles', { params: { path: { userId: person.id } }, body: { roles } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['people'] });
      onDone();
    },
  });
  const error = save.isError ? (fieldErrors(save.error).get('roles') ?? errorMessage(save.error)) : null;
  const empty = roles.length === 0;
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby={titleId}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!empty) save.mutate();
        }}
      >
        <DialogTitle id={titleId}>{t('people.rolesTitle', { name: person.fullName })}</DialogTitle>
        <DialogContent>
          <DialogContentText>
            {t('people.rolesHint', { roles: grantable.map((r) => t(`roles.${r}`)).join(', ') })}
          </DialogContentText>
          <FormGroup aria-labelledby={titleId} aria-describedby={error || empty ? `${titleId}-error` : undefined}>
            {ROLES.map((r) => (
              <FormControlLabel
                key={r}
                control={
                  <Checkbox
                    checked={roles.includes(r)}
                    disabled={!grantable.includes(r)}
                    onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))}
                  />
                }
                label={t(`roles.${r}`)}
              />
            ))}
          </FormGroup>
          {(error || empty) && (
            <FormHelperText error id={`${titleId}-error`} role="alert">
              {error ?? t('validation.required')}
            </FormHelperText>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={save.isPending || empty}>
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

function StatusDialog({
  person,
  onClose,
  onDone,
}: {
  person: Person;
  onClose: () => void;
  onDone: (next: Status) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const titleId = useId();
  const next: Status = person.status === 'active' ? 'disabled' : 'active';
  const change = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/v1/users/{userId}/status', { params: { path: { userId: person.id } }, body: { status: next } }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['people'] });
      onDone(next);
    },
  });
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby={titleId}>
      <DialogTitle id={titleId}>
        {next === 'disabled' ? t('people.disableTitle', { name: person.fullName }) : t('people.enable')}
      </DialogTitle>
      <DialogContent>
        {next === 'disabled' && <DialogContentText>{t('people.disableText')}</DialogContentText>}
        {change.isError && (
          <Alert severity="error" role="alert" sx={{ mt: 1 }}>
            {fieldErrors(change.error).get('status') ?? errorMessage(change.error)}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button
          variant="contained"
          color={next === 'disabled' ? 'error' : 'primary'}
          disabled={change.isPending}
          onClick={() => change.mutate()}
          autoFocus
        >
          {next === 'disabled' ? t('people.disable') : t('people.enable')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function ResetDialog({ person, onClose }: { person: Person; onClose: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const reset = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/users/{userId}/password-reset', { params: { path: { userId: person.id } } })),
  });
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby={titleId}>
      <DialogTitle id={titleId}>{t('people.resetTitle', { name: person.fullName })}</DialogTitle>
      <DialogContent>
        {reset.data ? (
          <Box role="status">
            <Typography>{t('people.resetDone', { username: reset.data.username })}</Typography>
            <Typography
              data-testid="temporary-password"
              sx={{ fontFamily: 'monospace', fontSize: '1.5rem', my: 1, overflowWrap: 'anywhere' }}
            >
              {reset.data.temporaryPassword}
            </Typography>
            <Alert severity="warning">{t('people.resetOnce')}</Alert>
          </Box>
        ) : (
          <DialogContentText>{t('people.resetText')}</DialogContentText>
        )}
        {reset.isError && (
          <Alert severity="error" role="alert" sx={{ mt: 1 }}>
            {reset.error instanceof ApiError
              ? (fieldErrors(reset.error).get('password') ?? errorMessage(reset.error))
              : errorMessage(reset.error)}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        {reset.data ? (
          <Button variant="contained" onClick={onClose} autoFocus>
            {t('common.close')}
          </Button>
        ) : (
          <>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button variant="contained" color="warning" disabled={reset.isPending} onClick={() => reset.mutate()}>
              {t('people.reset')}
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
