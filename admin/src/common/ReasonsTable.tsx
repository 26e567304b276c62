import {
  Box,
  Card,
  CardContent,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useMediaQuery, type Theme } from '@mui/material';
import { useTranslate } from 'react-admin';

export interface Reason {
  rule: string;
  passed: boolean;
  /** 符合 / 不符合 / 不适用, as the server decided it (decisions stored before it existed have it too). */
  status: 'MET' | 'NOT_MET' | 'NOT_APPLICABLE';
  citation: string;
  detail: string;
}

const COLOUR = { MET: 'success', NOT_MET: 'default', NOT_APPLICABLE: 'info' } as const;

/**
 * Every rule a decision considered, in words, with 符合 / 不符合 / 不适用 and its citation: the
 * desk's check and a recorded case alike. A table on a wide screen; one card a rule on a phone.
 */
export function ReasonsTable({ reasons }: { reasons: readonly Reason[] }) {
  const translate = useTranslate();
  const phone = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const name = (r: Reason) => translate(`lawcheck.ui.ruleName.${r.rule}`);
  const state = (r: Reason) => (
    <Chip
      size="small"
      variant="outlined"
      color={COLOUR[r.status]}
      label={translate(`lawcheck.enum.RuleStatus.${r.status}`)}
      data-status={r.status}
    />
  );
  if (phone)
    return (
      <Stack spacing={1} sx={{ mt: 2 }} data-testid="reasons">
        {reasons.map((r, i) => (
          <Card key={i} variant="outlined">
            <CardContent sx={{ p: 1, '&:last-child': { pb: 1 } }}>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 0.5 }}>
                <Typography variant="subtitle2">{name(r)}</Typography>
                {state(r)}
              </Stack>
              <Typography variant="caption" color="text.secondary" component="p">
                {r.citation}
              </Typography>
              <Typography variant="body2">{r.detail}</Typography>
            </CardContent>
          </Card>
        ))}
      </Stack>
    );
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
              <TableCell sx={{ minWidth: '7em' }}>{name(r)}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{state(r)}</TableCell>
              <TableCell>{r.citation}</TableCell>
              <TableCell>{r.detail}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
