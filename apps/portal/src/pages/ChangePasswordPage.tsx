import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { addMessages, useTranslation } from '../i18n';
import { accountMessages } from '../i18n/account';
import { useNavigate } from '../router';
import { api } from '../api/client';
import { ApiError, errorMessage, fieldErrors, unwrap } from '../api/errors';
import { useAuth } from '../auth/auth';
import { RequireSignIn } from '../layout/RequireSignIn';

addMessages(accountMessages);

type Field = 'currentPassword' | 'newPassword' | 'confirmPassword';
const FIELDS: Field[] = ['currentPassword', 'newPassword', 'confirmPassword'];
/** The API's bounds for a new password (ChangePasswordDto), checked here first so the person hears at once. */
const NEW_PASSWORD_LENGTH = { min: 8, max: 128 };

/**
 * Changes one's own password (POST /auth/password). Reached from the shell's link, or forced by the shell after a
 * sign-in with a one-time password. The answer's new token replaces this phone's (the API revoked every older one).
 */
export default function ChangePasswordPage() {
  return (
    <RequireSignIn>
      <ChangePasswordForm />
    </RequireSignIn>
  );
}

function ChangePasswordForm() {
  const { t } = useTranslation();
  const { mustChangePassword, signIn } = useAuth();
  const navigate = useNavigate();
  const [values, setValues] = useState<Record<Field, string>>({
    currentPassword: '',
    newPassword: '',
    confirmPassword: '',
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const inputs = useRef<Partial<Record<Field, HTMLInputElement | null>>>({});

  /** Shows the errors under their fields and moves the focus to the first one. */
  const showErrors = (found: Partial<Record<Field, string>>) => {
    setErrors(found);
    const first = FIELDS.find((f) => found[f]);
    if (first) inputs.current[first]?.focus();
  };

  const change = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/auth/password', {
          body: { currentPassword: values.currentPassword, newPassword: values.newPassword },
        }),
      ),
    onSuccess: (result) => {
      const wasForced = mustChangePassword;
      signIn(result.accessToken, result.user, result.mustChangePassword);
      setValues({ currentPassword: '', newPassword: '', confirmPassword: '' });
      if (wasForced) navigate('/', { replace: true });
    },
    onError: (error) => {
      // The wrong current password has a code of its own: its message in the chosen language.
      if (error instanceof ApiError && error.code === 'CURRENT_PASSWORD_WRONG') {
        showErrors({ currentPassword: errorMessage(error) });
        return;
      }
      const byField = fieldErrors(error);
      showErrors({ currentPassword: byField.get('currentPassword'), newPassword: byField.get('newPassword') });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { currentPassword, newPassword, confirmPassword } = values;
    const found: Partial<Record<Field, string>> = {};
    if (!currentPassword) found.currentPassword = t('changePassword.requiredField');
    if (!newPassword) found.newPassword = t('changePassword.requiredField');
    else if (newPassword.length < NEW_PASSWORD_LENGTH.min) found.newPassword = t('changePassword.tooShort');
    else if (newPassword.length > NEW_PASSWORD_LENGTH.max) found.newPassword = t('changePassword.tooLong');
    else if (newPassword === currentPassword) found.newPassword = t('changePassword.sameAsCurrent');
    if (confirmPassword !== newPassword) found.confirmPassword = t('changePassword.mismatch');
    if (FIELDS.some((f) => found[f])) return showErrors(found);
    setErrors({});
    change.mutate();
  };

  // Errors the form cannot place under a field (too many attempts, network) are shown above it.
  const placed = FIELDS.some((f) => errors[f]);
  const hints: Partial<Record<Field, string>> = {
    currentPassword: mustChangePassword ? t('changePassword.currentHint') : undefined,
    newPassword: t('changePassword.newHint'),
  };
  return (
    <Stack component="form" onSubmit={submit} spacing={2} noValidate>
      <Typography variant="h5" component="h1">
        {t('changePassword.title')}
      </Typography>
      {mustChangePassword ? (
        <Alert severity="warning">{t('changePassword.required')}</Alert>
      ) : (
        <Typography>{t('changePassword.intro')}</Typography>
      )}
      {change.isSuccess && !values.currentPassword && (
        <Alert severity="success" role="status">
          {t('changePassword.done')}
        </Alert>
      )}
      {change.isError && !placed && (
        <Alert severity="error" role="alert">
          {errorMessage(change.error)}
        </Alert>
      )}
      {FIELDS.map((field) => (
        <TextField
          key={field}
          inputRef={(el: HTMLInputElement | null) => {
            inputs.current[field] = el;
          }}
          label={t(
            `changePassword.${field === 'currentPassword' ? 'current' : field === 'newPassword' ? 'new' : 'confirm'}`,
          )}
          type="password"
          value={values[field]}
          onChange={(e) => setValues((v) => ({ ...v, [field]: e.target.value }))}
          autoComplete={field === 'currentPassword' ? 'current-password' : 'new-password'}
          error={errors[field] !== undefined}
          helperText={errors[field] ?? hints[field]}
          required
        />
      ))}
      <Button type="submit" variant="contained" size="large" disabled={change.isPending}>
        {change.isPending ? t('changePassword.submitting') : t('changePassword.submit')}
      </Button>
    </Stack>
  );
}
