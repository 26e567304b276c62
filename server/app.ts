import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import http, { type IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import type { Config } from './config';
import { migrate, openDatabase, type Orm } from './db/orm';
import { consolePage } from './graphql/console';
import { createContext, type Context } from './graphql/context';
import { formatError } from './graphql/errors';
import { DEFAULT_QUERY_LIMITS, armorValidation, costLimitPlugin, type QueryLimits } from './graphql/limits';
import { checkInput, inputErrorFieldPlugin, isIdInRange } from './graphql/input-guard';
import { coerceInputValue, isInputType, type GraphQLSchema } from 'graphql';
import { lawcheckSchema } from './graphql/schema';
import { compilingGateway } from './graphql/compiled';
import { verifyToken, type AuthUser } from './services/auth';
import { Catalogue } from './services/catalogue';
import { LoginThrottle } from './services/login-throttle';
import { GroupedRead, groupedStatement, keyTable } from './db/grouped-read';
import { CheckupReport, Enterprise, PenaltyCase } from './db/entities';
import { listWhere } from './graphql/crud';
import type { EntityManager } from '@mikro-orm/core';
import { findReachable } from './graphql/access';
import { badInput, toApiError } from './graphql/errors';
import { GraphQLError } from 'graphql';
import { audit } from './services/audit';
import { CASE_COLUMNS, ENTERPRISE_COLUMNS, exportRows, type ExportFormat } from './services/export';
import { resource } from './graphql/resources';
import { closePdfRenderer } from './services/pdf';
import { reportPdf } from './services/reports';
import { caseDocument } from './services/documents';
import { DocumentKind, type Role } from './domain/enums';
import { NotAllowed } from './domain/errors';
import {
  answerError,
  consolePolicy,
  fileHeaders,
  healthRoutes,
  httpFail,
  jsonFallbacks,
  securityHeaderList,
  securityHeaders,
  tableType,
} from './http-ops';
import { GRAPHQL_BODY_LIMIT, isPlainGraphQLPost, readJsonBody, serveGraphQL } from './graphql-http';
import { accessLog, createLogger, type Logger } from './logger';
import { importRoutes } from './import/routes';
import { serveAdmin } from './static-admin';
import { PROJECT_ROOT } from './paths';

export interface RunningServer {
  url: string;
  port: number;
  orm: Orm;
  logger: Logger;
  close(): Promise<void>;
}

export interface ServerOptions {
  onQuery?: (sql: string) => void;
  /** Runs after migrations, before the server listens (the demo seed). */
  prepare?: (orm: Orm) => Promise<void>;
  /** Where the JSON logs go (tests capture them); by default stdout at LOG_LEVEL. */
  logger?: Logger;
}

const ADMIN_DIST = path.join(PROJECT_ROOT, 'admin', 'dist');
const ADMIN_PLACEHOLDER = path.join(PROJECT_ROOT, 'admin', 'placeholder.html');
const CONSOLE_POLICY = consolePolicy(consolePage);
/** Paths the admin's client-side routes never use: they answer JSON 404s, not the admin page. */
const NOT_THE_ADMIN = /^\/(graphql|healthz|readyz|reports|export|import|assets)(\/|$)|\.[A-Za-z0-9]+$/;

/** The login lookup's key: the token's user, its version and its id (for a logout). */
type SessionKey = readonly [userId: number, version: number, jti: string];
interface UserRow {
  id: number;
  username: string;
  role: Role;
  department_id: number | null;
}

/**
 * The user behind a token, read afresh on every request: a disabled account or changed role
 * takes effect at once, and a token issued before the user's last password or role change
 * (tokenVersion) or logged out (revoked_token) is refused. This runs before every operation, so
 * it is one plain statement on primary keys, grouped with the other requests' (GroupedRead).
 */
const sessionRows = groupedStatement<UserRow>(
  (em, count) => `${keyTable(
    em,
    'q',
    [
      ['user_id', 'int'],
      ['version', 'int'],
      ['jti', 'text'],
    ],
    count,
  )}
     select q.k as batch_key, u.id, u.username, u.role, u.department_id
       from q cross join "user" u
      where u.id = q.user_id and u.active = ? and u.token_version = q.version
        and not exists (select 1 from revoked_token r where r.jti = q.jti)`,
);

function sessionUsers(orm: Orm): GroupedRead<SessionKey, UserRow> {
  return new GroupedRead((keys) => sessionRows(orm.em, keys, [true]));
}

async function userFromRequest(
  sessions: GroupedRead<SessionKey, UserRow>,
  header: string | undefined,
  secret: string,
): Promise<AuthUser | null> {
  const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
  if (!token) return null;
  const claims = verifyToken(token, secret);
  if (claims === null) return null;
  const [row] = await sessions.load([claims.userId, claims.version, claims.jti]);
  return row
    ? {
        id: Number(row.id),
        username: row.username,
        role: row.role,
        departmentId: row.department_id === null ? null : Number(row.department_id),
        session: claims,
      }
    : null;
}

/**
 * A record for a file route (a PDF), read under the same access rule as through GraphQL
 * (graphql/access.ts): null once a 404 or 403 has been answered instead.
 */
async function reachableOrAnswer<T extends object>(
  res: express.Response,
  em: EntityManager,
  name: string,
  user: AuthUser,
  id: number,
  populate: readonly string[],
  missing: readonly [zh: string, en: string],
  forbidden: readonly [zh: string, en: string],
): Promise<T | null> {
  try {
    return await findReachable<T>(em, name, user, id, 'read', { populate: populate as never });
  } catch (err) {
    const e = toApiError(err) ?? (err instanceof GraphQLError ? err : null);
    if (!e) throw err;
    if (String(e.extensions.code) === 'NOT_FOUND') httpFail(res, 404, 'NOT_FOUND', ...missing);
    else httpFail(res, 403, 'FORBIDDEN', ...forbidden);
    return null;
  }
}

/** An export's `?filter=` JSON, coerced by the list filter's GraphQL input type and checked as its argument is. */
function exportFilter(schema: GraphQLSchema, typeName: string, raw: unknown): Record<string, unknown> {
  const type = schema.getType(typeName);
  if (!type || !isInputType(type)) throw new Error(`no input type ${typeName}`);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw badInput('filter', '应为JSON对象', 'must be a JSON object');
  const filter = coerceInputValue(raw, type, (path, _value, error) => {
    const unknown = /^Field "(\w+)" is not defined/.exec(error.message);
    const at = ['filter', ...path, ...(unknown ? [unknown[1]] : [])].join('.');
    const reason = error.message.split('; ').pop() ?? error.message;
    throw badInput(at, `无效：${reason}`, `is not valid: ${reason}`);
  }) as Record<string, unknown>;
  checkInput(type, filter, 'filter');
  return filter;
}

/** Opens the database, applies migrations and serves the API and the admin on one port. */
export async function startServer(config: Config, options: ServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger();
  const orm = await openDatabase(config.database, { onQuery: options.onQuery });
  await migrate(orm);
  await options.prepare?.(orm);

  const catalogue = new Catalogue(orm.em);
  const sessions = sessionUsers(orm);
  const loginThrottle = await LoginThrottle.create(
    config.loginThrottle,
    config.redisUrl,
    config.redisPrefix,
  ).catch(async (err: unknown) => {
    await orm.close(true);
    throw err;
  });
  const app = express();
  app.disable('x-powered-by');
  // The client address that login throttling counts by: behind a reverse proxy, set
  // LAWCHECK_TRUST_PROXY to the proxy's address or hop count (README), or every client
  // shares the proxy's address; never trust X-Forwarded-For from the open internet.
  app.set('trust proxy', config.trustProxy ?? false);
  // No ETag on API answers (a hash of every GraphQL response body, for POSTs nobody caches).
  // The admin's static files keep theirs (express.static sets its own).
  app.set('etag', false);
  const access = accessLog(logger);
  app.use(access);
  app.use(securityHeaders());
  // An ordinary GraphQL POST is answered without Express (graphql-http.ts); every other
  // request, malformed ones included, goes through Express's routes below.
  let direct: ((req: IncomingMessage, res: http.ServerResponse) => void) | null = null;
  const httpServer = http.createServer((req, res) => {
    if (direct && isPlainGraphQLPost(req)) direct(req, res);
    else app(req, res);
  });
  const limits: QueryLimits = { ...DEFAULT_QUERY_LIMITS, ...config.limits };
  const schema = await lawcheckSchema();
  const armor = armorValidation(limits);
  const apollo = new ApolloServer<Context>({
    gateway: compilingGateway(schema),
    formatError: (formatted, error) => formatError(formatted, error, config.production),
    includeStacktraceInErrorResponses: !config.production,
    introspection: true,
    stopOnTerminationSignals: false, // index.ts stops the HTTP server, Apollo and the database in order
    allowBatchedHttpRequests: false,
    // Issue #11: the document's size, shape and cost are bounded before anything runs.
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: armor.validationRules,
    // No HTTP caching of GraphQL answers here: the cache-control plugin's per-field work is saved.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ...armor.plugins,
      costLimitPlugin(limits),
      inputErrorFieldPlugin,
    ],
  });
  await apollo.start();

  healthRoutes(app, orm, config.database, logger);
  app.get('/graphql', (req, res, next) => {
    if (!config.production && req.accepts(['json', 'html']) === 'html' && !req.query.query)
      res.type('html').set('content-security-policy', CONSOLE_POLICY).send(consolePage);
    else next();
  });
  app.all('/graphql', (req, res, next) => {
    if (req.method === 'GET' || req.method === 'POST') return next();
    res.set('allow', 'GET, POST');
    httpFail(
      res,
      405,
      'METHOD_NOT_ALLOWED',
      'GraphQL只接受GET和POST请求',
      'GraphQL accepts GET and POST only',
    );
  });
  /** A GraphQL request's context: the caller behind the token, and where it came from. */
  const graphqlContext =
    (req: IncomingMessage, clientAddress: string) =>
    async (deadline: number): Promise<Context> =>
      createContext(
        orm.em.fork(),
        await userFromRequest(sessions, req.headers.authorization, config.tokenSecret),
        config.tokenSecret,
        config.database.dialect,
        catalogue,
        deadline,
        { clientAddress, loginThrottle },
      );
  app.use('/graphql', express.json({ limit: GRAPHQL_BODY_LIMIT }), async (req, res, next) => {
    // Only /graphql itself is GraphQL; and a POST that is not JSON (a form, text/plain) is
    // refused here, where Apollo would answer it in plain text.
    if (req.path !== '/') {
      const where = req.originalUrl.split('?')[0];
      return httpFail(res, 404, 'NOT_FOUND', `没有这个地址：${where}`, `no such route: ${where}`);
    }
    if (req.method === 'POST' && req.body === undefined)
      return httpFail(
        res,
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        '请求体须为JSON（content-type: application/json）',
        'the request body must be JSON (content-type: application/json)',
      );
    try {
      const { search } = new URL(req.originalUrl, 'http://localhost');
      const clientAddress = req.ip ?? req.socket.remoteAddress ?? '';
      await serveGraphQL(apollo, limits, req, search, req.body, res, graphqlContext(req, clientAddress));
    } catch (err) {
      next(err);
    }
  });
  // The same for an ordinary POST, without Express's router, helmet's chain and body-parser:
  // ~150 µs of CPU per request, nearly half of a `{ __typename }` (bench/leniency.ts). The same
  // access line, security headers, body rules, client address (`trust proxy`) and error answers.
  const headerList = securityHeaderList();
  const trust = app.get('trust proxy fn') as Parameters<typeof proxyaddr>[1];
  direct = (req, res) => {
    access(req, res, () => {});
    for (const [name, value] of headerList) res.setHeader(name, value);
    readJsonBody(req)
      .then((body) => {
        (req as IncomingMessage & { body?: unknown }).body = body;
        return serveGraphQL(apollo, limits, req, '', body, res, graphqlContext(req, proxyaddr(req, trust)));
      })
      .catch((err: unknown) => {
        if (res.headersSent) res.destroy();
        else answerError(err, req, res, logger, config.production);
      });
  };

  // The printable report (issue #4): authorised exactly like reading the report itself.
  app.get('/reports/:file', async (req, res, next) => {
    try {
      const match = /^(\d+)\.pdf$/.exec(req.params.file);
      if (!match || !isIdInRange(match[1]))
        return httpFail(res, 404, 'NOT_FOUND', '没有这个文件', 'no such file');
      const user = await userFromRequest(sessions, req.headers.authorization, config.tokenSecret);
      if (!user) return httpFail(res, 401, 'UNAUTHENTICATED', '请先登录', 'log in first');
      const em = orm.em.fork();
      // The same access rule as reading the report through GraphQL (graphql/access.ts).
      const report = await reachableOrAnswer<CheckupReport>(
        res,
        em,
        'CheckupReport',
        user,
        Number(match[1]),
        ['enterprise', 'lawyer'],
        [`报告${match[1]}不存在`, `there is no report ${match[1]}`],
        ['无权查看该体检报告', 'you may not read this health-check report'],
      );
      if (!report) return;
      const pdf = await reportPdf(em, report, catalogue);
      const name = `法治体检报告-${report.enterprise.getEntity().name}-${report.id}.pdf`;
      fileHeaders(res, 'application/pdf', 'inline', `report-${report.id}.pdf`, name).send(pdf);
    } catch (err) {
      next(err);
    }
  });

  // A case's documents (issue #12): 决定书, 责令改正通知书, 告知承诺书, read as the case itself is.
  const KIND_FILES: Record<string, DocumentKind> = Object.fromEntries(
    Object.values(DocumentKind).map((k) => [k.toLowerCase().replace(/_/g, '-'), k]),
  );
  app.get('/cases/:id/documents/:file', async (req, res, next) => {
    try {
      const match = /^([a-z-]+)\.pdf$/.exec(req.params.file);
      const kind = match ? KIND_FILES[match[1]] : undefined;
      if (!isIdInRange(req.params.id) || !match)
        return httpFail(res, 404, 'NOT_FOUND', '没有这个文件', 'no such file');
      if (!kind)
        return httpFail(
          res,
          404,
          'NOT_FOUND',
          `没有这种文书：${match[1]}（可用：${Object.keys(KIND_FILES).join('、')}）`,
          `no such document kind: ${match[1]} (use ${Object.keys(KIND_FILES).join(', ')})`,
        );
      const user = await userFromRequest(sessions, req.headers.authorization, config.tokenSecret);
      if (!user) return httpFail(res, 401, 'UNAUTHENTICATED', '请先登录', 'log in first');
      const em = orm.em.fork();
      // The same access rule as reading the case through GraphQL (graphql/access.ts).
      const kase = await reachableOrAnswer<PenaltyCase>(
        res,
        em,
        'PenaltyCase',
        user,
        Number(req.params.id),
        ['enterprise', 'offence', 'department', 'item'],
        [`案件${req.params.id}不存在`, `there is no case ${req.params.id}`],
        ['无权查看该案件', 'you may not read this case'],
      );
      if (!kase) return;
      let doc;
      try {
        doc = await caseDocument(em, kase, kind);
      } catch (err) {
        if (err instanceof NotAllowed) return httpFail(res, 409, 'CONFLICT', err.zh, err.en);
        throw err;
      }
      fileHeaders(
        res,
        'application/pdf',
        'inline',
        `case-${req.params.id}-${match[1]}.pdf`,
        `${doc.title}-${req.params.id}.pdf`,
      )
        .set('X-Content-Hash', doc.hash)
        .send(doc.pdf);
    } catch (err) {
      next(err);
    }
  });

  // Import of a city's tables with a dry run, and the round-trip exports (issue #14).
  importRoutes(app, orm, (req) => userFromRequest(sessions, req.headers.authorization, config.tokenSecret));

  // Exports of the lists (issue #5): the same filter and read scope as the list page, streamed.
  const EXPORTS = {
    cases: {
      resource: 'PenaltyCase',
      entity: PenaltyCase,
      populate: ['enterprise', 'offence', 'department', 'district', 'item'],
      columns: CASE_COLUMNS,
      title: '案件',
    },
    enterprises: {
      resource: 'Enterprise',
      entity: Enterprise,
      populate: ['district'],
      columns: ENTERPRISE_COLUMNS,
      title: '企业',
    },
  } as const;
  app.get('/export/:file', async (req, res, next) => {
    try {
      const match = /^(cases|enterprises)\.(csv|xlsx)$/.exec(req.params.file);
      if (!match) return httpFail(res, 404, 'NOT_FOUND', '没有这种导出', 'no such export');
      const user = await userFromRequest(sessions, req.headers.authorization, config.tokenSecret);
      if (!user) return httpFail(res, 401, 'UNAUTHENTICATED', '请先登录', 'log in first');
      const spec = EXPORTS[match[1] as keyof typeof EXPORTS];
      const format = match[2] as ExportFormat;
      let raw: unknown = {};
      try {
        raw = typeof req.query.filter === 'string' ? JSON.parse(req.query.filter) : {};
      } catch {
        return httpFail(res, 400, 'BAD_USER_INPUT', 'filter：不是有效的JSON', 'filter: not valid JSON');
      }
      let where;
      let filter: Record<string, unknown>;
      try {
        // The same validation as the GraphQL list's `filter` argument: its input type, then the guard.
        filter = exportFilter(schema, `${spec.resource}Filter`, raw);
        where = listWhere(resource(spec.resource), user, filter, config.database.dialect === 'postgresql');
      } catch (err) {
        // A bad filter or a forbidden list answers as the GraphQL list would, with a status.
        const e = toApiError(err) ?? (err instanceof GraphQLError ? err : null);
        if (!e) throw err;
        const code = String(e.extensions.code);
        return res
          .status(code === 'FORBIDDEN' ? 403 : 400)
          .json({ error: { code, message: e.message, field: e.extensions.field } });
      }
      const stamp = new Date().toISOString().slice(0, 10);
      const name = `${spec.title}-${stamp}.${format}`;
      fileHeaders(res, tableType(format), 'attachment', `${match[1]}-${stamp}.${format}`, name);
      const em = orm.em.fork();
      const rows = await exportRows(
        em,
        spec.entity as never,
        where as never,
        [...spec.populate],
        spec.columns as never,
        format,
        spec.title,
        res,
      );
      audit(em, user, 'export', spec.resource, null, { format, filter, rows });
      await em.flush();
    } catch (err) {
      if (res.headersSent) res.destroy(err as Error);
      else next(err);
    }
  });

  if (fs.existsSync(ADMIN_DIST)) {
    // The admin's client-side routes: any other HTML page request gets the admin.
    serveAdmin(
      app,
      ADMIN_DIST,
      (req) => !NOT_THE_ADMIN.test(req.path) && req.accepts(['json', 'html']) === 'html',
    );
  } else {
    app.get('/', (_req, res) => res.sendFile(ADMIN_PLACEHOLDER));
  }
  jsonFallbacks(app, logger, config.production);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, '0.0.0.0', resolve);
  });
  const port = (httpServer.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    port,
    orm,
    logger,
    close: async () => {
      await closePdfRenderer();
      await apollo.stop();
      await loginThrottle.close();
      await orm.close(true);
    },
  };
}
