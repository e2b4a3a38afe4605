import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Container from '@mui/material/Container';
import Link from '@mui/material/Link';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { useAuth } from '../auth/auth';
import { LanguageSwitch } from './LanguageSwitch';

/** The frame of every signed-in screen: who is signed in (name, role, unit), navigation, language, sign-out. */
export default function Shell() {
  const { t } = useTranslation();
  const { token, user, loading, signOut } = useAuth();
  const location = useLocation();
  if (!token) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
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
          <Box component="nav" aria-label={t('shell.navigation')} sx={{ display: 'flex', gap: 1, flex: '1 1 auto' }}>
            <Button
              component={NavLink}
              to="/banks"
              color="inherit"
              sx={{ '&.active': { textDecoration: 'underline', textUnderlineOffset: 6 } }}
            >
              {t('nav.banks')}
            </Button>
          </Box>
          <Box data-testid="current-user" sx={{ textAlign: 'right', lineHeight: 1.2 }}>
            <Typography component="p" sx={{ fontWeight: 600 }}>
              {user.fullName}
            </Typography>
            <Typography component="p" variant="body2">
              {roles}
              {user.unit ? ` · ${user.unit.name}` : ''}
            </Typography>
          </Box>
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
