import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Grid,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { Title, useNotify, useTranslate } from 'react-admin';
import { useParams } from 'react-router-dom';
import { ApiError, authorizedFetch, gql, session } from '../api';
import { ENUM_LABELS } from '../i18n/domain';

interface Finding {
  id: string;
  category: string;
  riskLevel: string;
  description: string;
  legalBasis: string | null;
  recommendation: string | null;
  deadline: string | null;
  rectified: boolean;
  leniencyHint: { text: string; kind: string } | null;
  qualification: { qualifies: boolean; text: string } | null;
}
interface Report {
  id: string;
  version: number;
  status: string;
  checkDate: string;
  lawFirm: string | null;
  scope: string | null;
  method: string | null;
  summary: string | null;
  riskIndex: number;
  riskLevel: string;
  reviewComment: string | null;
  lawyerId: string;
  contentHash: string;
  enterprise: { name: string; creditCode: string };
  lawyer: { displayName: string } | null;
  findings: Finding[];
}

const REPORT = `id version status checkDate lawFirm scope method summary riskIndex riskLevel reviewComment lawyerId contentHash
  enterprise { name creditCode } lawyer { displayName }
  findings { id category riskLevel description legalBasis recommendation deadline rectified leniencyHint { text kind } qualification { qualifies text } }`;

const EMPTY = {
  category: 'OTHER',
  riskLevel: 'GENERAL',
  description: '',
  legalBasis: '',
  recommendation: '',
  deadline: '',
};

/** The lawyer's desk and the manager's review: one screen for a report, its findings and its workflow. */
export function ReportShow() {
  const { id } = useParams();
  const translate = useTranslate();
  const notify = useNotify();
  const user = session.user();
  const [report, setReport] = useState<Report | null>(null);
  const [draft, setDraft] = useState(EMPTY);
  const [returning, setReturning] = useState(false);
  const [comment, setComment] = useState('');
  const label = (e: keyof typeof ENUM_LABELS, v: string) => translate(`lawcheck.enum.${e}.${v}`);

  const load = useCallback(async () => {
    const d = await gql<{ CheckupReport: Report }>(
      `query($id: ID!) { CheckupReport(id: $id) { ${REPORT} } }`,
      { id },
    );
    setReport(d.CheckupReport);
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  const run = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      notify(done, { type: 'success' });
      await load();
    } catch (e) {
      notify(e instanceof ApiError ? e.message : String(e), { type: 'error' });
    }
  };
  if (!report) return null;

  const own = user?.role === 'LAWYER' && user.id === report.lawyerId;
  const editable = (own && ['DRAFT', 'RETURNED'].includes(report.status)) || user?.role === 'ADMIN';
  const reviewer = user?.role === 'MANAGER' || user?.role === 'ADMIN';
  /** A workflow step, sent with the version on screen so a concurrent change is refused, not overwritten. */
  const step = (
    mutation: 'submitReport' | 'acceptReport' | 'deliverReport' | 'returnReport',
    reviewComment?: string,
  ) =>
    gql(
      `mutation($id: ID!, $v: Int${reviewComment === undefined ? '' : ', $c: String!'}) { ${mutation}(id: $id, version: $v${reviewComment === undefined ? '' : ', comment: $c'}) { id } }`,
      { id: report.id, v: report.version, ...(reviewComment === undefined ? {} : { c: reviewComment }) },
    );

  const downloadPdf = async () => {
    const res = await authorizedFetch(`/reports/${report.id}.pdf`);
    if (!res.ok) return notify(`PDF: ${res.status}`, { type: 'error' });
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `${translate('lawcheck.ui.reportFile')}-${report.enterprise.name}-${report.id}.pdf`;
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Box sx={{ p: 2 }}>
      <Title title={translate('lawcheck.ui.reportTitle', { id: report.id })} />
      <Card sx={{ mb: 2 }}>
        <CardContent>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
            <Typography variant="h5">{report.enterprise.name}</Typography>
            <Chip
              data-testid="report-status"
              label={label('ReportStatus', report.status)}
              color={report.status === 'DELIVERED' ? 'success' : 'default'}
            />
            <Chip
              data-testid="risk"
              label={`${label('RiskLevel', report.riskLevel)} · ${report.riskIndex}`}
              color={report.riskIndex >= 75 ? 'error' : report.riskIndex >= 50 ? 'warning' : 'default'}
            />
          </Stack>
          <Typography variant="body2">
            {translate('lawcheck.ui.reportMeta', {
              code: report.enterprise.creditCode,
              lawyer: report.lawyer?.displayName ?? '',
              firm: report.lawFirm ?? '',
              date: report.checkDate,
              hash: report.contentHash,
            })}
          </Typography>
          <Typography variant="body2" sx={{ mt: 1 }}>
            {translate('lawcheck.ui.reportSummary', { summary: report.summary ?? '—' })}
          </Typography>
          {report.reviewComment && (
            <Alert
              severity={report.status === 'RETURNED' || report.status === 'DRAFT' ? 'warning' : 'info'}
              sx={{ mt: 1 }}
            >
              {translate('lawcheck.ui.reviewComment', { comment: report.reviewComment })}
            </Alert>
          )}
          <Stack direction="row" spacing={1} sx={{ mt: 2 }}>
            {editable && (
              <Button
                variant="contained"
                name="submit"
                onClick={() => void run(() => step('submitReport'), translate('lawcheck.ui.submitted'))}
              >
                {translate('lawcheck.ui.submit')}
              </Button>
            )}
            {reviewer && report.status === 'SUBMITTED' && (
              <>
                <Button
                  variant="contained"
                  name="accept"
                  onClick={() => void run(() => step('acceptReport'), translate('lawcheck.ui.accepted'))}
                >
                  {translate('lawcheck.ui.accept')}
                </Button>
                <Button variant="outlined" color="warning" name="return" onClick={() => setReturning(true)}>
                  {translate('lawcheck.ui.return')}
                </Button>
              </>
            )}
            {reviewer && report.status === 'ACCEPTED' && (
              <Button
                variant="contained"
                name="deliver"
                onClick={() => void run(() => step('deliverReport'), translate('lawcheck.ui.delivered'))}
              >
                {translate('lawcheck.ui.deliver')}
              </Button>
            )}
            <Button variant="outlined" name="pdf" onClick={() => void downloadPdf()}>
              {translate('lawcheck.ui.pdf')}
            </Button>
          </Stack>
        </CardContent>
      </Card>

      <Card>
        <CardContent>
          <Typography variant="h6">{translate('lawcheck.ui.findings')}</Typography>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{translate('lawcheck.ui.category')}</TableCell>
                <TableCell>{translate('lawcheck.ui.risk')}</TableCell>
                <TableCell>{translate('lawcheck.ui.finding')}</TableCell>
                <TableCell>{translate('lawcheck.ui.legalBasis')}</TableCell>
                <TableCell>{translate('lawcheck.ui.recommendation')}</TableCell>
                <TableCell>{translate('lawcheck.ui.deadline')}</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {report.findings.map((f) => (
                <TableRow key={f.id} data-testid="finding">
                  <TableCell>{label('FindingCategory', f.category)}</TableCell>
                  <TableCell>{label('RiskLevel', f.riskLevel)}</TableCell>
                  <TableCell>
                    {f.description}
                    {f.leniencyHint && (
                      <Alert severity="success" sx={{ mt: 0.5, py: 0 }} data-testid="hint">
                        {f.leniencyHint.text}
                      </Alert>
                    )}
                    {f.qualification && (
                      <Alert
                        severity={f.qualification.qualifies ? 'info' : 'warning'}
                        sx={{ mt: 0.5, py: 0 }}
                        data-testid="qualification"
                      >
                        <strong>
                          {translate(`lawcheck.qualification.${f.qualification.qualifies ? 'yes' : 'no'}`)}
                        </strong>
                        {'：'}
                        {f.qualification.text}
                      </Alert>
                    )}
                  </TableCell>
                  <TableCell>{f.legalBasis}</TableCell>
                  <TableCell>{f.recommendation}</TableCell>
                  <TableCell>
                    {f.deadline}
                    {f.rectified && translate('lawcheck.ui.rectifiedMark')}
                  </TableCell>
                  <TableCell>
                    {editable && (
                      <Button
                        size="small"
                        color="error"
                        onClick={() =>
                          void run(
                            () =>
                              gql('mutation($id: ID!) { deleteReportFinding(id: $id) { id } }', { id: f.id }),
                            translate('lawcheck.ui.deleted'),
                          )
                        }
                      >
                        {translate('lawcheck.ui.delete')}
                      </Button>
                    )}
                    {!editable &&
                      !f.rectified &&
                      ['ACCEPTED', 'DELIVERED'].includes(report.status) &&
                      (own || reviewer) && (
                        <Button
                          size="small"
                          onClick={() =>
                            void run(
                              () =>
                                gql(
                                  'mutation($id: ID!) { updateReportFinding(id: $id, rectified: true) { id } }',
                                  { id: f.id },
                                ),
                              translate('lawcheck.ui.rectified'),
                            )
                          }
                        >
                          {translate('lawcheck.ui.rectify')}
                        </Button>
                      )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {editable && (
            <Grid container spacing={1} sx={{ mt: 2 }} data-testid="new-finding">
              <Grid size={{ xs: 6, md: 2 }}>
                <TextField
                  select
                  fullWidth
                  size="small"
                  name="category"
                  label={translate('lawcheck.ui.category')}
                  value={draft.category}
                  onChange={(e) => setDraft({ ...draft, category: e.target.value })}
                >
                  {Object.keys(ENUM_LABELS.FindingCategory).map((c) => (
                    <MenuItem key={c} value={c}>
                      {label('FindingCategory', c)}
                    </MenuItem>
                  ))}
                </TextField>
              </Grid>
              <Grid size={{ xs: 6, md: 2 }}>
                <TextField
                  select
                  fullWidth
                  size="small"
                  name="riskLevel"
                  label={translate('lawcheck.ui.riskLevel')}
                  value={draft.riskLevel}
                  onChange={(e) => setDraft({ ...draft, riskLevel: e.target.value })}
                >
                  {Object.keys(ENUM_LABELS.RiskLevel).map((c) => (
                    <MenuItem key={c} value={c}>
                      {label('RiskLevel', c)}
                    </MenuItem>
                  ))}
                </TextField>
              </Grid>
              <Grid size={{ xs: 12, md: 8 }}>
                <TextField
                  fullWidth
                  size="small"
                  name="description"
                  label={translate('lawcheck.ui.finding')}
                  value={draft.description}
                  onChange={(e) => setDraft({ ...draft, description: e.target.value })}
                />
              </Grid>
              <Grid size={{ xs: 12, md: 5 }}>
                <TextField
                  fullWidth
                  size="small"
                  name="legalBasis"
                  label={translate('lawcheck.ui.legalBasis')}
                  value={draft.legalBasis}
                  onChange={(e) => setDraft({ ...draft, legalBasis: e.target.value })}
                />
              </Grid>
              <Grid size={{ xs: 12, md: 5 }}>
                <TextField
                  fullWidth
                  size="small"
                  name="recommendation"
                  label={translate('lawcheck.ui.recommendation')}
                  value={draft.recommendation}
                  onChange={(e) => setDraft({ ...draft, recommendation: e.target.value })}
                />
              </Grid>
              <Grid size={{ xs: 12, md: 2 }}>
                <Button
                  variant="outlined"
                  name="add-finding"
                  disabled={!draft.description.trim()}
                  onClick={() =>
                    void run(
                      () =>
                        gql(
                          'mutation($r: ID!, $c: FindingCategory!, $l: RiskLevel!, $d: String!, $b: String, $rec: String) { createReportFinding(reportId: $r, category: $c, riskLevel: $l, description: $d, legalBasis: $b, recommendation: $rec) { id } }',
                          {
                            r: report.id,
                            c: draft.category,
                            l: draft.riskLevel,
                            d: draft.description,
                            b: draft.legalBasis || null,
                            rec: draft.recommendation || null,
                          },
                        ).then(() => setDraft(EMPTY)),
                      translate('lawcheck.ui.added'),
                    )
                  }
                >
                  {translate('lawcheck.ui.addFinding')}
                </Button>
              </Grid>
            </Grid>
          )}
        </CardContent>
      </Card>

      <Dialog open={returning} onClose={() => setReturning(false)}>
        <DialogTitle>{translate('lawcheck.ui.return')}</DialogTitle>
        <DialogContent>
          <TextField
            autoFocus
            fullWidth
            multiline
            minRows={3}
            name="comment"
            label={translate('lawcheck.ui.changes')}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            sx={{ mt: 1 }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setReturning(false)}>{translate('lawcheck.ui.cancel')}</Button>
          <Button
            name="confirm-return"
            disabled={!comment.trim()}
            onClick={() => {
              setReturning(false);
              void run(() => step('returnReport', comment), translate('lawcheck.ui.returned'));
            }}
          >
            {translate('lawcheck.ui.doReturn')}
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
