import Button, { type ButtonProps } from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A button whose action runs only after the person confirms it in a dialog (removing a section or a lesson). */
export function ConfirmButton({
  question,
  onConfirm,
  children,
  ...props
}: ButtonProps & { question: string; onConfirm: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <>
      <Button {...props} onClick={() => setOpen(true)}>
        {children}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-describedby={id}>
        <DialogContent>
          <DialogContentText id={id}>{question}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{t('common.cancel')}</Button>
          <Button
            color="error"
            variant="contained"
            onClick={() => {
              setOpen(false);
              onConfirm();
            }}
          >
            {t('common.remove')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
