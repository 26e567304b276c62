import bcrypt from 'bcryptjs';
import jwt from 'jsonwebtoken';
import type { Role } from '../domain/enums';

/** Who is asking, as every resolver sees it. */
export interface AuthUser {
  id: number;
  username: string;
  role: Role;
  departmentId: number | null;
}

const BCRYPT_COST = 10;
const TOKEN_LIFETIME = '12h';

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

export function signToken(user: AuthUser, secret: string): string {
  return jwt.sign({ role: user.role }, secret, {
    algorithm: 'HS256',
    subject: String(user.id),
    expiresIn: TOKEN_LIFETIME,
    issuer: 'lawcheck',
  });
}

/** The user id a valid token names, or null for a missing, forged or expired one. */
export function verifyToken(token: string, secret: string): number | null {
  try {
    const payload = jwt.verify(token, secret, { algorithms: ['HS256'], issuer: 'lawcheck' });
    const id = typeof payload === 'object' ? Number(payload.sub) : NaN;
    return Number.isInteger(id) ? id : null;
  } catch {
    return null;
  }
}
