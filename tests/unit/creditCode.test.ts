import { describe, expect, it } from 'vitest';
import { creditCodeProblem, makeCreditCode, orgCodeCheckChar } from '../../server/domain/creditCode';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it.each([
    ['91350100M000100Y43', 'a code published as an example of a valid one'],
    ['91110000600037341L', 'a registered company'],
    ['911502007014625342', 'a code whose check character is a digit'],
  ])('accepts %s (%s)', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
  });

  it('names the expected check character when it is wrong', () => {
    expect(creditCodeProblem('91350100M000100Y44')?.[1]).toBe('check character is wrong (expected 3)');
  });

  it.each([
    ['91350100M000100Y4', 'must be 18 characters, got 17'],
    ['91350100M000100Y433', 'must be 18 characters, got 19'],
    ['91350100M0001O0Y43', 'contains the character "O"'],
    ['91350100m000100Y43', 'contains the character "m"'],
    ['913501A0M000100Y43', 'characters 3-8 must be a 6-digit region code'],
  ])('rejects %s', (code, why) => {
    expect(creditCodeProblem(code)?.[1]).toContain(why);
  });

  it('builds valid codes whose organisation code also checks out (GB 11714)', () => {
    for (const body of ['10000000', '12345678', '99999999', '70146253']) {
      const code = makeCreditCode('91', '150203', body);
      expect(creditCodeProblem(code)).toBeNull();
      expect(code.slice(16, 17)).toBe(orgCodeCheckChar(body));
    }
  });
});
