import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';

// The compiled server, started the way `npm start` starts it (node on dist/, not a TS runner):
// STACK.md warns that module-loading faults show only there.
const ENTRY = path.resolve('dist/server/index.js');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function run(env: Record<string, string>, until: RegExp, timeoutMs = 120_000, cwd?: string) {
  const child = spawn(process.execPath, [ENTRY], {
    cwd,
    // The server logs JSON lines at LOG_LEVEL, which is silent by default under vitest.
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out; output so far:\n${output}`)), timeoutMs);
    const onData = (d: Buffer) => {
      output += d.toString();
      if (until.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (until.test(output)) resolve(output);
      else reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
  return { child, ready, exit: new Promise<number | null>((r) => child.on('exit', r)) };
}

describe('the built server', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lawcheck-smoke-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('migrates, seeds, serves the API and the admin page from any directory, and stops on SIGTERM', async () => {
    expect(fs.existsSync(ENTRY)).toBe(true);
    const port = await freePort();
    const server = run(
      {
        DATABASE_URL: `sqlite:${path.join(dir, 'smoke.sqlite')}`,
        PORT: String(port),
        NODE_ENV: 'development',
      },
      /demo logins[^\n]*\n/,
      120_000,
      // Started elsewhere than the project (as a service manager may): its migrations, admin build
      // and report fonts are found from the server's own place, not the working directory.
      dir,
    );
    try {
      const out = await server.ready;
      expect(out).toContain('demo logins: admin, manager, officer, reviewer, lawyer');
      const login = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation { login(username: "officer", password: "lawcheck-demo") { token user { role } } }',
        }),
      });
      const body = (await login.json()) as { data: { login: { token: string; user: { role: string } } } };
      expect(body.data.login.user.role).toBe('OFFICER');
      const cases = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${body.data.login.token}` },
        body: JSON.stringify({ query: '{ _allPenaltyCasesMeta { count } }' }),
      });
      expect(
        ((await cases.json()) as { data: { _allPenaltyCasesMeta: { count: number } } }).data
          ._allPenaltyCasesMeta.count,
      ).toBeGreaterThan(0);
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('Lawcheck');
      expect(html).toContain('<div id="root">');
      const console = await fetch(`http://127.0.0.1:${port}/graphql`, { headers: { accept: 'text/html' } });
      expect(await console.text()).toContain('GraphQL 控制台');
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exit).toBe(0);
  });

  it('refuses to start in production without a token secret, saying why', async () => {
    const server = run(
      {
        DATABASE_URL: `sqlite:${path.join(dir, 'prod.sqlite')}`,
        PORT: '0',
        NODE_ENV: 'production',
        LAWCHECK_TOKEN_SECRET: '',
      },
      /LAWCHECK_TOKEN_SECRET/,
    );
    const out = await server.ready;
    expect(out).toContain('will not start');
    expect(await server.exit).toBe(1);
    expect(fs.existsSync(path.join(dir, 'prod.sqlite'))).toBe(false);
  });
});
