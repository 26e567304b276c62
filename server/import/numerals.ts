/*
 * Numbers as Chinese statutes and lists write them: Arabic (5000, 1.5, full-width １０), Chinese
 * (五千, 二万, 一百五十万, 两, 〇/零), mixed (1万, 0.5万), and the units 万/千/百 after either.
 */

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  壹: 1,
  二: 2,
  贰: 2,
  两: 2,
  三: 3,
  叁: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};
const SMALL_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const BIG_UNITS: Record<string, number> = { 万: 10_000, 萬: 10_000, 亿: 100_000_000 };

/** The characters a Chinese numeral is made of (for regular expressions). */
export const CN_NUMERAL_CHARS = '零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万萬亿';
/** A number as written in a clause: Arabic with an optional unit, or a Chinese numeral. */
export const NUMBER_PATTERN = `(?:[0-9０-９][0-9０-９,，.．]*\\s*[万千百]?|[${CN_NUMERAL_CHARS}]+)`;

const toHalfWidth = (s: string) =>
  s.replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[,，]/g, '');

/** 五千 → 5000, 一百五十万 → 1500000, 十 → 10, 二〇二四 → 2024 (digit by digit). Null if not a numeral. */
export function chineseNumeral(text: string): number | null {
  if (!text || [...text].some((c) => !(c in DIGITS) && !(c in SMALL_UNITS) && !(c in BIG_UNITS))) return null;
  // Digits only (二〇二四): read them one by one.
  if ([...text].every((c) => c in DIGITS) && text.length > 1)
    return Number([...text].map((c) => DIGITS[c]).join(''));
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const c of text) {
    if (c in DIGITS) digit = DIGITS[c];
    else if (c in SMALL_UNITS) {
      section += (digit ?? 1) * SMALL_UNITS[c];
      digit = null;
    } else {
      section += digit ?? 0;
      total += (section || 1) * BIG_UNITS[c];
      section = 0;
      digit = null;
    }
  }
  return total + section + (digit ?? 0);
}

/** A number in either script, with 万/千/百 after Arabic digits (1万 → 10000, 0.5万 → 5000). */
export function parseNumber(text: string): number | null {
  const t = toHalfWidth(text.trim());
  const arabic = /^(\d+(?:\.\d+)?)\s*([万千百])?$/.exec(t);
  if (arabic) {
    const unit = arabic[2] ? { 万: 10_000, 千: 1000, 百: 100 }[arabic[2]]! : 1;
    return Math.round(Number(arabic[1]) * unit * 100) / 100;
  }
  return chineseNumeral(t);
}
