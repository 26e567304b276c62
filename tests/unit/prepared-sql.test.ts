import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Orm } from '../../server/db/orm';
import { scratchDatabase, type ScratchDatabase } from '../../server/db/scratch';
import { preparedRows, sqlRows } from '../../server/db/sql';
import { dialects } from '../support/server';

// server/db/sql.ts: the hot read path runs statements prepared once per pooled SQLite connection
// (plain `sqlRows` inside transactions and on PostgreSQL). It must answer exactly as `sqlRows`.

describe.each(await dialects())('prepared reads on %s', (dialect) => {
  let db: ScratchDatabase;
  let orm: Orm;

  beforeAll(async () => {
    db = await scratchDatabase(dialect, 'prepared');
    orm = await openDatabase(db.target);
    await migrate(orm);
    const em = orm.em.fork();
    await em.getConnection().execute(
      `insert into district (id, code, name, created_at, updated_at) values
         (1, 'D1', '昆都仑区', '2024-01-01', '2024-01-01'), (2, 'D2', '青山区', '2024-01-01', '2024-01-01')`,
    );
  });

  afterAll(async () => {
    await orm.close(true);
    await db.drop();
  });

  const byCode = 'select id, name from district where code = ? order by id';

  it('answers as sqlRows does, again and again on the same statement', async () => {
    for (const code of ['D1', 'D2', 'D3', 'D1']) {
      const em = orm.em.fork();
      expect(await preparedRows(em, byCode, [code])).toEqual(await sqlRows(em, byCode, [code]));
    }
    expect(await preparedRows(orm.em.fork(), byCode, ['D2'])).toEqual([{ id: 2, name: '青山区' }]);
  });

  it('keeps answering when more distinct statements are used than each connection keeps', async () => {
    const em = orm.em.fork();
    for (let i = 0; i < 150; i++) {
      const rows = await preparedRows<{ id: number; n: number }>(
        em,
        `select id, ${i} as n from district where id = ?`,
        [1 + (i % 2)],
      );
      expect(rows).toEqual([{ id: 1 + (i % 2), n: i }]);
    }
  });

  it('reports a statement that cannot be prepared, and prepares it again on the next call', async () => {
    const bad = 'select id from no_such_table where id = ?';
    await expect(preparedRows(orm.em.fork(), bad, [1])).rejects.toThrow(/no_such_table/);
    await expect(preparedRows(orm.em.fork(), bad, [1])).rejects.toThrow(/no_such_table/);
  });

  it("sees a transaction's own uncommitted rows inside it", async () => {
    await orm.em
      .fork()
      .transactional(async (em) => {
        await em
          .getConnection()
          .execute(
            `insert into district (id, code, name, created_at, updated_at) values (3, 'D3', '东河区', '2024-01-01', '2024-01-01')`,
            [],
            'run',
            em.getTransactionContext(),
          );
        expect(await preparedRows(em, byCode, ['D3'])).toEqual([{ id: 3, name: '东河区' }]);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await preparedRows(orm.em.fork(), byCode, ['D3'])).toEqual([]);
  });
});

/** This process's open files of a SQLite database (the file, its WAL and shared memory). */
function openFilesOf(location: string): number {
  return fs.readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(location);
    } catch {
      return false; // closed while we looked
    }
  }).length;
}

describe('prepared statements and closing a SQLite database', () => {
  it('closes every connection: SQLite refuses to close one with live statements', async () => {
    const db = await scratchDatabase('sqlite', 'prepared-close');
    const orm = await openDatabase(db.target);
    await migrate(orm);
    // Several connections of the pool, each with statements prepared on it.
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        preparedRows(orm.em.fork(), `select ${i} as n, count(*) as c from district`),
      ),
    );
    expect(openFilesOf(db.target.location)).toBeGreaterThan(0);
    await orm.close(true);
    expect(openFilesOf(db.target.location)).toBe(0);
    await db.drop();
  });
});
