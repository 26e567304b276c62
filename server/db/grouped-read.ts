import type { EntityManager } from '@mikro-orm/core';
import { PostgreSqlConnection } from '@mikro-orm/postgresql';
import { preparedRows } from './sql';

/**
 * A point read that every request makes (the login lookup, the check's enterprise and priors),
 * sent to the database for many requests at once. On SQLite each statement is a hand-off to the
 * driver's worker thread and back; on this kind of machine those two thread wake-ups cost more
 * than the indexed read itself (bench/leniency.ts: the login lookup alone halved the throughput of
 * `{ __typename }`). So a read goes when the event loop has run what it has in hand (the
 * requests whose bytes arrived with the first caller's), and callers arriving while it runs wait
 * for it to come back and then go together as one statement: no delay to speak of when the
 * server is idle (one turn of the loop), one hand-off for many requests when it is busy (the way a
 * database groups commits). Going at the end of the turn rather than at once made the groups
 * larger (10 keys a statement instead of 7) and the hand-offs fewer (2026-12-07, bench/leniency.ts,
 * four runs beside the build before: checkLeniency 11–21% more requests a second, for 10–18% less
 * server CPU each).
 *
 * Each key is still read when its request asks, never from a cache: what a request sees is what
 * the database holds after the request arrived. A statement that fails is retried key by key, so
 * one caller's failure is never another's.
 */
export class GroupedRead<K, R> {
  private queue: { key: K; resolve: (rows: R[]) => void; reject: (err: unknown) => void }[] = [];
  private running = false;

  constructor(
    /** The rows of each key, in the keys' order. */
    private readonly read: (keys: readonly K[]) => Promise<R[][]>,
    private readonly maxKeys = 64,
  ) {}

  load(key: K): Promise<R[]> {
    return new Promise<R[]>((resolve, reject) => {
      this.queue.push({ key, resolve, reject });
      if (this.running) return;
      this.running = true;
      setImmediate(() => void this.next());
    });
  }

  private async next(): Promise<void> {
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.maxKeys);
        try {
          const rows = await this.read(batch.map((b) => b.key));
          batch.forEach((b, i) => b.resolve(rows[i]));
        } catch (err) {
          if (batch.length === 1) batch[0].reject(err);
          else
            await Promise.all(
              batch.map((b) =>
                Promise.resolve()
                  .then(() => this.read([b.key]))
                  .then(
                    (rows) => b.resolve(rows[0]),
                    (e: unknown) => b.reject(e),
                  ),
              ),
            );
        }
      }
    } finally {
      // Whatever happened, the next caller starts a read again (never a queue nobody serves).
      this.running = false;
    }
  }
}

/** SQL column types of a grouped read's keys, written as each dialect compares them. */
export type KeyType = 'int' | 'text' | 'date';

/**
 * `with q(k, …) as (values (…), …)`: the keys as a table the statement joins to, `k` being each
 * key's place in the batch. PostgreSQL types the columns of a parameter list from its first row
 * (text, unless cast); SQLite compares by value and would turn `cast(… as date)` into a number.
 */
export function keyTable(
  em: EntityManager,
  name: string,
  columns: readonly (readonly [string, KeyType])[],
  count: number,
): string {
  const pg = em.getConnection() instanceof PostgreSqlConnection;
  const cast = (type: KeyType | 'k') =>
    pg ? `cast(? as ${type === 'k' || type === 'int' ? 'integer' : type})` : '?';
  const row = `(${[cast('k'), ...columns.map(([, type]) => cast(type))].join(', ')})`;
  return `with ${name}(k, ${columns.map(([column]) => column).join(', ')}) as (values ${Array.from({ length: count }, () => row).join(', ')})`;
}

/**
 * A grouped statement's rows (each carrying `batch_key`), split by key. The number of keys a
 * statement is written for is rounded up to a power of two, the last key repeated to fill it
 * (its repeats' rows are dropped): seven texts of each statement at most, so that the prepared
 * statements SQLite keeps per connection are not pushed out by every batch size. The rows are
 * the driver's own (with `batch_key`), not copies.
 */
export function groupedStatement<R>(
  sqlFor: (em: EntityManager, count: number) => string,
): (
  em: EntityManager,
  keys: readonly (readonly unknown[])[],
  trailing: readonly unknown[],
) => Promise<R[][]> {
  const texts = new Map<string, string>();
  return async (em, keys, trailing) => {
    const size = 2 ** Math.ceil(Math.log2(Math.max(1, keys.length)));
    const key = `${em.getConnection().constructor.name} ${size}`;
    let sql = texts.get(key);
    if (sql === undefined) texts.set(key, (sql = sqlFor(em, size)));
    const params: unknown[] = [];
    for (let k = 0; k < size; k++) params.push(k, ...keys[Math.min(k, keys.length - 1)]);
    params.push(...trailing);
    const rows = await preparedRows<R & { batch_key: number }>(em, sql, params);
    const byKey: R[][] = Array.from({ length: keys.length }, () => []);
    for (const row of rows) byKey[Number(row.batch_key)]?.push(row);
    return byKey;
  };
}
