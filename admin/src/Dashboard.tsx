import { useEffect, useState } from 'react';
import { Card, CardContent, Grid, Typography } from '@mui/material';
import { Title, useTranslate } from 'react-admin';
import { gql, session } from './api';

interface Totals {
  cases: number;
  lenientCases: number;
  fines: number;
  relief: number;
}

const yuan = (v: number) => new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' }).format(v);

/** Figures from leniencyStats (never summed in the browser); officers see their department's. */
export function Dashboard() {
  const translate = useTranslate();
  const user = session.user();
  const [totals, setTotals] = useState<Totals | null>(null);
  useEffect(() => {
    if (user?.role === 'LAWYER') return;
    gql<{ leniencyStats: { totals: Totals } }>(
      '{ leniencyStats { totals { cases lenientCases fines relief } } }',
    )
      .then((d) => setTotals(d.leniencyStats.totals))
      .catch(() => setTotals(null));
  }, [user?.role]);
  const cards: [string, string][] = totals
    ? [
        [translate('lawcheck.dashboard.cases'), totals.cases.toLocaleString('zh-CN')],
        [
          translate('lawcheck.dashboard.lenient'),
          `${totals.lenientCases.toLocaleString('zh-CN')}（${totals.cases ? ((100 * totals.lenientCases) / totals.cases).toFixed(1) : '0.0'}%）`,
        ],
        [translate('lawcheck.dashboard.fines'), yuan(totals.fines)],
        [translate('lawcheck.dashboard.relief'), yuan(totals.relief)],
      ]
    : [];
  return (
    <>
      <Title title={translate('lawcheck.title')} />
      <Typography variant="h5" sx={{ my: 2 }}>
        {translate('lawcheck.dashboard.welcome', { name: user?.displayName ?? '' })}
      </Typography>
      <Grid container spacing={2}>
        {cards.map(([label, value]) => (
          <Grid key={label} size={{ xs: 12, sm: 6, md: 3 }}>
            <Card>
              <CardContent>
                <Typography color="text.secondary">{label}</Typography>
                <Typography variant="h5" data-testid={`card-${label}`}>
                  {value}
                </Typography>
              </CardContent>
            </Card>
          </Grid>
        ))}
      </Grid>
    </>
  );
}
