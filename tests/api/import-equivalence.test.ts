import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as E from '../../server/db/entities';
import { decodeMembers } from '../../server/db/enterprise-sets';
import { sqlRows } from '../../server/db/sql';
import { writeTransaction } from '../../server/db/transactions';
import { CaseStatus, Harm, ListStatus } from '../../server/domain/enums';
import { Catalogue } from '../../server/services/catalogue';
import { reviewCase, saveCase } from '../../server/services/cases';
import { dialects, startTestServer, type TestServer } from '../support/server';

/*
 * Issue #14 §6: the confirmed import of cases writes plain rows in bulk and brings the derived
 * state up at the end of its transaction (case_stat, case_enterprise_set, the case-number
 * counters, the follow-up visits of lenient decisions). Here the same cases are recorded one by
 * one through the normal writer (saveCase, and approveCase for those 法制审核 holds) on server A,
 * exported, and imported into server B that has the same demo without them: every derived table
 * and the managers' statistics (leniencyStats with lenientEnterprises and re-offence) must be
 * equal on the two.
 */

const STATS = `query($groupBy: [StatsDimension!], $asOf: Date) {
  leniencyStats(groupBy: $groupBy, asOf: $asOf) {
    totals { cases lenientCases enterprises lenientEnterprises fines relief
      reoffence { lenient12 lenient24 reoffended12 reoffended24 sameOffence12 } }
    groups { keys cases lenientCases enterprises lenientEnterprises fines relief
      reoffence { lenient12 lenient24 reoffended12 reoffended24 sameOffence12 } }
  }
}`;

const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe.each(await dialects())('imported cases against cases saved one by one, on %s', (dialect) => {
  let a: TestServer;
  let b: TestServer;
  let recorded = 0;

  beforeAll(async () => {
    a = await startTestServer(dialect, { cases: 0 });
    b = await startTestServer(dialect, { cases: 0 });
    // On A, through the one writer of cases: varied enterprises (some offend again), offences
    // with list items in force, facts that make some decisions lenient, and given case numbers,
    // half of them in the department's own series (its counter must move past them).
    const orm = a.server.orm;
    const em = orm.em.fork();
    const catalogue = new Catalogue(orm.em);
    const lists = await em.find(E.LeniencyList, { status: ListStatus.PUBLISHED });
    const items = await em.find(
      E.LeniencyItem,
      { list: { $in: lists.map((l) => l.id) } },
      { populate: ['offence'], orderBy: { id: 'asc' } },
    );
    const conditions = await em.find(E.LeniencyItemCondition, {});
    const offences = [...new Map(items.map((i) => [i.offence.id, i.offence.getEntity()])).values()].slice(
      0,
      8,
    );
    const enterprises = await em.find(
      E.Enterprise,
      { district: { $ne: null } },
      { orderBy: { id: 'asc' }, limit: 12 },
    );
    const departments = new Map(
      (await em.find(E.Department, {})).map((d) => [d.id, d.caseNumberPrefix?.trim() || `${d.code}罚`]),
    );
    const reviewer = await em.findOneOrFail(E.User, { username: 'reviewer' });
    const harms = [Harm.NONE, Harm.MINOR, Harm.NONE, Harm.GENERAL];
    for (let i = 0; i < 60; i++) {
      const offence = offences[i % offences.length];
      const enterprise = enterprises[(i * 7) % enterprises.length];
      const decisionDate = addDays('2024-01-15', i * 11);
      const offenceDate = addDays(decisionDate, -20 - (i % 9));
      const own = i % 2 === 0;
      const caseNumber = own
        ? `${departments.get(offence.department.id)}〔${decisionDate.slice(0, 4)}〕${String(900 + i)}号`
        : `历史〔${decisionDate.slice(0, 4)}〕第${i + 1}号`;
      const offenceItems = items.filter((it) => it.offence.id === offence.id).map((it) => it.id);
      const confirmed =
        i % 3 === 2 ? [] : conditions.filter((c) => offenceItems.includes(c.item.id)).map((c) => c.id);
      const input = {
        caseNumber,
        harm: harms[i % harms.length],
        corrected: i % 5 !== 4,
        offenceDate,
        discoveredDate: addDays(offenceDate, 3),
        decisionDate,
        confirmedConditions: confirmed,
        status: CaseStatus.DECIDED,
      };
      try {
        await writeTransaction(orm.em.fork(), async (tx) => {
          const c = tx.create(E.PenaltyCase, {
            ...input,
            enterprise: enterprise.id,
            offence: offence.id,
            department: offence.department.id,
            district: enterprise.district!.id,
          });
          await saveCase({ em: tx, catalogue, user: null }, c, { ...input }, 'create');
          if (c.status === CaseStatus.IN_REVIEW)
            await reviewCase(
              tx,
              {
                id: reviewer.id,
                username: reviewer.username,
                role: reviewer.role,
                departmentId: reviewer.department?.id ?? null,
              },
              c,
              'APPROVE',
              '同意',
            );
        });
        recorded++;
      } catch (error) {
        // A combination the rules refuse is not a case to compare; the others are.
        if (!(error instanceof Error && 'zh' in error)) throw error;
      }
    }
  }, 240_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
  });

  /** Everything derived from the cases, keyed by what is the same on both servers. */
  async function derived(t: TestServer) {
    const em = t.server.orm.em.fork();
    const num = (rows: Record<string, unknown>[]) =>
      rows.map((r) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [
            k,
            typeof v === 'bigint' || /^-?\d+$/.test(String(v)) ? Number(v) : v,
          ]),
        ),
      );
    const stat = num(
      await sqlRows(
        em,
        `select month, department_id, district_id, offence_id, kind, outcome, cases, lenient_cases, fines, relief
           from case_stat where cases <> 0 order by month, department_id, district_id, offence_id, kind, outcome`,
      ),
    );
    const sets = (
      await sqlRows<{ month: string; department_id: number; district_id: number; enterprises: string }>(
        em,
        'select month, department_id, district_id, enterprises from case_enterprise_set order by month, department_id, district_id',
      )
    )
      .map((r) => ({
        key: `${r.month}|${Number(r.department_id)}|${Number(r.district_id)}`,
        members: [...decodeMembers(r.enterprises)],
      }))
      .filter((r) => r.members.length);
    const counters = num(
      await sqlRows(
        em,
        'select department_id, year, last from case_number_counter order by department_id, year',
      ),
    );
    const visits = (
      await sqlRows<{ case_number: string; correction_deadline: unknown; due_date: unknown; result: string }>(
        em,
        `select c.case_number, v.correction_deadline, v.due_date, v.result
           from follow_up_visit v join penalty_case c on c.id = v.penalty_case_id order by c.case_number`,
      )
    ).map((v) => ({
      caseNumber: v.case_number,
      correction: String(
        v.correction_deadline instanceof Date ? v.correction_deadline.toISOString() : v.correction_deadline,
      ).slice(0, 10),
      due: String(v.due_date instanceof Date ? v.due_date.toISOString() : v.due_date).slice(0, 10),
      result: v.result,
    }));
    const cases = await sqlRows<Record<string, unknown>>(
      em,
      `select case_number, enterprise_id, offence_id, department_id, district_id, outcome, item_id, fine, relief, status
         from penalty_case order by case_number`,
    );
    return { stat, sets, counters, visits, cases: num(cases) };
  }

  it('the same cases recorded one by one and imported leave equal statistics, sets, counters and visits', async () => {
    expect(recorded).toBeGreaterThanOrEqual(40);
    const manager = await a.login('manager');
    const exported = await fetch(`${a.url}/export/cases.csv`, {
      headers: { authorization: `Bearer ${manager}` },
    });
    expect(exported.status).toBe(200);
    const file = Buffer.from(await exported.arrayBuffer());
    const managerB = await b.login('manager');
    const upload = async (query: string) =>
      (await (
        await fetch(`${b.url}/import/cases?${query}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${managerB}`, 'content-type': 'application/octet-stream' },
          body: file,
        })
      ).json()) as { plan: { counts: Record<string, number>; sha256: string; written: boolean } };
    const dry = await upload('');
    expect(dry.plan.counts.REJECT).toBe(0);
    expect(dry.plan.counts.CREATE).toBe(recorded);
    const done = await upload(`sha256=${dry.plan.sha256}`);
    expect(done.plan.written).toBe(true);

    const [da, db] = [await derived(a), await derived(b)];
    expect(db.cases.length).toBe(da.cases.length);
    expect(db.stat).toEqual(da.stat);
    expect(db.sets).toEqual(da.sets);
    expect(db.counters).toEqual(da.counters);
    expect(db.visits).toEqual(da.visits);
    // The comparison compares something: lenient decisions, visits, raised counters.
    expect(da.visits.length).toBeGreaterThan(3);
    expect(da.stat.reduce((n, r) => n + Number(r.lenient_cases), 0)).toBeGreaterThan(3);
    expect(da.counters.some((c) => Number(c.last) >= 900)).toBe(true);

    // The managers' figures through the API: totals and by month, distinct and lenient
    // enterprises, and re-offence after leniency.
    for (const groupBy of [[], ['MONTH'], ['DEPARTMENT', 'DISTRICT']]) {
      const ask = async (t: TestServer, token: string) =>
        (await t.gql(STATS, { groupBy, asOf: '2026-06-30' }, token)).data;
      const [sa, sb] = [await ask(a, manager), await ask(b, managerB)];
      expect(sa).toBeTruthy();
      expect(sb).toEqual(sa);
    }
  }, 240_000);
});
