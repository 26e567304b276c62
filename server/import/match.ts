import { chineseNumeral } from './numerals';

/*
 * Matching an imported row to the catalogue: offences by their provisions (《法》第N条) and
 * title, departments and districts by name (市场监管局 finds 市场监督管理局).
 */

/** 《中华人民共和国食品安全法》第一百二十六条第一款 → ["食品安全法#126"]: the articles a text cites. */
export function provisionKeys(text: string): string[] {
  const keys: string[] = [];
  let law = '';
  for (const m of text.matchAll(/《([^》]+)》|第([零〇一二两三四五六七八九十百千0-9]+)条/g)) {
    if (m[1]) law = m[1].replace(/^中华人民共和国/, '').replace(/\s/g, '');
    else if (law) {
      const n = /^\d+$/.test(m[2]) ? Number(m[2]) : chineseNumeral(m[2]);
      if (n) keys.push(`${law}#${n}`);
    }
  }
  return [...new Set(keys)];
}

/** Title without punctuation, spaces and 的, for comparison. */
export const normaliseTitle = (t: string) =>
  t
    .replace(/市场监管/g, '市场监督管理')
    .replace(/交通局/g, '交通运输局')
    .replace(/[\s\u3000，,。.、；;：:“”"'‘’（）()《》【】\-—]/g, '')
    .replace(/的/g, '');

/** Dice coefficient over character bigrams, 0…1. */
export function similarity(a: string, b: string): number {
  const grams = (s: string) => {
    const out = new Map<string, number>();
    for (let i = 0; i < s.length - 1; i++) out.set(s.slice(i, i + 2), (out.get(s.slice(i, i + 2)) ?? 0) + 1);
    return out;
  };
  const [x, y] = [grams(normaliseTitle(a)), grams(normaliseTitle(b))];
  let both = 0;
  for (const [g, n] of x) both += Math.min(n, y.get(g) ?? 0);
  const total = [...x.values(), ...y.values()].reduce((s, n) => s + n, 0);
  return total ? (2 * both) / total : 0;
}

/** The named thing whose name best matches `text` (exact, then contained, then ≥ 0.5 similar). */
export function bestByName<T extends { name: string }>(text: string, options: readonly T[]): T | null {
  const t = normaliseTitle(text);
  if (!t) return null;
  const exact = options.find((o) => normaliseTitle(o.name) === t);
  if (exact) return exact;
  const contained = options.filter(
    (o) => normaliseTitle(o.name).includes(t) || t.includes(normaliseTitle(o.name)),
  );
  if (contained.length === 1) return contained[0];
  let best: T | null = null;
  let score = 0.5;
  for (const o of options) {
    const s = similarity(text, o.name);
    if (s > score) [best, score] = [o, s];
  }
  return best;
}
