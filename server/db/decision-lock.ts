import type { EntityManager } from '@mikro-orm/core';
import { PostgreSqlConnection } from '@mikro-orm/postgresql';

/**
 * Serialises the decisions about one enterprise and one offence (issue #11 §2): whether a case
 * is a first offence depends on the cases recorded before it, so two cases of the same pair
 * decided at once must not both read "no prior case". Call it inside the write transaction,
 * before the prior cases are read; the lock is held until that transaction ends.
 * - PostgreSQL: a transaction-scoped advisory lock on a key made from the pair (a hash
 *   collision only makes two unrelated pairs wait for each other).
 * - SQLite: nothing to take: every write transaction began IMMEDIATE and holds the database's
 *   only write lock (db/sqlite-writer.ts), so the read and the insert are one serial step.
 */
export async function serializeDecision(
  em: EntityManager,
  enterpriseId: number,
  offenceId: number,
): Promise<void> {
  const connection = em.getConnection();
  if (!(connection instanceof PostgreSqlConnection)) return;
  if (!em.isInTransaction()) throw new Error('serializeDecision must run inside the write transaction');
  await connection.execute(
    'select pg_advisory_xact_lock(hashtextextended(?, 0)) as locked',
    [`lawcheck.decision:${enterpriseId}:${offenceId}`],
    'all',
    em.getTransactionContext(),
  );
}
