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
import { expressMiddleware } from '@as-integrations/express5';
import http from 'node:http';
import type { Config } from './config';
import type { Role } from './domain/enums';
import { migrate, openDatabase, type Orm } from './db/orm';
import { consolePage } from './graphql/console';
import { createContext, type Context } from './graphql/context';
import { formatError } from './graphql/errors';
import { lawcheckSchema } from './graphql/schema';
import { verifyToken, type AuthUser } from './services/auth';
import { Catalogue } from './services/catalogue';
import { preparedRows } from './db/sql';
import { CheckupReport, Enterprise, PenaltyCase } from './db/entities';
import { listWhere } from './graphql/crud';
import { toApiError } from './graphql/errors';
import { GraphQLError } from 'graphql';
import { audit } from './services/audit';
import { CASE_COLUMNS, ENTERPRISE_COLUMNS, exportRows, type ExportFormat } from './services/export';
import { resource } from './graphql/resources';
import { closePdfRenderer } from './services/pdf';
import { reportPdf } from './services/reports';

export interface RunningServer {
  url: string;
  port: number;
  orm: Orm;
  close(): Promise<void>;
}

export interface ServerOptions {
  onQuery?: (sql: string) => void;
  /** Runs after migrations, before the server listens (the demo seed). */
  prepare?: (orm: Orm) => Promise<void>;
}

const ADMIN_DIST = path.resolve(process.cwd(), 'admin', 'dist');
const ADMIN_PLACEHOLDER = path.resolve(process.cwd(), 'admin', 'placeholder.html');

/** The JSON error of the plain HTTP routes (PDF, exports), in the API's codes and both languages. */
function httpFail(res: express.Response, status: number, code: string, zh: string, en: string) {
  return res.status(status).json({ error: { code, message: `${zh} / ${en}` } });
}

async function userFromRequest(
  orm: Orm,
  header: string | undefined,
  secret: string,
): Promise<AuthUser | null> {
  const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
  if (!token) return null;
  const id = verifyToken(token, secret);
  if (id === null) return null;
  // Read the user afresh on every request: a disabled account or changed role takes effect at
  // once. One plain indexed query: this runs before every operation, so it is kept lean.
  const rows = await preparedRows<{ id: number; username: string; role: Role; department_id: number | null }>(
    orm.em,
    'select id, username, role, department_id from "user" where id = ? and active = ?',
    [id, true],
  );
  const row = rows[0];
  return row
    ? {
        id: Number(row.id),
        username: row.username,
        role: row.role,
        departmentId: row.department_id === null ? null : Number(row.department_id),
      }
    : null;
}

/** Opens the database, applies migrations and serves the API and the admin on one port. */
export async function startServer(config: Config, options: ServerOptions = {}): Promise<RunningServer> {
  const orm = await openDatabase(config.database, { onQuery: options.onQuery });
  await migrate(orm);
  await options.prepare?.(orm);

  const catalogue = new Catalogue(orm.em);
  const app = express();
  app.disable('x-powered-by');
  // No ETag on API answers (a hash of every GraphQL response body, for POSTs nobody caches).
  // The admin's static files keep theirs (express.static sets its own).
  app.set('etag', false);
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<Context>({
    schema: await lawcheckSchema(),
    formatError: (formatted, error) => formatError(formatted, error, config.production),
    includeStacktraceInErrorResponses: !config.production,
    introspection: true,
    stopOnTerminationSignals: false, // index.ts stops the HTTP server, Apollo and the database in order
    // No HTTP caching of GraphQL answers here: the cache-control plugin's per-field work is saved.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/graphql', (req, res, next) => {
    if (!config.production && req.accepts(['json', 'html']) === 'html' && !req.query.query)
      res.type('html').send(consolePage);
    else next();
  });
  app.use(
    '/graphql',
    express.json({ limit: '2mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) =>
        createContext(
          orm.em.fork(),
          await userFromRequest(orm, req.headers.authorization, config.tokenSecret),
          config.tokenSecret,
          config.database.dialect,
          catalogue,
        ),
    }),
  );
  // The printable report (issue #4): authorised exactly like reading the report itself.
  app.get('/reports/:file', async (req, res, next) => {
    try {
      const match = /^([1-9]\d{0,15})\.pdf$/.exec(req.params.file);
      if (!match) return httpFail(res, 404, 'NOT_FOUND', '没有这个文件', 'no such file');
      const user = await userFromRequest(orm, req.headers.authorization, config.tokenSecret);
      if (!user) return httpFail(res, 401, 'UNAUTHENTICATED', '请先登录', 'log in first');
      const scope = resource('CheckupReport').access.read[user.role];
      if (!scope)
        return httpFail(res, 403, 'FORBIDDEN', '无权查看体检报告', 'you may not read health-check reports');
      const em = orm.em.fork();
      const report = await em.findOne(
        CheckupReport,
        { $and: [{ id: Number(match[1]) }, scope === 'all' ? {} : scope(user)] },
        { populate: ['enterprise', 'lawyer'] },
      );
      if (!report)
        return httpFail(res, 404, 'NOT_FOUND', `报告${match[1]}不存在`, `there is no report ${match[1]}`);
      const pdf = await reportPdf(em, report, catalogue);
      const name = `法治体检报告-${report.enterprise.getEntity().name}-${report.id}.pdf`;
      res
        .type('application/pdf')
        .set(
          'Content-Disposition',
          `inline; filename="report-${report.id}.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`,
        )
        .send(pdf);
    } catch (err) {
      next(err);
    }
  });

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
      const user = await userFromRequest(orm, req.headers.authorization, config.tokenSecret);
      if (!user) return httpFail(res, 401, 'UNAUTHENTICATED', '请先登录', 'log in first');
      const spec = EXPORTS[match[1] as keyof typeof EXPORTS];
      const format = match[2] as ExportFormat;
      let filter: Record<string, unknown> = {};
      try {
        filter =
          typeof req.query.filter === 'string'
            ? (JSON.parse(req.query.filter) as Record<string, unknown>)
            : {};
      } catch {
        return httpFail(res, 400, 'BAD_USER_INPUT', 'filter：不是有效的JSON', 'filter: not valid JSON');
      }
      let where;
      try {
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
      res
        .type(
          format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        )
        .set(
          'Content-Disposition',
          `attachment; filename="${match[1]}-${stamp}.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`,
        );
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
    app.use(express.static(ADMIN_DIST, { index: 'index.html' }));
    app.get(/^\/(?!graphql|healthz).*/, (_req, res) => res.sendFile(path.join(ADMIN_DIST, 'index.html')));
  } else {
    app.get('/', (_req, res) => res.sendFile(ADMIN_PLACEHOLDER));
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, '0.0.0.0', resolve);
  });
  const port = (httpServer.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    port,
    orm,
    close: async () => {
      await closePdfRenderer();
      await apollo.stop();
      await orm.close(true);
    },
  };
}
