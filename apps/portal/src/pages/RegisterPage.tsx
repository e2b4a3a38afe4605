import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../i18n';
import { Navigate, Link as RouterLink, useSearchParams } from '../router';
import { api, type Schemas } from '../api/client';
import { ApiError, errorMessage, fieldErrors, unwrap } from '../api/errors';
import { useAuth } from '../auth/auth';
import { ageToday, parseVietnameseDate } from '../lib/format';
import { BirthDateField } from '../register/BirthDateField';
import { UnitPicker } from '../register/UnitPicker';
import { safeNext } from './SignInPage';

type Unit = Schemas['UnitResponseDto'];
type Errors = Partial<Record<string, string>>;

const ADULT_AGE = 16;
const OWN_CONSENT_AGE = 7;

/** Error codes of the register API that belong to one field: shown next to it, not at the top. */
const CODE_FIELD: Partial<Record<string, string>> = {
  USERNAME_TAKEN: 'username',
  CITIZEN_ID_TAKEN: 'citizenId',
  BIRTH_DATE_INVALID: 'birthDate',
  TOO_YOUNG: 'birthDate',
  UNIT_NOT_FOUND: 'unitId',
  UNIT_INACTIVE: 'unitId',
  GUARDIAN_CONSENT_REQUIRED: 'guardianConsent',
  CHILD_CONSENT_REQUIRED: 'childConsent',
};
const GUARDIAN_FIELDS = new Set(['guardianName', 'guardianPhone', 'guardianConsent', 'childConsent']);

export default function RegisterPage() {
  const { t } = useTranslation();
  const { token, signIn } = useAuth();
  const [params] = useSearchParams();
  const [form, setForm] = useState({
    fullName: '',
    birthDate: '',
    username: '',
    password: '',
    phone: '',
    citizenId: '',
    guardianName: '',
    guardianPhone: '',
  });
  const [units, setUnits] = useState<Unit[]>([]);
  const [consent, setConsent] = useState({ own: false, guardian: false, child: false });
  const [step, setStep] = useState(0);
  const [errors, setErrors] = useState<Errors>({});
  const top = useRef<HTMLDivElement>(null);

  const birthIso = parseVietnameseDate(form.birthDate);
  const age = birthIso ? ageToday(birthIso) : null;
  const minor = age !== null && age < ADULT_AGE;
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm((f) => ({ ...f, [key]: e.target.value }));
    setErrors((er) => ({ ...er, [key]: undefined }));
  };

  const register = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/auth/register', {
          body: {
            username: form.username.trim(),
            password: form.password,
            fullName: form.fullName.trim(),
            birthDate: birthIso ?? form.birthDate,
            unitId: units.at(-1)?.id ?? '',
            ...(form.phone.trim() ? { phone: form.phone.replace(/[\s.]/g, '') } : {}),
            ...(form.citizenId.trim() ? { citizenId: form.citizenId.trim() } : {}),
            ...(minor
              ? {
                  guardianName: form.guardianName.trim(),
                  ...(form.guardianPhone.trim() ? { guardianPhone: form.guardianPhone.replace(/[\s.]/g, '') } : {}),
                  guardianConsent: consent.guardian,
                  ...(age !== null && age >= OWN_CONSENT_AGE ? { childConsent: consent.child } : {}),
                }
              : {}),
          },
        }),
      ),
    onSuccess: (r) => signIn(r.accessToken, r.user, r.mustChangePassword),
    onError: (error) => {
      const found: Errors = Object.fromEntries(fieldErrors(error));
      if (error instanceof ApiError && error.code && CODE_FIELD[error.code])
        found[CODE_FIELD[error.code]!] = errorMessage(error);
      setErrors(found);
      // Back to the step that holds the first field in error.
      if (Object.keys(found).some((k) => !GUARDIAN_FIELDS.has(k))) setStep(0);
      top.current?.focus();
    },
  });

  if (token) return <Navigate to={safeNext(params.get('next'))} replace />;

  /** The checks the phone can make before asking the server (the server checks everything again). */
  const checkFirstStep = (): Errors => {
    const e: Errors = {};
    if (form.fullName.trim().length < 2) e.fullName = t('register.errors.fullName');
    if (!birthIso) e.birthDate = t('register.errors.birthDate');
    if (!units.length) e.unitId = t('register.errors.unit');
    if (!/^[A-Za-z0-9._]{3,32}$/.test(form.username.trim())) e.username = t('register.errors.username');
    if (form.password.length < 8) e.password = t('register.errors.password');
    if (!minor && !consent.own) e.own = t('register.errors.consent');
    return e;
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (step === 0) {
      const found = checkFirstStep();
      setErrors(found);
      if (Object.keys(found).length) return top.current?.focus();
      if (minor) return setStep(1);
    } else {
      const found: Errors = {};
      if (form.guardianName.trim().length < 2) found.guardianName = t('register.errors.guardianName');
      if (!consent.guardian) found.guardianConsent = t('register.errors.guardianConsent');
      if (age !== null && age >= OWN_CONSENT_AGE && !consent.child)
        found.childConsent = t('register.errors.childConsent');
      setErrors(found);
      if (Object.keys(found).length) return top.current?.focus();
    }
    register.mutate();
  };
  const errorCount = Object.values(errors).filter(Boolean).length;
  const otherError = register.error && !Object.keys(errors).length ? errorMessage(register.error) : null;

  return (
    <Stack component="form" onSubmit={submit} spacing={2} noValidate>
      <Typography variant="h5" component="h1">
        {t('register.title')}
      </Typography>
      {minor && (
        <Stepper activeStep={step} alternativeLabel>
          <Step>
            <StepLabel>{t('register.stepYou')}</StepLabel>
          </Step>
          <Step>
            <StepLabel>{t('register.stepGuardian')}</StepLabel>
          </Step>
        </Stepper>
      )}
      <div ref={top} tabIndex={-1} role="alert" aria-live="assertive">
        {(errorCount > 0 || otherError) && (
          <Alert severity="error">{otherError ?? t('register.errors.summary', { count: errorCount })}</Alert>
        )}
      </div>
      {step === 0 ? (
        <>
          <TextField
            label={t('register.fullName')}
            value={form.fullName}
            onChange={set('fullName')}
            autoComplete="name"
            required
            error={!!errors.fullName}
            helperText={errors.fullName}
          />
          <BirthDateField
            value={form.birthDate}
            onChange={(v) => {
              setForm((f) => ({ ...f, birthDate: v }));
              setErrors((er) => ({ ...er, birthDate: undefined }));
            }}
            error={errors.birthDate}
          />
          {minor && <Alert severity="info">{t('register.minorNotice')}</Alert>}
          <UnitPicker
            path={units}
            onChange={(p) => {
              setUnits(p);
              setErrors((er) => ({ ...er, unitId: undefined }));
            }}
            error={errors.unitId}
          />
          <TextField
            label={t('register.phone')}
            value={form.phone}
            onChange={set('phone')}
            type="tel"
            autoComplete="tel"
            error={!!errors.phone}
            helperText={errors.phone ?? t('register.phoneHint')}
          />
          <TextField
            label={t('register.citizenId')}
            value={form.citizenId}
            onChange={set('citizenId')}
            slotProps={{ htmlInput: { inputMode: 'numeric' } }}
            error={!!errors.citizenId}
            helperText={errors.citizenId ?? t('register.citizenIdHint')}
          />
          <TextField
            label={t('auth.username')}
            value={form.username}
            onChange={set('username')}
            autoComplete="username"
            autoCapitalize="none"
            required
            error={!!errors.username}
            helperText={errors.username ?? t('register.usernameHint')}
          />
          <TextField
            label={t('auth.password')}
            type="password"
            value={form.password}
            onChange={set('password')}
            autoComplete="new-password"
            required
            error={!!errors.password}
            helperText={errors.password ?? t('register.passwordHint')}
          />
          {!minor && (
            <Box>
              <Typography component="h2" variant="subtitle1" sx={{ fontWeight: 600 }}>
                {t('register.consentTitle')}
              </Typography>
              <Typography variant="body2" sx={{ my: 1 }}>
                {t('register.consentText')}
              </Typography>
              <FormControlLabel
                control={
                  <Checkbox
                    checked={consent.own}
                    onChange={(e) => setConsent((c) => ({ ...c, own: e.target.checked }))}
                  />
                }
                label={t('register.consentOwn')}
              />
              {errors.own && <FormHelperText error>{errors.own}</FormHelperText>}
            </Box>
          )}
          <Button type="submit" variant="contained" size="large" disabled={register.isPending}>
            {minor ? t('register.next') : t('register.submit')}
          </Button>
        </>
      ) : (
        <>
          <Typography component="h2" variant="h6">
            {t('register.guardianTitle')}
          </Typography>
          <Typography>{t('register.guardianIntro', { name: form.fullName.trim(), age })}</Typography>
          <Box component="ul" sx={{ pl: 3, my: 0, '& li': { mb: 0.5 } }}>
            <li>{t('register.guardianPoint1')}</li>
            <li>{t('register.guardianPoint2')}</li>
            <li>{t('register.guardianPoint3')}</li>
            <li>{t('register.guardianPoint4')}</li>
          </Box>
          <TextField
            label={t('register.guardianName')}
            value={form.guardianName}
            onChange={set('guardianName')}
            required
            error={!!errors.guardianName}
            helperText={errors.guardianName}
          />
          <TextField
            label={t('register.guardianPhone')}
            value={form.guardianPhone}
            onChange={set('guardianPhone')}
            type="tel"
            error={!!errors.guardianPhone}
            helperText={errors.guardianPhone}
          />
          <Box>
            <FormControlLabel
              control={
                <Checkbox
                  checked={consent.guardian}
                  onChange={(e) => setConsent((c) => ({ ...c, guardian: e.target.checked }))}
                />
              }
              label={t('register.guardianConsent')}
            />
            {errors.guardianConsent && <FormHelperText error>{errors.guardianConsent}</FormHelperText>}
          </Box>
          {age !== null && age >= OWN_CONSENT_AGE && (
            <Box>
              <Typography variant="body2" sx={{ mb: 1 }}>
                {t('register.childText')}
              </Typography>
              <FormControlLabel
                control={
                  <Checkbox
                    checked={consent.child}
                    onChange={(e) => setConsent((c) => ({ ...c, child: e.target.checked }))}
                  />
                }
                label={t('register.childConsent')}
              />
              {errors.childConsent && <FormHelperText error>{errors.childConsent}</FormHelperText>}
            </Box>
          )}
          <Stack direction="row" spacing={1}>
            <Button variant="outlined" size="large" onClick={() => setStep(0)} sx={{ flex: 1 }}>
              {t('register.back')}
            </Button>
            <Button type="submit" variant="contained" size="large" disabled={register.isPending} sx={{ flex: 2 }}>
              {t('register.submit')}
            </Button>
          </Stack>
        </>
      )}
      <Typography>
        {t('auth.haveAccount')}{' '}
        <Link component={RouterLink} to="/login">
          {t('auth.signIn')}
        </Link>
      </Typography>
    </Stack>
  );
}
