import { Entity, Enum, Index, ManyToOne, Property, Unique, type Ref, type Opt } from '@mikro-orm/core';
import {
  ConditionMatch,
  EnterpriseScale,
  FineBasis,
  FineKind,
  FineUnit,
  FineWhen,
  Harm,
  LeniencyKind,
  ListStatus,
  LookbackKind,
  NoFaultRule,
  PenaltyKind,
} from '../../domain/enums';
import type { BaselineTierRange } from '../../domain/baseline';
import { BaseEntity, money } from './base';

@Entity()
export class Department extends BaseEntity {
  @Property({ type: 'string', length: 100, unique: true })
  name!: string;

  @Property({ type: 'string', length: 32, unique: true })
  code!: string;

  /** 文号 prefix of its case numbers, e.g. 包市监罚 in 包市监罚〔2026〕123号 (null: the code is used). */
  @Property({ type: 'string', length: 20, nullable: true })
  caseNumberPrefix?: string | null;

  /**
   * 复议机关 named in its decisions' 救济途径, e.g. 包头市人民政府 (行政复议法 2023 Art. 24; for
   * 税务 and other vertically led agencies the one a level up, Art. 27). Null: the documents say
   * 本级人民政府, or 上一级主管部门 for a vertically led agency.
   */
  @Property({ type: 'string', length: 100, nullable: true })
  reviewBody?: string | null;
}

@Entity()
export class District extends BaseEntity {
  @Property({ type: 'string', length: 100, unique: true })
  name!: string;

  /** 行政区划代码 */
  @Property({ type: 'string', length: 12, unique: true })
  code!: string;
}

@Entity()
export class Enterprise extends BaseEntity {
  /** 统一社会信用代码, validated before it is stored. */
  @Property({ type: 'string', length: 18, unique: true })
  creditCode!: string;

  @Index()
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'string', length: 50, nullable: true })
  legalRepresentative?: string | null;

  @ManyToOne(() => District, { ref: true, nullable: true, index: true })
  district?: Ref<District> | null;

  @Property({ type: 'string', length: 100, nullable: true })
  industry?: string | null;

  @Enum({ items: () => EnterpriseScale, nullable: true })
  scale?: EnterpriseScale | null;

  @Property({ type: 'string', length: 300, nullable: true })
  address?: string | null;

  @Property({ type: 'date', nullable: true })
  registeredAt?: string | null;
}

/**
 * An offence in the catalogue, with the statutory fine range of its penalty power 处罚事项.
 * The clause itself is dated: its versions are OffenceVersion rows. `fineMin`, `fineMax` and
 * `fineUnit` here mirror the version in force today (kept in sync whenever a version is
 * written, server/graphql/law-resources.ts), so readers of the offence alone still see the
 * current statutory range.
 */
@Entity()
export class Offence extends BaseEntity {
  @Property({ type: 'string', length: 32, unique: true })
  code!: string;

  @ManyToOne(() => Department, { ref: true, index: true })
  department!: Ref<Department>;

  /** 违法行为 */
  @Property({ type: 'string', length: 300 })
  title!: string;

  /** 违法依据 */
  @Property({ type: 'text' })
  violatedProvision!: string;

  /** 处罚依据 */
  @Property({ type: 'text' })
  penaltyProvision!: string;

  @Property(money())
  fineMin!: number;

  @Property(money())
  fineMax!: number;

  @Enum({ items: () => FineUnit })
  fineUnit: Opt<FineUnit> = FineUnit.YUAN;

  /** 行政处罚法 Art. 36: life/health or financial safety, five-year limitation where harm ensued. */
  @Property({ type: 'boolean' })
  lifeHealthFinance: Opt<boolean> = false;
}

/**
 * One version of an offence's penalty clause, in force from `effectiveFrom` to `effectiveTo`
 * (DOMAIN.md, "Offences are statutory penalty clauses"; server/domain/offence.ts reads it as an
 * OffenceVersionRule). Amounts in fen; multiples in hundredths (1.5 times = 150); the serious
 * band in the fine's own unit (fen for FIXED, hundredths for MULTIPLE).
 */
@Entity()
@Index({ properties: ['offence', 'effectiveFrom'] })
export class OffenceVersion extends BaseEntity {
  @ManyToOne(() => Offence, { ref: true, deleteRule: 'cascade' })
  offence!: Ref<Offence>;

  @Property({ type: 'date' })
  effectiveFrom!: string;

  @Property({ type: 'date', nullable: true })
  effectiveTo?: string | null;

  /** 处罚依据 of this version. */
  @Property({ type: 'text', nullable: true })
  citation?: string | null;

  /** Penalties besides the fine (行政处罚法 Art. 9). */
  @Property({ type: 'json' })
  penaltyKinds: Opt<PenaltyKind[]> = [];

  @Enum({ items: () => FineKind })
  fineKind: Opt<FineKind> = FineKind.FIXED;

  @Property({ ...money(), nullable: true })
  fineMin?: number | null;

  @Property({ ...money(), nullable: true })
  fineMax?: number | null;

  @Enum({ items: () => FineBasis, nullable: true })
  fineBasis?: FineBasis | null;

  /** Hundredths of a multiple: 50 = 0.5倍 (50%), 500 = 5倍. */
  @Property({ type: 'integer', nullable: true })
  multipleMin?: number | null;

  @Property({ type: 'integer', nullable: true })
  multipleMax?: number | null;

  /** The range where the basis is absent or below `fallbackBelow`. */
  @Property({ ...money(), nullable: true })
  fallbackMin?: number | null;

  @Property({ ...money(), nullable: true })
  fallbackMax?: number | null;

  @Property({ ...money(), nullable: true })
  fallbackBelow?: number | null;

  @Enum({ items: () => FineWhen })
  fineWhen: Opt<FineWhen> = FineWhen.ALWAYS;

  /** The clause says 可以处 (the fine is discretionary) rather than 处. */
  @Property({ type: 'boolean' })
  fineDiscretionary: Opt<boolean> = false;

  /** 情节严重的: in the fine's unit (fen for FIXED, hundredths for MULTIPLE). */
  @Property({ ...money(), nullable: true })
  seriousMin?: number | null;

  @Property({ ...money(), nullable: true })
  seriousMax?: number | null;

  @Property({ type: 'json' })
  seriousPenaltyKinds: Opt<PenaltyKind[]> = [];

  /**
   * The serious band says 可以处 rather than 处. Its own word: 税收征管法 Art. 60 reads "可以处二千元
   * 以下的罚款；情节严重的，处二千元以上一万元以下的罚款" (discretionary, then mandatory), Art. 62
   * "情节严重的，可以处…" (discretionary both).
   */
  @Property({ type: 'boolean' })
  seriousDiscretionary: Opt<boolean> = false;

  /** Another limitation period than 行政处罚法 Art. 36 (税收征管法 Art. 86: five years). */
  @Property({ type: 'integer', nullable: true })
  limitationYears?: number | null;

  @Property({ type: 'text', nullable: true })
  limitationCitation?: string | null;

  @Enum({ items: () => NoFaultRule })
  noFaultRule: Opt<NoFaultRule> = NoFaultRule.NO_PENALTY;

  @Property({ type: 'text', nullable: true })
  noFaultCitation?: string | null;

  @Property({ type: 'json' })
  noFaultPenaltyKinds: Opt<PenaltyKind[]> = [];
}

/** 行政处罚法 Art. 34: a published discretion baseline for one offence, effective-dated. */
@Entity()
@Index({ properties: ['offence', 'effectiveFrom'] })
export class DiscretionBaseline extends BaseEntity {
  @ManyToOne(() => Offence, { ref: true })
  offence!: Ref<Offence>;

  @Property({ type: 'date' })
  effectiveFrom!: string;

  @Property({ type: 'date', nullable: true })
  effectiveTo?: string | null;

  @Property({ type: 'json' })
  tiers: Opt<BaselineTierRange[]> = [];

  @Property({ type: 'string', length: 300, nullable: true })
  source?: string | null;
}

/** A series of lists 清单系列: one issuer and field, whose versions supersede each other. */
@Entity()
export class LeniencyListSeries extends BaseEntity {
  @Property({ type: 'string', length: 200, unique: true })
  name!: string;

  @Property({ type: 'string', length: 200, nullable: true })
  issuer?: string | null;

  /** 领域, e.g. 市场监管; empty for a joint list of every field. */
  @Property({ type: 'string', length: 100, nullable: true })
  field?: string | null;
}

/** One version of a 免罚轻罚清单, in its series. */
@Entity()
@Unique({ properties: ['series', 'version'] })
export class LeniencyList extends BaseEntity {
  @ManyToOne(() => LeniencyListSeries, { ref: true, index: true })
  series!: Ref<LeniencyListSeries>;

  /** The list's own version label, e.g. "3.0", unique within its series. */
  @Property({ type: 'string', length: 20 })
  version!: string;

  @Property({ type: 'string', length: 200 })
  title!: string;

  @Property({ type: 'string', length: 200, nullable: true })
  issuer?: string | null;

  @Property({ type: 'date' })
  effectiveFrom!: string;

  @Property({ type: 'date', nullable: true })
  effectiveTo?: string | null;

  @Enum({ items: () => ListStatus })
  @Index()
  status: Opt<ListStatus> = ListStatus.DRAFT;

  @Property({ type: 'Date', nullable: true })
  publishedAt?: Date | null;

  /** Optimistic lock (named so because `version` is the list's label). */
  @Property({ type: 'integer', version: true })
  revision!: Opt<number>;
}

@Entity()
@Unique({ properties: ['list', 'number'] })
@Index({ properties: ['offence', 'list'] })
export class LeniencyItem extends BaseEntity {
  @ManyToOne(() => LeniencyList, { ref: true, deleteRule: 'cascade' })
  list!: Ref<LeniencyList>;

  /** 序号 within the list. */
  @Property({ type: 'integer' })
  number!: number;

  @ManyToOne(() => Offence, { ref: true })
  offence!: Ref<Offence>;

  @Enum({ items: () => LeniencyKind })
  kind!: LeniencyKind;

  /** 适用条件 as published. */
  @Property({ type: 'text' })
  conditions!: string;

  /** Whether every condition must hold, or one of them ("有下列情形之一"). */
  @Enum({ items: () => ConditionMatch })
  conditionMatch: Opt<ConditionMatch> = ConditionMatch.ALL;

  /** How 首违 is counted: N months, the calendar year, or never before. */
  @Enum({ items: () => LookbackKind })
  lookbackKind: Opt<LookbackKind> = LookbackKind.MONTHS;

  /** 首违 look-back window in months (lookbackKind MONTHS). */
  @Property({ type: 'integer', nullable: true })
  lookbackMonths?: number | null;

  @Enum({ items: () => Harm })
  maxHarm: Opt<Harm> = Harm.MINOR;

  @Property({ type: 'boolean' })
  requiresCorrection: Opt<boolean> = true;

  /** Whether the item asks the party to sign a 告知承诺书 (printed as a document of the case). */
  @Property({ type: 'boolean', default: false })
  requiresCommitment: Opt<boolean> = false;

  /** 处理方式: what still applies, 免罚不免责. */
  @Property({ type: 'json' })
  measures: Opt<string[]> = [];

  @Property({ type: 'text', nullable: true })
  note?: string | null;
}

/** One 适用条件 of an item, a fact the officer confirms in the check. */
@Entity()
@Unique({ properties: ['item', 'number'] })
export class LeniencyItemCondition extends BaseEntity {
  @ManyToOne(() => LeniencyItem, { ref: true, deleteRule: 'cascade' })
  item!: Ref<LeniencyItem>;

  /** Its place among the item's conditions, from 1. */
  @Property({ type: 'integer' })
  number!: number;

  @Property({ type: 'text' })
  text!: string;
}
