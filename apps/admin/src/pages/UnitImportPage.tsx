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
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { api } from '../api/client';
import { errorMessage, unwrap } from '../api/errors';
import { addUnitMessages } from '../i18n/units';
import { PageHeader } from '../layout/PageHeader';
import { filenameFrom, saveBlob } from '../lib/download';
import { UNIT_KEYS } from '../units/api';
import { SpreadsheetImport } from '../units/SpreadsheetImport';

addUnitMessages();

/** Imports the unit tree and member counts from a spreadsheet: dry run, rows and errors, then confirm. */
export default function UnitImportPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const template = useMutation({
    mutationFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/units/import-template.xlsx', { parseAs: 'blob' });
      if (!response.ok || !data) await unwrap(Promise.resolve({ error, response }));
      saveBlob(data as Blob, filenameFrom(response, 'mau-nhap-don-vi.xlsx'));
    },
  });
  const run = (file: File, dryRun: boolean) =>
    unwrap(
      api.POST('/api/v1/units/imports', {
        params: { query: { dryRun } },
        body: { file: file as unknown as string },
        bodySerializer: (body) => {
          const form = new FormData();
          form.append('file', body.file as unknown as File);
          return form;
        },
      }),
    );
  return (
    <>
      <PageHeader
        title={t('units.import.treeTitle')}
        actions={
          <>
            <Button variant="outlined" onClick={() => template.mutate()} disabled={template.isPending}>
              {t('units.import.template')}
            </Button>
            <Button component={RouterLink} to="/units">
              {t('units.import.back')}
            </Button>
          </>
        }
      >
        <Typography color="text.secondary">{t('units.import.treeIntro')}</Typography>
      </PageHeader>
      {template.isError && (
        <Alert severity="error" role="alert" sx={{ mb: 2 }}>
          {errorMessage(template.error)}
        </Alert>
      )}
      <SpreadsheetImport
        run={run}
        onFinished={() => UNIT_KEYS.forEach((queryKey) => void queryClient.invalidateQueries({ queryKey }))}
        confirmLabel={(r) => t('units.import.confirmUnits', { count: r.created + r.updated })}
        preview={(r) => (
          <>
            <Alert severity="info" sx={{ mb: 1 }}>
              {t('units.import.summaryUnits', { created: r.created, updated: r.updated, unchanged: r.unchanged })}
            </Alert>
            <TableContainer component={Paper} variant="outlined" sx={{ maxHeight: 480 }}>
              <Table size="small" stickyHeader aria-label={t('units.import.summaryUnits', r)}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t('units.import.row')}</TableCell>
                    <TableCell>{t('units.code')}</TableCell>
                    <TableCell>{t('units.import.action')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {r.changes.map((c) => (
                    <TableRow key={c.row}>
                      <TableCell>{c.row}</TableCell>
                      <TableCell sx={{ overflowWrap: 'anywhere' }}>{c.code}</TableCell>
                      <TableCell>{t(`units.import.actions.${c.action}`)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          </>
        )}
        done={(r) => (
          <Alert severity="success" role="status">
            {t('units.import.doneUnits', { created: r.created, updated: r.updated })}
          </Alert>
        )}
      />
    </>
  );
}
