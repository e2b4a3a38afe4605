import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { loadLiveMessages } from '../i18n/live';
import { PageHeader } from '../layout/PageHeader';
import { QueryState } from '../layout/QueryState';
import { formatDateTime, formatNumber } from '../lib/format';

loadLiveMessages();

const PAGE_SIZE = 20;

/** The live games this organizer may host, newest first, each opening its host screen. */
export default function LiveGamesPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(0);
  const games = useQuery({
    queryKey: ['live-games', page],
    queryFn: () =>
      unwrap(api.GET('/api/v1/live-games', { params: { query: { page: page + 1, pageSize: PAGE_SIZE } } })),
  });
  return (
    <>
      <PageHeader
        title={t('live.listTitle')}
        actions={
          <Button variant="contained" component={RouterLink} to="/live/new">
            {t('live.create')}
          </Button>
        }
      />
      <QueryState query={games}>
        {(list) =>
          list.total === 0 ? (
            <Alert severity="info">{t('live.empty')}</Alert>
          ) : (
            <Paper>
              <TableContainer>
                <Table size="small">
                  <TableHead>
                    <TableRow>
                      <TableCell>{t('live.colTitle')}</TableCell>
                      <TableCell>{t('live.colPin')}</TableCell>
                      <TableCell>{t('live.colStatus')}</TableCell>
                      <TableCell align="right">{t('live.colQuestions')}</TableCell>
                      <TableCell align="right">{t('live.colPlayers')}</TableCell>
                      <TableCell>{t('live.colCreated')}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {list.items.map((g) => (
                      <TableRow key={g.gameId}>
                        <TableCell sx={{ overflowWrap: 'anywhere', minWidth: '10rem' }}>
                          <Link
                            component={RouterLink}
                            to={`/live/${g.gameId}/host`}
                            aria-label={t('live.hostOf', { title: g.title })}
                          >
                            {g.title}
                          </Link>
                          {g.shared && <Chip size="small" label={t('live.shared')} sx={{ ml: 1 }} />}
                        </TableCell>
                        <TableCell sx={{ fontVariantNumeric: 'tabular-nums' }}>{g.pin}</TableCell>
                        <TableCell>{t(`live.status.${g.interrupted ? 'interrupted' : g.status}`)}</TableCell>
                        <TableCell align="right">{formatNumber(g.questionCount)}</TableCell>
                        <TableCell align="right">{g.status === 'ended' ? formatNumber(g.playerCount) : '—'}</TableCell>
                        <TableCell>{formatDateTime(g.createdAt)}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </TableContainer>
              {list.total > PAGE_SIZE && (
                <TablePagination
                  component="div"
                  count={list.total}
                  page={page}
                  rowsPerPage={PAGE_SIZE}
                  rowsPerPageOptions={[PAGE_SIZE]}
                  onPageChange={(_, p) => setPage(p)}
                />
              )}
            </Paper>
          )
        }
      </QueryState>
    </>
  );
}
