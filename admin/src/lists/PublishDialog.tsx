import { useEffect, useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { ListStatus } from '../../../server/domain/enums';
import { InvalidInput } from '../../../server/domain/errors';
import { publishPlan, type ListVersion as PlanVersion } from '../../../server/domain/lists';
import { gql } from '../api';
import { i18nProvider } from '../i18n';
import { DiffTable, LIST, compareVersions, type ListVersion } from './ListShow';

const asPlan = (l: ListVersion): PlanVersion => ({
  id: Number(l.id),
  seriesId: Number(l.seriesId),
  seriesName: '',
  version: l.version,
  title: l.title,
  effectiveFrom: l.effectiveFrom,
  effectiveTo: l.effectiveTo,
  status: l.status as ListStatus,
});

interface Preview {
  /** The versions publishing ends, with the day each then ends. */
  ends: { list: ListVersion; effectiveTo: string }[];
  /** The version this one is compared with: the one it ends, else the latest published before it. */
  previous: ListVersion | null;
  /** Why publishing would be refused (dates that would cut another version back). */
  refusal: string | null;
}

/**
 * Publishing asks first (issue #13 §5): which version of the series it ends and from when, the
 * full diff of items and conditions against that version, and, where this version's dates would
 * cut a published one back, the refusal instead of a button. The plan is the server's own rule
 * (server/domain/lists.ts publishPlan), run here on the series' versions; the server decides again.
 */
export function PublishDialog({
  list,
  onCancel,
  onConfirm,
}: {
  list: ListVersion;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const translate = useTranslate();
  const [preview, setPreview] = useState<Preview | null>(null);

  useEffect(() => {
    void (async () => {
      const d = await gql<{ allLeniencyLists: ListVersion[] }>(
        `query($s: ID) { allLeniencyLists(filter: { seriesId: $s }, perPage: 100) { ${LIST} } }`,
        { s: list.seriesId },
      );
      const series = d.allLeniencyLists;
      let ends: Preview['ends'] = [];
      let refusal: string | null = null;
      try {
        ends = publishPlan(series.map(asPlan), asPlan(list)).end.map((e) => ({
          list: series.find((l) => Number(l.id) === e.id)!,
          effectiveTo: e.effectiveTo,
        }));
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        refusal = i18nProvider.getLocale() === 'en' ? e.en : e.zh;
      }
      const published = series
        .filter((l) => l.status === 'PUBLISHED' && l.effectiveFrom < list.effectiveFrom)
        .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom));
      setPreview({ ends, previous: ends[0]?.list ?? published[0] ?? null, refusal });
    })();
  }, [list]);

  const diff = preview?.previous ? compareVersions(preview.previous.items, list.items) : null;
  return (
    <Dialog open onClose={onCancel} maxWidth="md" fullWidth data-testid="publish-dialog">
      <DialogTitle>
        {translate('lawcheck.ui.publishTitle', { version: list.version, from: list.effectiveFrom })}
      </DialogTitle>
      <DialogContent>
        {preview?.refusal && (
          <Alert severity="error" data-testid="publish-refusal">
            {preview.refusal}
          </Alert>
        )}
        {preview && !preview.refusal && (
          <Typography variant="body1" data-testid="publish-ends" sx={{ mb: 1 }}>
            {preview.ends.length
              ? preview.ends
                  .map((e) =>
                    translate('lawcheck.ui.publishEnds', {
                      version: e.list.version,
                      from: e.list.effectiveFrom,
                      to: e.effectiveTo,
                    }),
                  )
                  .join(' ')
              : translate('lawcheck.ui.publishEndsNothing')}
          </Typography>
        )}
        {diff && preview?.previous && (
          <>
            <Typography variant="subtitle1" sx={{ mt: 1 }}>
              {translate('lawcheck.ui.diffTitle', {
                from: preview.previous.version,
                to: list.version,
                added: diff.added.length,
                removed: diff.removed.length,
                changed: diff.changed.length,
              })}
            </Typography>
            <DiffTable diff={diff} />
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>{translate('lawcheck.ui.cancel')}</Button>
        <Button
          variant="contained"
          color="warning"
          name="confirm-publish"
          disabled={!preview || Boolean(preview.refusal)}
          onClick={onConfirm}
        >
          {translate('lawcheck.ui.publishConfirm', { version: list.version })}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
