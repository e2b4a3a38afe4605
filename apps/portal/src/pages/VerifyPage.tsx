import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslation } from '../i18n';
import { Link as RouterLink, useParams } from '../router';

/** The public page a certificate's QR code opens. No certificates are issued yet: every code is unknown. */
export default function VerifyPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  return (
    <Stack spacing={2}>
      <Typography variant="h5" component="h1">
        {t('verify.title')}
      </Typography>
      <Typography>
        {t('verify.code')}: <strong style={{ overflowWrap: 'anywhere' }}>{code}</strong>
      </Typography>
      <Alert severity="warning" role="status">
        {t('verify.notFound')}
      </Alert>
      <Button component={RouterLink} to="/" variant="outlined">
        {t('common.home')}
      </Button>
    </Stack>
  );
}
