import type { EntityManager } from '@mikro-orm/core';
import { AuditEntry } from '../db/entities';
import type { AuthUser } from './auth';

export type Snapshot = Record<string, unknown>;

/** Only what changed, as { field: [before, after] }. */
export function changedFields(before: Snapshot, after: Snapshot): Record<string, [unknown, unknown]> {
  const diff: Record<string, [unknown, unknown]> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (key === 'updatedAt') continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) diff[key] = [before[key], after[key]];
  }
  return diff;
}

/** Adds an audit row to the unit of work; it is written in the same transaction as the change. */
export function audit(
  em: EntityManager,
  user: Pick<AuthUser, 'id' | 'username'> | null,
  action: string,
  entityType: string,
  entityId: string | number | null,
  changes: unknown,
): void {
  em.persist(
    em.create(AuditEntry, {
      at: new Date(),
      userId: user?.id ?? null,
      username: user?.username ?? null,
      action,
      entityType,
      entityId: entityId === null ? null : String(entityId),
      changes: changes ?? null,
    }),
  );
}
