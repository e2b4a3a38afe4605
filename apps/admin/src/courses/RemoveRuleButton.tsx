import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import '../i18n/course-removal';
import { courseApi } from './api';

type Choice = 'keep' | 'remove-not-started';

/**
 * Removing a unit's enrolment, as a Moodle author expects to be asked: what becomes of the people it enrolled. Keeping
 * them is the default; unenrolling applies only to those who never started, and the dialog says that progress is
 * never deleted either way.
 */
export function RemoveRuleButton({
  rule,
  onRemoved,
}: {
  rule: { id: string; unitName: string; enrolledCount: number };
  onRemoved: (result: { kept: number; removed: number }) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState<Choice>('keep');
  const titleId = useId();
  const textId = useId();
  const remove = useMutation({
    mutationFn: () => courseApi.removeRule(rule.id, choice),
    onSuccess: (result) => {
      setOpen(false);
      onRemoved(result);
    },
  });
  return (
    <>
      <Button
        color="error"
        size="small"
        aria-label={t('courseRemoval.removeRule', { unit: rule.unitName })}
        onClick={() => {
          remove.reset();
          setChoice('keep');
          setOpen(true);
        }}
      >
        {t('common.remove')}
      </Button>
      <Dialog
        open={open}
        onClose={() => !remove.isPending && setOpen(false)}
        aria-labelledby={titleId}
        aria-describedby={textId}
      >
        <DialogTitle id={titleId}>{t('courseRemoval.removeRuleTitle', { unit: rule.unitName })}</DialogTitle>
        <DialogContent>
          <DialogContentText id={textId}>
            {t('courseRemoval.removeRuleIntro', { count: rule.enrolledCount })}
          </DialogContentText>
          <RadioGroup
            aria-labelledby={textId}
            value={choice}
            onChange={(e) => setChoice(e.target.value as Choice)}
            sx={{ my: 1 }}
          >
            <FormControlLabel value="keep" control={<Radio />} label={t('courseRemoval.keepLearners')} />
            <FormControlLabel
              value="remove-not-started"
              control={<Radio />}
              label={t('courseRemoval.removeNotStarted')}
            />
          </RadioGroup>
          <Alert severity="info">{t('courseRemoval.progressKept')}</Alert>
          {remove.isError && (
            <Alert severity="error" sx={{ mt: 1 }}>
              {errorMessage(remove.error)}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button autoFocus onClick={() => setOpen(false)} disabled={remove.isPending}>
            {t('common.cancel')}
          </Button>
          <Button color="error" variant="contained" disabled={remove.isPending} onClick={() => remove.mutate()}>
            {remove.isPending ? t('courseRemoval.removing') : t('courseRemoval.removeRuleConfirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
