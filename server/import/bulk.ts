import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager, Knex } from '@mikro-orm/knex';

/*
 * Bulk writes of imported rows inside the import's transaction. On SQLite a whole batch goes as
 * one JSON parameter unpacked by json_each (one statement, no per-row binding in JavaScript:
 * several times faster than a multi-row VALUES built by knex); on PostgreSQL as multi-row
 * INSERTs of 500 rows.
 */

const isPostgres = (em: EntityManager) => em.getPlatform().constructor.name.startsWith('PostgreSql');

/** Inserts `rows` (all with the same keys) into `table`. Dates must be given as the dialect stores them. */
export async function bulkInsert(
  em: EntityManager,
  table: string,
  rows: Record<string, unknown>[],
): Promise<void> {
  if (!rows.length) return;
  const trx = em.getTransactionContext<Knex.Transaction>();
  if (isPostgres(em)) {
    const knex = trx ?? (em as unknown as SqlEntityManager).getKnex();
    for (let i = 0; i < rows.length; i += 500) await knex(table).insert(rows.slice(i, i + 500));
    return;
  }
  const columns = Object.keys(rows[0]);
  const sql = `insert into \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) select ${columns
    .map((c) => `json_extract(j.value, '$.${c}')`)
    .join(', ')} from json_each(?) j`;
  await em.getConnection().execute(sql, [JSON.stringify(rows)], 'run', trx);
}

/** Which of `keys` exist in `table.column` (one statement per call on SQLite). */
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
  return (await connection.execute(
    `select ${select} from \`${table}\` where \`${column}\` in (select value from json_each(?))`,
    [JSON.stringify(keys)],
    'all',
    trx,
  )) as T[];
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
