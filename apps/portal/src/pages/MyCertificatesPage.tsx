import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { saveBlob } from '../../../admin/src/lib/download';
import { errorMessage } from '../api/errors';
import { downloadCertificateFile, myCertificatesQuery, type MyCertificate } from '../certificates/api';
import { addMessages, useTranslation } from '../i18n';
import { certificateMessages } from '../i18n/certificates';
import { Loading } from '../layout/Loading';
import { QueryError } from '../layout/QueryState';
import { RequireSignIn } from '../layout/RequireSignIn';
import { formatDate } from '../lib/format';
import { Link as RouterLink } from '../router';

addMessages(certificateMessages);

const STATUS_COLOR = { active: 'success', revoked: 'error', expired: 'default' } as const;

/** "Giấy chứng nhận của tôi": each certificate with its PDF, its signed credential (JSON) and its verification page. */
export default function MyCertificatesPage() {
  return (
    <RequireSignIn>
      <MyCertificates />
    </RequireSignIn>
  );
}

function MyCertificates() {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${t('certificates.title')} · Hải Đăng`;
  }, [t]);
  const mine = useQuery(myCertificatesQuery);
  return (
    <Stack spacing={2}>
      <Typography variant="h5" component="h1">
        {t('certificates.title')}
      </Typography>
      <Typography>{t('certificates.intro')}</Typography>
      {mine.isPending ? (
        <Loading />
      ) : mine.error ? (
        <QueryError error={mine.error} retry={() => void mine.refetch()} />
      ) : mine.data.length === 0 ? (
        <Alert severity="info">{t('certificates.empty')}</Alert>
      ) : (
        <Stack component="ul" spacing={2} sx={{ listStyle: 'none', p: 0, m: 0 }}>
          {mine.data.map((c) => (
            <CertificateCard key={c.id} certificate={c} />
          ))}
        </Stack>
      )}
      {mine.data && mine.data.length > 0 && (
        <Typography variant="body2" color="text.secondary">
          {t('certificates.credentialHint')}
        </Typography>
      )}
    </Stack>
  );
}

function CertificateCard({ certificate: c }: { certificate: MyCertificate }) {
  const { t } = useTranslation();
  const download = useMutation({
    mutationFn: (kind: 'pdf' | 'credential') => downloadCertificateFile(c.id, kind, c.code),
    onSuccess: ({ blob, filename }) => saveBlob(blob, filename),
  });
  const headingId = `certificate-${c.id}`;
  return (
    <Card component="li" variant="outlined" aria-labelledby={headingId}>
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start', mb: 1 }}>
          <Typography
            id={headingId}
            component="h2"
            variant="subtitle1"
            sx={{ fontWeight: 700, flexGrow: 1, minWidth: 0 }}
          >
            {c.prize ? `${c.prize} — ` : ''}
            {c.achievement}
          </Typography>
          <Chip size="small" label={t(`certificates.status.${c.status}`)} color={STATUS_COLOR[c.status]} />
        </Stack>
        <Typography variant="body2">
          {t('certificates.issuer')}: {c.issuer}
        </Typography>
        <Typography variant="body2">
          {t('certificates.issuedAt')}: {formatDate(c.issuedAt)}
          {c.expiresAt && ` · ${t('certificates.expiresAt')}: ${formatDate(c.expiresAt)}`}
        </Typography>
        <Typography variant="body2" sx={{ mb: 1 }}>
          {t('certificates.code')}: <span style={{ fontFamily: 'monospace' }}>{c.code}</span>
        </Typography>
        {c.status === 'revoked' && c.revokedReason && (
          <Alert severity="error" sx={{ mb: 1 }}>
            {t('certificates.revokedBecause', { reason: c.revokedReason })}
          </Alert>
        )}
        {download.isError && (
          <Alert severity="error" role="alert" sx={{ mb: 1 }}>
            {errorMessage(download.error)}
          </Alert>
        )}
        <Stack spacing={1}>
          <Button
            variant="contained"
            onClick={() => download.mutate('pdf')}
            disabled={download.isPending}
            aria-label={t('certificates.downloadPdfOf', { name: c.achievement })}
          >
            {t('certificates.downloadPdf')}
          </Button>
          <Button
            variant="outlined"
            onClick={() => download.mutate('credential')}
            disabled={download.isPending}
            aria-label={t('certificates.downloadCredentialOf', { name: c.achievement })}
          >
            {t('certificates.downloadCredential')}
          </Button>
          <Link component={RouterLink} to={`/verify/${c.code}`} sx={{ alignSelf: 'flex-start', py: 1 }}>
            {t('certificates.verifyPage')}
          </Link>
        </Stack>
      </CardContent>
    </Card>
  );
}
