import type { BaselineRule, ItemRule, ListVersion, OffenceRule } from '../domain/leniency';
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
