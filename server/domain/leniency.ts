import type { BaselineTierRange } from './baseline';
import { addMonths, addYears, inForce } from './dates';
import {
  AggravatingFactor,
  FineUnit,
  FineWhen,
  Harm,
  LeniencyKind,
  MitigatingFactor,
  NoFaultRule,
  PenaltyKind,
  RuleStatus,
  Tier,
} from './enums';
import { InvalidInput } from './errors';
import {
  DEFAULT_LOOKBACK_MONTHS,
  conditionsConfirmed,
  harmWithin,
  listsInForce,
  lookbackFrom,
  lookbackZh,
  requiresFirstOffence,
  type ItemCondition,
  type ItemRule,
  type ListVersion,
  itemName,
  listName,
} from './lists';
import type { Cents } from './money';
import { AGGRAVATING_PHRASE, HARM_PHRASE, MITIGATING_PHRASE, zhOf, type RuleCode } from './labels';
import {
  BASIS_ZH,
  PENALTY_ZH,
  basisOfUnit,
  statutoryFine,
  tierRanges,
  versionInForce,
  type OffenceVersionRule,
  type Range,
  type StatutoryFine,
  type TierRange,
} from './offence';

export type { ItemCondition, ItemRule, ListVersion } from './lists';
export type { OffenceVersionRule, TierRange } from './offence';
export { DEFAULT_LOOKBACK_MONTHS } from './lists';

/*
 * The eligibility rules of DOMAIN.md, "How the rules combine into one decision". Pure: the
 * caller hands over the offence with its versions, the list versions and baselines, and the
 * enterprise's earlier cases of the same offence; nothing here reads a database or knows GraphQL.
 */

// ------------------------------------------------------------------ inputs

export interface Facts {
  offenceDate: string;
  /** Last day of a continuing act 连续或者继续状态. */
  offenceEndDate: string | null;
  discoveredDate: string;
  /** Whether the discovery date was given, or taken from the decision date. */
  discoveredGiven: boolean;
  decisionDate: string;
  harm: Harm;
  corrected: boolean;
  /** 拒不改正: the officer found that the party did not correct within the order. Never assumed. */
  refusedCorrection: boolean;
  noFaultEvidence: boolean;
  mitigating: readonly MitigatingFactor[];
  aggravating: readonly AggravatingFactor[];
  /** 违法所得 (fen): confiscated where there is some (行政处罚法 Art. 28 ¶2). */
  illegalGain: Cents | null;
  /** The amount of the version's fine basis (fen); for ILLEGAL_GAIN the gain itself. */
  basisAmount: Cents | null;
  /** 情节严重: the officer found the clause's serious circumstances. */
  seriousCircumstances: boolean;
  /** LeniencyItemCondition ids the officer confirms. */
  confirmedConditions: readonly number[];
  /** The officer's choice where the law leaves one: LIGHTER or MITIGATED under Art. 32; a tier above NONE declines a 可以 no-penalty. */
  officerChoice: Tier | null;
}

/** What a caller may leave out; `buildFacts` fills it in the one way both the check and a case use. */
export interface FactsInput {
  offenceDate: string;
  offenceEndDate?: string | null;
  discoveredDate?: string | null;
  decisionDate?: string | null;
  harm: Harm;
  corrected: boolean;
  refusedCorrection?: boolean | null;
  noFaultEvidence?: boolean | null;
  mitigating?: readonly MitigatingFactor[] | null;
  aggravating?: readonly AggravatingFactor[] | null;
  illegalGain?: Cents | null;
  basisAmount?: Cents | null;
  seriousCircumstances?: boolean | null;
  confirmedConditions?: readonly number[] | null;
  officerChoice?: Tier | null;
}

/**
 * The facts with their defaults (DOMAIN.md: "one function builds the facts, defaults included,
 * for both"): the decision is dated today unless given; discovery, where not given, is taken
 * as the decision date; refusal to correct is the absence of correction.
 */
export function buildFacts(input: FactsInput, today: string): Facts {
  validateFacts(input);
  const decisionDate = input.decisionDate ?? today;
  const discoveredDate = input.discoveredDate ?? decisionDate;
  if (input.corrected && input.refusedCorrection)
    throw new InvalidInput(
      'refusedCorrection',
      '已及时改正的当事人不能同时认定为拒不改正',
      'a party that corrected in time cannot also have refused to correct',
    );
  // 拒不改正 as an aggravating circumstance says the same as refusedCorrection: not beside 已及时改正.
  if (input.corrected && input.aggravating?.includes(AggravatingFactor.REFUSED_CORRECTION))
    throw new InvalidInput(
      'aggravating',
      '已及时改正的当事人不能同时具有“拒不改正”的从重情形',
      'a party that corrected in time cannot also have refused to correct (aggravating REFUSED_CORRECTION)',
    );
  if (input.officerChoice !== null && input.officerChoice !== undefined && input.officerChoice === Tier.NONE)
    throw new InvalidInput(
      'officerChoice',
      '执法人员的选择只能是从轻、减轻或者不适用可以不予处罚后的处罚档次，不予处罚由规则决定',
      'officerChoice names a tier above NONE; no penalty follows from the rules',
    );
  const basisAmount = input.basisAmount ?? null;
  return {
    offenceDate: input.offenceDate,
    offenceEndDate: input.offenceEndDate ?? null,
    discoveredDate,
    discoveredGiven: Boolean(input.discoveredDate),
    decisionDate,
    harm: input.harm,
    corrected: input.corrected,
    refusedCorrection: input.refusedCorrection ?? false,
    noFaultEvidence: input.noFaultEvidence ?? false,
    mitigating: [...new Set(input.mitigating ?? [])],
    aggravating: [...new Set(input.aggravating ?? [])],
    illegalGain: input.illegalGain ?? null,
    basisAmount,
    seriousCircumstances: input.seriousCircumstances ?? false,
    confirmedConditions: [...new Set(input.confirmedConditions ?? [])],
    officerChoice: input.officerChoice ?? null,
  };
}

export interface OffenceRule {
  id: number;
  code: string;
  title: string;
  violatedProvision: string;
  penaltyProvision: string;
  /** 行政处罚法 Art. 36: life/health or financial safety, five years where harm ensued. */
  lifeHealthFinance: boolean;
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
  /** False where the reader may not see the case: it counts, but its number is not named. */
  visible?: boolean;
}

export interface RuleBook {
  offence: OffenceRule;
  /** The offence's statutory versions. */
  versions: readonly OffenceVersionRule[];
  /** Every list version of every series (drafts too: the engine itself ignores them). */
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
  | 'NOT_AN_OFFENCE'
  | 'TIME_BARRED'
  | 'NO_FAULT'
  | 'CORRECTED_ON_ORDER'
  | 'ORDER_TO_CORRECT'
  | 'MINOR_NO_HARM'
  | 'FIRST_OFFENCE'
  | 'DISCRETION_DECLINED'
  | 'ART32'
  | 'LIST_ITEM'
  | 'BASELINE'
  | 'REPEAT'
  | 'AGGRAVATED'
  | 'SERIOUS'
  | 'NO_COERCIVE_MEASURE'
  | 'DECISION_DATE_RULES';

export interface Reason {
  rule: RuleCode;
  /** Whether the rule took effect as the rule is worded (TIME_LIMIT: the act is time-barred). */
  passed: boolean;
  /**
   * 符合 / 不符合 / 不适用, as a lawyer reads the trace: whether the requirement the rule names is
   * met (TIME_LIMIT: the act is still within the limitation period), or the rule does not apply.
   * The detail says why in words.
   */
  status: RuleStatus;
  citation: string;
  detail: string;
}

const { MET, NOT_MET, NOT_APPLICABLE } = RuleStatus;
const metIf = (ok: boolean) => (ok ? MET : NOT_MET);

/**
 * The state of a reason stored before `status` existed: TIME_LIMIT's requirement (within time) is
 * the opposite of its `passed` (barred); the others read as `passed` says.
 */
export function statusOf(r: Pick<Reason, 'rule' | 'passed'> & { status?: RuleStatus | null }): RuleStatus {
  if (r.status) return r.status;
  return r.rule === 'TIME_LIMIT' ? metIf(!r.passed) : metIf(r.passed);
}

export type FineRangeValue = Range;

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
  /** The list version of the item that applied; else the first list in force on rulesAsOf. */
  list: { id: number; version: string; title: string } | null;
  rulesAsOf: string;
  /** The offence version whose clause applied. */
  offenceVersionId: number | null;
  firstOffence: boolean;
  priorCases: PriorCase[];
  fineRange: FineRangeValue | null;
  /** Every range the officer may choose from (Art. 32: 从轻 and 减轻; a 可以 no-penalty: NONE and the range if declined). */
  ranges: TierRange[];
  /** The penalties of the outcome in words (罚款…, 没收违法所得, 警告, …). */
  penalties: string[];
  /** Midpoint of the STANDARD tier, in fen where computable: the reference for relief. */
  referenceFine: Cents | null;
  baselineId: number | null;
  measures: string[];
  reasons: Reason[];
  /** Conditions of more favourable items that the officer has not confirmed ("why not"). */
  unconfirmed: (ItemCondition & { itemId: number })[];
  /** Every item of every series in force that lists the offence, applied or not. */
  candidates: AppliedItem[];
  /** Points the officer should weigh; never decide, never contradict the facts used. */
  advisories: string[];
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
export const LENIENT: ReadonlySet<Tier> = new Set([Tier.NONE, Tier.MITIGATED, Tier.LIGHTER]);

export const TIER_ZH = zhOf('Tier');
export const KIND_ZH = zhOf('LeniencyKind');
export const HARM_ZH = HARM_PHRASE;
const MITIGATING_ZH = MITIGATING_PHRASE;
const AGGRAVATING_ZH = AGGRAVATING_PHRASE;

const LAW = '《中华人民共和国行政处罚法》';
const CITE = {
  art28: `${LAW}第二十八条第二款`,
  art32: `${LAW}第三十二条`,
  art33s1: `${LAW}第三十三条第一款第一句`,
  art33s2: `${LAW}第三十三条第一款第二句`,
  art33s3: `${LAW}第三十三条第二款`,
  art34: `${LAW}第三十四条`,
  art36: `${LAW}第三十六条`,
  art37: `${LAW}第三十七条`,
  coercion: '《中华人民共和国行政强制法》第十六条第二款',
};

/** DOMAIN.md rule 7: two or more prior cases of the same offence within 24 months are REPEAT. */
export const REPEAT_WINDOW_MONTHS = 24;
export const REPEAT_THRESHOLD = 2;

/** 12,345.60: yuan with thousands separators and two decimals (exact for integer fen). */
export function yuan(cents: Cents): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** A relief amount 减免金额 (DOMAIN.md): lenient cases under a list item only; no fine imposed counts as 0. */
export function reliefOf(c: {
  outcome: Tier | null | undefined;
  itemId: number | null | undefined;
  referenceFine: Cents | null | undefined;
  fine: Cents | null | undefined;
}): Cents | null {
  if (!c.outcome || !LENIENT.has(c.outcome) || !c.itemId) return null;
  if (c.referenceFine === null || c.referenceFine === undefined) return null;
  return Math.max(0, c.referenceFine - (c.fine ?? 0));
}

// ------------------------------------------------------------------ the rules

/** 行政处罚法 Art. 36 (or the offence's own period): the limitation period and whether it ran out before discovery. */
export function limitation(
  facts: Pick<Facts, 'offenceDate' | 'offenceEndDate' | 'discoveredDate' | 'harm'>,
  offence: Pick<OffenceRule, 'lifeHealthFinance'>,
  version?: Pick<OffenceVersionRule, 'limitationYears' | 'limitationCitation'> | null,
): { start: string; years: number; expires: string; barred: boolean; citation: string } {
  const start = facts.offenceEndDate ?? facts.offenceDate;
  const own = version?.limitationYears ?? null;
  const years = own ?? (offence.lifeHealthFinance && facts.harm !== Harm.NONE ? 5 : 2);
  const citation = own !== null ? (version?.limitationCitation ?? CITE.art36) : CITE.art36;
  const expires = addYears(start, years);
  return { start, years, expires, barred: facts.discoveredDate > expires, citation };
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

/** Prior cases with act dates in [from, act) (from null: since records began). */
export function priorsSince(priors: readonly PriorCase[], actDate: string, from: string | null): PriorCase[] {
  return priors.filter((p) => (from === null || p.offenceDate >= from) && p.offenceDate < actDate);
}

/** Prior cases with act dates in [act − months, act). */
export function priorsWithin(priors: readonly PriorCase[], actDate: string, months: number): PriorCase[] {
  return priorsSince(priors, actDate, addMonths(actDate, -months));
}

const caseLabel = (p: PriorCase) => (p.visible === false ? '（其他部门案件）' : p.caseNumber);
const caseLabels = (ps: readonly PriorCase[]) => ps.map(caseLabel).join('、');

/** 《title》（3.0版）第19项（首违不罚）: how the reasons, the summary and the documents cite an item. */
export function itemCitation(
  list: Pick<ListVersion, 'title' | 'version'>,
  item: Pick<ItemRule, 'number' | 'kind'>,
): string {
  return `${itemName(list, item.number)}（${KIND_ZH[item.kind]}）`;
}

/** How favourable an item's outcome is: lower is better. */
const KIND_RANK: Record<LeniencyKind, number> = {
  NO_PENALTY: 0,
  FIRST_OFFENCE_NO_PENALTY: 1,
  MITIGATED: 2,
  LIGHTER: 3,
  NO_COERCIVE_MEASURE: 9,
};

interface ItemAssessment {
  item: ItemRule;
  list: ListVersion;
  ok: boolean;
  /** Only unconfirmed 适用条件 stand in the way. */
  onlyUnconfirmed: boolean;
  unconfirmed: ItemCondition[];
  firstOffence: boolean | null;
  window: { from: string | null; priors: PriorCase[] } | null;
  detail: string;
}

function assess(
  item: ItemRule,
  list: ListVersion,
  facts: Facts,
  priors: readonly PriorCase[],
): ItemAssessment {
  const actDate = facts.offenceDate;
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
  let firstOffence: boolean | null = null;
  let window: ItemAssessment['window'] = null;
  if (requiresFirstOffence(item)) {
    const from = lookbackFrom(item, actDate);
    const inWindow = priorsSince(priors, actDate, from);
    firstOffence = inWindow.length === 0;
    window = { from, priors: inWindow };
    const span = from === null ? `${actDate}前` : `${from}至${actDate}前`;
    parts.unshift(
      firstOffence
        ? `${span}无同一违法行为的案件记录，属首次违法（${lookbackZh(item)}）`
        : `${span}已有同一违法行为的案件${caseLabels(inWindow)}，不属首次违法（${lookbackZh(item)}）`,
    );
  }
  const confirmed = conditionsConfirmed(item, new Set(facts.confirmedConditions));
  if (item.conditionList.length)
    parts.push(
      confirmed.ok
        ? `已确认适用条件${item.conditionMatch === 'ANY' ? '之一' : ''}`
        : `尚待确认：${confirmed.unconfirmed.map((c) => `（${c.number}）${c.text}`).join('；')}`,
    );
  const factsOk = harmOk && corrOk && firstOffence !== false;
  return {
    item,
    list,
    ok: factsOk && confirmed.ok,
    onlyUnconfirmed: factsOk && !confirmed.ok,
    unconfirmed: confirmed.unconfirmed,
    firstOffence,
    window,
    detail: parts.join('；'),
  };
}

interface Evaluation {
  date: string;
  version: OffenceVersionRule | null;
  outcome: Tier;
  mandatory: boolean;
  grounds: Ground[];
  item: ItemAssessment | null;
  lists: ListVersion[];
  assessed: ItemAssessment[];
  baseline: BaselineRule | null;
  firstOffence: boolean;
  firstWindow: { from: string | null; priors: PriorCase[] };
  reasons: Reason[];
  coercion: ItemAssessment | null;
  /** The tiers the officer may choose from, in order of the rules. */
  choices: Tier[];
  /** Penalties that follow from the rule itself (no-fault exemption's confiscation). */
  extraPenalties: PenaltyKind[];
  ranges: Map<Tier, TierRange>;
  /** The statutory range for these facts (null where the clause sets no fine). */
  fine: StatutoryFine | null;
}

/** Rules 1–7 with the offence version, lists and baseline in force on `date`. */
function evaluate(facts: Facts, book: RuleBook, date: string, declineDiscretion: boolean): Evaluation {
  const reasons: Reason[] = [];
  const version = versionInForce(book.versions, date);
  const lists = listsInForce(book.lists, date);
  const listById = new Map(lists.map((l) => [l.id, l]));
  const baseline = baselineInForce(book.baselines, date);
  const assessed = book.items
    .filter((i) => listById.has(i.listId))
    .map((i) => assess(i, listById.get(i.listId)!, facts, book.priorCases))
    .sort(
      (a, b) =>
        KIND_RANK[a.item.kind] - KIND_RANK[b.item.kind] ||
        a.list.seriesId - b.list.seriesId ||
        a.item.number - b.item.number,
    );
  const firstItems = assessed.filter((a) => a.item.kind === LeniencyKind.FIRST_OFFENCE_NO_PENALTY);
  const firstWindow = firstItems.find((a) => a.ok)?.window ??
    firstItems[0]?.window ?? {
      from: addMonths(facts.offenceDate, -DEFAULT_LOOKBACK_MONTHS),
      priors: priorsWithin(book.priorCases, facts.offenceDate, DEFAULT_LOOKBACK_MONTHS),
    };
  const coercion = assessed.find((a) => a.item.kind === LeniencyKind.NO_COERCIVE_MEASURE && a.ok) ?? null;
  const serious = facts.seriousCircumstances;
  const fine = version ? statutoryFine(version, basisOf(facts, version), serious) : null;
  let ranges = version
    ? tierRanges(version, fine, baseline?.tiers ?? null, serious)
    : new Map<Tier, TierRange>();
  // Illegal gain is confiscated where there is some, and only then (Art. 28 ¶2).
  const gain = hasGain(facts, version);
  const dropGainIfNone = () => {
    for (const r of ranges.values())
      r.penaltyKinds = r.penaltyKinds.filter((k) => gain || k !== PenaltyKind.CONFISCATE_ILLEGAL_GAIN);
  };
  dropGainIfNone();
  const result = (
    outcome: Tier,
    mandatory: boolean,
    grounds: Ground[],
    item: ItemAssessment | null,
    choices: Tier[] = [outcome],
    extraPenalties: PenaltyKind[] = [],
  ): Evaluation => ({
    date,
    version,
    outcome,
    mandatory,
    grounds,
    item,
    lists,
    assessed,
    baseline,
    firstOffence: firstWindow.priors.length === 0,
    firstWindow,
    reasons,
    coercion,
    choices,
    extraPenalties,
    ranges,
    fine,
  });

  // 0. 法不溯及既往 and repeal: no clause in force on this date, no penalty (行政处罚法 Art. 37).
  if (!version) {
    reasons.push({
      rule: 'OFFENCE_IN_FORCE',
      passed: true,
      status: MET,
      citation: CITE.art37,
      detail: `${date}无施行中的处罚规定，该行为依当日的规定不予处罚`,
    });
    return result(Tier.NONE, true, ['NOT_AN_OFFENCE'], null);
  }

  // 1. 时效 (Art. 36, or the offence's own period)
  const lim = limitation(facts, book.offence, version);
  reasons.push({
    rule: 'TIME_LIMIT',
    passed: lim.barred,
    // Art. 36 is met while the act can still be penalised: a case within time is 符合, never 不适用.
    status: metIf(!lim.barred),
    citation: lim.citation,
    detail: `追责期限${lim.years}年，自${facts.offenceEndDate ? '行为终了之日' : '违法行为发生之日'}${lim.start}起算，至${lim.expires}届满；违法行为于${facts.discoveredDate}被发现${facts.discoveredGiven ? '' : '（未填写发现日期，以决定日期计）'}，${lim.barred ? '已超过追责期限，不再给予行政处罚' : '未超过追责期限'}`,
  });
  if (lim.barred) return result(Tier.NONE, true, ['TIME_BARRED'], null);

  // 2. 无主观过错 (Art. 33 ¶2, unless a law provides otherwise)
  const noFault = version.noFaultRule;
  const noFaultCitation =
    noFault === NoFaultRule.NO_PENALTY ? CITE.art33s3 : (version.noFaultCitation ?? CITE.art33s3);
  reasons.push({
    rule: 'NO_FAULT',
    passed: facts.noFaultEvidence && noFault !== NoFaultRule.NOT_EXEMPT,
    // No evidence: the requirement of Art. 33 ¶2 is not met. A special law that excludes the
    // exemption (法律、行政法规另有规定的，从其规定): Art. 33 ¶2 does not apply at all.
    status: !facts.noFaultEvidence ? NOT_MET : noFault === NoFaultRule.NOT_EXEMPT ? NOT_APPLICABLE : MET,
    citation: noFaultCitation,
    detail: !facts.noFaultEvidence
      ? '当事人未提出足以证明没有主观过错的证据'
      : noFault === NoFaultRule.NO_PENALTY
        ? '当事人有证据足以证明没有主观过错，不予行政处罚'
        : noFault === NoFaultRule.MAY_EXEMPT
          ? `当事人有证据足以证明没有主观过错；依${noFaultCitation}，可以免予处罚${version.noFaultPenaltyKinds.length ? `，但应当${version.noFaultPenaltyKinds.map((k) => PENALTY_ZH[k]).join('、')}` : ''}`
          : `当事人提出没有主观过错的证据，但${noFaultCitation}另有规定，不因此免予处罚`,
  });
  if (facts.noFaultEvidence && noFault === NoFaultRule.NO_PENALTY)
    return result(Tier.NONE, true, ['NO_FAULT'], null);
  if (facts.noFaultEvidence && noFault === NoFaultRule.MAY_EXEMPT && !declineDiscretion)
    return result(Tier.NONE, false, ['NO_FAULT'], null, [Tier.NONE], [...version.noFaultPenaltyKinds]);

  // 3. 拒不改正的，处…罚款: until the officer finds a refusal, the order to correct is the outcome
  // (with the clause's other penalties, e.g. 食品安全法 Art. 126 "责令改正，给予警告").
  if (version.fineWhen === FineWhen.ON_REFUSAL_TO_CORRECT) {
    const refused = facts.refusedCorrection;
    const others = version.penaltyKinds.map((k) => PENALTY_ZH[k]).join('、');
    reasons.push({
      rule: 'FINE_ON_REFUSAL',
      passed: !refused,
      status: metIf(!refused),
      citation: version.citation ?? book.offence.penaltyProvision,
      detail: `该违法行为由行政机关责令改正${others ? `，给予${others}` : ''}，拒不改正或者逾期不改正的方处罚款；${
        refused
          ? '经认定当事人拒不改正，依法处以罚款'
          : facts.corrected
            ? '当事人已按要求改正，依法不得处以罚款'
            : '尚未认定当事人拒不改正（未经责令或者改正期限未届满），依法不得处以罚款，应当责令改正'
      }`,
    });
    if (!refused) {
      // Without gain there is nothing to confiscate: the order to correct is then the whole outcome.
      if (!version.penaltyKinds.some((k) => gain || k !== PenaltyKind.CONFISCATE_ILLEGAL_GAIN))
        return result(Tier.NONE, true, [facts.corrected ? 'CORRECTED_ON_ORDER' : 'ORDER_TO_CORRECT'], null);
      // The fine is out; the other penalties of the clause still decide the tiers.
      ranges = tierRanges(version, null, null, serious);
      dropGainIfNone();
    }
  }

  reasons.push({
    rule: 'LIST_IN_FORCE',
    passed: lists.length > 0,
    // No list in force, or the act is on none of them: the lists do not apply to it (不适用清单).
    status: assessed.length ? MET : NOT_APPLICABLE,
    citation: lists.length ? lists.map(listName).join('、') : '免罚轻罚清单',
    detail: lists.length
      ? `${date}施行的清单：${lists.map((l) => `${listName(l)}（${l.effectiveFrom}起施行）`).join('、')}；该违法行为${assessed.length ? `列于${assessed.map((a) => itemCitation(a.list, a.item)).join('、')}` : '未列入上述清单'}`
      : `${date}无已发布施行的免罚轻罚清单`,
  });

  // 4. 轻微违法不予处罚 (Art. 33 ¶1 s.1: 不予) and 首违不罚 (s.2: 可以), across every series.
  for (const a of assessed.filter((x) => x.item.kind === LeniencyKind.NO_PENALTY))
    reasons.push({
      rule: 'MINOR_NO_HARM',
      passed: a.ok,
      status: metIf(a.ok),
      citation: `${CITE.art33s1}；${itemCitation(a.list, a.item)}`,
      detail: `适用条件：${a.item.conditions}。${a.detail}`,
    });
  const noPenalty = assessed.find((x) => x.item.kind === LeniencyKind.NO_PENALTY && x.ok);
  if (noPenalty) return result(Tier.NONE, true, ['MINOR_NO_HARM', 'LIST_ITEM'], noPenalty);
  for (const a of firstItems)
    reasons.push({
      rule: 'FIRST_OFFENCE',
      passed: a.ok,
      status: metIf(a.ok),
      citation: `${CITE.art33s2}；${itemCitation(a.list, a.item)}`,
      detail: `适用条件：${a.item.conditions}。${a.detail}`,
    });
  // An act listed only under items with no first-offence window (不予处罚 for minor acts, 从轻,
  // 减轻): the list's 首违不罚 does not apply to it (Art. 33 ¶1 s.2 outside the list: an advisory).
  if (!firstItems.length && assessed.some((a) => a.item.kind !== LeniencyKind.NO_COERCIVE_MEASURE))
    reasons.push({
      rule: 'FIRST_OFFENCE',
      passed: false,
      status: NOT_APPLICABLE,
      citation: CITE.art33s2,
      detail: `该违法行为列于${assessed.map((a) => itemCitation(a.list, a.item)).join('、')}，均非首违不罚事项，清单未规定首次违法的回溯期，首违不罚不适用`,
    });
  const first = firstItems.find((a) => a.ok);
  if (first && !declineDiscretion) return result(Tier.NONE, false, ['FIRST_OFFENCE', 'LIST_ITEM'], first);
  const declined: Ground[] =
    first || (facts.noFaultEvidence && noFault === NoFaultRule.MAY_EXEMPT) ? ['DISCRETION_DECLINED'] : [];

  const mitigatedItem = assessed.find((x) => x.item.kind === LeniencyKind.MITIGATED && x.ok) ?? null;
  const lighterItem = assessed.find((x) => x.item.kind === LeniencyKind.LIGHTER && x.ok) ?? null;

  // 5. 应当从轻或者减轻 (Art. 32): both ranges; the officer chooses unless an item makes it 减轻.
  reasons.push({
    rule: 'ART32',
    passed: facts.mitigating.length > 0,
    status: metIf(facts.mitigating.length > 0),
    citation: CITE.art32,
    detail: facts.mitigating.length
      ? `当事人${facts.mitigating.map((m) => MITIGATING_ZH[m]).join('、')}，应当从轻或者减轻处罚`
      : '无第三十二条规定的从轻、减轻情形',
  });
  if (facts.mitigating.length) {
    if (mitigatedItem) {
      reasons.push(itemReason(mitigatedItem));
      return result(Tier.MITIGATED, true, [...declined, 'ART32', 'LIST_ITEM'], mitigatedItem, [
        Tier.MITIGATED,
      ]);
    }
    const chosen = facts.officerChoice === Tier.MITIGATED ? Tier.MITIGATED : Tier.LIGHTER;
    return result(chosen, true, [...declined, 'ART32'], null, [Tier.LIGHTER, Tier.MITIGATED]);
  }

  // 6. 清单从轻、减轻事项
  for (const a of assessed.filter(
    (x) => x.item.kind === LeniencyKind.MITIGATED || x.item.kind === LeniencyKind.LIGHTER,
  ))
    reasons.push(itemReason(a));
  const listed = mitigatedItem ?? lighterItem;
  if (listed)
    return result(
      listed.item.kind === LeniencyKind.MITIGATED ? Tier.MITIGATED : Tier.LIGHTER,
      true,
      [...declined, 'LIST_ITEM'],
      listed,
    );

  // 7. 一般或者从重
  const repeats = priorsWithin(book.priorCases, facts.offenceDate, REPEAT_WINDOW_MONTHS);
  const repeat = repeats.length >= REPEAT_THRESHOLD;
  const aggravating = new Set(facts.aggravating);
  if (repeat) aggravating.add(AggravatingFactor.REPEAT);
  // Where the fine itself presupposes refusal, refusal is the offence, not an aggravation of it.
  if (version.fineWhen === FineWhen.ON_REFUSAL_TO_CORRECT)
    aggravating.delete(AggravatingFactor.REFUSED_CORRECTION);
  reasons.push({
    rule: 'AGGRAVATING',
    passed: aggravating.size > 0,
    status: metIf(aggravating.size > 0),
    // Only a published baseline is a basis for a penalty (行政处罚法 Art. 5 ¶3, Art. 34).
    citation: baseline?.source
      ? `${CITE.art34}；${baseline.source}`
      : aggravating.size
        ? '未公布裁量基准：从重情形须经法制审核（行政处罚法第五条第三款、第五十八条）'
        : CITE.art34,
    detail: aggravating.size
      ? `具有从重情形：${[...aggravating].map((a) => AGGRAVATING_ZH[a]).join('、')}${repeat ? `（${REPEAT_WINDOW_MONTHS}个月内同一违法行为已有${repeats.length}起案件：${caseLabels(repeats)}）` : ''}`
      : '无从重情形，按一般情形处罚',
  });
  const grounds: Ground[] = [...declined, 'BASELINE'];
  if (repeat) grounds.push('REPEAT');
  if (aggravating.size) grounds.push('AGGRAVATED');
  // The statute's own word carries through: "可以处…罚款" leaves the penalty to the agency; the
  // serious band has its own ("情节严重的，处…" is mandatory even after a "可以处", 税收征管法 Art. 60).
  const seriousBand = serious && version.seriousMin !== null && version.seriousMax !== null;
  const discretionary = seriousBand ? version.seriousDiscretionary : version.fineDiscretionary;
  return result(aggravating.size ? Tier.HEAVIER : Tier.STANDARD, !discretionary, grounds, null);
}

function itemReason(a: ItemAssessment): Reason {
  return {
    rule: 'LIST_ITEM',
    passed: a.ok,
    status: metIf(a.ok),
    citation: itemCitation(a.list, a.item),
    detail: `适用条件：${a.item.conditions}。${a.detail}`,
  };
}

/** The basis amount the version multiplies: given, or the illegal gain for an ILLEGAL_GAIN basis. */
function basisOf(facts: Facts, version: OffenceVersionRule): Cents | null {
  if (facts.basisAmount !== null) return facts.basisAmount;
  return version.fineBasis === 'ILLEGAL_GAIN' ? facts.illegalGain : null;
}

function hasGain(facts: Facts, version: OffenceVersionRule | null): boolean {
  const gain = facts.illegalGain ?? (version?.fineBasis === 'ILLEGAL_GAIN' ? facts.basisAmount : null);
  return gain !== null && gain > 0;
}

/** Severity for Art. 37: NONE 应当 < NONE 可以 < MITIGATED < LIGHTER < STANDARD < HEAVIER, then the lower range. */
function severity(e: Evaluation): number[] {
  const rank = e.outcome === Tier.NONE ? (e.mandatory ? 0 : 1) : TIER_ORDER.indexOf(e.outcome) + 1;
  const r = e.outcome === Tier.NONE ? null : (e.ranges.get(e.outcome) ?? null);
  return [rank, r?.max ?? 0, r?.min ?? 0];
}

function lighter(a: Evaluation, b: Evaluation): boolean {
  const [sa, sb] = [severity(a), severity(b)];
  const ra = a.ranges.get(a.outcome);
  const rb = b.ranges.get(b.outcome);
  // Ranges in different units (yuan against an unknown basis's multiples) do not compare.
  const comparable = sa[0] !== sb[0] || !ra || !rb || ra.unit === rb.unit;
  for (let i = 0; i < (comparable ? 3 : 1); i++) if (sa[i] !== sb[i]) return sa[i] < sb[i];
  return false;
}

/** The evaluation for a date, with the officer's choice of declining a 可以 no-penalty applied. */
function evaluateWithChoice(
  facts: Facts,
  book: RuleBook,
  date: string,
): { e: Evaluation; declined: Evaluation | null } {
  const e = evaluate(facts, book, date, false);
  if (e.outcome !== Tier.NONE || e.mandatory) return { e, declined: null };
  const declined = evaluate(facts, book, date, true);
  return facts.officerChoice && facts.officerChoice !== Tier.NONE
    ? { e: declined, declined }
    : { e, declined };
}

function measuresFor(e: Evaluation): string[] {
  // Not an offence, or no longer punishable: no order and no education follow (Art. 28 ¶1 orders
  // correction when a penalty is imposed; Art. 33 ¶3 education where a 违法行为 goes unpunished).
  if (e.grounds.includes('NOT_AN_OFFENCE') || e.grounds.includes('TIME_BARRED')) return [];
  // An order to correct is the outcome itself where the fine awaits a refusal.
  if (e.grounds.includes('CORRECTED_ON_ORDER') || e.grounds.includes('ORDER_TO_CORRECT')) return ['责令改正'];
  // 免罚不免责: correction is always ordered (Art. 28); no penalty means education (Art. 33 ¶3).
  const measures = [...(e.item?.item.measures ?? [])];
  if (!measures.some((m) => m.startsWith('责令'))) measures.unshift('责令改正');
  if (e.outcome === Tier.NONE && !measures.some((m) => m.includes('教育') || m.includes('约谈')))
    measures.push('批评教育');
  for (const m of e.coercion?.item.measures ?? []) if (!measures.includes(m)) measures.push(m);
  return measures;
}

function penaltiesFor(e: Evaluation, facts: Facts): string[] {
  const out: string[] = [];
  const kinds: PenaltyKind[] = [...e.extraPenalties];
  const range = e.outcome === Tier.NONE ? null : (e.ranges.get(e.outcome) ?? null);
  if (range) {
    if (range.max > 0) out.push(`罚款${describeRange(range)}`);
    kinds.push(...range.penaltyKinds);
  }
  // Art. 28 ¶2: illegal gain 应当予以没收, with every outcome that carries a penalty.
  if (e.outcome !== Tier.NONE && hasGain(facts, e.version)) kinds.push(PenaltyKind.CONFISCATE_ILLEGAL_GAIN);
  for (const k of kinds) if (!out.includes(PENALTY_ZH[k])) out.push(PENALTY_ZH[k]);
  return out;
}

function advisoriesFor(e: Evaluation, facts: Facts, book: RuleBook): string[] {
  if (e.outcome === Tier.NONE) return [];
  const out: string[] = [];
  // Art. 33 ¶1 s.1 asks no first offence: an item that adds one (and failed on it) does not silence it.
  const listedNoPenalty = e.assessed.some(
    (a) => a.item.kind === LeniencyKind.NO_PENALTY && a.firstOffence !== false,
  );
  const failedOnFirst = e.assessed.some(
    (a) => a.item.kind === LeniencyKind.NO_PENALTY && a.firstOffence === false,
  );
  if (!listedNoPenalty && facts.harm === Harm.NONE && facts.corrected)
    out.push(
      `${failedOnFirst ? '清单所列轻微违法不予处罚事项以首次被发现为条件，当事人不符合；但第三十三条第一款第一句不以初次违法为条件，' : '本违法行为未列入轻微违法不予处罚事项；'}当事人没有造成危害后果并已及时改正，若认定违法行为轻微，应当不予行政处罚（${CITE.art33s1}）`,
    );
  const recent = priorsWithin(book.priorCases, facts.offenceDate, REPEAT_WINDOW_MONTHS);
  const listedFirst = e.assessed.some((a) => a.item.kind === LeniencyKind.FIRST_OFFENCE_NO_PENALTY);
  if (!listedFirst && recent.length === 0 && harmWithin(facts.harm, Harm.MINOR) && facts.corrected)
    out.push(
      `本违法行为未列入首违不罚事项；当事人${REPEAT_WINDOW_MONTHS}个月内无同一违法行为的案件记录，危害后果轻微并已及时改正，可以不予行政处罚（${CITE.art33s2}，清单外裁量须说明理由）`,
    );
  return out;
}

/**
 * Decides one case. Art. 37 (从旧兼从轻): the rules in force on the act date (its end, for a
 * continuing act: offence version, lists, baselines) and on the decision date are both
 * applied; the lighter consequence wins and, on a tie, the act date's rules.
 */
export function decide(facts: Facts, book: RuleBook): Decision {
  const actDate = facts.offenceEndDate ?? facts.offenceDate;
  const sameDay = facts.decisionDate === actDate;
  // Art. 37 compares only where the rules changed between the two dates: the same offence version,
  // list items and baseline on both (or one date) leave nothing to compare: 不适用, not 不符合.
  // Nor is the decision date then evaluated: it would give the same consequence.
  const changed = !sameDay && !sameRulesInForce(book, actDate, facts.decisionDate);
  const atAct = evaluateWithChoice(facts, book, actDate);
  const atDecision = changed ? evaluateWithChoice(facts, book, facts.decisionDate) : atAct;
  const useDecision = changed && lighter(atDecision.e, atAct.e);
  const { e: chosen, declined } = useDecision ? atDecision : atAct;
  const rulesAsOf = useDecision ? facts.decisionDate : actDate;
  const act = facts.offenceEndDate ? '终了' : '发生';

  const reasons = [...chosen.reasons];
  reasons.push({
    rule: 'ART37',
    passed: useDecision,
    status: changed ? metIf(useDecision) : NOT_APPLICABLE,
    // The statute changed: Art. 37 itself; only a list or baseline changed: by analogy (参照).
    citation: atAct.e.version?.id !== atDecision.e.version?.id ? CITE.art37 : `参照${CITE.art37}`,
    detail: sameDay
      ? `违法行为${act}与作出决定为同一日，不存在新旧规定的比较，适用${actDate}施行的规定`
      : !changed
        ? `违法行为${act}时（${actDate}）与作出决定时（${facts.decisionDate}）施行的处罚规定、清单事项和裁量基准相同，不存在新旧规定的比较，适用${actDate}施行的规定`
        : `按违法行为${act}时（${actDate}）的规定为${consequenceZh(atAct.e)}，按作出决定时（${facts.decisionDate}）的规定为${consequenceZh(atDecision.e)}，${useDecision ? '从轻适用作出决定时的规定' : `适用违法行为${act}时的规定`}`,
  });

  // Art. 33 s.2 outside the list: pointed out, never assumed (kept as a reason for the record).
  const advisories = advisoriesFor(chosen, facts, book);
  if (advisories.some((a) => a.includes(CITE.art33s2)))
    reasons.push({
      rule: 'ART33_DISCRETION',
      passed: false,
      // The statutory conditions of s.2 hold; applying it outside the list is the officer's call.
      status: MET,
      citation: CITE.art33s2,
      detail:
        '本违法行为未列入首违不罚清单；但当事人无同一违法行为的近期记录且危害后果轻微并及时改正，依法仍可以由执法人员裁量决定不予行政处罚（清单外裁量，须另行说明理由）',
    });

  // Items of every series are consulted together: those that did not decide are named too.
  const decidedBeforeLists = [
    'NOT_AN_OFFENCE',
    'TIME_BARRED',
    'NO_FAULT',
    'CORRECTED_ON_ORDER',
    'ORDER_TO_CORRECT',
  ].some((g) => chosen.grounds.includes(g as Ground));
  for (const a of decidedBeforeLists ? [] : chosen.assessed) {
    if (a === chosen.item || a.item.kind === LeniencyKind.NO_COERCIVE_MEASURE) continue;
    const citation = itemCitation(a.list, a.item);
    if (reasons.some((r) => r.citation.endsWith(citation))) continue;
    reasons.push({
      rule: 'CANDIDATE',
      passed: a.ok,
      status: metIf(a.ok),
      citation,
      detail: `该违法行为同时列入本项（适用条件：${a.item.conditions}）；${a.ok ? '条件亦成立，' : `条件不成立（${a.detail}），`}${chosen.item ? `适用更有利的${itemCitation(chosen.item.list, chosen.item.item)}` : '未适用'}`,
    });
  }

  if (chosen.coercion)
    reasons.push({
      rule: 'NO_COERCIVE_MEASURE',
      passed: true,
      status: MET,
      citation: `${CITE.coercion}；${itemCitation(chosen.coercion.list, chosen.coercion.item)}`,
      detail: `适用条件：${chosen.coercion.item.conditions}。可以不予实施查封、扣押等行政强制措施`,
    });

  if (declined && chosen === declined)
    reasons.push({
      rule: 'DISCRETION',
      passed: false,
      // The officer exercised the discretion the law leaves (declined a 可以 no-penalty).
      status: MET,
      citation: chosen.item ? itemCitation(chosen.item.list, chosen.item.item) : CITE.art33s2,
      detail: `依法可以不予处罚，执法人员决定不予适用，按${TIER_ZH[chosen.outcome]}处理（须记录理由）`,
    });

  const fineRange = chosen.outcome === Tier.NONE ? null : (chosen.ranges.get(chosen.outcome) ?? null);
  const standard = chosen.ranges.get(Tier.STANDARD) ?? null;
  if (chosen.version) {
    const fine = chosen.fine;
    // A baseline grades a fine: none imposed, none published, or a range it does not cover
    // (fallback or multiples): it does not apply, and the statutory range is split by default.
    const graded = Boolean(fineRange && chosen.baseline && fine?.baselineApplies);
    reasons.push({
      rule: 'BASELINE',
      passed: chosen.baseline !== null,
      status: graded ? MET : NOT_APPLICABLE,
      citation: chosen.baseline?.source ? `${CITE.art34}；${chosen.baseline.source}` : CITE.art34,
      detail: !fineRange
        ? '不予处罚，不处罚款'
        : fineRange.max > 0
          ? `${TIER_ZH[chosen.outcome]}档罚款幅度：${describeRange(fineRange)}${fine && fine.source !== 'MAIN' ? `（${fine.text}）` : ''}${chosen.baseline && fine?.baselineApplies ? '' : '（按法定幅度默认划分）'}`
          : // No fine at this tier (a clause of 警告 only, or a fine that awaits a refusal): nothing to grade.
            `${TIER_ZH[chosen.outcome]}不处罚款${fineRange.penaltyKinds.length ? `，给予${fineRange.penaltyKinds.map((k) => PENALTY_ZH[k]).join('、')}` : ''}，无罚款幅度可依裁量基准细化`,
    });
  }
  if (facts.seriousCircumstances && chosen.outcome !== Tier.NONE)
    reasons.push({
      rule: 'SERIOUS',
      passed: true,
      status: MET,
      citation: chosen.version?.citation ?? book.offence.penaltyProvision,
      detail: '执法人员认定情节严重，适用情节严重的处罚幅度和种类',
    });

  const grounds: Ground[] = [...chosen.grounds];
  if (useDecision) grounds.push('DECISION_DATE_RULES');
  if (chosen.coercion) grounds.push('NO_COERCIVE_MEASURE');
  if (facts.seriousCircumstances && chosen.outcome !== Tier.NONE) grounds.push('SERIOUS');
  if (fineRange && !grounds.includes('BASELINE')) grounds.push('BASELINE');

  const toApplied = (a: ItemAssessment): AppliedItem => ({
    id: a.item.id,
    number: a.item.number,
    kind: a.item.kind,
    conditions: a.item.conditions,
    listId: a.list.id,
    listVersion: a.list.version,
    listTitle: a.list.title,
  });
  const list = chosen.item?.list ?? chosen.lists[0] ?? null;
  // The priors that mattered: those in the first-offence window, and the repeat window where it decided.
  const priorCases = grounds.includes('REPEAT')
    ? priorsSince(
        book.priorCases,
        facts.offenceDate,
        minDate(chosen.firstWindow.from, addMonths(facts.offenceDate, -REPEAT_WINDOW_MONTHS)),
      )
    : chosen.firstWindow.priors;
  // Why not: the unconfirmed conditions of items that would have been more favourable.
  const better = (a: ItemAssessment) =>
    a.item.kind !== LeniencyKind.NO_COERCIVE_MEASURE &&
    (chosen.outcome !== Tier.NONE || (!chosen.mandatory && a.item.kind === LeniencyKind.NO_PENALTY)) &&
    (!chosen.item || KIND_RANK[a.item.kind] < KIND_RANK[chosen.item.item.kind]);
  const unconfirmed = chosen.assessed
    .filter((a) => a.onlyUnconfirmed && better(a))
    .flatMap((a) => a.unconfirmed.map((c) => ({ ...c, itemId: a.item.id })));
  const choices = new Set<Tier>(chosen.choices);
  if (declined && chosen !== declined) for (const t of declined.choices) choices.add(t);
  const ranges = [...choices]
    .filter((t) => t !== Tier.NONE)
    .map((t) => (declined && chosen !== declined ? declined : chosen).ranges.get(t))
    .filter((r): r is TierRange => Boolean(r));

  const decision: Decision = {
    outcome: chosen.outcome,
    eligible: LENIENT.has(chosen.outcome),
    mandatory: chosen.mandatory,
    grounds,
    item: chosen.item ? toApplied(chosen.item) : null,
    list: list ? { id: list.id, version: list.version, title: list.title } : null,
    rulesAsOf,
    offenceVersionId: chosen.version?.id ?? null,
    firstOffence: chosen.firstOffence,
    priorCases,
    fineRange,
    ranges,
    penalties: penaltiesFor(chosen, facts),
    referenceFine:
      standard && standard.unit === FineUnit.YUAN ? Math.round((standard.min + standard.max) / 2) : null,
    baselineId: chosen.baseline?.id ?? null,
    measures: measuresFor(chosen),
    reasons,
    unconfirmed,
    candidates: chosen.assessed.map(toApplied),
    advisories,
    summary: '',
  };
  decision.summary = summarize(facts, book.offence, chosen, decision);
  return decision;
}

/**
 * Whether the rules for this offence in force on two dates are the same: its offence version,
 * baseline and list items (what `evaluate` takes for a date). A list version that does not list
 * the offence changes nothing for it.
 */
function sameRulesInForce(book: RuleBook, a: string, b: string): boolean {
  if (versionInForce(book.versions, a)?.id !== versionInForce(book.versions, b)?.id) return false;
  if (baselineInForce(book.baselines, a)?.id !== baselineInForce(book.baselines, b)?.id) return false;
  if (!book.items.length) return true;
  const listsOn = (date: string) => new Set(listsInForce(book.lists, date).map((l) => l.id));
  const [onA, onB] = [listsOn(a), listsOn(b)];
  return book.items.every((i) => onA.has(i.listId) === onB.has(i.listId));
}

const minDate = (a: string | null, b: string) => (a === null ? null : a < b ? a : b);

function consequenceZh(e: Evaluation): string {
  const range = e.outcome === Tier.NONE ? null : e.ranges.get(e.outcome);
  return `${TIER_ZH[e.outcome]}${e.outcome === Tier.NONE ? (e.mandatory ? '（应当）' : '（可以）') : ''}${range ? `（${describeRange(range)}）` : ''}`;
}

export function describeRange(r: Range): string {
  const basis = basisOfUnit(r.unit);
  if (basis) return `${BASIS_ZH[basis]}的${r.min / 100}倍至${r.max / 100}倍`;
  return `${yuan(r.min)}元至${yuan(r.max)}元`;
}

/** One paragraph an officer can paste into a decision document. */
function summarize(facts: Facts, offence: OffenceRule, e: Evaluation, d: Decision): string {
  const when = `当事人于${facts.offenceDate}${facts.offenceEndDate ? `至${facts.offenceEndDate}` : ''}实施“${offence.title}”的行为`;
  const reason = (rule: string) => d.reasons.find((r) => r.rule === rule);
  const art37 = d.grounds.includes('DECISION_DATE_RULES')
    ? `根据${art37Citation(d)}，适用作出决定时（${d.rulesAsOf}）的规定。`
    : '';
  // 免罚不免责 is said of a case that goes unpunished; a penalty decision orders correction (Art. 28 ¶1).
  const duty = d.measures.length
    ? `同时${d.measures.join('、')}${d.outcome === Tier.NONE ? '（免罚不免责）' : ''}。`
    : '';
  if (d.grounds.includes('NOT_AN_OFFENCE'))
    return `${when}。${art37}依${d.rulesAsOf}施行的规定，该行为不再受行政处罚（${CITE.art37}），不予行政处罚。`;
  const act = `${when}，违反了${offence.violatedProvision}的规定`;
  const provision = e.version?.citation ?? offence.penaltyProvision;
  if (d.grounds.includes('TIME_BARRED')) {
    const r = reason('TIME_LIMIT')!;
    // The detail ends in the consequence the sentence then states with its basis: said once.
    return `${act}。${r.detail.replace(/，不再给予行政处罚$/, '')}。依据${r.citation}，不再给予行政处罚。`;
  }
  if (d.grounds.includes('CORRECTED_ON_ORDER') || d.grounds.includes('ORDER_TO_CORRECT'))
    return `${act}。依据${provision}，责令当事人改正；${
      facts.corrected ? '当事人已按要求改正，依法不予罚款' : '当事人逾期拒不改正的，依法处以罚款'
    }。${art37}`;
  const skip = new Set(['ART37', 'LIST_IN_FORCE', 'BASELINE', 'NO_COERCIVE_MEASURE', 'SERIOUS', 'CANDIDATE']);
  // A ground for not penalising that the officer declined (a 可以 no-penalty) explains why the
  // case could have gone unpunished; it is never the basis of the penalty imposed instead.
  const declinedGround = d.outcome !== Tier.NONE && d.grounds.includes('DISCRETION_DECLINED');
  const waived = declinedGround ? d.reasons.find((r) => r.passed && NO_PENALTY_RULES.has(r.rule)) : undefined;
  const main = d.reasons.find((r) => r.passed && !skip.has(r.rule) && r !== waived);
  const why = main ? `。${main.detail}` : '';
  if (d.outcome === Tier.NONE) {
    const basis = main?.citation ?? CITE.art33s1;
    if (d.penalties.length)
      // The statute's words (食品安全法 Art. 136: 可以免予处罚，但应当依法没收…), not 免予罚款.
      return `${act}${why}。${art37}依据${basis}，可以免予处罚，但应当依法${d.penalties.join('、')}。${duty}`;
    return `${act}${why}。${art37}依据${basis}，${d.mandatory ? '不予行政处罚' : '可以不予行政处罚'}。${duty}`;
  }
  // 食品安全法 Art. 136 says 可以免予处罚; Art. 33 ¶1 可以不予. The penalty then follows by law.
  const declined = waived
    ? `当事人虽符合${waived.citation}规定的${waived.rule === 'NO_FAULT' ? '可以免予处罚' : '可以不予处罚'}的情形，经裁量，决定给予处罚。`
    : '';
  const word = waived ? '依法给予' : d.mandatory ? '应予' : '可以给予';
  const penalties = d.penalties.length ? `：${d.penalties.join('、')}` : '';
  // The basis is the penalty clause, the rule that graded it, and the published baseline; an
  // aggravating circumstance is a fact (the reason says it), and a rule citing the clause itself
  // is not named twice.
  const also = main && !FACT_RULES.has(main.rule) && main.citation !== provision ? `及${main.citation}` : '';
  return `${act}${why}。${art37}${declined}依据${provision}${also}${
    d.baselineId ? `和${CITE.art34}规定并公布的裁量基准` : ''
  }，${word}${TIER_ZH[d.outcome]}${penalties}。${duty}`.replace(/。。/g, '。');
}

/** Rules whose passing means no penalty (or a 可以 one the officer may decline). */
const NO_PENALTY_RULES = new Set(['MINOR_NO_HARM', 'FIRST_OFFENCE', 'NO_FAULT']);
/** Rules that state facts of the case rather than a basis for its penalty. */
const FACT_RULES = new Set(['AGGRAVATING', 'FINE_ON_REFUSAL']);

/** Art. 37 speaks of 法律、法规、规章; for a change of list or baseline alone it applies by analogy. */
function art37Citation(d: Pick<Decision, 'reasons'>): string {
  const r = d.reasons.find((x) => x.rule === 'ART37');
  return r?.citation ?? CITE.art37;
}
