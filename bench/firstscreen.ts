import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { launchChromium } from '../server/services/pdf';
import { startServerProcess } from './support';
import { ensureVolume } from './volume';

/*
 * The first screen of each role, as a browser with an empty cache on the intranet gets it:
 * from opening the address to the home page with its pending work (and, for staff, the figures)
 * drawn. Prints bytes on the wire (as sent: compressed where the server compresses), bytes of
 * JavaScript after decompression, requests, and the time, median of the runs; and, of the wire
 * bytes, the font files (Noto Sans SC slices, fetched only where the system has no CJK font).
 *   npm run bench -- firstscreen [--runs R] [--cases N] [--database URL]
 */
const ROLES = ['officer', 'lawyer', 'manager', 'admin'];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: {
      runs: { type: 'string', default: '5' },
      cases: { type: 'string', default: '5000' },
      database: { type: 'string', default: 'sqlite:/tmp/lawcheck-firstscreen.sqlite' },
    },
  });
  await ensureVolume(values.database, { cases: Number(values.cases), enterprises: 300 });
  const server = await startServerProcess(values.database);
  const browser = await launchChromium();
  const url = `http://localhost:${server.port}`;
  try {
    console.log(`\nFirst screen per role (empty cache, median of ${values.runs} runs; ${url})\n`);
    console.log(
      `${'role'.padEnd(10)}${'wire KiB'.padStart(10)}${'JS KiB'.padStart(10)}${'requests'.padStart(10)}${'ms'.padStart(8)}  compressed  charts${'font KiB'.padStart(10)}${'fonts'.padStart(7)}`,
    );
    for (const role of ROLES) {
      const wire: number[] = [];
      const js: number[] = [];
      const requests: number[] = [];
      const times: number[] = [];
      const fontWire: number[] = [];
      const fontFiles: number[] = [];
      let encodings = new Set<string>();
      let charts = false;
      for (let run = 0; run < Number(values.runs); run++) {
        // Log in first (its own page load), then time the first screen from a fresh cache.
        const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
        const page = await context.newPage();
        await page.goto(url);
        await page.fill('input[name="username"]', role);
        await page.fill('input[name="password"]', 'lawcheck-demo');
        await page.click('button[type="submit"]');
        await page.getByText('欢迎').first().waitFor();
        const storage = await context.storageState();
        await context.close();

        const fresh = await browser.newContext({
          locale: 'zh-CN',
          viewport: { width: 1366, height: 900 },
          storageState: storage,
        });
        const p = await fresh.newPage();
        const cdp = await fresh.newCDPSession(p);
        await cdp.send('Network.enable');
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
        let bytes = 0;
        let count = 0;
        let jsBytes = 0;
        let fontBytes = 0;
        const fontRequests = new Set<string>();
        encodings = new Set();
        cdp.on('Network.responseReceived', (e: { requestId: string; type: string }) => {
          if (e.type === 'Font') fontRequests.add(e.requestId);
        });
        cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
          bytes += e.encodedDataLength;
          count++;
          if (fontRequests.has(e.requestId)) fontBytes += e.encodedDataLength;
        });
        p.on('response', (res) => {
          const type = res.headers()['content-type'] ?? '';
          if (type.includes('javascript')) {
            encodings.add(res.headers()['content-encoding'] ?? 'none');
            void res
              .body()
              .then((b) => (jsBytes += b.length))
              .catch(() => undefined);
            if (/Statistics-/.test(res.url())) charts = true;
          }
        });
        const t0 = Date.now();
        await p.goto(url);
        await p.getByText('欢迎').first().waitFor();
        await p.waitForLoadState('networkidle');
        times.push(Date.now() - t0);
        wire.push(bytes);
        js.push(jsBytes);
        requests.push(count);
        fontWire.push(fontBytes);
        fontFiles.push(fontRequests.size);
        await fresh.close();
      }
      console.log(
        `${role.padEnd(10)}${(median(wire) / 1024).toFixed(0).padStart(10)}${(median(js) / 1024).toFixed(0).padStart(10)}${String(median(requests)).padStart(10)}${String(median(times)).padStart(8)}  ${[...encodings].join(',').padEnd(10)}  ${(charts ? 'yes' : 'no').padEnd(6)}${(median(fontWire) / 1024).toFixed(0).padStart(10)}${String(median(fontFiles)).padStart(7)}`,
      );
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
