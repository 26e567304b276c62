import { defaultTiers, type BaselineTierRange } from './baseline';
import { addMonths, addYears, inForce } from './dates';
import { AggravatingFactor, FineUnit, Harm, LeniencyKind, ListStatus, MitigatingFactor, Tier } from './enums';
import { InvalidInput } from './errors';
import type { Cents } from './money';

/*
 * The eligibility rules of DOMAIN.md, "How the rules combine into one decision". Pure: the
 * caller hands over the offence, the list versions and baselines for it, and the enterprise's
 * earlier cases of the same offence; nothing here reads a database or knows GraphQL.
 */

// ------------------------------------------------------------------ inputs

export interface Facts {
  offenceDate: string;
  /** Last day of a continuing act 连续或者继续状态. */
  offenceEndDate?: string | null;
  discoveredDate: string;
  decisionDate: string;
  harm: Harm;
  corrected: boolean;
  noFaultEvidence: boolean;
  mitigating: readonly MitigatingFactor[];
  aggravating: readonly AggravatingFactor[];
  /** 违法所得, for fines set as multiples of it. */
  illegalGain?: Cents | null;
}

export interface OffenceRule {
  id: number;
  code: string;
  title: string;
  violatedProvision: string;
  penaltyProvision: string;
  /** Hundredths of the unit (fen for YUAN). */
  fineMin: Cents;
  fineMax: Cents;
  fineUnit: FineUnit;
  lifeHealthFinance: boolean;
}

export interface ListVersion {
  id: number;
  version: string;
  title: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  status: ListStatus;
}

export interface ItemRule {
  id: number;
  listId: number;
  number: number;
  kind: LeniencyKind;
  conditions: string;
  lookbackMonths: number | null;
  maxHarm: Harm;
  requiresCorrection: boolean;
  measures: readonly string[];
}

export interface BaselineRule {
  id: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  tiers: readonly BaselineTierRange[];
  source: string | null;
}

export interface PriorCase {
  id: number;
  caseNumber: string;
  /** The prior act's date: look-back windows are counted on act dates. */
  offenceDate: string;
  outcome: Tier | null;
}

export interface RuleBook {
  offence: OffenceRule;
  /** Every list version (drafts too: the engine itself ignores them). */
  lists: readonly ListVersion[];
  /** This offence's items, in any version. */
  items: readonly ItemRule[];
  baselines: readonly BaselineRule[];
  /** The same enterprise's cases of this offence with act dates before this act. */
  priorCases: readonly PriorCase[];
}

/** The order of events a case must respect; each problem names the field to correct. */
export function validateFacts(f: {
  offenceDate: string;
  offenceEndDate?: string | null;
  discoveredDate?: string | null;
  decisionDate?: string | null;
}): void {
  if (f.offenceEndDate && f.offenceEndDate < f.offenceDate)
    throw new InvalidInput(
      'offenceEndDate',
      '行为终了日期不能早于违法行为发生日期',
      'must not be before offenceDate',
    );
  if (f.decisionDate && f.decisionDate < f.offenceDate)
    throw new InvalidInput(
      'decisionDate',
      '决定日期不能早于违法行为发生日期',
      'must not be before offenceDate',
    );
  if (f.discoveredDate && f.discoveredDate < f.offenceDate)
    throw new InvalidInput(
      'discoveredDate',
      '发现日期不能早于违法行为发生日期',
      'must not be before offenceDate',
    );
  if (f.decisionDate && f.offenceEndDate && f.decisionDate < f.offenceEndDate)
    throw new InvalidInput(
      'decisionDate',
      '决定日期不能早于行为终了日期',
      'must not be before offenceEndDate',
    );
  if (f.decisionDate && f.discoveredDate && f.decisionDate < f.discoveredDate)
    throw new InvalidInput('decisionDate', '决定日期不能早于发现日期', 'must not be before discoveredDate');
}

// ------------------------------------------------------------------ outputs

export type Ground =
  | 'TIME_BARRED'
  | 'NO_FAULT'
  | 'MINOR_NO_HARM'
  | 'FIRST_OFFENCE'
  | 'ART32'
  | 'LIST_ITEM'
  | 'BASELINE'
  | 'REPEAT'
  | 'AGGRAVATED'
  | 'NO_COERCIVE_MEASURE'
  | 'DECISION_DATE_RULES';

export interface Reason {
  rule: string;
  passed: boolean;
  citation: string;
  detail: string;
}

export interface FineRangeValue {
  /** Hundredths of `unit`. */
  min: Cents;
  max: Cents;
  unit: FineUnit;
}

export interface AppliedItem {
  id: number;
  number: number;
  kind: LeniencyKind;
  conditions: string;
  listId: number;
  listVersion: string;
  listTitle: string;
}

export interface Decision {
  outcome: Tier;
  eligible: boolean;
  mandatory: boolean;
  grounds: Ground[];
  item: AppliedItem | null;
  /** The list version in force on rulesAsOf, whether or not one of its items applied. */
  list: { id: number; version: string; title: string } | null;
  rulesAsOf: string;
  firstOffence: boolean;
  priorCases: PriorCase[];
  fineRange: FineRangeValue | null;
  /** Midpoint of the STANDARD tier, in yuan-fen where computable: the reference for relief. */
  referenceFine: Cents | null;
  baselineId: number | null;
  measures: string[];
  reasons: Reason[];
  summary: string;
}

// ------------------------------------------------------------------ vocabulary

export const TIER_ORDER: readonly Tier[] = [
  Tier.NONE,
  Tier.MITIGATED,
  Tier.LIGHTER,
  Tier.STANDARD,
  Tier.HEAVIER,
];
const HARM_ORDER: readonly Harm[] = [Harm.NONE, Harm.MINOR, Harm.GENERAL, Harm.SERIOUS];
export const LENIENT: ReadonlySet<Tier> = new Set([Tier.NONE, Tier.MITIGATED, Tier.LIGHTER]);

export const TIER_ZH: Record<Tier, string> = {
  NONE: '不予处罚',
  MITIGATED: '减轻处罚',
  LIGHTER: '从轻处罚',
  STANDARD: '一般处罚',
  HEAVIER: '从重处罚',
};
export const KIND_ZH: Record<LeniencyKind, string> = {
  NO_PENALTY: '轻微违法不予处罚',
  FIRST_OFFENCE_NO_PENALTY: '首违不罚',
  LIGHTER: '从轻处罚',
  MITIGATED: '减轻处罚',
  NO_COERCIVE_MEASURE: '不予实施行政强制措施',
};
const HARM_ZH: Record<Harm, string> = {
  NONE: '无危害后果',
  MINOR: '危害后果轻微',
  GENERAL: '危害后果一般',
  SERIOUS: '危害后果严重',
};
const MITIGATING_ZH: Record<MitigatingFactor, string> = {
  ELIMINATED_HARM: '主动消除或者减轻违法行为危害后果',
  COERCED: '受他人胁迫或者诱骗实施违法行为',
  CONFESSED: '主动供述行政机关尚未掌握的违法行为',
  MERITORIOUS: '配合行政机关查处违法行为有立功表现',
};
const AGGRAVATING_ZH: Record<AggravatingFactor, string> = {
  REPEAT: '两年内多次实施同一违法行为',
  REFUSED_CORRECTION: '拒不改正',
  OBSTRUCTED: '阻碍、拒绝执法',
};

const LAW = '《中华人民共和国行政处罚法》';
const CITE = {
  art32: `${LAW}第三十二条`,
  art33s1: `${LAW}第三十三条第一款第一句`,
  art33s2: `${LAW}第三十三条第一款第二句`,
  art33s3: `${LAW}第三十三条第二款`,
  art34: `${LAW}第三十四条`,
  art36: `${LAW}第三十六条`,
  art37: `${LAW}第三十七条`,
  coercion: '《中华人民共和国行政强制法》第十六条第二款',
};

/** Default look-back for "first offence" where no list item sets one: one year. */
export const DEFAULT_LOOKBACK_MONTHS = 12;
/** DOMAIN.md rule 7: two or more prior cases of the same offence within 24 months are REPEAT. */
export const REPEAT_WINDOW_MONTHS = 24;
export const REPEAT_THRESHOLD = 2;

const harmWithin = (harm: Harm, max: Harm) => HARM_ORDER.indexOf(harm) <= HARM_ORDER.indexOf(max);
const moreLenient = (a: Tier, b: Tier) => TIER_ORDER.indexOf(a) < TIER_ORDER.indexOf(b);

/** 12,345.60: yuan with thousands separators and two decimals (exact for integer fen). */
export function yuan(cents: Cents): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

// ------------------------------------------------------------------ the rules

/** 行政处罚法 Art. 36: the limitation period and whether it has run out at discovery. */
export function limitation(
  facts: Facts,
  offence: OffenceRule,
): { start: string; years: number; expires: string; barred: boolean } {
  const start = facts.offenceEndDate ?? facts.offenceDate;
  const years = offence.lifeHealthFinance && facts.harm !== Harm.NONE ? 5 : 2;
  const expires = addYears(start, years);
  return { start, years, expires, barred: facts.discoveredDate > expires };
}

/**
 * The published list that governs `offence` on `date`: of the versions in force that list the
 * offence, the one with the later effective date; where none lists it, the latest in force.
 * Drafts and archived versions never count.
 */
export function listInForce(
  lists: readonly ListVersion[],
  date: string,
  items: readonly ItemRule[] = [],
): ListVersion | null {
  const inForceNow = lists
    .filter((l) => l.status === ListStatus.PUBLISHED && inForce(date, l.effectiveFrom, l.effectiveTo))
    .sort((a, b) =>
      a.effectiveFrom < b.effectiveFrom ? 1 : a.effectiveFrom > b.effectiveFrom ? -1 : b.id - a.id,
    );
  const listing = new Set(items.map((i) => i.listId));
  return inForceNow.find((l) => listing.has(l.id)) ?? inForceNow[0] ?? null;
}

export function baselineInForce(baselines: readonly BaselineRule[], date: string): BaselineRule | null {
  return (
    baselines
      .filter((b) => inForce(date, b.effectiveFrom, b.effectiveTo))
      .sort((a, b) =>
        a.effectiveFrom < b.effectiveFrom ? 1 : a.effectiveFrom > b.effectiveFrom ? -1 : b.id - a.id,
      )[0] ?? null
  );
}

/** Prior cases with act dates in [act − months, act). */
export function priorsWithin(priors: readonly PriorCase[], actDate: string, months: number): PriorCase[] {
  const from = addMonths(actDate, -months);
  return priors.filter((p) => p.offenceDate >= from && p.offenceDate < actDate);
}

interface Evaluation {
  outcome: Tier;
  mandatory: boolean;
  grounds: Ground[];
  item: ItemRule | null;
  list: ListVersion | null;
  baseline: BaselineRule | null;
  firstOffence: boolean;
  lookbackMonths: number;
  reasons: Reason[];
  coercionItem: ItemRule | null;
}

/** 《title》（3.0版）, without saying the version twice when the title already does. */
function listName(list: ListVersion): string {
  return list.title.includes(`${list.version}版`)
    ? `《${list.title}》`
    : `《${list.title}》（${list.version}版）`;
}

function itemCitation(list: ListVersion, item: ItemRule): string {
  return `${listName(list)}第${item.number}项（${KIND_ZH[item.kind]}）`;
}

function conditionsHold(item: ItemRule, facts: Facts): { ok: boolean; detail: string } {
  const harmOk = harmWithin(facts.harm, item.maxHarm);
  const corrOk = facts.corrected || !item.requiresCorrection;
  const parts = [
    `${HARM_ZH[facts.harm]}${harmOk ? '，未超过' : '，超过'}本项允许的“${HARM_ZH[item.maxHarm]}”`,
    item.requiresCorrection
      ? facts.corrected
        ? '已及时改正'
        : '未及时改正（本项要求改正）'
      : '本项不要求改正',
  ];
  return { ok: harmOk && corrOk, detail: parts.join('；') };
}

/** Rules 1–7 with the list and baseline in force on `date`. */
function evaluate(facts: Facts, book: RuleBook, date: string): Evaluation {
  const reasons: Reason[] = [];
  const list = listInForce(book.lists, date, book.items);
  const baseline = baselineInForce(book.baselines, date);
  const items = list
    ? book.items.filter((i) => i.listId === list.id).sort((a, b) => a.number - b.number)
    : [];
  const byKind = (kind: LeniencyKind) => items.find((i) => i.kind === kind) ?? null;
  const firstItem = byKind(LeniencyKind.FIRST_OFFENCE_NO_PENALTY);
  const lookbackMonths = firstItem?.lookbackMonths ?? DEFAULT_LOOKBACK_MONTHS;
  const priorsInWindow = priorsWithin(book.priorCases, facts.offenceDate, lookbackMonths);
  const firstOffence = priorsInWindow.length === 0;
  const coercionItem = byKind(LeniencyKind.NO_COERCIVE_MEASURE);
  const result = (
    outcome: Tier,
    mandatory: boolean,
    grounds: Ground[],
    item: ItemRule | null,
  ): Evaluation => ({
    outcome,
    mandatory,
    grounds,
    item,
    list,
    baseline,
    firstOffence,
    lookbackMonths,
    reasons,
    coercionItem: coercionItem && conditionsHold(coercionItem, facts).ok ? coercionItem : null,
  });

  // 1. 时效 (Art. 36)
  const lim = limitation(facts, book.offence);
  reasons.push({
    rule: 'TIME_LIMIT',
    passed: lim.barred,
    citation: CITE.art36,
    detail: `追责期限${lim.years}年，自${facts.offenceEndDate ? '行为终了之日' : '违法行为发生之日'}${lim.start}起算，至${lim.expires}届满；违法行为于${facts.discoveredDate}被发现，${lim.barred ? '已超过追责期限，不再给予行政处罚' : '未超过追责期限'}`,
  });
  if (lim.barred) return result(Tier.NONE, true, ['TIME_BARRED'], null);

  // 2. 无主观过错 (Art. 33 ¶2)
  reasons.push({
    rule: 'NO_FAULT',
    passed: facts.noFaultEvidence,
    citation: CITE.art33s3,
    detail: facts.noFaultEvidence
      ? '当事人有证据足以证明没有主观过错，不予行政处罚'
      : '当事人未提出足以证明没有主观过错的证据',
  });
  if (facts.noFaultEvidence) return result(Tier.NONE, true, ['NO_FAULT'], null);

  reasons.push({
    rule: 'LIST_IN_FORCE',
    passed: list !== null,
    citation: list ? listName(list) : '免罚轻罚清单',
    detail: list
      ? `${date}施行的清单为${list.version}版（${list.effectiveFrom}起施行）；该违法行为在清单中${items.length ? `列有第${items.map((i) => i.number).join('、')}项` : '未列入'}`
      : `${date}无已发布施行的免罚轻罚清单`,
  });

  // 3. 轻微违法不予处罚 (Art. 33 ¶1 s.1)
  const noPenalty = byKind(LeniencyKind.NO_PENALTY);
  if (noPenalty && list) {
    const c = conditionsHold(noPenalty, facts);
    reasons.push({
      rule: 'MINOR_NO_HARM',
      passed: c.ok,
      citation: `${CITE.art33s1}；${itemCitation(list, noPenalty)}`,
      detail: `适用条件：${noPenalty.conditions}。${c.detail}`,
    });
    if (c.ok) return result(Tier.NONE, true, ['MINOR_NO_HARM', 'LIST_ITEM'], noPenalty);
  }

  // 4. 首违不罚 (Art. 33 ¶1 s.2: 可以)
  if (firstItem && list) {
    const c = conditionsHold(firstItem, facts);
    const from = addMonths(facts.offenceDate, -lookbackMonths);
    const priorText = firstOffence
      ? `${from}至${facts.offenceDate}前无同一违法行为的案件记录，属首次违法`
      : `${from}至${facts.offenceDate}前已有同一违法行为的案件${priorsInWindow.map((p) => p.caseNumber).join('、')}，不属首次违法`;
    const ok = c.ok && firstOffence;
    reasons.push({
      rule: 'FIRST_OFFENCE',
      passed: ok,
      citation: `${CITE.art33s2}；${itemCitation(list, firstItem)}`,
      detail: `适用条件：${firstItem.conditions}。${priorText}；${c.detail}`,
    });
    if (ok) return result(Tier.NONE, false, ['FIRST_OFFENCE', 'LIST_ITEM'], firstItem);
  }

  const mitigatedItem = byKind(LeniencyKind.MITIGATED);
  const mitigatedOk = mitigatedItem && list ? conditionsHold(mitigatedItem, facts) : null;

  // 5. 应当从轻或者减轻 (Art. 32)
  reasons.push({
    rule: 'ART32',
    passed: facts.mitigating.length > 0,
    citation: CITE.art32,
    detail: facts.mitigating.length
      ? `当事人${facts.mitigating.map((m) => MITIGATING_ZH[m]).join('、')}，应当从轻或者减轻处罚`
      : '无第三十二条规定的从轻、减轻情形',
  });
  if (facts.mitigating.length) {
    if (mitigatedItem && mitigatedOk?.ok && list) {
      reasons.push({
        rule: 'LIST_ITEM',
        passed: true,
        citation: itemCitation(list, mitigatedItem),
        detail: `适用条件：${mitigatedItem.conditions}。${mitigatedOk.detail}`,
      });
      return result(Tier.MITIGATED, true, ['ART32', 'LIST_ITEM'], mitigatedItem);
    }
    return result(Tier.LIGHTER, true, ['ART32'], null);
  }

  // 6. 清单从轻、减轻事项
  for (const item of [mitigatedItem, byKind(LeniencyKind.LIGHTER)]) {
    if (!item || !list) continue;
    const c = conditionsHold(item, facts);
    reasons.push({
      rule: 'LIST_ITEM',
      passed: c.ok,
      citation: itemCitation(list, item),
      detail: `适用条件：${item.conditions}。${c.detail}`,
    });
    if (c.ok)
      return result(
        item.kind === LeniencyKind.MITIGATED ? Tier.MITIGATED : Tier.LIGHTER,
        true,
        ['LIST_ITEM'],
        item,
      );
  }

  // 7. 一般或者从重
  const repeats = priorsWithin(book.priorCases, facts.offenceDate, REPEAT_WINDOW_MONTHS);
  const repeat = repeats.length >= REPEAT_THRESHOLD;
  const aggravating = new Set(facts.aggravating);
  if (repeat) aggravating.add(AggravatingFactor.REPEAT);
  reasons.push({
    rule: 'AGGRAVATING',
    passed: aggravating.size > 0,
    citation: CITE.art34,
    detail: aggravating.size
      ? `具有从重情形：${[...aggravating].map((a) => AGGRAVATING_ZH[a]).join('、')}${repeat ? `（${REPEAT_WINDOW_MONTHS}个月内同一违法行为已有${repeats.length}起案件）` : ''}`
      : '无从重情形，按一般情形处罚',
  });
  const grounds: Ground[] = ['BASELINE'];
  if (repeat) grounds.push('REPEAT');
  if (aggravating.size) grounds.push('AGGRAVATED');
  return result(aggravating.size ? Tier.HEAVIER : Tier.STANDARD, true, grounds, null);
}

/** The fine sub-range of `tier` under `baseline`, or the default split where it sets none. */
export function tierRange(
  offence: OffenceRule,
  baseline: BaselineRule | null,
  tier: Tier,
): BaselineTierRange | null {
  if (tier === Tier.NONE) return null;
  const fromBaseline = baseline?.tiers.find((t) => t.level === tier);
  return fromBaseline ?? defaultTiers(offence.fineMin, offence.fineMax).find((t) => t.level === tier) ?? null;
}

/** A range in the offence's unit, turned into yuan where the fine is a multiple of a known illegal gain. */
function inYuan(
  offence: OffenceRule,
  range: { min: Cents; max: Cents },
  gain: Cents | null | undefined,
): FineRangeValue {
  if (offence.fineUnit === FineUnit.YUAN) return { min: range.min, max: range.max, unit: FineUnit.YUAN };
  if (gain === null || gain === undefined)
    return { min: range.min, max: range.max, unit: FineUnit.MULTIPLE_OF_ILLEGAL_GAIN };
  return {
    min: Math.round((range.min * gain) / 100),
    max: Math.round((range.max * gain) / 100),
    unit: FineUnit.YUAN,
  };
}

function measuresFor(outcome: Tier, item: ItemRule | null, coercionItem: ItemRule | null): string[] {
  // 免罚不免责: correction is always ordered (行政处罚法 Art. 28); no penalty means education (Art. 33 ¶3).
  const measures = [...(item?.measures ?? [])];
  if (!measures.some((m) => m.startsWith('责令'))) measures.unshift('责令改正');
  if (outcome === Tier.NONE && !measures.some((m) => m.includes('教育') || m.includes('约谈')))
    measures.push('批评教育');
  for (const m of coercionItem?.measures ?? []) if (!measures.includes(m)) measures.push(m);
  return measures;
}

/**
 * Decides one case. Art. 37 (从旧兼从轻): the rules in force on the act date (its end, for a
 * continuing act) and on the decision date are both applied; the more lenient outcome wins
 * and, on a tie, the act date's rules.
 */
export function decide(facts: Facts, book: RuleBook): Decision {
  const actDate = facts.offenceEndDate ?? facts.offenceDate;
  const atAct = evaluate(facts, book, actDate);
  const atDecision = facts.decisionDate !== actDate ? evaluate(facts, book, facts.decisionDate) : atAct;
  const useDecision = moreLenient(atDecision.outcome, atAct.outcome);
  const chosen = useDecision ? atDecision : atAct;
  const rulesAsOf = useDecision ? facts.decisionDate : actDate;

  const reasons = [...chosen.reasons];
  reasons.push({
    rule: 'ART37',
    passed: useDecision,
    citation: CITE.art37,
    detail:
      atDecision === atAct
        ? `违法行为${facts.offenceEndDate ? '终了' : '发生'}与作出决定为同一日，适用${actDate}施行的规定`
        : useDecision
          ? `按违法行为${facts.offenceEndDate ? '终了' : '发生'}时（${actDate}）的规定为${TIER_ZH[atAct.outcome]}，按作出决定时（${facts.decisionDate}）的规定为${TIER_ZH[atDecision.outcome]}，从轻适用作出决定时的规定`
          : `按违法行为${facts.offenceEndDate ? '终了' : '发生'}时（${actDate}）的规定为${TIER_ZH[atAct.outcome]}，按作出决定时（${facts.decisionDate}）的规定为${TIER_ZH[atDecision.outcome]}，适用违法行为${facts.offenceEndDate ? '终了' : '发生'}时的规定`,
  });

  // Art. 33 s.2 outside the list: pointed out, never assumed.
  const firstItemApplies = chosen.item?.kind === LeniencyKind.FIRST_OFFENCE_NO_PENALTY;
  if (
    chosen.outcome !== Tier.NONE &&
    !firstItemApplies &&
    chosen.firstOffence &&
    harmWithin(facts.harm, Harm.MINOR) &&
    facts.corrected &&
    !book.items.some((i) => i.listId === chosen.list?.id && i.kind === LeniencyKind.FIRST_OFFENCE_NO_PENALTY)
  ) {
    reasons.push({
      rule: 'ART33_DISCRETION',
      passed: false,
      citation: CITE.art33s2,
      detail:
        '本违法行为未列入首违不罚清单；但当事人系初次违法且危害后果轻微并及时改正，依法仍可以由执法人员裁量决定不予行政处罚（清单外裁量，须另行说明理由）',
    });
  }

  if (chosen.coercionItem && chosen.list) {
    reasons.push({
      rule: 'NO_COERCIVE_MEASURE',
      passed: true,
      citation: `${CITE.coercion}；${itemCitation(chosen.list, chosen.coercionItem)}`,
      detail: `适用条件：${chosen.coercionItem.conditions}。可以不予实施查封、扣押等行政强制措施`,
    });
  }

  const range = tierRange(book.offence, chosen.baseline, chosen.outcome);
  const standard = tierRange(book.offence, chosen.baseline, Tier.STANDARD)!;
  const reference = inYuan(
    book.offence,
    { min: Math.round((standard.min + standard.max) / 2), max: 0 },
    facts.illegalGain,
  );
  const fineRange = range ? inYuan(book.offence, range, facts.illegalGain) : null;
  reasons.push({
    rule: 'BASELINE',
    passed: chosen.baseline !== null,
    citation: chosen.baseline?.source ? `${CITE.art34}；${chosen.baseline.source}` : CITE.art34,
    detail: fineRange
      ? `${TIER_ZH[chosen.outcome]}档罚款幅度：${describeRange(fineRange)}${chosen.baseline ? '' : '（未发布裁量基准，按法定幅度默认划分）'}`
      : '不予处罚，不处罚款',
  });

  const grounds: Ground[] = [...chosen.grounds];
  if (useDecision) grounds.push('DECISION_DATE_RULES');
  if (chosen.coercionItem) grounds.push('NO_COERCIVE_MEASURE');
  if (fineRange && !grounds.includes('BASELINE')) grounds.push('BASELINE');

  const list = chosen.list;
  const item: AppliedItem | null =
    chosen.item && list
      ? {
          id: chosen.item.id,
          number: chosen.item.number,
          kind: chosen.item.kind,
          conditions: chosen.item.conditions,
          listId: list.id,
          listVersion: list.version,
          listTitle: list.title,
        }
      : null;
  // The priors that mattered: those in the look-back window, and the repeat window where it decided.
  const window = grounds.includes('REPEAT')
    ? Math.max(chosen.lookbackMonths, REPEAT_WINDOW_MONTHS)
    : chosen.lookbackMonths;
  const priorCases = priorsWithin(book.priorCases, facts.offenceDate, window);
  const decision: Decision = {
    outcome: chosen.outcome,
    eligible: LENIENT.has(chosen.outcome),
    mandatory: chosen.mandatory,
    grounds,
    item,
    list: list ? { id: list.id, version: list.version, title: list.title } : null,
    rulesAsOf,
    firstOffence: chosen.firstOffence,
    priorCases,
    fineRange,
    referenceFine: reference.unit === FineUnit.YUAN ? reference.min : null,
    baselineId: chosen.baseline?.id ?? null,
    measures: measuresFor(chosen.outcome, chosen.item, chosen.coercionItem),
    reasons,
    summary: '',
  };
  decision.summary = summarize(facts, book.offence, decision);
  return decision;
}

export function describeRange(r: FineRangeValue): string {
  if (r.unit === FineUnit.MULTIPLE_OF_ILLEGAL_GAIN) return `违法所得的${r.min / 100}倍至${r.max / 100}倍`;
  return `${yuan(r.min)}元至${yuan(r.max)}元`;
}

/** One paragraph an officer can paste into a decision document. */
function summarize(facts: Facts, offence: OffenceRule, d: Decision): string {
  const act = `当事人于${facts.offenceDate}${facts.offenceEndDate ? `至${facts.offenceEndDate}` : ''}实施“${offence.title}”的行为，违反了${offence.violatedProvision}的规定`;
  const basis = d.reasons.filter((r) => r.passed && r.rule !== 'ART37' && r.rule !== 'LIST_IN_FORCE');
  const main = basis.find((r) => r.rule !== 'BASELINE' && r.rule !== 'NO_COERCIVE_MEASURE');
  const how =
    d.outcome === Tier.NONE
      ? `依据${main?.citation ?? CITE.art33s1}，${d.mandatory ? '决定不予行政处罚' : '可以不予行政处罚，经裁量决定不予行政处罚'}`
      : `依据${offence.penaltyProvision}${main ? `及${main.citation}` : ''}${d.baselineId ? `和${CITE.art34}规定的裁量基准` : ''}，应予${TIER_ZH[d.outcome]}${d.fineRange ? `，罚款幅度为${describeRange(d.fineRange)}` : ''}`;
  const why = main ? `。${main.detail}` : '';
  const art37 = d.grounds.includes('DECISION_DATE_RULES')
    ? `。根据${CITE.art37}，适用作出决定时（${d.rulesAsOf}）的规定`
    : '';
  const duty = `。同时${d.measures.join('、')}（免罚不免责）。`;
  return `${act}${why}${art37}。${how}${duty}`.replace(/。。/g, '。');
}
