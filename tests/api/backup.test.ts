import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../server/app';
import { createLogger } from '../../server/logger';
import { dialects, startTestServer, DEMO_PASSWORD, type TestServer } from '../support/server';
import { POSTGRES_ADMIN_URL } from '../../server/db/scratch';
import { sqlRows } from '../../server/db/sql';

// `npm run backup -- <dest>` (issue #11, point 6): an online copy of a live server's database,
// taken during writes, proved by restoring it and finding the data.

const CLI = path.resolve('dist/server/db/backup-cli.js');

function backup(databaseUrl: string, dest: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, dest], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

/** Writers creating departments until told to stop; the names whose creation was answered. */
function writers(t: TestServer, token: string, clients = 4) {
  const done: string[] = [];
  const errors: unknown[] = [];
  let stop = false;
  let n = 0;
  const loops = Array.from({ length: clients }, async () => {
    while (!stop) {
      const i = n++;
      const res = await t.gql<{ createDepartment: { id: string } }>(
        'mutation($n: String!, $c: String!) { createDepartment(name: $n, code: $c) { id } }',
        { n: `备份测试部门${i}`, c: `BK${i}` },
        token,
      );
      if (res.data?.createDepartment) done.push(`备份测试部门${i}`);
      else errors.push(res.errors);
    }
  });
  return {
    done,
    errors,
    /** Resolves once `count` writes have been answered (the load is really running). */
    running: async (count = 5) => {
      for (let waited = 0; done.length < count && errors.length === 0 && waited < 30_000; waited += 50)
        await new Promise((r) => setTimeout(r, 50));
    },
    stop: async () => {
      stop = true;
      await Promise.all(loops);
    },
  };
}

describe('npm run backup', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lawcheck-backup-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const all = await dialects();

  it('copies a live SQLite database during writes; a server started on the copy finds the data', async () => {
    const t = await startTestServer('sqlite', { cases: 200 });
    const dest = path.join(dir, 'copy', 'lawcheck-backup.sqlite');
    try {
      const admin = await t.login('admin');
      // The demo's cases (the 200 generated and those it leaves in 法制审核); the load writes none.
      const cases = (
        await t.gql<{ _allPenaltyCasesMeta: { count: number } }>(
          '{ _allPenaltyCasesMeta { count } }',
          {},
          admin,
        )
      ).data!._allPenaltyCasesMeta.count;
      expect(cases).toBeGreaterThanOrEqual(200);
      const load = writers(t, admin);
      await load.running();
      const before = [...load.done];
      const result = await backup(`sqlite:${t.server.orm.config.get('dbName')!}`, dest);
      const duringBackup = load.done.length - before.length;
      await new Promise((r) => setTimeout(r, 300));
      await load.stop();
      expect(load.errors).toEqual([]);
      expect(result.out).toMatch(/integrity_check ok/);
      expect(result.code).toBe(0);
      expect(before.length).toBeGreaterThan(0);
      expect(duringBackup, 'the server kept writing while the backup ran').toBeGreaterThan(0);
      expect(fs.statSync(dest).mode & 0o777).toBe(0o600);
      expect(fs.readdirSync(path.dirname(dest))).toEqual(['lawcheck-backup.sqlite']);
      // A second backup never overwrites the first.
      const again = await backup(`sqlite:${t.server.orm.config.get('dbName')!}`, dest);
      expect(again.code).toBe(1);
      expect(again.out).toContain('already exists');

      // Restore: a server on the copy.
      const restored = await startServer(
        {
          database: { dialect: 'sqlite', location: dest },
          port: 0,
          production: false,
          tokenSecret: 'test-secret-test-secret-test-secret-0123',
          seedDemo: false,
        },
        { logger: createLogger(undefined, { LOG_LEVEL: 'silent' }) },
      );
      try {
        const post = async <T>(query: string, token?: string) =>
          (await (
            await fetch(`${restored.url}/graphql`, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                ...(token ? { authorization: `Bearer ${token}` } : {}),
              },
              body: JSON.stringify({ query }),
            })
          ).json()) as { data: T };
        const login = await post<{ login: { token: string } }>(
          `mutation { login(username: "admin", password: "${DEMO_PASSWORD}") { token } }`,
        );
        const token = login.data.login.token;
        const found = await post<{
          allDepartments: { name: string }[];
          _allPenaltyCasesMeta: { count: number };
        }>('{ allDepartments(perPage: 1000) { name } _allPenaltyCasesMeta { count } }', token);
        const names = new Set(found.data.allDepartments.map((d) => d.name));
        // Everything answered before the backup began is in the copy; nothing answered after it ended
        // can be missing from the live server, and the copy holds no more than the live one.
        for (const name of before) expect(names, name).toContain(name);
        const copied = [...names].filter((n) => n.startsWith('备份测试部门')).length;
        expect(copied).toBeGreaterThanOrEqual(before.length);
        expect(copied).toBeLessThanOrEqual(load.done.length);
        expect(found.data._allPenaltyCasesMeta.count).toBe(cases);
      } finally {
        await restored.close();
      }
    } finally {
      await t.stop();
    }
  });

  it.runIf(all.includes('postgresql'))(
    'copies a live PostgreSQL database with pg_dump; pg_restore into a new database gives the data back',
    async () => {
      const t = await startTestServer('postgresql', { cases: 50 });
      const dest = path.join(dir, 'lawcheck.pgdump');
      const url = t.server.orm.config.getClientUrl();
      const restoredDb = `${new URL(url).pathname.slice(1)}_restored`;
      const restoredUrl = new URL(POSTGRES_ADMIN_URL);
      restoredUrl.pathname = `/${restoredDb}`;
      try {
        const admin = await t.login('admin');
        const load = writers(t, admin, 2);
        await load.running();
        const before = [...load.done];
        const result = await backup(url, dest);
        await load.stop();
        expect(load.errors).toEqual([]);
        expect(before.length).toBeGreaterThan(0);
        expect(result.out).toContain('pg_dump exited 0');
        expect(result.code).toBe(0);
        expect(fs.statSync(dest).mode & 0o777).toBe(0o600);
        const run = (cmd: string, args: string[]) =>
          new Promise<number | null>((resolve) => spawn(cmd, args, { stdio: 'ignore' }).on('exit', resolve));
        expect(await run('createdb', ['-h', '127.0.0.1', '-U', 'postgres', restoredDb])).toBe(0);
        expect(await run('pg_restore', ['--no-owner', `--dbname=${restoredUrl.toString()}`, dest])).toBe(0);
        const restored = await startServer(
          {
            database: { dialect: 'postgresql', location: restoredUrl.toString() },
            port: 0,
            production: false,
            tokenSecret: 'test-secret-test-secret-test-secret-0123',
            seedDemo: false,
          },
          { logger: createLogger(undefined, { LOG_LEVEL: 'silent' }) },
        );
        try {
          const rows = await sqlRows<{ name: string }>(
            restored.orm.em.fork(),
            "select name from department where name like '备份测试部门%'",
          );
          const names = new Set(rows.map((r) => r.name));
          for (const name of before) expect(names, name).toContain(name);
        } finally {
          await restored.close();
        }
      } finally {
        await t.stop();
        await new Promise((resolve) =>
          spawn('dropdb', ['-h', '127.0.0.1', '-U', 'postgres', '--if-exists', '--force', restoredDb], {
            stdio: 'ignore',
          }).on('exit', resolve),
        );
      }
    },
  );
});
