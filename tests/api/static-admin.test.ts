import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMMUTABLE, REVALIDATE } from '../../server/static-admin';
import { startTestServer, type TestServer } from '../support/server';

// The built admin as a browser gets it (needs `npm run build`): compressed, hashed files cached
// for good, index.html revalidated.
const DIST = path.resolve('admin', 'dist');
const built = fs.existsSync(path.join(DIST, 'index.html'));

describe.runIf(built)('the admin’s files over HTTP', () => {
  let t: TestServer;
  let asset: string;

  beforeAll(async () => {
    t = await startTestServer('sqlite', { demo: false });
    const js = fs.readdirSync(path.join(DIST, 'assets')).filter((f) => /^index-.*\.js$/.test(f));
    asset = js[0];
  });
  afterAll(async () => t?.stop());

  /** A GET with node:http, whose body stays as sent (fetch would decompress it). */
  const get = (p: string, encoding?: string, accept = '*/*') =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      http
        .get(
          `${t.url}${p}`,
          { headers: { accept, ...(encoding ? { 'accept-encoding': encoding } : {}) } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
            );
          },
        )
        .on('error', reject);
    });

  it('sends a hashed script brotli- or gzip-compressed, immutable for a year', async () => {
    const original = fs.readFileSync(path.join(DIST, 'assets', asset));
    for (const [encoding, inflate] of [
      ['br', zlib.brotliDecompressSync],
      ['gzip', zlib.gunzipSync],
    ] as const) {
      const res = await get(`/assets/${asset}`, encoding);
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers['cache-control']).toBe(IMMUTABLE);
      expect(res.headers['content-type']).toMatch(/javascript/);
      expect(res.headers.vary).toMatch(/Accept-Encoding/i);
      const body = res.body;
      expect(body.length).toBeLessThan(original.length / 2);
      expect(inflate(body).equals(original)).toBe(true);
    }
    const plain = await get(`/assets/${asset}`, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(original)).toBe(true);
  });

  it('has index.html revalidated, at / and at the admin’s own routes', async () => {
    for (const p of ['/', '/index.html', '/PenaltyCase/12/show']) {
      const res = await get(p, 'gzip', 'text/html');
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe(REVALIDATE);
      const html = res.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(res.body) : res.body;
      expect(html.toString()).toContain('<div id="root">');
    }
  });

  it('serves nothing outside the build', async () => {
    const res = await get('/assets/..%2f..%2f..%2fpackage.json', 'identity', 'application/json');
    expect(res.status).toBe(404);
    expect(res.body.toString()).not.toContain('"name": "lawcheck"');
  });
});
