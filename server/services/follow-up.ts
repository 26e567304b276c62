import type { EntityManager } from '@mikro-orm/core';
import { followUpSchedule } from '../domain/documents';
import { FollowUpResult } from '../domain/enums';
import * as E from '../db/entities';

/**
 * 免罚不免责: once a case is decided leniently it gets its correction deadline and follow-up
 * visit 回访 (domain/documents.ts says when); a visit not yet made follows a revised decision,
 * one already made is a record and stays. Runs in the case's own transaction.
 */
export async function scheduleFollowUp(em: EntityManager, c: E.PenaltyCase): Promise<void> {
  const item = c.item ? await em.findOne(E.LeniencyItem, c.item.id) : null;
  const schedule = followUpSchedule({
    status: c.status,
    outcome: c.outcome ?? null,
    itemKind: item?.kind ?? null,
    decisionDate: c.decisionDate ?? null,
  });
  const visit = await em.findOne(E.FollowUpVisit, { penaltyCase: c.id });
  if (visit && visit.result !== FollowUpResult.PENDING) return;
  if (!schedule) {
    if (visit) em.remove(visit);
  } else if (!visit)
    em.create(E.FollowUpVisit, {
      penaltyCase: c,
      ...schedule,
      officer: c.officer ?? null,
      result: FollowUpResult.PENDING,
    });
  else if (visit.correctionDeadline < schedule.correctionDeadline || visit.dueDate < schedule.dueDate) {
    // A later decision date moves the dates on; dates the officer moved later stay.
    visit.correctionDeadline =
      schedule.correctionDeadline > visit.correctionDeadline
        ? schedule.correctionDeadline
        : visit.correctionDeadline;
    visit.dueDate = schedule.dueDate > visit.dueDate ? schedule.dueDate : visit.dueDate;
  }
  await em.flush();
}
