import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormHelperText from '@mui/material/FormHelperText';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/errors';
import { apiMessage } from './ChangeDialog';

const sizeOf = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1048576).toFixed(1)} MB`;

/**
 * The dry-run pattern for a spreadsheet import: choose a file, check it (nothing written), read what would happen or
 * every error by row, then confirm; the confirmed import is all or nothing on the API.
 */
export function SpreadsheetImport<R>({
  run,
  preview,
  confirmLabel,
  done,
  onFinished,
}: {
  run: (file: File, dryRun: boolean) => Promise<R>;
  preview: (result: R) => ReactNode;
  confirmLabel: (result: R) => string;
  done: (result: R) => ReactNode;
  onFinished?: () => void;
}) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const fileId = useId();
  const check = useMutation({ mutationFn: (f: File) => run(f, true) });
  const apply = useMutation({ mutationFn: (f: File) => run(f, false), onSuccess: () => onFinished?.() });
  useEffect(() => {
    if (check.data || check.isError || apply.data) resultRef.current?.focus();
  }, [check.data, check.isError, apply.data]);
  const choose = (f: File | null) => {
    setFile(f);
    check.reset();
    apply.reset();
  };
  const rowErrors = check.error instanceof ApiError && check.error.code === 'IMPORT_INVALID' ? check.error.details : [];
  const fileError = check.isError && rowErrors.length === 0 ? apiMessage(check.error) : null;
  if (apply.data) {
    return (
      <Box ref={resultRef} tabIndex={-1} sx={{ outline: 'none' }}>
        {done(apply.data)}
        <Button
          sx={{ mt: 2 }}
          onClick={() => {
            choose(null);
            if (inputRef.current) inputRef.current.value = '';
          }}
        >
          {t('units.import.again')}
        </Button>
      </Box>
    );
  }
  return (
    <>
      <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 } }}>
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'center' }}>
          <Button variant="outlined" component="label" htmlFor={fileId}>
            {t('units.import.choose')}
          </Button>
          <input
            id={fileId}
            ref={inputRef}
            type="file"
            accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            aria-label={t('units.import.file')}
            aria-describedby={fileError ? `${fileId}-error` : undefined}
            aria-invalid={fileError ? true : undefined}
            onChange={(e) => choose(e.target.files?.[0] ?? null)}
            style={{ position: 'absolute', width: 1, height: 1, opacity: 0, overflow: 'hidden' }}
          />
          <Typography sx={{ overflowWrap: 'anywhere', minWidth: 0 }}>
            {file ? t('units.import.chosen', { name: file.name, size: sizeOf(file.size) }) : t('units.import.file')}
          </Typography>
          <Button variant="contained" disabled={!file || check.isPending} onClick={() => file && check.mutate(file)}>
            {check.isPending ? t('units.import.checking') : t('units.import.check')}
          </Button>
        </Box>
        {fileError && (
          <FormHelperText error id={`${fileId}-error`} role="alert" sx={{ fontSize: '1rem' }}>
            {fileError}
          </FormHelperText>
        )}
      </Paper>
      <Box ref={resultRef} tabIndex={-1} sx={{ outline: 'none', mt: 2 }}>
        {rowErrors.length > 0 && (
          <>
            <Alert severity="error" sx={{ mb: 1 }}>
              {t('units.import.errorsTitle', { count: rowErrors.length })}
            </Alert>
            <TableContainer component={Paper} variant="outlined">
              <Table size="small" aria-label={t('units.import.errorsTitle', { count: rowErrors.length })}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t('units.import.row')}</TableCell>
                    <TableCell>{t('units.import.message')}</TableCell>
                    <TableCell>{t('units.import.text')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {rowErrors.map((e, i) => (
                    <TableRow key={i}>
                      <TableCell>{e.row ?? e.line ?? ''}</TableCell>
                      <TableCell sx={{ overflowWrap: 'anywhere' }}>{e.message}</TableCell>
                      <TableCell sx={{ overflowWrap: 'anywhere' }}>{e.text ?? ''}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          </>
        )}
        {check.data && file && (
          <>
            {preview(check.data)}
            {apply.isError && (
              <Alert severity="error" role="alert" sx={{ mt: 2 }}>
                {apiMessage(apply.error)}
              </Alert>
            )}
            <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', mt: 2 }}>
              <Button variant="contained" disabled={apply.isPending} onClick={() => apply.mutate(file)}>
                {apply.isPending ? t('units.import.importing') : confirmLabel(check.data)}
              </Button>
            </Box>
          </>
        )}
      </Box>
    </>
  );
}
