import type { AuthUser } from '../services/auth';
import { matchesScope } from './crud';
import { resource } from './resources';

/**
 * Whether `user` may read a penalty_case row (as the database returns it): the case read scope
 * of the resource, decided in memory. A decision counts every earlier case of the enterprise,
 * but names only those the reader may see (issue #11: reasons never leak other departments'
 * case numbers). Where the scope cannot be decided in memory, the case is not named.
 */
export function caseVisibility(user: AuthUser): (row: Record<string, unknown>) => boolean {
  const scope = resource('PenaltyCase').access.read[user.role];
  if (!scope) return () => false;
  if (scope === 'all') return () => true;
  const filter = scope(user);
  const id = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return (row) =>
    matchesScope(filter, {
      department: id(row.department_id),
      district: id(row.district_id),
      officer: id(row.officer_id),
      enterprise: id(row.enterprise_id),
      offence: id(row.offence_id),
    }) === true;
}
