import TextField from '@mui/material/TextField';
import type { UseFormRegisterReturn } from 'react-hook-form';

/**
 * A password input of a react-hook-form form: full width, its error (else its hint) under it, tied to it by
 * aria-describedby; `autoComplete` tells password managers whether to fill the saved password or offer a new one.
 */
export function PasswordField({
  registration,
  label,
  autoComplete,
  error,
  hint,
}: {
  registration: UseFormRegisterReturn;
  label: string;
  autoComplete: 'current-password' | 'new-password';
  error?: string;
  hint?: string;
}) {
  return (
    <TextField
      {...registration}
      label={label}
      type="password"
      autoComplete={autoComplete}
      fullWidth
      margin="normal"
      error={error !== undefined}
      helperText={error ?? hint}
    />
  );
}
