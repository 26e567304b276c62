import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../server/domain/creditCode';
import { dialects, startTestServer, type GraphQLResponse, type TestServer } from '../support/server';

/*
 * Issue #11 §2: writes are dependable under concurrency, on SQLite (the default) as on
 * PostgreSQL. Fails on main before the fix: on SQLite most of the 32 writing clients' requests
 * end in INTERNAL_SERVER_ERROR (SQLITE_BUSY: a deferred BEGIN upgrading to a write lock) and
 * stale updates racing each other get a 500 instead of CONFLICT; on PostgreSQL 50 parallel cases
 * for one enterprise and offence are decided "first offence" several times where one by one
 * only the first is.
 */

const CLIENTS = 32;
const ROUNDS = 6;

const asCode = (code: unknown) => (typeof code === 'string' ? code : 'NO_CODE');

interface Outcome {
  status: number;
  code: string | null;
  message?: string;
}

describe.each(await dialects())('concurrent writes on %s', (dialect) => {
  let t: TestServer;
  let officer: string;
  let lawyer: string;
  let officerDepartment = '';
  let ownOffences: string[] = [];
  const enterprises: string[] = [];
  const reports: { id: string }[] = [];
  let serial = 0;

  /** One GraphQL request, keeping the HTTP status and the error code (null when it succeeded). */
  const call = async <T>(
    query: string,
    token: string,
  ): Promise<{ outcome: Outcome; body: GraphQLResponse<T> | null }> => {
    try {
      const res = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
      const text = await res.text();
      let body: GraphQLResponse<T> | null = null;
      try {
        body = JSON.parse(text) as GraphQLResponse<T>;
      } catch {
        return { outcome: { status: res.status, code: 'NOT_JSON' }, body: null };
      }
      const code = body.errors?.length ? asCode(body.errors[0].extensions?.code) : null;
      return {
        outcome: code
          ? { status: res.status, code, message: body.errors![0].message }
          : { status: res.status, code },
        body,
      };
    } catch (error) {
      return { outcome: { status: 0, code: `NETWORK ${(error as Error).message}` }, body: null };
    }
  };

  const newEnterprise = async (label: string): Promise<string> => {
    const code = makeCreditCode('91', '150203', String(70000000 + ++serial).padStart(8, '0'));
    const res = await t.gql<{ createEnterprise: { id: string } }>(
      `mutation { createEnterprise(creditCode: "${code}", name: "并发测试${label}${serial}有限公司", districtId: "1") { id } }`,
      {},
      officer,
    );
    if (!res.data?.createEnterprise) throw new Error(JSON.stringify(res.errors));
    return res.data.createEnterprise.id;
  };

  beforeAll(async () => {
    t = await startTestServer(dialect, { cases: 100 });
    officer = await t.login('officer');
    lawyer = await t.login('lawyer');
    const me = await t.gql<{ me: { departmentId: string } }>('{ me { departmentId } }', {}, officer);
    officerDepartment = me.data!.me.departmentId;
    const offences = await t.gql<{ allOffences: { id: string }[] }>(
      `{ allOffences(perPage: 1000, filter: { departmentId: "${officerDepartment}" }) { id } }`,
      {},
      officer,
    );
    ownOffences = offences.data!.allOffences.map((o) => o.id);
    expect(ownOffences.length).toBeGreaterThan(2);
    for (let i = 0; i < 8; i++) enterprises.push(await newEnterprise('企业'));
    for (let i = 0; i < 8; i++) {
      const r = await t.gql<{ createCheckupReport: { id: string } }>(
        `mutation { createCheckupReport(enterpriseId: "${enterprises[i]}", checkDate: "2026-06-01", scope: "并发") { id } }`,
        {},
        lawyer,
      );
      if (!r.data?.createCheckupReport) throw new Error(JSON.stringify(r.errors));
      reports.push(r.data.createCheckupReport);
    }
  });
  afterAll(async () => t?.stop());

  const caseFields = (enterpriseId: string, offenceId: string, offenceDate: string) =>
    `caseNumber: "并发-${dialect}-${++serial}", enterpriseId: "${enterpriseId}", offenceId: "${offenceId}",
     districtId: "1", offenceDate: "${offenceDate}", decisionDate: "2026-11-01", harm: MINOR, corrected: true`;

  const dayOf = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

  it(`${CLIENTS} clients writing at once: no INTERNAL_SERVER_ERROR, every write done, stale ones CONFLICT`, async () => {
    const fresh: Outcome[] = [];
    const stale: Outcome[] = [];
    const client = async (c: number) => {
      for (let round = 0; round < ROUNDS; round++) {
        if (c % 4 === 3) {
          // A lawyer's findings on their own report (each write recomputes the report's risk).
          const report = reports[c % reports.length];
          const created = await call<{ createReportFinding: { id: string } }>(
            `mutation { createReportFinding(reportId: "${report.id}", category: TAX, riskLevel: GENERAL,
               description: "并发写入${c}-${round}") { id } }`,
            lawyer,
          );
          fresh.push(created.outcome);
          const id = created.body?.data?.createReportFinding?.id;
          if (id)
            fresh.push(
              (
                await call(
                  `mutation { updateReportFinding(id: "${id}", recommendation: "建议${round}") { id } }`,
                  lawyer,
                )
              ).outcome,
            );
          continue;
        }
        const offence = ownOffences[(c + round) % ownOffences.length];
        const enterprise = enterprises[(c * 7 + round) % enterprises.length];
        const created = await call<{ createPenaltyCase: { id: string; version: number } }>(
          `mutation { createPenaltyCase(${caseFields(enterprise, offence, dayOf((c * ROUNDS + round) % 300))}) { id version } }`,
          officer,
        );
        fresh.push(created.outcome);
        const made = created.body?.data?.createPenaltyCase;
        if (!made) continue;
        const updated = await call<{ updatePenaltyCase: { version: number } }>(
          `mutation { updatePenaltyCase(id: "${made.id}", version: ${made.version}, corrected: false) { version } }`,
          officer,
        );
        fresh.push(updated.outcome);
        if (updated.body?.data?.updatePenaltyCase)
          stale.push(
            (
              await call(
                `mutation { updatePenaltyCase(id: "${made.id}", version: ${made.version}, mitigating: [CONFESSED]) { id } }`,
                officer,
              )
            ).outcome,
          );
        if (round % 2 === 0)
          fresh.push(
            (
              await call(
                `mutation { createEnterprise(creditCode: "${makeCreditCode('91', '150204', String(80000000 + c * 100 + round))}",
                   name: "并发新企业${c}-${round}", districtId: "1") { id } }`,
                officer,
              )
            ).outcome,
          );
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    const seconds = (Date.now() - started) / 1000;
    const all = [...fresh, ...stale];
    const tally = (list: Outcome[]) =>
      Object.entries(
        list.reduce<Record<string, number>>((acc, o) => {
          const key = `${o.status} ${o.code ?? 'OK'}`;
          acc[key] = (acc[key] ?? 0) + 1;
          return acc;
        }, {}),
      )
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ');
    console.log(
      `[${dialect}] ${CLIENTS} clients, ${all.length} writes in ${seconds.toFixed(1)} s ` +
        `(${(all.length / seconds).toFixed(0)}/s); fresh: ${tally(fresh)}; stale: ${tally(stale)}`,
    );
    expect(
      all.filter((o) => o.status >= 500 || o.code === 'INTERNAL_SERVER_ERROR' || o.status === 0),
    ).toEqual([]);
    // Every write based on the current version is done; every stale one is refused as such.
    expect(fresh.filter((o) => o.code !== null)).toEqual([]);
    expect(fresh.length).toBeGreaterThan(CLIENTS * ROUNDS * 2);
    expect(stale.length).toBeGreaterThan(CLIENTS * 2);
    expect(stale.filter((o) => o.code !== 'CONFLICT')).toEqual([]);
  }, 300_000);

  it('two updates of one version at once: one is saved, the other is CONFLICT (10 pairs at once)', async () => {
    const cases: { id: string; version: number }[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await t.gql<{ createPenaltyCase: { id: string; version: number } }>(
        `mutation { createPenaltyCase(${caseFields(enterprises[i % enterprises.length], ownOffences[0], dayOf(i))}) { id version } }`,
        {},
        officer,
      );
      cases.push(r.data!.createPenaltyCase);
    }
    const pairs = await Promise.all(
      cases.map((c) =>
        Promise.all(
          ['ELIMINATED_HARM', 'CONFESSED'].map(
            async (factor) =>
              (
                await call(
                  `mutation { updatePenaltyCase(id: "${c.id}", version: ${c.version}, mitigating: [${factor}]) { id version } }`,
                  officer,
                )
              ).outcome,
          ),
        ),
      ),
    );
    for (const pair of pairs) {
      expect(pair.map((o) => o.code ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
      expect(pair.every((o) => o.status < 500)).toBe(true);
    }
  }, 120_000);

  it('50 cases of one enterprise and offence at once are decided as one by one (first offence once)', async () => {
    type Made = {
      id: string;
      offenceDate: string;
      decision: { firstOffence: boolean; priorCases: { id: string }[] };
    };
    const offence = ownOffences[1];
    const create = async (enterprise: string, offenceDate: string) => {
      const r = await call<{ createPenaltyCase: Made }>(
        `mutation { createPenaltyCase(${caseFields(enterprise, offence, offenceDate)}) {
           id offenceDate decision { firstOffence priorCases { id } } } }`,
        officer,
      );
      if (!r.body?.data?.createPenaltyCase) throw new Error(JSON.stringify(r.body?.errors ?? r.outcome));
      return r.body.data.createPenaltyCase;
    };
    // Fifty acts on fifty successive days, sent at once (earliest first).
    const parallelEnterprise = await newEnterprise('并行');
    const dates = Array.from({ length: 50 }, (_, i) => dayOf(100 + i));
    const parallel = (await Promise.all(dates.map((d) => create(parallelEnterprise, d)))).sort(
      (a, b) => Number(a.id) - Number(b.id),
    );
    // The same acts one by one, in the order the server recorded them.
    const sequentialEnterprise = await newEnterprise('串行');
    const sequential: Made[] = [];
    for (const p of parallel) sequential.push(await create(sequentialEnterprise, p.offenceDate));

    const answers = (list: Made[]) =>
      list.map((c) => ({
        offenceDate: c.offenceDate,
        firstOffence: c.decision.firstOffence,
        priors: c.decision.priorCases.length,
      }));
    expect(answers(parallel)).toEqual(answers(sequential));
    // Recorded one after the other, a case's priors are exactly the earlier-dated cases recorded before it.
    parallel.forEach((c, i) => {
      const expected = parallel
        .slice(0, i)
        .filter((p) => p.offenceDate < c.offenceDate)
        .map((p) => p.id)
        .sort();
      expect({ id: c.id, priors: c.decision.priorCases.map((p) => p.id).sort() }).toEqual({
        id: c.id,
        priors: expected,
      });
    });
    // Sent earliest first and served in arrival order, only the first is a first offence.
    const firsts = parallel.filter((c) => c.decision.firstOffence).length;
    console.log(`[${dialect}] 50 parallel cases: ${firsts} decided "first offence"`);
    expect(firsts).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
