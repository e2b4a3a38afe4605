import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Button from '@mui/material/Button';
import FormHelperText from '@mui/material/FormHelperText';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from '../i18n';
import { api, type Schemas } from '../api/client';
import { errorMessage, unwrap } from '../api/errors';
import { fold } from '../lib/format';

type Unit = Schemas['UnitResponseDto'];

/**
 * The unit chosen step by step down the tree (city → district → ward → branch), with a search of the current level
 * that ignores diacritics and case. The chosen unit is the last step taken; a unit with no units under it ends the walk.
 */
export function UnitPicker({
  path,
  onChange,
  error,
}: {
  path: Unit[];
  onChange: (path: Unit[]) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const parent = path.at(-1);
  const headingId = useId();
  const children = useQuery({
    queryKey: ['units', parent?.id ?? 'root'],
    queryFn: () => unwrap(api.GET('/api/v1/units', { params: { query: parent ? { parentId: parent.id } : {} } })),
    staleTime: 10 * 60_000,
  });
  const shown = useMemo(() => {
    const q = fold(search);
    const all = children.data ?? [];
    return q ? all.filter((u) => fold(`${u.name} ${u.fullName ?? ''}`).includes(q)) : all;
  }, [children.data, search]);
  const go = (next: Unit[]) => {
    setSearch('');
    onChange(next);
  };
  const atLeaf = children.isSuccess && children.data.length === 0;
  return (
    <Box
      component="fieldset"
      sx={{ border: 1, borderColor: error ? 'error.main' : 'divider', borderRadius: 1, p: 1.5, m: 0 }}
    >
      <Typography component="legend" id={headingId} sx={{ px: 0.5, fontWeight: 600 }}>
        {t('register.unit')}
      </Typography>
      {path.length > 0 && (
        <Breadcrumbs aria-label={t('register.unitPath')} sx={{ mb: 1 }}>
          <Button size="small" onClick={() => go([])} sx={{ minHeight: 40 }}>
            {t('register.unitTop')}
          </Button>
          {path.map((u, i) => (
            <Button key={u.id} size="small" onClick={() => go(path.slice(0, i + 1))} sx={{ minHeight: 40 }}>
              {u.name}
            </Button>
          ))}
        </Breadcrumbs>
      )}
      {parent && (
        <Alert severity={atLeaf ? 'success' : 'info'} sx={{ mb: 1 }} aria-live="polite">
          {t('register.unitChosen', { name: parent.fullName ?? parent.name })}
          {!atLeaf && ` ${t('register.unitGoDeeper')}`}
        </Alert>
      )}
      {!atLeaf && (
        <>
          <TextField
            label={t('register.unitSearch')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            size="small"
            slotProps={{ htmlInput: { 'aria-describedby': headingId } }}
          />
          {children.error && <Alert severity="error">{errorMessage(children.error)}</Alert>}
          <List dense aria-labelledby={headingId} sx={{ maxHeight: 280, overflow: 'auto' }}>
            {shown.map((u) => (
              <ListItemButton key={u.id} onClick={() => go([...path, u])} sx={{ minHeight: 48 }}>
                <ListItemText
                  primary={u.name}
                  secondary={u.fullName && u.fullName !== u.name ? u.fullName : undefined}
                />
              </ListItemButton>
            ))}
            {children.isSuccess && shown.length === 0 && (
              <Typography sx={{ p: 1 }} color="text.secondary">
                {t('register.unitNone')}
              </Typography>
            )}
          </List>
        </>
      )}
      {error && <FormHelperText error>{error}</FormHelperText>}
    </Box>
  );
}
