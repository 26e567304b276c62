import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dialects,
  errorCode,
  startTestServer,
  type GraphQLResponse,
  type TestServer,
} from '../support/server';

/*
 * Issue #11 §3: the rules that freeze a record hold for where a child comes from as well as
 * where it goes, and officers record cases only as themselves, for their own department's
 * offences. Fails on main: there a finding moves out of a DELIVERED report (changing its
 * contentHash), an item out of a PUBLISHED list, and an officer records cases under another
 * officer's or a lawyer's id and for other departments' offences.
 */
describe.each(await dialects())('invariants on %s', (dialect) => {
  let t: TestServer;
  let admin: string;
  let manager: string;
  let officer: string;
  let lawyer: string;
  let lawyerId = '';
  let officerId = '';
  let otherOfficerId = '';
  let ownDepartment = '';
  let ownOffence = '';
  let foreignOffence = '';
  let foreignDepartment = '';
  let n = 0;

  const ok = <T>(res: GraphQLResponse<T>): T => {
    if (res.errors?.length || !res.data) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const field = (res: GraphQLResponse<unknown>) => res.errors?.[0]?.extensions?.field;

  beforeAll(async () => {
    t = await startTestServer(dialect, { cases: 50 });
    [admin, manager, officer, lawyer] = await Promise.all(
      ['admin', 'manager', 'officer', 'lawyer'].map((u) => t.login(u)),
    );
    const me = ok(
      await t.gql<{ me: { id: string; departmentId: string } }>('{ me { id departmentId } }', {}, officer),
    );
    officerId = me.me.id;
    ownDepartment = me.me.departmentId;
    lawyerId = ok(await t.gql<{ me: { id: string } }>('{ me { id } }', {}, lawyer)).me.id;
    const users = ok(
      await t.gql<{
        allUsers: { id: string; username: string; role: string; departmentId: string | null }[];
      }>('{ allUsers(perPage: 1000) { id username role departmentId } }', {}, admin),
    ).allUsers;
    otherOfficerId = users.find((u) => u.role === 'OFFICER' && u.id !== officerId)!.id;
    const offences = ok(
      await t.gql<{ allOffences: { id: string; departmentId: string }[] }>(
        '{ allOffences(perPage: 1000) { id departmentId } }',
        {},
        officer,
      ),
    ).allOffences;
    ownOffence = offences.find((o) => o.departmentId === ownDepartment)!.id;
    const foreign = offences.find((o) => o.departmentId !== ownDepartment)!;
    foreignOffence = foreign.id;
    foreignDepartment = foreign.departmentId;
  });
  afterAll(async () => t?.stop());

  describe('a child stays with its parent', () => {
    it('a finding cannot be moved out of a delivered report, by its lawyer or an administrator', async () => {
      const report = async (summary: string) =>
        ok(
          await t.gql<{ createCheckupReport: { id: string } }>(
            `mutation { createCheckupReport(enterpriseId: "1", checkDate: "2026-10-01", scope: "税务", summary: "${summary}") { id } }`,
            {},
            lawyer,
          ),
        ).createCheckupReport.id;
      const delivered = await report('已交付的报告');
      const finding = ok(
        await t.gql<{ createReportFinding: { id: string } }>(
          `mutation { createReportFinding(reportId: "${delivered}", category: TAX, riskLevel: MAJOR, description: "未按期申报") { id } }`,
          {},
          lawyer,
        ),
      ).createReportFinding.id;
      ok(await t.gql(`mutation { submitReport(id: "${delivered}") { id } }`, {}, lawyer));
      ok(await t.gql(`mutation { acceptReport(id: "${delivered}", comment: "同意") { id } }`, {}, manager));
      ok(await t.gql(`mutation { deliverReport(id: "${delivered}") { status } }`, {}, manager));
      const draft = await report('草稿');
      const state = async () =>
        ok(
          await t.gql<{
            CheckupReport: { contentHash: string; riskIndex: number; findings: { id: string }[] };
          }>(`{ CheckupReport(id: "${delivered}") { contentHash riskIndex findings { id } } }`, {}, admin),
        ).CheckupReport;
      const before = await state();
      expect(before.findings.map((f) => f.id)).toEqual([finding]);

      for (const token of [lawyer, admin]) {
        const moved = await t.gql(
          `mutation { updateReportFinding(id: "${finding}", reportId: "${draft}") { id reportId } }`,
          {},
          token,
        );
        expect(errorCode(moved)).toBe('BAD_USER_INPUT');
        expect(field(moved)).toBe('reportId');
        expect(moved.errors![0].message).toMatch(/创建后不能更改.* \/ .*fixed once created/);
      }
      expect(await state()).toEqual(before);
      const draftFindings = ok(
        await t.gql<{ CheckupReport: { findings: unknown[] } }>(
          `{ CheckupReport(id: "${draft}") { findings { id } } }`,
          {},
          admin,
        ),
      ).CheckupReport.findings;
      expect(draftFindings).toEqual([]);
      // Sending the parent it already has back (react-admin sends every field) is no move; the
      // follow-up of a delivered report is still recorded.
      const same = await t.gql<{ updateReportFinding: { reportId: string; rectified: boolean } }>(
        `mutation { updateReportFinding(id: "${finding}", reportId: "${delivered}", rectified: true) { reportId rectified } }`,
        {},
        admin,
      );
      expect(ok(same).updateReportFinding).toEqual({ reportId: delivered, rectified: true });
    });

    it('an item cannot be moved out of a published list into a draft', async () => {
      const lists = ok(
        await t.gql<{ allLeniencyLists: { id: string; status: string }[] }>(
          '{ allLeniencyLists(perPage: 100) { id status } }',
          {},
          manager,
        ),
      ).allLeniencyLists;
      const published = lists.find((l) => l.status === 'PUBLISHED')!.id;
      const item = ok(
        await t.gql<{ allLeniencyItems: { id: string; conditions: string }[] }>(
          `{ allLeniencyItems(perPage: 1, filter: { listId: "${published}" }) { id conditions } }`,
          {},
          manager,
        ),
      ).allLeniencyItems[0];
      const draft = ok(
        await t.gql<{ createLeniencyList: { id: string } }>(
          'mutation($s: ID!) { createLeniencyList(seriesId: $s, version: "9.9", title: "草稿清单", effectiveFrom: "2027-01-01") { id } }',
          {
            s: ok(
              await t.gql<{ allLeniencyListSeries: { id: string }[] }>(
                '{ allLeniencyListSeries(perPage: 1) { id } }',
                {},
                manager,
              ),
            ).allLeniencyListSeries[0].id,
          },
          manager,
        ),
      ).createLeniencyList.id;
      const countOf = async (listId: string) =>
        ok(
          await t.gql<{ LeniencyList: { itemCount: number } }>(
            `{ LeniencyList(id: "${listId}") { itemCount } }`,
            {},
            manager,
          ),
        ).LeniencyList.itemCount;
      const publishedCount = await countOf(published);

      const moved = await t.gql(
        `mutation { updateLeniencyItem(id: "${item.id}", listId: "${draft}") { id listId } }`,
        {},
        admin,
      );
      expect(errorCode(moved)).toBe('BAD_USER_INPUT');
      expect(field(moved)).toBe('listId');
      expect(await countOf(published)).toBe(publishedCount);
      expect(await countOf(draft)).toBe(0);
      const after = ok(
        await t.gql<{ LeniencyItem: { listId: string; conditions: string } }>(
          `{ LeniencyItem(id: "${item.id}") { listId conditions } }`,
          {},
          manager,
        ),
      ).LeniencyItem;
      expect(after).toEqual({ listId: published, conditions: item.conditions });
    });
  });

  describe('officers record cases as themselves, for their own department', () => {
    const create = (extra: string, token = officer) =>
      t.gql<{ createPenaltyCase: { id: string; version: number; officerId: string | null } }>(
        `mutation { createPenaltyCase(caseNumber: "不变量-${dialect}-${++n}", enterpriseId: "1", districtId: "1",
           offenceDate: "2026-09-01", decisionDate: "2026-10-01", harm: MINOR, corrected: true, ${extra}) { id version officerId } }`,
        {},
        token,
      );
    const casesCount = async () =>
      ok(
        await t.gql<{ _allPenaltyCasesMeta: { count: number } }>(
          `{ _allPenaltyCasesMeta(filter: { q: "不变量-${dialect}" }) { count } }`,
          {},
          admin,
        ),
      )._allPenaltyCasesMeta.count;

    it("refuses another officer's or a lawyer's id as the officer, and records the officer's own", async () => {
      const before = await casesCount();
      for (const id of [otherOfficerId, lawyerId]) {
        const res = await create(`offenceId: "${ownOffence}", officerId: "${id}"`);
        expect(errorCode(res)).toBe('FORBIDDEN');
        expect(res.errors![0].message).toMatch(/officerId/);
      }
      expect(await casesCount()).toBe(before);
      expect(ok(await create(`offenceId: "${ownOffence}"`)).createPenaltyCase.officerId).toBe(officerId);
      expect(
        ok(await create(`offenceId: "${ownOffence}", officerId: "${officerId}"`)).createPenaltyCase.officerId,
      ).toBe(officerId);
    });

    it("refuses to hand an officer's case over to someone else on update", async () => {
      const made = ok(await create(`offenceId: "${ownOffence}"`)).createPenaltyCase;
      for (const id of [otherOfficerId, lawyerId]) {
        const res = await t.gql(
          `mutation { updatePenaltyCase(id: "${made.id}", version: ${made.version}, officerId: "${id}") { officerId } }`,
          {},
          officer,
        );
        expect(errorCode(res)).toBe('FORBIDDEN');
      }
      // Sending back the officer it has is no change.
      const same = await t.gql<{ updatePenaltyCase: { officerId: string } }>(
        `mutation { updatePenaltyCase(id: "${made.id}", version: ${made.version}, officerId: "${officerId}", corrected: false) { officerId } }`,
        {},
        officer,
      );
      expect(ok(same).updatePenaltyCase.officerId).toBe(officerId);
    });

    it("refuses other departments' offences and departments", async () => {
      const before = await casesCount();
      const foreign = await create(`offenceId: "${foreignOffence}"`);
      expect(errorCode(foreign)).toBe('FORBIDDEN');
      expect(foreign.errors![0].message).toMatch(/offenceId/);
      const otherDepartment = await create(
        `offenceId: "${ownOffence}", departmentId: "${foreignDepartment}"`,
      );
      expect(errorCode(otherDepartment)).toBe('FORBIDDEN');
      expect(await casesCount()).toBe(before);
      const made = ok(await create(`offenceId: "${ownOffence}"`)).createPenaltyCase;
      const moved = await t.gql(
        `mutation { updatePenaltyCase(id: "${made.id}", version: ${made.version}, offenceId: "${foreignOffence}") { id } }`,
        {},
        officer,
      );
      expect(errorCode(moved)).toBe('FORBIDDEN');
    });

    it('an administrator may name an officer, never a lawyer', async () => {
      const asOfficer = await create(
        `offenceId: "${foreignOffence}", departmentId: "${foreignDepartment}", officerId: "${otherOfficerId}"`,
        admin,
      );
      expect(ok(asOfficer).createPenaltyCase.officerId).toBe(otherOfficerId);
      const asLawyer = await create(
        `offenceId: "${foreignOffence}", departmentId: "${foreignDepartment}", officerId: "${lawyerId}"`,
        admin,
      );
      expect(errorCode(asLawyer)).toBe('BAD_USER_INPUT');
      expect(field(asLawyer)).toBe('officerId');
    });
  });
});
