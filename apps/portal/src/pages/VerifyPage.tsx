import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { ApiError } from '../api/errors';
import { verifyCertificate, type Verification, VerifyError } from '../certificates/api';
import { addMessages, useTranslation } from '../i18n';
import { certificateMessages } from '../i18n/certificates';
import { Loading } from '../layout/Loading';
import { QueryError } from '../layout/QueryState';
import { formatDate } from '../lib/format';
import { useNavigate, useParams } from '../router';

addMessages(certificateMessages);

/** A code as people type it: upper case, without spaces and dashes (the API folds I/L/O/U the same way). */
const compact = (code: string) => code.toUpperCase().replace(/[\s-]/g, '');
const CODE_LENGTH = 14;

/**
 * The public page a certificate's QR code opens (/verify/:code), and the form for people who type the code
 * (/verify). Says in plain words whether the certificate is genuine and valid, revoked (with the reason) or expired,
 * with the holder, the achievement, the issuer and the date; an unknown, a mistyped or a too-frequent code each get
 * their own sentence.
 */
export default function VerifyPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${t('verifyPage.title')} · Hải Đăng`;
  }, [t]);
  return (
    <Stack spacing={2}>
      <Typography variant="h5" component="h1" ref={heading} tabIndex={-1} sx={{ outline: 'none' }}>
        {t('verifyPage.title')}
      </Typography>
      {code ? <Result code={code} /> : <Typography>{t('verifyPage.intro')}</Typography>}
      <CodeForm initial={code} again={!!code} />
      <Typography variant="body2" color="text.secondary">
        {t('verifyPage.howTo')}
      </Typography>
    </Stack>
  );
}

function Result({ code }: { code: string }) {
  const { t } = useTranslation();
  const result = useQuery({
    queryKey: ['verify', compact(code)],
    queryFn: () => verifyCertificate(code),
    // A refused or unknown code will not change by asking again at once; a dropped connection may.
    retry: (count, error) => !(error instanceof ApiError) && !(error instanceof VerifyError) && count < 2,
    staleTime: 0,
  });
  if (result.isPending)
    return (
      <Box aria-label={t('verifyPage.checking')}>
        <Loading />
      </Box>
    );
  if (result.error) {
    const error = result.error;
    if (error instanceof VerifyError) {
      const message =
        error.kind === 'not-found'
          ? t('verifyPage.notFound')
          : error.kind === 'malformed'
            ? t('verifyPage.malformed')
            : error.retryAfter
              ? t('verifyPage.rateLimited', { seconds: error.retryAfter })
              : t('verifyPage.rateLimitedSoon');
      return (
        <Alert severity={error.kind === 'rate-limited' ? 'info' : 'warning'} role="alert" data-testid="verify-result">
          <Typography sx={{ mb: 0.5 }}>
            {t('verifyPage.code')}: <strong style={{ overflowWrap: 'anywhere' }}>{code}</strong>
          </Typography>
          {message}
        </Alert>
      );
    }
    return <QueryError error={error} retry={() => void result.refetch()} />;
  }
  return <Certificate found={result.data} />;
}

function Certificate({ found }: { found: Verification }) {
  const { t } = useTranslation();
  const severity = found.status === 'active' ? 'success' : found.status === 'revoked' ? 'error' : 'warning';
  return (
    <Card
      variant="outlined"
      component="section"
      aria-labelledby="verify-status"
      data-testid="verify-result"
      data-status={found.status}
    >
      <Alert severity={severity} role="status" sx={{ borderRadius: 0 }}>
        <AlertTitle id="verify-status" sx={{ fontWeight: 700, mb: 0 }}>
          {t(`verifyPage.${found.status}`)}
        </AlertTitle>
        {found.status === 'revoked' && (
          <>
            {found.revokedAt && (
              <Typography>{t('verifyPage.revokedOn', { date: formatDate(found.revokedAt) })}</Typography>
            )}
            {found.revokedReason && <Typography>{t('verifyPage.reason', { reason: found.revokedReason })}</Typography>}
          </>
        )}
        {found.status === 'expired' && found.expiresAt && (
          <Typography>{t('verifyPage.expiredOn', { date: formatDate(found.expiresAt) })}</Typography>
        )}
      </Alert>
      <CardContent>
        <Box
          component="dl"
          sx={{
            m: 0,
            '& dt': { color: 'text.secondary', fontSize: 14 },
            '& dd': { m: 0, mb: 1.5, fontSize: 18, overflowWrap: 'anywhere' },
          }}
        >
          <dt>{t('verifyPage.holder')}</dt>
          <dd>
            <strong>{found.holder}</strong>
          </dd>
          <dt>{t('verifyPage.achievement')}</dt>
          <dd>
            {found.prize ? `${found.prize} — ` : ''}
            {found.achievement}
          </dd>
          <dt>{t('verifyPage.issuer')}</dt>
          <dd>{found.issuer}</dd>
          <dt>{t('verifyPage.issuedAt')}</dt>
          <dd>{formatDate(found.issuedAt)}</dd>
          {found.expiresAt && found.status !== 'expired' && (
            <>
              <dt>{t('verifyPage.validUntil')}</dt>
              <dd>{formatDate(found.expiresAt)}</dd>
            </>
          )}
          <dt>{t('verifyPage.code')}</dt>
          <dd style={{ fontFamily: 'monospace', letterSpacing: 1 }}>{found.code}</dd>
        </Box>
      </CardContent>
    </Card>
  );
}

/** A plain input (MUI's TextField would add 25 KB to a page people open from a QR code on a phone). */
function CodeForm({ initial, again }: { initial: string; again: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [value, setValue] = useState(again ? '' : initial);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const code = compact(value);
    const problem = !code
      ? t('verifyPage.codeEmpty')
      : code.length < CODE_LENGTH
        ? t('verifyPage.codeTooShort', { n: code.length })
        : null;
    setError(problem);
    if (problem) return input.current?.focus();
    navigate(`/verify/${encodeURIComponent(value.trim().toUpperCase())}`);
    setValue('');
  };
  return (
    <Card component="form" onSubmit={submit} noValidate variant={again ? 'outlined' : 'elevation'}>
      <CardContent>
        <Box
          component="label"
          id="verify-code-label"
          htmlFor="verify-code"
          sx={{ display: 'block', mb: 0.5, fontWeight: 600 }}
        >
          {again ? t('verifyPage.another') : t('verifyPage.codeLabel')}
        </Box>
        <Typography id="verify-code-hint" variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {t('verifyPage.codeHint')}
        </Typography>
        <Stack direction="row" spacing={1}>
          <Box
            component="input"
            id="verify-code"
            ref={input}
            value={value}
            onChange={(e: ChangeEvent<HTMLInputElement>) => {
              setValue(e.target.value.slice(0, 40));
              setError(null);
            }}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            aria-invalid={error ? true : undefined}
            aria-describedby={`verify-code-hint${error ? ' verify-code-error' : ''}`}
            sx={{
              flex: 1,
              minWidth: 0,
              height: 48,
              px: 1.5,
              fontSize: 18,
              letterSpacing: 1,
              border: '1px solid',
              borderColor: error ? 'error.main' : '#767676',
              borderRadius: 1,
              fontFamily: 'inherit',
              textTransform: 'uppercase',
              '&:focus': { outline: '2px solid', outlineColor: 'primary.main', borderColor: 'primary.main' },
            }}
          />
          <Button type="submit" variant="contained" sx={{ height: 48 }}>
            {t('verifyPage.check')}
          </Button>
        </Stack>
        {error && (
          <Typography id="verify-code-error" role="alert" color="error" variant="body2" sx={{ mt: 1 }}>
            {error}
          </Typography>
        )}
      </CardContent>
    </Card>
  );
}
