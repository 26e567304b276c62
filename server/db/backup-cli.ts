import 'reflect-metadata';
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from './orm';
import { backupDatabase, BackupError } from './backup';

// `npm run backup -- <destination>`: an online, consistent copy of the database DATABASE_URL
// names, taken while the server runs (see backup.ts). Restore: stop the server and put the copy
// in the database file's place (SQLite), or `pg_restore --dbname=<url> <copy>` (PostgreSQL).
async function main(): Promise<void> {
  const destination = process.argv[2];
  if (!destination || destination.startsWith('-')) {
    console.error(
      'usage: npm run backup -- <destination file>   (the database is the one DATABASE_URL names)',
    );
    process.exit(2);
  }
  process.umask(0o077);
  const target = parseDatabaseUrl(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
  const result = await backupDatabase(target, destination);
  console.log(
    `backed up ${target.dialect === 'sqlite' ? target.location : 'the PostgreSQL database'} to ${result.destination}: ` +
      `${result.bytes} bytes in ${result.ms} ms; ${result.checked}`,
  );
}

main().catch((err: unknown) => {
  console.error(`backup failed: ${err instanceof BackupError ? err.message : String(err)}`);
  process.exit(1);
});
