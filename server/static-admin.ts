import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';

/*
 * The admin's files as a browser on a slow intranet wants them: text assets compressed
 * (brotli, else gzip, precompressed at build time by admin/vite.config.mts, so no CPU is spent
 * per request), hashed files (assets/name-HASH.js) cached for a year as immutable, and
 * index.html revalidated on every load so a new release is picked up at once.
 */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

function cacheControl(file: string): string {
  return file.includes(`${path.sep}assets${path.sep}`) ? IMMUTABLE : REVALIDATE;
}

/** Serves `dir` (the built admin), and `index.html` for the admin's own routes. */
export function serveAdmin(app: Express, dir: string, isAdminRoute: (req: express.Request) => boolean): void {
  const root = path.resolve(dir);
  const index = path.join(root, 'index.html');

  const send = (req: express.Request, res: express.Response, file: string) => {
    res.setHeader('Cache-Control', cacheControl(file));
    res.vary('Accept-Encoding');
    const accepted = req.acceptsEncodings(ENCODINGS.map((e) => e.name));
    const encoding = ENCODINGS.find((e) => e.name === accepted && fs.existsSync(file + e.suffix));
    if (!encoding) return res.sendFile(file, { cacheControl: false });
    res.setHeader('Content-Encoding', encoding.name);
    res.type(path.extname(file));
    return res.sendFile(file + encoding.suffix, { cacheControl: false });
  };

  app.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const wanted = path.resolve(root, `.${decodeURIComponent(req.path)}`);
    if (!wanted.startsWith(root)) return next();
    const file = req.path === '/' ? index : wanted;
    if (file !== index && !fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
      // The admin's client-side routes get the admin; anything else is not ours.
      return isAdminRoute(req) ? send(req, res, index) : next();
    }
    return send(req, res, file);
  });
}
