import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ApiError, errorMessage, unwrap } from '../api/errors';
import { formatNumber } from '../lib/format';
import { POPULATION_KEYS, UNIT_KEYS, type ChangePreview, type Counts, type FoundUnit, type Unit } from './api';
import { UnitPicker } from './UnitPicker';

/** The API's own sentence when it has one (it names the code or unit at fault), else the code's message. */
export function apiMessage(error: unknown): string {
  if (error instanceof ApiError && error.body.message && error.code !== 'VALIDATION_FAILED') return error.body.message;
  return errorMessage(error);
}

/**
 * Move or merge a unit, in two steps: choose the other unit and see what would change (the API runs the change and
 * rolls it back, so the preview refuses what the change would), then confirm.
 */
export function ChangeDialog({
  action,
  unit,
  onClose,
  onDone,
}: {
  action: 'move' | 'merge';
  unit: Unit;
  onClose: () => void;
  onDone: (message: string, otherId: string) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const titleId = useId();
  const [other, setOther] = useState<FoundUnit | null>(null);
  const [pickError, setPickError] = useState<string | undefined>();
  const previewRef = useRef<HTMLDivElement>(null);
  const preview = useMutation({
    mutationFn: (otherId: string) =>
      action === 'move'
        ? unwrap(
            api.POST('/api/v1/units/{unitId}/move/preview', {
              params: { path: { unitId: unit.id } },
              body: { newParentId: otherId },
            }),
          )
        : unwrap(
            api.POST('/api/v1/units/{unitId}/merge/preview', {
              params: { path: { unitId: unit.id } },
              body: { targetUnitId: otherId },
            }),
          ),
    onError: (error) => setPickError(apiMessage(error)),
  });
  const apply = useMutation({
    mutationFn: async (otherId: string): Promise<void> => {
      await (action === 'move'
        ? unwrap(
            api.POST('/api/v1/units/{unitId}/move', {
              params: { path: { unitId: unit.id } },
              body: { newParentId: otherId },
            }),
          )
        : unwrap(
            api.POST('/api/v1/units/{unitId}/merge', {
              params: { path: { unitId: unit.id } },
              body: { targetUnitId: otherId },
            }),
          ));
    },
    onSuccess: async () => {
      await Promise.all(UNIT_KEYS.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      onDone(
        t(action === 'move' ? 'units.moved' : 'units.merged', { name: unit.name, target: other?.name }),
        other!.id,
      );
    },
  });
  useEffect(() => {
    if (preview.data) previewRef.current?.focus();
  }, [preview.data]);

  const pick = (u: FoundUnit | null) => {
    setOther(u);
    setPickError(undefined);
    preview.reset();
    apply.reset();
  };
  const submit = () => {
    if (!other) return setPickError(t('units.pickFirst'));
    if (!preview.data) return preview.mutate(other.id);
    apply.mutate(other.id);
  };
  const unchanged =
    action === 'move' && preview.data && preview.data.codeChangeCount === 0 && other?.id === unit.parentId;
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" aria-labelledby={titleId}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <DialogTitle id={titleId}>
          {t(action === 'move' ? 'units.moveTitle' : 'units.mergeTitle', { name: unit.name })}
        </DialogTitle>
        <DialogContent>
          <UnitPicker
            label={t(action === 'move' ? 'units.newParent' : 'units.mergeTarget')}
            value={other}
            onChange={pick}
            exclude={unit.id}
            error={!!pickError}
            helperText={pickError}
            autoFocus
          />
          {preview.data && (
            <div ref={previewRef} tabIndex={-1} aria-labelledby={`${titleId}-preview`} role="region">
              <Consequences preview={preview.data} unchanged={!!unchanged} headingId={`${titleId}-preview`} />
            </div>
          )}
          {apply.isError && (
            <Alert severity="error" role="alert" sx={{ mt: 2 }}>
              {apiMessage(apply.error)}
            </Alert>
          )}
        </DialogContent>
        <DialogActions sx={{ flexWrap: 'wrap', gap: 1 }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          {preview.data ? (
            <Button
              type="submit"
              variant="contained"
              color={action === 'merge' ? 'warning' : 'primary'}
              disabled={apply.isPending || !!unchanged}
            >
              {t(action === 'move' ? 'units.confirmMove' : 'units.confirmMerge')}
            </Button>
          ) : (
            <Button type="submit" variant="contained" disabled={preview.isPending}>
              {preview.isPending ? t('units.previewing') : t('units.preview')}
            </Button>
          )}
        </DialogActions>
      </form>
    </Dialog>
  );
}

function Consequences({
  preview,
  unchanged,
  headingId,
}: {
  preview: ChangePreview;
  unchanged: boolean;
  headingId: string;
}) {
  const { t } = useTranslation();
  const merge = preview.action === 'merge';
  if (unchanged) {
    return (
      <Alert severity="info" sx={{ mt: 2 }} id={headingId}>
        {t('units.noChange')}
      </Alert>
    );
  }
  const facts: [string, number][] = [
    ...(merge
      ? ([[t('units.peopleReassigned', { target: preview.target.name }), preview.peopleReassigned]] as [
          string,
          number,
        ][])
      : []),
    [t('units.peopleCarried'), preview.peopleCarried],
    [t('units.childUnits'), preview.childUnits],
    [t('units.descendantUnits'), preview.descendantUnits],
  ];
  return (
    <>
      <Typography variant="h6" component="h2" id={headingId} sx={{ mt: 2 }}>
        {t('units.consequences')}
      </Typography>
      <Typography sx={{ mb: 1 }}>
        {merge
          ? t('units.mergeInto', { name: preview.unit.name, target: preview.target.name })
          : t('units.moveFrom', { from: preview.currentParent?.name ?? '—', to: preview.target.name })}
      </Typography>
      <Table size="small" aria-label={t('units.consequences')}>
        <TableBody>
          {facts.map(([label, n]) => (
            <TableRow key={label}>
              <TableCell component="th" scope="row">
                {label}
              </TableCell>
              <TableCell align="right">{formatNumber(n)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <CountsTable
        caption={t('units.countsMoved')}
        counts={preview.countsMoved}
        after={merge ? (preview.targetCountsAfter ?? undefined) : undefined}
        afterLabel={t('units.targetAfter', { target: preview.target.name })}
      />
      {preview.codeChangeCount > 0 && (
        <>
          <Typography sx={{ mt: 2, fontWeight: 600 }}>
            {t('units.codes', { count: preview.codeChangeCount })}
          </Typography>
          <Table size="small" aria-label={t('units.codes', { count: preview.codeChangeCount })}>
            <TableHead>
              <TableRow>
                <TableCell>{t('units.codeFrom')}</TableCell>
                <TableCell>{t('units.codeTo')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {preview.codeChanges.map((c) => (
                <TableRow key={c.from}>
                  <TableCell sx={{ wordBreak: 'break-all' }}>{c.from}</TableCell>
                  <TableCell sx={{ wordBreak: 'break-all' }}>{c.to}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {preview.codeChangeCount > preview.codeChanges.length && (
            <Typography variant="body2">
              {t('units.codesMore', { count: preview.codeChangeCount - preview.codeChanges.length })}
            </Typography>
          )}
        </>
      )}
      {merge && (
        <Alert severity="warning" sx={{ mt: 2 }}>
          {t('units.mergeKeeps', { name: preview.unit.name, target: preview.target.name })} {t('units.irreversible')}
        </Alert>
      )}
    </>
  );
}

function CountsTable({
  caption,
  counts,
  after,
  afterLabel,
}: {
  caption: string;
  counts: Counts;
  after?: Counts;
  afterLabel: string;
}) {
  const { t } = useTranslation();
  return (
    <Table size="small" sx={{ mt: 2 }} aria-label={caption}>
      <TableHead>
        <TableRow>
          <TableCell>{t('units.population')}</TableCell>
          <TableCell align="right">{caption}</TableCell>
          {after && <TableCell align="right">{afterLabel}</TableCell>}
        </TableRow>
      </TableHead>
      <TableBody>
        {POPULATION_KEYS.map((p) => (
          <TableRow key={p}>
            <TableCell component="th" scope="row">
              {t(`units.populations.${p}`)}
            </TableCell>
            <TableCell align="right">{formatNumber(counts[p])}</TableCell>
            {after && <TableCell align="right">{formatNumber(after[p])}</TableCell>}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
