import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, startTestServer, type GraphQLResponse, type TestServer } from '../support/server';

/*
 * A query is run by graphql-js the first time and compiled from its second use
 * (server/graphql/compiled.ts). Whatever the document, the caller must not be able to tell:
 * the same data, the same errors in the same words, the same partial answers.
 */
describe.each(await dialects())('compiled queries on %s', (dialect) => {
  let t: TestServer;
  let officer: string;
  let manager: string;
  beforeAll(async () => {
    t = await startTestServer(dialect, { cases: 120 });
    officer = await t.login('officer');
    manager = await t.login('manager');
  });
  afterAll(async () => t?.stop());

  /** The answers of three runs of one request: graphql-js, then compiled twice. */
  async function threeRuns(query: string, variables: Record<string, unknown>, token: string) {
    const runs: GraphQLResponse[] = [];
    for (let i = 0; i < 3; i++) runs.push(await t.gql(query, variables, token));
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
    return runs[0];
  }

  const CHECK = `query Check($i: LeniencyCheckInput!, $why: Boolean!) {
    checkLeniency(input: $i) {
      outcome mandatory grounds rulesAsOf firstOffence
      fineRange { min max } referenceFine measures summary
      reasons { rule passed status citation detail }
      item { number kind list { title } }
      unconfirmed @include(if: $why) { id text }
      ...Priors
    }
  }
  fragment Priors on LeniencyDecision { priorCases { id caseNumber } }`;

  /** Three runs of the check, with these facts changed from an ordinary first offence. */
  const check = (changed: Record<string, unknown>, why = true) =>
    threeRuns(
      CHECK,
      {
        i: {
          enterpriseId: '1',
          offenceId: '1',
          offenceDate: '2026-05-01',
          harm: 'NONE',
          corrected: true,
          ...changed,
        },
        why,
      },
      officer,
    );

  it('answers a check the same way each time, with directives and fragments', async () => {
    const res = await check({});
    expect(res.errors).toBeUndefined();
    expect(res.data).toHaveProperty('checkLeniency.outcome');
    expect(res.data).toHaveProperty('checkLeniency.unconfirmed');
    const without = await check({}, false);
    expect(without.data).not.toHaveProperty('checkLeniency.unconfirmed');
  });

  it('words a wrong variable as graphql-js does, every time', async () => {
    const res = await check({ offenceDate: '2026-13-01' });
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toContain('i.offenceDate');
  });

  it('refuses every kind of wrong variable in graphql-js’s words, compiled or not', async () => {
    const ordinary = {
      enterpriseId: '1',
      offenceId: '1',
      offenceDate: '2026-05-01',
      harm: 'NONE',
      corrected: true,
    };
    const { offenceId: _, ...noOffence } = ordinary;
    const wrong: [what: string, variables: Record<string, unknown>][] = [
      ['an impossible date', { i: { ...ordinary, offenceDate: '2026-13-01' }, why: true }],
      ['a field the input does not have', { i: { ...ordinary, bogus: 1 }, why: true }],
      ['an unknown enum value', { i: { ...ordinary, harm: 'NOPE' }, why: true }],
      ['text for a Boolean', { i: { ...ordinary, corrected: 'yes' }, why: true }],
      ['a fraction for an ID', { i: { ...ordinary, enterpriseId: 12.5 }, why: true }],
      ['text for a Float', { i: { ...ordinary, basisAmount: 'abc' }, why: true }],
      ['a required field left out', { i: noOffence, why: true }],
      ['null for a required field', { i: { ...ordinary, offenceId: null }, why: true }],
      ['a list for the input object', { i: [ordinary], why: true }],
      ['a required variable left out', { i: ordinary }],
    ];
    for (const [n, [what, variables]] of wrong.entries()) {
      // Its own document each time, so that the first of the three runs is graphql-js's.
      const res = await threeRuns(`${CHECK}\n# wrong variable ${n}`, variables, officer);
      expect(res.data, what).toBeUndefined();
      expect(res.errors?.[0]?.extensions?.code, what).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message, what).toMatch(/^Variable "\$(i|why)"/);
    }
  });

  it('answers a resolver’s refusal the same way, every time', async () => {
    const res = await check({ enterpriseId: '999999' });
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(res.errors?.[0]?.path).toEqual(['checkLeniency']);
  });

  it('answers list pages with relations, aliases and counts the same way', async () => {
    const res = await threeRuns(
      `query Page($p: Int!) {
        first: allPenaltyCases(page: $p, perPage: 15, sortField: "id") {
          id caseNumber fine outcome enterprise { name district { name } } offence { title } item { number }
        }
        meta: _allPenaltyCasesMeta { count }
        __typename
      }`,
      { p: 1 },
      manager,
    );
    expect(res.errors).toBeUndefined();
    expect((res.data as { first: unknown[] }).first).toHaveLength(15);
  });

  it('answers a field the role may not read the same way, its error located in the document', async () => {
    const res = await threeRuns(`{ me { username role } allAuditEntries(perPage: 1) { id } }`, {}, officer);
    // allAuditEntries is a non-null list: its refusal empties the whole answer, as graphql-js says.
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.locations).toEqual([{ line: 1, column: 24 }]);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('answers past the compile budget: many new documents, each sent twice, all answered alike', async () => {
    const documents = Array.from({ length: 70 }, (_, i) => `{ me { u${i}: username role } }`);
    for (const [i, query] of documents.entries()) {
      const first = await t.gql(query, {}, officer);
      const second = await t.gql(query, {}, officer);
      expect(first).toEqual({ data: { me: { [`u${i}`]: 'officer', role: 'OFFICER' } } });
      expect(second).toEqual(first);
    }
  });
});
