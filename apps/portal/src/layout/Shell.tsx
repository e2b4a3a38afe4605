import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import Link from '@mui/material/Link';
import Toolbar from '@mui/material/Toolbar';
import { Suspense } from 'react';
import { routes } from '../routes';
import { ErrorBoundary, Link as RouterLink, Navigate, Routes, useLocation } from '../router';
import { RouteError } from './RouteError';
import { CHANGE_PASSWORD_PATH, useAuth } from '../auth/auth';
import { setLanguage, useTranslation } from '../i18n';
import { Loading } from './Loading';

/** The frame of every screen: the name (home), the language switch, signing out; the screen below, phone-wide. */
export default function Shell() {
  const { t, i18n } = useTranslation();
  const { pathname } = useLocation();
  const { user, mustChangePassword, signOut } = useAuth();
  const other = i18n.language === 'en' ? 'vi' : 'en';
  // Signed in with a one-time password: the API answers nothing else until it is changed, so nothing else is shown.
  if (mustChangePassword && pathname !== CHANGE_PASSWORD_PATH) return <Navigate to={CHANGE_PASSWORD_PATH} replace />;
  return (
    <>
      <Box
        component="a"
        href="#main"
        sx={{
          position: 'absolute',
          left: -9999,
          '&:focus': { left: 8, top: 8, zIndex: 2000, bgcolor: '#fff', color: 'primary.main', p: 1.5 },
        }}
      >
        {t('common.skip')}
      </Box>
      <AppBar position="sticky" elevation={0} component="header">
        <Toolbar sx={{ gap: 1, px: { xs: 1.5, sm: 2 } }}>
          <Link
            component={RouterLink}
            to="/"
            color="inherit"
            underline="none"
            sx={{ fontWeight: 700, fontSize: 20, flexGrow: 1, py: 1 }}
          >
            Hải Đăng
          </Link>
          <Button color="inherit" lang={other} onClick={() => setLanguage(other)} sx={{ minWidth: 48 }}>
            {t('language.switchTo')}
          </Button>
          {user && (
            <Button color="inherit" onClick={signOut}>
              {t('auth.signOut')}
            </Button>
          )}
        </Toolbar>
      </AppBar>
      <Container component="main" id="main" tabIndex={-1} maxWidth="sm" sx={{ py: 2, px: { xs: 1.5, sm: 2 } }}>
        <ErrorBoundary resetKey={pathname} fallback={(error) => <RouteError error={error} />}>
          <Suspense fallback={<Loading />}>
            <Routes routes={routes} />
          </Suspense>
        </ErrorBoundary>
      </Container>
      <Box component="footer" sx={{ textAlign: 'center', py: 3, color: 'text.secondary', fontSize: 14 }}>
        {t('common.footer')}
        {user && !mustChangePassword && (
          // In the footer, not the bar: a 360-pixel-wide phone has no room there for a third button.
          <Link component={RouterLink} to={CHANGE_PASSWORD_PATH} sx={{ display: 'block', mt: 1 }}>
            {t('auth.changePassword')}
          </Link>
        )}
      </Box>
    </>
  );
}
