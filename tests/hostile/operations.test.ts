import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/logger';
import { POSTGRES_ADMIN_URL } from '../../server/db/scratch';
import { MikroORM as PostgresORM } from '@mikro-orm/postgresql';
import { seedDemoIfEmpty } from '../../seeds/demo';
import { dialects, startTestServer, DEMO_PASSWORD, type TestServer } from '../support/server';

// Issue #11, point 6: what an operator and a security reviewer expect of the running server.

/** A logger writing into an array, at debug level, so the test reads every line the server logs. */
function capturedLogger() {
  const lines: string[] = [];
  const logger = createLogger({ write: (line: string) => void lines.push(line) }, { LOG_LEVEL: 'debug' });
  return { logger, lines };
}

const isJsonError = async (res: Response, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const text = await res.text();
  expect(text).not.toMatch(/<html|<!doctype|<pre>/i);
  const body = JSON.parse(text) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  // "中文 / English"
  expect(body.error.message).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/);
  return body;
};

describe('operations on SQLite', () => {
  let t: TestServer;
  const log = capturedLogger();

  beforeAll(async () => {
    t = await startTestServer('sqlite', { cases: 50, logger: log.logger });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('sends security headers, with a CSP that lets the admin and the console run and nothing else', async () => {
    const page = await fetch(`${t.url}/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(page.headers.get('x-powered-by')).toBeNull();

    const api = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(api.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');

    // The console's one inline script is allowed by its hash, never by 'unsafe-inline'.
    const consolePage = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await consolePage.text()).toContain('GraphQL 控制台');
    const consoleCsp = consolePage.headers.get('content-security-policy') ?? '';
    expect(consoleCsp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
  });

  it('answers JSON errors in both languages, never HTML', async () => {
    const post = (body: string, type = 'application/json', url = '/graphql') =>
      fetch(`${t.url}${url}`, { method: 'POST', headers: { 'content-type': type }, body });
    await isJsonError(await post('{"query": "{ __typename }"'), 400, 'BAD_USER_INPUT');
    await isJsonError(
      await post(JSON.stringify({ query: `{ __typename } #${'x'.repeat(3 * 1024 * 1024)}` })),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    await isJsonError(
      await post('query={__typename}', 'application/x-www-form-urlencoded'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    await isJsonError(await post('{"query": "{ __typename }"}', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await isJsonError(await fetch(`${t.url}/graphql`, { method: 'PUT' }), 405, 'METHOD_NOT_ALLOWED');
    await isJsonError(await fetch(`${t.url}/graphql/nothing`), 404, 'NOT_FOUND');
    await isJsonError(
      await post('{"query": "{ __typename }"}', 'application/json', '/graphql/v2'),
      404,
      'NOT_FOUND',
    );
    await isJsonError(await fetch(`${t.url}/assets/missing.js`), 404, 'NOT_FOUND');
    await isJsonError(
      await fetch(`${t.url}/api/cases`, { headers: { accept: 'application/json' } }),
      404,
      'NOT_FOUND',
    );
    await isJsonError(await post('{"a":1}', 'application/json', '/anything'), 404, 'NOT_FOUND');
    await isJsonError(await fetch(`${t.url}/readyz/more`), 404, 'NOT_FOUND');
    // The admin's own client routes still get the admin page.
    const spa = await fetch(`${t.url}/some/screen`, { headers: { accept: 'text/html' } });
    expect(spa.status).toBe(200);
    expect(await spa.text()).toContain('<div id="root">');
  });

  it('echoes a well-formed request id, replaces a malformed one, and logs it with the access line', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'lb-7f3a.42:9' },
      body: JSON.stringify({ query: 'query Ping { __typename }' }),
    });
    expect(res.headers.get('x-request-id')).toBe('lb-7f3a.42:9');
    for (const bad of ['has spaces in it', 'x'.repeat(200), '"quoted"', 'a;b=c']) {
      const r = await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': bad } });
      const id = r.headers.get('x-request-id');
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
    const fresh = await fetch(`${t.url}/healthz`);
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const access = log.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.requestId === 'lb-7f3a.42:9');
    expect(access).toMatchObject({
      level: 30,
      operation: 'Ping',
      req: { method: 'POST', path: '/graphql' },
      res: { statusCode: 200 },
    });
    expect(typeof access!.responseTime).toBe('number');
  });

  it('never logs passwords, tokens, Authorization headers or SQL', async () => {
    const before = log.lines.length;
    const token = await t.login('manager');
    await t.gql('mutation Wrong { login(username: "manager", password: "not-the-password-7781") { token } }');
    // A duplicate credit code: the database refuses it with SQL in the driver's message.
    const existing = await t.gql<{ allEnterprises: { creditCode: string; districtId: string }[] }>(
      '{ allEnterprises(perPage: 1) { creditCode districtId } }',
      {},
      token,
    );
    const e = existing.data!.allEnterprises[0];
    await t.gql(
      'mutation Dup($c: String!, $d: ID!) { createEnterprise(creditCode: $c, name: "重复企业", districtId: $d) { id } }',
      { c: e.creditCode, d: e.districtId },
      token,
    );
    await fetch(`${t.url}/reports/999999.pdf`, { headers: { authorization: `Bearer ${token}` } });
    await fetch(`${t.url}/export/cases.csv?filter=${encodeURIComponent('{"q":"secret-filter"}')}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await t.gql('query AnonymousProbe { me { id } }', {}, token);
    const written = log.lines.slice(before).join('\n');
    expect(log.lines.length - before).toBeGreaterThanOrEqual(6);
    expect(written).toContain('"operation":"Wrong"');
    expect(written).toContain('"operation":"Dup"');
    for (const secret of [
      DEMO_PASSWORD,
      'not-the-password-7781',
      token,
      token.split('.')[2],
      'Bearer',
      'authorization',
      'secret-filter',
      t.server.orm.config.get('dbName')!,
    ])
      expect(written, `the log holds ${secret}`).not.toContain(secret);
    expect(written).not.toMatch(/\b(select|insert into|update \S+ set|delete from)\b/i);
    // Every line is one JSON object.
    for (const line of log.lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });

  it('says the process is alive on /healthz and the database answers on /readyz, 503 once it is gone', async () => {
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true, database: 'ok' });

    const file = t.server.orm.config.get('dbName')!;
    const moved = `${file}.moved`;
    fs.renameSync(file, moved);
    try {
      const gone = await fetch(`${t.url}/readyz`);
      const body = await isJsonError(gone, 503, 'UNAVAILABLE');
      expect(body).toMatchObject({ error: { ok: false } });
      // The process itself is still alive.
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    } finally {
      fs.renameSync(moved, file);
    }
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
  });
});

describe('data files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lawcheck-modes-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the data directory 0700 and the database, its WAL, shared memory and token secret 0600', async () => {
    const data = path.join(dir, 'fresh', 'data');
    const file = path.join(data, 'lawcheck.sqlite');
    const previous = process.umask(0o022);
    try {
      const config = loadConfig({ DATABASE_URL: `sqlite:${file}`, PORT: '0' });
      const server = await startServer(config, {
        logger: createLogger(undefined, { LOG_LEVEL: 'silent' }),
        prepare: async (orm) => void (await seedDemoIfEmpty(orm, 10)),
      });
      try {
        const mode = (f: string) => (fs.statSync(f).mode & 0o777).toString(8);
        expect(mode(data)).toBe('700');
        for (const f of [file, `${file}-wal`, `${file}-shm`, path.join(data, '.token-secret')])
          expect(`${path.basename(f)} ${mode(f)}`).toBe(`${path.basename(f)} 600`);
      } finally {
        await server.close();
      }
      // A database an older version left world-readable is tightened at the next start.
      fs.chmodSync(file, 0o644);
      fs.chmodSync(path.join(data, '.token-secret'), 0o644);
      const again = await startServer(loadConfig({ DATABASE_URL: `sqlite:${file}`, PORT: '0' }), {
        logger: createLogger(undefined, { LOG_LEVEL: 'silent' }),
      });
      await again.close();
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.join(data, '.token-secret')).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });
});

describe('readiness on PostgreSQL', async () => {
  const available = (await dialects()).includes('postgresql');
  it.runIf(available)('answers 503 once the database has been dropped under the server', async () => {
    const t = await startTestServer('postgresql', { cases: 10, logger: capturedLogger().logger });
    try {
      expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
      // Drop the database from outside, as an operator's mistake or a failed server would.
      const name = new URL(t.server.orm.config.getClientUrl()).pathname.slice(1);
      const admin = await PostgresORM.init({
        clientUrl: POSTGRES_ADMIN_URL,
        entities: [],
        discovery: { warnWhenNoEntities: false },
        ensureDatabase: false,
      });
      try {
        await admin.em.getConnection().execute(`drop database "${name}" with (force)`);
      } finally {
        await admin.close(true);
      }
      await isJsonError(await fetch(`${t.url}/readyz`), 503, 'UNAVAILABLE');
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    } finally {
      await t.stop();
    }
  });
});
