import type {
  AggravatingFactor,
  CaseStatus,
  ConditionMatch,
  DocumentKind,
  EnterpriseScale,
  FindingCategory,
  FineBasis,
  FineKind,
  FineUnit,
  FineWhen,
  FollowUpResult,
  Harm,
  LeniencyKind,
  ListStatus,
  LookbackKind,
  MitigatingFactor,
  NoFaultRule,
  PenaltyKind,
  ReportStatus,
  ReviewTrigger,
  RiskLevel,
  Role,
  RuleStatus,
  Tier,
} from './enums';

/*
 * The one source of the domain's words in Chinese and English: the admin's labels
 * (admin/src/i18n), the server's PDFs, exports, statistics and decision texts all read them
 * here. `satisfies` makes a value added to an enum fail the type check until it has its words.
 */
export type Pair = readonly [zh: string, en: string];
type Labels<E extends string> = Readonly<Record<E, Pair>>;

export const ENUM_LABELS = {
  Role: {
    ADMIN: ['系统管理员', 'Administrator'],
    MANAGER: ['管理人员', 'Manager'],
    OFFICER: ['执法人员', 'Officer'],
    LAWYER: ['律师', 'Lawyer'],
    REVIEWER: ['法制审核人员', 'Legal reviewer'],
  },
  LeniencyKind: {
    NO_PENALTY: ['轻微违法不予处罚', 'No penalty (minor)'],
    FIRST_OFFENCE_NO_PENALTY: ['首违不罚', 'First offence, no penalty'],
    LIGHTER: ['从轻处罚', 'Lighter penalty'],
    MITIGATED: ['减轻处罚', 'Mitigated penalty'],
    NO_COERCIVE_MEASURE: ['不予实施行政强制措施', 'No coercive measure'],
  },
  Tier: {
    NONE: ['不予处罚', 'No penalty'],
    MITIGATED: ['减轻处罚', 'Mitigated'],
    LIGHTER: ['从轻处罚', 'Lighter'],
    STANDARD: ['一般处罚', 'Standard'],
    HEAVIER: ['从重处罚', 'Heavier'],
  },
  Harm: {
    NONE: ['无危害后果', 'None'],
    MINOR: ['轻微', 'Minor'],
    GENERAL: ['一般', 'General'],
    SERIOUS: ['严重', 'Serious'],
  },
  MitigatingFactor: {
    ELIMINATED_HARM: ['主动消除或减轻危害后果', 'Eliminated the harm'],
    COERCED: ['受他人胁迫或诱骗', 'Coerced'],
    CONFESSED: ['主动供述', 'Confessed'],
    MERITORIOUS: ['配合查处有立功表现', 'Meritorious'],
  },
  AggravatingFactor: {
    REPEAT: ['再次违法', 'Repeat'],
    REFUSED_CORRECTION: ['拒不改正', 'Refused to correct'],
    OBSTRUCTED: ['阻碍执法', 'Obstructed'],
  },
  FindingCategory: {
    CORPORATE_GOVERNANCE: ['公司治理', 'Corporate governance'],
    CONTRACTS: ['合同管理', 'Contracts'],
    LABOUR: ['劳动用工', 'Labour'],
    INTELLECTUAL_PROPERTY: ['知识产权', 'Intellectual property'],
    TAX: ['税务', 'Tax'],
    ENVIRONMENT: ['生态环保', 'Environment'],
    WORK_SAFETY: ['安全生产', 'Work safety'],
    DATA_COMPLIANCE: ['数据合规', 'Data compliance'],
    OTHER: ['其他', 'Other'],
  },
  RiskLevel: {
    MAJOR: ['重大', 'Major'],
    SIGNIFICANT: ['较大', 'Significant'],
    GENERAL: ['一般', 'General'],
    LOW: ['较低', 'Low'],
  },
  EnterpriseScale: {
    MICRO: ['微型', 'Micro'],
    SMALL: ['小型', 'Small'],
    MEDIUM: ['中型', 'Medium'],
    LARGE: ['大型', 'Large'],
  },
  FineUnit: {
    YUAN: ['元', 'Yuan'],
    MULTIPLE_OF_ILLEGAL_GAIN: ['违法所得', 'Illegal gain'],
    MULTIPLE_OF_GOODS_VALUE: ['货值金额', 'Goods value'],
    MULTIPLE_OF_TAX_UNDERPAID: ['不缴或者少缴的税款', 'Tax underpaid'],
    MULTIPLE_OF_OTHER_BASIS: ['计罚基数', 'Other basis'],
  },
  PenaltyKind: {
    WARNING: ['警告', 'Warning'],
    CIRCULATED_CRITICISM: ['通报批评', 'Circulated criticism'],
    CONFISCATE_ILLEGAL_GAIN: ['没收违法所得', 'Confiscation of illegal gain'],
    CONFISCATE_ILLEGAL_PROPERTY: ['没收非法财物', 'Confiscation of illegal property'],
    SUSPEND_LICENCE: ['暂扣许可证件', 'Licence suspended'],
    REVOKE_LICENCE: ['吊销许可证件', 'Licence revoked'],
    REVOKE_BUSINESS_LICENCE: ['吊销营业执照', 'Business licence revoked'],
    LOWER_QUALIFICATION: ['降低资质等级', 'Qualification lowered'],
    SUSPEND_BUSINESS: ['责令停产停业', 'Business suspended'],
    ORDER_CLOSURE: ['责令关闭', 'Closure ordered'],
    RESTRICT_PRACTICE: ['限制从业', 'Practice restricted'],
  },
  FineKind: { FIXED: ['固定金额幅度', 'Fixed range'], MULTIPLE: ['按基数倍数', 'Multiple of a basis'] },
  FineBasis: {
    ILLEGAL_GAIN: ['违法所得', 'Illegal gain'],
    GOODS_VALUE: ['货值金额', 'Goods value'],
    TAX_UNDERPAID: ['不缴或者少缴的税款', 'Tax underpaid'],
    OTHER: ['计罚基数', 'Other basis'],
  },
  FineWhen: {
    ALWAYS: ['直接处罚款', 'Always'],
    ON_REFUSAL_TO_CORRECT: ['责令改正，拒不改正的方处罚款', 'Only on refusal to correct'],
  },
  NoFaultRule: {
    NO_PENALTY: ['不予处罚（行政处罚法第三十三条第二款）', 'No penalty (Art. 33 ¶2)'],
    MAY_EXEMPT: ['可以免予处罚（法律另有规定）', 'May exempt (special law)'],
    NOT_EXEMPT: ['不因无过错免罚（法律另有规定）', 'No exemption (special law)'],
  },
  ConditionMatch: { ALL: ['全部满足', 'All of them'], ANY: ['满足其一', 'Any one of them'] },
  LookbackKind: {
    MONTHS: ['按月回溯', 'Months'],
    CALENDAR_YEAR: ['同一自然年度', 'Calendar year'],
    EVER: ['此前从未被查处', 'Never before'],
  },
  ListStatus: {
    DRAFT: ['草稿', 'Draft'],
    PUBLISHED: ['已发布', 'Published'],
    ARCHIVED: ['已归档', 'Archived'],
  },
  CaseStatus: {
    OPEN: ['办理中', 'Open'],
    IN_REVIEW: ['法制审核中', 'In legal review'],
    RETURNED: ['审核退回', 'Returned'],
    DECIDED: ['已决定', 'Decided'],
    CLOSED: ['已结案', 'Closed'],
  },
  ReviewTrigger: {
    FINE_OUTSIDE_RANGE: ['罚款超出裁量幅度', 'Fine outside the range'],
    REFERENCE_OVERRIDE: ['变更参照罚款金额', 'Reference fine overridden'],
    DISCRETION_DECLINED: ['依法可以不予处罚而未适用', 'Discretionary no-penalty not applied'],
    MITIGATED_CHOSEN: ['选择减轻处罚', 'Mitigated penalty chosen'],
  },
  DocumentKind: {
    NO_PENALTY_DECISION: ['不予行政处罚决定书', 'No-penalty decision'],
    PENALTY_DECISION: ['行政处罚决定书', 'Penalty decision'],
    CORRECTION_ORDER: ['责令改正通知书', 'Order to correct'],
    COMMITMENT_LETTER: ['告知承诺书', 'Commitment letter'],
  },
  FollowUpResult: {
    PENDING: ['待回访', 'Pending'],
    CORRECTED: ['已改正', 'Corrected'],
    NOT_CORRECTED: ['未改正', 'Not corrected'],
    UNREACHABLE: ['无法联系', 'Unreachable'],
  },
  ReportStatus: {
    DRAFT: ['草稿', 'Draft'],
    SUBMITTED: ['已提交', 'Submitted'],
    RETURNED: ['已退回', 'Returned'],
    ACCEPTED: ['已通过', 'Accepted'],
    DELIVERED: ['已送达', 'Delivered'],
  },
  RuleStatus: {
    MET: ['符合', 'Met'],
    NOT_MET: ['不符合', 'Not met'],
    NOT_APPLICABLE: ['不适用', 'Not applicable'],
  },
} as const;

export type EnumName = keyof typeof ENUM_LABELS;

interface EnumTypes {
  Role: Role;
  LeniencyKind: LeniencyKind;
  Tier: Tier;
  Harm: Harm;
  MitigatingFactor: MitigatingFactor;
  AggravatingFactor: AggravatingFactor;
  FindingCategory: FindingCategory;
  RiskLevel: RiskLevel;
  EnterpriseScale: EnterpriseScale;
  FineUnit: FineUnit;
  PenaltyKind: PenaltyKind;
  FineKind: FineKind;
  FineBasis: FineBasis;
  FineWhen: FineWhen;
  NoFaultRule: NoFaultRule;
  ConditionMatch: ConditionMatch;
  LookbackKind: LookbackKind;
  ListStatus: ListStatus;
  CaseStatus: CaseStatus;
  ReviewTrigger: ReviewTrigger;
  DocumentKind: DocumentKind;
  FollowUpResult: FollowUpResult;
  ReportStatus: ReportStatus;
  RuleStatus: RuleStatus;
}
/** Every value of every enum has its words: a value added to an enum fails the type check here until it has them. */
export const LABELS: { [K in EnumName]: Labels<EnumTypes[K]> } = ENUM_LABELS;

/** The Chinese word for an enum value, as PDFs, exports and statistics print it. */
export function zh<K extends EnumName>(name: K, value: EnumTypes[K]): string {
  return LABELS[name][value][0];
}

/*
 * The same facts in the words a decision text uses (行政处罚法's own wording where it has one):
 * longer than a label, written to stand in a sentence.
 */
export const HARM_PHRASE: Record<Harm, string> = {
  NONE: '无危害后果',
  MINOR: '危害后果轻微',
  GENERAL: '危害后果一般',
  SERIOUS: '危害后果严重',
};
export const MITIGATING_PHRASE: Record<MitigatingFactor, string> = {
  ELIMINATED_HARM: '主动消除或者减轻违法行为危害后果',
  COERCED: '受他人胁迫或者诱骗实施违法行为',
  CONFESSED: '主动供述行政机关尚未掌握的违法行为',
  MERITORIOUS: '配合行政机关查处违法行为有立功表现',
};
export const AGGRAVATING_PHRASE: Record<AggravatingFactor, string> = {
  REPEAT: '两年内多次实施同一违法行为',
  REFUSED_CORRECTION: '拒不改正',
  OBSTRUCTED: '阻碍、拒绝执法',
};

/** One enum's Chinese words as a map (value → 中文), for code that names many values. */
export function zhOf<K extends EnumName>(name: K): Record<EnumTypes[K], string> {
  return Object.fromEntries(
    Object.entries(LABELS[name] as Record<string, Pair>).map(([value, pair]) => [value, pair[0]]),
  ) as Record<EnumTypes[K], string>;
}

/*
 * The rules of a decision's trace (DecisionReason.rule), by the name an officer knows them by.
 * The desk, a case's page and any printed trace show these words, never the code.
 */
export const RULE_LABELS = {
  OFFENCE_IN_FORCE: ['处罚规定的施行', 'Penalty clause in force'],
  TIME_LIMIT: ['追责时效', 'Time limit'],
  NO_FAULT: ['无主观过错', 'No fault'],
  FINE_ON_REFUSAL: ['拒不改正的方处罚款', 'Fine only on refusal to correct'],
  LIST_IN_FORCE: ['施行中的清单', 'List in force'],
  MINOR_NO_HARM: ['轻微违法不予处罚', 'Minor, no harm'],
  FIRST_OFFENCE: ['首违不罚', 'First offence'],
  ART32: ['应当从轻减轻', 'Art. 32 factors'],
  LIST_ITEM: ['清单从轻减轻事项', 'List item'],
  AGGRAVATING: ['从重情形', 'Aggravating'],
  ART37: ['从旧兼从轻', 'Art. 37 (lighter law)'],
  ART33_DISCRETION: ['清单外裁量提示', 'Discretion outside the list'],
  CANDIDATE: ['同时列入的其他事项', 'Other list items'],
  NO_COERCIVE_MEASURE: ['不予实施行政强制措施', 'No coercive measure'],
  DISCRETION: ['执法人员裁量', "Officer's discretion"],
  BASELINE: ['裁量基准', 'Discretion baseline'],
  SERIOUS: ['情节严重', 'Serious circumstances'],
} as const satisfies Record<string, Pair>;

/** A rule of the decision's trace. */
export type RuleCode = keyof typeof RULE_LABELS;

/** The trace's words for a rule and its state, as a PDF or an export prints them. */
export function ruleZh(rule: string): string {
  return (RULE_LABELS as Record<string, Pair>)[rule]?.[0] ?? rule;
}
