import { Box, Button, Stack, Typography } from '@mui/material';
import { useNotify, useRecordContext, useTranslate } from 'react-admin';
import { authorizedFetch } from '../api';
import { documentsOf } from '../../../server/domain/documents';
import type { CaseStatus, DocumentKind, Tier } from '../../../server/domain/enums';

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
  if (!record) return null;
  // The server's own rule; the item is not loaded here, so the commitment letter is offered (the
  // server refuses it, with the reason, where the item asks for none).
  const printable = documentsOf({
    status: record.status as CaseStatus,
    outcome: record.outcome as Tier | null,
    itemRequiresCommitment: true,
    decision: record.decision,
  });
  const kinds = KINDS.filter(([k]) => printable.includes(k as DocumentKind));
  // Only a decided or closed case prints (an open one shows no documents at all).
  if (!kinds.length) return null;
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
