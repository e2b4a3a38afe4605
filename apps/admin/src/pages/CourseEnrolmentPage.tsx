import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import type { Schemas } from '../api/client';
import { ApiError, errorMessage, fieldErrors } from '../api/errors';
import { courseApi, courseKeys } from '../courses/api';
import { RemoveRuleButton } from '../courses/RemoveRuleButton';
import { POPULATIONS, type Population } from '../courses/types';
import { UnitTree } from '../courses/UnitTree';
import '../i18n/courses';
import { PageHeader } from '../layout/PageHeader';
import { QueryState } from '../layout/QueryState';
import { formatDateTime, formatNumber } from '../lib/format';

type Unit = Schemas['UnitResponseDto'];

/** The end of the chosen day in Hải Phòng, as the API wants it (ISO 8601 with the +07:00 offset). */
const endOfDay = (date: string) => `${date}T23:59:00+07:00`;

/** Enrols a unit's whole subtree, by population, with a due date; lists the unit enrolments made so far. */
export default function CourseEnrolmentPage() {
  const { courseId = '' } = useParams();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const course = useQuery({ queryKey: courseKeys.one(courseId), queryFn: () => courseApi.get(courseId) });
  const rules = useQuery({ queryKey: courseKeys.rules(courseId), queryFn: () => courseApi.rules(courseId) });
  const [unit, setUnit] = useState<Unit | null>(null);
  const [populations, setPopulations] = useState<Population[]>([]);
  const [dueDate, setDueDate] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [removed, setRemoved] = useState<{ kept: number; removed: number } | null>(null);
  const enrol = useMutation({
    mutationFn: () =>
      courseApi.enrol(courseId, {
        unitId: unit!.id,
        populations,
        ...(dueDate ? { dueAt: endOfDay(dueDate) } : {}),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: courseKeys.rules(courseId) });
      await queryClient.invalidateQueries({ queryKey: courseKeys.list });
    },
  });
  const apiErrors = fieldErrors(enrol.error);
  const unitError =
    local.unitId ??
    apiErrors.get('unitId') ??
    (enrol.error instanceof ApiError && enrol.error.status === 403 ? errorMessage(enrol.error) : undefined);
  const populationError = local.populations ?? apiErrors.get('populations');
  const dueError = apiErrors.get('dueAt');
  const placed = !!(unitError || populationError || dueError);
  const title = course.data ? t('enrol.title', { course: course.data.title }) : t('courseEditor.enrolments');
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
      <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 }, mb: 3 }}>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const errors: Record<string, string> = {};
            if (!unit) errors.unitId = t('enrol.chooseUnit');
            if (!populations.length) errors.populations = t('enrol.choosePopulation');
            setLocal(errors);
            if (!Object.keys(errors).length) enrol.mutate();
          }}
        >
          <Box component="fieldset" sx={{ border: 0, p: 0, m: 0 }}>
            <Typography component="legend" sx={{ fontWeight: 600 }}>
              {t('enrol.unit')}
            </Typography>
            <Typography
              id="enrol-unit-chosen"
              role="status"
              sx={{ mb: 1 }}
              color={unit ? 'text.primary' : 'text.secondary'}
            >
              {unit ? t('enrol.chosen', { name: unit.fullName ?? unit.name }) : t('enrol.noneChosen')}
            </Typography>
            <UnitTree value={unit} onChange={setUnit} describedBy="enrol-unit-chosen" />
            {unitError && <FormHelperText error>{unitError}</FormHelperText>}
          </Box>
          <Box component="fieldset" sx={{ border: 0, p: 0, m: 0, mt: 2 }} aria-describedby="enrol-pop-hint">
            <Typography component="legend" sx={{ fontWeight: 600 }}>
              {t('enrol.populations')}
            </Typography>
            <FormHelperText id="enrol-pop-hint" sx={{ mt: 0 }}>
              {t('enrol.populationsHint')}
            </FormHelperText>
            <FormGroup row>
              {POPULATIONS.map((p) => (
                <FormControlLabel
                  key={p}
                  label={t(`population.${p}`)}
                  control={
                    <Checkbox
                      checked={populations.includes(p)}
                      onChange={(e) =>
                        setPopulations((list) => (e.target.checked ? [...list, p] : list.filter((x) => x !== p)))
                      }
                    />
                  }
                />
              ))}
            </FormGroup>
            {populationError && <FormHelperText error>{populationError}</FormHelperText>}
          </Box>
          <TextField
            type="date"
            label={t('enrol.dueAt')}
            value={dueDate}
            onChange={(e) => setDueDate(e.target.value)}
            margin="normal"
            slotProps={{ inputLabel: { shrink: true } }}
            error={!!dueError}
            helperText={dueError}
          />
          <Box sx={{ mt: 2, display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
            <Button type="submit" variant="contained" disabled={enrol.isPending}>
              {enrol.isPending ? t('enrol.submitting') : t('enrol.submit')}
            </Button>
            {enrol.isSuccess && (
              <Typography role="status" color="success.main" data-testid="enrol-result">
                {t('enrol.done', { count: enrol.data.enrolled })}
              </Typography>
            )}
          </Box>
          {enrol.isError && !placed && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {errorMessage(enrol.error)}
            </Alert>
          )}
        </form>
      </Paper>
      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        {t('enrol.existing')}
      </Typography>
      {removed && (
        <Alert severity="success" role="status" sx={{ mb: 2 }} data-testid="rule-removed">
          {t('courseRemoval.ruleRemoved', removed)}
        </Alert>
      )}
      <QueryState query={rules}>
        {(list) =>
          list.length === 0 ? (
            <Alert severity="info">{t('enrol.noneYet')}</Alert>
          ) : (
            <TableContainer component={Paper}>
              <Table aria-label={t('enrol.existing')}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t('progress.unit')}</TableCell>
                    <TableCell>{t('enrol.populations')}</TableCell>
                    <TableCell>{t('enrol.dueAt')}</TableCell>
                    <TableCell align="right">{t('enrol.learners')}</TableCell>
                    <TableCell align="right">{t('courseRemoval.actions')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {list.map((r) => (
                    <TableRow key={r.id}>
                      <TableCell>{r.unitName}</TableCell>
                      <TableCell>{r.populations.map((p) => t(`population.${p}`)).join(', ')}</TableCell>
                      <TableCell>{r.dueAt ? formatDateTime(r.dueAt) : '—'}</TableCell>
                      <TableCell align="right">{formatNumber(r.enrolledCount)}</TableCell>
                      <TableCell align="right">
                        <RemoveRuleButton
                          rule={r}
                          onRemoved={async (result) => {
                            setRemoved(result);
                            await queryClient.invalidateQueries({ queryKey: courseKeys.rules(courseId) });
                            await queryClient.invalidateQueries({ queryKey: courseKeys.list });
                          }}
                        />
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          )
        }
      </QueryState>
    </>
  );
}
