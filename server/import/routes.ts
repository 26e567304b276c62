import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type express from 'express';
import { Role } from '../domain/enums';
import { InvalidInput } from '../domain/errors';
import type { Orm } from '../db/orm';
import { fileHeaders, httpFail, tableType } from '../http-ops';
import { audit } from '../services/audit';
import type { AuthUser } from '../services/auth';
import { exportBaselines, exportList, importFile, ImportKind, type ImportOptions } from './index';

/*
 * The import and its round trip over HTTP, beside the exports of issue #5:
 *   POST /import/{lists|baselines|enterprises|cases}?dryRun=1&…   the file as the request body
 *   POST /import/…?sha256=<hash of the dry run>                    the confirmed import
 *   GET  /export/lists/:id.{csv|xlsx}, /export/baselines.{csv|xlsx}
 * The file goes as the raw body (not base64 in GraphQL, whose text arguments stop at 20,000
 * characters); it is streamed to a temporary file, so a CSV of a million rows streams too.
 * Managers and administrators only; the same Bearer token as the API.
 */

const KINDS: Record<string, ImportKind> = {
  lists: ImportKind.LIST,
  baselines: ImportKind.BASELINE,
  enterprises: ImportKind.ENTERPRISE,
  cases: ImportKind.CASE,
};
const MAX_UPLOAD = 512 * 1024 * 1024;
const STAFF: readonly Role[] = [Role.ADMIN, Role.MANAGER];

type UserOf = (req: express.Request) => Promise<AuthUser | null>;

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 300) : null);

/** The request body to a temporary file, refusing more than MAX_UPLOAD bytes. */
async function saveBody(req: express.Request, file: string): Promise<number> {
  let size = 0;
  await pipeline(
    req,
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > MAX_UPLOAD)
          done(new InvalidInput('file', '文件超过512 MB', 'the file is larger than 512 MB'));
        else done(null, chunk);
      },
    }),
    fs.createWriteStream(file, { mode: 0o600 }),
  );
  return size;
}

function fail(res: express.Response, error: unknown): boolean {
  if (!(error instanceof InvalidInput)) return false;
  httpFail(res, 400, 'BAD_USER_INPUT', `${error.field}：${error.zh}`, `${error.field}: ${error.en}`, {
    field: error.field,
  });
  return true;
}

export function importRoutes(app: express.Express, orm: Orm, userOf: UserOf): void {
  app.post('/import/:kind', async (req, res, next) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lawcheck-import-'));
    try {
      const kind = KINDS[req.params.kind];
      if (!kind) return httpFail(res, 404, 'NOT_FOUND', '没有这种导入', 'no such import');
      const user = await userOf(req);
      if (!user) return httpFail(res, 401, 'UNAUTHENTICATED', '请先登录', 'log in first');
      if (!STAFF.includes(user.role))
        return httpFail(res, 403, 'FORBIDDEN', '只有管理人员可以导入', 'only managers may import');
      const q = req.query;
      const fileName = text(q.fileName) ?? text(req.headers['x-file-name']) ?? `${req.params.kind}`;
      const file = path.join(dir, 'upload');
      if ((await saveBody(req, file)) === 0)
        return httpFail(
          res,
          400,
          'BAD_USER_INPUT',
          'file：没有收到文件内容',
          'file: no file content was sent',
          {
            field: 'file',
          },
        );
      const options: ImportOptions = {
        kind,
        series: text(q.series),
        version: text(q.version),
        title: text(q.title),
        issuer: text(q.issuer),
        effectiveFrom: text(q.effectiveFrom),
        effectiveTo: text(q.effectiveTo),
        department: text(q.department),
        firstOffenceWindow: text(q.firstOffenceWindow),
      };
      const sha256 = text(q.sha256);
      const write = !!sha256 && q.dryRun !== '1' && q.dryRun !== 'true';
      const plan = await importFile(orm.em.fork(), { path: file, name: fileName }, fileName, options, {
        write,
        user,
        expectSha256: sha256,
      });
      res.json({ plan });
    } catch (error) {
      if (!fail(res, error)) next(error);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  const exported = async (
    req: express.Request,
    res: express.Response,
    what: string,
    format: 'csv' | 'xlsx',
    run: (out: express.Response) => Promise<number>,
    entityType: string,
    entityId: number | null,
  ) => {
    const user = await userOf(req);
    if (!user) return httpFail(res, 401, 'UNAUTHENTICATED', '请先登录', 'log in first');
    const name = `${what}.${format}`;
    fileHeaders(res, tableType(format), 'attachment', `export.${format}`, name);
    const rows = await run(res);
    const em = orm.em.fork();
    audit(em, user, 'export', entityType, entityId, { format, rows });
    await em.flush();
  };

  app.get('/export/lists/:file', async (req, res, next) => {
    try {
      const m = /^([1-9]\d{0,9})\.(csv|xlsx)$/.exec(req.params.file);
      if (!m) return httpFail(res, 404, 'NOT_FOUND', '没有这种导出', 'no such export');
      const id = Number(m[1]);
      const user = await userOf(req);
      if (!user) return httpFail(res, 401, 'UNAUTHENTICATED', '请先登录', 'log in first');
      const list = await orm.em.fork().findOne('LeniencyList', id);
      if (!list)
        return httpFail(res, 404, 'NOT_FOUND', `清单版本${id}不存在`, `there is no list version ${id}`);
      await exported(
        req,
        res,
        `清单-${id}`,
        m[2] as 'csv' | 'xlsx',
        (out) => exportList(orm.em.fork(), id, m[2] as 'csv', out),
        'LeniencyList',
        id,
      );
    } catch (error) {
      if (res.headersSent) res.destroy(error as Error);
      else if (!fail(res, error)) next(error);
    }
  });

  app.get('/export/baselines/:file', async (req, res, next) => {
    try {
      const m = /^all\.(csv|xlsx)$/.exec(req.params.file);
      if (!m) return httpFail(res, 404, 'NOT_FOUND', '没有这种导出', 'no such export');
      await exported(
        req,
        res,
        '裁量基准',
        m[1] as 'csv' | 'xlsx',
        (out) => exportBaselines(orm.em.fork(), m[1] as 'csv', out),
        'DiscretionBaseline',
        null,
      );
    } catch (error) {
      if (res.headersSent) res.destroy(error as Error);
      else next(error);
    }
  });
}
