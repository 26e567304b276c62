import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as E from '../../server/db/entities';
import { openDatabase, type Orm } from '../../server/db/orm';
import { sqlRows } from '../../server/db/sql';
import { riskIndexOf } from '../../server/domain/report';
import { Random } from '../../seeds/random';
import { DEMO_PASSWORD } from '../../seeds/demo';
import { databaseProblems } from './support';

/*
 * Issue #11 point 8: SIGKILL in the middle of writes. The compiled server (as `npm start` runs
 * it, in production mode) works on a SQLite file while clients write cases, reports with
 * findings, workflow steps and list items concurrently; at a random moment it is killed with
 * SIGKILL and started again on the same file. Then:
 *   - the file is intact (integrity_check, foreign_key_check);
 *   - every write the server acknowledged (HTTP 200 with data) is there, as acknowledged;
 *   - nothing is half-written: the statistics summary equals a fresh GROUP BY, every report's
 *     risk index is the one its findings give, a delivered report's content hash is the one
 *     acknowledged at delivery;
 *   - the audit trail matches: every acknowledged creation has its entry, every entry of the
 *     run names a record that exists, every record created in the run has its entry.
 *   CRASH_SEED=<n> replays the kill moment and the writers' choices (the seed is printed; the
 *   interleaving of the writers is the scheduler's).
 */
const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 100_000);
const ENTRY = path.resolve('dist/server/index.js');
// A secret of 256 random bits: production refuses guessable ones.
const SECRET = randomBytes(32).toString('hex');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function startBuilt(file: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [ENTRY], {
    env: {
      ...process.env,
      DATABASE_URL: `sqlite:${file}`,
      PORT: String(port),
      NODE_ENV: 'production',
      LAWCHECK_TOKEN_SECRET: SECRET,
      LAWCHECK_DEMO_DATA: '1',
      // The child inherits vitest's environment, where logs are silent by default: its start line is awaited.
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 150_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('serving on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, output: () => output };
}

type Data = Record<string, Record<string, unknown> | null>;

/** A GraphQL call; `null` when the answer never came (the server died with it in flight). */
async function gql(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<{ status: number; data?: Data | null; errors?: { message: string }[] } | null> {
  try {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, ...((await res.json()) as { data?: Data; errors?: { message: string }[] }) };
  } catch {
    return null;
  }
}

/** The field's data when the write was acknowledged: HTTP 200, no errors, data present. */
function acknowledged(res: Awaited<ReturnType<typeof gql>>, field: string): Record<string, unknown> | null {
  if (!res || res.status !== 200 || res.errors?.length) return null;
  return res.data?.[field] ?? null;
}

interface Acked {
  cases: { id: string; caseNumber: string; fine: number; version: number }[];
  reports: { id: string; status: string }[];
  findings: { id: string; reportId: string; description: string }[];
  items: { id: string; number: number; listId: string }[];
  delivered: { id: string; contentHash: string }[];
  refusals: string[];
}

describe('SIGKILL in the middle of writes, on SQLite', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lawcheck-crash-'));
  const file = path.join(dir, 'crash.sqlite');
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('restarts on an intact file holding every acknowledged write, whole, with its audit', async () => {
    console.log(`crash test seed ${SEED} (CRASH_SEED=${SEED} replays it)`);
    const rng = new Random(SEED);
    let server = await startBuilt(file);
    child = server.child;
    const url = server.url;
    const login = async (username: string) => {
      const res = await gql(
        url,
        'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
        {
          u: username,
          p: DEMO_PASSWORD,
        },
      );
      return String(res!.data!.login!.token);
    };
    const officer = await login('officer');
    const lawyer = await login('lawyer');
    const manager = await login('manager');
    const me = await gql(url, '{ me { departmentId } }', {}, officer);
    const departmentId = String(me!.data!.me!.departmentId);
    const offences = await gql(
      url,
      'query($d: ID) { allOffences(perPage: 50, filter: { departmentId: $d }) { id } }',
      { d: departmentId },
      officer,
    );
    const offenceIds = (offences!.data!.allOffences as unknown as { id: string }[]).map((o) => o.id);
    const enterprises = await gql(url, '{ allEnterprises(perPage: 100) { id districtId } }', {}, officer);
    const enterpriseRows = (
      enterprises!.data!.allEnterprises as unknown as { id: string; districtId: string | null }[]
    )
      .filter((e) => e.districtId)
      .map((e) => ({ id: e.id, districtId: e.districtId! }));
    expect(offenceIds.length).toBeGreaterThan(0);
    expect(enterpriseRows.length).toBeGreaterThan(10);

    // A draft list the manager fills while the others write, in the city's series.
    const series = await gql(url, '{ allLeniencyListSeries(perPage: 1) { id } }', {}, manager);
    const seriesId = String((series!.data!.allLeniencyListSeries as unknown as { id: string }[])[0].id);
    const list = acknowledged(
      await gql(
        url,
        'mutation($s: ID!) { createLeniencyList(seriesId: $s, version: "9.9", title: "压力测试清单", effectiveFrom: "2027-01-01") { id } }',
        { s: seriesId },
        manager,
      ),
      'createLeniencyList',
    );
    expect(list).not.toBeNull();
    const listId = String(list!.id);

    // Where the run starts: records above these ids, and audit entries above this one, are its.
    const before = await (async () => {
      const orm = await openDatabase({ dialect: 'sqlite', location: file });
      try {
        const em = orm.em.fork();
        const max = async (table: string) =>
          Number((await sqlRows<{ m: number | null }>(em, `select max(id) as m from "${table}"`))[0].m ?? 0);
        return {
          audit: await max('audit_entry'),
          penalty_case: await max('penalty_case'),
          checkup_report: await max('checkup_report'),
          report_finding: await max('report_finding'),
          leniency_item: await max('leniency_item'),
        };
      } finally {
        await orm.close(true);
      }
    })();

    const acked: Acked = { cases: [], reports: [], findings: [], items: [], delivered: [], refusals: [] };
    let stop = false;
    let n = 0;
    const note = (res: Awaited<ReturnType<typeof gql>>, what: string) => {
      if (res && (res.status !== 200 || res.errors?.length))
        acked.refusals.push(`${what}: ${res.status} ${res.errors?.[0]?.message.slice(0, 120) ?? ''}`);
    };

    const caseWriter = async () => {
      while (!stop) {
        const e = rng.pick(enterpriseRows);
        const caseNumber = `崩溃-${SEED}-${++n}`;
        const month = String(rng.int(1, 12)).padStart(2, '0');
        const res = await gql(
          url,
          `mutation($c: String!, $e: ID!, $o: ID!, $d: ID!, $od: Date!, $dd: Date!) {
            createPenaltyCase(caseNumber: $c, enterpriseId: $e, offenceId: $o, districtId: $d, offenceDate: $od,
              decisionDate: $dd, harm: MINOR, corrected: true, fine: 1000, overrideReason: "压力测试") { id caseNumber fine version } }`,
          {
            c: caseNumber,
            e: e.id,
            o: rng.pick(offenceIds),
            d: e.districtId,
            od: `2025-${month}-01`,
            dd: `2025-${month}-20`,
          },
          officer,
        );
        note(res, 'createPenaltyCase');
        const c = acknowledged(res, 'createPenaltyCase');
        if (!c) continue;
        const entry = { id: String(c.id), caseNumber, fine: Number(c.fine), version: Number(c.version) };
        acked.cases.push(entry);
        if (rng.chance(0.4)) {
          const fine = rng.int(0, 5000);
          const upd = await gql(
            url,
            `mutation($id: ID!, $v: Int, $f: Float) { updatePenaltyCase(id: $id, version: $v, fine: $f, overrideReason: "压力测试调整") { fine version } }`,
            { id: entry.id, v: entry.version, f: fine },
            officer,
          );
          note(upd, 'updatePenaltyCase');
          const u = acknowledged(upd, 'updatePenaltyCase');
          if (u) {
            entry.fine = Number(u.fine);
            entry.version = Number(u.version);
          }
        }
      }
    };

    const reportWriter = async () => {
      while (!stop) {
        const res = await gql(
          url,
          'mutation($e: ID!) { createCheckupReport(enterpriseId: $e, checkDate: "2026-11-01", scope: "劳动用工", summary: "崩溃测试") { id status } }',
          { e: rng.pick(enterpriseRows).id },
          lawyer,
        );
        note(res, 'createCheckupReport');
        const r = acknowledged(res, 'createCheckupReport');
        if (!r) continue;
        const report = { id: String(r.id), status: String(r.status) };
        acked.reports.push(report);
        for (let k = 0; k < 3 && !stop; k++) {
          const description = `崩溃测试发现-${report.id}-${k}`;
          const f = await gql(
            url,
            'mutation($r: ID!, $d: String!, $l: RiskLevel!) { createReportFinding(reportId: $r, category: LABOUR, riskLevel: $l, description: $d) { id } }',
            { r: report.id, d: description, l: rng.pick(['MAJOR', 'SIGNIFICANT', 'GENERAL', 'LOW']) },
            lawyer,
          );
          note(f, 'createReportFinding');
          const finding = acknowledged(f, 'createReportFinding');
          if (finding) acked.findings.push({ id: String(finding.id), reportId: report.id, description });
        }
        const s = acknowledged(
          await gql(
            url,
            'mutation($id: ID!) { submitReport(id: $id) { status } }',
            { id: report.id },
            lawyer,
          ),
          'submitReport',
        );
        if (s) report.status = String(s.status);
      }
    };

    const managerWriter = async () => {
      let number = 1000;
      while (!stop) {
        const item = acknowledged(
          await gql(
            url,
            `mutation($l: ID!, $o: ID!, $n: Int!) { createLeniencyItem(listId: $l, offenceId: $o, number: $n, kind: LIGHTER,
              conditions: "压力测试条件", maxHarm: MINOR, requiresCorrection: true) { id number } }`,
            { l: listId, o: rng.pick(offenceIds), n: ++number },
            manager,
          ),
          'createLeniencyItem',
        );
        if (item) acked.items.push({ id: String(item.id), number: Number(item.number), listId });
        const submitted = acked.reports.filter((r) => r.status === 'SUBMITTED');
        const report = submitted[submitted.length - 1];
        if (!report) continue;
        const a = acknowledged(
          await gql(
            url,
            'mutation($id: ID!) { acceptReport(id: $id) { status } }',
            { id: report.id },
            manager,
          ),
          'acceptReport',
        );
        if (!a) continue;
        report.status = 'ACCEPTED';
        const d = acknowledged(
          await gql(
            url,
            'mutation($id: ID!) { deliverReport(id: $id) { status contentHash } }',
            { id: report.id },
            manager,
          ),
          'deliverReport',
        );
        if (d) {
          report.status = 'DELIVERED';
          acked.delivered.push({ id: report.id, contentHash: String(d.contentHash) });
        }
      }
    };

    // The kill comes at a random moment once every kind of write has been acknowledged at least
    // a few times (so that the checks below have something to check), at most a minute in.
    const killAfter = rng.int(0, 2500);
    // CRASH_WRITERS scales the case and report writers (default 4 and 2, with one manager).
    const scale = Number(process.env.CRASH_WRITERS ?? 4);
    const writers = [
      ...Array.from({ length: scale }, () => caseWriter()),
      ...Array.from({ length: Math.max(1, scale / 2) }, () => reportWriter()),
      managerWriter(),
    ];
    const started = Date.now();
    while (
      Date.now() - started < 60_000 &&
      (acked.cases.length < 5 ||
        acked.findings.length < 3 ||
        acked.items.length < 2 ||
        acked.delivered.length < 1)
    )
      await new Promise((r) => setTimeout(r, 50));
    const progressed = Date.now() - started;
    await new Promise((r) => setTimeout(r, killAfter));
    const exited = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGKILL');
    await exited;
    stop = true;
    await Promise.all(writers);
    console.log(
      `killed ${killAfter} ms after the first writes were acknowledged (${progressed} ms in); acknowledged: ${acked.cases.length} cases, ${acked.reports.length} reports, ${acked.findings.length} findings, ${acked.items.length} items, ${acked.delivered.length} deliveries; ${acked.refusals.length} refusals${acked.refusals.length ? ` (first: ${acked.refusals[0]})` : ''}`,
    );
    // Every kind of write made progress before the kill (or the test proves nothing): five
    // cases, three findings, two list items and a delivery within a minute of seven clients.
    expect(acked.cases.length).toBeGreaterThanOrEqual(5);
    expect(acked.findings.length).toBeGreaterThanOrEqual(3);
    expect(acked.items.length).toBeGreaterThanOrEqual(2);
    expect(acked.delivered.length).toBeGreaterThanOrEqual(1);

    // Started again on the same file: it must come up, and answer for what it acknowledged.
    server = await startBuilt(file);
    child = server.child;
    const officer2 = await gql(
      server.url,
      'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
      {
        u: 'manager',
        p: DEMO_PASSWORD,
      },
    );
    const token = String(officer2!.data!.login!.token);
    for (const d of acked.delivered) {
      const r = await gql(
        server.url,
        'query($id: ID!) { CheckupReport(id: $id) { status contentHash } }',
        { id: d.id },
        token,
      );
      expect({ id: d.id, ...r!.data!.CheckupReport }).toEqual({
        id: d.id,
        status: 'DELIVERED',
        contentHash: d.contentHash,
      });
    }
    const stopped = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGTERM');
    await stopped;

    const orm: Orm = await openDatabase({ dialect: 'sqlite', location: file });
    try {
      const em = orm.em.fork();
      expect(await databaseProblems(em, 'sqlite')).toEqual([]);

      // Every acknowledged write, as acknowledged.
      const cases = new Map(
        (await em.find(E.PenaltyCase, { id: { $gt: before.penalty_case } })).map((c) => [String(c.id), c]),
      );
      for (const c of acked.cases)
        expect({ id: c.id, caseNumber: cases.get(c.id)?.caseNumber, fine: cases.get(c.id)?.fine }).toEqual({
          id: c.id,
          caseNumber: c.caseNumber,
          fine: Math.round(c.fine * 100),
        });
      const findings = new Map(
        (await em.find(E.ReportFinding, { id: { $gt: before.report_finding } })).map((f) => [
          String(f.id),
          f,
        ]),
      );
      for (const f of acked.findings) expect(findings.get(f.id)?.description).toBe(f.description);
      const items = new Set(
        (await em.find(E.LeniencyItem, { id: { $gt: before.leniency_item } })).map((i) => String(i.id)),
      );
      for (const i of acked.items) expect(items.has(i.id)).toBe(true);
      const reports = await em.find(E.CheckupReport, { id: { $gt: before.checkup_report } });
      const reportIds = new Set(reports.map((r) => String(r.id)));
      for (const r of acked.reports) expect(reportIds.has(r.id)).toBe(true);

      // No half-written report: the risk index is the one its findings give.
      for (const r of reports) {
        const own = await em.find(E.ReportFinding, { report: r.id });
        expect({ report: r.id, riskIndex: r.riskIndex }).toEqual({
          report: r.id,
          riskIndex: riskIndexOf(own),
        });
      }

      // The audit trail matches the changes.
      const entries = await sqlRows<{ action: string; entity_type: string; entity_id: string | null }>(
        em,
        'select action, entity_type, entity_id from audit_entry where id > ?',
        [before.audit],
      );
      const created = new Set(
        entries.filter((e) => e.action === 'create').map((e) => `${e.entity_type}:${e.entity_id}`),
      );
      for (const c of acked.cases) expect(created.has(`PenaltyCase:${c.id}`)).toBe(true);
      for (const r of acked.reports) expect(created.has(`CheckupReport:${r.id}`)).toBe(true);
      for (const f of acked.findings) expect(created.has(`ReportFinding:${f.id}`)).toBe(true);
      for (const i of acked.items) expect(created.has(`LeniencyItem:${i.id}`)).toBe(true);
      const existing: Record<string, Set<string>> = {
        PenaltyCase: new Set(cases.keys()),
        CheckupReport: reportIds,
        ReportFinding: new Set(findings.keys()),
        LeniencyItem: items,
      };
      for (const key of created) {
        const [type, id] = key.split(':');
        if (existing[type])
          expect({ audited: key, exists: existing[type].has(id) }).toEqual({ audited: key, exists: true });
      }
      for (const [type, ids] of Object.entries(existing))
        for (const id of ids)
          expect({ record: `${type}:${id}`, audited: created.has(`${type}:${id}`) }).toEqual({
            record: `${type}:${id}`,
            audited: true,
          });
    } finally {
      await orm.close(true);
    }
  }, 400_000);
});
