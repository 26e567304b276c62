import type { EntityManager } from '@mikro-orm/core';
import type { AuthUser } from '../services/auth';
import { Loaders } from './loaders';
import { forbidden, unauthenticated } from './errors';
import type { Role } from '../domain/enums';
import type { Dialect } from '../db/orm';
import type { Catalogue } from '../services/catalogue';
import type { LoginThrottle } from '../services/login-throttle';

export interface Context {
  em: EntityManager;
  user: AuthUser | null;
  loaders: Loaders;
  tokenSecret: string;
  dialect: Dialect;
  /** The cached catalogue of this server (offences, lists, items, baselines). */
  catalogue: Catalogue;
  /** When the request runs out of time (QueryLimits.timeoutMs, as Date.now()): work queued after it is not run. */
  deadline?: number;
  /** Where the request came from (Express's req.ip, per `trust proxy`) and the login throttle. */
  request?: RequestInfo;
}

export interface RequestInfo {
  clientAddress: string;
  loginThrottle: LoginThrottle;
}

export function createContext(
  em: EntityManager,
  user: AuthUser | null,
  tokenSecret: string,
  dialect: Dialect,
  catalogue: Catalogue,
  deadline?: number,
  request?: RequestInfo,
): Context {
  return {
    em,
    user,
    tokenSecret,
    dialect,
    catalogue,
    request,
    loaders: new Loaders(em, user, deadline),
    deadline,
  };
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
