import { Entity, Enum, Index, ManyToOne, Property, Unique, type Ref, type Opt } from '@mikro-orm/core';
import { EnterpriseScale, FineUnit, ListStatus, LeniencyKind, Harm } from '../../domain/enums';
import type { BaselineTierRange } from '../../domain/baseline';
import { BaseEntity, money } from './base';

@Entity()
export class Department extends BaseEntity {
  @Property({ type: 'string', length: 100, unique: true })
  name!: string;

  @Property({ type: 'string', length: 32, unique: true })
  code!: string;
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

/** An offence in the catalogue, with the statutory fine range of its penalty power 处罚事项. */
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

/** One version of the city's 免罚轻罚清单. */
@Entity()
export class LeniencyList extends BaseEntity {
  /** The list's own version label, e.g. "3.0". */
  @Property({ type: 'string', length: 20, unique: true })
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

  /** 首违 look-back window in months (FIRST_OFFENCE_NO_PENALTY). */
  @Property({ type: 'integer', nullable: true })
  lookbackMonths?: number | null;

  @Enum({ items: () => Harm })
  maxHarm: Opt<Harm> = Harm.MINOR;

  @Property({ type: 'boolean' })
  requiresCorrection: Opt<boolean> = true;

  /** 处理方式: what still applies, 免罚不免责. */
  @Property({ type: 'json' })
  measures: Opt<string[]> = [];

  @Property({ type: 'text', nullable: true })
  note?: string | null;
}
