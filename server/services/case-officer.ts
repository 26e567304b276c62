import type { EntityManager } from '@mikro-orm/core';
import { Role } from '../domain/enums';
import { InvalidInput, NotAllowed } from '../domain/errors';
import * as E from '../db/entities';
import { sqlRows } from '../db/sql';
import type { AuthUser } from './auth';

/**
 * Who may be named as a case's officer, and which offences an officer may record (issue #11
 * §3): an officer records cases as themselves and only for their own department's offences
 * (their department's cases are already the only ones they may write: PenaltyCase access). A
 * record keeps the officer and offence it already had when someone else of the department edits
 * it; only a change is checked. Runs inside the write transaction, after the input is applied.
 */
export async function assertMayRecordCase(
  em: EntityManager,
  user: AuthUser | null,
  c: E.PenaltyCase,
  action: 'create' | 'update',
): Promise<void> {
  const officerId = c.officer?.id ?? null;
  const offenceId = c.offence.id;
  let before: { officer_id: number | null; offence_id: number } | undefined;
  if (action === 'update')
    [before] = await sqlRows<{ officer_id: number | null; offence_id: number }>(
      em,
      'select officer_id, offence_id from penalty_case where id = ?',
      [c.id],
    );
  const officerChanged = !before || Number(before.officer_id ?? 0) !== (officerId ?? 0);
  const offenceChanged = !before || Number(before.offence_id) !== offenceId;

  if (user?.role === Role.OFFICER) {
    if (officerId === null && officerChanged) c.officer = em.getReference(E.User, user.id, { wrapped: true });
    else if (officerChanged && officerId !== user.id)
      throw new NotAllowed(
        'officerId：执法人员只能以本人名义登记案件',
        'officerId: an officer records cases only as themselves',
      );
    if (offenceChanged) {
      const offence = await em.findOneOrFail(E.Offence, offenceId);
      if (offence.department.id !== user.departmentId)
        throw new NotAllowed(
          'offenceId：只能登记本部门职权范围内的违法行为',
          "offenceId: an officer records only their own department's offences",
        );
    }
  }
  if (officerChanged && c.officer) {
    // The writer's own role was read with their session at the start of this request.
    const role =
      user && c.officer.id === user.id ? user.role : (await em.findOneOrFail(E.User, c.officer.id)).role;
    if (role !== Role.OFFICER && role !== Role.ADMIN)
      throw new InvalidInput(
        'officerId',
        '承办人须为执法人员',
        'the officer of a case must be an enforcement officer',
      );
  }
}
