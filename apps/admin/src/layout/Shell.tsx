import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Container from '@mui/material/Container';
import Link from '@mui/material/Link';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { CHANGE_PASSWORD_PATH, useAuth } from '../auth/auth';
import { LanguageSwitch } from './LanguageSwitch';

/**
 * The frame of every signed-in screen: who is signed in (name, role, unit) with the account menu, navigation, language,
 * sign-out. A person signed in with a one-time password is held on the change-password page, without navigation.
 */
/** The sections of the admin, in the order of the navigation bar; units and people are for organizers. */
interface NavItem {
  to: string;
  label:
    | 'nav.banks'
    | 'nav.certificates'
    | 'nav.live'
    | 'nav.units'
    | 'nav.people'
    | 'nav.courses'
    | 'nav.contests'
    | 'nav.reports';
  organizerOnly?: boolean;
}
const NAV_ITEMS: readonly NavItem[] = [
  { to: '/banks', label: 'nav.banks' },
  { to: '/certificates', label: 'nav.certificates' },
  { to: '/live', label: 'nav.live' },
  { to: '/units', label: 'nav.units', organizerOnly: true },
  { to: '/people', label: 'nav.people', organizerOnly: true },
  { to: '/courses', label: 'nav.courses' },
  { to: '/contests', label: 'nav.contests' },
  { to: '/reports/plan', label: 'nav.reports' },
];

export default function Shell() {
  const { t } = useTranslation();
  const { token, user, loading, mustChangePassword, signOut, hasRole } = useAuth();
  const location = useLocation();
  const [accountAnchor, setAccountAnchor] = useState<HTMLElement | null>(null);
  const accountMenuId = useId();
  if (!token) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (mustChangePassword && location.pathname !== CHANGE_PASSWORD_PATH) {
    return <Navigate to={CHANGE_PASSWORD_PATH} replace />;
  }
  if (loading || !user) {
    return (
      <Box role="status" sx={{ display: 'grid', placeItems: 'center', minHeight: '100vh' }}>
        <CircularProgress aria-label={t('common.loading')} />
      </Box>
    );
  }
  const roles = user.roles.map((r) => t(`roles.${r}`)).join(', ');
  return (
    <>
      <Link
        href="#main"
        sx={{
          position: 'absolute',
          left: -9999,
          '&:focus': { left: 8, top: 8, zIndex: 2000, bgcolor: '#fff', p: 1 },
        }}
      >
        {t('shell.skipToContent')}
      </Link>
      <AppBar position="static" component="header">
        <Toolbar sx={{ gap: 2, flexWrap: 'wrap', py: 1 }}>
          <Typography variant="h6" component="p" sx={{ fontWeight: 700 }}>
            {t('app.name')}
          </Typography>
          {mustChangePassword ? (
            <Box sx={{ flex: '1 1 auto' }} />
          ) : (
            <Box
              component="nav"
              aria-label={t('shell.navigation')}
              sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, flex: '1 1 auto' }}
            >
              {NAV_ITEMS.filter((item) => !item.organizerOnly || hasRole('organizer')).map((item) => (
                <Button
                  key={item.to}
                  component={NavLink}
                  to={item.to}
                  color="inherit"
                  sx={{ '&.active': { textDecoration: 'underline', textUnderlineOffset: 6 } }}
                >
                  {t(item.label)}
                </Button>
              ))}
            </Box>
          )}
          <Button
            data-testid="current-user"
            color="inherit"
            id={`${accountMenuId}-button`}
            aria-haspopup="menu"
            aria-controls={accountAnchor ? accountMenuId : undefined}
            aria-expanded={accountAnchor ? 'true' : undefined}
            title={t('shell.accountMenu')}
            onClick={(event) => setAccountAnchor(event.currentTarget)}
            sx={{ display: 'block', textAlign: 'right', lineHeight: 1.2, textTransform: 'none', minWidth: 0 }}
          >
            <Typography component="span" sx={{ display: 'block', fontWeight: 600 }}>
              {user.fullName}
              {/* Shows that the name opens a menu (aria-haspopup says it to assistive technology). */}
              <span aria-hidden="true"> ▾</span>
            </Typography>
            <Typography component="span" variant="body2" sx={{ display: 'block' }}>
              {roles}
              {user.unit ? ` · ${user.unit.name}` : ''}
            </Typography>
          </Button>
          <Menu
            id={accountMenuId}
            anchorEl={accountAnchor}
            open={accountAnchor !== null}
            onClose={() => setAccountAnchor(null)}
            slotProps={{ list: { 'aria-labelledby': `${accountMenuId}-button` } }}
          >
            <MenuItem component={RouterLink} to={CHANGE_PASSWORD_PATH} onClick={() => setAccountAnchor(null)}>
              {t('changePassword.title')}
            </MenuItem>
            <MenuItem onClick={signOut}>{t('shell.signOut')}</MenuItem>
          </Menu>
          <LanguageSwitch inverted />
          <Button color="inherit" variant="outlined" onClick={signOut}>
            {t('shell.signOut')}
          </Button>
        </Toolbar>
      </AppBar>
      <Container component="main" id="main" tabIndex={-1} maxWidth="xl" sx={{ py: 3, outline: 'none' }}>
        <Outlet />
      </Container>
    </>
  );
}
