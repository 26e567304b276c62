import type { BaselineRule, ItemRule, ListVersion, OffenceRule, RuleBook } from '../domain/leniency';
import type { OffenceVersionRule } from '../domain/offence';
import * as E from '../db/entities';

// Entities as the rules modules (domain/leniency.ts, offence.ts, lists.ts) take them.

export const offenceRule = (o: E.Offence): OffenceRule => ({
  id: o.id,
  code: o.code,
  title: o.title,
  violatedProvision: o.violatedProvision,
  penaltyProvision: o.penaltyProvision,
  lifeHealthFinance: o.lifeHealthFinance,
});

export const offenceVersionRule = (v: E.OffenceVersion): OffenceVersionRule => ({
  id: v.id,
  effectiveFrom: v.effectiveFrom,
  effectiveTo: v.effectiveTo ?? null,
  citation: v.citation ?? null,
  penaltyKinds: v.penaltyKinds,
  fineKind: v.fineKind,
  fineMin: v.fineMin ?? null,
  fineMax: v.fineMax ?? null,
  fineBasis: v.fineBasis ?? null,
  multipleMin: v.multipleMin ?? null,
  multipleMax: v.multipleMax ?? null,
  fallbackMin: v.fallbackMin ?? null,
  fallbackMax: v.fallbackMax ?? null,
  fallbackBelow: v.fallbackBelow ?? null,
  fineWhen: v.fineWhen,
  fineDiscretionary: v.fineDiscretionary,
  seriousMin: v.seriousMin ?? null,
  seriousMax: v.seriousMax ?? null,
  seriousPenaltyKinds: v.seriousPenaltyKinds,
  seriousDiscretionary: v.seriousDiscretionary,
  limitationYears: v.limitationYears ?? null,
  limitationCitation: v.limitationCitation ?? null,
  noFaultRule: v.noFaultRule,
  noFaultCitation: v.noFaultCitation ?? null,
  noFaultPenaltyKinds: v.noFaultPenaltyKinds,
});

export const listVersion = (
  l: E.LeniencyList,
  series: ReadonlyMap<number, E.LeniencyListSeries>,
): ListVersion => ({
  id: l.id,
  seriesId: l.series.id,
  seriesName: series.get(l.series.id)?.name ?? '',
  version: l.version,
  title: l.title,
  effectiveFrom: l.effectiveFrom,
  effectiveTo: l.effectiveTo ?? null,
  status: l.status,
});

export const itemRule = (i: E.LeniencyItem, conditions: readonly E.LeniencyItemCondition[]): ItemRule => ({
  id: i.id,
  listId: i.list.id,
  number: i.number,
  kind: i.kind,
  conditions: i.conditions,
  conditionList: conditions.map((c) => ({ id: c.id, number: c.number, text: c.text })),
  conditionMatch: i.conditionMatch,
  lookbackKind: i.lookbackKind,
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

export function catalogueRules(catalogue: {
  offences: readonly E.Offence[];
  versions: readonly E.OffenceVersion[];
  series: readonly E.LeniencyListSeries[];
  lists: readonly E.LeniencyList[];
  items: readonly E.LeniencyItem[];
  conditions: readonly E.LeniencyItemCondition[];
  baselines: readonly E.DiscretionBaseline[];
}): CatalogueRules {
  const byOffence = new Map(
    catalogue.offences.map((o) => [
      o.id,
      {
        offence: offenceRule(o),
        versions: [] as OffenceVersionRule[],
        items: [] as ItemRule[],
        baselines: [] as BaselineRule[],
      },
    ]),
  );
  const conditionsByItem = new Map<number, E.LeniencyItemCondition[]>();
  for (const c of [...catalogue.conditions].sort((a, b) => a.number - b.number)) {
    const list = conditionsByItem.get(c.item.id) ?? [];
    list.push(c);
    conditionsByItem.set(c.item.id, list);
  }
  for (const v of catalogue.versions) byOffence.get(v.offence.id)?.versions.push(offenceVersionRule(v));
  for (const i of catalogue.items)
    byOffence.get(i.offence.id)?.items.push(itemRule(i, conditionsByItem.get(i.id) ?? []));
  for (const b of catalogue.baselines) byOffence.get(b.offence.id)?.baselines.push(baselineRule(b));
  const series = new Map(catalogue.series.map((s) => [s.id, s]));
  return { lists: catalogue.lists.map((l) => listVersion(l, series)), byOffence };
}
