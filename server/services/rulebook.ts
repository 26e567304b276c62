import type { BaselineRule, ItemRule, ListVersion, OffenceRule, RuleBook } from '../domain/leniency';
import * as E from '../db/entities';

// Entities as the rules module (domain/leniency.ts) takes them.

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

/** The catalogue as the rules take it, mapped once per load rather than once per decision. */
export interface CatalogueRules {
  lists: ListVersion[];
  byOffence: Map<number, Omit<RuleBook, 'lists' | 'priorCases'>>;
}

export function catalogueRules(
  offences: readonly E.Offence[],
  lists: readonly E.LeniencyList[],
  items: readonly E.LeniencyItem[],
  baselines: readonly E.DiscretionBaseline[],
): CatalogueRules {
  const byOffence = new Map(
    offences.map((o) => [
      o.id,
      { offence: offenceRule(o), items: [] as ItemRule[], baselines: [] as BaselineRule[] },
    ]),
  );
  for (const i of items) byOffence.get(i.offence.id)?.items.push(itemRule(i));
  for (const b of baselines) byOffence.get(b.offence.id)?.baselines.push(baselineRule(b));
  return { lists: lists.map(listVersion), byOffence };
}
