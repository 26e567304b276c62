import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../server/domain/dates';
import { CORRECTION_DAYS, DEFAULT_TEMPLATES, VISIT_DAYS } from '../../server/domain/documents';
import { pdfText } from '../support/pdf-text';
import { dialects, errorCode, startTestServer, type TestServer } from '../support/server';

// A case's documents (issue #12 §5) and its follow-up visit (§6), on each dialect.
describe.each(await dialects())('case documents and follow-up on %s', (dialect) => {
  let t: TestServer;
  let officer: string;
  let sthj: string;
  let manager: string;
  let reviewer: string;
  let lawyer: string;
  const offence: Record<string, string> = {};
  let enterpriseId = '';
  let n = 0;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestServer(dialect, { cases: 20 });
    [officer, sthj, manager, lawyer, reviewer] = await Promise.all(
      ['officer', 'officer.sthj', 'manager', 'lawyer', 'reviewer'].map((u) => t.login(u)),
    );
    const offences = await t.gql<{ allOffences: { id: string; code: string }[] }>(
      '{ allOffences(perPage: 200) { id code } }',
      {},
      officer,
    );
    for (const o of offences.data!.allOffences) offence[o.code] = o.id;
    const e = await t.gql<{ createEnterprise: { id: string } }>(
      'mutation { createEnterprise(creditCode: "91150203100000007M", name: "包头市文书测试有限公司", districtId: "2", address: "包头市昆都仑区钢铁大街1号", legalRepresentative: "张三") { id } }',
      {},
      officer,
    );
    expect(e.errors).toBeUndefined();
    enterpriseId = e.data!.createEnterprise.id;
  });
  afterAll(async () => t?.stop());

  type Case = {
    id: string;
    outcome: string;
    status: string;
    version: number;
    decision: { fineRange: { min: number; max: number } | null };
  };
  const createCase = async (fields: string, token = officer) => {
    const res = await t.gql<{ createPenaltyCase: Case }>(
      `mutation { createPenaltyCase(caseNumber: "文书-${dialect}-${++n}", enterpriseId: "${enterpriseId}", districtId: "2", ${fields}) {
        id outcome status version decision { fineRange { min max } } } }`,
      {},
      token,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.createPenaltyCase;
  };
  const fetchDoc = (id: string, kind: string, token: string | null) =>
    fetch(`${t.url}/cases/${id}/documents/${kind}.pdf`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  const readDoc = async (id: string, kind: string, token: string) => {
    const res = await fetchDoc(id, kind, token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const hash = res.headers.get('x-content-hash')!;
    const { compact, pages } = await pdfText(new Uint8Array(await res.arrayBuffer()));
    return { compact, pages, hash };
  };

  it('prints a 行政处罚决定书 with every element of 行政处罚法 Art. 59 and the officer’s 从轻/减轻 choice', async () => {
    // Art. 32 (主动供述): both 从轻 and 减轻 are open; the officer picks 减轻 and says why.
    const c = await createCase(
      `offenceId: "${offence['SCJG-002']}", offenceDate: "2026-09-01", discoveredDate: "2026-09-03", decisionDate: "2026-09-10",
       harm: GENERAL, corrected: false, refusedCorrection: true, mitigating: [CONFESSED], officerChoice: MITIGATED,
       choiceReason: "当事人主动供述本机关尚未掌握的进货记录", evidence: "现场检查笔录、询问笔录、进货单据"`,
    );
    expect(c.outcome).toBe('MITIGATED');
    // 减轻 goes to 法制审核 (Art. 58) before it is a decision of record: nothing prints meanwhile.
    expect(c.status).toBe('IN_REVIEW');
    expect((await fetchDoc(c.id, 'penalty-decision', officer)).status).toBe(409);
    const step = async (mutation: string, token: string) => {
      const res = await t.gql<Record<string, { status: string; version: number }>>(
        `mutation { ${mutation} { status version } }`,
        {},
        token,
      );
      expect(res.errors).toBeUndefined();
      return Object.values(res.data!)[0];
    };
    // The reviewer returns it for the fine; the officer sets it and resubmits; the reviewer approves.
    const returned = await step(
      `returnCase(id: "${c.id}", version: ${c.version}, note: "请确定罚款数额")`,
      reviewer,
    );
    expect(returned.status).toBe('RETURNED');
    const range = c.decision.fineRange!;
    const fine = range.max > 0 ? Math.max(range.min, 100) : 0;
    const revised = await step(
      `updatePenaltyCase(id: "${c.id}", version: ${returned.version}, fine: ${fine})`,
      officer,
    );
    const submitted = await step(`submitCaseForReview(id: "${c.id}", version: ${revised.version})`, officer);
    expect(submitted.status).toBe('IN_REVIEW');
    const approved = await step(`approveCase(id: "${c.id}", version: ${submitted.version})`, reviewer);
    expect(approved.status).toBe('DECIDED');
    ids.penalty = c.id;
    const doc = await readDoc(c.id, 'penalty-decision', officer);
    const { compact } = doc;
    // (1) the party's name and address
    expect(compact).toContain('当事人：包头市文书测试有限公司');
    expect(compact).toContain('地址：包头市昆都仑区钢铁大街1号');
    // (2) the facts and the evidence
    expect(compact).toContain('违法事实：当事人于2026-09-01实施');
    expect(compact).toContain('证据：现场检查笔录、询问笔录、进货单据');
    // (3) the kind and basis of the penalty, with the 从轻/减轻 reasoning from the stored decision
    expect(compact).toContain('处罚依据：');
    expect(compact).toContain('处罚种类和幅度：本机关决定对当事人');
    // The choice is the agency's (Art. 57), under Art. 32 for 从轻/减轻.
    expect(compact).toContain(
      '依据《中华人民共和国行政处罚法》第三十二条，本机关决定减轻处罚，理由：当事人主动供述本机关尚未掌握的进货记录',
    );
    expect(compact).not.toContain('执法人员');
    // (4) how and by when to perform it
    expect(compact).toContain('自收到本决定书之日起十五日内');
    // (5) 行政复议 within 60 days before the government the agency belongs to, named as the
    // department gives it (行政复议法 2023 Art. 24; not the department one level up), 行政诉讼
    // within 6 months
    expect(compact).toContain('自收到本决定书之日起六十日内向包头市人民政府申请行政复议');
    expect(compact).toContain('行政复议法》第二十条、第二十四条');
    expect(compact).not.toContain('上一级主管部门');
    expect(compact).toContain('六个月内依法向人民法院提起行政诉讼');
    expect(compact).toContain('行政诉讼法》第四十六条');
    // A penalty decision orders correction (Art. 28 ¶1); education 免罚不免责 is for no-penalty ones.
    expect(compact).toContain(
      '九、其他事项：依据《中华人民共和国行政处罚法》第二十八条第一款，责令当事人改正违法行为',
    );
    expect(compact).not.toContain('免罚不免责');
    expect(compact).not.toContain('第三十三条第三款');
    // (6) the agency and the date
    expect(compact).toContain('包头市市场监督管理局（印章）');
    expect(compact).toContain('2026-09-10');
    expect(compact).toContain(`文书-${dialect}-${n}`);
    // The hash is in every page's footer (the footer's Chinese words are drawn in a font pdf.js
    // does not map back to text; the hash is ASCII).
    expect(compact.split(doc.hash).length - 1).toBe(doc.pages);
    expect(doc.hash).toMatch(/^[0-9A-F]{16}$/);
    // The same case prints the same document; a no-penalty decision is not among its kinds.
    expect((await readDoc(c.id, 'penalty-decision', manager)).hash).toBe(doc.hash);
    const wrong = await fetchDoc(c.id, 'no-penalty-decision', officer);
    expect(wrong.status).toBe(409);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toContain(
      '可制作：行政处罚决定书、责令改正通知书',
    );
  });

  it('prints a 不予行政处罚决定书 with the basis and the education given, and a 责令改正通知书 with what and by when', async () => {
    const c = await createCase(
      `offenceId: "${offence['SCJG-009']}", offenceDate: "2026-10-01", decisionDate: "2026-10-08", harm: NONE, corrected: true, fine: 0,
       evidence: "现场检查笔录"`,
    );
    expect(c.outcome).toBe('NONE');
    ids.none = c.id;
    const { compact } = await readDoc(c.id, 'no-penalty-decision', officer);
    expect(compact).toContain('不予行政处罚决定书');
    expect(compact).toContain('不予处罚的理由和依据：');
    expect(compact).toContain('不予行政处罚');
    // Education where no penalty is imposed (Art. 33 ¶3); the party corrected, so no order is
    // given, and Art. 28 (行政机关实施行政处罚时) is not cited; the decision is said once, in 五.
    expect(compact).toContain('第三十三条第三款，本机关对当事人进行教育；当事人已改正违法行为。');
    expect(compact).not.toContain('第二十八条');
    expect(compact).not.toContain('同时责令改正');
    expect(compact).not.toContain('免罚不免责');
    expect(compact.split('决定对当事人不予行政处罚').length - 1).toBe(1);
    // The item is cited once, its version once.
    expect(compact).not.toMatch(/(\d+\.\d+)版）?》?\s*\1版/);
    expect(compact).toContain('六十日内');
    const order = (await readDoc(c.id, 'correction-order', officer)).compact;
    expect(order).toContain('责令改正通知书');
    expect(order).toContain('第二十八条第一款');
    expect(order).toContain(`改正期限：${addDays('2026-10-08', CORRECTION_DAYS)}前改正完毕`);
    // No commitment letter: the item does not ask for one.
    expect((await fetchDoc(c.id, 'commitment-letter', officer)).status).toBe(409);
  });

  it('refuses a 行政处罚决定书 that would impose nothing: no fine recorded and no other penalty', async () => {
    const c = await createCase(
      `offenceId: "${offence['SCJG-009']}", offenceDate: "2026-10-01", decisionDate: "2026-10-08", harm: GENERAL, corrected: false,
       evidence: "现场检查笔录"`,
    );
    expect(c.outcome).not.toBe('NONE');
    expect(c.status).toBe('DECIDED');
    const res = await fetchDoc(c.id, 'penalty-decision', officer);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('未登记罚款金额');
  });

  it('orders 食品安全法 Art. 136 confiscation by a 行政处罚决定书, never a 不予行政处罚决定书', async () => {
    const c = await createCase(
      `offenceId: "${offence['SCJG-013']}", offenceDate: "2026-10-01", decisionDate: "2026-10-08", harm: MINOR, corrected: true,
       noFaultEvidence: true, basisAmount: 800, evidence: "进货查验记录、供货商资质"`,
    );
    expect(c.outcome).toBe('NONE');
    expect(c.status).toBe('DECIDED');
    const refused = await fetchDoc(c.id, 'no-penalty-decision', officer);
    expect(refused.status).toBe(409);
    const { compact } = await readDoc(c.id, 'penalty-decision', officer);
    expect(compact).toContain('处罚种类和幅度：本机关决定对当事人没收非法财物。');
    expect(compact).toContain('可以免予处罚，但应当依法没收非法财物');
    expect(compact).toContain('本决定自送达之日起执行');
  });

  it('issues only a 责令改正通知书 while a fine awaits a refusal to correct, never a 不予行政处罚决定书', async () => {
    // 拒不改正的，处…罚款: not corrected, no refusal found yet: the order to correct is the outcome.
    const c = await createCase(
      `offenceId: "${offence['SCJG-006']}", offenceDate: "2026-10-01", decisionDate: "2026-10-08", harm: GENERAL, corrected: false,
       evidence: "现场检查笔录"`,
    );
    expect(c.outcome).toBe('NONE');
    const refused = await fetchDoc(c.id, 'no-penalty-decision', officer);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
      '可制作：责令改正通知书）',
    );
    const order = (await readDoc(c.id, 'correction-order', officer)).compact;
    expect(order).toContain('逾期不改正的，本机关将依法处理');
  });

  it('prints a 告知承诺书 where the list item asks for one', async () => {
    const c = await createCase(
      `offenceId: "${offence['STHJ-001']}", offenceDate: "2026-10-01", decisionDate: "2026-10-09", harm: MINOR, corrected: true, fine: 0`,
      sthj,
    );
    expect(c.outcome).toBe('NONE');
    const { compact } = await readDoc(c.id, 'commitment-letter', sthj);
    expect(compact).toContain('告知承诺书');
    expect(compact).toContain('签订环境守法承诺书');
    expect(compact).toContain(`将于${addDays('2026-10-09', CORRECTION_DAYS)}前改正完毕`);
    // The party promises what it does; it does not waive the law's leniency in advance.
    expect(compact).not.toContain('不再适用');
    expect(compact).not.toContain('批评教育；');
    // Another department's officer does not learn the case exists.
    expect((await fetchDoc(c.id, 'commitment-letter', officer)).status).toBe(404);
  });

  it('refuses a decision without evidence, an undecided case, unknown kinds, and readers without the case', async () => {
    const c = await createCase(
      `offenceId: "${offence['SCJG-009']}", offenceDate: "2026-10-02", decisionDate: "2026-10-08", harm: NONE, corrected: true, fine: 0`,
    );
    const res = await fetchDoc(c.id, 'no-penalty-decision', officer);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('未登记证据');
    // Its correction order needs no evidence.
    expect((await fetchDoc(c.id, 'correction-order', officer)).status).toBe(200);
    const open = await createCase(
      `offenceId: "${offence['SCJG-009']}", offenceDate: "2026-10-03", harm: NONE, corrected: true`,
    );
    expect(open.status).toBe('OPEN');
    expect((await fetchDoc(open.id, 'correction-order', officer)).status).toBe(409);
    expect((await fetchDoc(c.id, 'penalty-notice', officer)).status).toBe(404);
    expect((await fetchDoc('99999', 'correction-order', officer)).status).toBe(404);
    // A lawyer reads no cases at all (the PenaltyCase read rule): refused, as the report PDF is.
    expect((await fetchDoc(c.id, 'correction-order', lawyer)).status).toBe(403);
    expect((await fetchDoc(c.id, 'correction-order', sthj)).status).toBe(404);
    expect((await fetchDoc(c.id, 'correction-order', null)).status).toBe(401);
  });

  it('prints from the template a manager edits; a template must keep what the law requires', async () => {
    type T = { id: string; version: number; kind: string; departmentId: string | null };
    const all = await t.gql<{ allDocumentTemplates: T[] }>(
      '{ allDocumentTemplates { id version kind departmentId } }',
      {},
      manager,
    );
    // The demo seeds the city's defaults, one per kind.
    expect(all.data!.allDocumentTemplates.map((x) => x.kind).sort()).toEqual([
      'COMMITMENT_LETTER',
      'CORRECTION_ORDER',
      'NO_PENALTY_DECISION',
      'PENALTY_DECISION',
    ]);
    const def = all.data!.allDocumentTemplates.find((x) => x.kind === 'PENALTY_DECISION')!;
    const body = DEFAULT_TEMPLATES.PENALTY_DECISION.body;
    const update = (b: string, token = manager) =>
      t.gql<{ updateDocumentTemplate: T }>(
        `mutation($b: String!) { updateDocumentTemplate(id: "${def.id}", body: $b) { id version } }`,
        { b },
        token,
      );
    const missing = await update(body.replace('{{remedies}}', ''));
    expect(errorCode(missing)).toBe('BAD_USER_INPUT');
    expect(missing.errors![0].message).toContain('申请行政复议、提起行政诉讼的途径和期限');
    const unknown = await update(`${body}\n{{fooBar}}`);
    expect(errorCode(unknown)).toBe('BAD_USER_INPUT');
    const before = await readDoc(ids.penalty, 'penalty-decision', officer);
    expect(before.compact).toContain(`文书模板第${def.version}版`);
    const edited = await update(body.replace('九、其他事项', '九、特别提示'));
    expect(edited.errors).toBeUndefined();
    expect(edited.data!.updateDocumentTemplate.version).toBe(def.version + 1);
    const after = await readDoc(ids.penalty, 'penalty-decision', officer);
    expect(after.compact).toContain('九、特别提示');
    expect(after.compact).toContain(`文书模板第${def.version + 1}版`);
    expect(after.hash).not.toBe(before.hash);
    // A department's own template wins over the default for its cases only.
    const own = await t.gql(
      `mutation($b: String!) { createDocumentTemplate(kind: PENALTY_DECISION, departmentId: "${(await t.gql<{ allDepartments: { id: string; code: string }[] }>('{ allDepartments { id code } }', {}, manager)).data!.allDepartments.find((d) => d.code === 'SCJG')!.id}", title: "行政处罚决定书", body: $b) { id } }`,
      { b: body.replace('九、其他事项', '九、市场监管提示') },
      manager,
    );
    expect(own.errors).toBeUndefined();
    expect((await readDoc(ids.penalty, 'penalty-decision', officer)).compact).toContain('九、市场监管提示');
    const twin = await t.gql(
      `mutation($b: String!) { createDocumentTemplate(kind: PENALTY_DECISION, title: "行政处罚决定书", body: $b) { id } }`,
      { b: body },
      manager,
    );
    expect(errorCode(twin)).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql('{ allDocumentTemplates { id } }', {}, lawyer))).toBe('FORBIDDEN');
    const byOfficer = await update(body, officer);
    expect(errorCode(byOfficer)).toBe('FORBIDDEN');
  });

  it('schedules a follow-up visit for a lenient decision; the officer records its result', async () => {
    type Visit = {
      id: string;
      version: number;
      correctionDeadline: string;
      dueDate: string;
      result: string;
      doneDate: string | null;
      officerId: string | null;
    };
    const visits = await t.gql<{ allFollowUpVisits: (Visit & { penaltyCaseId: string })[] }>(
      `{ allFollowUpVisits(filter: { penaltyCaseId: "${ids.none}" }) { id version penaltyCaseId correctionDeadline dueDate result doneDate officerId } }`,
      {},
      officer,
    );
    expect(visits.errors).toBeUndefined();
    const [v] = visits.data!.allFollowUpVisits;
    expect(v).toMatchObject({
      correctionDeadline: addDays('2026-10-08', CORRECTION_DAYS),
      dueDate: addDays('2026-10-08', VISIT_DAYS),
      result: 'PENDING',
      doneDate: null,
    });
    // Another department's officer neither sees nor records it.
    expect(
      (
        await t.gql<{ allFollowUpVisits: unknown[] }>(
          `{ allFollowUpVisits(filter: { penaltyCaseId: "${ids.none}" }) { id } }`,
          {},
          sthj,
        )
      ).data!.allFollowUpVisits,
    ).toEqual([]);
    const bad = await t.gql(
      `mutation { updateFollowUpVisit(id: "${v.id}", version: ${v.version}, doneDate: "2026-11-01") { id } }`,
      {},
      officer,
    );
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions!.field).toBe('result');
    const done = await t.gql<{ updateFollowUpVisit: Visit }>(
      `mutation { updateFollowUpVisit(id: "${v.id}", version: ${v.version}, result: CORRECTED, notes: "已改正，现场核实") { result doneDate officerId } }`,
      {},
      officer,
    );
    expect(done.errors).toBeUndefined();
    expect(done.data!.updateFollowUpVisit.result).toBe('CORRECTED');
    expect(done.data!.updateFollowUpVisit.doneDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(done.data!.updateFollowUpVisit.officerId).not.toBeNull();
    // A penalty at the standard tier gets none.
    const standard = await createCase(
      `offenceId: "${offence['SCJG-002']}", offenceDate: "2026-09-05", decisionDate: "2026-09-10", harm: SERIOUS, corrected: false`,
    );
    expect(
      (
        await t.gql<{ allFollowUpVisits: unknown[] }>(
          `{ allFollowUpVisits(filter: { penaltyCaseId: "${standard.id}" }) { id } }`,
          {},
          manager,
        )
      ).data!.allFollowUpVisits,
    ).toEqual([]);
  });
});
