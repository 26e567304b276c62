import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { openDatabase, parseDatabaseUrl } from '../server/db/orm';
import { sqlRows } from '../server/db/sql';
import { CASE_MEASURES_SQL, COUNTED_CASES_SQL, monthSql } from '../server/db/case-stats';
import { LENIENT_CASE_SQL } from '../server/db/enterprise-sets';
import { loginToken, post, startServerProcess } from './support';
import { VOLUME_OPTIONS, ensureVolume } from './volume';

/*
 * The manager's dashboard at city scale: each query timed through the API (GraphQL round trip
 * included) and as the equivalent plain GROUP BY over the cases table on the same database,
 * side by side, with their ratio. Also the import time of the cases and the server's peak RSS.
 *   npm run bench -- stats [--cases N] [--enterprises M] [--runs R] [--database URL]
 */
const DASHBOARD: {
  name: string;
  filter: Record<string, string> | null;
  groupBy: string[];
  where: string;
  group: string[];
  /** Also distinct enterprises (all, and of lenient cases): the query the dashboard's 受益企业 needs. */
  enterprises?: boolean;
}[] = [
  { name: 'totals, all time', filter: null, groupBy: [], where: '', group: [] },
  { name: 'by department', filter: null, groupBy: ['DEPARTMENT'], where: '', group: ['c.department_id'] },
  {
    name: 'by month, two years',
    filter: { from: '2024-12-01', to: '2026-11-30' },
    groupBy: ['MONTH'],
    where: "and c.decision_date >= '2024-12-01' and c.decision_date <= '2026-11-30'",
    group: ['MONTH'],
  },
  {
    name: 'by district × kind',
    filter: null,
    groupBy: ['DISTRICT', 'KIND'],
    where: '',
    group: ['c.district_id', "coalesce(i.kind, '')"],
  },
  { name: 'enterprises, all time', filter: null, groupBy: [], where: '', group: [], enterprises: true },
  {
    name: 'enterprises by dept, 2 y',
    filter: { from: '2024-12-01', to: '2026-11-30' },
    groupBy: ['DEPARTMENT'],
    where: "and c.decision_date >= '2024-12-01' and c.decision_date <= '2026-11-30'",
    group: ['c.department_id'],
    enterprises: true,
  },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: { ...VOLUME_OPTIONS, runs: { type: 'string', default: '15' } },
  });
  const runs = Number(values.runs);
  const volume = await ensureVolume(values.database, {
    cases: Number(values.cases),
    enterprises: Number(values.enterprises),
  });
  const target = parseDatabaseUrl(values.database);
  const month = monthSql(target.dialect);

  const server = await startServerProcess(values.database);
  const orm = await openDatabase(target);
  try {
    const token = await loginToken(server.port, 'manager');
    const em = orm.em.fork();
    const rows: string[][] = [];
    for (const q of DASHBOARD) {
      const body = JSON.stringify({
        query: `query($f: StatsFilter, $g: [StatsDimension!]) { leniencyStats(filter: $f, groupBy: $g) {
          totals { cases lenientCases fines relief${q.enterprises ? ' enterprises lenientEnterprises' : ''} }
          groups { keys labels cases lenientCases fines relief${q.enterprises ? ' enterprises lenientEnterprises' : ''} } } }`,
        variables: { f: q.filter, g: q.groupBy },
      });
      const group = q.group.map((g) => (g === 'MONTH' ? month : g));
      const distinct = q.enterprises
        ? [
            'count(distinct c.enterprise_id) as enterprises',
            `count(distinct case when ${LENIENT_CASE_SQL} then c.enterprise_id end) as lenient_enterprises`,
          ]
        : [];
      const sql = `select ${[...group, CASE_MEASURES_SQL, ...distinct].join(', ')}
        from penalty_case c left join leniency_item i on i.id = c.item_id
        where ${COUNTED_CASES_SQL} ${q.where}${group.length ? ` group by ${group.join(', ')}` : ''}`;
      const api: number[] = [];
      const raw: number[] = [];
      let apiCases = 0;
      let rawCases = 0;
      let apiEnterprises = 0;
      let rawEnterprises = 0;
      for (let i = 0; i < runs + 1; i++) {
        let t0 = process.hrtime.bigint();
        const res = await post(server.port, body, token);
        const apiMs = Number(process.hrtime.bigint() - t0) / 1e6;
        const parsed = JSON.parse(res.text) as {
          data?: {
            leniencyStats: {
              totals: { cases: number; enterprises?: number };
              groups: { enterprises?: number }[];
            };
          };
          errors?: unknown;
        };
        if (!parsed.data) throw new Error(`${q.name}: ${res.text.slice(0, 300)}`);
        apiCases = parsed.data.leniencyStats.totals.cases;
        // Distinct enterprises of each group, added up (totals alone when there are no groups).
        const { totals, groups } = parsed.data.leniencyStats;
        apiEnterprises = q.group.length
          ? groups.reduce((s, g) => s + (g.enterprises ?? 0), 0)
          : (totals.enterprises ?? 0);
        t0 = process.hrtime.bigint();
        const result = await sqlRows<{ cases: number | string; enterprises?: number | string }>(em, sql);
        const rawMs = Number(process.hrtime.bigint() - t0) / 1e6;
        rawCases = result.reduce((s, r) => s + Number(r.cases), 0);
        rawEnterprises = result.reduce((s, r) => s + Number(r.enterprises ?? 0), 0);
        if (i > 0) {
          // the first run of each warms caches and is not counted
          api.push(apiMs);
          raw.push(rawMs);
        }
      }
      if (apiEnterprises !== rawEnterprises)
        throw new Error(
          `${q.name}: the API counts ${apiEnterprises} enterprises, the GROUP BY ${rawEnterprises}`,
        );
      if (apiCases !== rawCases)
        throw new Error(`${q.name}: the API counts ${apiCases} cases, the GROUP BY ${rawCases}`);
      rows.push([
        q.name,
        median(api).toFixed(2),
        median(raw).toFixed(1),
        (median(raw) / median(api)).toFixed(1),
        String(apiCases),
      ]);
    }
    console.log(
      `\nManager dashboard: ${volume.cases.toLocaleString('en')} cases, median of ${runs} runs each (${values.database})\n`,
    );
    console.log(
      `${'query'.padEnd(26)}${'API ms'.padStart(10)}${'raw SQL ms'.padStart(12)}${'raw/API'.padStart(10)}${'cases'.padStart(11)}`,
    );
    for (const r of rows)
      console.log(
        `${r[0].padEnd(26)}${r[1].padStart(10)}${r[2].padStart(12)}${r[3].padStart(10)}${r[4].padStart(11)}`,
      );
    console.log('\n(target: the API, round trip included, at least 5× faster than the raw GROUP BY)');
    console.log(
      volume.importSeconds
        ? `import: ${volume.cases.toLocaleString('en')} cases generated and inserted in ${volume.importSeconds.toFixed(1)} s`
        : 'import: the database already held the cases (run with a new --database to time the import)',
    );
    console.log(`server peak RSS: ${server.peakRssMiB()} MiB`);
  } finally {
    await orm.close(true);
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
