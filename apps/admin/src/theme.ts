import { createTheme } from '@mui/material/styles';
import { enUS, viVN } from '@mui/material/locale';

// Colours chosen for WCAG AA on white (primary #0b4f8a: 8.3:1; secondary text #4a4a4a: 8.9:1).
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
        MuiButton: { styleOverrides: { root: { textTransform: 'none' } } },
        MuiLink: { defaultProps: { underline: 'always' } },
      },
    },
    language === 'en' ? enUS : viVN,
  );
}
