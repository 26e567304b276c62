import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, errorCode, startTestServer, type TestServer } from '../support/server';

// Bad input gets a clear error naming the field, in Chinese and English, and changes nothing.
describe.each(await dialects())('bad input on %s', (dialect) => {
  let t: TestServer;
  let admin: string;
  let officer: string;
  const count = async (resource: string) =>
    (await t.gql<Record<string, { count: number }>>(`{ _all${resource}Meta { count } }`, {}, admin)).data![
      `_all${resource}Meta`
    ].count;

  beforeAll(async () => {
    t = await startTestServer(dialect, { cases: 50 });
    admin = await t.login('admin');
    officer = await t.login('officer');
  });
  afterAll(async () => t?.stop());

  const expectBadInput = (
    res: Awaited<ReturnType<TestServer['gql']>>,
    field: string,
    code = 'BAD_USER_INPUT',
  ) => {
    expect(errorCode(res)).toBe(code);
    expect(res.errors![0].extensions!.field).toBe(field);
    const message = res.errors![0].message;
    expect(message).toMatch(/[\u4e00-\u9fff]/); // Chinese
    expect(message).toMatch(/ \/ .*[a-z]{3,}/); // and English
    expect(Object.values(res.data ?? {}).every((v) => v === null)).toBe(true);
  };

  it.each([
    ['a wrong check character', '91150203100000007K', '校验位'],
    ['a forbidden letter', '91150203100000O07M', '非法字符'],
    ['a short code', '9115020310000', '18位'],
  ])('rejects a credit code with %s, and stores nothing', async (_what, code, zh) => {
    const before = await count('Enterprises');
    const res = await t.gql(
      `mutation { createEnterprise(creditCode: "${code}", name: "某公司") { id } }`,
      {},
      admin,
    );
    expectBadInput(res, 'creditCode');
    expect(res.errors![0].message).toContain(zh);
    expect(await count('Enterprises')).toBe(before);
  });

  it('refuses a duplicate credit code as CONFLICT naming the field', async () => {
    const existing = await t.gql<{ allEnterprises: { creditCode: string }[] }>(
      '{ allEnterprises(perPage: 1) { creditCode } }',
      {},
      admin,
    );
    const res = await t.gql(
      `mutation { createEnterprise(creditCode: "${existing.data!.allEnterprises[0].creditCode}", name: "重复") { id } }`,
      {},
      admin,
    );
    expect(errorCode(res)).toBe('CONFLICT');
    expect(res.errors![0].extensions!.field).toBe('creditCode');
  });

  it('names an unknown related id, and an unknown record to change', async () => {
    const res = await t.gql(
      `mutation { createPenaltyCase(caseNumber: "测-1", enterpriseId: "999999", offenceId: "1", districtId: "1",
        offenceDate: "2026-01-01", harm: NONE, corrected: true) { id } }`,
      {},
      officer,
    );
    expectBadInput(res, 'enterpriseId');
    // Several unknown ids (checked in one statement): the first in the form's order is named.
    const enterprise = (
      await t.gql<{ allEnterprises: { id: string }[] }>('{ allEnterprises(perPage: 1) { id } }', {}, admin)
    ).data!.allEnterprises[0].id;
    const both = await t.gql(
      `mutation { createPenaltyCase(caseNumber: "测-2", enterpriseId: "${enterprise}", offenceId: "999998", districtId: "999997",
        offenceDate: "2026-01-01", harm: NONE, corrected: true) { id } }`,
      {},
      officer,
    );
    expectBadInput(both, 'offenceId');
    expect(both.errors![0].message).toContain('999998');
    const district = await t.gql(
      `mutation { createPenaltyCase(caseNumber: "测-3", enterpriseId: "${enterprise}", offenceId: "1", districtId: "999997",
        offenceDate: "2026-01-01", harm: NONE, corrected: true) { id } }`,
      {},
      officer,
    );
    expectBadInput(district, 'districtId');
    const missing = await t.gql('mutation { updateEnterprise(id: "999999", name: "无") { id } }', {}, admin);
    expect(errorCode(missing)).toBe('NOT_FOUND');
    expect(missing.errors![0].extensions!.field).toBe('id');
    const notAnId = await t.gql('{ Enterprise(id: "abc") { id } }', {}, admin);
    expectBadInput(notAnId, 'id');
  });

  it('refuses wrong types before running anything', async () => {
    const res = await t.gql('mutation { createDepartment(name: 5, code: "X") { id } }', {}, admin);
    expect(res.errors).toHaveLength(1);
    expect(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']).toContain(errorCode(res));
    const date = await t.gql(
      'mutation { createEnterprise(creditCode: "91150203100000007M", name: "某", registeredAt: "2024-02-30") { id } }',
      {},
      admin,
    );
    expect(date.errors![0].message).toContain('YYYY-MM-DD');
  });

  it('refuses oversize strings, naming the field and the limit', async () => {
    const res = await t.gql(
      'mutation($n: String!) { createDepartment(name: $n, code: "BIG") { id } }',
      { n: '长'.repeat(101) },
      admin,
    );
    expectBadInput(res, 'name');
    expect(res.errors![0].message).toContain('100');
    const q = await t.gql(
      'query($q: String) { allEnterprises(filter: { q: $q }) { id } }',
      { q: 'x'.repeat(201) },
      admin,
    );
    expectBadInput(q, 'filter.q');
  });

  it('refuses an act dated after the decision, and a discovery before the act', async () => {
    const base =
      'caseNumber: "测-2", enterpriseId: "1", offenceId: "1", districtId: "1", harm: NONE, corrected: true';
    const after = await t.gql(
      `mutation { createPenaltyCase(${base}, offenceDate: "2026-05-01", decisionDate: "2026-04-01") { id } }`,
      {},
      officer,
    );
    expectBadInput(after, 'decisionDate');
    const early = await t.gql(
      `mutation { createPenaltyCase(${base}, offenceDate: "2026-05-01", discoveredDate: "2026-04-30") { id } }`,
      {},
      officer,
    );
    expectBadInput(early, 'discoveredDate');
  });

  it('refuses bad paging and sorting', async () => {
    expectBadInput(await t.gql('{ allOffences(perPage: 5000) { id } }', {}, admin), 'perPage');
    expectBadInput(await t.gql('{ allOffences(page: -1) { id } }', {}, admin), 'page');
    expectBadInput(await t.gql('{ allOffences(sortField: "passwordHash") { id } }', {}, admin), 'sortField');
    expectBadInput(await t.gql('{ allOffences(sortOrder: "UP") { id } }', {}, admin), 'sortOrder');
  });

  it('refuses money with fractions of a fen, and negative fines', async () => {
    expectBadInput(
      await t.gql('mutation { updateOffence(id: "1", fineMin: 10.001) { id } }', {}, admin),
      'fineMin',
    );
    expectBadInput(
      await t.gql('mutation { updateOffence(id: "1", fineMax: -1) { id } }', {}, admin),
      'fineMax',
    );
  });

  it('never shows a password hash, and refuses a short password', async () => {
    const schema = await t.gql<{ __type: { fields: { name: string }[] } }>(
      '{ __type(name: "User") { fields { name } } }',
    );
    expect(schema.data!.__type.fields.map((f) => f.name)).not.toContain('passwordHash');
    expect(schema.data!.__type.fields.map((f) => f.name)).not.toContain('password');
    expectBadInput(
      await t.gql(
        'mutation { createUser(username: "newuser", displayName: "新用户", role: LAWYER, password: "short") { id } }',
        {},
        admin,
      ),
      'password',
    );
  });
});
