import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { DEMO_PASSWORD } from '../seeds/demo';

/** Shared by the benchmarks: a built server in its own process, and a closed-loop HTTP load. */

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  port: number;
  child: ChildProcess;
  /** Peak resident memory of the server process so far, in MiB (from /proc). */
  peakRssMiB(): number;
  /** CPU time the server process has used so far (all its threads), in microseconds (from /proc). */
  cpuMicros(): number;
  stop(): Promise<void>;
}

export async function startServerProcess(databaseUrl: string): Promise<ServerProcess> {
  const port = await freePort();
  // As deployed: NODE_ENV=production (graphql-js and express skip their development checks),
  // with a throwaway token secret for this run.
  const child = spawn(process.execPath, [path.resolve('dist/server/index.js')], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      LAWCHECK_DEMO_DATA: '0',
      NODE_ENV: 'production',
      LAWCHECK_TOKEN_SECRET: randomBytes(32).toString('hex'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 120_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('serving on')) {
        clearTimeout(timer);
        // From here on the server's logs (an access line per request) are drained and dropped, as
        // a log collector would take them: kept in a growing string, each chunk cost the load
        // generator a scan of it, and a full pipe made the server spin on its log writes.
        child.stdout.off('data', onData);
        child.stderr.off('data', onData);
        child.stdout.resume();
        child.stderr.resume();
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  const fs = await import('node:fs');
  return {
    port,
    child,
    cpuMicros: () => {
      // Fields 14 and 15 of /proc/PID/stat (utime, stime), in clock ticks of 10 ms; the command
      // name (field 2) may hold spaces, so count from its closing parenthesis.
      const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10_000;
    },
    peakRssMiB: () => {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return Math.round(kb / 1024);
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** A POST to /graphql, its answer as the server sent it (status and bytes). */
function postBytes(
  port: number,
  body: Buffer,
  token?: string,
  timeoutMs?: number,
): Promise<{ status: number; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on('error', reject);
    if (timeoutMs) req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.end(body);
  });
}

export async function post(
  port: number,
  body: string,
  token?: string,
  timeoutMs?: number,
): Promise<{ status: number; text: string }> {
  const { status, bytes } = await postBytes(port, Buffer.from(body), token, timeoutMs);
  return { status, text: bytes.toString() };
}

/** A token for a demo account of the benchmark database. */
export async function loginToken(port: number, username: string): Promise<string> {
  const res = await post(
    port,
    JSON.stringify({
      query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
      variables: { u: username, p: DEMO_PASSWORD },
    }),
  );
  return (JSON.parse(res.text) as { data: { login: { token: string } } }).data.login.token;
}

export interface LoadResult {
  name: string;
  /** Server CPU per request (all its threads), in µs, when the server was measured. */
  cpuPerRequest?: number;
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Every request's latency in ms, sorted. */
  latencies: number[];
}

const ERRORS = Buffer.from('"errors"');

/**
 * `concurrency` clients, each sending its next request when the last one answers, for `seconds`.
 * `nextBody` gives each request's JSON body; it runs in the timed loop, so it should be cheap
 * (see bench/leniency.ts: the variables alone are made per request).
 */
export async function closedLoop(
  name: string,
  port: number,
  concurrency: number,
  seconds: number,
  nextBody: (i: number) => string | Buffer,
  token?: string,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let i = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (process.hrtime.bigint() < deadline) {
        const next = nextBody(i++);
        const body = typeof next === 'string' ? Buffer.from(next) : next;
        const t0 = process.hrtime.bigint();
        // The answer (3 KB of Chinese for a check) is searched as bytes, never decoded: the load
        // generator shares the machine with the server it measures.
        const res = await postBytes(port, body, token);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (res.status !== 200 || res.bytes.includes(ERRORS)) {
          errors++;
          if (errors === 1) console.error(`  first error (${name}): ${res.bytes.toString().slice(0, 300)}`);
        }
      }
    }),
  );
  return loadResult(name, latencies, errors, Number(process.hrtime.bigint() - start) / 1e9);
}

function loadResult(name: string, latencies: number[], errors: number, seconds: number): LoadResult {
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    name,
    requests: latencies.length,
    errors,
    seconds,
    perSecond: latencies.length / seconds,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: latencies[latencies.length - 1] ?? 0,
    latencies,
  };
}

/** Several runs of one load as one: requests over their time together, percentiles of all latencies. */
export function combineRuns(runs: LoadResult[]): LoadResult {
  const combined = loadResult(
    runs[0].name,
    runs.flatMap((r) => r.latencies),
    runs.reduce((n, r) => n + r.errors, 0),
    runs.reduce((n, r) => n + r.seconds, 0),
  );
  const cpu = runs.every((r) => r.cpuPerRequest !== undefined)
    ? runs.reduce((n, r) => n + r.cpuPerRequest! * r.requests, 0) / Math.max(1, combined.requests)
    : undefined;
  return { ...combined, cpuPerRequest: cpu };
}

/** A load run with the server's CPU per request beside it: steadier than req/s on a shared machine. */
export async function withServerCpu(
  server: ServerProcess,
  run: () => Promise<LoadResult>,
): Promise<LoadResult> {
  const before = server.cpuMicros();
  const result = await run();
  return { ...result, cpuPerRequest: (server.cpuMicros() - before) / Math.max(1, result.requests) };
}

export function printTable(rows: LoadResult[]): void {
  const f = (n: number, d = 1) => n.toFixed(d).padStart(9);
  const cpu = rows.some((r) => r.cpuPerRequest !== undefined);
  console.log(
    `\n${'query'.padEnd(26)}${'requests'.padStart(9)}${'errors'.padStart(8)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'max ms'.padStart(9)}${cpu ? 'server CPU µs/req'.padStart(19) : ''}`,
  );
  for (const r of rows)
    console.log(
      `${r.name.padEnd(26)}${String(r.requests).padStart(9)}${String(r.errors).padStart(8)}${f(r.perSecond, 0)}${f(r.p50, 2)}${f(r.p95, 2)}${f(r.p99, 2)}${f(r.max, 1)}${cpu ? (r.cpuPerRequest?.toFixed(0) ?? '-').padStart(19) : ''}`,
    );
}
