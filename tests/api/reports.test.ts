import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../support/pdf-text';
import { dialects, errorCode, startTestServer, type TestServer } from '../support/server';

const REPORT = `id status version riskIndex riskLevel reviewComment submittedAt reviewedAt deliveredAt contentHash
  findings { id riskLevel offenceId leniencyHint { kind listVersion number text } }`;

// The health-check report workflow through the API (issue #4), and its PDF.
describe.each(await dialects())('health-check reports on %s', (dialect) => {
  let t: TestServer;
  let lawyer: string;
  let otherLawyer: string;
  let manager: string;
  let officer: string;
  let reportId = '';
  let offenceId = '';

  beforeAll(async () => {
    t = await startTestServer(dialect, { cases: 20 });
    lawyer = await t.login('lawyer');
    otherLawyer = await t.login('lawyer.li');
    manager = await t.login('manager');
    officer = await t.login('officer');
    const offences = await t.gql<{ allOffences: { id: string }[] }>(
      '{ allOffences(filter: { code: "SWJ-001" }) { id } }',
      {},
      lawyer,
    );
    offenceId = offences.data!.allOffences[0].id;
  });
  afterAll(async () => {
    await t?.stop();
  });

  const report = async (token = lawyer) =>
    (
      await t.gql<{
        CheckupReport: Record<string, unknown> & {
          status: string;
          version: number;
          findings: { id: string }[];
        };
      }>(`{ CheckupReport(id: "${reportId}") { ${REPORT} } }`, {}, token)
    ).data!.CheckupReport;
  const act = (mutation: string, token: string) =>
    t.gql<Record<string, { status: string }>>(`mutation { ${mutation} { status } }`, {}, token);

  const pdf = async (token: string, id = reportId) => {
    const res = await fetch(`${t.url}/reports/${id}.pdf`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) return { status: res.status, text: '', raw: '', pages: 0 };
    expect(res.headers.get('content-type')).toBe('application/pdf');
    // pdf.js (pure npm) reads the text back; the watermark's letters keep their content order.
    // Compared without white space: the title's letter-spacing comes back as spaces.
    const { compact: text, pages } = await pdfText(new Uint8Array(await res.arrayBuffer()));
    const raw = text;
    return { status: 200, text, raw, pages };
  };

  it('lets a lawyer draft a report with findings; the risk index follows the findings', async () => {
    const created = await t.gql<{
      createCheckupReport: { id: string; lawFirm: string; riskIndex: number; status: string };
    }>(
      'mutation { createCheckupReport(enterpriseId: "1", checkDate: "2026-11-01", scope: "劳动用工、税务", method: "现场查阅") { id lawFirm riskIndex status } }',
      {},
      lawyer,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createCheckupReport).toMatchObject({
      lawFirm: '内蒙古正大律师事务所',
      riskIndex: 0,
      status: 'DRAFT',
    });
    reportId = created.data!.createCheckupReport.id;
    for (const [level, extra] of [
      ['SIGNIFICANT', `offenceId: "${offenceId}"`],
      ['GENERAL', ''],
    ])
      expect(
        (
          await t.gql(
            `mutation { createReportFinding(reportId: "${reportId}", category: TAX, riskLevel: ${level}, description: "新开立账户未报告税务机关",
              legalBasis: "《税收征收管理法》第十七条", recommendation: "立即报告", deadline: "2026-12-31", ${extra}) { id } }`,
            {},
            lawyer,
          )
        ).errors,
      ).toBeUndefined();
    const r = await report();
    expect(r).toMatchObject({ riskIndex: 64, riskLevel: 'SIGNIFICANT' }); // 60 + 35/10, domain/report.ts
  });

  it('tells the enterprise which findings are on the lenient list', async () => {
    const r = (await report()) as unknown as {
      findings: {
        offenceId: string | null;
        leniencyHint: { kind: string; listVersion: string; text: string } | null;
      }[];
    };
    const linked = r.findings.find((f) => f.offenceId === offenceId)!;
    expect(linked.leniencyHint).toMatchObject({ kind: 'FIRST_OFFENCE_NO_PENALTY', listVersion: '3.0' });
    expect(linked.leniencyHint!.text).toContain('首违不罚');
    expect(linked.leniencyHint!.text).toContain('执法检查发现前改正');
    expect(r.findings.find((f) => f.offenceId === null)!.leniencyHint).toBeNull();
  });

  it('names the list of the hint with its version, for a list whose title has none', async () => {
    // 预包装食品标签瑕疵 (SCJG-014) is listed only by the province's 市场监管 list, titled without
    // its version: the hint names it as decisions do, 《title》（1.0版）第N项.
    const { data } = await t.gql<{ allOffences: { id: string }[] }>(
      '{ allOffences(filter: { code: "SCJG-014" }) { id } }',
      {},
      lawyer,
    );
    const own = await t.gql<{ createCheckupReport: { id: string } }>(
      'mutation { createCheckupReport(enterpriseId: "2", checkDate: "2026-11-01", scope: "食品标签", method: "现场查阅") { id } }',
      {},
      lawyer,
    );
    const finding = await t.gql<{
      createReportFinding: { leniencyHint: { listVersion: string; text: string } };
    }>(
      `mutation { createReportFinding(reportId: "${own.data!.createCheckupReport.id}", category: OTHER, riskLevel: GENERAL,
        description: "预包装食品标签瑕疵", offenceId: "${data!.allOffences[0].id}") { leniencyHint { listVersion text } } }`,
      {},
      lawyer,
    );
    expect(finding.errors).toBeUndefined();
    expect(finding.data!.createReportFinding.leniencyHint.listVersion).toBe('1.0');
    expect(finding.data!.createReportFinding.leniencyHint.text).toMatch(
      /^本项属《内蒙古自治区市场监管领域不予处罚清单》（1\.0版）第\d+项“轻微违法不予处罚”事项/,
    );
  });

  it('prints a draft with a watermark, page numbers and the content hash, in real Chinese text', async () => {
    const r = await report();
    const printed = await pdf(lawyer);
    expect(printed.status).toBe(200);
    expect(printed.text).toContain('法治体检报告');
    expect(printed.text).toContain('统一社会信用代码');
    expect(printed.text.replace(/\s+/g, '')).toContain('新开立账户未报告税务机关');
    // (The Latin letters come from another subset of the font: a line may break between them.)
    expect(printed.raw.replace(/\s+/g, '')).toContain('草稿DRAFT');
    // The footer: 第X页/共Y页 and the hash on every page. pdf.js does not map the footer's
    // Chinese glyphs back to text (it reads 1/Y); pdftotext, where installed, reads them all.
    expect(printed.text).toMatch(/1页?\/共?\d+/);
    expect(printed.text.split(String(r.contentHash)).length - 1).toBe(printed.pages);
    expect(printed.text.replace(/\s+/g, '')).toContain('首违不罚');
    expect(printed.pages).toBeGreaterThanOrEqual(1);
    // 报告编号 as the panel shows it: the year of the check and the serial.
    expect(printed.raw.replace(/\s+/g, '')).toContain(`TJ-2026-${reportId.padStart(5, '0')}`);
  });

  it('walks the workflow: submit, return with a comment, revise, resubmit, accept, deliver', async () => {
    expect(errorCode(await act(`submitReport(id: "${reportId}")`, otherLawyer))).toBe('FORBIDDEN');
    expect(errorCode(await act(`acceptReport(id: "${reportId}")`, manager))).toBe('BAD_USER_INPUT'); // not submitted yet
    const noSummary = await act(`submitReport(id: "${reportId}")`, lawyer);
    expect(errorCode(noSummary)).toBe('BAD_USER_INPUT');
    expect(noSummary.errors![0].extensions!.field).toBe('summary');
    await t.gql(
      `mutation { updateCheckupReport(id: "${reportId}", summary: "总体规范，税务方面存在风险。") { id } }`,
      {},
      lawyer,
    );
    expect((await act(`submitReport(id: "${reportId}")`, lawyer)).data!.submitReport.status).toBe(
      'SUBMITTED',
    );

    // Submitted: the lawyer can no longer edit it or its findings.
    const edit = await t.gql(
      `mutation { updateCheckupReport(id: "${reportId}", summary: "偷偷修改") { id } }`,
      {},
      lawyer,
    );
    expect(errorCode(edit)).toBe('FORBIDDEN');
    const findingId = (await report()).findings[0].id;
    expect(
      errorCode(
        await t.gql(
          `mutation { updateReportFinding(id: "${findingId}", description: "改") { id } }`,
          {},
          lawyer,
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(errorCode(await act(`returnReport(id: "${reportId}", comment: "")`, manager))).toBe(
      'BAD_USER_INPUT',
    );
    expect(errorCode(await act(`returnReport(id: "${reportId}", comment: "请补充依据")`, officer))).toBe(
      'FORBIDDEN',
    );
    expect(
      (await act(`returnReport(id: "${reportId}", comment: "请补充整改期限的依据")`, manager)).data!
        .returnReport.status,
    ).toBe('RETURNED');

    // Returned: the lawyer's first edit makes it a draft again; the comment stays readable.
    await t.gql(
      `mutation { updateCheckupReport(id: "${reportId}", method: "现场查阅、访谈财务负责人") { id } }`,
      {},
      lawyer,
    );
    expect(await report()).toMatchObject({ status: 'DRAFT', reviewComment: '请补充整改期限的依据' });
    expect((await act(`submitReport(id: "${reportId}")`, lawyer)).data!.submitReport.status).toBe(
      'SUBMITTED',
    );
    expect(
      (await act(`acceptReport(id: "${reportId}", comment: "同意")`, manager)).data!.acceptReport.status,
    ).toBe('ACCEPTED');
    expect(errorCode(await act(`deliverReport(id: "${reportId}")`, lawyer))).toBe('FORBIDDEN');
    expect((await act(`deliverReport(id: "${reportId}")`, manager)).data!.deliverReport.status).toBe(
      'DELIVERED',
    );
    const done = await report(manager);
    expect(done.submittedAt && done.reviewedAt && done.deliveredAt).toBeTruthy();

    const audit = await t.gql<{ allAuditEntries: { action: string }[] }>(
      `{ allAuditEntries(filter: { entityType: "CheckupReport", entityId: "${reportId}" }, sortField: "id", sortOrder: "ASC") { action } }`,
      {},
      manager,
    );
    expect(audit.data!.allAuditEntries.map((a) => a.action).filter((a) => a !== 'update')).toEqual([
      'create',
      'submit',
      'return',
      'submit',
      'accept',
      'deliver',
    ]);
  });

  it('prints the accepted report without the watermark, and refuses other lawyers and officers', async () => {
    const printed = await pdf(manager);
    expect(printed.raw).not.toContain('DRAFT');
    expect(printed.raw).not.toContain('草稿');
    expect(printed.text).toContain('已送达');
    expect((await pdf(otherLawyer)).status).toBe(404);
    expect((await pdf(officer)).status).toBe(403);
    expect((await fetch(`${t.url}/reports/${reportId}.pdf`)).status).toBe(401);
  });

  it('records rectification after delivery, and shows open findings on the enterprise', async () => {
    const before = await t.gql<{ Enterprise: { openFindings: { id: string }[] } }>(
      '{ Enterprise(id: "1") { openFindings { id } } }',
      {},
      lawyer,
    );
    const ids = before.data!.Enterprise.openFindings.map((f) => f.id);
    const mine = (await report()).findings.map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(mine));
    const rectify = await t.gql(
      `mutation { updateReportFinding(id: "${mine[0]}", rectified: true, rectificationNote: "已报告") { rectifiedAt } }`,
      {},
      manager,
    );
    expect(rectify.errors).toBeUndefined();
    const after = await t.gql<{ Enterprise: { openFindings: { id: string }[] } }>(
      '{ Enterprise(id: "1") { openFindings { id } } }',
      {},
      lawyer,
    );
    expect(after.data!.Enterprise.openFindings.map((f) => f.id)).not.toContain(mine[0]);
    expect((await report()).riskIndex).toBeLessThan(64); // a rectified finding weighs less
    const officerView = await t.gql<{ Enterprise: { openFindings: unknown[] } }>(
      '{ Enterprise(id: "1") { openFindings { id } } }',
      {},
      officer,
    );
    expect(officerView.data!.Enterprise.openFindings).toEqual([]);
  });

  it('catches concurrent edits by the version', async () => {
    const created = await t.gql<{ createCheckupReport: { id: string; version: number } }>(
      'mutation { createCheckupReport(enterpriseId: "2", checkDate: "2026-11-02") { id version } }',
      {},
      lawyer,
    );
    const { id, version } = created.data!.createCheckupReport;
    expect(
      (
        await t.gql(
          `mutation { updateCheckupReport(id: "${id}", version: ${version}, scope: "甲") { id } }`,
          {},
          lawyer,
        )
      ).errors,
    ).toBeUndefined();
    const stale = await t.gql(
      `mutation { updateCheckupReport(id: "${id}", version: ${version}, scope: "乙") { id } }`,
      {},
      lawyer,
    );
    expect(errorCode(stale)).toBe('CONFLICT');
    expect(
      errorCode(
        await t.gql(`mutation { submitReport(id: "${id}", version: ${version}) { id } }`, {}, lawyer),
      ),
    ).toBe('CONFLICT');
  });
});
