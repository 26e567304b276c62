import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchTerms } from '../../server/services/search';
import { dialects, errorCode, startTestServer, type TestServer } from '../support/server';

describe('search terms', () => {
  it('cuts Chinese into two-character words and maps English words to the catalogue', () => {
    expect(searchTerms('未悬挂许可证')).toEqual(
      expect.arrayContaining(['未悬挂许可证', '悬挂', '许可', '可证']),
    );
    expect(searchTerms('Food licence')).toEqual(expect.arrayContaining(['食品', '许可证']));
  });
});

describe.each(await dialects())('searchOffences on %s', (dialect) => {
  let t: TestServer;
  let officer: string;
  beforeAll(async () => {
    t = await startTestServer(dialect, { cases: 50 });
    officer = await t.login('officer');
  });
  afterAll(async () => t?.stop());

  type Match = {
    score: number;
    matchedIn: string[];
    offence: { code: string; title: string };
    items: { kind: string; number: number }[];
    list: { version: string } | null;
  };
  const search = async (args: string) => {
    const res = await t.gql<{ searchOffences: Match[] }>(
      `{ searchOffences(${args}) { score matchedIn offence { code title } items { kind number } list { version } } }`,
      {},
      officer,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.searchOffences;
  };

  it('finds an offence by a phrase of its title, best first, with the item in force', async () => {
    const hits = await search('text: "营业执照", asOf: "2026-11-01"');
    expect(hits[0].offence.code).toBe('SCJG-005');
    // Listed as 不予处罚 in both series in force: the city's list 3.0 and the province's list.
    expect(hits[0].items.map((i) => i.kind)).toEqual(['NO_PENALTY', 'NO_PENALTY']);
    expect(hits[0].list!.version).toBe('3.0');
    expect([...hits].sort((a, b) => b.score - a.score)).toEqual(hits);
  });

  it('matches words that are not adjacent in the title', async () => {
    // WHLY-001 "未按照规定悬挂警示标志、未成年人禁入或者限入标志", WHLY-002 "未悬挂《网络文化经营许可证》或者未成年人禁入标志".
    const hits = await search('text: "未悬挂禁入标志", asOf: "2026-11-01"');
    expect(
      hits
        .slice(0, 2)
        .map((h) => h.offence.code)
        .sort(),
    ).toEqual(['WHLY-001', 'WHLY-002']);
  });

  it('answers with the version in force on asOf', async () => {
    const then = await search('text: "营业执照", asOf: "2022-01-01"');
    expect(then.find((h) => h.offence.code === 'SCJG-005')!.list!.version).toBe('1.0');
    const later = await search('text: "电子商务", asOf: "2022-01-01"');
    expect(later.find((h) => h.offence.code === 'SCJG-009')!.items).toEqual([]); // listed only from 3.0
  });

  it('finds offences from English words, by code, and by the conditions of an item', async () => {
    expect((await search('text: "food"')).every((h) => h.offence.title.includes('食品'))).toBe(true);
    expect((await search('text: "swj-001"'))[0].offence.code).toBe('SWJ-001');
    const byCondition = await search('text: "当场按规定悬挂"');
    expect(byCondition[0].matchedIn).toContain('conditions');
  });

  it('filters by department and limits the answer', async () => {
    const all = await search('text: "未按照规定", limit: 50');
    const one = await search('text: "未按照规定", departmentId: "11", limit: 3');
    expect(all.length).toBeGreaterThan(3);
    expect(one.length).toBe(3);
    expect(one.every((h) => h.offence.code.startsWith('SWJ'))).toBe(true);
  });

  it('refuses an empty text and a silly limit', async () => {
    expect(errorCode(await t.gql('{ searchOffences(text: "  ") { score } }', {}, officer))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      errorCode(await t.gql('{ searchOffences(text: "食品", limit: 500) { score } }', {}, officer)),
    ).toBe('BAD_USER_INPUT');
  });
});
