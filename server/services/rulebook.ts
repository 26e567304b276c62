import type { EntityManager } from '@mikro-orm/core';
import { addMonths } from '../domain/dates';
import {
  REPEAT_WINDOW_MONTHS,
  type BaselineRule,
  type ItemRule,
  type ListVersion,
  type OffenceRule,
  type PriorCase,
  type RuleBook,
} from '../domain/leniency';
import { CaseStatus } from '../domain/enums';
import * as E from '../db/entities';

export const offenceRule = (o: E.Offence): OffenceRule => ({
  id: o.id,
  code: o.code,
  title: o.title,
  violatedProvision: o.violatedProvision,
  penaltyProvision: o.penaltyProvision,
  fineMin: o.fineMin,
  fineMax: o.fineMax,
  fineUnit: o.fineUnit,
  lifeHealthFinance: o.lifeHealthFinance,
});

export const listVersion = (l: E.LeniencyList): ListVersion => ({
  id: l.id,
  version: l.version,
  title: l.title,
  effectiveFrom: l.effectiveFrom,
  effectiveTo: l.effectiveTo ?? null,
  status: l.status,
});

export const itemRule = (i: E.LeniencyItem): ItemRule => ({
  id: i.id,
  listId: i.list.id,
  number: i.number,
  kind: i.kind,
  conditions: i.conditions,
  lookbackMonths: i.lookbackMonths ?? null,
  maxHarm: i.maxHarm,
  requiresCorrection: i.requiresCorrection,
  measures: i.measures,
});

export const baselineRule = (b: E.DiscretionBaseline): BaselineRule => ({
  id: b.id,
  effectiveFrom: b.effectiveFrom,
  effectiveTo: b.effectiveTo ?? null,
  tiers: b.tiers,
  source: b.source ?? null,
});

/** Everything the rules need to decide one case of `offence` by `enterpriseId` on `actDate`. */
export async function loadRuleBook(
  em: EntityManager,
  offence: E.Offence,
  enterpriseId: number,
  actDate: string,
  excludeCaseId?: number,
): Promise<RuleBook> {
  const [lists, items, baselines] = await Promise.all([
    em.find(E.LeniencyList, {}),
    em.find(E.LeniencyItem, { offence: offence.id }),
    em.find(E.DiscretionBaseline, { offence: offence.id }),
  ]);
  const months = Math.max(REPEAT_WINDOW_MONTHS, ...items.map((i) => i.lookbackMonths ?? 0));
  const priors = await em.find(
    E.PenaltyCase,
    {
      enterprise: enterpriseId,
      offence: offence.id,
      offenceDate: { $gte: addMonths(actDate, -months), $lt: actDate },
      // A violation record is a decided case (one decided NONE included); an open one is not yet.
      status: { $in: [CaseStatus.DECIDED, CaseStatus.CLOSED] },
      ...(excludeCaseId ? { id: { $ne: excludeCaseId } } : {}),
    },
    { fields: ['caseNumber', 'offenceDate', 'outcome'], orderBy: { offenceDate: 'asc', id: 'asc' } },
  );
  const priorCases: PriorCase[] = priors.map((p) => ({
    id: p.id,
    caseNumber: p.caseNumber,
    offenceDate: p.offenceDate,
    outcome: p.outcome ?? null,
  }));
  return {
    offence: offenceRule(offence),
    lists: lists.map(listVersion),
    items: items.map(itemRule),
    baselines: baselines.map(baselineRule),
    priorCases,
  };
}
