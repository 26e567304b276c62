import bcrypt from 'bcryptjs';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Role } from '../domain/enums';

/** Who is asking, as every resolver sees it. */
export interface AuthUser {
  id: number;
  username: string;
  role: Role;
  departmentId: number | null;
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

export function signToken(user: AuthUser, secret: string, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const payload = {
    sub: String(user.id),
    role: user.role,
    iss: ISSUER,
    iat,
    exp: iat + TOKEN_LIFETIME_SECONDS,
  };
  const body = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${body}.${sign(body, secret).toString('base64url')}`;
}

/** The user id a valid token names, or null for a missing, malformed, forged or expired one. */
export function verifyToken(token: string, secret: string, now = Date.now()): number | null {
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
    };
    if (payload.iss !== ISSUER || typeof payload.exp !== 'number' || payload.exp * 1000 <= now) return null;
    const id = Number(payload.sub);
    return Number.isInteger(id) && id > 0 ? id : null;
  } catch {
    return null;
  }
}
