import { Box, Button, Stack, Typography } from '@mui/material';
import { useNotify, useRecordContext, useTranslate } from 'react-admin';
import { authorizedFetch } from '../api';

/** The documents a decided case prints (server/domain/documents.ts decides which; it refuses the rest). */
const KINDS = [
  ['NO_PENALTY_DECISION', 'no-penalty-decision'],
  ['PENALTY_DECISION', 'penalty-decision'],
  ['CORRECTION_ORDER', 'correction-order'],
  ['COMMITMENT_LETTER', 'commitment-letter'],
] as const;

export function CaseDocuments() {
  const translate = useTranslate();
  const notify = useNotify();
  const record = useRecordContext<{
    id: string;
    status: string;
    outcome: string | null;
    caseNumber: string;
    decision?: { grounds?: string[]; penalties?: string[] } | null;
  }>();
  if (!record || (record.status !== 'DECIDED' && record.status !== 'CLOSED')) return null;
  // While a fine awaits a refusal to correct, the order to correct is the only document (as the server says).
  const awaitingCorrection = record.decision?.grounds?.includes('ORDER_TO_CORRECT') ?? false;
  // A penalty imposed without a fine (食品安全法 Art. 136's confiscation) is ordered by a 行政处罚决定书.
  const punished = record.outcome !== 'NONE' || (record.decision?.penalties?.length ?? 0) > 0;
  const kinds = KINDS.filter(([k]) =>
    awaitingCorrection
      ? k === 'CORRECTION_ORDER'
      : punished
        ? k !== 'NO_PENALTY_DECISION'
        : k !== 'PENALTY_DECISION',
  );
  const open = async (kind: string, file: string) => {
    const res = await authorizedFetch(`/cases/${record.id}/documents/${file}.pdf`);
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      return notify(body?.error?.message ?? `PDF: ${res.status}`, { type: 'warning' });
    }
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `${translate(`lawcheck.enum.DocumentKind.${kind}`)}-${record.caseNumber}.pdf`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Box sx={{ px: 2, pb: 2 }} data-testid="case-documents">
      <Typography variant="h6">{translate('lawcheck.documents.title')}</Typography>
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap' }}>
        {kinds.map(([kind, file]) => (
          <Button key={kind} variant="outlined" size="small" onClick={() => void open(kind, file)}>
            {translate('lawcheck.documents.print')} {translate(`lawcheck.enum.DocumentKind.${kind}`)}
          </Button>
        ))}
      </Stack>
    </Box>
  );
}
