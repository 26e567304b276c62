import { useCallback, useEffect, useState } from 'react';
import {
  Box,
  Button,
  Card,
  CardContent,
  Chip,
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
import { ApiError, gql, session } from '../api';
import { PublishDialog } from './PublishDialog';

export interface Item {
  number: number;
  kind: string;
  conditions: string;
  offence: { code: string; title: string };
}
export interface ListVersion {
  id: string;
  seriesId: string;
  version: string;
  title: string;
  status: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  items: Item[];
}

export const LIST =
  'id seriesId version title status effectiveFrom effectiveTo items { number kind conditions offence { code title } }';

/** What changed between two versions, item by item (matched on the offence). */
export function compareVersions(older: Item[], newer: Item[]) {
  const byOffence = (items: Item[]) =>
    new Map(items.map((i) => [`${i.offence.code}:${i.kind === 'NO_COERCIVE_MEASURE' ? 'C' : 'P'}`, i]));
  const a = byOffence(older);
  const b = byOffence(newer);
  return {
    added: [...b.entries()].filter(([k]) => !a.has(k)).map(([, i]) => i),
    removed: [...a.entries()].filter(([k]) => !b.has(k)).map(([, i]) => i),
    changed: [...b.entries()]
      .filter(([k, i]) => a.has(k) && (a.get(k)!.kind !== i.kind || a.get(k)!.conditions !== i.conditions))
      .map(([k, i]) => ({ before: a.get(k)!, after: i })),
  };
}

/** What one version changes against another, each item with its full conditions (before → after). */
export function DiffTable({ diff }: { diff: ReturnType<typeof compareVersions> }) {
  const translate = useTranslate();
  const kind = (k: string) => translate(`lawcheck.enum.LeniencyKind.${k}`);
  return (
    <Table size="small">
      <TableHead>
        <TableRow>
          <TableCell />
          <TableCell>{translate('lawcheck.ui.offence')}</TableCell>
          <TableCell>{translate('lawcheck.ui.kind')}</TableCell>
          <TableCell>{translate('lawcheck.ui.conditions')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {diff.added.map((i) => (
          <TableRow key={`a${i.offence.code}${i.kind}`}>
            <TableCell>{translate('lawcheck.ui.diffAdded')}</TableCell>
            <TableCell>{i.offence.title}</TableCell>
            <TableCell>{kind(i.kind)}</TableCell>
            <TableCell>{i.conditions}</TableCell>
          </TableRow>
        ))}
        {diff.removed.map((i) => (
          <TableRow key={`r${i.offence.code}${i.kind}`}>
            <TableCell>{translate('lawcheck.ui.diffRemoved')}</TableCell>
            <TableCell>{i.offence.title}</TableCell>
            <TableCell>{kind(i.kind)}</TableCell>
            <TableCell sx={{ textDecoration: 'line-through' }}>{i.conditions}</TableCell>
          </TableRow>
        ))}
        {diff.changed.map((c) => (
          <TableRow key={`c${c.after.offence.code}${c.after.kind}`}>
            <TableCell>{translate('lawcheck.ui.diffChanged')}</TableCell>
            <TableCell>{c.after.offence.title}</TableCell>
            <TableCell>
              {c.before.kind !== c.after.kind
                ? `${kind(c.before.kind)} → ${kind(c.after.kind)}`
                : kind(c.after.kind)}
            </TableCell>
            <TableCell>
              {c.before.conditions === c.after.conditions ? (
                c.after.conditions
              ) : (
                <>
                  <Box component="span" sx={{ textDecoration: 'line-through', color: 'text.secondary' }}>
                    {c.before.conditions}
                  </Box>
                  {' → '}
                  {c.after.conditions}
                </>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** A list version: its items, publishing a draft, and what changed against another version. */
export function ListShow() {
  const { id } = useParams();
  const translate = useTranslate();
  const notify = useNotify();
  const [list, setList] = useState<ListVersion | null>(null);
  const [all, setAll] = useState<{ id: string; version: string }[]>([]);
  const [other, setOther] = useState<ListVersion | null>(null);
  const [confirming, setConfirming] = useState(false);
  const kind = (k: string) => translate(`lawcheck.enum.LeniencyKind.${k}`);
  const manager = ['ADMIN', 'MANAGER'].includes(session.user()?.role ?? '');

  const load = useCallback(async () => {
    const d = await gql<{ LeniencyList: ListVersion; allLeniencyLists: { id: string; version: string }[] }>(
      `query($id: ID!) { LeniencyList(id: $id) { ${LIST} } allLeniencyLists(sortField: "effectiveFrom", sortOrder: "ASC") { id version } }`,
      { id },
    );
    setList(d.LeniencyList);
    setAll(d.allLeniencyLists.filter((l) => l.id !== id));
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  if (!list) return null;

  const pick = async (otherId: string) => {
    const d = await gql<{ LeniencyList: ListVersion }>(
      `query($id: ID!) { LeniencyList(id: $id) { ${LIST} } }`,
      { id: otherId },
    );
    setOther(d.LeniencyList);
  };
  const publish = async () => {
    try {
      await gql('mutation($id: ID!) { publishLeniencyList(id: $id) { id } }', { id: list.id });
      notify(translate('lawcheck.ui.published'), { type: 'success' });
      setConfirming(false);
      await load();
    } catch (e) {
      notify(e instanceof ApiError ? e.message : String(e), { type: 'error' });
    }
  };
  const diff = other
    ? other.effectiveFrom <= list.effectiveFrom
      ? compareVersions(other.items, list.items)
      : compareVersions(list.items, other.items)
    : null;
  const [from, to] = other
    ? other.effectiveFrom <= list.effectiveFrom
      ? [other, list]
      : [list, other]
    : [null, null];

  return (
    <Box sx={{ p: 2 }}>
      <Title title={`${list.title}`} />
      <Card sx={{ mb: 2 }}>
        <CardContent>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Typography variant="h5">{list.title}</Typography>
            <Chip
              data-testid="list-status"
              label={translate(`lawcheck.enum.ListStatus.${list.status}`)}
              color={list.status === 'PUBLISHED' ? 'success' : 'default'}
            />
          </Stack>
          <Typography variant="body2">
            {translate('lawcheck.ui.listMeta', {
              version: list.version,
              from: list.effectiveFrom,
              to: list.effectiveTo ? translate('lawcheck.ui.listUntil', { date: list.effectiveTo }) : '',
              count: list.items.length,
            })}
          </Typography>
          <Stack direction="row" spacing={2} sx={{ mt: 2 }}>
            {manager && list.status === 'DRAFT' && (
              <Button variant="contained" name="publish" onClick={() => setConfirming(true)}>
                {translate('lawcheck.ui.publish')}
              </Button>
            )}
            <TextField
              select
              size="small"
              sx={{ minWidth: 200 }}
              name="compare"
              label={translate('lawcheck.ui.compareWith')}
              value={other?.id ?? ''}
              onChange={(e) => void pick(e.target.value)}
            >
              {all.map((l) => (
                <MenuItem key={l.id} value={l.id}>
                  {translate('lawcheck.ui.versionName', { version: l.version })}
                </MenuItem>
              ))}
            </TextField>
          </Stack>
        </CardContent>
      </Card>
      {confirming && (
        <PublishDialog list={list} onCancel={() => setConfirming(false)} onConfirm={() => void publish()} />
      )}
      {diff && from && to && (
        <Card sx={{ mb: 2 }} data-testid="diff">
          <CardContent>
            <Typography variant="h6">
              {translate('lawcheck.ui.diffTitle', {
                from: from.version,
                to: to.version,
                added: diff.added.length,
                removed: diff.removed.length,
                changed: diff.changed.length,
              })}
            </Typography>
            <DiffTable diff={diff} />
          </CardContent>
        </Card>
      )}
      <Card>
        <CardContent>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{translate('lawcheck.ui.number')}</TableCell>
                <TableCell>{translate('lawcheck.ui.offence')}</TableCell>
                <TableCell>{translate('lawcheck.ui.kind')}</TableCell>
                <TableCell>{translate('lawcheck.ui.conditions')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {list.items.map((i) => (
                <TableRow key={i.number}>
                  <TableCell>{i.number}</TableCell>
                  <TableCell>{i.offence.title}</TableCell>
                  <TableCell>{kind(i.kind)}</TableCell>
                  <TableCell>{i.conditions}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
    </Box>
  );
}
