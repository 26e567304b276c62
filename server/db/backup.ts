import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { openDatabase, type DatabaseTarget } from './orm';
import { sqlRows } from './sql';

export interface BackupResult {
  destination: string;
  bytes: number;
  ms: number;
  /** What was checked on the copy (SQLite: integrity_check and the tables it holds). */
  checked: string;
}

export class BackupError extends Error {}

/**
 * An online, consistent copy of the database while the server keeps serving.
 *
 * SQLite: `VACUUM INTO` reads the database inside one read transaction, so the copy is the
 * database as of one instant, and in WAL mode writers carry on meanwhile. The copy is written
 * beside the destination, checked (`PRAGMA integrity_check`), then renamed into place, so a
 * failed backup never leaves a half-written file under the destination's name.
 * PostgreSQL: `pg_dump` in its custom format (one snapshot, online), restored with `pg_restore`.
 * Without pg_dump on the PATH it says so: PostgreSQL's own tools are the honest way there.
 * The copy holds password hashes: it is created readable by its owner only.
 */
export async function backupDatabase(target: DatabaseTarget, destination: string): Promise<BackupResult> {
  const dest = path.resolve(destination);
  if (fs.existsSync(dest)) throw new BackupError(`${dest} already exists; choose a new file name`);
  fs.mkdirSync(path.dirname(dest), { recursive: true, mode: 0o700 });
  const partial = `${dest}.partial-${process.pid}`;
  const started = Date.now();
  try {
    const checked =
      target.dialect === 'sqlite'
        ? await sqliteBackup(target, partial)
        : await pgDump(target.location, partial);
    fs.renameSync(partial, dest);
    return { destination: dest, bytes: fs.statSync(dest).size, ms: Date.now() - started, checked };
  } finally {
    for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) fs.rmSync(f, { force: true });
  }
}

async function sqliteBackup(target: DatabaseTarget, partial: string): Promise<string> {
  if (!fs.existsSync(target.location))
    throw new BackupError(`there is no SQLite database at ${path.resolve(target.location)}`);
  // VACUUM INTO wants a new or empty file: create it empty, readable by its owner only.
  fs.closeSync(fs.openSync(partial, 'wx', 0o600));
  const source = await openDatabase(target);
  try {
    await source.em.getConnection().execute('vacuum into ?', [partial]);
  } finally {
    await source.close(true);
  }
  const copy = await openDatabase({ dialect: 'sqlite', location: partial });
  try {
    const em = copy.em.fork();
    const integrity = await sqlRows<{ integrity_check: string }>(em, 'pragma integrity_check');
    const result = integrity.map((r) => r.integrity_check).join('; ');
    if (result !== 'ok') throw new BackupError(`the copy failed its integrity check: ${result}`);
    const [tables] = await sqlRows<{ n: number }>(
      em,
      "select count(*) as n from sqlite_master where type = 'table'",
    );
    // Leave the copy as one self-contained file (no -wal beside it).
    await sqlRows(em, 'pragma wal_checkpoint(truncate)');
    return `integrity_check ok, ${tables.n} tables`;
  } finally {
    await copy.close(true);
  }
}

function pgDump(url: string, partial: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('pg_dump', ['--format=custom', '--no-owner', `--file=${partial}`, url], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'ENOENT'
          ? new BackupError(
              'pg_dump is not installed. `npm run backup` copies SQLite databases by itself; for PostgreSQL it runs ' +
                "PostgreSQL's own pg_dump (package postgresql-client, of the server's major version or newer). " +
                "Install it, or back up with your PostgreSQL service's tools.",
            )
          : err,
      ),
    );
    child.on('exit', (code) => {
      if (code === 0) {
        fs.chmodSync(partial, 0o600);
        resolve('pg_dump exited 0 (custom format; restore with pg_restore)');
      } else
        reject(
          new BackupError(
            `pg_dump failed (exit ${code}): ${stderr.replace(/\/\/[^@\s]*@/g, '//***@').trim()}`,
          ),
        );
    });
  });
}
