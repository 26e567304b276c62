import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, startTestServer, type TestServer } from '../support/server';

// 操作日志 as the admin's list page asks for it: every field of the type, sorted and filtered.
describe.each(await dialects())('the audit trail on %s', (dialect) => {
  let t: TestServer;
  let admin: string;

  beforeAll(async () => {
    t = await startTestServer(dialect);
    admin = await t.login('admin');
  });
  afterAll(async () => t?.stop());

  const ALL_FIELDS = 'id at userId username action entityType entityId changes createdAt updatedAt';

  it('answers every field of AuditEntry, createdAt and updatedAt included, for every entry', async () => {
    const created = await t.gql<{ createDistrict: { id: string } }>(
      'mutation { createDistrict(name: "审计测试区", code: "150299") { id } }',
      {},
      admin,
    );
    const id = created.data!.createDistrict.id;
    await t.gql(`mutation { updateDistrict(id: "${id}", name: "审计测试区二") { id } }`, {}, admin);

    const res = await t.gql<{
      allAuditEntries: Record<string, string | null>[];
      _allAuditEntriesMeta: { count: number };
    }>(
      `{ allAuditEntries(page: 0, perPage: 50, sortField: "createdAt", sortOrder: "DESC") { ${ALL_FIELDS} }
         _allAuditEntriesMeta { count } }`,
      {},
      admin,
    );
    expect(res.errors).toBeUndefined();
    const entries = res.data!.allAuditEntries;
    expect(entries.length).toBeGreaterThan(0);
    expect(res.data!._allAuditEntriesMeta.count).toBeGreaterThanOrEqual(entries.length);
    for (const e of entries) {
      // An entry is written once: it was created, and last changed, when it happened.
      expect(e.createdAt).toBe(e.at);
      expect(e.updatedAt).toBe(e.at);
    }
    // Sorting by createdAt is sorting by the time of the change: newest first.
    const times = entries.map((e) => Date.parse(e.at!));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(entries[0]).toMatchObject({
      action: 'update',
      entityType: 'District',
      entityId: id,
      username: 'admin',
    });
    expect(JSON.parse(entries[0].changes!)).toEqual({ name: ['审计测试区', '审计测试区二'] });
  });

  it('filters by user, resource and time as the history tab and the filter sidebar do', async () => {
    const me = await t.gql<{ me: { id: string } }>('{ me { id } }', {}, admin);
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const res = await t.gql<{ allAuditEntries: { userId: string; entityType: string; at: string }[] }>(
      `query($f: AuditEntryFilter) { allAuditEntries(filter: $f) { userId entityType at } }`,
      { f: { userId: me.data!.me.id, entityType: 'District', at_gte: since } },
      admin,
    );
    expect(res.errors).toBeUndefined();
    const rows = res.data!.allAuditEntries;
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const r of rows) {
      expect(r.userId).toBe(me.data!.me.id);
      expect(r.entityType).toBe('District');
      expect(Date.parse(r.at)).toBeGreaterThanOrEqual(Date.parse(since));
    }
  });
});
