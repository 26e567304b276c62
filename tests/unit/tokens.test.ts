import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signToken, verifyToken } from '../../server/services/auth';
import { Role } from '../../server/domain/enums';

/*
 * Login tokens (services/auth.ts): HS256 JWTs checked on every request. A token once found
 * genuine is remembered, so each case below is also asked a second time, after the genuine
 * token has been remembered: what the cache answers must be what the full check answers.
 */
const SECRET = 'k'.repeat(64);
const OTHER_SECRET = 'q'.repeat(64);
const USER = { id: 7, username: 'officer', role: Role.OFFICER, departmentId: 2 };
const ISSUED = Date.UTC(2026, 11, 7, 8, 0, 0);
const HOUR = 3600_000;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const payloadOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
/** A token with this payload, signed with `secret` as signToken signs. */
function signed(payload: Record<string, unknown>, secret = SECRET): string {
  const body = `${token().split('.')[0]}.${b64(payload)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}
const token = (now = ISSUED, version = 3) => signToken(USER, SECRET, version, now);

describe('login tokens', () => {
  it('says what a genuine token says, the first time and every time after', () => {
    const t = token();
    for (let i = 0; i < 3; i++) {
      const claims = verifyToken(t, SECRET, ISSUED + HOUR);
      expect(claims).toMatchObject({ userId: 7, version: 3 });
      expect(claims?.jti).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(claims?.expiresAt.getTime()).toBe(ISSUED + 12 * HOUR);
    }
  });

  it('refuses a token once it has expired, also one it found genuine before', () => {
    const t = token();
    expect(verifyToken(t, SECRET, ISSUED + 12 * HOUR - 1)).not.toBeNull();
    expect(verifyToken(t, SECRET, ISSUED + 12 * HOUR)).toBeNull();
    expect(verifyToken(t, SECRET, ISSUED + 13 * HOUR)).toBeNull();
    // A token first seen after its expiry is refused as well.
    expect(verifyToken(token(ISSUED - 13 * HOUR), SECRET, ISSUED)).toBeNull();
  });

  it('refuses a genuine token under another secret, before and after it was remembered', () => {
    const t = token();
    expect(verifyToken(t, OTHER_SECRET, ISSUED)).toBeNull();
    expect(verifyToken(t, SECRET, ISSUED)).not.toBeNull();
    expect(verifyToken(t, OTHER_SECRET, ISSUED)).toBeNull();
  });

  it('refuses a changed payload or signature of a token it has already accepted', () => {
    const t = token();
    expect(verifyToken(t, SECRET, ISSUED)).not.toBeNull();
    const [header, body, signature] = t.split('.');
    // Another user, another version, a later expiry: each under the genuine signature.
    for (const change of [{ sub: '1' }, { ver: 99 }, { exp: Number(payloadOf(t).exp) + 3600 }])
      expect(
        verifyToken(`${header}.${b64({ ...payloadOf(t), ...change })}.${signature}`, SECRET, ISSUED),
      ).toBeNull();
    const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
    expect(verifyToken(`${header}.${body}.${flipped}`, SECRET, ISSUED)).toBeNull();
    expect(verifyToken(`${header}.${body}.`, SECRET, ISSUED)).toBeNull();
    expect(verifyToken(`${header}.${body}`, SECRET, ISSUED)).toBeNull();
    expect(verifyToken(`${t}x`, SECRET, ISSUED)).toBeNull();
  });

  it('refuses well-signed tokens whose claims are not ours or not sound', () => {
    const good = payloadOf(token());
    const bad: Record<string, unknown>[] = [
      { ...good, iss: 'someone-else' },
      { ...good, exp: 'never' },
      { ...good, sub: 'admin' },
      { ...good, sub: '0' },
      { ...good, ver: -1 },
      { ...good, ver: 1.5 },
      { ...good, jti: 'short' },
    ];
    for (const payload of bad) {
      expect(verifyToken(signed(payload), SECRET, ISSUED), JSON.stringify(payload)).toBeNull();
      expect(verifyToken(signed(payload), SECRET, ISSUED), `again: ${JSON.stringify(payload)}`).toBeNull();
    }
    // A never-expiring token (an exponent JSON reads as Infinity) is not sound either.
    const body = `${token().split('.')[0]}.${Buffer.from(JSON.stringify(good).replace(/"exp":\d+/, '"exp":1e999')).toString('base64url')}`;
    const infinite = `${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`;
    expect(verifyToken(infinite, SECRET, ISSUED)).toBeNull();
    expect(verifyToken(signed(good), SECRET, ISSUED)).not.toBeNull();
  });

  it('keeps answering rightly past the number of tokens it remembers', () => {
    const first = token();
    expect(verifyToken(first, SECRET, ISSUED)).not.toBeNull();
    for (let i = 0; i < 10_050; i++)
      expect(verifyToken(token(ISSUED + i), SECRET, ISSUED + HOUR)).not.toBeNull();
    expect(verifyToken(first, SECRET, ISSUED + HOUR)).not.toBeNull();
    expect(verifyToken(first, SECRET, ISSUED + 12 * HOUR)).toBeNull();
  });
});
