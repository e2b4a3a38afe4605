import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import { formatNumber } from '../lib/format';
import { childrenQuery, totalOf, type Unit } from './api';

/**
 * The unit tree, one level at a time: a level's children are asked for when it is opened (the city has thousands of
 * units). Each row: an open/close button when it has children, and the unit's name, which selects it.
 */
export function UnitTree({
  roots,
  selectedId,
  onSelect,
}: {
  roots: Unit[];
  selectedId: string | null;
  onSelect: (unit: Unit) => void;
}) {
  return (
    <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0 }}>
      {roots.map((unit) => (
        <TreeNode
          key={unit.id}
          unit={unit}
          selectedId={selectedId}
          onSelect={onSelect}
          initiallyOpen={roots.length === 1}
        />
      ))}
    </Box>
  );
}

function TreeNode({
  unit,
  selectedId,
  onSelect,
  initiallyOpen = false,
}: {
  unit: Unit;
  selectedId: string | null;
  onSelect: (unit: Unit) => void;
  initiallyOpen?: boolean;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(initiallyOpen);
  const hasChildren = (unit.childCount ?? 1) > 0;
  const selected = unit.id === selectedId;
  return (
    <li>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5, minWidth: 0 }}>
        {hasChildren ? (
          <Button
            size="small"
            onClick={() => setOpen(!open)}
            aria-expanded={open}
            aria-label={t(open ? 'units.collapse' : 'units.expand', { name: unit.name })}
            sx={{ minWidth: 32, px: 0, flex: 'none' }}
          >
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          </Button>
        ) : (
          <Box sx={{ width: 32, flex: 'none' }} />
        )}
        <Button
          size="small"
          onClick={() => onSelect(unit)}
          aria-current={selected ? 'true' : undefined}
          variant={selected ? 'contained' : 'text'}
          disableElevation
          sx={{ textTransform: 'none', justifyContent: 'flex-start', textAlign: 'left', minWidth: 0, flex: '0 1 auto' }}
        >
          <span style={{ overflowWrap: 'anywhere' }}>{unit.name}</span>
        </Button>
        {/* The unit's own member counts summed over the populations, labelled: never a bare number. */}
        <Typography variant="body2" color="text.secondary" sx={{ flex: 'none' }}>
          {t('units.peopleCount', { formatted: formatNumber(totalOf(unit.counts)) })}
        </Typography>
      </Box>
      {open && hasChildren && <Children parent={unit} selectedId={selectedId} onSelect={onSelect} />}
    </li>
  );
}

function Children({
  parent,
  selectedId,
  onSelect,
}: {
  parent: Unit;
  selectedId: string | null;
  onSelect: (unit: Unit) => void;
}) {
  const { t } = useTranslation();
  const children = useQuery(childrenQuery(parent.id));
  if (children.isPending) {
    return (
      <Box role="status" sx={{ pl: 5, py: 0.5, display: 'flex', gap: 1, alignItems: 'center' }}>
        <CircularProgress size={16} aria-hidden />
        {t('common.loading')}
      </Box>
    );
  }
  if (children.isError) {
    return (
      <Typography role="alert" color="error" sx={{ pl: 5 }}>
        {errorMessage(children.error)}
      </Typography>
    );
  }
  return (
    <Box
      component="ul"
      aria-label={t('units.childCount', { count: children.data.length })}
      sx={{ listStyle: 'none', m: 0, pl: { xs: 1.5, sm: 3 } }}
    >
      {children.data.map((unit) => (
        <TreeNode key={unit.id} unit={unit} selectedId={selectedId} onSelect={onSelect} />
      ))}
    </Box>
  );
}
