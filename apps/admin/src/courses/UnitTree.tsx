import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Radio from '@mui/material/Radio';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../api/client';
import { courseApi } from './api';

type Unit = Schemas['UnitResponseDto'];

/**
 * The unit tree, opened level by level (children loaded when a unit is opened), with one unit chosen by a radio
 * button: the root of the subtree to enrol. Keyboard: Tab to a unit's radio or its open/close button.
 */
export function UnitTree({
  value,
  onChange,
  describedBy,
}: {
  value: Unit | null;
  onChange: (unit: Unit) => void;
  describedBy?: string;
}) {
  return (
    <Box role="radiogroup" aria-describedby={describedBy} sx={{ maxHeight: 420, overflow: 'auto', pr: 1 }}>
      <Level parentId={undefined} depth={0} value={value} onChange={onChange} />
    </Box>
  );
}

function Level({
  parentId,
  depth,
  value,
  onChange,
}: {
  parentId: string | undefined;
  depth: number;
  value: Unit | null;
  onChange: (unit: Unit) => void;
}) {
  const units = useQuery({
    queryKey: ['units', parentId ?? 'root'],
    queryFn: () => courseApi.units(parentId),
    staleTime: 10 * 60_000,
  });
  if (units.isPending) return <CircularProgress size={20} sx={{ ml: depth * 2 + 1 }} aria-hidden />;
  if (!units.data) return null;
  return (
    <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0 }}>
      {units.data
        .filter((u) => u.status === 'active')
        .map((u) => (
          <Node key={u.id} unit={u} depth={depth} value={value} onChange={onChange} />
        ))}
    </Box>
  );
}

function Node({
  unit,
  depth,
  value,
  onChange,
}: {
  unit: Unit;
  depth: number;
  value: Unit | null;
  onChange: (unit: Unit) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(depth === 0);
  const hasChildren = (unit.childCount ?? 1) > 0;
  const radioId = `unit-${unit.id}`;
  return (
    <li>
      <Box sx={{ display: 'flex', alignItems: 'center', pl: depth * 2, minHeight: 44 }}>
        {hasChildren ? (
          <Button
            size="small"
            aria-expanded={open}
            aria-label={t(open ? 'enrol.collapse' : 'enrol.expand', { name: unit.name })}
            onClick={() => setOpen((o) => !o)}
            sx={{ minWidth: 36 }}
          >
            <span aria-hidden>{open ? '▾' : '▸'}</span>
          </Button>
        ) : (
          <Box sx={{ width: 36 }} />
        )}
        <Radio
          id={radioId}
          checked={value?.id === unit.id}
          onChange={() => onChange(unit)}
          value={unit.id}
          name="enrol-unit"
        />
        <Box component="label" htmlFor={radioId} sx={{ cursor: 'pointer', overflowWrap: 'anywhere' }}>
          {unit.name}
        </Box>
      </Box>
      {open && hasChildren && <Level parentId={unit.id} depth={depth + 1} value={value} onChange={onChange} />}
    </li>
  );
}
