import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Collapse from '@mui/material/Collapse';
import FormControl from '@mui/material/FormControl';
import InputLabel from '@mui/material/InputLabel';
import Link from '@mui/material/Link';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Select from '@mui/material/Select';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { visuallyHidden } from '@mui/utils';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams, useSearchParams } from 'react-router';
import { QUESTION_STATUSES, QUESTION_TYPES, type QuestionStatus, type QuestionType } from '#contracts';
import { api, type Schemas } from '../api/client';
import { errorMessage, unwrap } from '../api/errors';
import { useAuth } from '../auth/auth';
import { addBankHousekeepingMessages } from '../i18n/bank-housekeeping';
import { PageHeader } from '../layout/PageHeader';
import { QueryState } from '../layout/QueryState';
import { filenameFrom, saveBlob } from '../lib/download';
import { formatDateTime, formatNumber } from '../lib/format';
import { CategoryTree } from '../questions/CategoryTree';
import { STATUS_COLOR } from '../questions/labels';

const PAGE_SIZES = [25, 50, 100];
const EXPORT_FORMATS = [
  { format: 'gift', label: 'GIFT' },
  { format: 'moodlexml', label: 'Moodle XML' },
  { format: 'xlsx', label: 'Excel (XLSX)' },
] as const;

/** Filters live in the address, so Back, reload and a shared link keep them. */
function useFilters() {
  const [params, setParams] = useSearchParams();
  const number = (name: string, fallback: number) => {
    const n = Number(params.get(name));
    return Number.isInteger(n) && n > 0 ? n : fallback;
  };
  const filters = {
    category: params.get('category') ?? '',
    type: (params.get('type') ?? '') as QuestionType | '',
    status: (params.get('status') ?? '') as QuestionStatus | '',
    difficulty: params.get('difficulty') ?? '',
    tag: params.get('tag') ?? '',
    q: params.get('q') ?? '',
    page: number('page', 1),
    pageSize: PAGE_SIZES.includes(number('pageSize', 25)) ? number('pageSize', 25) : 25,
  };
  const update = (changes: Partial<Record<keyof typeof filters, string | number>>) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value === '' || value === undefined) next.delete(key);
          else next.set(key, String(value));
        }
        // Any filter change starts again from the first page.
        if (!('page' in changes)) next.delete('page');
        return next;
      },
      { replace: true },
    );
  };
  return { filters, update, clear: () => setParams({}, { replace: true }) };
}

addBankHousekeepingMessages();

export default function BankQuestionsPage() {
  const { t } = useTranslation();
  const { bankId = '' } = useParams();
  const { hasRole } = useAuth();
  const { filters, update, clear } = useFilters();
  const bank = useQuery({
    queryKey: ['bank', bankId],
    queryFn: () => unwrap(api.GET('/api/v1/question-banks/{bankId}', { params: { path: { bankId } } })),
  });
  const categories = useQuery({
    queryKey: ['categories', bankId],
    queryFn: () => unwrap(api.GET('/api/v1/question-banks/{bankId}/categories', { params: { path: { bankId } } })),
  });
  const questions = useQuery({
    queryKey: ['questions', bankId, filters],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/question-banks/{bankId}/questions', {
          params: {
            path: { bankId },
            query: {
              category: filters.category || undefined,
              type: filters.type || undefined,
              status: filters.status || undefined,
              difficulty: filters.difficulty ? (Number(filters.difficulty) as 1 | 2 | 3) : undefined,
              tag: filters.tag || undefined,
              q: filters.q || undefined,
              page: filters.page,
              pageSize: filters.pageSize,
            },
          },
        }),
      ),
    // The previous page stays on screen while the next loads, so paging does not flash an empty table.
    placeholderData: keepPreviousData,
  });
  const [search, setSearch] = useState(filters.q);
  const [tag, setTag] = useState(filters.tag);
  useEffect(() => {
    const timer = setTimeout(() => {
      if (search !== filters.q || tag !== filters.tag) update({ q: search.trim(), tag: tag.trim() });
    }, 350);
    return () => clearTimeout(timer);
  });
  const title = bank.data?.name ?? t('banks.title');
  // An archived bank is read and exported, not added to (the API answers BANK_ARCHIVED).
  const archived = !!bank.data?.archivedAt;
  // At phone width the list becomes cards and the filters (categories included) fold away behind one button.
  const narrow = useMediaQuery('(max-width:899.95px)');
  const [filtersOpen, setFiltersOpen] = useState(false);
  const activeFilters = [filters.type, filters.difficulty, filters.status, filters.category, tag].filter(
    Boolean,
  ).length;
  const filterFields = (
    <>
      <FilterSelect
        id="filter-type"
        label={t('questions.type')}
        value={filters.type}
        onChange={(type) => update({ type })}
        options={QUESTION_TYPES.map((type) => ({ value: type, label: t(`types.${type}`) }))}
      />
      <FilterSelect
        id="filter-difficulty"
        label={t('difficulty.label')}
        value={filters.difficulty}
        onChange={(difficulty) => update({ difficulty })}
        options={(['1', '2', '3'] as const).map((d) => ({ value: d, label: t(`difficulty.${d}`) }))}
      />
      <FilterSelect
        id="filter-status"
        label={t('questions.status')}
        value={filters.status}
        onChange={(status) => update({ status })}
        options={QUESTION_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
      />
      <TextField
        label={t('questions.tag')}
        value={tag}
        onChange={(e) => setTag(e.target.value)}
        size="small"
        sx={{ flex: '1 1 140px' }}
      />
      <Button
        onClick={() => {
          setSearch('');
          setTag('');
          clear();
        }}
      >
        {t('questions.clearFilters')}
      </Button>
    </>
  );
  const sidebar = (
    <Box sx={{ display: 'grid', gap: 2, minWidth: 0 }}>
      <Paper sx={{ p: 2 }}>
        <QueryState query={categories}>
          {(tree) => (
            <CategoryTree tree={tree} selected={filters.category} onSelect={(category) => update({ category })} />
          )}
        </QueryState>
      </Paper>
      {narrow && <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>{filterFields}</Box>}
    </Box>
  );
  return (
    <>
      <PageHeader
        title={title}
        actions={
          <>
            {hasRole('organizer', 'author') && !archived && (
              <Button variant="contained" component={RouterLink} to={`/banks/${bankId}/questions/new`}>
                {t('questions.add')}
              </Button>
            )}
            {hasRole('organizer', 'author', 'reviewer') && !archived && (
              <Button variant="outlined" component={RouterLink} to={`/banks/${bankId}/import`}>
                {t('questions.import')}
              </Button>
            )}
            <ExportMenu bankId={bankId} category={filters.category} listStatus={filters.status} />
          </>
        }
      >
        {bank.data && (
          <Typography variant="body2" sx={{ color: 'text.secondary' }}>
            {bank.data.ownerUnitName} · {t('questions.count', { formatted: formatNumber(bank.data.questionCount) })}
          </Typography>
        )}
        {archived && (
          <Alert severity="info" sx={{ mt: 1 }}>
            {t('bankAdmin.archivedBanner')}
          </Alert>
        )}
      </PageHeader>
      <Box
        sx={{
          display: 'grid',
          gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: '280px minmax(0, 1fr)' },
          gap: 3,
          alignItems: 'start',
        }}
      >
        {narrow && (
          <Box role="search" sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'center' }}>
            <TextField
              label={t('questions.search')}
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              sx={{ flex: '1 1 180px' }}
              size="small"
            />
            <Button
              variant="outlined"
              aria-expanded={filtersOpen}
              aria-controls="question-filters"
              onClick={() => setFiltersOpen((open) => !open)}
            >
              {activeFilters > 0 ? t('questions.filtersCount', { count: activeFilters }) : t('questions.filters')}
            </Button>
          </Box>
        )}
        {narrow ? (
          <Collapse in={filtersOpen} id="question-filters">
            {sidebar}
          </Collapse>
        ) : (
          sidebar
        )}
        <Box component="section" aria-labelledby="questions-heading" sx={{ minWidth: 0, position: 'relative' }}>
          <Typography id="questions-heading" component="h2" sx={visuallyHidden}>
            {t('questions.list')}
          </Typography>
          {!narrow && (
            <Box role="search" sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, mb: 2 }}>
              <TextField
                label={t('questions.search')}
                type="search"
                value={search}
                onChange={(e) => setSearch(e.target.value)}
                sx={{ flex: '2 1 280px' }}
                size="small"
              />
              {filterFields}
            </Box>
          )}
          <QueryState query={questions}>
            {(page) => (
              <Paper>
                <Typography role="status" sx={{ px: 2, pt: 1.5, color: 'text.secondary' }} variant="body2">
                  {t('questions.count', { formatted: formatNumber(page.total) })}
                </Typography>
                {page.items.length === 0 ? (
                  <Alert severity="info" sx={{ m: 2 }}>
                    {t('questions.empty')}
                  </Alert>
                ) : narrow ? (
                  <QuestionCards items={page.items} />
                ) : (
                  <TableContainer>
                    <Table size="small" aria-label={t('questions.list')}>
                      <TableHead>
                        <TableRow>
                          <TableCell>{t('questions.text')}</TableCell>
                          <TableCell>{t('questions.type')}</TableCell>
                          <TableCell>{t('questions.category')}</TableCell>
                          <TableCell>{t('difficulty.label')}</TableCell>
                          <TableCell>{t('questions.status')}</TableCell>
                          <TableCell>{t('questions.updatedAt')}</TableCell>
                        </TableRow>
                      </TableHead>
                      <TableBody>
                        {page.items.map((q) => (
                          <TableRow key={q.id} hover>
                            <TableCell sx={{ maxWidth: 480 }}>
                              <Link
                                component={RouterLink}
                                to={`/questions/${q.id}`}
                                sx={{
                                  display: 'block',
                                  overflow: 'hidden',
                                  textOverflow: 'ellipsis',
                                  whiteSpace: 'nowrap',
                                }}
                              >
                                {q.title ? `${q.title}: ` : ''}
                                {q.text || '—'}
                              </Link>
                              <TagChips tags={q.tags} />
                            </TableCell>
                            <TableCell>{t(`types.${q.type}`)}</TableCell>
                            <TableCell>{q.category || t('questions.uncategorized')}</TableCell>
                            <TableCell>{q.difficulty ? t(`difficulty.${q.difficulty}`) : '—'}</TableCell>
                            <TableCell>
                              <Chip size="small" label={t(`statuses.${q.status}`)} color={STATUS_COLOR[q.status]} />
                            </TableCell>
                            <TableCell>{formatDateTime(q.updatedAt)}</TableCell>
                          </TableRow>
                        ))}
                      </TableBody>
                    </Table>
                  </TableContainer>
                )}
                <TablePagination
                  component="div"
                  count={page.total}
                  page={Math.max(0, filters.page - 1)}
                  rowsPerPage={filters.pageSize}
                  rowsPerPageOptions={PAGE_SIZES}
                  labelRowsPerPage={t('questions.rowsPerPage')}
                  onPageChange={(_, p) => update({ page: p + 1 })}
                  onRowsPerPageChange={(e) => update({ pageSize: Number(e.target.value) })}
                />
              </Paper>
            )}
          </QueryState>
        </Box>
      </Box>
    </>
  );
}

function FilterSelect<V extends string>({
  id,
  label,
  value,
  onChange,
  options,
}: {
  id: string;
  label: string;
  value: V | '';
  onChange: (value: V | '') => void;
  options: { value: V; label: string }[];
}) {
  const { t } = useTranslation();
  return (
    <FormControl size="small" sx={{ flex: '1 1 160px' }}>
      <InputLabel id={`${id}-label`}>{label}</InputLabel>
      <Select
        labelId={`${id}-label`}
        id={id}
        value={value}
        label={label}
        onChange={(e) => onChange(e.target.value as V | '')}
      >
        <MenuItem value="">{t('common.all')}</MenuItem>
        {options.map((o) => (
          <MenuItem key={o.value} value={o.value}>
            {o.label}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

function ExportMenu({ bankId, category, listStatus }: { bankId: string; category: string; listStatus: string }) {
  const { t } = useTranslation();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  // Which questions the file holds: every status, or one (published only, for a bank handed to another platform).
  const [status, setStatus] = useState<QuestionStatus | ''>((listStatus as QuestionStatus) || '');
  const exportFile = useMutation({
    mutationFn: async (format: (typeof EXPORT_FORMATS)[number]['format']) => {
      const { data, error, response } = await api.GET('/api/v1/question-banks/{bankId}/export', {
        params: { path: { bankId }, query: { format, category: category || undefined, status: status || undefined } },
        parseAs: 'blob',
      });
      if (!response.ok || !data) await unwrap(Promise.resolve({ error, response }));
      saveBlob(data as Blob, filenameFrom(response, `export.${format === 'moodlexml' ? 'xml' : format}`));
    },
  });
  return (
    <>
      <Button
        variant="outlined"
        aria-haspopup="menu"
        aria-expanded={anchor ? 'true' : undefined}
        aria-controls={anchor ? 'export-menu' : undefined}
        id="export-button"
        onClick={(e) => setAnchor(e.currentTarget)}
        disabled={exportFile.isPending}
      >
        {t('questions.export')}
      </Button>
      <Menu id="export-menu" anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        <MenuItem disabled divider sx={{ opacity: '1 !important', fontWeight: 600 }}>
          {category ? t('questions.exportCategory', { category }) : t('questions.exportBank')}
        </MenuItem>
        <MenuItem disabled sx={{ opacity: '1 !important', fontWeight: 600 }}>
          {t('bankAdmin.exportStatus')}
        </MenuItem>
        {(['', ...QUESTION_STATUSES] as const).map((s) => (
          <MenuItem
            key={s || 'all'}
            role="menuitemradio"
            aria-checked={status === s}
            selected={status === s}
            divider={s === QUESTION_STATUSES[QUESTION_STATUSES.length - 1]}
            onClick={() => setStatus(s)}
          >
            <span aria-hidden="true" style={{ width: '1.5em', display: 'inline-block' }}>
              {status === s ? '●' : '○'}
            </span>
            {s ? t('bankAdmin.exportOnly', { status: t(`statuses.${s}`) }) : t('bankAdmin.exportAllStatuses')}
          </MenuItem>
        ))}
        {EXPORT_FORMATS.map(({ format, label }) => (
          <MenuItem
            key={format}
            onClick={() => {
              setAnchor(null);
              exportFile.mutate(format);
            }}
          >
            {t('questions.exportAs', { format: label })}
          </MenuItem>
        ))}
      </Menu>
      {exportFile.isError && (
        <Alert severity="error" role="alert" sx={{ width: '100%' }}>
          {errorMessage(exportFile.error)}
        </Alert>
      )}
    </>
  );
}

type QuestionItem = Schemas['QuestionSummaryDto'];

function TagChips({ tags }: { tags: string[] }) {
  if (!tags.length) return null;
  return (
    <Box sx={{ display: 'flex', gap: 0.5, mt: 0.5, flexWrap: 'wrap' }}>
      {tags.map((tagName) => (
        <Chip key={tagName} label={tagName} size="small" variant="outlined" />
      ))}
    </Box>
  );
}

/** The question list at phone width: one card per question, nothing wider than the screen. */
function QuestionCards({ items }: { items: QuestionItem[] }) {
  const { t } = useTranslation();
  return (
    <Box component="ul" aria-label={t('questions.list')} sx={{ listStyle: 'none', m: 0, p: 0 }}>
      {items.map((q) => (
        <Box component="li" key={q.id} sx={{ borderTop: '1px solid', borderColor: 'divider', px: 2, py: 1.5 }}>
          <Link component={RouterLink} to={`/questions/${q.id}`} sx={{ display: 'block', overflowWrap: 'anywhere' }}>
            {q.title ? `${q.title}: ` : ''}
            {q.text || '—'}
          </Link>
          <Box sx={{ display: 'flex', gap: 1, mt: 1, flexWrap: 'wrap', alignItems: 'center' }}>
            <Chip size="small" label={t(`statuses.${q.status}`)} color={STATUS_COLOR[q.status]} />
            <Typography variant="body2">{t(`types.${q.type}`)}</Typography>
            <Typography variant="body2" sx={{ color: 'text.secondary', overflowWrap: 'anywhere' }}>
              {q.category || t('questions.uncategorized')}
              {q.difficulty ? ` · ${t(`difficulty.${q.difficulty}`)}` : ''} · {formatDateTime(q.updatedAt)}
            </Typography>
          </Box>
          <TagChips tags={q.tags} />
        </Box>
      ))}
    </Box>
  );
}
