import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { api } from '../api/client';
import { errorMessage, fieldErrors, unwrap } from '../api/errors';
import { CHANGE_PASSWORD_PATH, useAuth } from '../auth/auth';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { PasswordField } from '../layout/PasswordField';
import { pageTitle } from '../lib/format';

interface SignInForm {
  username: string;
  password: string;
}

export default function SignInPage() {
  const { t } = useTranslation();
  const { token, mustChangePassword, signIn } = useAuth();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/banks';
  const { register, handleSubmit, setError, formState } = useForm<SignInForm>({
    defaultValues: { username: '', password: '' },
  });
  const login = useMutation({
    mutationFn: (body: SignInForm) => unwrap(api.POST('/api/v1/auth/login', { body })),
    onSuccess: (result) => signIn(result.accessToken, result.user, result.mustChangePassword),
    onError: (error) => {
      for (const [field, message] of fieldErrors(error)) {
        if (field === 'username' || field === 'password') setError(field, { message });
      }
    },
  });
  useEffect(() => {
    document.title = pageTitle(t('signIn.title'));
  }, [t]);
  if (token) return <Navigate to={mustChangePassword ? CHANGE_PASSWORD_PATH : from} replace />;
  const errors = formState.errors;
  return (
    <Box component="main" sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', p: 2 }}>
      <Paper sx={{ p: 4, width: '100%', maxWidth: 420 }} elevation={2}>
        <Box sx={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', mb: 2 }}>
          <Typography component="p" variant="h6" sx={{ fontWeight: 700, color: 'primary.main' }}>
            {t('app.name')}
          </Typography>
          <LanguageSwitch />
        </Box>
        <Typography component="h1" variant="h5" sx={{ mb: 3 }}>
          {t('signIn.title')}
        </Typography>
        <form noValidate onSubmit={handleSubmit((values) => login.mutate(values))}>
          {login.isError && (
            <Alert severity="error" sx={{ mb: 2 }} role="alert">
              {errorMessage(login.error)}
            </Alert>
          )}
          <TextField
            {...register('username', { required: t('validation.required') })}
            label={t('signIn.username')}
            autoComplete="username"
            autoFocus
            fullWidth
            margin="normal"
            error={!!errors.username}
            helperText={errors.username?.message}
          />
          <PasswordField
            registration={register('password', { required: t('validation.required') })}
            label={t('signIn.password')}
            autoComplete="current-password"
            error={errors.password?.message}
          />
          <Button type="submit" variant="contained" size="large" fullWidth sx={{ mt: 2 }} disabled={login.isPending}>
            {login.isPending ? t('signIn.submitting') : t('signIn.submit')}
          </Button>
        </form>
      </Paper>
    </Box>
  );
}
