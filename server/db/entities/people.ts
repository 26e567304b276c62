import { Entity, Enum, Index, ManyToOne, Property, type Ref, type Opt } from '@mikro-orm/core';
import { Role } from '../../domain/enums';
import { BaseEntity } from './base';
import { Department } from './catalogue';

@Entity()
export class User extends BaseEntity {
  @Property({ type: 'string', length: 50, unique: true })
  username!: string;

  @Property({ type: 'string', length: 100 })
  displayName!: string;

  @Enum({ items: () => Role })
  role!: Role;

  @ManyToOne(() => Department, { ref: true, nullable: true, index: true })
  department?: Ref<Department> | null;

  @Property({ type: 'string', length: 200, nullable: true })
  lawFirm?: string | null;

  @Property({ type: 'boolean' })
  active: Opt<boolean> = true;

  /** bcrypt hash; never leaves the server. */
  @Property({ type: 'string', length: 100, hidden: true, lazy: false })
  passwordHash!: string;
}

/** Who changed what, when: one row per mutation, never edited. */
@Entity()
@Index({ properties: ['entityType', 'entityId'] })
export class AuditEntry {
  @Property({ type: 'integer', primary: true, autoincrement: true })
  id!: number;

  @Index()
  @Property({ type: 'Date' })
  at: Opt<Date> = new Date();

  /** Not a foreign key: the trail outlives the user. */
  @Index()
  @Property({ type: 'integer', nullable: true })
  userId?: number | null;

  @Property({ type: 'string', length: 50, nullable: true })
  username?: string | null;

  @Property({ type: 'string', length: 50 })
  action!: string;

  @Property({ type: 'string', length: 50 })
  entityType!: string;

  @Property({ type: 'string', length: 50, nullable: true })
  entityId?: string | null;

  @Property({ type: 'json', nullable: true })
  changes?: unknown;
}
