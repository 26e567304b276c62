import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entities } from '../../server/db/entities';
import { sqlRows } from '../../server/db/sql';
import { dialects, startTestServer, type TestServer } from '../support/server';

// Reading is not writing: loading records and flushing must send no UPDATE. (MikroORM compared
// SQLite timestamps as a Date against a number and rewrote every loaded record on the next
// flush, bumping case and report versions into false edit conflicts.)
describe.each(await dialects())('reads write nothing on %s', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect, { cases: 60 });
    // So that the audit trail has an entry, and the logged-out tokens one.
    await t.gql('mutation { logout }', {}, await t.login('officer'));
  });
  afterAll(async () => t?.stop());

  it.each(entities.map((e) => [e.name, e] as const))(
    'loading %s records and flushing sends nothing',
    async (_, entity) => {
      const em = t.server.orm.em.fork();
      const loaded = await em.find(entity as never, {}, { limit: 20 });
      expect(loaded.length).toBeGreaterThan(0);
      t.queries.length = 0;
      await em.flush();
      expect(t.queries).toEqual([]);
    },
  );

  it("logging in leaves the user's record as it was", async () => {
    const em = t.server.orm.em.fork();
    const before = await sqlRows(em, 'select * from "user" where username = ?', ['manager']);
    await t.login('manager');
    await t.login('manager');
    expect(await sqlRows(em, 'select * from "user" where username = ?', ['manager'])).toEqual(before);
  });
});
