// The words of the domain (../shared/DOMAIN.md). Stored and sent as these exact strings.

export enum Role {
  ADMIN = 'ADMIN',
  MANAGER = 'MANAGER',
  OFFICER = 'OFFICER',
  LAWYER = 'LAWYER',
  /** 法制审核人员: reviews the cases of their department before decision (行政处罚法 Art. 58). */
  REVIEWER = 'REVIEWER',
}

export enum LeniencyKind {
  NO_PENALTY = 'NO_PENALTY',
  FIRST_OFFENCE_NO_PENALTY = 'FIRST_OFFENCE_NO_PENALTY',
  LIGHTER = 'LIGHTER',
  MITIGATED = 'MITIGATED',
  NO_COERCIVE_MEASURE = 'NO_COERCIVE_MEASURE',
}

/** Outcome tiers, most lenient first: NONE < MITIGATED < LIGHTER < STANDARD < HEAVIER. */
export enum Tier {
  NONE = 'NONE',
  MITIGATED = 'MITIGATED',
  LIGHTER = 'LIGHTER',
  STANDARD = 'STANDARD',
  HEAVIER = 'HEAVIER',
}

export enum Harm {
  NONE = 'NONE',
  MINOR = 'MINOR',
  GENERAL = 'GENERAL',
  SERIOUS = 'SERIOUS',
}

export enum MitigatingFactor {
  ELIMINATED_HARM = 'ELIMINATED_HARM',
  COERCED = 'COERCED',
  CONFESSED = 'CONFESSED',
  MERITORIOUS = 'MERITORIOUS',
}

export enum AggravatingFactor {
  REPEAT = 'REPEAT',
  REFUSED_CORRECTION = 'REFUSED_CORRECTION',
  OBSTRUCTED = 'OBSTRUCTED',
}

export enum FindingCategory {
  CORPORATE_GOVERNANCE = 'CORPORATE_GOVERNANCE',
  CONTRACTS = 'CONTRACTS',
  LABOUR = 'LABOUR',
  INTELLECTUAL_PROPERTY = 'INTELLECTUAL_PROPERTY',
  TAX = 'TAX',
  ENVIRONMENT = 'ENVIRONMENT',
  WORK_SAFETY = 'WORK_SAFETY',
  DATA_COMPLIANCE = 'DATA_COMPLIANCE',
  OTHER = 'OTHER',
}

export enum RiskLevel {
  MAJOR = 'MAJOR',
  SIGNIFICANT = 'SIGNIFICANT',
  GENERAL = 'GENERAL',
  LOW = 'LOW',
}

export enum EnterpriseScale {
  MICRO = 'MICRO',
  SMALL = 'SMALL',
  MEDIUM = 'MEDIUM',
  LARGE = 'LARGE',
}

/** The unit of a fine amount: yuan, or a multiple of a basis whose amount is not known. */
export enum FineUnit {
  YUAN = 'YUAN',
  MULTIPLE_OF_ILLEGAL_GAIN = 'MULTIPLE_OF_ILLEGAL_GAIN',
  MULTIPLE_OF_GOODS_VALUE = 'MULTIPLE_OF_GOODS_VALUE',
  MULTIPLE_OF_TAX_UNDERPAID = 'MULTIPLE_OF_TAX_UNDERPAID',
  MULTIPLE_OF_OTHER_BASIS = 'MULTIPLE_OF_OTHER_BASIS',
}

export enum ListStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  ARCHIVED = 'ARCHIVED',
}

/** See domain/case-review.ts for the transitions. */
export enum CaseStatus {
  OPEN = 'OPEN',
  /** 法制审核中 (Art. 58): waiting for a reviewer. */
  IN_REVIEW = 'IN_REVIEW',
  /** Returned by the reviewer with a reason; the officer revises and submits it again. */
  RETURNED = 'RETURNED',
  DECIDED = 'DECIDED',
  CLOSED = 'CLOSED',
}

/** What sends a case to 法制审核 before it is decided (行政处罚法 Art. 58; domain/case-review.ts). */
export enum ReviewTrigger {
  /** The fine lies outside the outcome's range (with an overrideReason). */
  FINE_OUTSIDE_RANGE = 'FINE_OUTSIDE_RANGE',
  /** A reference fine other than the rules' was recorded (relief amounts depend on it). */
  REFERENCE_OVERRIDE = 'REFERENCE_OVERRIDE',
  /** A 可以 no-penalty was not applied. */
  DISCRETION_DECLINED = 'DISCRETION_DECLINED',
  /** 减轻 chosen by the officer under Art. 32. */
  MITIGATED_CHOSEN = 'MITIGATED_CHOSEN',
}

export enum ReportStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  RETURNED = 'RETURNED',
  ACCEPTED = 'ACCEPTED',
  DELIVERED = 'DELIVERED',
}

/** Penalty kinds besides a fine (行政处罚法 Art. 9), as a statute's penalty clause lists them. */
export enum PenaltyKind {
  WARNING = 'WARNING',
  CIRCULATED_CRITICISM = 'CIRCULATED_CRITICISM',
  CONFISCATE_ILLEGAL_GAIN = 'CONFISCATE_ILLEGAL_GAIN',
  CONFISCATE_ILLEGAL_PROPERTY = 'CONFISCATE_ILLEGAL_PROPERTY',
  SUSPEND_LICENCE = 'SUSPEND_LICENCE',
  REVOKE_LICENCE = 'REVOKE_LICENCE',
  /** 吊销营业执照: named apart from licences (行政处罚法 Arts. 9, 12, 13). */
  REVOKE_BUSINESS_LICENCE = 'REVOKE_BUSINESS_LICENCE',
  LOWER_QUALIFICATION = 'LOWER_QUALIFICATION',
  SUSPEND_BUSINESS = 'SUSPEND_BUSINESS',
  ORDER_CLOSURE = 'ORDER_CLOSURE',
  RESTRICT_PRACTICE = 'RESTRICT_PRACTICE',
}

/** A fine set in yuan ("五千元以下"), or as a multiple of a basis ("违法所得一倍以上五倍以下"). */
export enum FineKind {
  FIXED = 'FIXED',
  MULTIPLE = 'MULTIPLE',
}

/** What a MULTIPLE fine multiplies. */
export enum FineBasis {
  ILLEGAL_GAIN = 'ILLEGAL_GAIN',
  GOODS_VALUE = 'GOODS_VALUE',
  TAX_UNDERPAID = 'TAX_UNDERPAID',
  OTHER = 'OTHER',
}

/** Whether the fine applies at once, or only once an order to correct was refused ("拒不改正的，处…罚款"). */
export enum FineWhen {
  ALWAYS = 'ALWAYS',
  ON_REFUSAL_TO_CORRECT = 'ON_REFUSAL_TO_CORRECT',
}

/** What proven absence of fault yields for this offence (行政处罚法 Art. 33 ¶2 and the laws that provide otherwise). */
export enum NoFaultRule {
  /** Art. 33 ¶2: 不予行政处罚 (mandatory). */
  NO_PENALTY = 'NO_PENALTY',
  /** e.g. 食品安全法 Art. 136: 可以免予处罚, with the penalties the law still requires. */
  MAY_EXEMPT = 'MAY_EXEMPT',
  /** The law provides that absence of fault does not exempt. */
  NOT_EXEMPT = 'NOT_EXEMPT',
}

/** Whether all of an item's 适用条件 must hold, or any one ("有下列情形之一"). */
export enum ConditionMatch {
  ALL = 'ALL',
  ANY = 'ANY',
}

/** How an item defines "first offence" 首违. */
export enum LookbackKind {
  /** No case of the same offence in the N months before the act. */
  MONTHS = 'MONTHS',
  /** None earlier in the same calendar year 自然年度. */
  CALENDAR_YEAR = 'CALENDAR_YEAR',
  /** None ever recorded ("首次被发现"). */
  EVER = 'EVER',
}

/** The documents a case prints (DOMAIN.md "After the decision"). */
export enum DocumentKind {
  /** 不予行政处罚决定书 (行政处罚法 Art. 33: the facts, the basis, the education given). */
  NO_PENALTY_DECISION = 'NO_PENALTY_DECISION',
  /** 行政处罚决定书 (行政处罚法 Art. 59). */
  PENALTY_DECISION = 'PENALTY_DECISION',
  /** 责令改正通知书 (行政处罚法 Art. 28 ¶1: what to correct, by when). */
  CORRECTION_ORDER = 'CORRECTION_ORDER',
  /** 告知承诺书, where the list item asks for a signed commitment. */
  COMMITMENT_LETTER = 'COMMITMENT_LETTER',
}

/** What a follow-up visit 回访 found. */
export enum FollowUpResult {
  PENDING = 'PENDING',
  CORRECTED = 'CORRECTED',
  NOT_CORRECTED = 'NOT_CORRECTED',
  UNREACHABLE = 'UNREACHABLE',
}

/**
 * How one rule of a decision's trace stands (DecisionReason.status): its requirement is met 符合,
 * not met 不符合, or the rule does not apply to these facts at all 不适用 (its premise is absent:
 * no change of rules for Art. 37, no baseline for a fine that is not imposed, a special law that
 * excludes Art. 33 ¶2, an offence not on any list).
 */
export enum RuleStatus {
  MET = 'MET',
  NOT_MET = 'NOT_MET',
  NOT_APPLICABLE = 'NOT_APPLICABLE',
}
