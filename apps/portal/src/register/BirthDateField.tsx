import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import TextField from '@mui/material/TextField';
import { useRef } from 'react';
import { useTranslation } from '../i18n';
import { isoToVietnamese, parseVietnameseDate } from '../lib/format';

/** dd/mm/yyyy typed, or picked from the phone's own date picker (the calendar button). */
export function BirthDateField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (text: string) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const picker = useRef<HTMLInputElement>(null);
  const iso = parseVietnameseDate(value);
  const open = () => {
    const input = picker.current;
    if (!input) return;
    if (typeof input.showPicker === 'function') input.showPicker();
    else input.click();
  };
  return (
    <>
      <TextField
        label={t('register.birthDate')}
        placeholder="dd/mm/yyyy"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete="bday"
        required
        error={!!error}
        helperText={error ?? t('register.birthDateHint')}
        slotProps={{
          htmlInput: { inputMode: 'numeric' },
          input: {
            endAdornment: (
              <InputAdornment position="end">
                <IconButton
                  onClick={open}
                  aria-label={t('register.pickDate')}
                  edge="end"
                  sx={{ width: 48, height: 48 }}
                >
                  <svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true">
                    <path
                      fill="currentColor"
                      d="M19 4h-1V2h-2v2H8V2H6v2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2Zm0 16H5V9h14v11Z"
                    />
                  </svg>
                </IconButton>
              </InputAdornment>
            ),
          },
        }}
      />
      <input
        ref={picker}
        type="date"
        tabIndex={-1}
        aria-hidden="true"
        value={iso ?? ''}
        max={new Date().toISOString().slice(0, 10)}
        onChange={(e) => e.target.value && onChange(isoToVietnamese(e.target.value))}
        style={{ position: 'absolute', opacity: 0, width: 1, height: 1, pointerEvents: 'none' }}
      />
    </>
  );
}
