import fs from 'node:fs';
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type express from 'express';
import helmet from 'helmet';
import type { DatabaseTarget, Orm } from './db/orm';
import type { Logger } from './logger';
import { safeError } from './logger';

/** A JSON answer, as Express's `res.json` writes it, on Node's own response. */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

/** The JSON error of every plain HTTP answer: `{ error: { code, message } }`, the message "中文 / English". */
export function httpFail(
  res: ServerResponse,
  status: number,
  code: string,
  zh: string,
  en: string,
  extra: Record<string, unknown> = {},
): void {
  sendJson(res, status, { error: { code, message: `${zh} / ${en}`, ...extra } });
}

/** The content type of an export or import table (CSV in UTF-8, or XLSX). */
export function tableType(format: 'csv' | 'xlsx'): string {
  return format === 'csv'
    ? 'text/csv; charset=utf-8'
    : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
}

/**
 * A file's Content-Disposition: an ASCII `filename` for old clients and the Chinese name as
 * `filename*` (RFC 6266), shown inline (PDFs) or saved (tables).
 */
export function fileHeaders(
  res: express.Response,
  type: string,
  disposition: 'inline' | 'attachment',
  asciiName: string,
  name: string,
): express.Response {
  return res
    .type(type)
    .set(
      'Content-Disposition',
      `${disposition}; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    );
}

/**
 * Security headers (helmet). The admin is a vite build: scripts only from this origin; MUI's
 * emotion writes <style> elements at run time, so styles also allow inline. Nothing may frame
 * the pages. No upgrade-insecure-requests: a plain-HTTP deployment on an office network would
 * otherwise lose its own scripts; HSTS is sent and browsers honour it only over HTTPS.
 */
export function securityHeaders(): express.RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        scriptSrcAttr: ["'none'"],
      },
    },
    // The admin opens nothing cross-origin; keep the strict defaults for the rest.
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/**
 * The headers `securityHeaders()` sets, worked out once: helmet's options are all constants, so
 * the direct GraphQL path (graphql-http.ts) sets the same list without running its twelve
 * middlewares for every request.
 */
export function securityHeaderList(): readonly (readonly [string, string])[] {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  };
  let done = false;
  securityHeaders()({} as express.Request, recorder as unknown as express.Response, () => {
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously');
  return [...headers];
}

/**
 * The offline GraphQL console is one page with one inline script: it alone gets that script's
 * hash in its policy (never 'unsafe-inline').
 */
export function consolePolicy(page: string): string {
  const script = /<script>([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
  const hash = createHash('sha256').update(script).digest('base64');
  return [
    "default-src 'self'",
    `script-src 'sha256-${hash}'`,
    "style-src 'self' 'unsafe-inline'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** How long /readyz waits for the database before calling it unready. */
const READY_TIMEOUT_MS = 2000;

/**
 * `/healthz`: the process answers (for a restart policy). `/readyz`: the database answers a
 * `select 1` within two seconds (for a load balancer), 503 otherwise. On SQLite the file must
 * also still be where it was opened: a deleted file keeps answering from its unlinked inode and
 * every later write would be lost at the next start.
 */
export function healthRoutes(app: express.Express, orm: Orm, database: DatabaseTarget, logger: Logger) {
  app.get('/healthz', (_req, res) => {
    res.set('cache-control', 'no-store').json({ ok: true });
  });
  app.get('/readyz', async (_req, res) => {
    res.set('cache-control', 'no-store');
    try {
      if (database.dialect === 'sqlite' && !fs.existsSync(database.location))
        throw new Error('the SQLite database file is missing');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the database did not answer in time')), READY_TIMEOUT_MS);
      });
      try {
        await Promise.race([orm.em.getConnection().execute('select 1'), timeout]);
      } finally {
        clearTimeout(timer);
      }
      res.json({ ok: true, database: 'ok' });
    } catch (err) {
      logger.warn({ err }, 'readiness check failed');
      httpFail(res, 503, 'UNAVAILABLE', '数据库无法访问', 'the database does not answer', { ok: false });
    }
  });
}

/**
 * The last two handlers: a JSON 404 for every route nobody serves, and a JSON answer for every
 * error (unparseable JSON, a body past the limit, anything thrown), never express's HTML page.
 */
export function jsonFallbacks(app: express.Express, logger: Logger, production: boolean) {
  app.use((req, res) => {
    httpFail(
      res,
      404,
      'NOT_FOUND',
      `没有这个地址：${req.method} ${req.path}`,
      `no such route: ${req.method} ${req.path}`,
    );
  });
  app.use((err: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    answerError(err, req, res, logger, production);
  });
}

/**
 * The JSON answer to a request that failed: a body that is not JSON or too large (body-parser's
 * error types), a client error, or anything thrown (500, logged with the request's id).
 */
export function answerError(
  err: unknown,
  req: IncomingMessage,
  res: ServerResponse,
  logger: Logger,
  production: boolean,
): void {
  const e = err as { type?: string; status?: number; statusCode?: number; limit?: number };
  const status = e.status ?? e.statusCode ?? 500;
  if (e.type === 'entity.parse.failed')
    return httpFail(res, 400, 'BAD_USER_INPUT', '请求体不是有效的JSON', 'the request body is not valid JSON');
  if (e.type === 'entity.too.large')
    return httpFail(
      res,
      413,
      'PAYLOAD_TOO_LARGE',
      `请求体过大（上限${e.limit ?? ''}字节）`,
      `the request body is too large (limit ${e.limit ?? ''} bytes)`,
    );
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')
    return httpFail(res, 415, 'UNSUPPORTED_MEDIA_TYPE', '不支持的编码', 'unsupported encoding');
  if (status >= 400 && status < 500) return httpFail(res, status, 'BAD_REQUEST', '请求无效', 'bad request');
  ((req as IncomingMessage & { log?: Logger }).log ?? logger).error({ err }, 'request failed');
  httpFail(res, 500, 'INTERNAL_SERVER_ERROR', '服务器内部错误', 'internal server error', {
    ...(production ? {} : { detail: safeError(err).message }),
  });
}
