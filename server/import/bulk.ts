import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager, Knex } from '@mikro-orm/knex';
import { sqliteDriver } from '../db/sql';

/*
 * Bulk writes of imported rows inside the import's transaction. On SQLite a batch goes as
 * INSERT … SELECT from a JSON array of up to 1,000 rows, prepared once on the transaction's
 * connection and run straight on the driver (no SQL text built per batch, nothing escaped, no
 * per-row ORM work); on PostgreSQL as parameterized multi-row INSERTs of 500 rows.
 */

const isPostgres = (em: EntityManager) => em.getPlatform().constructor.name.startsWith('PostgreSql');

/** A value the code (never a file) gives, written into a SQLite statement's text. */
function literal(v: string | number | boolean | null): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`not a literal: ${v}`);
    return String(v);
  }
  return `'${v.replace(/'/g, "''")}'`;
}

/**
 * Inserts `rows` (each the values of `columns`, in that order) into `table`, with the values of
 * `fixed` (the same in every row: defaults, the import's timestamp) in their columns. Dates must
 * be given as the dialect stores them; booleans are written as 1/0 on SQLite, where the fixed
 * values are written into the statement (prepared once) instead of sent again with every row.
 */
export async function bulkInsertValues(
  em: EntityManager,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
  fixed: Readonly<Record<string, string | number | boolean | Date | null>> = {},
): Promise<void> {
  if (!rows.length) return;
  const fixedColumns = Object.keys(fixed);
  if (isPostgres(em)) {
    const trx = em.getTransactionContext<Knex.Transaction>();
    const knex = trx ?? (em as unknown as SqlEntityManager).getKnex();
    for (let i = 0; i < rows.length; i += 500)
      await knex(table).insert(
        rows
          .slice(i, i + 500)
          .map((r) => ({ ...Object.fromEntries(columns.map((c, j) => [c, r[j]])), ...fixed })),
      );
    return;
  }
  // One statement per 1,000 rows with one parameter, the rows as a JSON array read back by
  // SQLite (json_each): binding each value through the driver costs ~0.7 µs of the main thread,
  // a million rows of 17 values 12 s, where JSON costs a fraction and SQLite parses it on its own
  // thread. `->>` gives each value its SQL type (text, integer, real, null; true/false as 1/0).
  const select = [
    ...columns.map((_, i) => `value ->> ${i}`),
    ...Object.values(fixed).map((v) => literal(v instanceof Date ? v.getTime() : v)),
  ].join(', ');
  const sql = `insert into \`${table}\` (${[...columns, ...fixedColumns].map((c) => `\`${c}\``).join(', ')}) select ${select} from json_each(?) order by key`;
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.length <= 1000 ? rows : rows.slice(i, i + 1000);
    for (const r of chunk)
      for (const v of r)
        if (typeof v === 'object' && v !== null)
          throw new Error(`bulkInsertValues: ${table} takes plain values (a date as the dialect stores it)`);
    await sqliteDriver(em, 'run', sql, [JSON.stringify(chunk)]);
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
