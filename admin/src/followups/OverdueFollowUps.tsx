import { useEffect, useState } from 'react';
import { Card, CardContent, Link, List, ListItem, ListItemText, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { gql } from '../api';
import { todayIso } from '../format';

interface Visit {
  id: string;
  dueDate: string;
  correctionDeadline: string;
  penaltyCaseId: string;
  penaltyCase: { caseNumber: string; enterprise: { name: string } | null } | null;
}

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000);

/**
 * 回访 overdue: visits of lenient decisions still pending after their date, the oldest first,
 * as far as the reader may see them (an officer: their department's). A card for a home page:
 * each line opens the visit to record its result; the title opens the filtered list.
 */
export function OverdueFollowUps({ limit = 10 }: { limit?: number }) {
  const translate = useTranslate();
  const [visits, setVisits] = useState<Visit[] | null>(null);
  const [count, setCount] = useState(0);
  const today = todayIso();
  useEffect(() => {
    let live = true;
    gql<{ allFollowUpVisits: Visit[]; _allFollowUpVisitsMeta: { count: number } }>(
      `query($f: FollowUpVisitFilter, $n: Int) {
        allFollowUpVisits(filter: $f, perPage: $n, sortField: "dueDate", sortOrder: "ASC") {
          id dueDate correctionDeadline penaltyCaseId penaltyCase { caseNumber enterprise { name } } }
        _allFollowUpVisitsMeta(filter: $f) { count } }`,
      { f: { result: 'PENDING', dueDate_lt: today }, n: limit },
    ).then(
      (d) => {
        if (!live) return;
        setVisits(d.allFollowUpVisits);
        setCount(d._allFollowUpVisitsMeta.count);
      },
      () => live && setVisits([]),
    );
    return () => {
      live = false;
    };
  }, [limit, today]);
  const listLink = `#/FollowUpVisit?filter=${encodeURIComponent(JSON.stringify({ result: 'PENDING', dueDate_lte: today }))}`;
  return (
    <Card data-testid="overdue-follow-ups">
      <CardContent>
        <Typography variant="h6">
          <Link href={listLink} underline="hover">
            {translate('lawcheck.followUp.overdue')}
            {count ? `（${count}）` : ''}
          </Link>
        </Typography>
        {visits && !visits.length && (
          <Typography variant="body2" color="text.secondary">
            {translate('lawcheck.followUp.none')}
          </Typography>
        )}
        <List dense>
          {(visits ?? []).map((v) => (
            <ListItem key={v.id} component="a" href={`#/FollowUpVisit/${v.id}`} divider>
              <ListItemText
                primary={`${v.penaltyCase?.caseNumber ?? v.penaltyCaseId} · ${v.penaltyCase?.enterprise?.name ?? ''}`}
                secondary={`${translate('resources.FollowUpVisit.fields.dueDate')} ${v.dueDate} · ${translate(
                  'lawcheck.followUp.daysLate',
                  { days: daysBetween(v.dueDate, today) },
                )}`}
              />
            </ListItem>
          ))}
        </List>
      </CardContent>
    </Card>
  );
}
