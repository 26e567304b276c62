import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths, todayIso } from '../../server/domain/dates';
import { pdfText } from '../support/pdf-text';
import { dialects, startTestServer, type TestServer } from '../support/server';

type Q = {
  qualifies: boolean;
  firstOffence: boolean | null;
  priorCases: number;
  qualifiesAgainOn: string | null;
  text: string;
};

// A finding linked to an offence says whether the enterprise qualifies today, from its own cases (issue #12 §7).
describe.each(await dialects())('findings meet the lists on %s', (dialect) => {
  let t: TestServer;
  let lawyer: string;
  let taxOfficer: string;
  let offenceId = '';
  let enterpriseId = '';
  let reportId = '';

  beforeAll(async () => {
    t = await startTestServer(dialect, { cases: 20 });
    lawyer = await t.login('lawyer');
    taxOfficer = await t.login('officer.swj');
    const offences = await t.gql<{ allOffences: { id: string }[] }>(
      '{ allOffences(filter: { code: "SWJ-001" }) { id } }',
      {},
      lawyer,
    );
    offenceId = offences.data!.allOffences[0].id;
    const e = await t.gql<{ createEnterprise: { id: string } }>(
      'mutation { createEnterprise(creditCode: "91150203100000007M", name: "包头市体检资格测试有限公司", districtId: "2") { id } }',
      {},
      taxOfficer,
    );
    enterpriseId = e.data!.createEnterprise.id;
    const r = await t.gql<{ createCheckupReport: { id: string } }>(
      `mutation { createCheckupReport(enterpriseId: "${enterpriseId}", checkDate: "2026-11-01") { id } }`,
      {},
      lawyer,
    );
    reportId = r.data!.createCheckupReport.id;
    for (const linked of [true, false])
      expect(
        (
          await t.gql(
            `mutation { createReportFinding(reportId: "${reportId}", category: TAX, riskLevel: GENERAL,
               description: "新开立账户未报告税务机关", ${linked ? `offenceId: "${offenceId}"` : ''}) { id } }`,
            {},
            lawyer,
          )
        ).errors,
      ).toBeUndefined();
  });
  afterAll(async () => t?.stop());

  const findings = async () =>
    (
      await t.gql<{ CheckupReport: { findings: { offenceId: string | null; qualification: Q | null }[] } }>(
        `{ CheckupReport(id: "${reportId}") { findings { offenceId qualification { qualifies firstOffence priorCases qualifiesAgainOn text } } } }`,
        {},
        lawyer,
      )
    ).data!.CheckupReport.findings;

  it('an enterprise without cases of the offence qualifies as a first offence, and is told how to keep it', async () => {
    const [linked, unlinked] = await findings();
    expect(unlinked.qualification).toBeNull();
    expect(linked.qualification).toMatchObject({
      qualifies: true,
      firstOffence: true,
      priorCases: 0,
      qualifiesAgainOn: null,
    });
    expect(linked.qualification!.text).toContain('属首次违法');
    expect(linked.qualification!.text).toContain('12个月内不得再有同一违法行为');
    // The item named as the decision cites it, its list's version said once.
    expect(linked.qualification!.text).toMatch(/可适用《[^》]+》(（\d+\.\d+版）)?第\d+项“首违不罚”/);
    expect(linked.qualification!.text).not.toMatch(/版）》\d+\.\d+版/);
  });

  it('a decided case of the same offence ends it, and says from when it qualifies again; the PDF says so too', async () => {
    const today = todayIso();
    const act = addDays(today, -40);
    const c = await t.gql(
      `mutation { createPenaltyCase(caseNumber: "资格-${dialect}", enterpriseId: "${enterpriseId}", districtId: "2", offenceId: "${offenceId}",
         offenceDate: "${act}", decisionDate: "${addDays(act, 5)}", harm: MINOR, corrected: true, fine: 0) { outcome } }`,
      {},
      taxOfficer,
    );
    expect(c.errors).toBeUndefined();
    const [linked] = await findings();
    expect(linked.qualification).toMatchObject({
      qualifies: false,
      firstOffence: false,
      priorCases: 1,
      qualifiesAgainOn: addDays(addMonths(act, 12), 1),
    });
    expect(linked.qualification!.text).toContain('今日不属首次违法');
    // The lawyer learns how many, never which case.
    expect(linked.qualification!.text).not.toContain(`资格-${dialect}`);
    const res = await fetch(`${t.url}/reports/${reportId}.pdf`, {
      headers: { authorization: `Bearer ${lawyer}` },
    });
    expect(res.status).toBe(200);
    const { compact } = await pdfText(new Uint8Array(await res.arrayBuffer()));
    expect(compact).toContain('今日不属首次违法');
    expect(compact).toContain(`自${addDays(addMonths(act, 12), 1)}起方可再适用`);
  });
});
