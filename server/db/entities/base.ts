import { PrimaryKey, Property, type Opt } from '@mikro-orm/core';

/**
 * Every stored record: a numeric key and when it was created and last changed.
 * Timestamps are declared `type: 'Date'`, never 'datetime': MikroORM keeps SQLite timestamps as
 * numbers in its snapshot and compares them by value only for 'Date', so a 'datetime' property
 * rewrites every loaded record on the next flush (tests/api/reads-write-nothing.test.ts).
 */
export abstract class BaseEntity {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'Date', onCreate: () => new Date() })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'Date', onCreate: () => new Date(), onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();
}

/** (A fresh object each time: MikroORM writes into the options it is given.) */
/** Money in integer fen (or hundredths of a multiple); bigint in the database, number in JS. */
export const money = () => ({ type: 'bigint', runtimeType: 'number' }) as const;
