import { lazy, Suspense } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import {
  Card,
  CardContent,
  Grid,
  Link,
  List,
  ListItemButton,
  ListItemText,
  Stack,
  Typography,
} from '@mui/material';
import { Loading, Title, useGetList, useTranslate } from 'react-admin';
import { session, type CurrentUser } from '../api';
import type { Row } from '../common/fields';
import { CasesInReview } from '../cases/CasesInReview';
import { OverdueFollowUps } from '../followups/OverdueFollowUps';
import { PENDING_CARDS, type PendingCard } from './pending';

// Charts (recharts) load only for the roles whose home draws them.
const Statistics = lazy(async () => ({ default: (await import('./Statistics')).Statistics }));

const listUrl = (resource: string, filter: Record<string, unknown>) =>
  `/${resource}?filter=${encodeURIComponent(JSON.stringify(filter))}`;

function PendingWork({ card, user }: { card: PendingCard; user: CurrentUser }) {
  const translate = useTranslate();
  const filter = card.filter(user);
  const { data, total, isPending } = useGetList<Row>(card.resource, {
    filter,
    sort: card.sort,
    pagination: { page: 1, perPage: 5 },
  });
  return (
    <Grid size={{ xs: 12, md: 6, lg: 4 }}>
      <Card data-testid={`pending-${card.id}`}>
        <CardContent>
          <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'baseline' }}>
            <Typography variant="subtitle1">{translate(card.title)}</Typography>
            <Link component={RouterLink} to={listUrl(card.resource, filter)} data-testid="pending-count">
              {isPending ? '…' : String(total ?? 0)}
            </Link>
          </Stack>
          {!isPending && !data?.length && (
            <Typography variant="body2" color="text.secondary">
              {translate('lawcheck.home.nothing')}
            </Typography>
          )}
          <List dense disablePadding>
            {(data ?? []).map((r) => (
              <ListItemButton
                key={r.id}
                component={RouterLink}
                to={card.link?.(r) ?? `/${card.resource}/${r.id}/show`}
              >
                <ListItemText
                  primary={card.line(r)}
                  secondary={card.secondary?.(r)}
                  slotProps={{ secondary: { component: 'div' } }}
                />
              </ListItemButton>
            ))}
          </List>
        </CardContent>
      </Card>
    </Grid>
  );
}

/** The home page: the work waiting for this person, then (for staff) the figures. */
export function Home() {
  const translate = useTranslate();
  const user = session.user();
  if (!user) return null;
  const cards = PENDING_CARDS.filter((c) => c.roles.includes(user.role));
  return (
    <Stack spacing={2} sx={{ p: 1 }}>
      <Title title={translate('lawcheck.title')} />
      <Typography variant="h5">
        {translate('lawcheck.dashboard.welcome', { name: user.displayName })}
      </Typography>
      {cards.length > 0 && (
        <Grid container spacing={2} data-testid="pending-work">
          {cards.map((c) => (
            <PendingWork key={c.id} card={c} user={user} />
          ))}
        </Grid>
      )}
      {/* 法制审核: the cases waiting for this reviewer. */}
      {(user.role === 'REVIEWER' || user.role === 'ADMIN') && <CasesInReview />}
      {/* 回访: follow-up visits past their date. */}
      {(user.role === 'OFFICER' || user.role === 'MANAGER' || user.role === 'ADMIN') && <OverdueFollowUps />}
      {user.role !== 'LAWYER' && (
        <Suspense fallback={<Loading />}>
          <Statistics />
        </Suspense>
      )}
    </Stack>
  );
}
