import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import { useTranslation } from '../i18n';
import { errorMessage } from '../api/errors';

export function QueryError({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert severity="error" action={retry && <Button onClick={retry}>{t('common.retry')}</Button>} sx={{ my: 2 }}>
      {errorMessage(error)}
    </Alert>
  );
}
