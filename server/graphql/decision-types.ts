import 'reflect-metadata';
import { Field, Float, ID, InputType, ObjectType } from 'type-graphql';
import {
  AggravatingFactor,
  FineUnit,
  Harm,
  MitigatingFactor,
  PenaltyKind,
  RuleStatus,
  Tier,
} from '../domain/enums';
import { statusOf, type Decision } from '../domain/leniency';
import { fromCents } from '../domain/money';
import { DateScalar } from './scalars';

@ObjectType({
  simpleResolvers: true,
  description: 'A fine range: yuan, or multiples of the illegal gain where it is not known.',
})
export class FineRange {
  @Field(() => Float)
  min!: number;
  @Field(() => Float)
  max!: number;
  @Field(() => FineUnit)
  unit!: FineUnit;
}

@ObjectType({
  simpleResolvers: true,
  description: 'One rule considered for a decision, passed or not, with its citation.',
})
export class DecisionReason {
  @Field(() => String, {
    description:
      'OFFENCE_IN_FORCE, TIME_LIMIT, NO_FAULT, FINE_ON_REFUSAL, LIST_IN_FORCE, MINOR_NO_HARM, FIRST_OFFENCE, ART32, LIST_ITEM, AGGRAVATING, ART37, ART33_DISCRETION, CANDIDATE, NO_COERCIVE_MEASURE, DISCRETION, BASELINE, SERIOUS (words: RULE_LABELS in server/domain/labels.ts)',
  })
  rule!: string;
  @Field(() => Boolean, {
    description:
      'Whether the rule took effect as worded (TIME_LIMIT: the act is time-barred; ART37: the decision-date rules applied).',
  })
  passed!: boolean;
  @Field(() => RuleStatus, {
    description:
      '符合 MET / 不符合 NOT_MET / 不适用 NOT_APPLICABLE: whether the requirement the rule names holds (TIME_LIMIT: still within time), or the rule does not apply to these facts; detail says why.',
  })
  status!: RuleStatus;
  @Field(() => String)
  citation!: string;
  @Field(() => String)
  detail!: string;
}

@ObjectType({
  simpleResolvers: true,
  description:
    'A range the officer may choose from: the tier, its fine, and the penalties besides (or instead of) it.',
})
export class TierRange {
  @Field(() => Tier)
  tier!: Tier;
  @Field(() => Float)
  min!: number;
  @Field(() => Float)
  max!: number;
  @Field(() => FineUnit)
  unit!: FineUnit;
  @Field(() => [PenaltyKind])
  penaltyKinds!: PenaltyKind[];
}

/** A decision as the API sends it; item, list and prior cases are resolved by id. */
export interface DecisionWire {
  outcome: Tier;
  eligible: boolean;
  mandatory: boolean;
  grounds: string[];
  itemId: string | null;
  listId: string | null;
  rulesAsOf: string;
  firstOffence: boolean;
  priorCaseIds: string[];
  fineRange: FineRange | null;
  referenceFine: number | null;
  measures: string[];
  reasons: DecisionReason[];
  summary: string;
  ranges: TierRange[];
  penalties: string[];
  unconfirmedIds: string[];
  candidateIds: string[];
  advisories: string[];
  offenceVersionId: string | null;
  /** The prior cases' rows, when the check read them (not part of the API). */
  priorRows?: readonly Record<string, unknown>[];
}

@ObjectType({
  simpleResolvers: true,
  description: 'Whether and how leniently an offence is to be penalised, and why.',
})
export class LeniencyDecision {
  @Field(() => Tier)
  outcome!: Tier;
  @Field(() => Boolean, { description: 'The outcome is NONE, MITIGATED or LIGHTER.' })
  eligible!: boolean;
  @Field(() => Boolean, { description: '应当 (true) or 可以 (false: the officer decides).' })
  mandatory!: boolean;
  @Field(() => [String], {
    description:
      'TIME_BARRED, NO_FAULT, MINOR_NO_HARM, FIRST_OFFENCE, ART32, LIST_ITEM, BASELINE, REPEAT, AGGRAVATED, NO_COERCIVE_MEASURE, DECISION_DATE_RULES',
  })
  grounds!: string[];
  @Field(() => ID, { nullable: true })
  itemId!: string | null;
  @Field(() => ID, { nullable: true })
  listId!: string | null;
  @Field(() => DateScalar, { description: 'The date whose rules applied (行政处罚法 Art. 37).' })
  rulesAsOf!: string;
  @Field(() => Boolean)
  firstOffence!: boolean;
  @Field(() => [ID], { description: 'Ids of the earlier cases the decision took into account.' })
  priorCaseIds!: string[];
  @Field(() => FineRange, { nullable: true, description: "The outcome tier's range; null for NONE." })
  fineRange!: FineRange | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Midpoint of the STANDARD tier: the reference for relief amounts.',
  })
  referenceFine!: number | null;
  @Field(() => [String], { description: '免罚不免责: what still applies (责令改正, 批评教育, ...).' })
  measures!: string[];
  @Field(() => [DecisionReason])
  reasons!: DecisionReason[];
  @Field(() => String, { description: 'One paragraph in Chinese for the decision document.' })
  summary!: string;
  @Field(() => [TierRange], {
    description:
      'Every range the officer may choose from: 从轻 and 减轻 under 行政处罚法 Art. 32; for a 可以 no-penalty, the range if it is declined.',
  })
  ranges!: TierRange[];
  @Field(() => [String], {
    description: 'The penalties of the outcome in words: 罚款…, 没收违法所得, 警告, …',
  })
  penalties!: string[];
  @Field(() => [ID], { description: 'Ids of the conditions still to confirm for a more favourable item.' })
  unconfirmedIds!: string[];
  @Field(() => [ID], {
    description: 'Ids of every list item of every series in force that lists the offence.',
  })
  candidateIds!: string[];
  @Field(() => [String], {
    description: 'Points to weigh (行政处罚法 Art. 33 outside the list); they never decide.',
  })
  advisories!: string[];
  @Field(() => ID, { nullable: true, description: 'The offence version whose penalty clause applied.' })
  offenceVersionId!: string | null;
}

export function decisionToWire(d: Decision, priorRows?: DecisionWire['priorRows']): DecisionWire {
  const money = (cents: number | null) => (cents === null ? null : fromCents(cents));
  return {
    outcome: d.outcome,
    eligible: d.eligible,
    mandatory: d.mandatory,
    grounds: d.grounds,
    itemId: d.item ? String(d.item.id) : null,
    listId: d.list ? String(d.list.id) : null,
    rulesAsOf: d.rulesAsOf,
    firstOffence: d.firstOffence,
    priorCaseIds: d.priorCases.map((p) => String(p.id)),
    fineRange: d.fineRange
      ? { min: fromCents(d.fineRange.min), max: fromCents(d.fineRange.max), unit: d.fineRange.unit }
      : null,
    referenceFine: money(d.referenceFine),
    measures: d.measures,
    // Reasons stored before `status` existed get it from what they recorded.
    reasons: d.reasons.map((r) => (r.status ? (r as DecisionReason) : { ...r, status: statusOf(r) })),
    summary: d.summary,
    // Decisions stored before these fields existed read as empty.
    ranges: (d.ranges ?? []).map((r) => ({
      tier: r.tier,
      min: fromCents(r.min),
      max: fromCents(r.max),
      unit: r.unit,
      penaltyKinds: r.penaltyKinds,
    })),
    penalties: d.penalties ?? [],
    unconfirmedIds: (d.unconfirmed ?? []).map((c) => String(c.id)),
    candidateIds: (d.candidates ?? []).map((c) => String(c.id)),
    advisories: d.advisories ?? [],
    offenceVersionId: d.offenceVersionId ? String(d.offenceVersionId) : null,
    priorRows,
  };
}

@InputType({ description: 'An offence and its circumstances, as an officer describes them.' })
export class LeniencyCheckInput {
  @Field(() => ID, { nullable: true, description: 'The enterprise; or give creditCode.' })
  enterpriseId?: string | null;
  @Field(() => String, {
    nullable: true,
    description: '统一社会信用代码 of the enterprise; or give enterpriseId.',
  })
  creditCode?: string | null;
  @Field(() => ID)
  offenceId!: string;
  @Field(() => DateScalar, { description: 'When the act happened.' })
  offenceDate!: string;
  @Field(() => DateScalar, { nullable: true, description: 'Continuing act: when it ended.' })
  offenceEndDate?: string | null;
  @Field(() => DateScalar, {
    nullable: true,
    description:
      'When the agency found the act (行政处罚法 Art. 36). Default: decisionDate (itself today by default); the limitation is then judged on that date, and the reason says so.',
  })
  discoveredDate?: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Default: today.' })
  decisionDate?: string | null;
  @Field(() => Harm)
  harm!: Harm;
  @Field(() => Boolean, { description: 'Corrected before discovery or within the ordered deadline.' })
  corrected!: boolean;
  @Field(() => Boolean, { nullable: true, description: '行政处罚法 Art. 33 s.3' })
  noFaultEvidence?: boolean | null;
  @Field(() => [MitigatingFactor], { nullable: true })
  mitigating?: MitigatingFactor[] | null;
  @Field(() => [AggravatingFactor], { nullable: true })
  aggravating?: AggravatingFactor[] | null;
  @Field(() => Float, {
    nullable: true,
    description: '违法所得, yuan: confiscated where there is some; the basis of fines set as its multiples.',
  })
  illegalGain?: number | null;
  @Field(() => Float, {
    nullable: true,
    description: "Yuan: the amount of the offence version's fine basis (货值金额, 不缴或者少缴的税款, …).",
  })
  basisAmount?: number | null;
  @Field(() => Boolean, { nullable: true, description: '情节严重: the clause’s serious band applies.' })
  seriousCircumstances?: boolean | null;
  @Field(() => Boolean, {
    nullable: true,
    description: '拒不改正: the party did not correct within the order. Default: not corrected.',
  })
  refusedCorrection?: boolean | null;
  @Field(() => [ID], { nullable: true, description: 'LeniencyItemCondition ids the officer confirms.' })
  confirmedConditions?: string[] | null;
  @Field(() => Tier, {
    nullable: true,
    description:
      'Where the law leaves a choice: LIGHTER or MITIGATED under Art. 32; a tier above NONE declines a 可以 no-penalty.',
  })
  officerChoice?: Tier | null;
}

@ObjectType({
  simpleResolvers: true,
  description: 'An offence matching a search, with the list items in force for it.',
})
export class OffenceMatch {
  @Field(() => ID)
  offenceId!: string;
  @Field(() => Float, { description: 'Relevance, higher first.' })
  score!: number;
  @Field(() => [ID])
  itemIds!: string[];
  @Field(() => ID, {
    nullable: true,
    description:
      'The list version of the first of `items` (most favourable first); with several series in force, each item names its own list (`items { list }`).',
  })
  listId!: string | null;
  @Field(() => [String], { description: 'Where the text matched: title, provisions, code, conditions.' })
  matchedIn!: string[];
}
