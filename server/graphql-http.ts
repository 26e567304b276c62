import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { Context } from './graphql/context';
import type { QueryLimits } from './graphql/limits';
import { sendJson } from './http-ops';

/** The largest JSON body /graphql takes (express.json's `limit`, and the direct path's). */
export const GRAPHQL_BODY_LIMIT = 2 * 1024 * 1024;

/**
 * A GraphQL request through Apollo (what `expressMiddleware` does), with a time limit and a
 * size limit on the answer. A request not done within `timeoutMs` is answered QUERY_TIMEOUT,
 * at once if it is waiting (on the database, say), and its context's deadline stops the
 * batches still to run; an answer over `maxResponseBytes` is replaced by RESPONSE_TOO_LARGE.
 * Written against Node's own request and response, so that Express's routes and the direct
 * path below answer alike.
 */
export async function serveGraphQL(
  apollo: ApolloServer<Context>,
  limits: QueryLimits,
  req: IncomingMessage,
  search: string,
  body: unknown,
  res: ServerResponse,
  context: (deadline: number) => Promise<Context>,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers))
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  const deadline = Date.now() + limits.timeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), limits.timeoutMs);
  });
  const fail = (status: number, code: string, zh: string, en: string) =>
    sendJson(res, status, { errors: [{ message: `${zh} / ${en}`, extensions: { code } }] });
  try {
    const answer = await Promise.race([
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search, body },
        context: () => context(deadline),
      }),
      timedOut,
    ]);
    if (answer === 'timeout' || Date.now() > deadline) {
      const seconds = limits.timeoutMs / 1000;
      fail(
        503,
        'QUERY_TIMEOUT',
        `查询超过${seconds}秒未完成，已中止`,
        `the query took longer than ${seconds} s and was stopped`,
      );
      return;
    }
    if (answer.body.kind === 'complete') {
      // Encoded once: the answer's Chinese texts make it a two-byte string, costly to walk.
      const bytes = Buffer.from(answer.body.string);
      const size = bytes.length;
      if (size > limits.maxResponseBytes) {
        fail(
          400,
          'RESPONSE_TOO_LARGE',
          `结果过大（${size}字节，上限${limits.maxResponseBytes}），请减少字段或每页条数`,
          `the answer is too large (${size} bytes, limit ${limits.maxResponseBytes}); ask for fewer fields or smaller pages`,
        );
        return;
      }
      for (const [key, value] of answer.headers) res.setHeader(key, value);
      res.statusCode = answer.status || 200;
      res.setHeader('content-length', size);
      res.end(bytes);
      return;
    }
    for (const [key, value] of answer.headers) res.setHeader(key, value);
    res.statusCode = answer.status || 200;
    for await (const chunk of answer.body.asyncIterator) res.write(chunk);
    res.end();
  } finally {
    clearTimeout(timer);
  }
}

/** `content-type: application/json`, with no charset or UTF-8, as clients send it. */
const PLAIN_JSON = /^application\/json(?:\s*;\s*charset="?utf-8"?)?$/i;

/**
 * Whether a request is an ordinary GraphQL POST, told from its head alone: to /graphql itself,
 * a JSON body of a declared length within the limit, neither compressed nor chunked. Such a
 * request is answered without Express (`direct` in app.ts); anything else goes through Express,
 * whose routes say what is wrong with it (415, 413, 404 …).
 */
export function isPlainGraphQLPost(req: IncomingMessage): boolean {
  if (req.method !== 'POST' || req.url !== '/graphql') return false;
  const { headers } = req;
  const type = headers['content-type'];
  if (type === undefined || !(type === 'application/json' || PLAIN_JSON.test(type))) return false;
  if (headers['transfer-encoding'] !== undefined) return false;
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const length = Number(headers['content-length']);
  return length > 0 && length <= GRAPHQL_BODY_LIMIT;
}

/** An error as body-parser reports it (`type` and `status`), so that one handler answers both paths. */
export class BodyError extends Error {
  constructor(
    readonly type: 'entity.parse.failed' | 'request.size.invalid' | 'request.aborted',
    readonly status = 400,
  ) {
    super(type);
  }
}

/**
 * The JSON body of a request `isPlainGraphQLPost` accepted, parsed as `express.json()` parses it:
 * UTF-8 with a byte-order mark dropped, and only an object or an array at the top (strict).
 */
export function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const expected = Number(req.headers['content-length']);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let ended = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      chunks.push(chunk);
    });
    req.on('end', () => {
      ended = true;
      if (size !== expected) return reject(new BodyError('request.size.invalid'));
      let text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)).toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      const first = /^[ \t\n\r]*(.)/.exec(text)?.[1];
      if (first !== '{' && first !== '[') return reject(new BodyError('entity.parse.failed'));
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new BodyError('entity.parse.failed'));
      }
    });
    req.on('error', () => reject(new BodyError('request.aborted')));
    req.on('close', () => {
      if (!ended) reject(new BodyError('request.aborted'));
    });
  });
}
