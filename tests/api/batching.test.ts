import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, startTestServer, type TestServer } from '../support/server';

// STYLE.md "no N+1": a list page costs the same number of SQL statements for 10 rows as for 100.
describe.each(await dialects())('batched relations on %s', (dialect) => {
  let t: TestServer;
  let manager: string;
  beforeAll(async () => {
    t = await startTestServer(dialect, { cases: 400 });
    manager = await t.login('manager');
  });
  afterAll(async () => t?.stop());

  const page = (perPage: number) => `{
    allPenaltyCases(page: 0, perPage: ${perPage}, sortField: "id") {
      id caseNumber fine
      enterprise { id name district { name } }
      offence { id title department { name } }
      department { name } district { name } officer { username } item { number kind }
    }
    _allPenaltyCasesMeta { count }
  }`;

  async function statementsFor(perPage: number): Promise<number> {
    t.queries.length = 0;
    const res = await t.gql<{ allPenaltyCases: unknown[] }>(page(perPage), {}, manager);
    expect(res.errors).toBeUndefined();
    expect(res.data!.allPenaltyCases).toHaveLength(perPage);
    // The statements are really seen: the list, its count and the batched relation lookups.
    expect(t.queries.some((q) => /from .penalty_case. as/.test(q))).toBe(true);
    expect(t.queries.filter((q) => / in \((\?|\$1)/.test(q)).length).toBeGreaterThanOrEqual(5);
    // No N+1: every relation's table is read once for the whole page, whatever its size.
    const tables = t.queries
      .filter((q) => / in \((\?|\$1)/.test(q))
      .map((q) => /from [`"]?(\w+)[`"]? as/.exec(q)?.[1]);
    expect(new Set(tables).size).toBe(tables.length);
    return t.queries.length;
  }

  it('lists 100 cases with six relations in a bounded number of statements', async () => {
    const ten = await statementsFor(10);
    const hundred = await statementsFor(100);
    // 1 list, 1 count, and one IN (...) query per relation (some nested); a relation every row of
    // the smaller page leaves empty (no list item among the first ten) costs nothing there.
    expect(hundred).toBeLessThanOrEqual(12);
    expect(ten).toBeLessThanOrEqual(hundred);
  });
});
