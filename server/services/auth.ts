import bcrypt from 'bcryptjs';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { helper } from '@mikro-orm/core';
import type { Role } from '../domain/enums';
import type { User } from '../db/entities';

/** Who is asking, as every resolver sees it. */
export interface AuthUser {
  id: number;
  username: string;
  role: Role;
  departmentId: number | null;
  /** The token this request came with (absent for a user not authenticated by a token). */
  session?: TokenClaims;
}

/** What a valid token says. */
export interface TokenClaims {
  userId: number;
  /** The user's `tokenVersion` when it was issued: a later password or role change bumps it. */
  version: number;
  /** This token's own id, for logging out one session (the revoked_token table). */
  jti: string;
  expiresAt: Date;
}

const BCRYPT_COST = 10;

export const hashPassword = (password: string) => bcrypt.hash(password, BCRYPT_COST);
export const verifyPassword = (password: string, hash: string) => bcrypt.compare(password, hash);

let dummyHash: string | undefined;
/**
 * A hash to compare against when the username does not exist, so that a wrong username costs
 * as long as a wrong password and does not reveal which accounts exist.
 */
export function unknownUserHash(): string {
  dummyHash ??= bcrypt.hashSync('no such user', BCRYPT_COST);
  return dummyHash;
}

/*
 * Login tokens are compact JWTs (RFC 7519) signed with HMAC-SHA256. They are checked on every
 * request, so they are made and checked here with node:crypto directly: a general JWT library
 * spent ~300 µs per verification, more than the whole GraphQL round trip.
 */
const TOKEN_LIFETIME_SECONDS = 12 * 3600;
const ISSUER = 'lawcheck';
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

const sign = (data: string, secret: string) => createHmac('sha256', secret).update(data).digest();

export function signToken(user: AuthUser, secret: string, version: number, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const payload = {
    sub: String(user.id),
    role: user.role,
    iss: ISSUER,
    iat,
    exp: iat + TOKEN_LIFETIME_SECONDS,
    ver: version,
    jti: randomBytes(16).toString('base64url'),
  };
  const body = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${body}.${sign(body, secret).toString('base64url')}`;
}

/**
 * What a valid token says, or null for a missing, malformed, forged or expired one. Whether it
 * was revoked since (tokenVersion, revoked_token) is for the user lookup to say.
 */
export function verifyToken(token: string, secret: string, now = Date.now()): TokenClaims | null {
  let known = verified.get(secret);
  if (!known) verified.set(secret, (known = new Map<string, Readonly<TokenClaims>>()));
  let claims = known.get(token);
  if (claims === undefined) {
    const checked = checkToken(token, secret);
    if (checked === null) return null;
    if (known.size >= VERIFIED_MAX) known.clear();
    known.set(token, (claims = Object.freeze(checked)));
  }
  return claims.expiresAt.getTime() <= now ? null : claims;
}

/**
 * Tokens this process has verified, by secret. Whether a token is genuine is a function of the
 * token and the secret alone, and every request of a session sends the same token: its HMAC is
 * computed once, not on every request (~12 µs of CPU and a native HMAC context each time,
 * 2026-12-07; 4% of the server's CPU under bench/leniency.ts). Only genuine tokens are kept, so a
 * forged one takes no room and costs its sender the full check every time; expiry is checked on
 * every use, and revocation is the user lookup's (app.ts), never cached. At VERIFIED_MAX tokens
 * the cache starts again.
 */
const verified = new Map<string, Map<string, Readonly<TokenClaims>>>();
const VERIFIED_MAX = 10_000;

/** `verifyToken` without the cache, and without the expiry (checked on every use). */
function checkToken(token: string, secret: string): TokenClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return null;
  const expected = sign(`${parts[0]}.${parts[1]}`, secret);
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString()) as {
      sub?: unknown;
      iss?: unknown;
      exp?: unknown;
      ver?: unknown;
      jti?: unknown;
    };
    if (payload.iss !== ISSUER || typeof payload.exp !== 'number' || !Number.isFinite(payload.exp))
      return null;
    const id = Number(payload.sub);
    const { ver, jti } = payload;
    if (!Number.isInteger(id) || id <= 0 || !Number.isInteger(ver) || (ver as number) < 0) return null;
    if (typeof jti !== 'string' || !/^[A-Za-z0-9_-]{22}$/.test(jti)) return null;
    return { userId: id, version: ver as number, jti, expiresAt: new Date(payload.exp * 1000) };
  } catch {
    return null;
  }
}

/**
 * Whether a write to a user ends their sessions (issue #11): a new password, another role or
 * department, or deactivation. Compared with the row as loaded, so that saving an unchanged form
 * (react-admin sends every field) logs nobody out.
 */
export function endsSessions(user: User, newPassword: boolean): boolean {
  if (newPassword) return true;
  const before = helper(user).__originalEntityData as
    { role?: unknown; department?: unknown; active?: unknown } | undefined;
  if (!before) return false; // a new user: no sessions yet
  const department =
    (before.department as { id?: unknown } | null | undefined)?.id ?? before.department ?? null;
  return (
    before.role !== user.role ||
    Number(department ?? 0) !== (user.department?.id ?? 0) ||
    (Boolean(before.active) && !user.active)
  );
}
