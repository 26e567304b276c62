import { useEffect, useState } from 'react';
import {
  Card,
  CardContent,
  Grid,
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
import { Title, useTranslate } from 'react-admin';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { gql, session } from './api';
import { OverdueFollowUps } from './followups/OverdueFollowUps';
import { todayIso, yuan } from './format';
import { CasesInReview } from './cases/CasesInReview';

interface Row {
  keys: string[];
  labels: string[];
  cases: number;
  lenientCases: number;
  fines: number;
  relief: number;
}
type Totals = Omit<Row, 'keys' | 'labels'>;
interface Figures {
  all: { totals: Totals };
  year: { totals: Totals };
  month: { totals: Totals };
  trend: { groups: Row[] };
  departments: { groups: Row[] };
  districts: { groups: Row[] };
  kinds: { groups: Row[] };
  offences: { groups: Row[] };
}

const ROW = 'keys labels cases lenientCases fines relief';
const TOTALS = 'totals { cases lenientCases fines relief }';

/** Every figure comes from leniencyStats (never summed in the browser); officers see their department's. */
export function Dashboard() {
  const translate = useTranslate();
  const user = session.user();
  const [filter, setFilter] = useState<{ departmentId: string; districtId: string }>({
    departmentId: '',
    districtId: '',
  });
  const [options, setOptions] = useState<{
    departments: { id: string; name: string }[];
    districts: { id: string; name: string }[];
  }>({
    departments: [],
    districts: [],
  });
  const [figures, setFigures] = useState<Figures | null>(null);
  const staff = user?.role !== 'LAWYER';

  useEffect(() => {
    if (!staff) return;
    void gql<{
      allDepartments: { id: string; name: string }[];
      allDistricts: { id: string; name: string }[];
    }>('{ allDepartments(perPage: 100) { id name } allDistricts(perPage: 100) { id name } }').then((d) =>
      setOptions({ departments: d.allDepartments, districts: d.allDistricts }),
    );
  }, [staff]);

  useEffect(() => {
    if (!staff) return;
    const today = todayIso();
    const base = { departmentId: filter.departmentId || null, districtId: filter.districtId || null };
    const monthStart = `${today.slice(0, 7)}-01`;
    const yearStart = `${today.slice(0, 4)}-01-01`;
    const trendStart = `${String(Number(today.slice(0, 4)) - 2)}-${today.slice(5, 7)}-01`;
    void gql<Figures>(
      `query($f: StatsFilter, $m: StatsFilter, $y: StatsFilter, $t: StatsFilter) {
        all: leniencyStats(filter: $f) { ${TOTALS} }
        year: leniencyStats(filter: $y) { ${TOTALS} }
        month: leniencyStats(filter: $m) { ${TOTALS} }
        trend: leniencyStats(filter: $t, groupBy: [MONTH]) { groups { ${ROW} } }
        departments: leniencyStats(filter: $f, groupBy: [DEPARTMENT]) { groups { ${ROW} } }
        districts: leniencyStats(filter: $f, groupBy: [DISTRICT]) { groups { ${ROW} } }
        kinds: leniencyStats(filter: $f, groupBy: [KIND]) { groups { ${ROW} } }
        offences: leniencyStats(filter: $f, groupBy: [OFFENCE]) { groups { ${ROW} } }
      }`,
      {
        f: base,
        m: { ...base, from: monthStart },
        y: { ...base, from: yearStart },
        t: { ...base, from: trendStart },
      },
    ).then(setFigures);
  }, [staff, filter]);

  const card = (label: string, value: string, testid: string) => (
    <Grid key={label} size={{ xs: 12, sm: 6, md: 3 }}>
      <Card>
        <CardContent>
          <Typography color="text.secondary">{label}</Typography>
          <Typography variant="h5" data-testid={testid}>
            {value}
          </Typography>
        </CardContent>
      </Card>
    </Grid>
  );
  const share = (t: Totals) => (t.cases ? `${((100 * t.lenientCases) / t.cases).toFixed(1)}%` : '—');
  const period = (name: string, t: Totals, prefix: string) => (
    <Grid key={name} size={12}>
      <Typography variant="subtitle1" sx={{ mt: 1 }}>
        {name}
      </Typography>
      <Grid container spacing={2}>
        {card(translate('lawcheck.dashboard.cases'), t.cases.toLocaleString('zh-CN'), `${prefix}cases`)}
        {card(
          translate('lawcheck.dashboard.lenient'),
          `${t.lenientCases.toLocaleString('zh-CN')}（${share(t)}）`,
          `${prefix}lenient`,
        )}
        {card(translate('lawcheck.dashboard.fines'), yuan(t.fines), `${prefix}fines`)}
        {card(translate('lawcheck.dashboard.relief'), yuan(t.relief), `${prefix}relief`)}
      </Grid>
    </Grid>
  );
  const bars = (title: string, rows: Row[]) => (
    <Grid size={{ xs: 12, md: 6 }}>
      <Card>
        <CardContent>
          <Typography variant="subtitle1">{title}</Typography>
          <ResponsiveContainer width="100%" height={260}>
            <BarChart
              data={rows.map((r) => ({ name: r.labels[0], cases: r.cases, lenient: r.lenientCases }))}
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis
                dataKey="name"
                interval={0}
                angle={-30}
                textAnchor="end"
                height={70}
                tick={{ fontSize: 11 }}
              />
              <YAxis />
              <Tooltip />
              <Legend />
              <Bar
                dataKey="cases"
                name={translate('lawcheck.ui.cases')}
                fill="#1f3a5f"
                isAnimationActive={false}
              />
              <Bar
                dataKey="lenient"
                name={translate('lawcheck.ui.lenient')}
                fill="#3a8a3a"
                isAnimationActive={false}
              />
            </BarChart>
          </ResponsiveContainer>
        </CardContent>
      </Card>
    </Grid>
  );

  return (
    <Stack spacing={2} sx={{ p: 1 }}>
      <Title title={translate('lawcheck.title')} />
      <Typography variant="h5">
        {translate('lawcheck.dashboard.welcome', { name: user?.displayName ?? '' })}
      </Typography>
      {(user?.role === 'OFFICER' || user?.role === 'MANAGER' || user?.role === 'ADMIN') && (
        <OverdueFollowUps />
      )}
      {/* The reviewer's pending work (法制审核); the home-page framework places it among the others. */}
      {(user?.role === 'REVIEWER' || user?.role === 'ADMIN') && <CasesInReview />}
      {staff && (
        <Stack direction="row" spacing={2}>
          {user?.role !== 'OFFICER' && user?.role !== 'REVIEWER' && (
            <TextField
              select
              size="small"
              sx={{ minWidth: 200 }}
              label={translate('lawcheck.ui.department')}
              value={filter.departmentId}
              onChange={(e) => setFilter({ ...filter, departmentId: e.target.value })}
            >
              <MenuItem value="">{translate('lawcheck.ui.all')}</MenuItem>
              {options.departments.map((d) => (
                <MenuItem key={d.id} value={d.id}>
                  {d.name}
                </MenuItem>
              ))}
            </TextField>
          )}
          <TextField
            select
            size="small"
            sx={{ minWidth: 200 }}
            label={translate('lawcheck.ui.district')}
            value={filter.districtId}
            onChange={(e) => setFilter({ ...filter, districtId: e.target.value })}
          >
            <MenuItem value="">{translate('lawcheck.ui.all')}</MenuItem>
            {options.districts.map((d) => (
              <MenuItem key={d.id} value={d.id}>
                {d.name}
              </MenuItem>
            ))}
          </TextField>
        </Stack>
      )}
      {figures && (
        <Grid container spacing={2}>
          {period(translate('lawcheck.ui.thisMonth'), figures.month.totals, 'month-')}
          {period(translate('lawcheck.ui.thisYear'), figures.year.totals, 'year-')}
          {period(translate('lawcheck.ui.allTime'), figures.all.totals, 'all-')}
          <Grid size={12}>
            <Card>
              <CardContent>
                <Typography variant="subtitle1">{translate('lawcheck.ui.trend')}</Typography>
                <ResponsiveContainer width="100%" height={280}>
                  <LineChart
                    data={figures.trend.groups.map((r) => ({
                      month: r.keys[0],
                      cases: r.cases,
                      lenient: r.lenientCases,
                    }))}
                  >
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="month" />
                    <YAxis />
                    <Tooltip />
                    <Legend />
                    <Line
                      type="monotone"
                      dataKey="cases"
                      name={translate('lawcheck.ui.cases')}
                      stroke="#1f3a5f"
                      isAnimationActive={false}
                    />
                    <Line
                      type="monotone"
                      dataKey="lenient"
                      name={translate('lawcheck.ui.lenient')}
                      stroke="#3a8a3a"
                      isAnimationActive={false}
                    />
                  </LineChart>
                </ResponsiveContainer>
              </CardContent>
            </Card>
          </Grid>
          {bars(translate('lawcheck.ui.byDepartment'), figures.departments.groups)}
          {bars(translate('lawcheck.ui.byDistrict'), figures.districts.groups)}
          {bars(translate('lawcheck.ui.byKind'), figures.kinds.groups)}
          <Grid size={{ xs: 12, md: 6 }}>
            <Card>
              <CardContent>
                <Typography variant="subtitle1">{translate('lawcheck.ui.topOffences')}</Typography>
                <Table size="small" data-testid="top-offences">
                  <TableHead>
                    <TableRow>
                      <TableCell>{translate('lawcheck.ui.offence')}</TableCell>
                      <TableCell align="right">{translate('lawcheck.ui.cases')}</TableCell>
                      <TableCell align="right">{translate('lawcheck.ui.lenient')}</TableCell>
                      <TableCell align="right">{translate('lawcheck.ui.fines')}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {figures.offences.groups.slice(0, 10).map((r) => (
                      <TableRow key={r.keys[0]}>
                        <TableCell>{r.labels[0]}</TableCell>
                        <TableCell align="right">{r.cases}</TableCell>
                        <TableCell align="right">{r.lenientCases}</TableCell>
                        <TableCell align="right">{yuan(r.fines)}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </CardContent>
            </Card>
          </Grid>
        </Grid>
      )}
    </Stack>
  );
}
