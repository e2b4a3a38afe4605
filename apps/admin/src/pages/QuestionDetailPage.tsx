import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Tab from '@mui/material/Tab';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useLocation, useParams } from 'react-router';
import { api, type Schemas } from '../api/client';
import { errorMessage, fieldErrors, unwrap } from '../api/errors';
import { useAuth } from '../auth/auth';
import { PageHeader } from '../layout/PageHeader';
import { QueryState } from '../layout/QueryState';
import { changedFields, diffWords } from '../lib/diff';
import { formatDateTime } from '../lib/format';
import { flattenContent } from '../questions/flatten';
import { STATUS_COLOR } from '../questions/labels';
import { QuestionPreview } from '../questions/QuestionPreview';

type Detail = Schemas['QuestionDetailDto'];
type Version = Schemas['QuestionVersionDto'];

export default function QuestionDetailPage() {
  const { questionId = '' } = useParams();
  const question = useQuery({
    queryKey: ['question', questionId],
    queryFn: () => unwrap(api.GET('/api/v1/questions/{questionId}', { params: { path: { questionId } } })),
  });
  return <QueryState query={question}>{(q) => <Detail question={q} />}</QueryState>;
}

function Detail({ question }: { question: Detail }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<'preview' | 'versions' | 'history'>('preview');
  const location = useLocation();
  const saved = (location.state as { saved?: number } | null)?.saved;
  const heading = question.title || t(`types.${question.type}`);
  return (
    <>
      <PageHeader title={`${t('detail.title')}: ${heading}`} actions={<ReviewActions question={question} />}>
        <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'center', mt: 1 }}>
          <Chip label={t(`statuses.${question.status}`)} color={STATUS_COLOR[question.status]} data-testid="status" />
          <Chip variant="outlined" label={t(`types.${question.type}`)} />
          <Typography variant="body2">
            {t('questions.version')} {question.version} ·{' '}
            {question.publishedVersion
              ? t('detail.publishedVersion', { version: question.publishedVersion })
              : t('detail.noPublished')}
            {question.category ? ` · ${question.category}` : ''}
          </Typography>
          <Link component={RouterLink} to={`/banks/${question.bankId}`} sx={{ ml: 'auto' }}>
            {t('detail.bank')}
          </Link>
        </Box>
      </PageHeader>
      {saved && (
        <Alert severity="success" sx={{ mb: 2 }} role="status">
          {t('editor.saved', { version: saved })}
        </Alert>
      )}
      <Paper>
        <Tabs
          value={tab}
          onChange={(_, v: typeof tab) => setTab(v)}
          aria-label={t('detail.title')}
          variant="scrollable"
          scrollButtons="auto"
        >
          <Tab value="preview" label={t('detail.preview')} id="tab-preview" aria-controls="panel-preview" />
          <Tab value="versions" label={t('detail.versions')} id="tab-versions" aria-controls="panel-versions" />
          <Tab value="history" label={t('detail.history')} id="tab-history" aria-controls="panel-history" />
        </Tabs>
        <Box
          role="tabpanel"
          id={`panel-${tab}`}
          aria-labelledby={`tab-${tab}`}
          sx={{ p: { xs: 2, sm: 3 }, minWidth: 0 }}
        >
          {tab === 'preview' && (
            <QuestionPreview
              question={{
                ...question.content,
                images: question.content.files?.map((f) => ({ name: f.name, fileId: f.fileId })),
              }}
            />
          )}
          {tab === 'versions' && <Versions question={question} />}
          {tab === 'history' && <History question={question} />}
        </Box>
      </Paper>
    </>
  );
}

function ReviewActions({ question }: { question: Detail }) {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const queryClient = useQueryClient();
  const [sendingBack, setSendingBack] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const done = async (updated: Detail, message: string) => {
    queryClient.setQueryData(['question', updated.id], updated);
    await queryClient.invalidateQueries({ queryKey: ['questions', updated.bankId] });
    await queryClient.invalidateQueries({ queryKey: ['versions', updated.id] });
    setNotice(message);
  };
  const path = { params: { path: { questionId: question.id } } };
  const submit = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/questions/{questionId}/submit', { ...path, body: { version: question.version } })),
    onSuccess: (q) => done(q, t('detail.submitted')),
  });
  const approve = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/questions/{questionId}/approve', { ...path, body: { version: question.version } })),
    onSuccess: (q) => done(q, t('detail.approved')),
  });
  const failed = submit.error ?? approve.error;
  return (
    <>
      {hasRole('organizer', 'author') && (
        <Button component={RouterLink} to={`/questions/${question.id}/edit`} variant="outlined">
          {t('detail.edit')}
        </Button>
      )}
      {hasRole('organizer', 'author') && question.status === 'draft' && (
        <Button variant="contained" onClick={() => submit.mutate()} disabled={submit.isPending}>
          {t('detail.submit')}
        </Button>
      )}
      {/* Only reviewers see approve and send back: the API refuses anyone else anyway. */}
      {hasRole('reviewer') && question.status === 'in_review' && (
        <>
          <Button variant="contained" color="success" onClick={() => approve.mutate()} disabled={approve.isPending}>
            {t('detail.approve')}
          </Button>
          <Button variant="outlined" color="secondary" onClick={() => setSendingBack(true)}>
            {t('detail.sendBack')}
          </Button>
        </>
      )}
      <Box role="status" sx={{ width: '100%' }}>
        {notice && !failed && <Alert severity="success">{notice}</Alert>}
      </Box>
      {failed && (
        <Alert severity="error" role="alert" sx={{ width: '100%' }}>
          {errorMessage(failed)}
        </Alert>
      )}
      {sendingBack && (
        <SendBackDialog
          question={question}
          onClose={() => setSendingBack(false)}
          onDone={async (q) => {
            setSendingBack(false);
            await done(q, t('detail.sentBack'));
          }}
        />
      )}
    </>
  );
}

function SendBackDialog({
  question,
  onClose,
  onDone,
}: {
  question: Detail;
  onClose: () => void;
  onDone: (q: Detail) => Promise<void>;
}) {
  const { t } = useTranslation();
  const { register, handleSubmit, formState, setError } = useForm<{ comment: string }>({
    defaultValues: { comment: '' },
  });
  const sendBack = useMutation({
    mutationFn: (comment: string) =>
      unwrap(
        api.POST('/api/v1/questions/{questionId}/send-back', {
          params: { path: { questionId: question.id } },
          body: { comment, version: question.version },
        }),
      ),
    onSuccess: onDone,
    onError: (error) => {
      const message = fieldErrors(error).get('comment');
      if (message) setError('comment', { message });
    },
  });
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="send-back-title">
      <form noValidate onSubmit={handleSubmit((v) => sendBack.mutate(v.comment))}>
        <DialogTitle id="send-back-title">{t('detail.sendBackTitle')}</DialogTitle>
        <DialogContent>
          {sendBack.isError && !fieldErrors(sendBack.error).has('comment') && (
            <Alert severity="error">{errorMessage(sendBack.error)}</Alert>
          )}
          <TextField
            {...register('comment', { validate: (v) => v.trim() !== '' || t('validation.required') })}
            label={t('detail.comment')}
            multiline
            minRows={3}
            fullWidth
            autoFocus
            required
            margin="normal"
            error={!!formState.errors.comment}
            helperText={formState.errors.comment?.message}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" color="secondary" disabled={sendBack.isPending}>
            {t('detail.sendBack')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

function Versions({ question }: { question: Detail }) {
  const { t } = useTranslation();
  const versions = useQuery({
    queryKey: ['versions', question.id],
    queryFn: () =>
      unwrap(api.GET('/api/v1/questions/{questionId}/versions', { params: { path: { questionId: question.id } } })),
  });
  const [from, setFrom] = useState<number | ''>(question.version > 1 ? question.version - 1 : '');
  const [to, setTo] = useState<number | ''>(question.version);
  return (
    <QueryState query={versions}>
      {(list) => {
        const sorted = [...list].sort((a, b) => b.version - a.version);
        const older = sorted.find((v) => v.version === from);
        const newer = sorted.find((v) => v.version === to);
        return (
          <Box sx={{ display: 'grid', gap: 3 }}>
            <TableContainer>
              <Table size="small" aria-label={t('detail.versions')}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t('questions.version')}</TableCell>
                    <TableCell>{t('detail.createdAt')}</TableCell>
                    <TableCell>{t('questions.text')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {sorted.map((v) => (
                    <TableRow key={v.id}>
                      <TableCell>
                        {v.version}
                        {v.published && (
                          <Chip size="small" color="success" label={t('detail.usedForPapers')} sx={{ ml: 1 }} />
                        )}
                      </TableCell>
                      <TableCell>{formatDateTime(v.createdAt)}</TableCell>
                      <TableCell
                        sx={{ maxWidth: 480, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
                      >
                        {v.content.text}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
            <Box component="section" aria-labelledby="compare-title" sx={{ minWidth: 0 }}>
              <Typography id="compare-title" component="h2" variant="subtitle1" sx={{ fontWeight: 600, mb: 1 }}>
                {t('detail.compare')}
              </Typography>
              <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', mb: 2 }}>
                <VersionSelect
                  label={t('detail.from')}
                  value={from}
                  onChange={setFrom}
                  versions={sorted}
                  id="diff-from"
                />
                <VersionSelect label={t('detail.to')} value={to} onChange={setTo} versions={sorted} id="diff-to" />
              </Box>
              {older && newer ? (
                <VersionDiff older={older} newer={newer} />
              ) : (
                <Typography>{t('detail.compareHint')}</Typography>
              )}
            </Box>
          </Box>
        );
      }}
    </QueryState>
  );
}

function VersionSelect({
  id,
  label,
  value,
  onChange,
  versions,
}: {
  id: string;
  label: string;
  value: number | '';
  onChange: (v: number | '') => void;
  versions: Version[];
}) {
  return (
    <TextField
      id={id}
      select
      size="small"
      label={label}
      value={value}
      onChange={(e) => onChange(e.target.value === '' ? '' : Number(e.target.value))}
      sx={{ minWidth: 180 }}
    >
      {versions.map((v) => (
        <MenuItem key={v.version} value={v.version}>
          {v.version}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** Changed fields with word-level marks; <del>/<ins> carry the meaning for screen readers, not only the colour. */
function VersionDiff({ older, newer }: { older: Version; newer: Version }) {
  const { t } = useTranslation();
  const changes = changedFields(flattenContent(older.content, t), flattenContent(newer.content, t));
  if (changes.length === 0) return <Alert severity="info">{t('detail.noChanges')}</Alert>;
  return (
    <TableContainer>
      <Table
        size="small"
        aria-label={t('detail.compareTitle', { a: older.version, b: newer.version })}
        data-testid="version-diff"
      >
        <TableHead>
          <TableRow>
            <TableCell>{t('detail.field')}</TableCell>
            <TableCell>{t('detail.compareTitle', { a: older.version, b: newer.version })}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {changes.map((c) => (
            <TableRow key={c.field}>
              <TableCell component="th" scope="row" sx={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                {c.field}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {diffWords(c.before ?? '', c.after ?? '').map((part, i) =>
                  part.kind === 'same' ? (
                    <span key={i}>{part.text}</span>
                  ) : part.kind === 'added' ? (
                    <Box
                      component="ins"
                      key={i}
                      aria-label={`${t('detail.added')}: ${part.text}`}
                      sx={{ bgcolor: '#d8f5dc', color: '#0f3d14', textDecoration: 'underline' }}
                    >
                      {part.text}
                    </Box>
                  ) : (
                    <Box
                      component="del"
                      key={i}
                      aria-label={`${t('detail.removed')}: ${part.text}`}
                      sx={{ bgcolor: '#fde0e0', color: '#6b0d0d' }}
                    >
                      {part.text}
                    </Box>
                  ),
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

function History({ question }: { question: Detail }) {
  const { t } = useTranslation();
  return (
    <TableContainer>
      <Table size="small" aria-label={t('detail.history')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('detail.createdAt')}</TableCell>
            <TableCell>{t('detail.action')}</TableCell>
            <TableCell>{t('questions.version')}</TableCell>
            <TableCell>{t('detail.author')}</TableCell>
            <TableCell>{t('detail.comment')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {[...question.history].reverse().map((e, i) => (
            <TableRow key={i}>
              <TableCell>{formatDateTime(e.at)}</TableCell>
              <TableCell>
                {t(`detail.actions.${e.action}`)} ({t(`statuses.${e.fromStatus}`)} → {t(`statuses.${e.toStatus}`)})
              </TableCell>
              <TableCell>{e.version}</TableCell>
              <TableCell>{e.actorName ?? '—'}</TableCell>
              <TableCell sx={{ whiteSpace: 'pre-wrap' }}>{e.comment ?? ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
