import { InvalidInput } from './errors';

// 统一社会信用代码, GB 32100-2015: 18 characters over an alphabet of 31 (no I, O, S, V, Z).
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

// The organisation code inside it (positions 9-17) carries its own check character, GB 11714-1997.
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const ORG_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** GB 32100-2015 check character for the first 17 characters. */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]) * WEIGHTS[i];
  return ALPHABET[(31 - (sum % 31)) % 31];
}

/** GB 11714-1997 check character for an 8-character organisation code body. */
export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += ORG_ALPHABET.indexOf(body8[i]) * ORG_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** Why a code is invalid, as [zh, en], or null when it is valid. */
export function creditCodeProblem(code: string): [string, string] | null {
  if (code.length !== 18)
    return [`统一社会信用代码应为18位，实为${code.length}位`, `must be 18 characters, got ${code.length}`];
  const bad = [...code].find((c) => !ALPHABET.includes(c));
  if (bad !== undefined)
    return [
      `统一社会信用代码含有非法字符“${bad}”（不得含I、O、S、V、Z或小写字母）`,
      `contains the character "${bad}", which is not allowed (no I, O, S, V, Z or lower case)`,
    ];
  if (!/^\d{6}$/.test(code.slice(2, 8)))
    return [
      '统一社会信用代码第3至8位应为行政区划码（6位数字）',
      'characters 3-8 must be a 6-digit region code',
    ];
  const check = creditCodeCheckChar(code.slice(0, 17));
  if (code[17] !== check)
    return [`统一社会信用代码校验位错误（应为${check}）`, `check character is wrong (expected ${check})`];
  return null;
}

export function assertCreditCode(code: string, field = 'creditCode'): void {
  const problem = creditCodeProblem(code);
  if (problem) throw new InvalidInput(field, problem[0], problem[1]);
}

/**
 * A valid code from its parts: registering authority and type (e.g. "91" for a company
 * registered with market regulation), a region code, and an 8-character organisation body.
 */
export function makeCreditCode(authorityType: string, region: string, orgBody8: string): string {
  const org = orgBody8 + orgCodeCheckChar(orgBody8);
  const first17 = authorityType + region + org;
  return first17 + creditCodeCheckChar(first17);
}
