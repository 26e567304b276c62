import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { money } from './base';

/**
 * Totals of decided cases by month and every dimension managers group by: the source of
 * leniencyStats. Kept exact in the same transaction as every case write (db/case-stats.ts)
 * and rebuildable from the cases table (`npm run stats -- --check` proves they match).
 */
@Entity({ tableName: 'case_stat' })
@Unique({ properties: ['month', 'departmentId', 'districtId', 'offenceId', 'kind', 'outcome'] })
@Index({ properties: ['departmentId', 'month'] })
@Index({ properties: ['districtId', 'month'] })
export class CaseStat {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  /** YYYY-MM of the decision date. */
  @Property({ type: 'string', length: 7 })
  month!: string;

  @Property({ type: 'integer' })
  departmentId!: number;

  @Property({ type: 'integer' })
  districtId!: number;

  @Property({ type: 'integer' })
  offenceId!: number;

  /** The applied list item's kind, or '' where no item applied. */
  @Property({ type: 'string', length: 32 })
  kind!: string;

  @Property({ type: 'string', length: 16 })
  outcome!: string;

  @Property({ type: 'integer' })
  cases!: number;

  @Property({ type: 'integer' })
  lenientCases!: number;

  @Property(money())
  fines!: number;

  @Property(money())
  relief!: number;
}

/**
 * The last case number given in a department's series for a year (包市监罚〔2026〕123号): taken
 * and raised in the transaction that creates the case, so numbers are unique across server
 * instances (services/case-numbers.ts).
 */
@Entity({ tableName: 'case_number_counter' })
@Unique({ properties: ['departmentId', 'year'] })
export class CaseNumberCounter {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'integer' })
  departmentId!: number;

  @Property({ type: 'integer' })
  year!: number;

  @Property({ type: 'integer' })
  last!: number;
}
