import type { EntityManager, EntityName, FindOneOptions, FilterQuery } from '@mikro-orm/core';
import type { AuthUser } from '../services/auth';
import { scopeOf } from './crud';
import { forbidden, notFound } from './errors';
import { resource } from './resources';

/*
 * Who may reach which record is said once, in each resource's `access` (resources.ts), and
 * applied here for everything outside the CRUD resolvers: the domain mutations (case review),
 * the PDF routes and the exports (which use crud.listWhere, the same scopes).
 */

/** The record `id` of resource `name` if `user` may read (or, with `as`, write) it; NOT_FOUND or FORBIDDEN otherwise (FORBIDDEN too for a role that may not read the resource at all). */
export async function findReachable<T extends object>(
  em: EntityManager,
  name: string,
  user: AuthUser,
  id: number,
  as: 'read' | 'update' = 'read',
  options?: FindOneOptions<T, never>,
): Promise<T> {
  const res = resource(name);
  const scope = scopeOf(res.access[as], user);
  const entityName = res.entity as unknown as EntityName<T>;
  const where = (scope ? { $and: [scope, { id }] } : { id }) as FilterQuery<T>;
  const found = await em.findOne(entityName, where, options);
  if (found) return found;
  // A record out of reading reach does not exist for the reader (as `R(id)` answers null); one
  // they may read but not write is refused (as an update is).
  if (as !== 'read' && scope && (await em.count(entityName, { id } as FilterQuery<T>)) > 0)
    throw forbidden('无权访问该记录（超出您的部门或本人范围）', 'this record is outside what you may reach');
  throw notFound(name, id);
}
