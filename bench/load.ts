import 'reflect-metadata';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { Random } from '../seeds/random';
import { loginToken, post, startServerProcess } from './support';
import { ensureVolume } from './volume';

/*
 * A busy office (issue #11 point 8): `--clients` clients (32 by default), each sending its next
 * request when the last one answers, for `--seconds` (120 by default): 80% reads (checkLeniency,
 * list pages with their counts, leniencyStats), 20% writes (createPenaltyCase, updatePenaltyCase
 * with the version read, some deliberately stale, and report edits: updateCheckupReport with its
 * version and createReportFinding). Prints throughput, p50/p99 per operation, errors by code
 * with HTTP 5xx, timeouts and dropped connections apart, and the server's RSS. It measures; it
 * never fails on a time. Bounded: at most `--max-requests` requests, each given up after
 * `--timeout` seconds, on 127.0.0.1 only.
 *   npm run bench -- load [--seconds S] [--clients C] [--database URL] [--cases N] [--enterprises M]
 *                         [--max-requests R] [--timeout T] [--seed K]
 */

type Op =
  | 'checkLeniency'
  | 'list page'
  | 'leniencyStats'
  | 'createPenaltyCase'
  | 'updatePenaltyCase'
  | 'report edit'
  | 'reload version';

/** The mix, in percent: 80 reads, 20 writes. */
const MIX: [Op, number][] = [
  ['checkLeniency', 40],
  ['list page', 25],
  ['leniencyStats', 15],
  ['createPenaltyCase', 8],
  ['updatePenaltyCase', 6],
  ['report edit', 6],
];

interface Tally {
  latencies: number[];
  ok: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: {
      // Its own database by default (it writes), smaller than the read benchmarks' so that both
      // dialects are built in a few minutes; pass --cases 1000000 for the full volume.
      database: { type: 'string', default: 'sqlite:/tmp/lawcheck-load.sqlite' },
      cases: { type: 'string', default: '100000' },
      enterprises: { type: 'string', default: '20000' },
      seconds: { type: 'string', default: '120' },
      clients: { type: 'string', default: '32' },
      'max-requests': { type: 'string', default: '2000000' },
      timeout: { type: 'string', default: '90' },
      seed: { type: 'string', default: '42' },
    },
  });
  const seconds = Number(values.seconds);
  const clients = Number(values.clients);
  const maxRequests = Number(values['max-requests']);
  const timeoutMs = Number(values.timeout) * 1000;
  const volume = await ensureVolume(values.database, {
    cases: Number(values.cases),
    enterprises: Number(values.enterprises),
  });

  const server = await startServerProcess(values.database);
  const rssSamples: number[] = [];
  const sampler = setInterval(() => {
    try {
      const status = fs.readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
      rssSamples.push(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    } catch {
      // the server is gone; the run reports what it saw
    }
  }, 1000);
  try {
    const officer = await loginToken(server.port, 'officer');
    const manager = await loginToken(server.port, 'manager');
    const lawyer = await loginToken(server.port, 'lawyer');
    const call = async <T>(query: string, variables: Record<string, unknown>, token: string) =>
      (
        JSON.parse((await post(server.port, JSON.stringify({ query, variables }), token)).text) as {
          data: T;
        }
      ).data;

    // What the writers work on: the officer's offences, enterprises with their district, and a
    // draft report per client for the lawyer's edits.
    const me = await call<{ me: { departmentId: string } }>('{ me { departmentId } }', {}, officer);
    const offences = (
      await call<{ allOffences: { id: string }[] }>(
        'query($d: ID) { allOffences(perPage: 100, filter: { departmentId: $d }) { id } }',
        { d: me.me.departmentId },
        officer,
      )
    ).allOffences.map((o) => o.id);
    const enterprises = (
      await call<{ allEnterprises: { id: string; districtId: string | null }[] }>(
        '{ allEnterprises(perPage: 500) { id districtId } }',
        {},
        officer,
      )
    ).allEnterprises.filter((e) => e.districtId);
    const reports: { id: string; version: number }[] = [];
    for (let i = 0; i < clients; i++) {
      const r = await call<{ createCheckupReport: { id: string; version: number } } | null>(
        'mutation($e: ID!) { createCheckupReport(enterpriseId: $e, checkDate: "2026-11-01", scope: "负载测试") { id version } }',
        { e: enterprises[i % enterprises.length].id },
        lawyer,
      );
      if (r) reports.push(r.createCheckupReport);
    }
    const cases: { id: string; version: number }[] = [];

    const rng = new Random(Number(values.seed));
    const stamp = Date.now().toString(36);
    let serial = 0;
    const date = () =>
      `2025-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
    const pickOp = (): Op => {
      let r = rng.int(1, 100);
      for (const [op, weight] of MIX) if ((r -= weight) <= 0) return op;
      return 'checkLeniency';
    };

    /** The request for an operation; `after` learns from its answer (new ids, versions). */
    const request = (
      op: Op,
    ): { body: unknown; token: string; after?: (data: Record<string, unknown>) => void } => {
      switch (op) {
        case 'checkLeniency': {
          const d = date();
          return {
            token: officer,
            body: {
              query: `query($i: LeniencyCheckInput!) { checkLeniency(input: $i) { outcome mandatory grounds firstOffence
                fineRange { min max } referenceFine measures summary reasons { rule passed citation detail } item { number kind } priorCases { id } } }`,
              variables: {
                i: {
                  enterpriseId: String(rng.int(1, volume.enterprises)),
                  offenceId: String(rng.int(1, volume.offences)),
                  offenceDate: d,
                  discoveredDate: d,
                  decisionDate: '2025-12-31',
                  harm: rng.pick(['NONE', 'MINOR', 'GENERAL', 'SERIOUS']),
                  corrected: rng.chance(0.7),
                },
              },
            },
          };
        }
        case 'list page': {
          const page = rng.int(0, 20);
          return rng.chance(0.6)
            ? {
                token: officer,
                body: {
                  query: `query($p: Int) { allPenaltyCases(page: $p, perPage: 25, sortField: "decisionDate", sortOrder: "DESC") {
                    id caseNumber enterpriseId offenceId decisionDate outcome fine relief status version }
                    _allPenaltyCasesMeta { count } }`,
                  variables: { p: page },
                },
              }
            : {
                token: officer,
                body: {
                  query: `query($p: Int) { allEnterprises(page: $p, perPage: 25, sortField: "id", sortOrder: "ASC") {
                    id creditCode name districtId scale } _allEnterprisesMeta { count } }`,
                  variables: { p: page },
                },
              };
        }
        case 'leniencyStats':
          return {
            token: manager,
            body: {
              query: `query($f: StatsFilter, $g: [StatsDimension!]) { leniencyStats(filter: $f, groupBy: $g) {
                totals { cases lenientCases fines relief enterprises } groups { keys labels cases lenientCases fines relief } } }`,
              variables: {
                f: rng.chance(0.5) ? { from: '2025-01-01', to: '2025-12-31' } : {},
                g: [rng.pick(['DEPARTMENT', 'DISTRICT', 'KIND', 'OUTCOME', 'MONTH'])],
              },
            },
          };
        case 'createPenaltyCase': {
          const e = rng.pick(enterprises);
          const d = date();
          return {
            token: officer,
            body: {
              query: `mutation($c: String!, $e: ID!, $o: ID!, $d: ID!, $od: Date!) { createPenaltyCase(caseNumber: $c,
                enterpriseId: $e, offenceId: $o, districtId: $d, offenceDate: $od, discoveredDate: $od, decisionDate: $od,
                harm: MINOR, corrected: true) { id version outcome } }`,
              variables: {
                c: `负载-${stamp}-${++serial}`,
                e: e.id,
                o: rng.pick(offences),
                d: e.districtId,
                od: d,
              },
            },
            after: (data) => {
              const c = data.createPenaltyCase as { id: string; version: number };
              cases.push({ id: c.id, version: c.version });
            },
          };
        }
        case 'updatePenaltyCase': {
          const c = cases.length ? rng.pick(cases) : null;
          if (!c) return request('createPenaltyCase');
          // One update in ten is stale on purpose: it must be refused as CONFLICT, never a 500.
          const version = rng.chance(0.1) ? c.version - 1 : c.version;
          return {
            token: officer,
            body: {
              query: `mutation($id: ID!, $v: Int, $h: Harm) { updatePenaltyCase(id: $id, version: $v, harm: $h) { id version outcome } }`,
              variables: { id: c.id, v: version, h: rng.pick(['NONE', 'MINOR']) },
            },
            after: (data) => {
              c.version = (data.updatePenaltyCase as { version: number }).version;
            },
          };
        }
        case 'report edit': {
          const r = rng.pick(reports);
          return rng.chance(0.5)
            ? {
                token: lawyer,
                body: {
                  query: `mutation($id: ID!, $v: Int, $s: String) { updateCheckupReport(id: $id, version: $v, summary: $s) { id version } }`,
                  variables: { id: r.id, v: r.version, s: `负载测试摘要 ${++serial}` },
                },
                after: (data) => {
                  r.version = (data.updateCheckupReport as { version: number }).version;
                },
              }
            : {
                token: lawyer,
                body: {
                  query: `mutation($r: ID!, $d: String!) { createReportFinding(reportId: $r, category: LABOUR, riskLevel: GENERAL,
                    description: $d) { id } }`,
                  variables: { r: r.id, d: `负载测试发现 ${++serial}` },
                },
              };
        }
        case 'reload version':
          throw new Error('reloads are sent by the loop itself');
      }
    };

    const tallies = new Map<Op, Tally>();
    const tally = (op: Op) => {
      let t = tallies.get(op);
      if (!t) tallies.set(op, (t = { latencies: [], ok: 0 }));
      return t;
    };
    const codes = new Map<string, number>();
    const count = (key: string) => codes.set(key, (codes.get(key) ?? 0) + 1);
    const firstSeen = new Map<string, string>();
    let requests = 0;

    type Answer = { data: Record<string, unknown> } | { code: string } | null;
    const send = async (op: Op, body: unknown, token: string): Promise<Answer> => {
      const t = tally(op);
      const t0 = process.hrtime.bigint();
      requests++;
      let status = 0;
      let text = '';
      try {
        ({ status, text } = await post(server.port, JSON.stringify(body), token, timeoutMs));
      } catch (err) {
        const what = String((err as Error).message).startsWith('no answer') ? 'timeout' : 'connection failed';
        count(what);
        t.latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        return null;
      }
      t.latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      let parsed: {
        data?: Record<string, unknown> | null;
        errors?: { message: string; extensions?: { code?: string } }[];
      };
      try {
        parsed = JSON.parse(text) as typeof parsed;
      } catch {
        count(`HTTP ${status}, not JSON`);
        return null;
      }
      if (status >= 500) count(`HTTP ${status}`);
      if (parsed.errors?.length) {
        const code = parsed.errors[0].extensions?.code ?? '(no code)';
        count(code);
        if (!firstSeen.has(code)) firstSeen.set(code, `${op}: ${parsed.errors[0].message.slice(0, 160)}`);
        return { code };
      }
      t.ok++;
      return { data: parsed.data ?? {} };
    };

    console.log(
      `\nmixed load: ${clients} clients for ${seconds} s on ${values.database} (${volume.cases.toLocaleString('en')} cases, ${volume.enterprises.toLocaleString('en')} enterprises)…`,
    );
    const cpuBefore = server.cpuMicros();
    const start = process.hrtime.bigint();
    const deadline = start + BigInt(Math.round(seconds * 1e9));
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (process.hrtime.bigint() < deadline && requests < maxRequests) {
          const op = pickOp();
          const { body, token, after } = request(op);
          const answer = await send(op, body, token);
          if (answer && 'data' in answer && after) after(answer.data);
          const edited = (body as { variables: { id?: string } }).variables.id;
          if (answer && 'code' in answer && answer.code === 'CONFLICT' && edited) {
            // As the admin does after a refusal: read the current version and go on from it.
            const type = op === 'updatePenaltyCase' ? 'PenaltyCase' : 'CheckupReport';
            const reloaded = await send(
              'reload version',
              { query: `query($id: ID!) { ${type}(id: $id) { version } }`, variables: { id: edited } },
              op === 'updatePenaltyCase' ? officer : lawyer,
            );
            const held = (op === 'updatePenaltyCase' ? cases : reports).find((x) => x.id === edited);
            if (held && reloaded && 'data' in reloaded)
              held.version = (reloaded.data[type] as { version: number }).version;
          }
        }
      }),
    );
    const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
    const cpu = server.cpuMicros() - cpuBefore;

    const f = (n: number, d = 1) => n.toFixed(d).padStart(10);
    const at = (sorted: number[], q: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    console.log(
      `\n${'operation'.padEnd(20)}${'requests'.padStart(10)}${'ok'.padStart(10)}${'errors'.padStart(10)}${'req/s'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'max ms'.padStart(10)}`,
    );
    const all: number[] = [];
    let ok = 0;
    for (const [op] of [...MIX, ['reload version', 0] as [Op, number]]) {
      const t = tallies.get(op);
      if (!t) continue;
      const sorted = [...t.latencies].sort((a, b) => a - b);
      all.push(...sorted);
      ok += t.ok;
      console.log(
        `${op.padEnd(20)}${String(sorted.length).padStart(10)}${String(t.ok).padStart(10)}${String(sorted.length - t.ok).padStart(10)}${f(sorted.length / elapsed)}${f(at(sorted, 0.5), 2)}${f(at(sorted, 0.99), 2)}${f(sorted[sorted.length - 1] ?? 0)}`,
      );
    }
    all.sort((a, b) => a - b);
    console.log(
      `${'all'.padEnd(20)}${String(all.length).padStart(10)}${String(ok).padStart(10)}${String(all.length - ok).padStart(10)}${f(all.length / elapsed)}${f(at(all, 0.5), 2)}${f(at(all, 0.99), 2)}${f(all[all.length - 1] ?? 0)}`,
    );
    const writes = ['createPenaltyCase', 'updatePenaltyCase', 'report edit'].reduce(
      (s, op) => s + (tallies.get(op as Op)?.latencies.length ?? 0),
      0,
    );
    console.log(
      `\n${elapsed.toFixed(1)} s, ${(all.length / elapsed).toFixed(0)} req/s, ${((100 * writes) / Math.max(1, all.length)).toFixed(1)}% writes, server CPU ${(cpu / Math.max(1, all.length)).toFixed(0)} µs/request`,
    );
    console.log('\nerrors by code (first message of each):');
    if (!codes.size) console.log('  none');
    for (const [code, n] of [...codes].sort((a, b) => b[1] - a[1]))
      console.log(
        `  ${code.padEnd(24)}${String(n).padStart(8)}  ${((100 * n) / Math.max(1, all.length)).toFixed(2)}%${firstSeen.has(code) ? `  ${firstSeen.get(code)}` : ''}`,
      );
    const internal = codes.get('INTERNAL_SERVER_ERROR') ?? 0;
    const http5xx = [...codes].filter(([k]) => /^HTTP 5/.test(k)).reduce((s, [, n]) => s + n, 0);
    console.log(
      `500s: ${internal} INTERNAL_SERVER_ERROR answers, ${http5xx} HTTP 5xx, ${codes.get('timeout') ?? 0} timeouts, ${codes.get('connection failed') ?? 0} dropped connections  (goal: 0)`,
    );
    const rss = rssSamples.length ? rssSamples : [0];
    console.log(
      `server RSS: peak ${server.peakRssMiB()} MiB, during the run ${Math.round(Math.min(...rss))}–${Math.round(Math.max(...rss))} MiB, at the end ${Math.round(rss[rss.length - 1])} MiB`,
    );
  } finally {
    clearInterval(sampler);
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
