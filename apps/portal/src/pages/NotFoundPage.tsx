import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslation } from '../i18n';
import { Link as RouterLink } from '../router';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Stack spacing={2}>
      <Typography variant="h5" component="h1">
        {t('notFound.title')}
      </Typography>
      <Button component={RouterLink} to="/" variant="contained">
        {t('common.home')}
      </Button>
    </Stack>
  );
}
