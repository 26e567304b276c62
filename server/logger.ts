import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs (one object a line, for the city's log collector). The level comes from
 * LOG_LEVEL: 'info' by default, 'silent' under vitest so test output stays readable.
 * What never reaches a log line: request headers (Authorization, cookies), request bodies
 * (passwords, variables), query strings, SQL, tokens and secrets. Request lines carry the
 * method, the path, the status, the time, the request id and the GraphQL operation name.
 */
export function createLogger(destination?: DestinationStream, env: NodeJS.ProcessEnv = process.env): Logger {
  const level = env.LOG_LEVEL || (env.VITEST ? 'silent' : 'info');
  return pino(
    {
      level,
      base: { service: 'lawcheck' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: safeError },
      // A second line of defence should an object with such a key ever be logged.
      redact: {
        paths: [
          'password',
          'token',
          'secret',
          'sql',
          'authorization',
          '*.password',
          '*.token',
          '*.secret',
          '*.sql',
          '*.authorization',
          '*.headers',
          'req.headers',
        ],
        censor: '[redacted]',
      },
    },
    destination ?? bufferedStdout(),
  );
}

/** Lines at trace, debug and info (pino writes the level first); anything else is written at once. */
const ROUTINE_LINE = /^\{"level":(?:10|20|30),/;
/** How long a routine line may wait in the buffer. */
const FLUSH_MS = 250;

/**
 * Standard output, written in blocks of a few kilobytes: one write(2) per access line made the
 * log reader's process wake for every request, which cost a busy server a fifth of its
 * throughput (bench/leniency.ts). Routine lines wait at most FLUSH_MS; a warning or an error is
 * written at once, with whatever waits before it, and everything is written when the process
 * exits, a crash included.
 */
function bufferedStdout(): DestinationStream {
  const out = pino.destination({ dest: 1, sync: true, minLength: 4096 });
  let waiting = false;
  const flush = () => {
    if (!waiting) return;
    waiting = false;
    out.flush();
  };
  setInterval(flush, FLUSH_MS).unref();
  process.on('exit', () => {
    if (waiting) out.flushSync();
  });
  return {
    write(line: string) {
      out.write(line);
      waiting = true;
      if (!ROUTINE_LINE.test(line)) flush();
    },
  };
}

/** SQL in a driver's error message (MikroORM puts the statement there) is withheld. */
const SQL_TEXT =
  /\b(select|insert|update|delete|pragma|create|alter|drop)\b[\s\S]*\b(from|into|set|table|index|where)\b/i;

/** An error for the log: its type, code and message, never SQL or the values bound to it. */
export function safeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err).slice(0, 200) };
  const driver = 'sql' in err || 'sqlMessage' in err || err.constructor.name.endsWith('Exception');
  const message = driver || SQL_TEXT.test(err.message) ? '[database error; SQL withheld]' : err.message;
  const frames = (err.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 12)
    .join('\n');
  const code = (err as { code?: unknown }).code;
  return { type: err.name, message, ...(typeof code === 'string' ? { code } : {}), stack: frames };
}

/** A client's x-request-id is kept only when it looks like an id (no spaces, quotes or line breaks). */
const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/** The operation a GraphQL request names (`operationName`, or `query Name` in the document). */
export function graphqlOperation(req: IncomingMessage): string | undefined {
  const body = (req as IncomingMessage & { body?: unknown }).body;
  const source =
    body && typeof body === 'object'
      ? (body as Record<string, unknown>)
      : Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
  const name = source.operationName;
  if (typeof name === 'string' && /^[_A-Za-z][_0-9A-Za-z]{0,99}$/.test(name)) return name;
  const query = typeof source.query === 'string' ? source.query.slice(0, 2000) : '';
  const match = /^\s*(query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]{0,99})/.exec(query);
  if (match) return match[2];
  // An anonymous operation: name its first root field, as a person reading the log would.
  const field =
    /^\s*(?:(?:query|mutation|subscription)\s*)?(?:\([^)]*\))?\s*\{\s*(?:\w+\s*:\s*)?([_A-Za-z]\w{0,99})/.exec(
      query,
    );
  return field ? `{${field[1]}}` : undefined;
}

/** The path without its query string (express's originalUrl: a mounted router rewrites req.url). */
const pathOf = (req: IncomingMessage) =>
  ((req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '').split('?')[0];

/**
 * The access log: one line per request when the response is finished (or the client went away),
 * at level error for a 5xx. Written by hand rather than with pino-http: that creates a child
 * logger and runs its serializers for every request, a fifth of the CPU of a small query.
 */
export function accessLog(logger: Logger) {
  // The line's every field is set below, and none can hold a secret (the path without its query,
  // an operation name of word characters): the redaction pass, which clones the line for its
  // wildcard paths, is left out for it (~6 µs and ~10 KB of garbage a request, 2026-12-07).
  const lines = logger.child({}, { redact: [] });
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const id = requestId(req, res);
    const started = performance.now();
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const path = pathOf(req);
      const status = res.writableFinished ? res.statusCode : 499;
      // The health probes run every few seconds: a line each only when they fail.
      if (path === '/healthz' && status < 400) return;
      const operation = path.startsWith('/graphql') ? graphqlOperation(req) : undefined;
      const responseTime = Math.round(performance.now() - started);
      const line = {
        requestId: id,
        req: { method: req.method, path, remoteAddress: req.socket.remoteAddress },
        ...(operation ? { operation } : {}),
        res: { statusCode: status },
        responseTime,
      };
      if (status >= 500) lines.error(line, `${req.method} ${path} ${status}`);
      else lines.info(line, `${req.method} ${path} ${status} ${responseTime}ms`);
    };
    res.once('finish', done);
    res.once('close', done);
    next();
  };
}
