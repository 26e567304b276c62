import fs from 'node:fs';
import path from 'node:path';

/**
 * The project's root (the directory of its package.json), found from this module's own place:
 * the server reads its admin build, migrations and report fonts from there, whatever directory
 * it was started in (a service manager's, say). `__dirname` is server/ under vitest and
 * dist/server/ in the build; the current directory is the last resort.
 */
function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

export const PROJECT_ROOT = projectRoot(__dirname);
