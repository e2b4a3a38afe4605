import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '../i18n';

export function LanguageSwitch({ inverted = false }: { inverted?: boolean }) {
  const { t, i18n } = useTranslation();
  const colors = inverted
    ? { color: '#fff', borderColor: 'rgba(255,255,255,0.7)', '&.Mui-selected': { color: '#0b4f8a', bgcolor: '#fff' } }
    : {};
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={i18n.language}
      aria-label={t('language.label')}
      onChange={(_, value: Language | null) => value && setLanguage(value)}
    >
      <ToggleButton value="vi" lang="vi" sx={colors}>
        Tiếng Việt
      </ToggleButton>
      <ToggleButton value="en" lang="en" sx={colors}>
        English
      </ToggleButton>
    </ToggleButtonGroup>
  );
}
