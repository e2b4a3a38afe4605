import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from '../i18n';
import { Navigate, Link as RouterLink, useSearchParams } from '../router';
import { api } from '../api/client';
import { errorMessage, unwrap } from '../api/errors';
import { CHANGE_PASSWORD_PATH, useAuth } from '../auth/auth';

/** Where to go after signing in: only a path inside the portal (never another site). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function SignInPage() {
  const { t } = useTranslation();
  const { token, mustChangePassword, signIn } = useAuth();
  const [params] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/auth/login', { body: { username: username.trim(), password } })),
    onSuccess: (r) => signIn(r.accessToken, r.user, r.mustChangePassword),
  });
  if (token) return <Navigate to={mustChangePassword ? CHANGE_PASSWORD_PATH : safeNext(params.get('next'))} replace />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
  };
  return (
    <Stack component="form" onSubmit={submit} spacing={2} noValidate>
      <Typography variant="h5" component="h1">
        {t('auth.signInTitle')}
      </Typography>
      {login.error && (
        <Alert severity="error" role="alert">
          {errorMessage(login.error)}
        </Alert>
      )}
      <TextField
        label={t('auth.username')}
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        autoComplete="username"
        autoCapitalize="none"
        required
      />
      <TextField
        label={t('auth.password')}
        type="password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        autoComplete="current-password"
        required
      />
      <Button type="submit" variant="contained" size="large" disabled={login.isPending || !username || !password}>
        {t('auth.signIn')}
      </Button>
      <Typography>
        {t('auth.noAccount')}{' '}
        <Link
          component={RouterLink}
          to={`/register${params.get('next') ? `?next=${encodeURIComponent(params.get('next')!)}` : ''}`}
        >
          {t('auth.register')}
        </Link>
      </Typography>
    </Stack>
  );
}
