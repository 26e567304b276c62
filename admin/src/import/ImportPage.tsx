import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  FormControlLabel,
  MenuItem,
  Stack,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { Title, useLocale, useTranslate } from 'react-admin';
import { session } from '../api';

type Action = 'CREATE' | 'MATCH' | 'CHANGE' | 'REJECT';
interface PlanRow {
  sheet: string;
  line: number;
  action: Action;
  target: string;
  reasonsZh: string[];
  reasonsEn: string[];
}
interface Plan {
  fileName: string;
  format: string;
  encoding: string | null;
  sha256: string;
  counts: Record<Action, number>;
  totalRows: number;
  rows: PlanRow[];
  notesZh: string[];
  notesEn: string[];
  written: boolean;
}

const KINDS = ['LIST', 'BASELINE', 'ENTERPRISE', 'CASE'] as const;
type Kind = (typeof KINDS)[number];
const ROUTE: Record<Kind, string> = {
  LIST: 'lists',
  BASELINE: 'baselines',
  ENTERPRISE: 'enterprises',
  CASE: 'cases',
};
const COLOUR: Record<Action, 'success' | 'default' | 'info' | 'error'> = {
  CREATE: 'success',
  MATCH: 'default',
  CHANGE: 'info',
  REJECT: 'error',
};

/**
 * 导入: the manager picks a file, sees the dry run row by row (what is created, matched, changed
 * or rejected, and why), filters the rejected rows, and confirms; the server writes all rows in
 * one transaction or none, and audits the import with the file's hash.
 */
export function ImportPage() {
  const t = useTranslate();
  const en = useLocale() === 'en';
  const [kind, setKind] = useState<Kind>('LIST');
  const [file, setFile] = useState<File | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({
    series: '',
    version: '',
    effectiveFrom: '',
    title: '',
    department: '',
    firstOffenceWindow: '',
  });
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [onlyRejected, setOnlyRejected] = useState(false);
  const [busy, setBusy] = useState(false);

  const send = async (sha256?: string) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const query = new URLSearchParams({ fileName: file.name });
      for (const [k, v] of Object.entries(fields))
        if (v.trim() && (kind === 'LIST' || k === 'effectiveFrom')) query.set(k, v.trim());
      if (sha256) query.set('sha256', sha256);
      const token = session.token();
      const res = await fetch(`/import/${ROUTE[kind]}?${query}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/octet-stream',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: file,
      });
      const body = (await res.json()) as { plan?: Plan; error?: { message: string } };
      if (!res.ok || !body.plan) {
        setError(body.error?.message ?? `HTTP ${res.status}`);
        if (!sha256) setPlan(null);
      } else setPlan(body.plan);
    } finally {
      setBusy(false);
    }
  };

  const rows = plan ? plan.rows.filter((r) => !onlyRejected || r.action === 'REJECT') : [];
  const field = (name: string, label: string, type = 'text') => (
    <TextField
      size="small"
      name={name}
      type={type}
      label={label}
      value={fields[name]}
      slotProps={type === 'date' ? { inputLabel: { shrink: true } } : undefined}
      onChange={(e) => {
        setFields({ ...fields, [name]: e.target.value });
        setPlan(null);
      }}
    />
  );
  return (
    <Box sx={{ p: 2 }}>
      <Title title={t('lawcheck.ui.import.title')} />
      <Card>
        <CardContent>
          <Stack direction="row" spacing={2} sx={{ flexWrap: 'wrap', rowGap: 2, alignItems: 'center' }}>
            <TextField
              select
              size="small"
              name="kind"
              label={t('lawcheck.ui.import.kindLabel')}
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as Kind);
                setPlan(null);
              }}
              sx={{ minWidth: 220 }}
            >
              {KINDS.map((k) => (
                <MenuItem key={k} value={k}>
                  {t(`lawcheck.ui.import.kind.${k}`)}
                </MenuItem>
              ))}
            </TextField>
            <Button variant="outlined" component="label">
              {file ? file.name : t('lawcheck.ui.import.file')}
              <input
                hidden
                type="file"
                name="file"
                accept=".xlsx,.csv,.docx,.txt"
                onChange={(e) => {
                  setFile(e.target.files?.[0] ?? null);
                  setPlan(null);
                }}
              />
            </Button>
          </Stack>
          {kind === 'LIST' && (
            <Stack direction="row" spacing={2} sx={{ mt: 2, flexWrap: 'wrap', rowGap: 2 }}>
              {field('series', t('lawcheck.ui.import.series'))}
              {field('version', t('lawcheck.ui.import.version'))}
              {field('effectiveFrom', t('lawcheck.ui.import.effectiveFrom'), 'date')}
              {field('title', t('lawcheck.ui.import.listTitle'))}
              {field('department', t('lawcheck.ui.import.department'))}
              {field('firstOffenceWindow', t('lawcheck.ui.import.window'))}
            </Stack>
          )}
          <Stack direction="row" spacing={2} sx={{ mt: 2 }}>
            <Button name="dry-run" variant="contained" disabled={!file || busy} onClick={() => void send()}>
              {t('lawcheck.ui.import.dryRun')}
            </Button>
            <Button
              name="confirm"
              variant="contained"
              color="success"
              disabled={!plan || plan.written || plan.counts.REJECT > 0 || busy}
              onClick={() => void send(plan!.sha256)}
            >
              {t('lawcheck.ui.import.confirm')}
            </Button>
          </Stack>
          {error && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {error}
            </Alert>
          )}
        </CardContent>
      </Card>
      {plan && (
        <Card sx={{ mt: 2 }}>
          <CardContent>
            <Typography variant="subtitle1" data-testid="import-summary">
              {t('lawcheck.ui.import.summary', { rows: plan.totalRows, ...plan.counts })}
            </Typography>
            <Typography variant="caption" color="text.secondary">
              {plan.fileName} · {plan.format}
              {plan.encoding ? ` · ${plan.encoding}` : ''} ·{' '}
              {t('lawcheck.ui.import.hash', { hash: plan.sha256 })}
            </Typography>
            {(en ? plan.notesEn : plan.notesZh).map((n) => (
              <Alert key={n} severity="info" sx={{ mt: 1 }}>
                {n}
              </Alert>
            ))}
            {plan.written && (
              <Alert severity="success" sx={{ mt: 1 }} data-testid="import-done">
                {t('lawcheck.ui.import.done')}
              </Alert>
            )}
            {!plan.written && plan.counts.REJECT > 0 && (
              <Alert severity="warning" sx={{ mt: 1 }}>
                {t('lawcheck.ui.import.blocked')}
              </Alert>
            )}
            <FormControlLabel
              sx={{ mt: 1 }}
              control={
                <Switch
                  name="only-rejected"
                  checked={onlyRejected}
                  onChange={(e) => setOnlyRejected(e.target.checked)}
                />
              }
              label={t('lawcheck.ui.import.onlyRejected')}
            />
            <Table size="small" data-testid="import-rows">
              <TableHead>
                <TableRow>
                  <TableCell>{t('lawcheck.ui.import.line')}</TableCell>
                  <TableCell>{t('lawcheck.ui.import.actionLabel')}</TableCell>
                  <TableCell>{t('lawcheck.ui.import.target')}</TableCell>
                  <TableCell>{t('lawcheck.ui.import.reasons')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map((r) => (
                  <TableRow key={`${r.sheet}:${r.line}`} data-action={r.action}>
                    <TableCell>
                      {r.sheet ? `${r.sheet} ` : ''}
                      {r.line}
                    </TableCell>
                    <TableCell>
                      <Chip
                        size="small"
                        color={COLOUR[r.action]}
                        label={t(`lawcheck.ui.import.action.${r.action}`)}
                      />
                    </TableCell>
                    <TableCell>{r.target}</TableCell>
                    <TableCell>{(en ? r.reasonsEn : r.reasonsZh).join('；')}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      )}
    </Box>
  );
}
