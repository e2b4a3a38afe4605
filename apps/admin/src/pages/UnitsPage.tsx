import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { api } from '../api/client';
import { errorMessage, unwrap } from '../api/errors';
import { useAuth } from '../auth/auth';
import { addUnitMessages } from '../i18n/units';
import { PageHeader } from '../layout/PageHeader';
import { QueryState } from '../layout/QueryState';
import { filenameFrom, saveBlob } from '../lib/download';
import { formatNumber } from '../lib/format';
import { childrenQuery, searchQuery, totalOf, unitQuery, type Unit } from '../units/api';
import { UnitDetail } from '../units/UnitDetail';
import { UnitTree } from '../units/UnitTree';

addUnitMessages();

/** The unit tree of the organizer's subtree (the whole city for an administrator), searchable, with one unit open. */
export default function UnitsPage() {
  const { t } = useTranslation();
  const { user, hasRole } = useAuth();
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('unit');
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const [message, setMessage] = useState<string | null>(null);
  const admin = hasRole('admin');
  const ownUnitId = user?.unit?.id ?? null;
  const treeFromTop = admin || !ownUnitId;
  const topLevel = useQuery({ ...childrenQuery(null), enabled: treeFromTop });
  // An organizer's tree starts at their own unit.
  const ownRoot = useQuery({
    ...unitQuery(ownUnitId ?? ''),
    enabled: !treeFromTop,
    select: (u: Unit) => [u],
  });
  const roots = treeFromTop ? topLevel : ownRoot;
  const found = useQuery(searchQuery(q));
  const select = (unitId: string) => {
    setParams((p) => {
      p.set('unit', unitId);
      return p;
    });
  };
  const exportTree = useMutation({
    mutationFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/units/export.xlsx', { parseAs: 'blob' });
      if (!response.ok || !data) await unwrap(Promise.resolve({ error, response }));
      saveBlob(data as Blob, filenameFrom(response, 'don-vi.xlsx'));
    },
  });
  return (
    <>
      <PageHeader
        title={t('units.title')}
        actions={
          <>
            <Button variant="outlined" component={RouterLink} to="/units/import">
              {t('units.importTree')}
            </Button>
            <Button variant="outlined" onClick={() => exportTree.mutate()} disabled={exportTree.isPending}>
              {t('units.exportTree')}
            </Button>
          </>
        }
      >
        <Typography color="text.secondary">{t('units.intro')}</Typography>
      </PageHeader>
      {exportTree.isError && (
        <Alert severity="error" role="alert" sx={{ mb: 2 }}>
          {errorMessage(exportTree.error)}
        </Alert>
      )}
      <Box role="status" aria-live="polite" sx={{ mb: message ? 2 : 0 }}>
        {message && <Alert severity="success">{message}</Alert>}
      </Box>
      <Box
        sx={{
          display: 'grid',
          gap: 2,
          gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: 'minmax(0, 5fr) minmax(0, 7fr)' },
          alignItems: 'start',
        }}
      >
        <Paper
          variant="outlined"
          sx={{ p: { xs: 1.5, sm: 2 }, minWidth: 0 }}
          component="section"
          aria-label={t('units.tree')}
        >
          <TextField
            type="search"
            label={t('units.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            fullWidth
            size="small"
            sx={{ mb: 1 }}
          />
          {q ? (
            <QueryState query={found}>
              {(units) =>
                units.length === 0 ? (
                  <Typography role="status" sx={{ p: 1 }}>
                    {t('units.noResults')}
                  </Typography>
                ) : (
                  <List aria-label={t('units.searchResults')} dense>
                    {units.map((u) => (
                      <ListItemButton
                        key={u.id}
                        selected={u.id === selectedId}
                        onClick={() => {
                          setMessage(null);
                          select(u.id);
                        }}
                      >
                        <ListItemText
                          primary={u.name}
                          secondary={`${u.trail.join(' › ')} · ${t('units.peopleCount', { formatted: formatNumber(totalOf(u.counts)) })}`}
                          slotProps={{
                            primary: { sx: { overflowWrap: 'anywhere' } },
                            secondary: { sx: { overflowWrap: 'anywhere' } },
                          }}
                        />
                      </ListItemButton>
                    ))}
                  </List>
                )
              }
            </QueryState>
          ) : (
            <QueryState query={roots}>
              {(list) => (
                <UnitTree
                  roots={list}
                  selectedId={selectedId}
                  onSelect={(u) => {
                    setMessage(null);
                    select(u.id);
                  }}
                />
              )}
            </QueryState>
          )}
        </Paper>
        {selectedId ? (
          <UnitDetail unitId={selectedId} onSelect={select} onMessage={setMessage} />
        ) : (
          <Alert severity="info">{t('units.selectHint')}</Alert>
        )}
      </Box>
    </>
  );
}
