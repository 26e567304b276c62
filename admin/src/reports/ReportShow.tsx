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
import {
  EMPTY_FINDING,
  FindingForm,
  saveFinding,
  type FindingValues,
  type OffenceOption,
} from './FindingForm';
import { ReportContent } from './ReportContent';

interface Finding {
  id: string;
  category: string;
  riskLevel: string;
  description: string;
  legalBasis: string | null;
  recommendation: string | null;
  deadline: string | null;
  rectified: boolean;
  rectifiedAt: string | null;
  rectificationNote: string | null;
  offence: OffenceOption | null;
  leniencyHint: { text: string; kind: string } | null;
  qualification: { qualifies: boolean; text: string } | null;
}
interface Report {
  id: string;
  number: string;
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

const REPORT = `id number version status checkDate lawFirm scope method summary riskIndex riskLevel reviewComment lawyerId contentHash
  enterprise { name creditCode } lawyer { displayName }
  findings { id category riskLevel description legalBasis recommendation deadline rectified rectifiedAt rectificationNote
    offence { id code title } leniencyHint { text kind } qualification { qualifies text } }`;

const valuesOf = (f: Finding): FindingValues => ({
  category: f.category,
  riskLevel: f.riskLevel,
  description: f.description,
  legalBasis: f.legalBasis ?? '',
  recommendation: f.recommendation ?? '',
  deadline: f.deadline ?? '',
  offence: f.offence,
  rectified: f.rectified,
  rectifiedAt: f.rectifiedAt ?? '',
  rectificationNote: f.rectificationNote ?? '',
});

/** The lawyer's desk and the manager's review: one screen for a report, its findings and its workflow. */
export function ReportShow() {
  const { id } = useParams();
  const translate = useTranslate();
  const notify = useNotify();
  const user = session.user();
  const [report, setReport] = useState<Report | null>(null);
  // The finding being edited in place, the one whose removal awaits confirmation, and a key
  // that empties the new-finding form once it has been added.
  const [editing, setEditing] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Finding | null>(null);
  const [added, setAdded] = useState(0);
  const [returning, setReturning] = useState(false);
  const [comment, setComment] = useState('');
  const label = (e: 'FindingCategory' | 'RiskLevel' | 'ReportStatus', v: string) =>
    translate(`lawcheck.enum.${e}.${v}`);
  const field = (f: string) => translate(`resources.ReportFinding.fields.${f}`);

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
    a.download = `${translate('lawcheck.ui.reportFile')}-${report.enterprise.name}-${report.number}.pdf`;
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Box sx={{ p: 2 }}>
      <Title title={translate('lawcheck.ui.reportTitle', { number: report.number })} />
      <Card sx={{ mb: 2 }}>
        <CardContent>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
            <Typography variant="h5">{report.enterprise.name}</Typography>
            <Typography variant="subtitle1" color="text.secondary" data-testid="report-number">
              {report.number}
            </Typography>
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

      <ReportContent report={report} editable={editable} onSaved={load} />

      <Card>
        <CardContent>
          <Typography variant="h6">{translate('lawcheck.ui.findings')}</Typography>
          <Box sx={{ overflowX: 'auto' }}>
            <Table
              size="small"
              sx={{
                '& th': { whiteSpace: 'nowrap' },
                '& td.wide': { minWidth: 160 },
                '& td.word': { whiteSpace: 'nowrap' },
              }}
            >
              <TableHead>
                <TableRow>
                  <TableCell>{field('category')}</TableCell>
                  <TableCell>{field('riskLevel')}</TableCell>
                  <TableCell>{field('description')}</TableCell>
                  <TableCell>{field('offenceId')}</TableCell>
                  <TableCell>{field('legalBasis')}</TableCell>
                  <TableCell>{field('recommendation')}</TableCell>
                  <TableCell>{field('deadline')}</TableCell>
                  <TableCell>{translate('lawcheck.ui.rectification')}</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {report.findings.map((f) =>
                  editing === f.id ? (
                    <TableRow key={f.id} data-testid="finding-editing">
                      <TableCell colSpan={9}>
                        <FindingForm
                          testId="edit-finding"
                          initial={valuesOf(f)}
                          onCancel={() => setEditing(null)}
                          onSave={async (v) => {
                            await saveFinding(report.id, f.id, v);
                            setEditing(null);
                            notify(translate('lawcheck.ui.saved'), { type: 'success' });
                            await load();
                          }}
                        />
                      </TableCell>
                    </TableRow>
                  ) : (
                    <TableRow key={f.id} data-testid="finding">
                      <TableCell className="word">{label('FindingCategory', f.category)}</TableCell>
                      <TableCell className="word">{label('RiskLevel', f.riskLevel)}</TableCell>
                      <TableCell sx={{ minWidth: 220 }}>
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
                              {translate(
                                `lawcheck.qualification.${f.qualification.qualifies ? 'yes' : 'no'}`,
                              )}
                            </strong>
                            {translate('lawcheck.ui.colon')}
                            {f.qualification.text}
                          </Alert>
                        )}
                      </TableCell>
                      <TableCell className="wide" data-testid="finding-offence">
                        {f.offence ? `${f.offence.code} ${f.offence.title}` : '—'}
                      </TableCell>
                      <TableCell className="wide">{f.legalBasis}</TableCell>
                      <TableCell className="wide">{f.recommendation}</TableCell>
                      <TableCell data-testid="finding-deadline" sx={{ whiteSpace: 'nowrap' }}>
                        {f.deadline ?? '—'}
                      </TableCell>
                      <TableCell className="word">
                        {f.rectified
                          ? translate('lawcheck.ui.rectifiedOn', { date: f.rectifiedAt ?? '' })
                          : translate('lawcheck.ui.notRectified')}
                        {f.rectificationNote && (
                          <Typography variant="caption" sx={{ display: 'block' }}>
                            {f.rectificationNote}
                          </Typography>
                        )}
                      </TableCell>
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>
                        {editable && (
                          <>
                            <Button size="small" name="edit-finding" onClick={() => setEditing(f.id)}>
                              {translate('lawcheck.ui.edit')}
                            </Button>
                            <Button
                              size="small"
                              color="error"
                              name="delete-finding"
                              onClick={() => setRemoving(f)}
                            >
                              {translate('lawcheck.ui.delete')}
                            </Button>
                          </>
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
                  ),
                )}
              </TableBody>
            </Table>
          </Box>
          {editable && (
            <Box sx={{ mt: 2 }}>
              <Typography variant="subtitle1">{translate('lawcheck.ui.addFinding')}</Typography>
              <FindingForm
                key={added}
                testId="new-finding"
                initial={EMPTY_FINDING}
                onSave={async (v) => {
                  await saveFinding(report.id, null, v);
                  setAdded((n) => n + 1);
                  notify(translate('lawcheck.ui.added'), { type: 'success' });
                  await load();
                }}
              />
            </Box>
          )}
        </CardContent>
      </Card>

      <Dialog open={removing !== null} onClose={() => setRemoving(null)} data-testid="confirm-delete">
        <DialogTitle>{translate('lawcheck.ui.deleteFindingTitle')}</DialogTitle>
        <DialogContent>
          <Typography variant="body2">
            {translate('lawcheck.ui.deleteFindingBody', { description: removing?.description ?? '' })}
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button name="cancel-delete" onClick={() => setRemoving(null)}>
            {translate('lawcheck.ui.cancel')}
          </Button>
          <Button
            color="error"
            name="confirm-delete"
            onClick={() => {
              const f = removing!;
              setRemoving(null);
              void run(
                () => gql('mutation($id: ID!) { deleteReportFinding(id: $id) { id } }', { id: f.id }),
                translate('lawcheck.ui.deleted'),
              );
            }}
          >
            {translate('lawcheck.ui.delete')}
          </Button>
        </DialogActions>
      </Dialog>

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
