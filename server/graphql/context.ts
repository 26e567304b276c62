import type { EntityManager } from '@mikro-orm/core';
import type { AuthUser } from '../services/auth';
import { Loaders } from './loaders';
import { forbidden, unauthenticated } from './errors';
import type { Role } from '../domain/enums';
import type { Dialect } from '../db/orm';
import type { Catalogue } from '../services/catalogue';

export interface Context {
  em: EntityManager;
  user: AuthUser | null;
  loaders: Loaders;
  tokenSecret: string;
  dialect: Dialect;
  /** The cached catalogue of this server (offences, lists, items, baselines). */
  catalogue: Catalogue;
}

export function createContext(
  em: EntityManager,
  user: AuthUser | null,
  tokenSecret: string,
  dialect: Dialect,
  catalogue: Catalogue,
): Context {
  return { em, user, tokenSecret, dialect, catalogue, loaders: new Loaders(em, user) };
}

export function requireUser(ctx: Context): AuthUser {
  if (!ctx.user) throw unauthenticated();
  return ctx.user;
}

export function requireRole(ctx: Context, roles: readonly Role[]): AuthUser {
  const user = requireUser(ctx);
  if (!roles.includes(user.role)) throw forbidden();
  return user;
}
