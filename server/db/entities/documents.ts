import { Entity, Enum, Index, ManyToOne, Property, type Opt, type Ref } from '@mikro-orm/core';
import { DocumentKind, FollowUpResult } from '../../domain/enums';
import { BaseEntity } from './base';
import { Department } from './catalogue';
import { PenaltyCase } from './cases';
import { User } from './people';

/**
 * The text of one kind of document (决定书, 通知书, 承诺书), for one department or, without a
 * department, the default. Managers edit it; every edit raises its version, the audit trail
 * keeps the text as it was, and each printed document names the version it was printed from.
 */
@Entity()
@Index({ properties: ['kind', 'department'] })
export class DocumentTemplate extends BaseEntity {
  @Enum({ items: () => DocumentKind })
  kind!: DocumentKind;

  /** null: the default for every department without its own. */
  @ManyToOne(() => Department, { ref: true, nullable: true })
  department?: Ref<Department> | null;

  @Property({ type: 'string', length: 100 })
  title!: string;

  /** The body with {{placeholders}} (domain/documents.ts names them). */
  @Property({ type: 'text' })
  body!: string;

  @Property({ type: 'integer', version: true })
  version!: Opt<number>;
}

/** 回访: whether a lenient decision's order to correct was carried out (免罚不免责). */
@Entity()
export class FollowUpVisit extends BaseEntity {
  // Its unique index serves every lookup by case: no second, plain index (SQLite's default for a relation).
  @ManyToOne(() => PenaltyCase, { ref: true, unique: true, index: false, deleteRule: 'cascade' })
  penaltyCase!: Ref<PenaltyCase>;

  /** By when the party must have corrected the act (the 责令改正通知书's date). */
  @Property({ type: 'date' })
  correctionDeadline!: string;

  @Index()
  @Property({ type: 'date' })
  dueDate!: string;

  @Property({ type: 'date', nullable: true })
  doneDate?: string | null;

  @Index()
  @Enum({ items: () => FollowUpResult })
  result: Opt<FollowUpResult> = FollowUpResult.PENDING;

  /** Who visits: the case's officer unless reassigned. */
  @ManyToOne(() => User, { ref: true, nullable: true, index: true })
  officer?: Ref<User> | null;

  @Property({ type: 'text', nullable: true })
  notes?: string | null;

  @Property({ type: 'integer', version: true })
  version!: Opt<number>;
}
