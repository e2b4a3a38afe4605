import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { ApiError, errorMessage, fieldErrors, unwrap } from '../api/errors';
import { useAuth } from '../auth/auth';
import { PageHeader } from '../layout/PageHeader';
import { PasswordField } from '../layout/PasswordField';

interface ChangePasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

const EMPTY: ChangePasswordForm = { currentPassword: '', newPassword: '', confirmPassword: '' };
/** The API's bounds for a new password (ChangePasswordDto), checked here first so the person hears at once. */
const NEW_PASSWORD_LENGTH = { min: 8, max: 128 };

/**
 * Changes one's own password (POST /auth/password). Reached from the account menu, or forced by the shell after a
 * sign-in with a one-time password. The answer's new token replaces this tab's (the API revoked every older one).
 */
export default function ChangePasswordPage() {
  const { t } = useTranslation();
  const { mustChangePassword, signIn } = useAuth();
  const navigate = useNavigate();
  const { register, handleSubmit, setError, reset, formState } = useForm<ChangePasswordForm>({
    defaultValues: EMPTY,
  });
  const change = useMutation({
    mutationFn: ({ currentPassword, newPassword }: ChangePasswordForm) =>
      unwrap(api.POST('/api/v1/auth/password', { body: { currentPassword, newPassword } })),
    onSuccess: (result) => {
      const wasForced = mustChangePassword;
      signIn(result.accessToken, result.user, result.mustChangePassword);
      reset(EMPTY);
      if (wasForced) void navigate('/', { replace: true });
    },
    onError: (error) => {
      let focused = false;
      const show = (field: keyof ChangePasswordForm, message: string) => {
        setError(field, { message }, { shouldFocus: !focused });
        focused = true;
      };
      // The wrong current password has a code of its own: its message in the chosen language.
      if (error instanceof ApiError && error.code === 'CURRENT_PASSWORD_WRONG') {
        show('currentPassword', errorMessage(error));
        return;
      }
      for (const [field, message] of fieldErrors(error)) {
        if (field === 'currentPassword' || field === 'newPassword') show(field, message);
      }
    },
  });
  const errors = formState.errors;
  // Errors the form cannot place under a field (too many attempts, network) are shown above it.
  const placed =
    change.error instanceof ApiError &&
    (change.error.code === 'CURRENT_PASSWORD_WRONG' || fieldErrors(change.error).size > 0);
  return (
    <>
      <PageHeader title={t('changePassword.title')} />
      <Paper sx={{ p: { xs: 2, sm: 3 }, maxWidth: 520 }} variant="outlined">
        {mustChangePassword ? (
          <Alert severity="warning" sx={{ mb: 2 }}>
            {t('changePassword.required')}
          </Alert>
        ) : (
          <Typography sx={{ mb: 1 }}>{t('changePassword.intro')}</Typography>
        )}
        {change.isSuccess && !formState.isDirty && (
          <Alert severity="success" role="status" sx={{ mb: 2 }}>
            {t('changePassword.done')}
          </Alert>
        )}
        {change.isError && !placed && (
          <Alert severity="error" role="alert" sx={{ mb: 2 }}>
            {errorMessage(change.error)}
          </Alert>
        )}
        <form noValidate onSubmit={handleSubmit((values) => change.mutate(values))}>
          <PasswordField
            registration={register('currentPassword', { required: t('validation.required') })}
            label={t('changePassword.current')}
            autoComplete="current-password"
            error={errors.currentPassword?.message}
            hint={mustChangePassword ? t('changePassword.currentHint') : undefined}
          />
          <PasswordField
            registration={register('newPassword', {
              required: t('validation.required'),
              minLength: { value: NEW_PASSWORD_LENGTH.min, message: t('changePassword.tooShort') },
              maxLength: { value: NEW_PASSWORD_LENGTH.max, message: t('changePassword.tooLong') },
              validate: (value, form) => value !== form.currentPassword || t('changePassword.sameAsCurrent'),
            })}
            label={t('changePassword.new')}
            autoComplete="new-password"
            error={errors.newPassword?.message}
            hint={t('changePassword.newHint')}
          />
          <PasswordField
            registration={register('confirmPassword', {
              required: t('validation.required'),
              validate: (value, form) => value === form.newPassword || t('changePassword.mismatch'),
            })}
            label={t('changePassword.confirm')}
            autoComplete="new-password"
            error={errors.confirmPassword?.message}
          />
          <Button type="submit" variant="contained" size="large" sx={{ mt: 2 }} disabled={change.isPending}>
            {change.isPending ? t('changePassword.submitting') : t('changePassword.submit')}
          </Button>
        </form>
      </Paper>
    </>
  );
}
