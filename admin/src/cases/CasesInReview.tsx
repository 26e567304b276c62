import { Card, CardContent, List, ListItemButton, ListItemText, Typography } from '@mui/material';
import { useCreatePath, useGetList, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';

interface InReview {
  id: string;
  caseNumber: string;
  reviewTriggers?: string[];
}

/**
 * The reviewer's pending work: the cases waiting for 法制审核 that they may see (their
 * department's), oldest submission first, each linking to the case. A card for a home page.
 */
export function CasesInReview({ perPage = 10 }: { perPage?: number }) {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { data, total, isPending } = useGetList<InReview>('PenaltyCase', {
    filter: { status: 'IN_REVIEW' },
    sort: { field: 'submittedAt', order: 'ASC' },
    pagination: { page: 1, perPage },
  });
  return (
    <Card data-testid="cases-in-review">
      <CardContent>
        <Typography variant="h6">
          {translate('lawcheck.ui.casesInReview', { count: isPending ? '…' : (total ?? 0) })}
        </Typography>
        {!isPending && !data?.length && (
          <Typography variant="body2" color="text.secondary">
            {translate('lawcheck.ui.noCasesInReview')}
          </Typography>
        )}
        <List dense>
          {(data ?? []).map((c) => (
            <ListItemButton
              key={c.id}
              component={Link}
              to={createPath({ resource: 'PenaltyCase', id: c.id, type: 'show' })}
            >
              <ListItemText
                primary={c.caseNumber}
                secondary={(c.reviewTriggers ?? [])
                  .map((t) => translate(`lawcheck.enum.ReviewTrigger.${t}`))
                  .join('、')}
              />
            </ListItemButton>
          ))}
        </List>
      </CardContent>
    </Card>
  );
}
