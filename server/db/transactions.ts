import { DeadlockException, LockWaitTimeoutException, type EntityManager } from '@mikro-orm/core';

/*
 * Writes run in one transaction each; a transaction the database refused for a moment (SQLite
 * busy from another process, a PostgreSQL deadlock or serialization failure between two
 * writers) is run again from the start a few times before the caller is told (as CONFLICT: see
 * graphql/errors.ts). Only the transaction's own work is repeated: it has no effect outside it.
 */

const ATTEMPTS = 4;

/** Error codes of the drivers that mean "try the same transaction again". */
const TRANSIENT_CODES = new Set([
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
]);

/** Whether a write failed only because another writer was in the way (worth another attempt). */
export function isTransientWriteError(error: unknown): boolean {
  if (error instanceof DeadlockException || error instanceof LockWaitTimeoutException) return true;
  if (!error || typeof error !== 'object') return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && /SQLITE_BUSY|database is locked/.test(message);
}

const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, 5 * 2 ** attempt + Math.random() * 20 * attempt));

/** `em.transactional(work)`, run again (up to 4 attempts) when it failed on a transient lock error. */
export async function writeTransaction<T>(
  em: EntityManager,
  work: (em: EntityManager) => Promise<T>,
): Promise<T> {
  // Inside a transaction already: a failure ends the outer one too, which its owner retries.
  if (em.isInTransaction()) return em.transactional(work);
  for (let attempt = 1; ; attempt++) {
    try {
      return await em.transactional(work);
    } catch (error) {
      if (attempt >= ATTEMPTS || !isTransientWriteError(error)) throw error;
      await pause(attempt);
    }
  }
}
