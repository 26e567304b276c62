import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../server/domain/dates';
import { dialects, startTestServer, type TestServer } from '../support/server';

/*
 * How reports are named where people meet them (issue #13, point 8): by their number and the
 * enterprise's name, never by an id; and the lawyer's pending work (drafts, returned reports,
 * findings due) as the home page asks for it, each lawyer seeing only their own.
 */
describe.each(await dialects())('report numbers, names and a lawyer’s pending work on %s', (dialect) => {
  let t: TestServer;
  let lawyer: string;
  let otherLawyer: string;
  let manager: string;
  let enterprise: { id: string; name: string };
  const today = new Date().toISOString().slice(0, 10);
  const ids: string[] = [];

  beforeAll(async () => {
    t = await startTestServer(dialect, { cases: 0 });
    lawyer = await t.login('lawyer');
    otherLawyer = await t.login('lawyer.li');
    manager = await t.login('manager');
    const e = await t.gql<{ allEnterprises: { id: string; name: string }[] }>(
      '{ allEnterprises(perPage: 1, sortField: "id", sortOrder: "ASC") { id name } }',
      {},
      lawyer,
    );
    enterprise = e.data!.allEnterprises[0];
  });
  afterAll(async () => {
    await t?.stop();
  });

  const createReport = async (token: string, checkDate: string) => {
    const res = await t.gql<{ createCheckupReport: { id: string } }>(
      'mutation($e: ID!, $d: Date!) { createCheckupReport(enterpriseId: $e, checkDate: $d, summary: "结论") { id } }',
      { e: enterprise.id, d: checkDate },
      token,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.createCheckupReport.id;
  };
  const addFinding = async (token: string, reportId: string, deadline: string, description: string) => {
    const res = await t.gql<{ createReportFinding: { id: string } }>(
      'mutation($r: ID!, $d: Date, $t: String!) { createReportFinding(reportId: $r, category: LABOUR, riskLevel: GENERAL, description: $t, deadline: $d) { id } }',
      { r: reportId, d: deadline, t: description },
      token,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.createReportFinding.id;
  };

  it('numbers a report by the year of its check and its serial, and names it with the enterprise', async () => {
    ids.push(await createReport(lawyer, '2025-03-04'), await createReport(lawyer, '2026-11-01'));
    const res = await t.gql<{ allCheckupReports: { id: string; number: string; title: string }[] }>(
      '{ allCheckupReports(filter: { ids: $ids }) { id number title } }'.replace('$ids', JSON.stringify(ids)),
      {},
      lawyer,
    );
    expect(res.errors).toBeUndefined();
    const byId = new Map(res.data!.allCheckupReports.map((r) => [r.id, r]));
    expect(byId.get(ids[0])).toEqual({
      id: ids[0],
      number: `TJ-2025-${ids[0].padStart(5, '0')}`,
      title: `TJ-2025-${ids[0].padStart(5, '0')} ${enterprise.name}`,
    });
    expect(byId.get(ids[1])!.number).toBe(`TJ-2026-${ids[1].padStart(5, '0')}`);
    expect(byId.get(ids[1])!.title).toBe(`${byId.get(ids[1])!.number} ${enterprise.name}`);
    // The same name through a finding's report, as the findings list shows it.
    const findingId = await addFinding(lawyer, ids[1], addDays(today, 3), '未签订书面劳动合同');
    const f = await t.gql<{ ReportFinding: { report: { title: string } } }>(
      `{ ReportFinding(id: "${findingId}") { report { title } } }`,
      {},
      lawyer,
    );
    expect(f.data!.ReportFinding.report.title).toBe(byId.get(ids[1])!.title);
  });

  it('keeps the number when the enterprise is renamed, and names it anew', async () => {
    const renamed = `${enterprise.name}（更名）`;
    const up = await t.gql(
      'mutation($id: ID!, $n: String!) { updateEnterprise(id: $id, name: $n) { id } }',
      { id: enterprise.id, n: renamed },
      manager,
    );
    expect(up.errors).toBeUndefined();
    const r = await t.gql<{ CheckupReport: { number: string; title: string } }>(
      `{ CheckupReport(id: "${ids[0]}") { number title } }`,
      {},
      lawyer,
    );
    expect(r.data!.CheckupReport).toEqual({
      number: `TJ-2025-${ids[0].padStart(5, '0')}`,
      title: `TJ-2025-${ids[0].padStart(5, '0')} ${renamed}`,
    });
    enterprise.name = renamed;
  });

  it('gives each lawyer only their own drafts, returned reports and findings due', async () => {
    // Another lawyer's draft with a finding past its deadline: never in this lawyer's lists.
    const theirs = await createReport(otherLawyer, today);
    await addFinding(otherLawyer, theirs, addDays(today, -2), '他人的逾期发现');
    // One of ours: a finding past due, one due in 10 days, one far off, one rectified.
    const ours = ids[0];
    const late = await addFinding(lawyer, ours, addDays(today, -5), '逾期未整改');
    const soon = await addFinding(lawyer, ours, addDays(today, 10), '即将到期');
    await addFinding(lawyer, ours, addDays(today, 200), '远期');
    const done = await addFinding(lawyer, ours, addDays(today, 1), '已整改的');
    expect(
      (
        await t.gql(
          'mutation($id: ID!) { updateReportFinding(id: $id, rectified: true) { id } }',
          { id: done },
          lawyer,
        )
      ).errors,
    ).toBeUndefined();
    // Submitted and returned by the manager, with a note.
    expect(
      (await t.gql(`mutation { submitReport(id: "${ours}") { id } }`, {}, lawyer)).errors,
    ).toBeUndefined();
    expect(
      (
        await t.gql(
          `mutation { returnReport(id: "${ours}", comment: "请补充整改期限依据") { id } }`,
          {},
          manager,
        )
      ).errors,
    ).toBeUndefined();

    const pending = async (token: string) =>
      (
        await t.gql<{
          me: { id: string };
          drafts: { id: string; title: string; lawyerId: string }[];
          returned: { id: string; title: string; reviewComment: string; lawyerId: string }[];
          due: {
            description: string;
            deadline: string;
            rectified: boolean;
            report: { title: string; lawyerId: string };
          }[];
        }>(
          `query($due: Date!) {
            me { id }
            drafts: allCheckupReports(filter: { status: DRAFT }, perPage: 1000) { id title lawyerId }
            returned: allCheckupReports(filter: { status: RETURNED }, perPage: 1000) { id title reviewComment lawyerId }
            due: allReportFindings(filter: { rectified: false, deadline_lte: $due }, sortField: "deadline", sortOrder: "ASC", perPage: 1000) {
              description deadline rectified report { title lawyerId }
            }
          }`,
          { due: addDays(today, 14) },
          token,
        )
      ).data!;

    // The demo data has reports of its own: ours are among them, and nothing of anyone else's.
    const mine = await pending(lawyer);
    const me = mine.me.id;
    expect(mine.drafts.map((r) => r.id)).toContain(ids[1]);
    expect(mine.drafts.map((r) => r.id)).not.toContain(ours);
    expect(mine.drafts.map((r) => r.id)).not.toContain(theirs);
    expect(mine.returned).toContainEqual({
      id: ours,
      title: `TJ-2025-${ours.padStart(5, '0')} ${enterprise.name}`,
      reviewComment: '请补充整改期限依据',
      lawyerId: me,
    });
    for (const r of [...mine.drafts, ...mine.returned]) {
      expect(r.lawyerId).toBe(me);
      expect(r.title).toMatch(/^TJ-\d{4}-\d{5} \S/);
    }
    const dueTexts = mine.due.map((f) => f.description);
    for (const [a, b] of [
      ['逾期未整改', '未签订书面劳动合同'],
      ['未签订书面劳动合同', '即将到期'],
    ])
      expect(dueTexts.indexOf(a)).toBeLessThan(dueTexts.indexOf(b));
    expect(dueTexts).toContain('逾期未整改');
    expect(dueTexts).not.toContain('远期');
    expect(dueTexts).not.toContain('已整改的');
    expect(dueTexts).not.toContain('他人的逾期发现');
    for (const f of mine.due) {
      expect(f.report.lawyerId).toBe(me);
      expect(f.rectified).toBe(false);
      expect(f.deadline <= addDays(today, 14)).toBe(true);
    }
    expect(mine.due.find((f) => f.description === '逾期未整改')).toMatchObject({
      deadline: addDays(today, -5),
      report: { title: `TJ-2025-${ours.padStart(5, '0')} ${enterprise.name}` },
    });
    expect(late).not.toBe(soon);

    const other = await pending(otherLawyer);
    expect(other.drafts.map((r) => r.id)).toContain(theirs);
    expect(other.drafts.map((r) => r.id)).not.toContain(ids[1]);
    expect(other.returned.map((r) => r.id)).not.toContain(ours);
    expect(other.due.map((f) => f.description)).toContain('他人的逾期发现');
    expect(other.due.map((f) => f.description)).not.toContain('逾期未整改');
    for (const f of other.due) expect(f.report.lawyerId).toBe(other.me.id);
  });
});
