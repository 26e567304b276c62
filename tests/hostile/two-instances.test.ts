import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app';
import type { Config } from '../../server/config';
import { sqlRows } from '../../server/db/sql';
import { COUNTED_CASES_SQL } from '../../server/db/case-stats';
import {
  dialects,
  DEMO_PASSWORD,
  startTestServer,
  type GraphQLResponse,
  type TestServer,
} from '../support/server';
import { databaseProblems } from './support';

/*
 * Issue #11 point 9: more than one machine. Two server instances on one PostgreSQL database,
 * behind one address (a round-robin proxy on 127.0.0.1, as a load balancer would be), written
 * to concurrently through both: case numbers stay unique, stale versions are refused across
 * instances, the statistics stay exact and agree through either instance, and a catalogue
 * change made through one is applied by the other.
 */
const postgres = (await dialects()).includes('postgresql');

/** A round-robin HTTP proxy: every request goes to the next instance in turn. */
function roundRobin(ports: number[]): Promise<{ url: string; served: number[]; close(): Promise<void> }> {
  const served = ports.map(() => 0);
  let next = 0;
  const proxy = http.createServer((req, res) => {
    const i = next++ % ports.length;
    served[i]++;
    const upstream = http.request(
      { host: '127.0.0.1', port: ports[i], path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'BAD_GATEWAY' } }));
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) =>
    proxy.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
        served,
        close: () => new Promise<void>((r) => proxy.close(() => r())),
      }),
    ),
  );
}

describe.runIf(postgres)('two instances on one PostgreSQL behind one address', () => {
  let a: TestServer;
  let b: RunningServer;
  let proxy: Awaited<ReturnType<typeof roundRobin>>;
  let officer: string;
  let manager: string;
  let offences: string[];
  let enterprises: { id: string; districtId: string }[];

  const gql = async <T = Record<string, unknown>>(
    base: string,
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
  ): Promise<GraphQLResponse<T>> => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GraphQLResponse<T>;
  };
  const code = (res: GraphQLResponse<unknown>) => res.errors?.[0]?.extensions?.code;
  const instanceUrl = (s: { port: number }) => `http://127.0.0.1:${s.port}`;

  beforeAll(async () => {
    a = await startTestServer('postgresql', { cases: 100 });
    // The second instance: the same configuration and database, its own process state.
    const config: Config = {
      database: a.database,
      port: 0,
      production: false,
      tokenSecret: 'test-secret-test-secret-test-secret-0123',
      seedDemo: false,
    };
    b = await startServer(config);
    proxy = await roundRobin([a.server.port, b.port]);
    const login = async (username: string) => {
      const res = await gql<{ login: { token: string } }>(
        proxy.url,
        'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
        { u: username, p: DEMO_PASSWORD },
      );
      return res.data!.login.token;
    };
    officer = await login('officer');
    manager = await login('manager');
    const me = await gql<{ me: { departmentId: string } }>(proxy.url, '{ me { departmentId } }', {}, officer);
    offences = (
      await gql<{ allOffences: { id: string }[] }>(
        proxy.url,
        'query($d: ID) { allOffences(perPage: 100, filter: { departmentId: $d }) { id } }',
        { d: me.data!.me.departmentId },
        officer,
      )
    ).data!.allOffences.map((o) => o.id);
    enterprises = (
      await gql<{ allEnterprises: { id: string; districtId: string | null }[] }>(
        proxy.url,
        '{ allEnterprises(perPage: 100) { id districtId } }',
        {},
        officer,
      )
    )
      .data!.allEnterprises.filter((e) => e.districtId)
      .map((e) => ({ id: e.id, districtId: e.districtId! }));
  });
  afterAll(async () => {
    await proxy?.close();
    await b?.close();
    await a?.stop();
  });

  const createCase = (caseNumber: string | null, i: number, base = proxy.url) => {
    const e = enterprises[i % enterprises.length];
    const month = String((i % 12) + 1).padStart(2, '0');
    return gql<{ createPenaltyCase: { id: string; caseNumber: string; version: number } }>(
      base,
      `mutation(${caseNumber === null ? '' : '$c: String!, '}$e: ID!, $o: ID!, $d: ID!, $od: Date!) { createPenaltyCase(${caseNumber === null ? '' : 'caseNumber: $c, '}
        enterpriseId: $e, offenceId: $o, districtId: $d, offenceDate: $od, discoveredDate: $od, decisionDate: $od,
        harm: MINOR, corrected: true) { id caseNumber version } }`,
      {
        ...(caseNumber === null ? {} : { c: caseNumber }),
        e: e.id,
        o: offences[i % offences.length],
        d: e.districtId,
        od: `2025-${month}-15`,
      },
      officer,
    );
  };

  /** `n` calls, `width` at a time. */
  async function concurrently<T>(n: number, width: number, call: (i: number) => Promise<T>): Promise<T[]> {
    const results: T[] = new Array<T>(n);
    let next = 0;
    await Promise.all(
      Array.from({ length: width }, async () => {
        while (next < n) {
          const i = next++;
          results[i] = await call(i);
        }
      }),
    );
    return results;
  }

  it('records cases written concurrently through both, each once, under unique numbers', async () => {
    const before = [...proxy.served];
    const results = await concurrently(60, 12, (i) => createCase(`双实例-${i}`, i));
    expect(results.map((r) => r.errors?.[0]?.message ?? null)).toEqual(results.map(() => null));
    expect(proxy.served[0] - before[0]).toBeGreaterThan(20);
    expect(proxy.served[1] - before[1]).toBeGreaterThan(20);
    const em = a.server.orm.em.fork();
    const rows = await sqlRows<{ case_number: string; n: string }>(
      em,
      "select case_number, count(*) as n from penalty_case where case_number like '双实例-%' group by case_number",
    );
    expect(rows.length).toBe(60);
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
  });

  it('lets one of many concurrent creations with the same number through, refusing the rest as CONFLICT', async () => {
    const results = await concurrently(10, 10, (i) => createCase('双实例-同号', i));
    expect(results.filter((r) => r.data?.createPenaltyCase).length).toBe(1);
    expect(results.filter((r) => !r.data?.createPenaltyCase).map(code)).toEqual(Array(9).fill('CONFLICT'));
  });

  it('assigns unique case numbers, in the department’s series, through both instances when the number is left out', async () => {
    const results = await concurrently(40, 12, (i) => createCase(null, i));
    const numbers = results.map((r) => r.data?.createPenaltyCase.caseNumber);
    expect(numbers.every((n) => typeof n === 'string' && /^包市监罚〔\d{4}〕\d+号$/.test(n))).toBe(true);
    expect(new Set(numbers).size).toBe(40);
    // One counter row per department and year, raised once per case: no number skipped or given twice.
    const seq = numbers.map((n) => Number(/〕(\d+)号$/.exec(n!)![1])).sort((x, y) => x - y);
    expect(seq[39] - seq[0]).toBe(39);
  });

  it('refuses a stale version written through the other instance as CONFLICT', async () => {
    const created = await createCase('双实例-版本', 1, instanceUrl(a.server));
    const { id, version } = created.data!.createPenaltyCase;
    const update = (base: string, harm: string) =>
      gql<{ updatePenaltyCase: { version: number } }>(
        base,
        'mutation($id: ID!, $v: Int, $h: Harm) { updatePenaltyCase(id: $id, version: $v, harm: $h) { version } }',
        { id, v: version, h: harm },
        officer,
      );
    const [first, second] = await Promise.all([
      update(instanceUrl(a.server), 'NONE'),
      update(instanceUrl(b), 'MINOR'),
    ]);
    const outcomes = [first, second].map((r) => (r.data?.updatePenaltyCase ? 'ok' : code(r)));
    expect(outcomes.sort()).toEqual(['CONFLICT', 'ok']);
  });

  it('keeps the statistics exact, and either instance gives the same totals as a fresh GROUP BY', async () => {
    const em = a.server.orm.em.fork();
    expect(await databaseProblems(em, 'postgresql')).toEqual([]);
    const [fresh] = await sqlRows<{ cases: string; fines: string }>(
      em,
      `select count(*) as cases, coalesce(sum(c.fine), 0) as fines from penalty_case c where ${COUNTED_CASES_SQL}`,
    );
    const totals = async (base: string) =>
      (
        await gql<{ leniencyStats: { totals: { cases: number; fines: number } } }>(
          base,
          '{ leniencyStats { totals { cases fines } } }',
          {},
          manager,
        )
      ).data!.leniencyStats.totals;
    const viaA = await totals(instanceUrl(a.server));
    const viaB = await totals(instanceUrl(b));
    expect(viaB).toEqual(viaA);
    expect(viaA.cases).toBe(Number(fresh.cases));
    expect(Math.round(viaA.fines * 100)).toBe(Number(fresh.fines));
  });

  it('applies a list published through one instance in the checks of the other', async () => {
    const check = (base: string) =>
      gql<{ checkLeniency: { list: { version: string } | null; item: { number: number } | null } }>(
        base,
        `query($i: LeniencyCheckInput!) { checkLeniency(input: $i) { list { version } item { number } } }`,
        {
          i: {
            enterpriseId: enterprises[0].id,
            offenceId: offences[0],
            offenceDate: '2020-06-01',
            discoveredDate: '2020-06-10',
            decisionDate: '2020-07-01',
            harm: 'NONE',
            corrected: true,
          },
        },
        officer,
      );
    // B has the catalogue in memory before the change.
    const before = await check(instanceUrl(b));
    expect(before.errors).toBeUndefined();
    expect(before.data!.checkLeniency.list?.version).not.toBe('0.9');

    const base = instanceUrl(a.server);
    // A series of its own (a department's supplement), so that publishing touches no other list.
    const series = await gql<{ createLeniencyListSeries: { id: string } }>(
      base,
      'mutation { createLeniencyListSeries(name: "试行补充清单", issuer: "测试局", field: "综合") { id } }',
      {},
      manager,
    );
    const list = await gql<{ createLeniencyList: { id: string } }>(
      base,
      'mutation($s: ID!) { createLeniencyList(seriesId: $s, version: "0.9", title: "试行清单", effectiveFrom: "2020-01-01", effectiveTo: "2021-07-14") { id } }',
      { s: series.data!.createLeniencyListSeries.id },
      manager,
    );
    const listId = list.data!.createLeniencyList.id;
    const item = await gql(
      base,
      `mutation($l: ID!, $o: ID!) { createLeniencyItem(listId: $l, offenceId: $o, number: 1, kind: NO_PENALTY,
        conditions: "没有造成危害后果并及时改正", maxHarm: NONE, requiresCorrection: true) { id } }`,
      { l: listId, o: offences[0] },
      manager,
    );
    expect(item.errors).toBeUndefined();
    const published = await gql(
      base,
      'mutation($id: ID!) { publishLeniencyList(id: $id) { status } }',
      { id: listId },
      manager,
    );
    expect(published.errors).toBeUndefined();

    const viaA = await check(base);
    expect(viaA.data!.checkLeniency.list?.version).toBe('0.9');
    // The other instance applies it too, within its revalidation interval (allowed 5 s here).
    let viaB = await check(instanceUrl(b));
    for (let tries = 0; tries < 50 && viaB.data?.checkLeniency.list?.version !== '0.9'; tries++) {
      await new Promise((r) => setTimeout(r, 100));
      viaB = await check(instanceUrl(b));
    }
    expect(viaB.data!.checkLeniency).toEqual(viaA.data!.checkLeniency);
  });

  // Login throttling shared through Redis and token revocation across two instances are proved
  // in tests/hostile/auth.test.ts ("… across both instances …").
});
