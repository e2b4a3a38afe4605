import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import { errorMessage } from '../api/errors';
import { useTranslation } from '../i18n';

/** A screen that failed to load (a chunk after a deploy, no network) offers a reload instead of a blank page. */
export function RouteError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return (
    <Alert severity="error" action={<Button onClick={() => location.reload()}>{t('common.reload')}</Button>}>
      {errorMessage(error)}
    </Alert>
  );
}
