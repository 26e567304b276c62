import { Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { useTranslate } from 'react-admin';

export interface Reason {
  rule: string;
  passed: boolean;
  citation: string;
  detail: string;
}

/** Every rule a decision considered, with its citation: the desk's check and a recorded case alike. */
export function ReasonsTable({ reasons }: { reasons: readonly Reason[] }) {
  const translate = useTranslate();
  return (
    <Table size="small" sx={{ mt: 2 }} data-testid="reasons">
      <TableHead>
        <TableRow>
          <TableCell>{translate('lawcheck.ui.rule')}</TableCell>
          <TableCell>{translate('lawcheck.ui.result')}</TableCell>
          <TableCell>{translate('lawcheck.ui.citation')}</TableCell>
          <TableCell>{translate('lawcheck.ui.detail')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {reasons.map((r, i) => (
          <TableRow key={i}>
            <TableCell>{translate(`lawcheck.ui.ruleName.${r.rule}`, { _: r.rule })}</TableCell>
            <TableCell>{r.passed ? '✓' : '—'}</TableCell>
            <TableCell>{r.citation}</TableCell>
            <TableCell>{r.detail}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
