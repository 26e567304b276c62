import type { Migration } from '@mikro-orm/migrations';

type SqliteConnection = {
  exec(sql: string, cb: (err: Error | null) => void): void;
  all(sql: string, cb: (err: Error | null, rows: unknown[]) => void): void;
};

/**
 * Runs a SQLite migration that rebuilds tables (SQLite cannot change a column's check in place)
 * outside the migrator's transaction, on one connection: foreign keys off (a pragma SQLite
 * ignores inside a transaction; with them on, dropping a table runs its implicit DELETE with the
 * cascades and SET NULLs), its own transaction, `pragma foreign_key_check` before commit. The
 * migration must say `isTransactional() { return false }`. Used by Migration20261130133519 and
 * Migration20261130163321.
 */
export async function runSqliteRebuild(migration: Migration, statements: readonly string[]): Promise<void> {
  const client = migration.getKnex().client as {
    acquireConnection(): Promise<SqliteConnection>;
    releaseConnection(conn: SqliteConnection): Promise<void>;
  };
  const conn = await client.acquireConnection();
  const exec = (sql: string) =>
    new Promise<void>((resolve, reject) => conn.exec(sql, (err) => (err ? reject(err) : resolve())));
  try {
    await exec('pragma foreign_keys = off');
    await exec('begin');
    try {
      for (const sql of statements) await exec(sql);
      const broken = await new Promise<unknown[]>((resolve, reject) =>
        conn.all('pragma foreign_key_check', (err, rows) => (err ? reject(err) : resolve(rows))),
      );
      if (broken.length) throw new Error(`foreign keys broken by the migration: ${JSON.stringify(broken)}`);
      await exec('commit');
    } catch (e) {
      await exec('rollback');
      throw e;
    }
  } finally {
    await exec('pragma foreign_keys = on');
    await client.releaseConnection(conn);
  }
}
