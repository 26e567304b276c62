import { parseNumber } from './numerals';

/*
 * Cell values as people type them: dates (2024-03-01, 2024/3/1, 2024年3月1日, 2024.3.1),
 * amounts (5,000.00, 5000元, 0.5万元), yes/no (是/否), and enum words in Chinese or as codes.
 */

export function parseDate(text: string): string | null {
  const t = text.trim();
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$/.exec(t);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Yuan, or null where the text is not an amount. */
export function parseYuan(text: string): number | null {
  const t = text
    .trim()
    .replace(/[元¥￥\s]/g, '')
    .replace(/^人民币/, '');
  if (!t) return null;
  const n = parseNumber(t);
  return n === null || n < 0 ? null : n;
}

export function parseYesNo(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (/^(是|要|需要|须|必须|true|yes|y|1|√)$/.test(t)) return true;
  if (/^(否|不|不需要|无需|false|no|n|0|×)$/.test(t)) return false;
  return null;
}

/** Reads an enum value from its code or any of its words (Chinese labels). */
export function enumFrom<T extends string>(
  text: string,
  labels: Record<T, string | readonly string[]>,
): T | null {
  const t = text.trim().replace(/\s/g, '');
  if (!t) return null;
  for (const [code, words] of Object.entries(labels) as [T, string | readonly string[]][]) {
    if (t.toUpperCase() === code) return code;
    for (const w of typeof words === 'string' ? [words] : words) if (t === w) return code;
  }
  return null;
}

/** A date column as a driver returns it (SQLite: text; PostgreSQL: a Date at local midnight). */
export function isoDateOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date)
    return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
  return typeof v === 'string' ? v.slice(0, 10) : null;
}
