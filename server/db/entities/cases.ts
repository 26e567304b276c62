import { Entity, Enum, Index, ManyToOne, Property, type Ref, type Opt } from '@mikro-orm/core';
import {
  AggravatingFactor,
  CaseStatus,
  Harm,
  MitigatingFactor,
  ReviewTrigger,
  Tier,
} from '../../domain/enums';
import { BaseEntity, money } from './base';
import { Department, District, Enterprise, LeniencyItem, Offence } from './catalogue';
import { User } from './people';

/** 案件: one offence by one enterprise, and how it was decided. */
@Entity()
@Index({ properties: ['enterprise', 'offence', 'offenceDate'] })
// Re-offence statistics (services/stats.ts): each lenient case looks up its enterprise's next
// case, any offence or the same, and the lenient cases are read without their wide rows: both
// indexes cover what the statement reads (the decision snapshot makes a row several KB).
@Index({
  name: 'penalty_case_next_offence_index',
  properties: ['enterprise', 'offenceDate', 'offence', 'status'],
})
@Index({
  name: 'penalty_case_decided_covering_index',
  properties: [
    'status',
    'decisionDate',
    'outcome',
    'item',
    'enterprise',
    'offence',
    'department',
    'district',
  ],
})
@Index({ properties: ['status', 'decisionDate'] })
@Index({ properties: ['department', 'decisionDate'] })
@Index({ properties: ['district', 'decisionDate'] })
export class PenaltyCase extends BaseEntity {
  @Property({ type: 'string', length: 50, unique: true })
  caseNumber!: string;

  @ManyToOne(() => Enterprise, { ref: true })
  enterprise!: Ref<Enterprise>;

  @ManyToOne(() => Offence, { ref: true, index: true })
  offence!: Ref<Offence>;

  @ManyToOne(() => Department, { ref: true })
  department!: Ref<Department>;

  @ManyToOne(() => District, { ref: true })
  district!: Ref<District>;

  @ManyToOne(() => User, { ref: true, nullable: true, index: true })
  officer?: Ref<User> | null;

  @Property({ type: 'date' })
  offenceDate!: string;

  /** For a continuing act 连续或者继续状态: when it ended (行政处罚法 Art. 36 ¶2). */
  @Property({ type: 'date', nullable: true })
  offenceEndDate?: string | null;

  @Property({ type: 'date', nullable: true })
  discoveredDate?: string | null;

  @Index()
  @Property({ type: 'date', nullable: true })
  decisionDate?: string | null;

  @Enum({ items: () => Harm })
  harm: Opt<Harm> = Harm.NONE;

  @Property({ type: 'boolean' })
  corrected: Opt<boolean> = false;

  @Property({ type: 'boolean' })
  noFaultEvidence: Opt<boolean> = false;

  /** 行政处罚法 Art. 32 factors. */
  @Property({ type: 'json' })
  mitigating: Opt<MitigatingFactor[]> = [];

  @Property({ type: 'json' })
  aggravating: Opt<AggravatingFactor[]> = [];

  @Property({ ...money(), nullable: true })
  illegalGain?: number | null;

  /** LeniencyItemCondition ids the officer confirmed (a database default, for the cases recorded before). */
  @Property({ type: 'json', defaultRaw: `'[]'` })
  confirmedConditions: Opt<number[]> = [];

  /** The amount of the offence version's fine basis (违法所得, 货值金额, 税款), in fen. */
  @Property({ ...money(), nullable: true })
  basisAmount?: number | null;

  /** 情节严重的, as the officer found. */
  @Property({ type: 'boolean' })
  seriousCircumstances: Opt<boolean> = false;

  /** Whether the party refused an order to correct (null: not known / no order). */
  @Property({ type: 'boolean', nullable: true })
  refusedCorrection?: boolean | null;

  @Enum({ items: () => Tier, nullable: true })
  outcome?: Tier | null;

  /** The tier the officer chose where the rules leave a choice (Art. 32: 从轻或者减轻; 可以 leniency). */
  @Enum({ items: () => Tier, nullable: true })
  officerChoice?: Tier | null;

  @Property({ type: 'text', nullable: true })
  choiceReason?: string | null;

  @ManyToOne(() => LeniencyItem, { ref: true, nullable: true, index: true })
  item?: Ref<LeniencyItem> | null;

  @Property({ ...money(), nullable: true })
  fine?: number | null;

  @Property({ ...money(), nullable: true })
  referenceFine?: number | null;

  /** 减免金额 = reference fine − fine imposed. */
  @Property({ ...money(), nullable: true })
  relief?: number | null;

  @Property({ type: 'text', nullable: true })
  overrideReason?: string | null;

  /** 证据: what the facts rest on, as the decision documents state it (行政处罚法 Art. 59 (2)). */
  @Property({ type: 'text', nullable: true })
  evidence?: string | null;

  @Enum({ items: () => CaseStatus })
  status: Opt<CaseStatus> = CaseStatus.OPEN;

  /** What sends the case to 法制审核 (domain/case-review.ts), as of its last decision. */
  @Property({ type: 'json', defaultRaw: `'[]'` })
  reviewTriggers: Opt<ReviewTrigger[]> = [];

  /**
   * The list item that applied, as the decision names it: 《title》（3.0版）第12项 (`itemName`).
   * Room for a list title's 200 characters, its version's 20 and the number.
   */
  @Property({ type: 'string', length: 300, nullable: true })
  itemLabel?: string | null;

  @Property({ type: 'Date', nullable: true })
  submittedAt?: Date | null;

  /** The legal reviewer who last approved or returned the case, and when. */
  @ManyToOne(() => User, { ref: true, nullable: true })
  reviewer?: Ref<User> | null;

  @Property({ type: 'Date', nullable: true })
  reviewedAt?: Date | null;

  /** The reviewer's note: why it was returned, or what approving it noted. */
  @Property({ type: 'text', nullable: true })
  reviewNote?: string | null;

  /** The decision's reasoning as it stood when made; later rule changes never alter it. */
  @Property({ type: 'json', nullable: true })
  decision?: unknown;

  @Property({ type: 'integer', version: true })
  version!: Opt<number>;
}
