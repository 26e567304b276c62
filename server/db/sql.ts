import type { EntityManager } from '@mikro-orm/core';
import { SqliteConnection } from '@mikro-orm/sqlite';

/**
 * A plain SQL query with `?` parameters, for the few hot or aggregate paths where the ORM's
 * entity machinery costs more than the query (STACK.md: ~76 µs of ORM overhead per statement).
 * Identifiers are never interpolated from input; values always go through parameters.
 */
export async function sqlRows<T>(
  em: EntityManager,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  const result: unknown = await em
    .getConnection()
    .execute(sql, params as unknown[], 'all', em.getTransactionContext());
  return result as T[];
}

/** The parts of a node-sqlite3 connection and statement used here. */
interface SqliteStatement {
  all(params: readonly unknown[], cb: (err: Error | null, rows: unknown[]) => void): void;
  finalize(cb: () => void): void;
}
interface SqliteDatabase {
  prepare(sql: string, cb: (err: Error | null) => void): SqliteStatement;
  close(cb: (err: Error | null) => void): void;
  [STATEMENTS]?: Map<string, Promise<SqliteStatement>>;
}
const STATEMENTS = Symbol('lawcheck.preparedStatements');

/**
 * `sqlRows` for the statements run on every request (the login lookup, the check's enterprise
 * and priors), on SQLite through a statement prepared once per pooled connection: MikroORM's
 * `execute` inlines the parameters into new SQL text that knex and SQLite parse again each time.
 * Inside a transaction, and on PostgreSQL, it is `sqlRows` itself. Read-only statements only.
 */
export async function preparedRows<T>(
  em: EntityManager,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  const connection = em.getConnection();
  if (em.isInTransaction() || !(connection instanceof SqliteConnection) || !params.every(isPlainValue))
    return sqlRows<T>(em, sql, params);
  const client = connection.getKnex().client as {
    acquireConnection(): Promise<SqliteDatabase>;
    releaseConnection(db: SqliteDatabase): Promise<unknown>;
  };
  const started = Date.now();
  const db = await client.acquireConnection();
  try {
    const statement = await prepared(db, sql);
    const rows = await new Promise<unknown[]>((resolve, reject) =>
      statement.all(params, (err, found) => (err ? reject(err) : resolve(found))),
    );
    em.config
      .getLogger()
      .logQuery({ query: sql, params: [...params], took: Date.now() - started, results: rows.length });
    return rows as T[];
  } finally {
    await client.releaseConnection(db);
  }
}

/** Values the driver binds as MikroORM would write them (a Date, say, it would not). */
const isPlainValue = (v: unknown) =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** Prepared statements kept per connection, the least recently used dropped first. */
const MAX_STATEMENTS = 64;

/**
 * The connection's prepared statement for `sql`, made on first use. The connection's `close`
 * finalizes them first, as SQLite refuses to close a connection with live statements. Only the
 * caller holding the connection uses its statements, so one dropped from the cache is idle.
 */
function prepared(db: SqliteDatabase, sql: string): Promise<SqliteStatement> {
  let statements = db[STATEMENTS];
  if (!statements) {
    const cache = new Map<string, Promise<SqliteStatement>>();
    statements = db[STATEMENTS] = cache;
    const close = db.close.bind(db);
    db.close = (cb) => {
      void Promise.allSettled(
        [...cache.values()].map((p) => p.then((s) => new Promise<void>((r) => s.finalize(r)))),
      ).then(() => close(cb));
    };
  }
  let statement = statements.get(sql);
  if (statement) {
    statements.delete(sql); // re-inserted below: Map order is the recency order
  } else {
    if (statements.size >= MAX_STATEMENTS) {
      const [oldest, evicted] = statements.entries().next().value as [string, Promise<SqliteStatement>];
      statements.delete(oldest);
      void evicted.then(
        (st) => st.finalize(() => undefined),
        () => undefined,
      );
    }
    statement = new Promise<SqliteStatement>((resolve, reject) => {
      const s = db.prepare(sql, (err) => (err ? reject(err) : resolve(s)));
    });
    // A statement that fails to prepare is not kept: the next call tries again and fails alike.
    statement.catch(() => statements.delete(sql));
  }
  statements.set(sql, statement);
  return statement;
}
