import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide, reliefOf, type Decision } from '../../server/domain/leniency';
import { CaseStatus, FineUnit, Tier } from '../../server/domain/enums';
import * as E from '../../server/db/entities';
import { Catalogue } from '../../server/services/catalogue';
import { caseFacts } from '../../server/services/cases';
import { dialects, errorCode, startTestServer, type TestServer } from '../support/server';

// Cases are decided by the same rules as checkLeniency, and keep their decision (issue #3 §10).
describe.each(await dialects())('cases decided by the rules on %s', (dialect) => {
  let t: TestServer;
  let officer: string;
  let manager: string;
  let lawyer: string;
  const offence: Record<string, string> = {};
  let enterpriseId = '';
  let creditCode = '';
  let districtId = '';
  let n = 0;

  beforeAll(async () => {
    t = await startTestServer(dialect, { cases: 400 });
    officer = await t.login('officer');
    manager = await t.login('manager');
    lawyer = await t.login('lawyer');
    const offences = await t.gql<{ allOffences: { id: string; code: string }[] }>(
      '{ allOffences(perPage: 200) { id code } }',
      {},
      officer,
    );
    for (const o of offences.data!.allOffences) offence[o.code] = o.id;
    // An enterprise with no cases yet, so that "first offence" holds.
    const e = await t.gql<{ createEnterprise: { id: string; creditCode: string } }>(
      'mutation { createEnterprise(creditCode: "91150203100000007M", name: "包头市首违测试有限公司", districtId: "2") { id creditCode } }',
      {},
      officer,
    );
    enterpriseId = e.data!.createEnterprise.id;
    creditCode = e.data!.createEnterprise.creditCode;
    districtId = '2';
  });
  afterAll(async () => t?.stop());

  const createCase = (fields: string, token = officer) =>
    t.gql<{
      createPenaltyCase: Record<string, unknown> & {
        id: string;
        version: number;
        decision: Record<string, unknown>;
      };
    }>(
      `mutation { createPenaltyCase(caseNumber: "测试-${dialect}-${++n}", enterpriseId: "${enterpriseId}", districtId: "${districtId}", ${fields}) {
        id version outcome fine referenceFine relief status item { kind number list { version } }
        decision { outcome mandatory grounds rulesAsOf fineRange { min max } referenceFine summary reasons { rule passed } item { number } }
      } }`,
      {},
      token,
    );

  // First, before any test below changes the rules.
  it('seeded every case through the rules: outcomes, reference fines and fines agree with a fresh decision', async () => {
    const em = t.server.orm.em.fork();
    const catalogue = new Catalogue(t.server.orm.em);
    const cases = await em.find(
      E.PenaltyCase,
      { status: { $in: [CaseStatus.DECIDED, CaseStatus.CLOSED] }, caseNumber: { $like: '包%' } },
      { populate: ['offence'] },
    );
    expect(cases.length).toBeGreaterThan(300);
    for (const c of cases) {
      const found = await catalogue.ruleBook(em, c.offence.id, { id: c.enterprise.id }, c.offenceDate);
      const fresh = decide(caseFacts(c), found!.book!);
      const stored = c.decision as Decision;
      expect({ case: c.caseNumber, outcome: c.outcome }).toEqual({
        case: c.caseNumber,
        outcome: fresh.outcome,
      });
      expect(stored.outcome).toBe(fresh.outcome);
      expect(c.referenceFine ?? null).toBe(fresh.referenceFine);
      // 0 where no penalty is imposed; a fine inside the range, never 0, beside a penalty with a
      // fine in yuan; none where the penalty has no fine in yuan (a warning, unknown basis).
      if (fresh.outcome === Tier.NONE) expect(c.fine).toBe(0);
      else if (fresh.fineRange && fresh.fineRange.unit === FineUnit.YUAN && fresh.fineRange.max > 0) {
        expect(c.fine!).toBeGreaterThanOrEqual(fresh.fineRange.min);
        expect(c.fine!).toBeLessThanOrEqual(fresh.fineRange.max);
        expect(c.fine!).toBeGreaterThan(0);
      } else expect(c.fine ?? null).toBeNull();
      expect(c.relief ?? null).toBe(
        reliefOf({ outcome: c.outcome, itemId: c.item?.id, referenceFine: c.referenceFine, fine: c.fine }),
      );
    }
  });
  it('decides a case when it is recorded, and keeps the whole decision with it', async () => {
    const res = await createCase(
      `offenceId: "${offence['SCJG-009']}", offenceDate: "2026-09-01", decisionDate: "2026-09-10", harm: NONE, corrected: true, fine: 0`,
    );
    expect(res.errors).toBeUndefined();
    const c = res.data!.createPenaltyCase;
    expect(c.outcome).toBe('NONE');
    expect(c.status).toBe('DECIDED');
    expect(c.item).toMatchObject({ kind: 'NO_PENALTY', list: { version: '3.0' } });
    expect(c.decision).toMatchObject({
      outcome: 'NONE',
      mandatory: true,
      rulesAsOf: '2026-09-01',
      fineRange: null,
    });
    expect(c.referenceFine).toBe(5000); // 一般档 3,000–7,000 of 0–10,000: midpoint
    expect(c.relief).toBe(5000);
    expect(c.decision.summary).toContain('不予行政处罚');
  });

  it('refuses a fine outside the range, and stores nothing', async () => {
    const before = (
      await t.gql<{ _allPenaltyCasesMeta: { count: number } }>(
        '{ _allPenaltyCasesMeta { count } }',
        {},
        manager,
      )
    ).data!._allPenaltyCasesMeta.count;
    const res = await createCase(
      // 市场主体登记管理条例 Art. 46: a fine only once the party refused to correct.
      `offenceId: "${offence['SCJG-006']}", offenceDate: "2026-09-01", decisionDate: "2026-09-10", harm: GENERAL, corrected: false, refusedCorrection: true, fine: 500`,
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe('fine');
    expect(res.errors![0].message).toContain('37,000.00元至73,000.00元');
    const after = (
      await t.gql<{ _allPenaltyCasesMeta: { count: number } }>(
        '{ _allPenaltyCasesMeta { count } }',
        {},
        manager,
      )
    ).data!._allPenaltyCasesMeta.count;
    expect(after).toBe(before);
  });

  it('accepts a fine outside the range with a reason, stores the reason and audits the override', async () => {
    const res = await createCase(
      `offenceId: "${offence['SCJG-006']}", offenceDate: "2026-09-01", decisionDate: "2026-09-10", harm: GENERAL, corrected: false,
       refusedCorrection: true, fine: 500, overrideReason: "企业经营困难，经集体讨论决定"`,
    );
    expect(res.errors).toBeUndefined();
    const c = res.data!.createPenaltyCase;
    // Relief counts lenient cases under a list item only (DOMAIN.md): a STANDARD case relieves nothing.
    expect(c).toMatchObject({ outcome: 'STANDARD', fine: 500, referenceFine: 55000, relief: null });
    const audit = await t.gql<{ allAuditEntries: { action: string; changes: string }[] }>(
      `{ allAuditEntries(filter: { entityType: "PenaltyCase", action: "fine-override" }) { action changes } }`,
      {},
      manager,
    );
    const entry = audit.data!.allAuditEntries.find((a) => a.changes.includes('企业经营困难'));
    expect(entry).toBeDefined();
  });

  it('keeps a recorded decision when the rules change later, and decides again only when the facts change', async () => {
    const res = await createCase(
      `offenceId: "${offence['SCJG-007']}", offenceDate: "2026-08-01", decisionDate: "2026-08-05", harm: GENERAL, corrected: true, fine: 2000`,
    );
    const c = res.data!.createPenaltyCase;
    expect(c.decision.fineRange).toEqual({ min: 1500, max: 3500 });
    // A manager publishes a stricter baseline that reaches back before the decision.
    const baseline = await t.gql(
      `mutation { createDiscretionBaseline(offenceId: "${offence['SCJG-007']}", effectiveFrom: "2026-01-01", source: "修订",
        tiers: [{ level: STANDARD, min: 3000, max: 4000, conditions: "一般" }]) { id } }`,
      {},
      manager,
    );
    expect(baseline.errors).toBeUndefined();
    const read = async () =>
      (
        await t.gql<{
          PenaltyCase: {
            version: number;
            referenceFine: number;
            decision: { fineRange: unknown; summary: string };
          };
        }>(
          `{ PenaltyCase(id: "${c.id}") { version referenceFine decision { fineRange { min max } summary } } }`,
          {},
          officer,
        )
      ).data!.PenaltyCase;
    const stored = await read();
    expect(stored.decision.fineRange).toEqual({ min: 1500, max: 3500 });
    expect(stored.referenceFine).toBe(2500);
    // Closing the case changes no fact: the decision stays as it was.
    const closed = await t.gql(
      `mutation { updatePenaltyCase(id: "${c.id}", version: ${stored.version}, status: CLOSED) { status } }`,
      {},
      officer,
    );
    expect(closed.errors).toBeUndefined();
    expect((await read()).decision).toEqual(stored.decision);
    // Correcting a fact decides it again, under the rules now in force.
    const v = (await read()).version;
    const redone = await t.gql<{ updatePenaltyCase: { decision: { fineRange: unknown } } }>(
      `mutation { updatePenaltyCase(id: "${c.id}", version: ${v}, harm: MINOR, fine: 3500) { decision { fineRange { min max } } } }`,
      {},
      officer,
    );
    expect(redone.errors).toBeUndefined();
    expect(redone.data!.updatePenaltyCase.decision.fineRange).toEqual({ min: 3000, max: 4000 });
  });

  it('checks an offence by credit code, citing the list item, with the first-offence window', async () => {
    const res = await t.gql<{
      checkLeniency: {
        outcome: string;
        mandatory: boolean;
        item: { kind: string; list: { version: string } };
        firstOffence: boolean;
        priorCases: unknown[];
        measures: string[];
        summary: string;
      };
    }>(
      `query($c: String!, $o: ID!) { checkLeniency(input: { creditCode: $c, offenceId: $o, offenceDate: "2026-10-01",
        discoveredDate: "2026-10-05", decisionDate: "2026-10-20", harm: MINOR, corrected: true }) {
        outcome mandatory firstOffence priorCases { id } measures summary item { kind list { version } } } }`,
      { c: creditCode, o: offence['SWJ-001'] },
      officer,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.checkLeniency).toMatchObject({
      outcome: 'NONE',
      mandatory: false,
      firstOffence: true,
      priorCases: [],
      item: { kind: 'FIRST_OFFENCE_NO_PENALTY', list: { version: '3.0' } },
    });
    expect(res.data!.checkLeniency.measures).toContain('批评教育');
  });

  it.each([
    ['an unknown enterprise', 'enterpriseId: "999999"', 'NOT_FOUND', 'input.enterpriseId'],
    ['an invalid credit code', 'creditCode: "91150203100000007K"', 'BAD_USER_INPUT', 'input.creditCode'],
    ['an unregistered credit code', 'creditCode: "91350100M000100Y43"', 'NOT_FOUND', 'input.creditCode'],
    ['no enterprise at all', '', 'BAD_USER_INPUT', 'input.enterpriseId'],
    ['an unknown offence', 'enterpriseId: "1", offenceId: "999999"', 'NOT_FOUND', 'input.offenceId'],
    [
      'an act after the decision',
      'enterpriseId: "1", offenceDate: "2026-10-01", decisionDate: "2026-09-01"',
      'BAD_USER_INPUT',
      'input.decisionDate',
    ],
    [
      'a discovery before the act',
      'enterpriseId: "1", discoveredDate: "2026-08-01"',
      'BAD_USER_INPUT',
      'input.discoveredDate',
    ],
  ])('refuses a check with %s, naming the field', async (_what, args, code, field) => {
    const base: Record<string, string> = {
      offenceId: `"${offence['SWJ-001']}"`,
      offenceDate: '"2026-09-01"',
      decisionDate: '"2026-09-20"',
    };
    for (const part of args.split(/,\s*(?=\w+:)/).filter(Boolean)) {
      const [k, ...v] = part.split(':');
      base[k.trim()] = v.join(':').trim();
    }
    const input = Object.entries(base)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    const res = await t.gql(
      `{ checkLeniency(input: { ${input}, harm: NONE, corrected: true }) { outcome } }`,
      {},
      officer,
    );
    expect(errorCode(res)).toBe(code);
    expect(res.errors![0].extensions!.field).toBe(field);
  });

  it('is for officers and managers: a lawyer is refused', async () => {
    const res = await t.gql(
      `{ checkLeniency(input: { enterpriseId: "1", offenceId: "1", offenceDate: "2026-01-01", harm: NONE, corrected: true }) { outcome } }`,
      {},
      lawyer,
    );
    expect(errorCode(res)).toBe('FORBIDDEN');
  });
});
