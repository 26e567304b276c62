import fs from 'node:fs';
import path from 'node:path';
import { MikroORM as SqliteORM, type Options as SqliteOptions } from '@mikro-orm/sqlite';
import { MikroORM as PostgresORM } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { MikroORM } from '@mikro-orm/core';
import './sqlite-introspection';
import { entities } from './entities';
import { CaseStatsSubscriber } from './case-stats';
import { WriterSqliteDriver } from './sqlite-writer';
import { sqliteMigrations } from './migrations/sqlite';
import { postgresqlMigrations } from './migrations/postgresql';
import { PROJECT_ROOT } from '../paths';

export type Dialect = 'sqlite' | 'postgresql';
export type Orm = MikroORM;

export interface DatabaseTarget {
  dialect: Dialect;
  /** File path for SQLite, connection URL for PostgreSQL. */
  location: string;
}

export const DEFAULT_DATABASE_URL = 'sqlite:data/lawcheck.sqlite';

/** `sqlite:PATH` or `postgres://…` (see README, "Configuration"). */
export function parseDatabaseUrl(url: string = DEFAULT_DATABASE_URL): DatabaseTarget {
  if (url.startsWith('sqlite:')) return { dialect: 'sqlite', location: url.slice('sqlite:'.length) };
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgresql', location: url };
  throw new Error(
    `DATABASE_URL must start with "sqlite:" or "postgres://" (got "${url.replace(/\/\/[^@]*@/, '//***@')}")`,
  );
}

/** Where each dialect's migrations live in the source tree (written by `npm run migrations:create`). */
export function migrationsSourceDir(dialect: Dialect): string {
  return path.join(PROJECT_ROOT, 'server', 'db', 'migrations', dialect);
}

export interface OpenOptions {
  /** Called with every SQL statement the ORM runs (tests count them). */
  onQuery?: (sql: string) => void;
  debug?: boolean;
}

const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

function common(dialect: Dialect, options: OpenOptions) {
  const logQueries = Boolean(options.onQuery) || Boolean(options.debug);
  return {
    entities,
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    extensions: [Migrator],
    migrations: {
      path: migrationsSourceDir(dialect),
      emit: 'ts' as const,
      snapshot: false,
      transactional: true,
      // SQLite: one transaction per migration, so that a migration that rebuilds tables can run
      // outside it with foreign keys off (a pragma SQLite ignores inside a transaction), e.g.
      // migrations/sqlite/Migration20261130133519.ts.
      allOrNothing: dialect !== 'sqlite',
      migrationsList: dialect === 'sqlite' ? sqliteMigrations : postgresqlMigrations,
    },
    forceUtcTimezone: true,
    debug: logQueries ? ['query' as const] : false,
    logger: (message: string) => {
      // MikroORM colours its output by a process-wide switch that any other ORM instance in the
      // process (a PostgreSQL probe, say) may turn on: read the message without colour codes.
      const plain = message.replace(ANSI_COLOUR, '');
      if (options.onQuery) {
        if (plain.startsWith('[query]')) options.onQuery(plain);
      } else if (options.debug) console.log(plain);
    },
    colors: false,
    subscribers: [new CaseStatsSubscriber()],
    allowGlobalContext: false,
  };
}

/**
 * The database holds password hashes and case files: its directory is created 0700 and its
 * files are readable by the server's user only. SQLite creates the -wal and -shm files with the
 * main file's permissions, so the main file is created 0600 before SQLite opens it; files an
 * older version left world-readable are tightened at each start.
 */
export function protectSqliteFiles(location: string): void {
  const file = path.resolve(location);
  const dir = path.dirname(file);
  if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`])
    if (fs.existsSync(f) && (fs.statSync(f).mode & 0o077) !== 0) fs.chmodSync(f, 0o600);
}

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<Orm> {
  if (target.dialect === 'sqlite') {
    protectSqliteFiles(target.location);
    const config: SqliteOptions = {
      ...common('sqlite', options),
      // One writer at a time, each transaction begun IMMEDIATE (issue #11 §2: sqlite-writer.ts).
      driver: WriterSqliteDriver,
      dbName: target.location,
      // STACK.md: a pool of 4 and these pragmas on every pooled connection, not only the first.
      pool: {
        min: 1,
        max: 4,
        afterCreate: (
          conn: { exec(sql: string, cb: (err: Error | null) => void): void },
          done: (err: Error | null, conn: unknown) => void,
        ) =>
          conn.exec(
            'PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;',
            (err) => done(err, conn),
          ),
      },
    };
    return SqliteORM.init(config);
  }
  return PostgresORM.init({
    ...common('postgresql', options),
    clientUrl: target.location,
    pool: { min: 1, max: 10 },
  });
}

/** Applies every pending migration of the database's dialect. */
export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}
