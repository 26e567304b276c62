import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager, Knex } from '@mikro-orm/knex';
import { sqliteDriver } from '../db/sql';

/*
 * Bulk writes of imported rows inside the import's transaction. On SQLite a batch goes as
 * multi-row INSERTs of up to 500 rows, prepared once on the transaction's connection and run
 * with bound parameters straight on the driver (no SQL text built per batch, nothing escaped,
 * no per-row ORM work); on PostgreSQL as parameterized multi-row INSERTs of 500 rows.
 */

const isPostgres = (em: EntityManager) => em.getPlatform().constructor.name.startsWith('PostgreSql');

/** Rows a SQLite INSERT carries: 500, fewer for wide rows (the driver binds at most 32,766 values). */
const rowsPerInsert = (columns: number) => Math.max(1, Math.min(500, Math.floor(30_000 / columns)));

/**
 * Inserts `rows` (each the values of `columns`, in that order) into `table`. Dates must be given
 * as the dialect stores them; booleans are bound as 1/0 on SQLite.
 */
export async function bulkInsertValues(
  em: EntityManager,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
): Promise<void> {
  if (!rows.length) return;
  if (isPostgres(em)) {
    const trx = em.getTransactionContext<Knex.Transaction>();
    const knex = trx ?? (em as unknown as SqlEntityManager).getKnex();
    for (let i = 0; i < rows.length; i += 500)
      await knex(table).insert(
        rows.slice(i, i + 500).map((r) => Object.fromEntries(columns.map((c, j) => [c, r[j]]))),
      );
    return;
  }
  const per = rowsPerInsert(columns.length);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const head = `insert into \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) values `;
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const params: unknown[] = [];
    for (const r of chunk) for (const v of r) params.push(typeof v === 'boolean' ? Number(v) : v);
    await sqliteDriver(em, 'run', head + Array(chunk.length).fill(tuple).join(', '), params);
  }
}

/** Inserts `rows` (all with the same keys) into `table`. Dates must be given as the dialect stores them. */
export async function bulkInsert(
  em: EntityManager,
  table: string,
  rows: Record<string, unknown>[],
): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]);
  await bulkInsertValues(
    em,
    table,
    columns,
    rows.map((r) => columns.map((c) => r[c])),
  );
}

/** Which of `keys` exist in `table.column` (one statement per call on SQLite, bound as one JSON array). */
export async function existing<T>(
  em: EntityManager,
  table: string,
  column: string,
  select: string,
  keys: string[],
): Promise<T[]> {
  if (!keys.length) return [];
  const trx = em.getTransactionContext<Knex.Transaction>();
  const connection = em.getConnection();
  if (isPostgres(em)) {
    const out: T[] = [];
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000);
      out.push(
        ...((await connection.execute(
          `select ${select} from ${table} where ${column} in (${chunk.map(() => '?').join(',')})`,
          chunk,
          'all',
          trx,
        )) as T[]),
      );
    }
    return out;
  }
  return sqliteDriver<T>(
    em,
    'all',
    `select ${select} from \`${table}\` where \`${column}\` in (select value from json_each(?))`,
    [JSON.stringify(keys)],
  );
}

/**
 * On SQLite, a large load into `table` is faster without its secondary indexes: they are dropped
 * inside the import's transaction and built again (sorted, once) before it commits. Unique
 * indexes stay, so duplicates are still refused while loading. A crash rolls the drop back with
 * everything else. Returns the function that rebuilds them (a no-op on PostgreSQL).
 */
export async function deferIndexes(em: EntityManager, table: string): Promise<() => Promise<void>> {
  if (isPostgres(em)) return () => Promise.resolve();
  const trx = em.getTransactionContext<Knex.Transaction>();
  const connection = em.getConnection();
  const indexes = (await connection.execute(
    "select name, sql from sqlite_master where type = 'index' and tbl_name = ? and sql is not null and sql not like 'create unique%' and sql not like 'CREATE UNIQUE%'",
    [table],
    'all',
    trx,
  )) as { name: string; sql: string }[];
  for (const i of indexes) await connection.execute(`drop index \`${i.name}\``, [], 'run', trx);
  return async () => {
    for (const i of indexes) await connection.execute(i.sql, [], 'run', trx);
  };
}
