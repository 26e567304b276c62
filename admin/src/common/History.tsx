import { useGetList, usePermissions, useRecordContext, useTranslate } from 'react-admin';
import { Box, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { RESOURCES } from '../resources';
import { text, type Role, type Row } from './fields';
import { cityTime } from './FieldView';

type Translate = ReturnType<typeof useTranslate>;

/** One recorded value in words: enum values by their label, yes/no, (空) for nothing. */
function valueText(translate: Translate, entityType: string, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return translate('lawcheck.ui.empty');
  if (typeof value === 'boolean') return translate(value ? 'lawcheck.ui.yes' : 'lawcheck.ui.no');
  const def = RESOURCES.find((r) => r.name === entityType)?.fields.find(
    (f) => f.source === field || f.source === `${field}Id`,
  );
  const word = (v: unknown) =>
    def?.enum ? translate(`lawcheck.enum.${def.enum}.${String(v)}`, { _: String(v) }) : String(v);
  if (Array.isArray(value)) return value.length ? value.map(word).join('、') : translate('lawcheck.ui.empty');
  if (typeof value === 'object') {
    // A fine range as a decision records it: 500–5000 元, or multiples of their basis.
    const r = value as { min?: unknown; max?: unknown; unit?: unknown };
    if ('min' in r && 'max' in r)
      return `${text(r.min)}–${text(r.max)}${r.unit ? ` ${translate(`lawcheck.enum.FineUnit.${text(r.unit)}`, { _: text(r.unit) })}` : ''}`;
    return JSON.stringify(value);
  }
  return word(value);
}

/** The lines of an audit entry's changes: "字段：之前 →之后" for a change, "字段：值" for a record made or removed. */
export function changeLines(
  translate: Translate,
  entityType: string,
  raw: string | null | undefined,
): string[] {
  if (!raw) return [];
  let changes: unknown;
  try {
    changes = JSON.parse(raw);
  } catch {
    return [raw];
  }
  if (!changes || typeof changes !== 'object') return [String(changes)];
  const label = (field: string) =>
    translate(`resources.${entityType}.fields.${field}`, {
      _: translate(`resources.${entityType}.fields.${field}Id`, { _: field }),
    });
  const lines: string[] = [];
  for (const [field, value] of Object.entries(changes as Record<string, unknown>)) {
    if (
      (field === 'after' || field === 'before') &&
      value &&
      typeof value === 'object' &&
      !Array.isArray(value)
    ) {
      for (const [f, v] of Object.entries(value as Record<string, unknown>))
        if (v !== null && v !== undefined && v !== '' && !['id', 'createdAt', 'updatedAt'].includes(f))
          lines.push(`${label(f)}：${valueText(translate, entityType, f, v)}`);
    } else if (Array.isArray(value) && value.length === 2) {
      lines.push(
        `${label(field)}：${valueText(translate, entityType, field, value[0])} → ${valueText(translate, entityType, field, value[1])}`,
      );
    } else lines.push(`${label(field)}：${valueText(translate, entityType, field, value)}`);
  }
  return lines;
}

/** An AuditEntry's changes, in words. */
export function ChangesView() {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  const lines = changeLines(translate, String(record.entityType), record.changes as string | null);
  return (
    <Box data-testid="changes">
      {lines.map((l, i) => (
        <Typography key={i} variant="body2">
          {l}
        </Typography>
      ))}
    </Box>
  );
}

/** Who changed this record, when, and how: its audit entries, newest first (staff only, as the trail is). */
export function RecordHistory({ resource }: { resource: string }) {
  const record = useRecordContext();
  const translate = useTranslate();
  const { permissions } = usePermissions<Role>();
  const staff = permissions === 'ADMIN' || permissions === 'MANAGER';
  const { data, isPending } = useGetList<Row>(
    'AuditEntry',
    {
      filter: { entityType: resource, entityId: String(record?.id ?? '') },
      sort: { field: 'at', order: 'DESC' },
      pagination: { page: 1, perPage: 100 },
    },
    { enabled: Boolean(record && staff) },
  );
  if (!record || !staff) return null;
  if (isPending) return null;
  if (!data?.length) return <Typography variant="body2">{translate('lawcheck.ui.noHistory')}</Typography>;
  return (
    <Table size="small" data-testid="history">
      <TableHead>
        <TableRow>
          <TableCell>{translate('resources.AuditEntry.fields.at')}</TableCell>
          <TableCell>{translate('resources.AuditEntry.fields.username')}</TableCell>
          <TableCell>{translate('resources.AuditEntry.fields.action')}</TableCell>
          <TableCell>{translate('resources.AuditEntry.fields.changes')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {data.map((e) => (
          <TableRow key={e.id}>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{cityTime(text(e.at))}</TableCell>
            <TableCell>{text(e.username)}</TableCell>
            <TableCell>{translate(`lawcheck.ui.action.${text(e.action)}`, { _: text(e.action) })}</TableCell>
            <TableCell>
              {changeLines(translate, resource, text(e.changes)).map((l, i) => (
                <div key={i}>{l}</div>
              ))}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
