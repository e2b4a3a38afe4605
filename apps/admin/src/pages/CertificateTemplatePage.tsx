import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate, useParams } from 'react-router';
import { ApiError, errorMessage, fieldErrors } from '../api/errors';
import {
  CERTIFICATE_FIELDS,
  IMAGE_FIELD,
  IMAGE_MAX_BYTES,
  IMAGE_KINDS,
  createTemplate,
  imageBlob,
  placeholder,
  previewTemplate,
  templateQuery,
  unknownFields,
  updateTemplate,
  uploadImage,
  type ImageKind,
  type Orientation,
  type Template,
  type TemplateDraft,
} from '../certificates/api';
import { CertificateNav } from '../certificates/CertificateNav';
import { addCertificateMessages } from '../i18n/certificates';
import { PageHeader } from '../layout/PageHeader';
import { QueryState } from '../layout/QueryState';
import { saveBlob } from '../lib/download';

addCertificateMessages();

/** The form as typed: the months as text until saved. */
type Form = Required<Omit<TemplateDraft, 'validMonths'>> & { validMonths: string };
type TextKey = 'title' | 'body' | 'issuerName' | 'signerName' | 'signerTitle' | 'validMonths';
const TEXT_KEYS: TextKey[] = ['title', 'body', 'issuerName', 'signerName', 'signerTitle', 'validMonths'];

const EMPTY: Form = {
  title: 'GIẤY CHỨNG NHẬN',
  body: '',
  issuerName: 'Thành đoàn Hải Phòng',
  signerName: '',
  signerTitle: '',
  orientation: 'landscape',
  emblemImageId: null,
  backgroundImageId: null,
  validMonths: '',
};

const toForm = (template: Template): Form => ({
  title: template.title,
  body: template.body,
  issuerName: template.issuerName,
  signerName: template.signerName,
  signerTitle: template.signerTitle,
  orientation: template.orientation,
  emblemImageId: template.emblemImageId,
  backgroundImageId: template.backgroundImageId,
  validMonths: template.validMonths === null ? '' : String(template.validMonths),
});

const toDraft = (form: Form): TemplateDraft => ({
  ...form,
  signerName: form.signerName.trim(),
  signerTitle: form.signerTitle.trim(),
  validMonths: form.validMonths.trim() ? Number(form.validMonths) : null,
});

/** The template designer: new (/certificates/templates/new) or an existing one (/certificates/templates/:id). */
export default function CertificateTemplatePage() {
  const { templateId } = useParams();
  const template = useQuery({ ...templateQuery(templateId ?? ''), enabled: !!templateId });
  if (!templateId) return <Designer />;
  return (
    <QueryState query={template}>{(found) => <Designer key={found.id} id={found.id} initial={found} />}</QueryState>
  );
}

function Designer({ id, initial }: { id?: string; initial?: Template }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Form>(initial ? toForm(initial) : EMPTY);
  const [errors, setErrors] = useState<Partial<Record<TextKey, string>>>({});
  const [refused, setRefused] = useState<string[]>([]);
  const [savedMessage, setSavedMessage] = useState(false);
  const body = useRef<HTMLTextAreaElement>(null);
  const inputs = useRef<Partial<Record<TextKey, HTMLInputElement | HTMLTextAreaElement | null>>>({});
  const ids = useId();

  const set = <K extends keyof Form>(field: K, value: Form[K]) => {
    setForm((d) => ({ ...d, [field]: value }));
    setSavedMessage(false);
    if (field in errors) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  /** Puts `{{field}}` where the cursor is in the body (or at its end) and keeps the cursor after it. */
  const insert = (key: string) => {
    const text = placeholder(key);
    const el = body.current;
    const start = el?.selectionStart ?? form.body.length;
    const end = el?.selectionEnd ?? start;
    set('body', form.body.slice(0, start) + text + form.body.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + text.length, start + text.length);
    });
  };

  const showErrors = (found: Partial<Record<TextKey, string>>) => {
    setErrors(found);
    const first = TEXT_KEYS.find((f) => found[f]);
    if (first) inputs.current[first]?.focus();
  };

  const save = useMutation({
    mutationFn: (values: TemplateDraft) => (id ? updateTemplate(id, values) : createTemplate(values)),
    onSuccess: async (saved) => {
      setRefused([]);
      setSavedMessage(true);
      await queryClient.invalidateQueries({ queryKey: ['certificate-templates'] });
      if (id) queryClient.setQueryData(['certificate-template', id], saved);
      else await navigate(`/certificates/templates/${saved.id}`, { replace: true });
    },
    onError: (error, sent) => {
      const found: Partial<Record<TextKey, string>> = {};
      if (error instanceof ApiError && error.code === 'CERTIFICATE_TEMPLATE_FIELD_UNKNOWN') {
        // The API names the refused fields in its details; else the page finds them in the body it sent.
        const names = unknownFields(sent.body, error.details);
        setRefused(names);
        found.body = t('certificates.designer.unknownFields', { fields: names.map(placeholder).join(', ') });
      }
      for (const [field, message] of fieldErrors(error)) {
        const key = field.split('.')[0] as TextKey;
        if (TEXT_KEYS.includes(key) && !found[key]) found[key] = message;
      }
      showErrors(found);
    },
  });

  const validate = (): boolean => {
    const found: Partial<Record<TextKey, string>> = {};
    for (const key of ['title', 'body', 'issuerName'] as const)
      if (!form[key].trim()) found[key] = t('validation.required');
    const months = form.validMonths.trim();
    if (months && !(/^\d+$/.test(months) && Number(months) >= 1 && Number(months) <= 600))
      found.validMonths = t('certificates.designer.validMonthsInvalid');
    showErrors(found);
    return Object.keys(found).length === 0;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (validate()) save.mutate(toDraft(form));
  };

  const placed = save.error instanceof ApiError && (refused.length > 0 || fieldErrors(save.error).size > 0);
  const text = (field: TextKey, label: string, extra: { hint?: string; multiline?: boolean; max: number }) => (
    <TextField
      id={`${ids}-${field}`}
      label={label}
      value={form[field]}
      onChange={(e) => set(field, e.target.value)}
      required={field === 'title' || field === 'body' || field === 'issuerName'}
      fullWidth
      margin="normal"
      multiline={extra.multiline}
      minRows={extra.multiline ? 6 : undefined}
      error={!!errors[field]}
      helperText={errors[field] ?? extra.hint}
      inputRef={(el: HTMLInputElement | HTMLTextAreaElement | null) => {
        inputs.current[field] = el;
        if (field === 'body') body.current = el as HTMLTextAreaElement | null;
      }}
      slotProps={{ htmlInput: { maxLength: extra.max, inputMode: field === 'validMonths' ? 'numeric' : undefined } }}
    />
  );

  return (
    <>
      <PageHeader
        title={id ? t('certificates.designer.editTitle') : t('certificates.designer.newTitle')}
        actions={
          <Button component={RouterLink} to="/certificates/templates">
            {t('certificates.designer.back')}
          </Button>
        }
      />
      <CertificateNav />
      <Typography sx={{ mb: 2, maxWidth: 900 }}>
        {t('certificates.designer.intro', { example: placeholder('fullName') })}
      </Typography>
      <Box
        sx={{
          display: 'grid',
          gap: 3,
          gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'minmax(0, 3fr) minmax(0, 2fr)' },
        }}
      >
        <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 } }}>
          <form noValidate onSubmit={submit} aria-labelledby={`${ids}-form`}>
            <Typography id={`${ids}-form`} variant="h6" component="h2">
              {t('certificates.designer.content')}
            </Typography>
            {save.isError && !placed && (
              <Alert severity="error" role="alert" sx={{ my: 1 }}>
                {errorMessage(save.error)}
              </Alert>
            )}
            {text('title', t('certificates.designer.heading'), {
              hint: t('certificates.designer.headingHint'),
              max: 200,
            })}
            {text('body', t('certificates.designer.body'), {
              hint: t('certificates.designer.bodyHint'),
              multiline: true,
              max: 4000,
            })}
            {refused.length > 0 && (
              <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, mb: 1 }} data-testid="refused-fields">
                {refused.map((name) => (
                  <Chip key={name} color="error" variant="outlined" label={placeholder(name)} />
                ))}
              </Box>
            )}
            <Box role="group" aria-labelledby={`${ids}-insert`} sx={{ mb: 2 }}>
              <Typography id={`${ids}-insert`} variant="subtitle2" component="p" sx={{ mb: 1 }}>
                {t('certificates.designer.insertField')}
              </Typography>
              <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }}>
                {CERTIFICATE_FIELDS.map((key) => (
                  <Button
                    key={key}
                    size="small"
                    variant="outlined"
                    onClick={() => insert(key)}
                    aria-label={t('certificates.designer.insertLabel', { field: t(`certificates.fields.${key}`) })}
                  >
                    {t(`certificates.fields.${key}`)}
                  </Button>
                ))}
              </Box>
            </Box>
            {text('issuerName', t('certificates.designer.issuer'), {
              hint: t('certificates.designer.issuerHint'),
              max: 200,
            })}
            {text('signerName', t('certificates.designer.signerName'), { max: 200 })}
            {text('signerTitle', t('certificates.designer.signerTitle'), {
              hint: t('certificates.designer.signerTitleHint'),
              max: 200,
            })}
            {text('validMonths', t('certificates.designer.validMonths'), {
              hint: t('certificates.designer.validMonthsHint'),
              max: 3,
            })}
            <FormControl sx={{ mt: 2 }}>
              <FormLabel id={`${ids}-orientation`}>{t('certificates.designer.orientation')}</FormLabel>
              <RadioGroup
                row
                aria-labelledby={`${ids}-orientation`}
                value={form.orientation}
                onChange={(e) => set('orientation', e.target.value as Orientation)}
              >
                {(['landscape', 'portrait'] as const).map((o) => (
                  <FormControlLabel key={o} value={o} control={<Radio />} label={t(`certificates.orientation.${o}`)} />
                ))}
              </RadioGroup>
            </FormControl>
            <Stack direction="row" spacing={2} sx={{ mt: 2, flexWrap: 'wrap', alignItems: 'center', rowGap: 1 }}>
              <Button type="submit" variant="contained" disabled={save.isPending}>
                {save.isPending ? t('certificates.designer.saving') : t('certificates.designer.save')}
              </Button>
              {savedMessage && (
                <Typography role="status" color="success.main" sx={{ fontWeight: 600 }}>
                  {t('certificates.designer.saved')}
                </Typography>
              )}
            </Stack>
          </form>
        </Paper>
        <Stack spacing={3} sx={{ minWidth: 0 }}>
          <Images form={form} onChange={(kind, imageId) => set(IMAGE_FIELD[kind], imageId)} />
          <Preview form={form} validate={validate} />
        </Stack>
      </Box>
    </>
  );
}

/** The emblem and the background: each uploaded on its own (the answer's id goes into the draft), shown as stored. */
function Images({ form, onChange }: { form: Form; onChange: (kind: ImageKind, imageId: string | null) => void }) {
  const { t } = useTranslation();
  return (
    <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 } }} component="section" aria-labelledby="images-title">
      <Typography id="images-title" variant="h6" component="h2" gutterBottom>
        {t('certificates.designer.images')}
      </Typography>
      <Stack spacing={2}>
        {IMAGE_KINDS.map((kind) => (
          <ImageSlot
            key={kind}
            kind={kind}
            imageId={form[IMAGE_FIELD[kind]] ?? null}
            onChange={(imageId) => onChange(kind, imageId)}
          />
        ))}
      </Stack>
    </Paper>
  );
}

function ImageSlot({
  kind,
  imageId,
  onChange,
}: {
  kind: ImageKind;
  imageId: string | null;
  onChange: (imageId: string | null) => void;
}) {
  const { t } = useTranslation();
  const inputId = useId();
  const [localError, setLocalError] = useState<string | null>(null);
  const image = useQuery({
    queryKey: ['certificate-image', imageId],
    queryFn: () => imageBlob(imageId!),
    enabled: !!imageId,
    staleTime: Infinity,
  });
  const url = useMemo(() => (imageId && image.data ? URL.createObjectURL(image.data) : null), [imageId, image.data]);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  const upload = useMutation({
    mutationFn: (file: File) => uploadImage(file),
    onSuccess: (stored) => onChange(stored.id),
  });
  const choose = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setLocalError(null);
    upload.reset();
    if (!['image/png', 'image/jpeg'].includes(file.type)) return setLocalError(t('certificates.designer.imageType'));
    if (file.size > IMAGE_MAX_BYTES)
      return setLocalError(t('certificates.designer.imageTooBig', { max: IMAGE_MAX_BYTES / 1024 / 1024 }));
    upload.mutate(file);
  };
  const label = t(`certificates.designer.${kind}`);
  const error = localError ?? (upload.isError ? errorMessage(upload.error) : null);
  return (
    <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start', flexWrap: 'wrap' }}>
      <Box
        sx={{
          width: 120,
          height: 84,
          border: 1,
          borderColor: 'divider',
          display: 'grid',
          placeItems: 'center',
          bgcolor: 'background.default',
          flex: '0 0 auto',
        }}
      >
        {url ? (
          <img src={url} alt={label} style={{ maxWidth: '100%', maxHeight: '100%' }} />
        ) : (
          <Typography variant="body2" color="text.secondary">
            {t('certificates.designer.noImage')}
          </Typography>
        )}
      </Box>
      <Box sx={{ flex: '1 1 180px', minWidth: 0 }}>
        <Typography component="label" htmlFor={inputId} sx={{ fontWeight: 600, display: 'block' }}>
          {label}
        </Typography>
        <Typography variant="body2" color="text.secondary" id={`${inputId}-hint`}>
          {t('certificates.designer.imageHint', { max: IMAGE_MAX_BYTES / 1024 / 1024 })}
        </Typography>
        <Box
          component="input"
          id={inputId}
          type="file"
          accept="image/png,image/jpeg"
          onChange={choose}
          disabled={upload.isPending}
          aria-describedby={`${inputId}-hint${error ? ` ${inputId}-error` : ''}`}
          aria-invalid={error ? true : undefined}
          sx={{ mt: 1, maxWidth: '100%', display: 'block' }}
        />
        {upload.isPending && (
          <Typography role="status" variant="body2">
            {t('certificates.designer.uploading')}
          </Typography>
        )}
        {error && (
          <Typography id={`${inputId}-error`} role="alert" color="error" variant="body2">
            {error}
          </Typography>
        )}
        {imageId && (
          <Button size="small" color="error" onClick={() => onChange(null)} sx={{ mt: 1 }}>
            {t('certificates.designer.removeImage')} ({label})
          </Button>
        )}
      </Box>
    </Box>
  );
}

/** A PDF made by the API from the draft as it is on screen, with sample data; shown in the page when it can be. */
function Preview({ form, validate }: { form: Form; validate: () => boolean }) {
  const { t } = useTranslation();
  const [pdf, setPdf] = useState<{ url: string; blob: Blob; filename: string } | null>(null);
  useEffect(() => () => void (pdf && URL.revokeObjectURL(pdf.url)), [pdf]);
  const preview = useMutation({
    mutationFn: () => previewTemplate(toDraft(form)),
    onSuccess: ({ blob, filename }) => setPdf({ blob, url: URL.createObjectURL(blob), filename }),
  });
  // Chromium, Firefox and Safari say whether they show PDFs in the page; where not, the download link is the way.
  const viewer = typeof navigator !== 'undefined' && navigator.pdfViewerEnabled === true;
  return (
    <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 } }} component="section" aria-labelledby="preview-title">
      <Typography id="preview-title" variant="h6" component="h2" gutterBottom>
        {t('certificates.designer.previewTitle')}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {t('certificates.designer.previewHint')}
      </Typography>
      <Button variant="outlined" onClick={() => validate() && preview.mutate()} disabled={preview.isPending}>
        {preview.isPending ? t('certificates.designer.previewing') : t('certificates.designer.preview')}
      </Button>
      {preview.isError && (
        <Alert severity="error" role="alert" sx={{ mt: 2 }}>
          {errorMessage(preview.error)}
        </Alert>
      )}
      {pdf && (
        <Box sx={{ mt: 2 }} data-testid="preview">
          {viewer ? (
            <Box
              component="iframe"
              src={pdf.url}
              title={t('certificates.designer.previewFrame')}
              sx={{
                width: '100%',
                aspectRatio: form.orientation === 'landscape' ? '297 / 210' : '210 / 297',
                border: 1,
                borderColor: 'divider',
              }}
            />
          ) : (
            <Alert severity="info">{t('certificates.designer.previewNoViewer')}</Alert>
          )}
          <Link
            component="button"
            type="button"
            onClick={() => saveBlob(pdf.blob, pdf.filename)}
            sx={{ display: 'inline-block', mt: 1 }}
          >
            {t('certificates.designer.previewDownload')}
          </Link>
        </Box>
      )}
    </Paper>
  );
}
