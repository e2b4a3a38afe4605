import { createTheme } from '@mui/material/styles';
import { enUS, viVN } from '@mui/material/locale';

// WCAG AA on white and on the light background (primary #0b4f8a: 8.3:1; secondary text #4a4a4a: 8.9:1; success
// #1b5e20: 7.9:1; warning #8a4b00: 6.4:1). Touch targets at least 48 px: most participants use a phone with one thumb.
export function buildTheme(language: 'vi' | 'en') {
  return createTheme(
    {
      palette: {
        primary: { main: '#0b4f8a' },
        secondary: { main: '#8a1c1c' },
        success: { main: '#1b5e20' },
        warning: { main: '#8a4b00' },
        error: { main: '#b00020' },
        text: { primary: '#1a1a1a', secondary: '#4a4a4a' },
        background: { default: '#f5f6f8' },
      },
      typography: { fontFamily: 'system-ui, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif' },
      components: {
        // Vietnamese reads worse in capitals (stacked diacritics); buttons keep the sentence's case.
        MuiButton: { styleOverrides: { root: { textTransform: 'none', minHeight: 48 } } },
        MuiLink: { defaultProps: { underline: 'always' } },
        MuiTextField: { defaultProps: { fullWidth: true } },
      },
    },
    language === 'en' ? enUS : viVN,
  );
}
