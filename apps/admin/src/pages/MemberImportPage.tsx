import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { api, type Schemas } from '../api/client';
import { unwrap } from '../api/errors';
import { addUnitMessages } from '../i18n/units';
import { PageHeader } from '../layout/PageHeader';
import { saveBlob } from '../lib/download';
import { unitQuery } from '../units/api';
import { SpreadsheetImport } from '../units/SpreadsheetImport';

addUnitMessages();

type Account = Schemas['ImportedAccountDto'];

/** A CSV cell: quoted when needed, and never read by a spreadsheet as a formula. */
const csvCell = (value: string) => {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The initial passwords, made into a file in the browser: the server never keeps them readable. */
function downloadPasswords(accounts: Account[], headers: string[], unitName: string) {
  const lines = [headers, ...accounts.map((a) => [String(a.row), a.fullName, a.username, a.initialPassword ?? ''])];
  const csv = '\uFEFF' + lines.map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n';
  saveBlob(new Blob([csv], { type: 'text/csv;charset=utf-8' }), `mat-khau-ban-dau-${unitName}.csv`);
}

/** Imports members into one unit: dry run with the accounts it would make or the errors by row, then confirm. */
export default function MemberImportPage() {
  const { t } = useTranslation();
  const { unitId = '' } = useParams();
  const queryClient = useQueryClient();
  const unit = useQuery(unitQuery(unitId));
  const name = unit.data?.name ?? '…';
  const run = (file: File, dryRun: boolean) =>
    unwrap(
      api.POST('/api/v1/units/{unitId}/members/imports', {
        params: { path: { unitId }, query: { dryRun } },
        body: { file: file as unknown as string },
        bodySerializer: (body) => {
          const form = new FormData();
          form.append('file', body.file as unknown as File);
          return form;
        },
      }),
    );
  const accountsTable = (accounts: Account[], withPasswords: boolean, label: string) => (
    <TableContainer component={Paper} variant="outlined" sx={{ maxHeight: 480 }}>
      <Table size="small" stickyHeader aria-label={label}>
        <TableHead>
          <TableRow>
            <TableCell>{t('units.import.row')}</TableCell>
            <TableCell>{t('units.import.fullName')}</TableCell>
            <TableCell>{t('units.import.username')}</TableCell>
            {withPasswords && <TableCell>{t('units.import.password')}</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {accounts.map((a) => (
            <TableRow key={a.row}>
              <TableCell>{a.row}</TableCell>
              <TableCell sx={{ overflowWrap: 'anywhere' }}>{a.fullName}</TableCell>
              <TableCell sx={{ overflowWrap: 'anywhere' }}>{a.username}</TableCell>
              {withPasswords && <TableCell sx={{ fontFamily: 'monospace' }}>{a.initialPassword}</TableCell>}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
  return (
    <>
      <PageHeader
        title={t('units.import.membersTitle', { name })}
        actions={
          <Button component={RouterLink} to={`/units?unit=${unitId}`}>
            {t('units.import.back')}
          </Button>
        }
      >
        <Typography color="text.secondary">{t('units.import.membersIntro')}</Typography>
      </PageHeader>
      <SpreadsheetImport
        run={run}
        onFinished={() => void queryClient.invalidateQueries({ queryKey: ['people'] })}
        confirmLabel={(r) => t('units.import.confirmMembers', { count: r.created })}
        preview={(r) => (
          <>
            <Alert severity="info" sx={{ mb: 1 }}>
              {t('units.import.summaryMembers', { count: r.created, name })}
            </Alert>
            {accountsTable(r.accounts, false, t('units.import.summaryMembers', { count: r.created, name }))}
          </>
        )}
        done={(r) => (
          <>
            <Alert severity="success" role="status" sx={{ mb: 1 }}>
              {t('units.import.doneMembers', { count: r.created })}
            </Alert>
            <Typography variant="h6" component="h2">
              {t('units.import.passwordsTitle')}
            </Typography>
            <Typography sx={{ mb: 1 }}>{t('units.import.passwordsHint')}</Typography>
            <Button
              variant="contained"
              sx={{ mb: 2 }}
              onClick={() =>
                downloadPasswords(
                  r.accounts,
                  [
                    t('units.import.row'),
                    t('units.import.fullName'),
                    t('units.import.username'),
                    t('units.import.password'),
                  ],
                  unit.data?.code.replace(/\//g, '-') ?? 'don-vi',
                )
              }
            >
              {t('units.import.downloadPasswords')}
            </Button>
            {accountsTable(r.accounts, true, t('units.import.passwordsTitle'))}
          </>
        )}
      />
    </>
  );
}
