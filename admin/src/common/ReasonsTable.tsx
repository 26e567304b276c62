import { Box, Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { useTranslate } from 'react-admin';

export interface Reason {
  rule: string;
  passed: boolean;
  citation: string;
  detail: string;
}

/**
 * Every rule a decision considered, in words, with 符合/不符合 and its citation: the desk's
 * check and a recorded case alike. Scrolls sideways on a narrow screen rather than squeezing.
 */
export function ReasonsTable({ reasons }: { reasons: readonly Reason[] }) {
  const translate = useTranslate();
  return (
    <Box sx={{ overflowX: 'auto' }}>
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
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {translate(r.passed ? 'lawcheck.ui.ruleHolds' : 'lawcheck.ui.ruleFails')}
              </TableCell>
              <TableCell>{r.citation}</TableCell>
              <TableCell>{r.detail}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
