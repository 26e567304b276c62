import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = path.join(root, 'dist');

/**
 * Writes name.br and name.gz beside every text file of the build, so the server sends them
 * compressed without compressing per request (server/static-admin.ts).
 */
function precompress(): Plugin {
  return {
    name: 'lawcheck-precompress',
    apply: 'build',
    closeBundle() {
      const files = fs.readdirSync(outDir, { recursive: true, encoding: 'utf8' });
      for (const name of files) {
        const file = path.join(outDir, name);
        if (!/\.(js|css|html|svg|json|txt)$/.test(name) || !fs.statSync(file).isFile()) continue;
        const data = fs.readFileSync(file);
        if (data.length < 1024) continue;
        fs.writeFileSync(
          `${file}.br`,
          zlib.brotliCompressSync(data, {
            params: {
              [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
            },
          }),
        );
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
      }
    },
  };
}

/**
 * @fontsource's CSS offers each slice of Noto Sans SC as woff2 and as woff; browsers that run the
 * panel all take woff2, so the woff copies (a further 4.7 MB) are left out of the build.
 */
function woff2Only(): Plugin {
  return {
    name: 'lawcheck-woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/@fontsource[\\/].*\.css$/.test(id)) return null;
      return { code: code.replace(/,\s*url\([^)]*\.woff\) format\('woff'\)/g, ''), map: null };
    },
  };
}

// The admin is built into admin/dist, which the server serves at /.
export default defineConfig({
  root,
  plugins: [react(), woff2Only(), precompress()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    proxy: {
      '/graphql': 'http://localhost:3000',
      '/reports': 'http://localhost:3000',
      '/export': 'http://localhost:3000',
    },
  },
});
