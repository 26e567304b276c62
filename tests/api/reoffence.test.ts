import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../server/domain/dates';
import { sqlRows } from '../../server/db/sql';
import { dialects, startTestServer, type TestServer } from '../support/server';

const REOFFENCE = 'lenient12 reoffended12 sameOffence12 lenient24 reoffended24 sameOffence24';
const QUERY = `query($g: [StatsDimension!], $asOf: Date, $f: StatsFilter) {
  leniencyStats(groupBy: $g, asOf: $asOf, filter: $f) {
    totals { lenientCases reoffence { ${REOFFENCE} } }
    groups { keys labels lenientCases reoffence { ${REOFFENCE} } } } }`;

type Counts = Record<
  'lenient12' | 'reoffended12' | 'sameOffence12' | 'lenient24' | 'reoffended24' | 'sameOffence24',
  number
>;
type Row = {
  id: number;
  enterprise_id: number;
  offence_id: number;
  department_id: number;
  item_id: number | null;
  kind: string | null;
  outcome: string | null;
  status: string;
  offence_date: string;
  decision_date: string | null;
};

// The re-offence measure of leniencyStats (issue #12 §6), against a count made case by case here.
describe.each(await dialects())('re-offence after leniency on %s', (dialect) => {
  let t: TestServer;
  let manager: string;
  let rows: Row[] = [];
  const AS_OF = '2026-11-30';

  beforeAll(async () => {
    t = await startTestServer(dialect, { cases: 1500 });
    manager = await t.login('manager');
  });
  afterAll(async () => t?.stop());

  const load = async () => {
    const raw = await sqlRows<Row>(
      t.server.orm.em.fork(),
      `select c.id, c.enterprise_id, c.offence_id, c.department_id, c.item_id, i.kind, c.outcome, c.status,
              c.offence_date, c.decision_date
         from penalty_case c left join leniency_item i on i.id = c.item_id`,
    );
    const iso = (v: unknown) =>
      v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'string' ? v.slice(0, 10) : null;
    rows = raw.map((r) => ({
      ...r,
      id: Number(r.id),
      enterprise_id: Number(r.enterprise_id),
      offence_id: Number(r.offence_id),
      department_id: Number(r.department_id),
      item_id: r.item_id === null ? null : Number(r.item_id),
      offence_date: iso(r.offence_date)!,
      decision_date: iso(r.decision_date),
    }));
  };

  /** The measure, counted the slow and obvious way. */
  const expected = (key: (r: Row) => string): Map<string, Counts> => {
    const decided = rows.filter(
      (r) => (r.status === 'DECIDED' || r.status === 'CLOSED') && r.decision_date && r.outcome,
    );
    const out = new Map<string, Counts>();
    for (const c of decided) {
      if (!c.kind || !['NONE', 'MITIGATED', 'LIGHTER'].includes(c.outcome!)) continue;
      const counts = out.get(key(c)) ?? {
        lenient12: 0,
        reoffended12: 0,
        sameOffence12: 0,
        lenient24: 0,
        reoffended24: 0,
        sameOffence24: 0,
      };
      for (const m of [12, 24] as const) {
        const end = addMonths(c.decision_date!, m);
        if (end > AS_OF) continue;
        const later = decided.filter(
          (n) =>
            n.id !== c.id &&
            n.enterprise_id === c.enterprise_id &&
            n.offence_date > c.decision_date! &&
            n.offence_date <= end,
        );
        counts[`lenient${m}`]++;
        if (later.length) counts[`reoffended${m}`]++;
        if (later.some((n) => n.offence_id === c.offence_id)) counts[`sameOffence${m}`]++;
      }
      out.set(key(c), counts);
    }
    return out;
  };

  const ask = (groupBy: string[]) =>
    t.gql<{
      leniencyStats: {
        totals: { reoffence: Counts };
        groups: { keys: string[]; labels: string[]; reoffence: Counts }[];
      };
    }>(QUERY, { g: groupBy, asOf: AS_OF }, manager);

  it('adds a known re-offence: a first-offence case, then the same offence eight months later', async () => {
    const officer = await t.login('officer');
    const offences = await t.gql<{ allOffences: { id: string; code: string }[] }>(
      '{ allOffences(perPage: 200) { id code } }',
      {},
      officer,
    );
    const id = (code: string) => offences.data!.allOffences.find((o) => o.code === code)!.id;
    const e = await t.gql<{ createEnterprise: { id: string } }>(
      'mutation { createEnterprise(creditCode: "91150203100000007M", name: "包头市再犯测试有限公司", districtId: "2") { id } }',
      {},
      officer,
    );
    const before = (await ask([])).data!.leniencyStats.totals.reoffence;
    for (const [offence, act, decided] of [
      // 电子商务经营者未在首页公示营业执照信息: 轻微违法不予处罚 in the city's list from 3.0 (2024-03-01).
      ['SCJG-009', '2024-03-04', '2024-03-10'],
      ['SCJG-009', '2024-11-01', '2024-11-10'],
    ])
      expect(
        (
          await t.gql(
            `mutation { createPenaltyCase(caseNumber: "再犯-${act}", enterpriseId: "${e.data!.createEnterprise.id}", districtId: "2",
               offenceId: "${id(offence)}", offenceDate: "${act}", decisionDate: "${decided}", harm: NONE, corrected: true, fine: 0) { outcome } }`,
            {},
            officer,
          )
        ).errors,
      ).toBeUndefined();
    const after = (await ask([])).data!.leniencyStats.totals.reoffence;
    // The first case re-offended within 12 and 24 months; the second is lenient too, with none after it.
    expect(after.lenient12 - before.lenient12).toBe(2);
    expect(after.reoffended12 - before.reoffended12).toBe(1);
    expect(after.sameOffence12 - before.sameOffence12).toBe(1);
    expect(after.lenient24 - before.lenient24).toBe(2);
    expect(after.reoffended24 - before.reoffended24).toBe(1);
  });

  it('counts exactly what a case-by-case count finds, in total and by item, department and kind', async () => {
    await load();
    const all = expected(() => '');
    const res = await ask([]);
    expect(res.errors).toBeUndefined();
    expect(res.data!.leniencyStats.totals.reoffence).toEqual(all.get(''));
    expect(all.get('')!.reoffended12).toBeGreaterThan(0);
    const dims: [string, (r: Row) => string][] = [
      ['ITEM', (r) => String(r.item_id ?? '')],
      ['DEPARTMENT', (r) => String(r.department_id)],
      ['KIND', (r) => r.kind ?? ''],
    ];
    for (const [dim, key] of dims) {
      const want = expected(key);
      const got = await ask([dim]);
      expect(got.errors).toBeUndefined();
      const byKey = new Map(got.data!.leniencyStats.groups.map((g) => [g.keys[0], g.reoffence]));
      for (const [k, counts] of want) expect({ dim, k, counts: byKey.get(k) }).toEqual({ dim, k, counts });
      if (dim === 'DEPARTMENT') {
        // A filter's parameters sit between the as-of dates in the statement: the same figures.
        const [dept, counts] = [...want].find(([, c]) => c.reoffended12 > 0) ?? [...want][0];
        const filtered = await t.gql<{ leniencyStats: { totals: { reoffence: Counts } } }>(
          QUERY,
          { g: [], asOf: AS_OF, f: { departmentId: dept, from: '2000-01-01' } },
          manager,
        );
        expect(filtered.data!.leniencyStats.totals.reoffence).toEqual(counts);
      }
      if (dim === 'ITEM')
        expect(got.data!.leniencyStats.groups.find((g) => g.keys[0] !== '')!.labels[0]).toMatch(
          /^《[^》]+》(（\d+\.\d+版）)?第\d+项$/,
        );
    }
  });
});
