import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/logger';
import { startTestServer, type TestServer } from '../support/server';

/*
 * An ordinary POST /graphql (JSON of a declared length) is answered without Express
 * (server/graphql-http.ts); the same request sent chunked, with no length, goes through
 * Express's routes and body-parser. Whatever a caller sends, well-formed or not, both must
 * answer alike: status, headers and body, and an access line each.
 */

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Headers that differ between any two answers (time, id, framing). */
const PER_ANSWER = new Set(['date', 'x-request-id', 'connection', 'keep-alive', 'content-length']);

function send(
  port: number,
  body: Buffer,
  chunked: boolean,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(chunked ? {} : { 'content-length': String(body.length) }),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    if (chunked) {
      // Two writes without a length: Node sends them chunked.
      req.write(body.subarray(0, 1));
      req.end(body.subarray(1));
    } else req.end(body);
  });
}

const comparable = (a: Answer) => ({
  status: a.status,
  headers: Object.fromEntries(Object.entries(a.headers).filter(([name]) => !PER_ANSWER.has(name))),
  body: a.body,
});

describe('an ordinary GraphQL POST, answered without Express', () => {
  let t: TestServer;
  const lines: string[] = [];

  beforeAll(async () => {
    const logger = createLogger({ write: (line: string) => void lines.push(line) }, { LOG_LEVEL: 'info' });
    t = await startTestServer('sqlite', { cases: 20, logger });
  });
  afterAll(async () => t?.stop());

  const BODIES: [what: string, body: Buffer, status: number][] = [
    ['a query', Buffer.from(JSON.stringify({ query: '{ __typename }' })), 200],
    ['a named query', Buffer.from(JSON.stringify({ query: 'query Ping { __typename }' })), 200],
    [
      'a query with a byte-order mark',
      Buffer.from(`\ufeff${JSON.stringify({ query: '{ __typename }' })}`),
      200,
    ],
    [
      'a query in leading white space',
      Buffer.from(`\n\t ${JSON.stringify({ query: '{ __typename }' })}`),
      200,
    ],
    ['an unknown field', Buffer.from(JSON.stringify({ query: '{ nothingHere }' })), 400],
    ['a document that does not parse', Buffer.from(JSON.stringify({ query: '{ __typename' })), 400],
    [
      'a login with a wrong password',
      Buffer.from(
        JSON.stringify({
          query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
          variables: { u: 'nobody-here', p: 'wrong' },
        }),
      ),
      200,
    ],
    ['no query', Buffer.from('{}'), 400],
    ['a batch (an array)', Buffer.from('[{"query":"{ __typename }"}]'), 400],
    ['JSON cut short', Buffer.from('{"query": "{ __typename }"'), 400],
    ['a JSON string', Buffer.from('"{ __typename }"'), 400],
    ['a JSON number', Buffer.from('42'), 400],
    ['a JSON null', Buffer.from('null'), 400],
    ['white space only', Buffer.from('   '), 400],
    ['bytes that are not UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 400],
    ['a text with a NUL', Buffer.from('{"query": "{ __typename }\u0000"}'), 400],
  ];

  it('answers every body as Express does: status, headers and body', async () => {
    for (const [what, body, status] of BODIES) {
      const direct = await send(t.server.port, body, false);
      const routed = await send(t.server.port, body, true);
      expect(direct.status, what).toBe(status);
      expect(comparable(direct), what).toEqual(comparable(routed));
      expect(direct.headers['content-type'], what).toMatch(/^application\/(graphql-response\+)?json/);
      expect(direct.headers['content-security-policy'], what).toContain("default-src 'self'");
      expect(Number(direct.headers['content-length']), what).toBe(Buffer.byteLength(direct.body));
      expect(direct.headers['x-request-id'], what).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('says a body that is not JSON in both languages', async () => {
    const res = await send(t.server.port, Buffer.from('{"query": '), false);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({
      error: { code: 'BAD_USER_INPUT', message: '请求体不是有效的JSON / the request body is not valid JSON' },
    });
  });

  it('takes a charset of UTF-8, and leaves other charsets and encodings to Express', async () => {
    const body = Buffer.from(JSON.stringify({ query: '{ __typename }' }));
    for (const type of [
      'application/json; charset=utf-8',
      'application/json;charset="UTF-8"',
      'Application/JSON',
    ]) {
      const res = await send(t.server.port, body, false, { 'content-type': type });
      expect(res.status, type).toBe(200);
      expect(JSON.parse(res.body), type).toEqual({ data: { __typename: 'Query' } });
    }
    const latin1 = await send(t.server.port, body, false, {
      'content-type': 'application/json; charset=latin1',
    });
    expect(latin1.status).toBe(415);
    const gzip = await send(t.server.port, body, false, { 'content-encoding': 'gzip' });
    expect(gzip.status).toBe(400);
  });

  it('writes one access line per request, with the operation, as Express’s requests get', async () => {
    const body = Buffer.from(JSON.stringify({ query: 'query DirectPing { __typename }' }));
    await send(t.server.port, body, false, { 'x-request-id': 'direct-1' });
    await send(t.server.port, body, true, { 'x-request-id': 'routed-1' });
    const access = (id: string) =>
      lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.requestId === id);
    const [direct] = access('direct-1');
    const [routed] = access('routed-1');
    expect(access('direct-1')).toHaveLength(1);
    expect(direct).toMatchObject({
      level: 30,
      operation: 'DirectPing',
      req: { method: 'POST', path: '/graphql' },
      res: { statusCode: 200 },
    });
    expect(Object.keys(direct).sort()).toEqual(Object.keys(routed).sort());
  });
});
