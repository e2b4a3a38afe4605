import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';

const SECTIONS = [
  { to: '/certificates', key: 'issued', end: true },
  { to: '/certificates/templates', key: 'templates', end: false },
  { to: '/certificates/issue', key: 'issue', end: false },
] as const;

/** The certificate section's three screens, as links (the current one marked for screen readers too). */
export function CertificateNav() {
  const { t } = useTranslation();
  return (
    <Box
      component="nav"
      aria-label={t('certificates.tabs.label')}
      sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, mb: 2, borderBottom: 1, borderColor: 'divider', pb: 1 }}
    >
      {SECTIONS.map((s) => (
        <Button
          key={s.key}
          component={NavLink}
          to={s.to}
          end={s.end}
          sx={{ '&.active': { fontWeight: 700, textDecoration: 'underline', textUnderlineOffset: 6 } }}
        >
          {t(`certificates.tabs.${s.key}`)}
        </Button>
      ))}
    </Box>
  );
}
