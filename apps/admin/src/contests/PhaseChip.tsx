import Chip from '@mui/material/Chip';
import { useTranslation } from 'react-i18next';
import type { RoundPhase } from './api';

const COLORS: Record<RoundPhase, 'default' | 'success' | 'warning' | 'info'> = {
  upcoming: 'info',
  open: 'success',
  closing: 'warning',
  closed: 'default',
};

/** A round's phase in words (never colour alone). */
export function PhaseChip({ phase }: { phase: RoundPhase }) {
  const { t } = useTranslation();
  return <Chip size="small" variant="outlined" color={COLORS[phase]} label={t(`contests.phases.${phase}`)} />;
}
