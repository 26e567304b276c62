import path from 'node:path';
import type { Configuration, TransactionEventBroadcaster } from '@mikro-orm/core';
import { AbstractSqlDriver, SqliteKnexDialect, type Knex } from '@mikro-orm/knex';
import { SqliteConnection, SqlitePlatform } from '@mikro-orm/sqlite';

/*
 * SQLite allows one writer at a time. A plain (deferred) BEGIN reads first and asks for the
 * write lock at its first write; two such transactions that both read and then write cannot
 * both upgrade, and one fails at once with SQLITE_BUSY whatever busy_timeout says (issue #11:
 * 74.6% of 32 writing clients' requests failed so). Here every root transaction of the server
 * on a SQLite file:
 *  - waits its turn in an in-process queue first (first come, first served), holding no pooled
 *    connection while it waits, so that reads keep the pool's other connections; and
 *  - then begins with BEGIN IMMEDIATE, which takes the write lock at once (busy_timeout covers
 *    another process, a CLI or a backup, holding it), so no transaction ever needs an upgrade.
 * Reads outside transactions are untouched: WAL lets them run beside the writer.
 */

/** How long a transaction may wait for its turn before it gives up (a CONFLICT "busy"). */
export const WRITER_WAIT_MS = 30_000;

/** Thrown when the writer queue did not reach a transaction in time. */
export class WriterBusyError extends Error {
  readonly code = 'SQLITE_BUSY';
  constructor() {
    super('SQLITE_BUSY: waited too long for the writer');
  }
}

/** A first-come, first-served lock: `acquire` resolves to the function that releases it. */
export class WriterQueue {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  get length(): number {
    return this.waiting;
  }

  async acquire(timeoutMs = WRITER_WAIT_MS): Promise<() => void> {
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const before = this.tail;
    this.tail = before.then(() => mine);
    this.waiting++;
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    try {
      await Promise.race([
        before,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            timedOut = true;
            reject(new WriterBusyError());
          }, timeoutMs);
          timer.unref?.();
        }),
      ]);
    } catch (error) {
      // Keep the queue's order: our turn passes straight on to the next one when it comes.
      if (timedOut) void before.then(release);
      throw error;
    } finally {
      clearTimeout(timer);
      this.waiting--;
    }
    let released = false;
    return () => {
      if (!released) {
        released = true;
        release();
      }
    };
  }
}

/** One queue per database file in this process (two ORMs on one file share it). */
const queues = new Map<string, WriterQueue>();
export function writerQueue(file: string): WriterQueue {
  const key = path.resolve(file);
  let queue = queues.get(key);
  if (!queue) queues.set(key, (queue = new WriterQueue()));
  return queue;
}

/** knex's SQLite client, with root transactions begun IMMEDIATE (savepoints are unchanged). */
class ImmediateSqliteDialect extends SqliteKnexDialect {
  // knex's Client_SQLite3#transaction (not in MikroORM's typing of the dialect).
  transaction(...args: unknown[]): Knex.Transaction {
    const base = (SqliteKnexDialect.prototype as unknown as { transaction: (...a: unknown[]) => unknown })
      .transaction;
    const trx = base.apply(this, args) as Knex.Transaction & ImmediateBegin;
    // Called once the connection is acquired (asynchronously, after this returns); nested
    // transactions use savepoint() instead.
    trx.begin = function (this: ImmediateBegin, conn: unknown) {
      return this.query(conn, 'BEGIN IMMEDIATE;');
    };
    return trx;
  }
}
interface ImmediateBegin {
  begin(conn: unknown): Promise<unknown>;
  query(conn: unknown, sql: string): Promise<unknown>;
}

const RELEASE = Symbol('lawcheck.writerRelease');
type Held = Knex.Transaction & { [RELEASE]?: () => void };

export class WriterSqliteConnection extends SqliteConnection {
  override createKnex(): void {
    this.client = this.createKnexClient(ImmediateSqliteDialect as unknown as string);
    this.connected = true;
  }

  override async begin(options: Parameters<SqliteConnection['begin']>[0] = {}): Promise<Knex.Transaction> {
    if (options.ctx) return super.begin(options); // a savepoint inside a transaction that has its turn
    const release = await writerQueue(this.config.get('dbName')).acquire();
    try {
      const trx: Held = await super.begin(options);
      trx[RELEASE] = release;
      return trx;
    } catch (error) {
      release();
      throw error;
    }
  }

  override async commit(
    ctx: Knex.Transaction,
    eventBroadcaster?: TransactionEventBroadcaster,
    loggerContext?: Parameters<SqliteConnection['commit']>[2],
  ): Promise<void> {
    try {
      await super.commit(ctx, eventBroadcaster, loggerContext);
    } finally {
      (ctx as Held)[RELEASE]?.();
    }
  }

  override async rollback(
    ctx: Knex.Transaction,
    eventBroadcaster?: TransactionEventBroadcaster,
    loggerContext?: Parameters<SqliteConnection['rollback']>[2],
  ): Promise<void> {
    try {
      await super.rollback(ctx, eventBroadcaster, loggerContext);
    } finally {
      (ctx as Held)[RELEASE]?.();
    }
  }
}

/** `@mikro-orm/sqlite`'s driver with the connection above (its own driver is only this constructor). */
export class WriterSqliteDriver extends AbstractSqlDriver<WriterSqliteConnection, SqlitePlatform> {
  constructor(config: Configuration) {
    super(config, new SqlitePlatform(), WriterSqliteConnection, ['knex', 'sqlite3']);
  }
}
