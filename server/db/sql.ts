import type { EntityManager, EntityName, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { PostgreSqlConnection } from '@mikro-orm/postgresql';
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

/**
 * A row of an entity's table (from `preparedRows`) as the entity's plain data: property names,
 * values as the entity would hold them (custom types such as JSON, bigint money and dates
 * converted, booleans as booleans), relations as their ids. No entity is made: `em.map` costs
 * ~0.3 ms of CPU for a PenaltyCase row (it wraps the entity, parses every JSON column and
 * snapshots it again for change tracking), twenty times this. Only `props` are converted
 * (the others are left as the driver gave them).
 */
export function rowData(
  em: EntityManager,
  entity: EntityName<object>,
  row: Record<string, unknown>,
  props: readonly string[],
): Record<string, unknown> {
  const meta = em.getMetadata().get((entity as { name: string }).name);
  const platform = em.getPlatform();
  const data = em.getDriver().mapResult(row, meta) as Record<string, unknown>;
  for (const name of props) {
    const prop = meta.properties[name];
    const value = data[name];
    if (prop?.customType && value !== null && value !== undefined)
      data[name] = prop.customType.convertToJSValue(value, platform);
  }
  return data;
}

/**
 * `em.find` for records that are only sent, for less: the query builder writes the SQL (the
 * filter's joins included), which runs as a prepared statement (`preparedRows`), and each row
 * becomes the entity's plain data (`rowData`: relations as ids), never a managed entity:
 * `find`'s machinery costs ~0.4 ms of CPU a call and `em.map` ~0.3 ms a case row. Inside a
 * transaction the rows include its writes.
 */
export async function findRows<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  props: readonly string[],
  where: FilterQuery<T>,
  orderBy: QueryOrderMap<T>,
  page?: { limit: number; offset: number },
): Promise<T[]> {
  // Both dialects' managers are SQL ones (server/db/orm.ts).
  const qb = (em as SqlEntityManager).createQueryBuilder(entity).select('*').where(where).orderBy(orderBy);
  if (page) qb.limit(page.limit, page.offset);
  const { sql, bindings } = qb.getKnexQuery().toSQL();
  const rows = await preparedRows<Record<string, unknown>>(em, sql, bindings);
  return rows.map((row) => rowData(em, entity as EntityName<object>, row, props) as T);
}

/** The parts of a node-sqlite3 connection and statement used here. */
interface SqliteStatement {
  all(params: readonly unknown[], cb: (err: Error | null, rows: unknown[]) => void): void;
  run(params: readonly unknown[], cb: (err: Error | null) => void): void;
  finalize(cb: () => void): void;
}
interface SqliteDatabase {
  prepare(sql: string, cb: (err: Error | null) => void): SqliteStatement;
  close(cb: (err: Error | null) => void): void;
  [STATEMENTS]?: Map<string, Promise<SqliteStatement>>;
}
const STATEMENTS = Symbol('lawcheck.preparedStatements');

/** A pool of raw driver connections (knex's), lent one caller at a time. */
interface DriverPool<C> {
  acquireConnection(): Promise<C>;
  releaseConnection(connection: C): Promise<unknown>;
}

/** The part of a node-postgres client used here. */
interface PostgresClient {
  query(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * `sqlRows` for the read statements run on every request (the login lookup, the check's
 * enterprise and priors, the batched relation lookups), straight to the driver with bound
 * parameters: MikroORM's `execute` inlines the parameters into new SQL text, which knex then
 * runs and the database parses again, ~76 µs of CPU a statement (STACK.md). On SQLite the
 * statement is prepared once per pooled connection; on PostgreSQL it is a parameterized query.
 * Inside a transaction it is `sqlRows` itself (the transaction owns its connection).
 */
export async function preparedRows<T>(
  em: EntityManager,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  const connection = em.getConnection();
  if (em.isInTransaction() || !params.every(isPlainValue)) return sqlRows<T>(em, sql, params);
  const started = Date.now();
  let rows: unknown[];
  if (connection instanceof SqliteConnection) {
    rows = await withConnection(connection.getKnex().client as DriverPool<SqliteDatabase>, async (db) => {
      const statement = await prepared(db, sql);
      return new Promise<unknown[]>((resolve, reject) =>
        statement.all(params, (err, found) => (err ? reject(err) : resolve(found))),
      );
    });
  } else if (connection instanceof PostgreSqlConnection) {
    const text = positional(sql);
    rows = await withConnection(
      connection.getKnex().client as DriverPool<PostgresClient>,
      async (client) => (await client.query(text, [...params])).rows,
    );
  } else return sqlRows<T>(em, sql, params);
  em.config
    .getLogger()
    .logQuery({ query: sql, params: [...params], took: Date.now() - started, results: rows.length });
  return rows as T[];
}

/**
 * A statement on the SQLite driver itself, prepared once per connection, with bound parameters:
 * for bulk writes and set lookups whose parameters are large (MikroORM's `execute` would inline
 * a batch's thousands of values into new SQL text, escape them, and scan that text with regular
 * expressions). Runs on the caller's transaction's connection when there is one, else on a
 * pooled connection. SQLite only; `run` answers nothing, `all` the rows.
 */
export async function sqliteDriver<T = never>(
  em: EntityManager,
  method: 'run' | 'all',
  sql: string,
  params: readonly unknown[],
): Promise<T[]> {
  const connection = em.getConnection();
  if (!(connection instanceof SqliteConnection)) throw new Error('sqliteDriver: not a SQLite connection');
  const trx = em.getTransactionContext<{ client: DriverPool<SqliteDatabase> }>();
  const pool = (trx ?? connection.getKnex()).client as DriverPool<SqliteDatabase>;
  return withConnection(pool, async (db) => {
    const statement = await prepared(db, sql);
    return new Promise<T[]>((resolve, reject) =>
      method === 'all'
        ? statement.all(params, (err, rows) => (err ? reject(err) : resolve(rows as T[])))
        : statement.run(params, (err) => (err ? reject(err) : resolve([]))),
    );
  });
}

async function withConnection<C, R>(pool: DriverPool<C>, use: (connection: C) => Promise<R>): Promise<R> {
  const connection = await pool.acquireConnection();
  try {
    return await use(connection);
  } finally {
    await pool.releaseConnection(connection);
  }
}

/** `?` placeholders as PostgreSQL's `$1, $2, …` (the SQL here has no `?` in its literals). */
const positionalCache = new Map<string, string>();
function positional(sql: string): string {
  let text = positionalCache.get(sql);
  if (text === undefined) {
    let n = 0;
    text = sql.replace(/\?/g, () => `$${++n}`);
    if (positionalCache.size < 1000) positionalCache.set(sql, text);
  }
  return text;
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
