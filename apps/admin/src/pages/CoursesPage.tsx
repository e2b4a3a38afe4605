import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate } from 'react-router';
import { errorMessage, fieldErrors } from '../api/errors';
import { courseApi, courseKeys } from '../courses/api';
import '../i18n/courses';
import { PageHeader } from '../layout/PageHeader';
import { QueryState } from '../layout/QueryState';
import { formatDateTime, formatNumber } from '../lib/format';

/** The organizer's courses (their unit's subtree), with what each counts toward and how far its learners are. */
export default function CoursesPage() {
  const { t } = useTranslation();
  const courses = useQuery({ queryKey: courseKeys.list, queryFn: courseApi.list });
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title={t('courses.title')}
        actions={
          <Button variant="contained" onClick={() => setCreating(true)}>
            {t('courses.create')}
          </Button>
        }
      />
      <QueryState query={courses}>
        {(list) =>
          list.length === 0 ? (
            <Alert severity="info">{t('courses.empty')}</Alert>
          ) : (
            <TableContainer component={Paper}>
              <Table aria-label={t('courses.title')}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t('courses.name')}</TableCell>
                    <TableCell>{t('courses.status')}</TableCell>
                    <TableCell>{t('courses.targets')}</TableCell>
                    <TableCell align="right">{t('courses.lessons')}</TableCell>
                    <TableCell align="right">{t('courses.enrolled')}</TableCell>
                    <TableCell align="right">{t('courses.completed')}</TableCell>
                    <TableCell>{t('courses.updatedAt')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {list.map((course) => (
                    <TableRow key={course.id} hover>
                      <TableCell>
                        <Link component={RouterLink} to={`/courses/${course.id}`}>
                          {course.title}
                        </Link>
                      </TableCell>
                      <TableCell>
                        <Chip
                          size="small"
                          label={t(`courses.statuses.${course.status}`)}
                          color={course.status === 'published' ? 'success' : 'default'}
                          variant={course.status === 'published' ? 'filled' : 'outlined'}
                        />
                      </TableCell>
                      <TableCell>{course.planTargets.join(', ')}</TableCell>
                      <TableCell align="right">{formatNumber(course.lessonCount)}</TableCell>
                      <TableCell align="right">{formatNumber(course.enrolledCount)}</TableCell>
                      <TableCell align="right">{formatNumber(course.completedCount)}</TableCell>
                      <TableCell>{formatDateTime(course.publishedAt ?? course.createdAt)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          )
        }
      </QueryState>
      {creating && <CreateCourseDialog onClose={() => setCreating(false)} />}
    </>
  );
}

interface CreateCourse {
  title: string;
  description: string;
}

function CreateCourseDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { register, handleSubmit, setError, formState } = useForm<CreateCourse>({
    defaultValues: { title: '', description: '' },
  });
  const create = useMutation({
    mutationFn: (body: CreateCourse) => courseApi.create(body),
    onSuccess: async (course) => {
      onClose();
      await navigate(`/courses/${course.id}`);
    },
    onError: (error) => {
      for (const [field, message] of fieldErrors(error)) {
        if (field === 'title' || field === 'description') setError(field, { message }, { shouldFocus: true });
      }
    },
  });
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="create-course-title">
      <form noValidate onSubmit={handleSubmit((values) => create.mutate(values))}>
        <DialogTitle id="create-course-title">{t('courses.create')}</DialogTitle>
        <DialogContent>
          {create.isError && fieldErrors(create.error).size === 0 && (
            <Alert severity="error">{errorMessage(create.error)}</Alert>
          )}
          <TextField
            {...register('title', {
              required: t('validation.required'),
              maxLength: { value: 200, message: t('validation.maxLength', { max: 200 }) },
            })}
            label={t('courses.name')}
            autoFocus
            fullWidth
            margin="normal"
            error={!!formState.errors.title}
            helperText={formState.errors.title?.message}
          />
          <TextField
            {...register('description', {
              maxLength: { value: 5000, message: t('validation.maxLength', { max: 5000 }) },
            })}
            label={t('courses.description')}
            fullWidth
            multiline
            minRows={2}
            margin="normal"
            error={!!formState.errors.description}
            helperText={formState.errors.description?.message}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={create.isPending}>
            {t('common.create')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
