import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, errorCode, startTestServer, type TestServer } from '../support/server';

// The ra-data-graphql-simple grammar over real HTTP, on SQLite and on PostgreSQL.
describe.each(await dialects())('CRUD API on %s', (dialect) => {
  let t: TestServer;
  let admin: string;
  let officer: string;

  beforeAll(async () => {
    t = await startTestServer(dialect);
    admin = await t.login('admin');
    officer = await t.login('officer');
  });
  afterAll(async () => t?.stop());

  it('refuses every operation but login without a token', async () => {
    const res = await t.gql('{ allEnterprises { id } }');
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
    const me = await t.gql('{ me { id } }');
    expect(errorCode(me)).toBe('UNAUTHENTICATED');
    const forged = await t.gql('{ allEnterprises { id } }', {}, `${admin}x`);
    expect(errorCode(forged)).toBe('UNAUTHENTICATED');
  });

  it('refuses a wrong password without telling which part was wrong', async () => {
    const bad = await t.gql('mutation { login(username: "admin", password: "nope") { token } }');
    const unknown = await t.gql('mutation { login(username: "nobody", password: "nope") { token } }');
    expect(errorCode(bad)).toBe('UNAUTHENTICATED');
    expect(bad.errors?.[0].message).toBe(unknown.errors?.[0].message);
  });

  it('creates, reads, lists, updates and deletes an enterprise, auditing each change', async () => {
    const created = await t.gql<{
      createEnterprise: { id: string; creditCode: string; district: { name: string } };
    }>(
      `mutation { createEnterprise(creditCode: "91150203100000007M", name: "包头市测试稀土材料有限公司",
        districtId: "2", scale: SMALL, registeredAt: "2020-05-06") { id creditCode district { name } } }`,
      {},
      admin,
    );
    expect(created.errors).toBeUndefined();
    const id = created.data!.createEnterprise.id;
    expect(created.data!.createEnterprise.district.name).toBe('昆都仑区');

    const one = await t.gql<{ Enterprise: { name: string; registeredAt: string; scale: string } }>(
      `{ Enterprise(id: "${id}") { name registeredAt scale } }`,
      {},
      officer,
    );
    expect(one.data!.Enterprise).toEqual({
      name: '包头市测试稀土材料有限公司',
      registeredAt: '2020-05-06',
      scale: 'SMALL',
    });

    const found = await t.gql<{ allEnterprises: { id: string }[]; _allEnterprisesMeta: { count: number } }>(
      '{ allEnterprises(filter: { q: "测试稀土" }) { id } _allEnterprisesMeta(filter: { q: "测试稀土" }) { count } }',
      {},
      officer,
    );
    expect(found.data!.allEnterprises.map((e) => e.id)).toEqual([id]);
    expect(found.data!._allEnterprisesMeta.count).toBe(1);

    const updated = await t.gql<{ updateEnterprise: { name: string; legalRepresentative: string } }>(
      `mutation { updateEnterprise(id: "${id}", legalRepresentative: "王小明") { name legalRepresentative } }`,
      {},
      admin,
    );
    expect(updated.data!.updateEnterprise).toEqual({
      name: '包头市测试稀土材料有限公司',
      legalRepresentative: '王小明',
    });

    const deleted = await t.gql<{ deleteEnterprise: { id: string } }>(
      `mutation { deleteEnterprise(id: "${id}") { id } }`,
      {},
      admin,
    );
    expect(deleted.data!.deleteEnterprise.id).toBe(id);
    const gone = await t.gql<{ Enterprise: unknown }>(`{ Enterprise(id: "${id}") { id } }`, {}, admin);
    expect(gone.data!.Enterprise).toBeNull();

    const audit = await t.gql<{ allAuditEntries: { action: string; username: string; changes: string }[] }>(
      `{ allAuditEntries(filter: { entityType: "Enterprise", entityId: "${id}" }, sortField: "id", sortOrder: "ASC") { action username changes } }`,
      {},
      admin,
    );
    const entries = audit.data!.allAuditEntries;
    expect(entries.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
    expect(entries.every((e) => e.username === 'admin')).toBe(true);
    expect(JSON.parse(entries[1].changes)).toEqual({ legalRepresentative: [null, '王小明'] });
    expect((JSON.parse(entries[2].changes) as { before: { creditCode: string } }).before.creditCode).toBe(
      '91150203100000007M',
    );
  });

  it('pages, sorts and filters by range, equality and ids', async () => {
    const q = `query($f: PenaltyCaseFilter) {
      allPenaltyCases(page: 1, perPage: 5, sortField: "fine", sortOrder: "DESC", filter: $f) { id fine decisionDate departmentId status }
      _allPenaltyCasesMeta(filter: $f) { count } }`;
    const f = {
      decisionDate_gte: '2025-06-01',
      decisionDate_lt: '2026-01-01',
      fine_lte: 20000,
      departmentId: '1',
      status: 'DECIDED',
    };
    const res = await t.gql<{
      allPenaltyCases: {
        id: string;
        fine: number;
        decisionDate: string;
        departmentId: string;
        status: string;
      }[];
      _allPenaltyCasesMeta: { count: number };
    }>(q, { f }, admin);
    expect(res.errors).toBeUndefined();
    const rows = res.data!.allPenaltyCases;
    expect(res.data!._allPenaltyCasesMeta.count).toBeGreaterThan(5);
    expect(rows).toHaveLength(5);
    for (const r of rows) {
      expect(r.decisionDate >= '2025-06-01' && r.decisionDate < '2026-01-01').toBe(true);
      expect(r.fine).toBeLessThanOrEqual(20000);
      expect(r.departmentId).toBe('1');
      expect(r.status).toBe('DECIDED');
    }
    expect([...rows].sort((a, b) => b.fine - a.fine)).toEqual(rows);
    const page0 = await t.gql<{ allPenaltyCases: { id: string }[] }>(
      q.replace('page: 1', 'page: 0'),
      { f },
      admin,
    );
    expect(page0.data!.allPenaltyCases.map((r) => r.id)).not.toContain(rows[0].id);

    const ids = [rows[0].id, rows[2].id];
    const byIds = await t.gql<{ allPenaltyCases: { id: string }[] }>(
      'query($ids: [ID!]) { allPenaltyCases(filter: { ids: $ids }) { id } }',
      { ids },
      admin,
    );
    expect(byIds.data!.allPenaltyCases.map((r) => r.id).sort()).toEqual([...ids].sort());
  });

  it('keeps money exact to the fen', async () => {
    // A lenient case under a list item: relief is counted for those only (DOMAIN.md).
    const cases = await t.gql<{ allPenaltyCases: { id: string; version: number; itemId: string | null }[] }>(
      '{ allPenaltyCases(perPage: 50, filter: { departmentId: "1", status: DECIDED, outcome: LIGHTER }) { id version itemId } }',
      {},
      officer,
    );
    const c = cases.data!.allPenaltyCases.find((x) => x.itemId)!;
    expect(c, 'a LIGHTER case under a list item in the demo data').toBeDefined();
    const res = await t.gql<{ updatePenaltyCase: { fine: number; referenceFine: number; relief: number } }>(
      `mutation { updatePenaltyCase(id: "${c.id}", version: ${c.version}, fine: 12345.67, referenceFine: 20000.01, overrideReason: "精度测试") { fine referenceFine relief } }`,
      {},
      officer,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.updatePenaltyCase).toEqual({ fine: 12345.67, referenceFine: 20000.01, relief: 7654.34 });
  });

  it('demo cases never show a fine of ¥0.00 beside a penalty: 0 only where none is imposed', async () => {
    const zero = await t.gql<{
      allPenaltyCases: { outcome: string }[];
      _allPenaltyCasesMeta: { count: number };
    }>(
      '{ allPenaltyCases(perPage: 100, filter: { fine_lte: 0 }) { outcome } _allPenaltyCasesMeta(filter: { fine_lte: 0 }) { count } }',
      {},
      admin,
    );
    expect(zero.errors).toBeUndefined();
    expect(
      zero.data!._allPenaltyCasesMeta.count,
      'the demo has cases decided without a penalty',
    ).toBeGreaterThan(0);
    expect(new Set(zero.data!.allPenaltyCases.map((c) => c.outcome))).toEqual(new Set(['NONE']));
  });

  const offenceId = async (code: string) =>
    (
      await t.gql<{ allOffences: { id: string }[] }>(
        `{ allOffences(filter: { code: "${code}" }) { id } }`,
        {},
        admin,
      )
    ).data!.allOffences[0].id;

  it('demo cases awaiting 法制审核 show its two triggers, each on lawful facts', async () => {
    const res = await t.gql<{
      allPenaltyCases: {
        reviewTriggers: string[];
        fine: number | null;
        choiceReason: string | null;
        corrected: boolean;
      }[];
    }>(
      `{ allPenaltyCases(filter: { status: IN_REVIEW, offenceId: "${await offenceId('SCJG-012')}" }) {
          reviewTriggers fine choiceReason corrected } }`,
      {},
      admin,
    );
    expect(res.errors).toBeUndefined();
    const cases = res.data!.allPenaltyCases;
    expect(cases.map((c) => c.reviewTriggers).sort()).toEqual([['FINE_OUTSIDE_RANGE'], ['MITIGATED_CHOSEN']]);
    // Below the baseline, never below the statute's 1万 without an Art. 32 ground.
    const outside = cases.find((c) => c.reviewTriggers.includes('FINE_OUTSIDE_RANGE'))!;
    expect(outside.fine).toBeGreaterThanOrEqual(10_000);
    // A party that refused to correct has not 已停止经营.
    for (const c of cases) {
      expect(c.corrected).toBe(false);
      expect(c.choiceReason ?? '').not.toContain('停止经营');
    }
  });

  it('demo cases decided to a fine print their 行政处罚决定书', async () => {
    const res = await t.gql<{ allPenaltyCases: { id: string }[] }>(
      '{ allPenaltyCases(perPage: 1, filter: { status: DECIDED, outcome: STANDARD, fine_gt: 0 }) { id } }',
      {},
      officer,
    );
    const [c] = res.data!.allPenaltyCases;
    expect(c, 'a decided STANDARD case with a fine among the officer’s').toBeDefined();
    const pdf = await fetch(`${t.url}/cases/${c.id}/documents/penalty-decision.pdf`, {
      headers: { authorization: `Bearer ${officer}` },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
  });

  it('refuses an edit made on a stale version (CONFLICT), and keeps what was saved', async () => {
    const list = await t.gql<{ allPenaltyCases: { id: string; version: number; caseNumber: string }[] }>(
      '{ allPenaltyCases(perPage: 1, sortField: "id", filter: { departmentId: "1", status: DECIDED }) { id version caseNumber } }',
      {},
      officer,
    );
    const c = list.data!.allPenaltyCases[0];
    const first = await t.gql(
      `mutation { updatePenaltyCase(id: "${c.id}", version: ${c.version}, overrideReason: "第一次修改") { version } }`,
      {},
      officer,
    );
    expect(first.errors).toBeUndefined();
    const stale = await t.gql(
      `mutation { updatePenaltyCase(id: "${c.id}", version: ${c.version}, overrideReason: "过期的修改") { version } }`,
      {},
      officer,
    );
    expect(errorCode(stale)).toBe('CONFLICT');
    expect(stale.errors?.[0].extensions?.field).toBe('version');
    const now = await t.gql<{ PenaltyCase: { overrideReason: string; version: number } }>(
      `{ PenaltyCase(id: "${c.id}") { overrideReason version } }`,
      {},
      officer,
    );
    expect(now.data!.PenaltyCase).toEqual({ overrideReason: '第一次修改', version: c.version + 1 });
  });

  it('bulk-updates and bulk-deletes where offered', async () => {
    const findings = await t.gql<{ allReportFindings: { id: string }[] }>(
      '{ allReportFindings(perPage: 2, sortField: "id") { id } }',
      {},
      admin,
    );
    const ids = findings.data!.allReportFindings.map((f) => f.id);
    const res = await t.gql<{ updateReportFindings: { ids: string[] } }>(
      'mutation($ids: [ID!]!) { updateReportFindings(ids: $ids, data: { rectified: true, rectifiedAt: "2026-11-01" }) { ids } }',
      { ids },
      admin,
    );
    expect(res.data!.updateReportFindings.ids).toEqual(ids);
    const after = await t.gql<{ allReportFindings: { rectified: boolean; rectifiedAt: string }[] }>(
      'query($ids: [ID!]) { allReportFindings(filter: { ids: $ids }) { rectified rectifiedAt } }',
      { ids },
      admin,
    );
    expect(after.data!.allReportFindings).toEqual([
      { rectified: true, rectifiedAt: '2026-11-01' },
      { rectified: true, rectifiedAt: '2026-11-01' },
    ]);

    const made = await Promise.all(
      ['甲', '乙'].map((n) =>
        t.gql<{ createDepartment: { id: string } }>(
          `mutation { createDepartment(name: "测试部门${n}", code: "T-${n}") { id } }`,
          {},
          admin,
        ),
      ),
    );
    const deptIds = made.map((m) => m.data!.createDepartment.id);
    const del = await t.gql<{ deleteDepartments: { ids: string[] } }>(
      'mutation($ids: [ID!]!) { deleteDepartments(ids: $ids) { ids } }',
      { ids: deptIds },
      admin,
    );
    expect(del.data!.deleteDepartments.ids).toEqual(deptIds);
  });

  it('lists a version with its items and their count', async () => {
    const res = await t.gql<{
      allLeniencyLists: {
        version: string;
        status: string;
        itemCount: number;
        items: { number: number }[];
        series: { name: string };
      }[];
    }>(
      '{ allLeniencyLists(sortField: "version", sortOrder: "ASC") { version status itemCount items { number } series { name } } }',
      {},
      officer,
    );
    // The city's series; the province's list is a series of its own.
    const all = res.data!.allLeniencyLists;
    expect(
      all.filter((l) => l.series.name !== '包头市涉企免罚轻罚清单').map((l) => [l.series.name, l.version]),
    ).toEqual([['内蒙古自治区市场监管领域不予处罚清单', '1.0']]);
    const lists = all.filter((l) => l.series.name === '包头市涉企免罚轻罚清单');
    expect(lists.map((l) => [l.version, l.status])).toEqual([
      ['1.0', 'PUBLISHED'],
      ['2.0', 'PUBLISHED'],
      ['3.0', 'PUBLISHED'],
      ['4.0', 'DRAFT'],
    ]);
    for (const l of lists)
      expect(l.items.map((i) => i.number)).toEqual(Array.from({ length: l.itemCount }, (_, i) => i + 1));
    expect(lists[2].itemCount).toBe(47);
  });
});
