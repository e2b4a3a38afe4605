import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';
import { errorMessage } from '../api/errors';

/** A screen that failed to load (a chunk after a deploy, no network) offers a reload instead of a blank page. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  return (
    <Container maxWidth="sm" sx={{ py: 4 }}>
      <Alert severity="error" action={<Button onClick={() => location.reload()}>{t('common.reload')}</Button>}>
        {errorMessage(error)}
      </Alert>
    </Container>
  );
}
