import Button, { type ButtonProps } from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A button whose action runs only after the person confirms it in a dialog (removing a section, a lesson, a file, a
 * course). The dialog opens with Cancel focused, so Enter or Escape straight away never removes anything.
 */
export function ConfirmButton({
  question,
  onConfirm,
  confirmLabel,
  children,
  ...props
}: ButtonProps & { question: string; onConfirm: () => void; confirmLabel?: ReactNode }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <>
      <Button {...props} onClick={() => setOpen(true)}>
        {children}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby={id}>
        <DialogContent>
          <DialogContentText id={id}>{question}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button autoFocus onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </Button>
          <Button
            color="error"
            variant="contained"
            onClick={() => {
              setOpen(false);
              onConfirm();
            }}
          >
            {confirmLabel ?? t('common.remove')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
