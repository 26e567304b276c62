import { useCallback, useEffect, useState } from 'react';
import { Alert, Box, Button, Card, CardContent, Chip, Stack, TextField, Typography } from '@mui/material';
import { useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { ApiError, gql, session } from '../api';
import { ReasonsTable, type Reason } from '../common/ReasonsTable';
import { ResourceShow } from '../common/views';
import { CaseDocuments } from './CaseDocuments';
import { resourceDef } from '../resources';

interface CaseRecord {
  id: string;
  version: number;
  status: string;
  decisionDate: string | null;
  officerId: string | null;
  outcome: string | null;
  officerChoice: string | null;
  choiceReason: string | null;
  itemLabel: string | null;
  reviewTriggers: string[];
  reviewNote: string | null;
  reviewer: { displayName: string } | null;
  decision: {
    mandatory: boolean;
    summary: string;
    measures: string[];
    penalties: string[];
    list: { title: string } | null;
    item: { number: number; list: { title: string; version: string } } | null;
    reasons: Reason[];
  } | null;
}

const CASE = `id version status decisionDate officerId outcome officerChoice choiceReason itemLabel reviewTriggers reviewNote
  reviewer { displayName }
  decision { mandatory summary measures penalties list { title } item { number list { title version } } reasons { rule passed status citation detail } }`;

/** The steps of 法制审核 (server/domain/case-review.ts). */
const STEPS = {
  submitCaseForReview: `mutation($id: ID!, $v: Int) { submitCaseForReview(id: $id, version: $v) { id } }`,
  approveCase: `mutation($id: ID!, $v: Int, $note: String) { approveCase(id: $id, version: $v, note: $note) { id } }`,
  returnCase: `mutation($id: ID!, $v: Int, $note: String!) { returnCase(id: $id, version: $v, note: $note) { id } }`,
};

/** A case: its decision of record with every reason, and its 法制审核 (submit, approve, return). */
export function CaseShow() {
  return (
    <ResourceShow r={resourceDef('PenaltyCase')}>
      <CaseDecisionAndReview />
      <CaseDocuments />
    </ResourceShow>
  );
}

function CaseDecisionAndReview() {
  const record = useRecordContext<{ id: string; version: number }>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const user = session.user();
  const [c, setC] = useState<CaseRecord | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const label = (e: string, v: string) => translate(`lawcheck.enum.${e}.${v}`);

  const load = useCallback(async () => {
    if (!record?.id) return;
    const d = await gql<{ PenaltyCase: CaseRecord | null }>(
      `query($id: ID!) { PenaltyCase(id: $id) { ${CASE} } }`,
      {
        id: record.id,
      },
    );
    setC(d.PenaltyCase);
  }, [record?.id]);
  useEffect(() => {
    void load();
  }, [load, record?.version]);

  if (!c) return null;
  const act = async (mutation: keyof typeof STEPS, done: string) => {
    setBusy(true);
    try {
      await gql(STEPS[mutation], { id: c.id, v: c.version, note: note.trim() || null });
      notify(done, { type: 'success' });
      setNote('');
      refresh();
      await load();
    } catch (e) {
      notify(e instanceof ApiError ? e.message : String(e), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  const role = user?.role;
  const mayReview =
    c.status === 'IN_REVIEW' && (role === 'REVIEWER' || (role === 'ADMIN' && c.officerId !== user?.id));
  const maySubmit =
    (role === 'OFFICER' || role === 'ADMIN') &&
    (c.status === 'RETURNED' || (c.status === 'OPEN' && Boolean(c.decisionDate)));
  const d = c.decision;

  return (
    <Stack spacing={2} sx={{ p: 2 }}>
      <Card variant="outlined" data-testid="case-review">
        <CardContent>
          <Typography variant="h6">{translate('lawcheck.ui.caseReview')}</Typography>
          <Stack direction="row" spacing={1} sx={{ my: 1, alignItems: 'center', flexWrap: 'wrap' }}>
            <Chip
              data-testid="case-status"
              label={label('CaseStatus', c.status)}
              color={c.status === 'IN_REVIEW' ? 'warning' : c.status === 'RETURNED' ? 'error' : 'default'}
            />
            {c.reviewTriggers.length ? (
              c.reviewTriggers.map((t) => (
                <Chip key={t} variant="outlined" label={label('ReviewTrigger', t)} />
              ))
            ) : (
              <Typography variant="body2">{translate('lawcheck.ui.noReviewNeeded')}</Typography>
            )}
          </Stack>
          {c.reviewNote && (
            <Alert severity={c.status === 'RETURNED' ? 'warning' : 'info'} data-testid="review-note">
              {translate('lawcheck.ui.reviewNoteBy', {
                who: c.reviewer?.displayName ?? '',
                note: c.reviewNote,
              })}
            </Alert>
          )}
          {mayReview && (
            <Box sx={{ mt: 1 }}>
              <TextField
                name="reviewNote"
                label={translate('lawcheck.ui.reviewNote')}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                multiline
                fullWidth
                size="small"
              />
              <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
                <Button
                  name="approveCase"
                  variant="contained"
                  disabled={busy}
                  onClick={() => void act('approveCase', translate('lawcheck.ui.caseApproved'))}
                >
                  {translate('lawcheck.ui.approveCase')}
                </Button>
                <Button
                  name="returnCase"
                  variant="outlined"
                  color="warning"
                  disabled={busy || !note.trim()}
                  onClick={() => void act('returnCase', translate('lawcheck.ui.caseReturned'))}
                >
                  {translate('lawcheck.ui.returnCase')}
                </Button>
              </Stack>
            </Box>
          )}
          {maySubmit && (
            <Button
              name="submitCaseForReview"
              sx={{ mt: 1 }}
              variant="contained"
              disabled={busy}
              onClick={() => void act('submitCaseForReview', translate('lawcheck.ui.caseSubmitted'))}
            >
              {translate('lawcheck.ui.submitCaseForReview')}
            </Button>
          )}
        </CardContent>
      </Card>
      {d && (
        <Card variant="outlined" data-testid="case-decision">
          <CardContent>
            <Typography variant="h6">{translate('lawcheck.ui.decisionOfRecord')}</Typography>
            <Typography variant="body1" sx={{ mt: 1 }}>
              {c.outcome ? label('Tier', c.outcome) : ''}（
              {translate(d.mandatory ? 'lawcheck.ui.mandatory' : 'lawcheck.ui.discretionary')}）
              {c.itemLabel && (
                <span data-testid="item-label">
                  {' '}
                  {translate('lawcheck.ui.itemLabelOfRecord', { item: c.itemLabel })}
                </span>
              )}
            </Typography>
            {c.officerChoice && (
              <Typography variant="body2" sx={{ mt: 1 }}>
                {translate('lawcheck.ui.choiceOfRecord', {
                  choice: label('Tier', c.officerChoice),
                  reason: c.choiceReason ?? '',
                })}
              </Typography>
            )}
            {d.measures.length > 0 && (
              <Typography variant="body2" sx={{ mt: 1 }}>
                {translate(c.outcome === 'NONE' ? 'lawcheck.ui.measuresUnpunished' : 'lawcheck.ui.measures', {
                  measures: d.measures.join('、'),
                })}
              </Typography>
            )}
            <ReasonsTable reasons={d.reasons} />
            <Typography variant="subtitle2" sx={{ mt: 2 }}>
              {translate('lawcheck.ui.summary')}
            </Typography>
            <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', bgcolor: 'grey.100', p: 1 }}>
              {d.summary}
            </Typography>
          </CardContent>
        </Card>
      )}
    </Stack>
  );
}
