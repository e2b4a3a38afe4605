import Alert from '@mui/material/Alert';
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
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { templatesQuery } from '../certificates/api';
import { CertificateNav } from '../certificates/CertificateNav';
import { addCertificateMessages } from '../i18n/certificates';
import { PageHeader } from '../layout/PageHeader';
import { QueryState } from '../layout/QueryState';
import { formatDateTime } from '../lib/format';

addCertificateMessages();

/** The certificate templates of the organizer's scope, each opening the designer. */
export default function CertificateTemplatesPage() {
  const { t } = useTranslation();
  const templates = useQuery(templatesQuery);
  return (
    <>
      <PageHeader
        title={t('certificates.templates.title')}
        actions={
          <Button variant="contained" component={RouterLink} to="/certificates/templates/new">
            {t('certificates.templates.create')}
          </Button>
        }
      />
      <CertificateNav />
      <QueryState query={templates}>
        {(list) =>
          list.length === 0 ? (
            <Alert severity="info">{t('certificates.templates.empty')}</Alert>
          ) : (
            <TableContainer component={Paper}>
              <Table aria-label={t('certificates.templates.title')}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t('certificates.templates.name')}</TableCell>
                    <TableCell>{t('certificates.templates.body')}</TableCell>
                    <TableCell>{t('certificates.templates.issuer')}</TableCell>
                    <TableCell>{t('certificates.templates.orientation')}</TableCell>
                    <TableCell>{t('certificates.templates.updatedAt')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {list.map((template) => (
                    <TableRow key={template.id} hover>
                      <TableCell>
                        <Link component={RouterLink} to={`/certificates/templates/${template.id}`}>
                          {template.title}
                        </Link>
                      </TableCell>
                      <TableCell sx={{ maxWidth: 420 }}>
                        <Typography
                          variant="body2"
                          sx={{
                            overflow: 'hidden',
                            textOverflow: 'ellipsis',
                            display: '-webkit-box',
                            WebkitLineClamp: 2,
                            WebkitBoxOrient: 'vertical',
                          }}
                        >
                          {template.body}
                        </Typography>
                      </TableCell>
                      <TableCell>{template.issuerName}</TableCell>
                      <TableCell>{t(`certificates.orientation.${template.orientation}`)}</TableCell>
                      <TableCell>{formatDateTime(template.updatedAt)}</TableCell>
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
