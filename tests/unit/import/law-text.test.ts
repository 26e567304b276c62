import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseFineClause } from '../../../server/import/fine-clause';
import { kindFromText, parseItemConditions } from '../../../server/import/item-conditions';
import { chineseNumeral, parseNumber } from '../../../server/import/numerals';

// Table-driven: each YAML row is a published phrasing with its source (see the files' heads).
const table = <T>(name: string) => YAML.parse(fs.readFileSync(path.join(__dirname, name), 'utf8')) as T[];

interface FineRow {
  source: string;
  text: string;
  expect: (Record<string, unknown> & { unread?: boolean }) | null;
}
interface ConditionRow {
  source: string;
  text: string;
  expect: Record<string, unknown> & { notes?: number };
}

describe('numerals', () => {
  it.each([
    ['五千', 5000],
    ['二万', 20000],
    ['一百五十万', 1_500_000],
    ['十', 10],
    ['十五万', 150_000],
    ['两千', 2000],
    ['1万', 10000],
    ['0.5万', 5000],
    ['５０００', 5000],
    ['10,000', 10000],
  ])('%s = %d', (text, value) => expect(parseNumber(text)).toBe(value));
  it('reads digit strings one by one and refuses what is not a numeral', () => {
    expect(chineseNumeral('二〇二四')).toBe(2024);
    expect(parseNumber('若干')).toBeNull();
  });
});

const fines = table<FineRow>('fine-clauses.yaml');
const conditions = table<ConditionRow>('item-conditions.yaml');

describe(`fine clauses (${fines.length} phrasings)`, () => {
  it.each(fines.map((r) => [r.source, r] as const))('%s', (_source, row) => {
    const reading = parseFineClause(row.text);
    if (row.expect === null) {
      expect(reading.clause).toBeNull();
      expect(reading.unread.length).toBeGreaterThan(0);
      return;
    }
    const { unread, ...fields } = row.expect;
    expect(reading.clause).not.toBeNull();
    const got = Object.fromEntries(
      Object.keys(fields).map((k) => [k, (reading.clause as unknown as Record<string, unknown>)[k]]),
    );
    for (const [k, v] of Object.entries(fields))
      if (Array.isArray(v)) got[k] = [...(got[k] as unknown[])].sort();
    const want = Object.fromEntries(
      Object.entries(fields).map(([k, v]) => [k, Array.isArray(v) ? [...(v as unknown[])].sort() : v]),
    );
    expect(got).toEqual(want);
    expect(reading.unread.length > 0).toBe(Boolean(unread));
  });
});

describe(`item conditions (${conditions.length} phrasings)`, () => {
  it.each(conditions.map((r) => [r.text, r] as const))('%s', (_text, row) => {
    const reading = parseItemConditions(row.text);
    const { notes, ...fields } = row.expect;
    const got = Object.fromEntries(
      Object.keys(fields).map((k) => [k, (reading as unknown as Record<string, unknown>)[k]]),
    );
    expect(got).toEqual(fields);
    if (notes !== undefined) expect(reading.notes).toHaveLength(notes);
  });
});

describe('kinds named in lists', () => {
  it.each(table<{ text: string; kind: string | null }>('kinds.yaml').map((r) => [r.text, r.kind] as const))(
    '%s → %s',
    (text, kind) => expect(kindFromText(text)).toBe(kind),
  );
});
