import type { EntityManager } from '@mikro-orm/core';

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
