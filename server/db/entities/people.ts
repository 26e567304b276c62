import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Ref, type Opt } from '@mikro-orm/core';
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

  /**
   * Tokens carry the value this had when they were issued and stop working once it moves on:
   * bumped by a password, role or department change, deactivation and `logoutEverywhere`.
   */
  @Property({ type: 'integer', hidden: true, default: 0 })
  tokenVersion: Opt<number> = 0;
}

/** Tokens logged out before they expire (`logout`); a row may go once `expiresAt` has passed. */
@Entity()
export class RevokedToken {
  /** The token's `jti`. */
  @PrimaryKey({ type: 'string', length: 22 })
  jti!: string;

  /** Not a foreign key: nothing to clean when the user goes. */
  @Property({ type: 'integer' })
  userId!: number;

  @Index()
  @Property({ type: 'Date' })
  expiresAt!: Date;
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
