import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import type { Schemas } from '../api/client';
import { errorMessage } from '../api/errors';
import { courseApi, courseKeys } from '../courses/api';
import '../i18n/courses';
import { PageHeader } from '../layout/PageHeader';
import { QueryState } from '../layout/QueryState';
import { formatDateTime, formatNumber, formatPercent } from '../lib/format';

type Group = Schemas['ProgressGroupDto'];

/**
 * How far a course's learners are: per child unit of the chosen unit (a unit's name opens its own children) and per
 * population, then the learners past their due date who have not completed, with the Excel download of that list.
 */
export default function CourseProgressPage() {
  const { courseId = '' } = useParams();
  const { t } = useTranslation();
  const [trail, setTrail] = useState<{ id: string; label: string }[]>([]);
  const unitId = trail.at(-1)?.id;
  const course = useQuery({ queryKey: courseKeys.one(courseId), queryFn: () => courseApi.get(courseId) });
  const progress = useQuery({
    queryKey: courseKeys.progress(courseId, unitId ?? ''),
    queryFn: () => courseApi.progress(courseId, unitId),
  });
  const [page, setPage] = useState(1);
  const overdue = useQuery({
    queryKey: courseKeys.overdue(courseId, unitId ?? '', page),
    queryFn: () => courseApi.overdue(courseId, unitId, page),
  });
  const download = useMutation({ mutationFn: () => courseApi.downloadOverdue(courseId, unitId) });
  const title = course.data ? t('progress.title', { course: course.data.title }) : t('courseEditor.progress');
  return (
    <>
      <PageHeader
        title={title}
        actions={
          <Button component={RouterLink} to={`/courses/${courseId}`}>
            {t('common.back')}
          </Button>
        }
      />
      {trail.length > 0 && (
        <Breadcrumbs aria-label={t('progress.unit')} sx={{ mb: 2 }}>
          <Link
            component="button"
            type="button"
            onClick={() => {
              setTrail([]);
              setPage(1);
            }}
          >
            {t('progress.all')}
          </Link>
          {trail.map((u, i) =>
            i === trail.length - 1 ? (
              <Typography key={u.id} aria-current="page">
                {u.label}
              </Typography>
            ) : (
              <Link
                key={u.id}
                component="button"
                type="button"
                onClick={() => {
                  setTrail(trail.slice(0, i + 1));
                  setPage(1);
                }}
              >
                {u.label}
              </Link>
            ),
          )}
        </Breadcrumbs>
      )}
      <QueryState query={progress}>
        {(p) =>
          p.total.enrolled === 0 ? (
            <Alert severity="info" sx={{ mb: 3 }}>
              {t('progress.empty')}
            </Alert>
          ) : (
            <>
              <GroupTable
                caption={t('progress.unit')}
                heading={t('progress.unit')}
                rows={p.units}
                total={p.total}
                onOpen={(g) => {
                  setTrail([...trail, { id: g.key, label: g.label }]);
                  setPage(1);
                }}
              />
              <GroupTable
                caption={t('progress.population')}
                heading={t('progress.population')}
                rows={p.populations.map((g) => ({ ...g, label: t(`population.${g.key}`, { defaultValue: g.label }) }))}
              />
            </>
          )
        }
      </QueryState>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap', mt: 3, mb: 1 }}>
        <Typography variant="h6" component="h2" sx={{ flex: '1 1 auto' }}>
          {t('progress.overdueTitle')}
        </Typography>
        <Button variant="outlined" onClick={() => download.mutate()} disabled={download.isPending}>
          {t('progress.download')}
        </Button>
      </Box>
      {download.isError && <Alert severity="error">{errorMessage(download.error)}</Alert>}
      <QueryState query={overdue}>
        {(list) =>
          list.items.length === 0 ? (
            <Alert severity="success">{t('progress.noOverdue')}</Alert>
          ) : (
            <>
              <TableContainer component={Paper}>
                <Table aria-label={t('progress.overdueTitle')} size="small">
                  <TableHead>
                    <TableRow>
                      <TableCell>{t('progress.learner')}</TableCell>
                      <TableCell>{t('progress.unit')}</TableCell>
                      <TableCell>{t('progress.population')}</TableCell>
                      <TableCell align="right">{t('progress.percent')}</TableCell>
                      <TableCell>{t('progress.dueAt')}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {list.items.map((r) => (
                      <TableRow key={r.userId}>
                        <TableCell>{r.fullName}</TableCell>
                        <TableCell>{r.unitName ?? '—'}</TableCell>
                        <TableCell>{r.population ? t(`population.${r.population}`) : '—'}</TableCell>
                        <TableCell align="right">
                          {formatNumber(r.completedLessons)}/{formatNumber(r.requiredLessons)}
                        </TableCell>
                        <TableCell>{r.dueAt ? formatDateTime(r.dueAt) : '—'}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </TableContainer>
              {list.total > 50 && (
                <Box sx={{ display: 'flex', gap: 1, mt: 1 }}>
                  <Button disabled={page === 1} onClick={() => setPage((n) => n - 1)}>
                    ‹
                  </Button>
                  <Button disabled={page * 50 >= list.total} onClick={() => setPage((n) => n + 1)}>
                    ›
                  </Button>
                </Box>
              )}
            </>
          )
        }
      </QueryState>
    </>
  );
}

function GroupTable({
  caption,
  heading,
  rows,
  total,
  onOpen,
}: {
  caption: string;
  heading: string;
  rows: Group[];
  total?: Group;
  onOpen?: (g: Group) => void;
}) {
  const { t } = useTranslation();
  const cells = (g: Group) => (
    <>
      <TableCell align="right">{formatNumber(g.enrolled)}</TableCell>
      <TableCell align="right">{formatNumber(g.started - g.completed)}</TableCell>
      <TableCell align="right">{formatNumber(g.completed)}</TableCell>
      <TableCell align="right" sx={{ color: g.overdue ? 'error.main' : undefined }}>
        {formatNumber(g.overdue)}
      </TableCell>
      <TableCell align="right">{formatPercent(g.completionRate)}</TableCell>
    </>
  );
  return (
    <TableContainer component={Paper} sx={{ mb: 3 }}>
      <Table aria-label={caption} size="small">
        <TableHead>
          <TableRow>
            <TableCell>{heading}</TableCell>
            <TableCell align="right">{t('progress.enrolled')}</TableCell>
            <TableCell align="right">{t('progress.inProgress')}</TableCell>
            <TableCell align="right">{t('progress.completed')}</TableCell>
            <TableCell align="right">{t('progress.overdue')}</TableCell>
            <TableCell align="right">{t('progress.rate')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((g) => (
            <TableRow key={g.key}>
              <TableCell>
                {onOpen ? (
                  <Link component="button" type="button" onClick={() => onOpen(g)} sx={{ textAlign: 'left' }}>
                    {g.label}
                  </Link>
                ) : (
                  g.label
                )}
              </TableCell>
              {cells(g)}
            </TableRow>
          ))}
          {total && (
            <TableRow sx={{ '& td': { fontWeight: 700 } }}>
              <TableCell>{total.label}</TableCell>
              {cells(total)}
            </TableRow>
          )}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
