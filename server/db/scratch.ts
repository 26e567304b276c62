import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { MikroORM as PostgresORM } from '@mikro-orm/postgresql';
import type { DatabaseTarget, Dialect } from './orm';

/** The PostgreSQL server that tests, benchmarks and the migration check use. */
export const POSTGRES_ADMIN_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ScratchDatabase {
  target: DatabaseTarget;
  drop(): Promise<void>;
}

/** A new, empty database of the dialect, and the way to remove it afterwards. */
export function scratchDatabase(dialect: Dialect, label = 'scratch'): Promise<ScratchDatabase> {
  const name = `lawcheck_${label}_${process.pid}_${randomBytes(3).toString('hex')}`;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lawcheck-'));
    return Promise.resolve({
      target: { dialect, location: path.join(dir, `${name}.sqlite`) },
      drop: () => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true })),
    });
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return Promise.resolve({
    target: { dialect, location: url.toString() },
    drop: async () => {
      const admin = await PostgresORM.init({
        clientUrl: POSTGRES_ADMIN_URL,
        entities: [],
        discovery: { warnWhenNoEntities: false },
        ensureDatabase: false,
      });
      try {
        await admin.em.getConnection().execute(`drop database if exists "${name}" with (force)`);
      } finally {
        await admin.close(true);
      }
    },
  });
}

/** Whether a PostgreSQL server answers at POSTGRES_URL. */
export async function postgresReachable(): Promise<boolean> {
  try {
    const admin = await PostgresORM.init({
      clientUrl: POSTGRES_ADMIN_URL,
      entities: [],
      discovery: { warnWhenNoEntities: false },
      ensureDatabase: false,
      pool: { min: 0, max: 1, acquireTimeoutMillis: 3000 },
    });
    const ok = await admin.isConnected();
    await admin.close(true);
    return ok;
  } catch {
    return false;
  }
}
