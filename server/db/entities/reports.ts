import {
  Collection,
  Entity,
  Enum,
  Index,
  ManyToOne,
  OneToMany,
  Property,
  type Ref,
  type Opt,
} from '@mikro-orm/core';
import { FindingCategory, ReportStatus, RiskLevel } from '../../domain/enums';
import { BaseEntity } from './base';
import { Enterprise, Offence } from './catalogue';
import { User } from './people';

/** 法治体检报告 */
@Entity()
export class CheckupReport extends BaseEntity {
  @ManyToOne(() => Enterprise, { ref: true, index: true })
  enterprise!: Ref<Enterprise>;

  @ManyToOne(() => User, { ref: true, index: true })
  lawyer!: Ref<User>;

  @Property({ type: 'string', length: 200, nullable: true })
  lawFirm?: string | null;

  @Property({ type: 'date' })
  checkDate!: string;

  @Property({ type: 'text', nullable: true })
  scope?: string | null;

  @Property({ type: 'text', nullable: true })
  method?: string | null;

  @Property({ type: 'text', nullable: true })
  summary?: string | null;

  /** 0–100, derived from the findings. */
  @Property({ type: 'integer' })
  riskIndex: Opt<number> = 0;

  @Enum({ items: () => RiskLevel })
  riskLevel: Opt<RiskLevel> = RiskLevel.LOW;

  @Index()
  @Enum({ items: () => ReportStatus })
  status: Opt<ReportStatus> = ReportStatus.DRAFT;

  @ManyToOne(() => User, { ref: true, nullable: true })
  reviewer?: Ref<User> | null;

  @Property({ type: 'text', nullable: true })
  reviewComment?: string | null;

  @Property({ type: 'Date', nullable: true })
  submittedAt?: Date | null;

  @Property({ type: 'Date', nullable: true })
  reviewedAt?: Date | null;

  @Property({ type: 'Date', nullable: true })
  deliveredAt?: Date | null;

  @OneToMany(() => ReportFinding, (f) => f.report)
  findings = new Collection<ReportFinding>(this);

  @Property({ type: 'integer', version: true })
  version!: Opt<number>;
}

@Entity()
export class ReportFinding extends BaseEntity {
  @ManyToOne(() => CheckupReport, { ref: true, index: true, deleteRule: 'cascade' })
  report!: Ref<CheckupReport>;

  @Enum({ items: () => FindingCategory })
  category!: FindingCategory;

  @Enum({ items: () => RiskLevel })
  riskLevel!: RiskLevel;

  @Property({ type: 'text' })
  description!: string;

  @Property({ type: 'text', nullable: true })
  legalBasis?: string | null;

  @Property({ type: 'text', nullable: true })
  recommendation?: string | null;

  @Property({ type: 'date', nullable: true })
  deadline?: string | null;

  @Property({ type: 'boolean' })
  rectified: Opt<boolean> = false;

  @Property({ type: 'date', nullable: true })
  rectifiedAt?: string | null;

  @Property({ type: 'text', nullable: true })
  rectificationNote?: string | null;

  @ManyToOne(() => Offence, { ref: true, nullable: true })
  offence?: Ref<Offence> | null;
}
