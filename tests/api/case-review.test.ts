import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../server/domain/creditCode';
import { todayIso } from '../../server/domain/dates';
import { caseStatsDifferences } from '../../server/db/case-stats';
import { sqlRows } from '../../server/db/sql';
import {
  dialects,
  errorCode,
  startTestServer,
  type GraphQLResponse,
  type TestServer,
} from '../support/server';

type Case = {
  id: string;
  version: number;
  caseNumber: string;
  status: string;
  outcome: string | null;
  reviewTriggers: string[];
  itemLabel: string | null;
  reviewNote: string | null;
  reviewerId: string | null;
  submittedAt: string | null;
  departmentId: string;
  fine: number | null;
};
const FIELDS =
  'id version caseNumber status outcome reviewTriggers itemLabel reviewNote reviewerId submittedAt departmentId fine';

// Issue #12 §1–4: one writer for cases, the officer's choices, 法制审核, case numbers.
describe.each(await dialects())('the decision of record on %s', (dialect) => {
  let t: TestServer;
  let officer: string;
  let reviewer: string;
  let manager: string;
  let admin: string;
  let otherReviewer: string;
  let offenceId = '';
  let departmentId = '';
  let enterpriseId = '';
  const year = Number(todayIso().slice(0, 4));

  beforeAll(async () => {
    t = await startTestServer(dialect, { cases: 50 });
    [officer, reviewer, manager, admin] = await Promise.all(
      ['officer', 'reviewer', 'manager', 'admin'].map((u) => t.login(u)),
    );
    const me = await t.gql<{ me: { departmentId: string } }>('{ me { departmentId } }', {}, officer);
    departmentId = me.data!.me.departmentId;
    const offences = await t.gql<{ allOffences: { id: string; fineUnit: string }[] }>(
      `{ allOffences(perPage: 100, filter: { departmentId: "${departmentId}", fineUnit: YUAN }) { id fineUnit } }`,
      {},
      officer,
    );
    offenceId = offences.data!.allOffences[0].id;
    const e = await t.gql<{ createEnterprise: { id: string } }>(
      'mutation { createEnterprise(creditCode: "91150203100000007M", name: "包头市审核测试有限公司", districtId: "2") { id } }',
      {},
      officer,
    );
    enterpriseId = e.data!.createEnterprise.id;
    // A reviewer of another department.
    const other = await t.gql<{ allDepartments: { id: string }[] }>(
      `{ allDepartments(filter: { code: "STHJ" }) { id } }`,
      {},
      admin,
    );
    const created = await t.gql(
      `mutation { createUser(username: "reviewer.sthj", displayName: "环境法审", role: REVIEWER, departmentId: "${other.data!.allDepartments[0].id}", password: "lawcheck-demo") { id } }`,
      {},
      admin,
    );
    expect(created.errors).toBeUndefined();
    otherReviewer = await t.login('reviewer.sthj');
  }, 120_000);
  afterAll(async () => t?.stop());

  const create = (fields: string, token = officer) =>
    t.gql<{ createPenaltyCase: Case }>(
      `mutation { createPenaltyCase(enterpriseId: "${enterpriseId}", offenceId: "${offenceId}", districtId: "2",
        offenceDate: "2026-06-01", decisionDate: "2026-07-01", ${fields}) { ${FIELDS} } }`,
      {},
      token,
    );
  const read = async (id: string) =>
    (await t.gql<{ PenaltyCase: Case }>(`{ PenaltyCase(id: "${id}") { ${FIELDS} } }`, {}, admin)).data!
      .PenaltyCase;
  const step = (op: string, id: string, token: string, extra = '') =>
    t.gql<Record<string, Case>>(`mutation { ${op}(id: "${id}"${extra}) { ${FIELDS} } }`, {}, token);
  const only = <T>(res: GraphQLResponse<Record<string, T>>) => {
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return Object.values(res.data!)[0];
  };
  const ART32 = 'harm: SERIOUS, corrected: false, mitigating: [CONFESSED]';

  it('numbers a case in its department’s series for the year, and decides it at once when nothing needs review', async () => {
    const c = only(await create('harm: GENERAL, corrected: false'));
    expect(c.caseNumber).toMatch(new RegExp(`^包市监罚〔${year}〕\\d+号$`));
    expect(c.status).toBe('DECIDED');
    expect(c.reviewTriggers).toEqual([]);
    const audit = await sqlRows<{ entity_id: string; action: string }>(
      t.server.orm.em.fork(),
      "select entity_id, action from audit_entry where entity_type = 'PenaltyCase' and entity_id = ?",
      [c.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['create']);
  });

  it('keeps the officer’s Art. 32 choice: 从轻 decides, 减轻 needs a reason and goes to review', async () => {
    const lighter = only(await create(`${ART32}, officerChoice: LIGHTER`));
    expect([lighter.outcome, lighter.status]).toEqual(['LIGHTER', 'DECIDED']);
    const noReason = await create(`${ART32}, officerChoice: MITIGATED`);
    expect(errorCode(noReason)).toBe('BAD_USER_INPUT');
    expect(noReason.errors![0].extensions!.field).toBe('choiceReason');
    const wrong = await create(`${ART32}, officerChoice: STANDARD, choiceReason: "x"`);
    expect(wrong.errors![0].extensions!.field).toBe('officerChoice');
    const mitigated = only(
      await create(`${ART32}, officerChoice: MITIGATED, choiceReason: "主动供述，且危害已消除"`),
    );
    expect(mitigated.outcome).toBe('MITIGATED');
    expect(mitigated.status).toBe('IN_REVIEW');
    expect(mitigated.reviewTriggers).toEqual(['MITIGATED_CHOSEN']);
    expect(mitigated.submittedAt).not.toBeNull();
  });

  it('reviews a case: only a reviewer of its department, a return needs a reason, the officer revises and resubmits, approval decides it', async () => {
    const c = only(await create(`${ART32}, officerChoice: MITIGATED, choiceReason: "主动供述"`));
    expect(c.status).toBe('IN_REVIEW');
    // Not counted in the statistics while in review.
    const counted = async () =>
      Number(
        (
          await sqlRows<{ n: number }>(
            t.server.orm.em.fork(),
            "select count(*) as n from penalty_case where id = ? and status in ('DECIDED', 'CLOSED')",
            [c.id],
          )
        )[0].n,
      );
    expect(await counted()).toBe(0);
    expect(errorCode(await step('approveCase', c.id, officer))).toBe('FORBIDDEN');
    expect(errorCode(await step('approveCase', c.id, manager))).toBe('FORBIDDEN');
    expect(errorCode(await step('approveCase', c.id, otherReviewer))).toBe('NOT_FOUND');
    // Frozen while in review.
    const edit = await t.gql(
      `mutation { updatePenaltyCase(id: "${c.id}", harm: GENERAL) { id } }`,
      {},
      officer,
    );
    expect(errorCode(edit)).toBe('BAD_USER_INPUT');
    expect((await read(c.id)).version).toBe(c.version);
    const noNote = await step('returnCase', c.id, reviewer, ', note: " "');
    expect(noNote.errors![0].extensions!.field).toBe('note');

    const returned = only(await step('returnCase', c.id, reviewer, ', note: "减轻理由不充分，请补充证据"'));
    expect(returned.status).toBe('RETURNED');
    expect(returned.reviewNote).toBe('减轻理由不充分，请补充证据');
    expect(returned.reviewerId).not.toBeNull();
    // The officer revises: it stays with them until submitted again; it cannot decide itself.
    const revised = only<Case>(
      await t.gql(
        `mutation { updatePenaltyCase(id: "${c.id}", choiceReason: "主动供述，并已退还全部违法所得（见询问笔录）") { ${FIELDS} } }`,
        {},
        officer,
      ),
    );
    expect(revised.status).toBe('RETURNED');
    const self = await t.gql(
      `mutation { updatePenaltyCase(id: "${c.id}", status: DECIDED) { id } }`,
      {},
      officer,
    );
    expect(self.errors![0].extensions!.field).toBe('status');
    expect(errorCode(await step('approveCase', c.id, reviewer))).toBe('BAD_USER_INPUT');
    const resubmitted = only(await step('submitCaseForReview', c.id, officer));
    expect(resubmitted.status).toBe('IN_REVIEW');
    const approved = only(await step('approveCase', c.id, reviewer, ', note: "同意减轻处罚"'));
    expect(approved.status).toBe('DECIDED');
    expect(await counted()).toBe(1);
    const trail = await sqlRows<{ action: string; entity_id: string; changes: unknown }>(
      t.server.orm.em.fork(),
      "select action, entity_id, changes from audit_entry where entity_type = 'PenaltyCase' and entity_id = ? order by id",
      [c.id],
    );
    expect(trail.map((a) => a.action)).toEqual([
      'create',
      'review-return',
      'update',
      'review-submit',
      'review-approve',
    ]);
    expect(await caseStatsDifferences(t.server.orm.em.fork(), dialect)).toEqual([]);
  });

  it('sends a fine outside the range to review, and audits the override with the case’s id, in yuan', async () => {
    const c = only(
      await create(
        'harm: GENERAL, corrected: false, fine: 0.5, overrideReason: "当事人经济困难，经集体讨论"',
      ),
    );
    expect(c.status).toBe('IN_REVIEW');
    expect(c.reviewTriggers).toEqual(['FINE_OUTSIDE_RANGE']);
    const [entry] = await sqlRows<{ entity_id: string; changes: unknown }>(
      t.server.orm.em.fork(),
      "select entity_id, changes from audit_entry where action = 'fine-override' and entity_id = ?",
      [c.id],
    );
    const changes = (typeof entry.changes === 'string' ? JSON.parse(entry.changes) : entry.changes) as {
      fine: number;
      range: { min: number; max: number };
    };
    expect(changes.fine).toBe(0.5);
    const decided = await t.gql<{ PenaltyCase: { decision: { fineRange: { min: number; max: number } } } }>(
      `{ PenaltyCase(id: "${c.id}") { decision { fineRange { min max } } } }`,
      {},
      admin,
    );
    expect(changes.range).toMatchObject(decided.data!.PenaltyCase.decision.fineRange);
    // An edit form sends the status back unchanged: a decided case whose fine now departs from
    // the range goes to review all the same.
    const plain = only(await create('harm: GENERAL, corrected: false'));
    const edited = only<Case>(
      await t.gql(
        `mutation { updatePenaltyCase(id: "${plain.id}", version: ${plain.version}, status: DECIDED, fine: 0.5, overrideReason: "经集体讨论") { ${FIELDS} } }`,
        {},
        officer,
      ),
    );
    expect([edited.status, edited.reviewTriggers]).toEqual(['IN_REVIEW', ['FINE_OUTSIDE_RANGE']]);
    // Without the reason, nothing is written.
    const before = Number(
      (await sqlRows<{ n: number }>(t.server.orm.em.fork(), 'select count(*) as n from penalty_case'))[0].n,
    );
    const refused = await create('harm: GENERAL, corrected: false, fine: 0.5');
    expect(refused.errors![0].extensions!.field).toBe('fine');
    const after = Number(
      (await sqlRows<{ n: number }>(t.server.orm.em.fork(), 'select count(*) as n from penalty_case'))[0].n,
    );
    expect(after).toBe(before);
  });

  it('shows a reviewer the cases in review of their own department only', async () => {
    const res = await t.gql<{ allPenaltyCases: Case[] }>(
      `{ allPenaltyCases(filter: { status: IN_REVIEW }) { ${FIELDS} } }`,
      {},
      reviewer,
    );
    const rows = res.data!.allPenaltyCases;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.departmentId === departmentId && r.status === 'IN_REVIEW')).toBe(true);
    const other = await t.gql<{ allPenaltyCases: Case[] }>(
      '{ allPenaltyCases(filter: { status: IN_REVIEW }) { id } }',
      {},
      otherReviewer,
    );
    expect(other.data!.allPenaltyCases).toEqual([]);
    // A reviewer reads cases, but records none.
    expect(errorCode(await create('harm: GENERAL, corrected: false', reviewer))).toBe('FORBIDDEN');
  });

  it('gives unique, consecutive numbers to cases created at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        t.gql<{ createPenaltyCase: Case }>(
          `mutation { createPenaltyCase(enterpriseId: "${enterpriseId}", offenceId: "${offenceId}", districtId: "2",
            offenceDate: "2025-0${(i % 9) + 1}-01", harm: GENERAL, corrected: false) { caseNumber } }`,
          {},
          officer,
        ),
      ),
    );
    const numbers = results.map((r) => {
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      return r.data!.createPenaltyCase.caseNumber;
    });
    expect(new Set(numbers).size).toBe(16);
    const seq = numbers.map((n) => Number(/〕(\d+)号$/.exec(n)![1])).sort((a, b) => a - b);
    expect(seq[15] - seq[0]).toBe(15);
  });

  it('accepts a historical number given by hand, moves the series past it, refuses it twice and never changes it', async () => {
    const given = `包市监罚〔${year}〕9000号`;
    const historical = only(await create(`caseNumber: "${given}", harm: GENERAL, corrected: false`));
    expect(historical.caseNumber).toBe(given);
    const next = only(await create('harm: GENERAL, corrected: false'));
    expect(next.caseNumber).toBe(`包市监罚〔${year}〕9001号`);
    expect(errorCode(await create(`caseNumber: "${given}", harm: GENERAL, corrected: false`))).toBe(
      'CONFLICT',
    );
    // A creation refused after its number was taken gives the number back with its rollback.
    expect(errorCode(await create('harm: GENERAL, corrected: false, fine: 0.5'))).toBe('BAD_USER_INPUT');
    expect(only(await create('harm: GENERAL, corrected: false')).caseNumber).toBe(
      `包市监罚〔${year}〕9002号`,
    );
    const renumber = await t.gql(
      `mutation { updatePenaltyCase(id: "${next.id}", caseNumber: "别的号") { id } }`,
      {},
      officer,
    );
    expect(renumber.errors![0].extensions!.field).toBe('caseNumber');
    expect((await read(next.id)).caseNumber).toBe(next.caseNumber);
  });

  it('labels a case decided under a list whose title takes its full 200 characters', async () => {
    // Another series' list, titled as long as a title may be, with a 不予处罚 item for an offence no
    // other list names (CGZF-003): the label holds the whole title (PostgreSQL's column too).
    const must = async <T>(query: string, variables: Record<string, unknown> = {}) => {
      const res = await t.gql<T>(query, variables, manager);
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      return res.data!;
    };
    const title = `包头市${'某某领域'.repeat(48)}不予处罚清单`.slice(0, 200);
    expect(title).toHaveLength(200);
    const { id: offence, departmentId } = (
      await must<{ allOffences: { id: string; departmentId: string }[] }>(
        '{ allOffences(filter: { q: "CGZF-003" }) { id departmentId } }',
      )
    ).allOffences[0];
    const series = await must<{ createLeniencyListSeries: { id: string } }>(
      `mutation { createLeniencyListSeries(name: "长标题系列-${dialect}") { id } }`,
    );
    const list = await must<{ createLeniencyList: { id: string } }>(
      'mutation($s: ID!, $t: String!) { createLeniencyList(seriesId: $s, version: "12.5", title: $t, effectiveFrom: "2020-01-01") { id } }',
      { s: series.createLeniencyListSeries.id, t: title },
    );
    await must(
      `mutation($l: ID!, $o: ID!) { createLeniencyItem(listId: $l, number: 100000, offenceId: $o, kind: NO_PENALTY,
        conditions: "未造成危害后果并及时改正", maxHarm: NONE, requiresCorrection: true) { id } }`,
      { l: list.createLeniencyList.id, o: offence },
    );
    await must('mutation($id: ID!) { publishLeniencyList(id: $id, supersedePrevious: false) { id } }', {
      id: list.createLeniencyList.id,
    });
    const made = await t.gql<{ createPenaltyCase: { id: string; itemLabel: string | null } }>(
      `mutation($e: ID!, $o: ID!, $d: ID!) { createPenaltyCase(enterpriseId: $e, offenceId: $o, departmentId: $d, districtId: "2",
        offenceDate: "2026-06-01", decisionDate: "2026-07-01", harm: NONE, corrected: true) { id itemLabel } }`,
      { e: enterpriseId, o: offence, d: departmentId },
      admin,
    );
    expect(made.errors, JSON.stringify(made.errors)).toBeUndefined();
    const label = `《${title}》（12.5版）第100000项`;
    expect(made.data!.createPenaltyCase.itemLabel).toBe(label);
    expect((await read(made.data!.createPenaltyCase.id)).itemLabel).toBe(label);
  });

  it('keeps the item label (《title》（3.0版）第N项) and the reasons of the decision with the case', async () => {
    // The facts of a seeded case that a list item decided, recorded again for a new enterprise.
    const seeded = await t.gql<{
      allPenaltyCases: {
        offenceId: string;
        departmentId: string;
        harm: string;
        corrected: boolean;
        offenceDate: string;
        decisionDate: string;
        decision: { item: { number: number } | null };
      }[];
    }>(
      '{ allPenaltyCases(perPage: 100, filter: { outcome: NONE }) { offenceId departmentId harm corrected offenceDate decisionDate decision { item { number } } } }',
      {},
      admin,
    );
    const source = seeded.data!.allPenaltyCases.find((c) => c.decision?.item)!;
    expect(source).toBeDefined();
    const e = await t.gql<{ createEnterprise: { id: string } }>(
      `mutation { createEnterprise(creditCode: "${makeCreditCode('91', '150203', '10000001')}", name: "包头市清单事项测试有限公司", districtId: "2") { id } }`,
      {},
      admin,
    );
    expect(e.errors, JSON.stringify(e.errors)).toBeUndefined();
    const res = await t.gql<{
      createPenaltyCase: {
        itemLabel: string | null;
        caseNumber: string;
        decision: {
          item: { number: number; list: { version: string; title: string } } | null;
          reasons: { rule: string; citation: string }[];
        };
      };
    }>(
      `mutation { createPenaltyCase(enterpriseId: "${e.data!.createEnterprise.id}", offenceId: "${source.offenceId}", departmentId: "${source.departmentId}",
        districtId: "2", offenceDate: "${source.offenceDate}", decisionDate: "${source.decisionDate}", harm: ${source.harm}, corrected: ${source.corrected}) {
        itemLabel caseNumber decision { item { number list { version title } } reasons { rule citation } } } }`,
      {},
      admin,
    );
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const c = res.data!.createPenaltyCase;
    expect(c.decision.item).not.toBeNull();
    // The list by its title and version, as the decision cites it: two series can both have a 1.0.
    const { list, number } = c.decision.item!;
    expect(c.itemLabel).toBe(
      list.title.includes(`${list.version}版`)
        ? `《${list.title}》第${number}项`
        : `《${list.title}》（${list.version}版）第${number}项`,
    );
    expect(c.decision.reasons.some((r) => r.citation.includes(c.itemLabel!))).toBe(true);
    expect(c.decision.reasons.some((r) => r.citation.includes(`第${c.decision.item!.number}项`))).toBe(true);
  });

  it('answers the report PDF route by the same read rule as GraphQL (graphql/access.ts)', async () => {
    const reports = await t.gql<{ allCheckupReports: { id: string; lawyer: { username: string } }[] }>(
      '{ allCheckupReports(perPage: 100) { id lawyer { username } } }',
      {},
      admin,
    );
    const others = reports.data!.allCheckupReports.find((r) => r.lawyer.username !== 'lawyer')!;
    const lawyer = await t.login('lawyer');
    const status = async (token: string) =>
      (
        await fetch(`${t.url}/reports/${others.id}.pdf`, {
          method: 'HEAD',
          headers: { authorization: `Bearer ${token}` },
        })
      ).status;
    const readable = async (token: string) =>
      (
        await t.gql<{ CheckupReport: { id: string } | null }>(
          `{ CheckupReport(id: "${others.id}") { id } }`,
          {},
          token,
        )
      ).data?.CheckupReport ?? null;
    // Another lawyer's report: GraphQL answers null, the route 404; an officer may read no report: 403 both ways.
    expect(await readable(lawyer)).toBeNull();
    expect(await status(lawyer)).toBe(404);
    expect(errorCode(await t.gql(`{ CheckupReport(id: "${others.id}") { id } }`, {}, officer))).toBe(
      'FORBIDDEN',
    );
    expect(await status(officer)).toBe(403);
    expect(await status(reviewer)).toBe(403);
  });
});
