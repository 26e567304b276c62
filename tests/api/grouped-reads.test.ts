import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GroupedRead } from '../../server/db/grouped-read';
import { dialects, startTestServer, type GraphQLResponse, type TestServer } from '../support/server';

/*
 * The login lookup and the check's priors read are grouped across requests (server/db/grouped-read.ts):
 * many requests at once make fewer statements, each answer is the one its own request would get
 * alone, and what the database says at the time of the request still decides (a logout counts
 * at once).
 */
describe.each(await dialects())('grouped reads on %s', (dialect) => {
  let t: TestServer;
  let officer: string;
  beforeAll(async () => {
    t = await startTestServer(dialect, { cases: 300 });
    officer = await t.login('officer');
  });
  afterAll(async () => t?.stop());

  const CHECK = `query($i: LeniencyCheckInput!) { checkLeniency(input: $i) {
    outcome mandatory firstOffence fineRange { min max } summary priorCases { id caseNumber } reasons { rule status } } }`;

  /** Enterprises that have cases, with one of their offences and a date after their first case. */
  async function inputs(n: number) {
    const res = await t.gql<{
      allPenaltyCases: {
        offenceDate: string;
        enterprise: { id: string; creditCode: string };
        offence: { id: string };
      }[];
    }>(
      `{ allPenaltyCases(perPage: ${n}, sortField: "id") { offenceDate enterprise { id creditCode } offence { id } } }`,
      {},
      officer,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.allPenaltyCases.map((c, i) => ({
      ...(i % 3 === 0 ? { creditCode: c.enterprise.creditCode } : { enterpriseId: c.enterprise.id }),
      offenceId: c.offence.id,
      offenceDate: '2026-06-01',
      harm: i % 2 ? 'MINOR' : 'NONE',
      corrected: true,
    }));
  }

  it('answers concurrent checks as it answers each alone, with fewer statements', async () => {
    const checks = await inputs(24);
    const alone: GraphQLResponse[] = [];
    for (const i of checks) alone.push(await t.gql(CHECK, { i }, officer));
    t.queries.length = 0;
    const together = await Promise.all(checks.map((i) => t.gql(CHECK, { i }, officer)));
    expect(together).toEqual(alone);
    for (const r of together) expect(r.errors).toBeUndefined();
    // Some checks have prior cases: the grouped read returns each one its own.
    expect(
      together.some(
        (r) => (r.data as { checkLeniency: { priorCases: unknown[] } }).checkLeniency.priorCases.length,
      ),
    ).toBe(true);
    // A burst: requests arrive while earlier reads are out, and go together. (How many go
    // together depends on timing; that some do, in 120 requests at once, does not.)
    t.queries.length = 0;
    const burst = await Promise.all(
      Array.from({ length: 120 }, (_, n) => t.gql(CHECK, { i: checks[n % checks.length] }, officer)),
    );
    burst.forEach((r, n) => expect(r).toEqual(alone[n % checks.length]));
    const logins = t.queries.filter((q) => /from q cross join .user./.test(q)).length;
    const priors = t.queries.filter((q) => /from q cross join enterprise/.test(q)).length;
    expect(logins).toBeGreaterThan(0);
    expect(priors).toBeGreaterThan(0);
    expect(logins).toBeLessThan(burst.length);
    expect(priors).toBeLessThan(burst.length);
  });

  it('refuses, among concurrent requests, exactly the logged-out token', async () => {
    const other = await t.login('officer');
    const out = await t.gql('mutation { logout }', {}, other);
    expect(out.errors).toBeUndefined();
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => t.gql('{ me { username } }', {}, i % 4 === 0 ? other : officer)),
    );
    answers.forEach((r, i) => {
      if (i % 4 === 0) expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      else expect(r.data).toEqual({ me: { username: 'officer' } });
    });
  });

  it('answers an unknown enterprise among known ones with its own not-found', async () => {
    const [known] = await inputs(1);
    const answers = await Promise.all([
      t.gql(CHECK, { i: known }, officer),
      t.gql(CHECK, { i: { ...known, enterpriseId: '999999', creditCode: undefined } }, officer),
      t.gql(CHECK, { i: known }, officer),
    ]);
    expect(answers[0].errors).toBeUndefined();
    expect(answers[2].errors).toBeUndefined();
    expect(answers[1].errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('GroupedRead', () => {
  it('sends the keys of one turn of the event loop together, and those that arrive meanwhile next', async () => {
    const batches: number[][] = [];
    const read = new GroupedRead<number, number>(async (keys) => {
      batches.push([...keys]);
      await new Promise((r) => setTimeout(r, 20));
      return keys.map((k) => [k * 10]);
    });
    const first = [1, 2].map((k) => read.load(k));
    // Nothing is read before the turn ends: the keys asked in it go as one statement.
    expect(batches).toEqual([]);
    await new Promise((r) => setTimeout(r, 5));
    expect(batches).toEqual([[1, 2]]);
    // Asked while that statement runs: they wait for it, then go together.
    const later = [3, 4, 5].map((k) => read.load(k));
    const answers = await Promise.all([...first, ...later]);
    expect(answers).toEqual([[10], [20], [30], [40], [50]]);
    expect(batches).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
  });

  it('reads a lone key in the same turn of the event loop, before any timer', async () => {
    const order: string[] = [];
    const read = new GroupedRead<number, number>((keys) => {
      order.push('read');
      return Promise.resolve(keys.map((k) => [k]));
    });
    const { stat } = await import('node:fs');
    // As a request's handler runs: from an I/O callback, the read goes before a timer of 0 ms.
    const answered = new Promise<void>((resolve) =>
      stat('.', () => {
        setTimeout(() => {
          order.push('timer');
          resolve();
        }, 0);
        void read.load(7).then((rows) => order.push(`answer ${rows[0]}`));
      }),
    );
    await answered;
    expect(order).toEqual(['read', 'answer 7', 'timer']);
  });

  it('keeps one key’s failure from the others', async () => {
    const read = new GroupedRead<number, number>((keys) =>
      keys.includes(13) ? Promise.reject(new Error('unlucky')) : Promise.resolve(keys.map((k) => [k])),
    );
    const first = read.load(1);
    const rest = [2, 13, 4].map((k) =>
      read.load(k).then(
        (v) => v,
        (e: Error) => e.message,
      ),
    );
    expect(await first).toEqual([1]);
    expect(await Promise.all(rest)).toEqual([[2], 'unlucky', [4]]);
  });

  it('keeps serving when a read throws instead of failing, alone or in a group', async () => {
    // Throws (not rejects) for a group and for key 13; answers the others after a moment.
    const read = new GroupedRead<number, number>((keys) => {
      if (keys.length > 1 || keys[0] === 13) throw new Error('driver gone');
      return new Promise((resolve) => setTimeout(() => resolve([[keys[0]]]), 5));
    });
    const answers = [1, 2, 13, 4].map((k) =>
      read.load(k).then(
        (v) => v,
        (e: Error) => e.message,
      ),
    );
    expect(await Promise.all(answers)).toEqual([[1], [2], 'driver gone', [4]]);
    expect(await read.load(5)).toEqual([5]);
  });
});
