import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import ButtonBase from '@mui/material/ButtonBase';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../api/client';
import { formatNumber } from '../lib/format';

type Node = Schemas['CategoryNodeDto'];

/**
 * The bank's category tree as nested lists of buttons: plain lists and buttons are what every screen reader reads
 * well, and Tab reaches each category. The chosen one is marked aria-current.
 */
export function CategoryTree({
  tree,
  selected,
  onSelect,
}: {
  tree: Schemas['CategoryTreeDto'];
  selected: string;
  onSelect: (path: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Box component="nav" aria-label={t('questions.categories')}>
      <Typography component="h2" variant="subtitle1" sx={{ fontWeight: 600, mb: 1 }}>
        {t('questions.categories')}
      </Typography>
      <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0 }}>
        <Item label={t('questions.allCategories')} count={tree.total} path="" selected={selected} onSelect={onSelect} />
        {tree.roots.map((node) => (
          <Branch key={node.path} node={node} selected={selected} onSelect={onSelect} />
        ))}
      </Box>
    </Box>
  );
}

function Branch({ node, selected, onSelect }: { node: Node; selected: string; onSelect: (path: string) => void }) {
  return (
    <Item label={node.name} count={node.total} path={node.path} selected={selected} onSelect={onSelect}>
      {node.children.length > 0 && (
        <Box component="ul" sx={{ listStyle: 'none', m: 0, pl: 2 }}>
          {node.children.map((child) => (
            <Branch key={child.path} node={child} selected={selected} onSelect={onSelect} />
          ))}
        </Box>
      )}
    </Item>
  );
}

function Item({
  label,
  count,
  path,
  selected,
  onSelect,
  children,
}: {
  label: string;
  count: number;
  path: string;
  selected: string;
  onSelect: (path: string) => void;
  children?: ReactNode;
}) {
  const current = selected === path;
  return (
    <li>
      <ButtonBase
        onClick={() => onSelect(path)}
        aria-current={current ? 'true' : undefined}
        sx={{
          width: '100%',
          justifyContent: 'space-between',
          textAlign: 'left',
          gap: 1,
          px: 1,
          py: 0.75,
          borderRadius: 1,
          fontSize: '0.95rem',
          fontWeight: current ? 700 : 400,
          bgcolor: current ? 'rgba(11,79,138,0.12)' : 'transparent',
          '&:hover': { bgcolor: 'rgba(11,79,138,0.08)' },
          '&.Mui-focusVisible': { outline: '2px solid #0b4f8a', outlineOffset: 1 },
        }}
      >
        <span>{label}</span>
        <Typography component="span" variant="body2" sx={{ color: 'text.secondary' }}>
          {formatNumber(count)}
        </Typography>
      </ButtonBase>
      {children}
    </li>
  );
}
