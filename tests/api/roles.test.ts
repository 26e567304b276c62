import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, errorCode, startTestServer, type TestServer } from '../support/server';

/*
 * The whole role × operation matrix (DOMAIN.md "Who uses it", issue #2 §4), written out as
 * the expected answer for each cell, and walked against the running server.
 *   all  = allowed on every row
 *   own  = allowed on the role's own rows only (officer: own department; lawyer: own reports;
 *          officer/lawyer/reviewer on User: themselves; reviewer: own department's cases)
 *   -    = FORBIDDEN
 */
type Cell = 'all' | 'own' | '-';
type Row = { read: Cell; create: Cell; update: Cell; delete: Cell };
const ROLES = ['admin', 'manager', 'officer', 'lawyer', 'reviewer'] as const;
type RoleName = (typeof ROLES)[number];

const MATRIX: Record<string, Record<RoleName, Row>> = {
  Department: {
    admin: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    manager: { read: 'all', create: '-', update: '-', delete: '-' },
    officer: { read: 'all', create: '-', update: '-', delete: '-' },
    lawyer: { read: 'all', create: '-', update: '-', delete: '-' },
    reviewer: { read: 'all', create: '-', update: '-', delete: '-' },
  },
  District: {
    admin: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    manager: { read: 'all', create: '-', update: '-', delete: '-' },
    officer: { read: 'all', create: '-', update: '-', delete: '-' },
    lawyer: { read: 'all', create: '-', update: '-', delete: '-' },
    reviewer: { read: 'all', create: '-', update: '-', delete: '-' },
  },
  Enterprise: {
    admin: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    manager: { read: 'all', create: 'all', update: 'all', delete: '-' },
    officer: { read: 'all', create: 'all', update: 'all', delete: '-' },
    lawyer: { read: 'all', create: '-', update: '-', delete: '-' },
    reviewer: { read: 'all', create: '-', update: '-', delete: '-' },
  },
  Offence: {
    admin: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    manager: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    officer: { read: 'all', create: '-', update: '-', delete: '-' },
    lawyer: { read: 'all', create: '-', update: '-', delete: '-' },
    reviewer: { read: 'all', create: '-', update: '-', delete: '-' },
  },
  DiscretionBaseline: {
    admin: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    manager: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    officer: { read: 'all', create: '-', update: '-', delete: '-' },
    lawyer: { read: 'all', create: '-', update: '-', delete: '-' },
    reviewer: { read: 'all', create: '-', update: '-', delete: '-' },
  },
  LeniencyList: {
    admin: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    manager: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    officer: { read: 'all', create: '-', update: '-', delete: '-' },
    lawyer: { read: 'all', create: '-', update: '-', delete: '-' },
    reviewer: { read: 'all', create: '-', update: '-', delete: '-' },
  },
  LeniencyItem: {
    admin: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    manager: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    officer: { read: 'all', create: '-', update: '-', delete: '-' },
    lawyer: { read: 'all', create: '-', update: '-', delete: '-' },
    reviewer: { read: 'all', create: '-', update: '-', delete: '-' },
  },
  OffenceVersion: {
    admin: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    manager: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    officer: { read: 'all', create: '-', update: '-', delete: '-' },
    lawyer: { read: 'all', create: '-', update: '-', delete: '-' },
    reviewer: { read: 'all', create: '-', update: '-', delete: '-' },
  },
  LeniencyListSeries: {
    admin: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    manager: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    officer: { read: 'all', create: '-', update: '-', delete: '-' },
    lawyer: { read: 'all', create: '-', update: '-', delete: '-' },
    reviewer: { read: 'all', create: '-', update: '-', delete: '-' },
  },
  LeniencyItemCondition: {
    admin: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    manager: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    officer: { read: 'all', create: '-', update: '-', delete: '-' },
    lawyer: { read: 'all', create: '-', update: '-', delete: '-' },
    reviewer: { read: 'all', create: '-', update: '-', delete: '-' },
  },
  PenaltyCase: {
    admin: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    manager: { read: 'all', create: '-', update: '-', delete: '-' },
    officer: { read: 'own', create: 'own', update: 'own', delete: '-' },
    lawyer: { read: '-', create: '-', update: '-', delete: '-' },
    reviewer: { read: 'own', create: '-', update: '-', delete: '-' },
  },
  CheckupReport: {
    admin: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    manager: { read: 'all', create: '-', update: '-', delete: '-' },
    officer: { read: '-', create: '-', update: '-', delete: '-' },
    lawyer: { read: 'own', create: 'own', update: 'own', delete: 'own' },
    reviewer: { read: '-', create: '-', update: '-', delete: '-' },
  },
  ReportFinding: {
    admin: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    manager: { read: 'all', create: '-', update: '-', delete: '-' },
    officer: { read: '-', create: '-', update: '-', delete: '-' },
    lawyer: { read: 'own', create: 'own', update: 'own', delete: 'own' },
    reviewer: { read: '-', create: '-', update: '-', delete: '-' },
  },
  User: {
    admin: { read: 'all', create: 'all', update: 'all', delete: 'all' },
    manager: { read: 'all', create: '-', update: '-', delete: '-' },
    officer: { read: 'own', create: '-', update: '-', delete: '-' },
    lawyer: { read: 'own', create: '-', update: '-', delete: '-' },
    reviewer: { read: 'own', create: '-', update: '-', delete: '-' },
  },
  AuditEntry: {
    admin: { read: 'all', create: '-', update: '-', delete: '-' },
    manager: { read: 'all', create: '-', update: '-', delete: '-' },
    officer: { read: '-', create: '-', update: '-', delete: '-' },
    lawyer: { read: '-', create: '-', update: '-', delete: '-' },
    reviewer: { read: '-', create: '-', update: '-', delete: '-' },
  },
};

const plural = (r: string) =>
  r === 'AuditEntry' ? 'AuditEntries' : r === 'LeniencyListSeries' ? r : `${r}s`;
let seq = 0;
const uniq = () => `${Date.now() % 100000}${++seq}`;

/**
 * Create arguments per resource. `mine` says whether the record lies in the acting role's own
 * scope (the officer's department, the lawyer's report) or in someone else's.
 */
function createArgs(resource: string, ctx: Ids, mine: boolean): string | null {
  const n = uniq();
  switch (resource) {
    case 'Department':
      return `name: "测试部门${n}", code: "T${n}"`;
    case 'District':
      return `name: "测试区${n}", code: "${String(900000 + (Number(n) % 99999)).padStart(6, '0')}"`;
    case 'Enterprise': {
      return `creditCode: "${ctx.nextCreditCode()}", name: "测试企业${n}"`;
    }
    case 'Offence':
      return `code: "T-${n}", departmentId: "1", title: "测试违法行为", violatedProvision: "某法第一条", penaltyProvision: "某法第二条", fineMin: 0, fineMax: 1000, fineUnit: YUAN, lifeHealthFinance: false`;
    case 'DiscretionBaseline':
      // Offence 1 fines 货值金额的10至20倍: a tier inside that range (行政处罚法 Art. 34).
      return `offenceId: "1", effectiveFrom: "2027-01-01", tiers: [{ level: STANDARD, min: 12, max: 15, conditions: "一般" }]`;
    case 'LeniencyList':
      return `seriesId: "1", version: "T${n}", title: "测试清单", effectiveFrom: "2028-01-01"`;
    case 'OffenceVersion': {
      // A day of its own on an offence whose version 1 starts in 2100: versions of one offence never overlap.
      const day = new Date(Date.UTC(1901, 0, 1) + seq * 86_400_000).toISOString().slice(0, 10);
      return `offenceId: "${ctx.versionedOffence}", effectiveFrom: "${day}", effectiveTo: "${day}", fineMin: 0, fineMax: 1`;
    }
    case 'LeniencyListSeries':
      return `name: "测试系列${n}"`;
    case 'LeniencyItemCondition':
      return `itemId: "${ctx.draftItem}", number: ${seq}, text: "测试条件"`;
    case 'LeniencyItem':
      return `listId: "${ctx.draftList}", number: ${1000 + seq}, offenceId: "2", kind: NO_PENALTY, conditions: "测试", maxHarm: NONE, requiresCorrection: true`;
    case 'PenaltyCase':
      return `caseNumber: "测-${n}", enterpriseId: "1", offenceId: "1", departmentId: "${mine ? ctx.officerDept : ctx.otherDept}", districtId: "1", offenceDate: "2026-01-05", harm: NONE, corrected: true`;
    case 'CheckupReport':
      return `enterpriseId: "1", lawyerId: "${mine ? ctx.lawyerId : ctx.otherLawyerId}", checkDate: "2026-10-01"`;
    case 'ReportFinding':
      return `reportId: "${mine ? ctx.lawyerReport : ctx.otherReport}", category: TAX, riskLevel: LOW, description: "测试发现"`;
    case 'User':
      return `username: "user${n}", displayName: "测试用户", role: LAWYER, password: "a-long-password"`;
    default:
      return null;
  }
}

const UPDATE_ARGS: Record<string, string> = {
  Department: 'code: "U"',
  District: 'name: "改名区"',
  Enterprise: 'address: "新地址"',
  Offence: 'title: "改过的违法行为"',
  DiscretionBaseline: 'source: "修订"',
  LeniencyList: 'title: "改过的清单"',
  LeniencyItem: 'note: "改过"',
  OffenceVersion: 'citation: "改过的依据"',
  LeniencyListSeries: 'issuer: "改过的机关"',
  LeniencyItemCondition: 'text: "改过的条件"',
  PenaltyCase: 'overrideReason: "测试修改"',
  CheckupReport: 'summary: "修改摘要"',
  ReportFinding: 'recommendation: "修改建议"',
  User: 'displayName: "改名"',
};

interface Ids {
  officerDept: string;
  otherDept: string;
  lawyerId: string;
  otherLawyerId: string;
  lawyerReport: string;
  otherReport: string;
  draftList: string;
  draftItem: string;
  versionedOffence: string;
  nextCreditCode(): string;
}

describe.each(await dialects())('role × operation matrix on %s', (dialect) => {
  let t: TestServer;
  const tokens = {} as Record<RoleName, string>;
  const ids = {} as Ids;
  const me = {} as Record<RoleName, { id: string; departmentId: string | null }>;

  /** Creates a record as admin (the fixture a role then tries to change). */
  const make = async (resource: string, mine: boolean, role: RoleName) => {
    const args = createArgs(resource, ids, mine || role === 'admin');
    const res = await t.gql<Record<string, { id: string }>>(
      `mutation { create${resource}(${args}) { id } }`,
      {},
      tokens.admin,
    );
    if (!res.data) throw new Error(`fixture ${resource}: ${JSON.stringify(res.errors)}`);
    return res.data[`create${resource}`].id;
  };

  beforeAll(async () => {
    t = await startTestServer(dialect, { cases: 120 });
    for (const r of ROLES) tokens[r] = await t.login(r);
    for (const r of ROLES) {
      const res = await t.gql<{ me: { id: string; departmentId: string | null } }>(
        '{ me { id departmentId } }',
        {},
        tokens[r],
      );
      me[r] = res.data!.me;
    }
    const lawyers = await t.gql<{ allUsers: { id: string; username: string }[] }>(
      '{ allUsers(filter: { role: LAWYER }) { id username } }',
      {},
      tokens.admin,
    );
    ids.officerDept = me.officer.departmentId!;
    ids.otherDept = ids.officerDept === '1' ? '2' : '1';
    ids.lawyerId = me.lawyer.id;
    ids.otherLawyerId = lawyers.data!.allUsers.find((u) => u.username !== 'lawyer')!.id;
    // A report its lawyer may still edit (a draft), and someone else's.
    const reports = await t.gql<{ allCheckupReports: { id: string; lawyerId: string; status: string }[] }>(
      '{ allCheckupReports(perPage: 100) { id lawyerId status } }',
      {},
      tokens.admin,
    );
    ids.lawyerReport = reports.data!.allCheckupReports.find(
      (r) => r.lawyerId === ids.lawyerId && r.status === 'DRAFT',
    )!.id;
    ids.otherReport = reports.data!.allCheckupReports.find((r) => r.lawyerId !== ids.lawyerId)!.id;
    const lists = await t.gql<{ allLeniencyLists: { id: string; status: string }[] }>(
      '{ allLeniencyLists { id status } }',
      {},
      tokens.admin,
    );
    ids.draftList = lists.data!.allLeniencyLists.find((l) => l.status === 'DRAFT')!.id;
    const items = await t.gql<{ allLeniencyItems: { id: string }[] }>(
      `{ allLeniencyItems(filter: { listId: "${ids.draftList}" }, perPage: 1) { id } }`,
      {},
      tokens.admin,
    );
    ids.draftItem = items.data!.allLeniencyItems[0].id;
    const offence = await t.gql<{ createOffence: { id: string } }>(
      'mutation { createOffence(code: "T-VERSIONS", departmentId: "1", title: "条文版本测试", violatedProvision: "某法第一条", penaltyProvision: "某法第二条", fineMin: 0, fineMax: 1, fineUnit: YUAN, lifeHealthFinance: false) { id } }',
      {},
      tokens.admin,
    );
    ids.versionedOffence = offence.data!.createOffence.id;
    const v1 = await t.gql<{ allOffenceVersions: { id: string }[] }>(
      `{ allOffenceVersions(filter: { offenceId: "${ids.versionedOffence}" }) { id } }`,
      {},
      tokens.admin,
    );
    await t.gql(
      `mutation { updateOffenceVersion(id: "${v1.data!.allOffenceVersions[0].id}", effectiveFrom: "2100-01-01") { id } }`,
      {},
      tokens.admin,
    );
    let body = 20_000_000;
    const { makeCreditCode } = await import('../../server/domain/creditCode');
    ids.nextCreditCode = () =>
      makeCreditCode('91', '150203', String(++body + Math.floor(Math.random() * 1e6) * 10));
  });
  afterAll(async () => t?.stop());

  const cells = Object.entries(MATRIX).flatMap(([resource, byRole]) =>
    ROLES.map((role) => [resource, role, byRole[role]] as const),
  );

  it.each(cells)('%s as %s: read', async (resource, role, row) => {
    const res = await t.gql<Record<string, Record<string, unknown>[]>>(
      `{ all${plural(resource)}(perPage: 1000) { id } }`,
      {},
      tokens[role],
    );
    if (row.read === '-') {
      expect(errorCode(res)).toBe('FORBIDDEN');
      return;
    }
    expect(res.errors).toBeUndefined();
    const all = await t.gql<Record<string, { count: number }>>(
      `{ _all${plural(resource)}Meta { count } }`,
      {},
      tokens.admin,
    );
    const mine = await t.gql<Record<string, { count: number }>>(
      `{ _all${plural(resource)}Meta { count } }`,
      {},
      tokens[role],
    );
    const total = all.data![`_all${plural(resource)}Meta`].count;
    const seen = mine.data![`_all${plural(resource)}Meta`].count;
    if (row.read === 'all') expect(seen).toBe(total);
    else {
      expect(seen).toBeGreaterThan(0);
      expect(seen).toBeLessThan(total);
    }
  });

  it.each(cells)('%s as %s: create', async (resource, role, row) => {
    if (!(resource in UPDATE_ARGS)) {
      // No mutation exists at all for a read-only resource.
      const res = await t.gql(`mutation { create${resource}(x: 1) { id } }`, {}, tokens[role]);
      expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
      return;
    }
    const res = await t.gql(
      `mutation { create${resource}(${createArgs(resource, ids, true)}) { id } }`,
      {},
      tokens[role],
    );
    if (row.create === '-') expect(errorCode(res)).toBe('FORBIDDEN');
    else expect(res.errors).toBeUndefined();
    if (row.create === 'own') {
      const other = await t.gql(
        `mutation { create${resource}(${createArgs(resource, ids, false)}) { id } }`,
        {},
        tokens[role],
      );
      expect(errorCode(other)).toBe('FORBIDDEN');
    }
  });

  it.each(cells.filter(([resource]) => resource in UPDATE_ARGS))(
    '%s as %s: update',
    async (resource, role, row) => {
      const target = await make(resource, true, role);
      const res = await t.gql(
        `mutation { update${resource}(id: "${target}", ${UPDATE_ARGS[resource]}) { id } }`,
        {},
        tokens[role],
      );
      if (row.update === '-') expect(errorCode(res)).toBe('FORBIDDEN');
      else expect(res.errors).toBeUndefined();
      if (row.update === 'own') {
        const others = await make(resource, false, role);
        const other = await t.gql(
          `mutation { update${resource}(id: "${others}", ${UPDATE_ARGS[resource]}) { id } }`,
          {},
          tokens[role],
        );
        expect(errorCode(other)).toBe('FORBIDDEN');
      }
    },
  );

  it.each(cells.filter(([resource]) => resource in UPDATE_ARGS))(
    '%s as %s: delete',
    async (resource, role, row) => {
      const target = await make(resource, true, role);
      const res = await t.gql(`mutation { delete${resource}(id: "${target}") { id } }`, {}, tokens[role]);
      if (row.delete === '-') expect(errorCode(res)).toBe('FORBIDDEN');
      else expect(res.errors).toBeUndefined();
      if (row.delete === 'own') {
        const others = await make(resource, false, role);
        const other = await t.gql(`mutation { delete${resource}(id: "${others}") { id } }`, {}, tokens[role]);
        expect(errorCode(other)).toBe('FORBIDDEN');
      }
    },
  );

  it('shows an officer only their department, and a lawyer only their reports, through relations too', async () => {
    const cases = await t.gql<{ allPenaltyCases: { departmentId: string }[] }>(
      '{ allPenaltyCases(perPage: 1000) { departmentId } }',
      {},
      tokens.officer,
    );
    expect(new Set(cases.data!.allPenaltyCases.map((c) => c.departmentId))).toEqual(
      new Set([ids.officerDept]),
    );
    const reports = await t.gql<{
      allCheckupReports: { lawyerId: string; findings: { reportId: string }[] }[];
    }>('{ allCheckupReports { lawyerId findings { reportId } } }', {}, tokens.lawyer);
    expect(reports.data!.allCheckupReports.every((r) => r.lawyerId === ids.lawyerId)).toBe(true);
    const other = await t.gql<{ CheckupReport: unknown }>(
      `{ CheckupReport(id: "${ids.otherReport}") { id } }`,
      {},
      tokens.lawyer,
    );
    expect(other.data!.CheckupReport).toBeNull();
    // A case's officer is a user the officer may not list: the relation answers null, not the record.
    const withOfficer = await t.gql<{
      allPenaltyCases: { officerId: string | null; officer: { id: string } | null }[];
    }>('{ allPenaltyCases(perPage: 1000) { officerId officer { id } } }', {}, tokens.officer);
    for (const c of withOfficer.data!.allPenaltyCases)
      expect(c.officer?.id ?? null).toBe(c.officerId === me.officer.id ? me.officer.id : null);
  });
});
