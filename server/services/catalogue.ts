import type { EntityManager } from '@mikro-orm/core';
import { PostgreSqlConnection } from '@mikro-orm/postgresql';
import { SINCE_RECORDS, addMonths } from '../domain/dates';
import { CaseStatus } from '../domain/enums';
import { REPEAT_WINDOW_MONTHS, type PriorCase, type RuleBook } from '../domain/leniency';
import { lookbackFrom } from '../domain/lists';
import * as E from '../db/entities';
import { sqlRows } from '../db/sql';
import { GroupedRead, groupedStatement, keyTable } from '../db/grouped-read';
import { catalogueRules, type CatalogueRules } from './rulebook';

/*
 * The catalogue (offences, list versions and items, baselines) changes a few times a year and
 * is read by every check. It is kept in memory and reloaded when it changes: at once after a
 * write through this process, and otherwise when a cheap fingerprint of the four tables differs,
 * looked at no more than every REVALIDATE_MS (other server processes sharing a PostgreSQL
 * database see a published list within that time).
 */
const REVALIDATE_MS = 250;

/** The tables whose rows make the catalogue; a change to any of them reloads it. */
const CATALOGUE_TABLES = [
  'offence',
  'offence_version',
  'leniency_list_series',
  'leniency_list',
  'leniency_item',
  'leniency_item_condition',
  'discretion_baseline',
];

export interface CatalogueSnapshot {
  offences: Map<number, E.Offence>;
  versions: Map<number, E.OffenceVersion>;
  series: Map<number, E.LeniencyListSeries>;
  lists: Map<number, E.LeniencyList>;
  items: Map<number, E.LeniencyItem>;
  conditions: Map<number, E.LeniencyItemCondition>;
  /** The catalogue as the rules take it (items and baselines by offence). */
  rules: CatalogueRules;
}

export class Catalogue {
  private snapshot: CatalogueSnapshot | null = null;
  private fingerprint = '';
  private checkedAt = 0;
  private loading: Promise<CatalogueSnapshot> | null = null;

  /** The check's one read, grouped across requests: the enterprise and its prior cases. */
  private readonly priorsById = new GroupedRead<PriorKey, FoundRow>((keys) =>
    priorsOf(this.root, 'id', keys),
  );
  private readonly priorsByCode = new GroupedRead<PriorKey, FoundRow>((keys) =>
    priorsOf(this.root, 'credit_code', keys),
  );

  constructor(private readonly root: EntityManager) {}

  /** Forget what is held: the next read reloads. Called after every catalogue write here. */
  invalidate(): void {
    this.snapshot = null;
    this.fingerprint = '';
  }

  /**
   * The catalogue as it stands. Pass the caller's EntityManager when it may be inside a write
   * transaction: the revalidation then runs on that transaction's connection instead of
   * borrowing a second one from the pool (see `withinTransaction`).
   */
  async current(em?: EntityManager): Promise<CatalogueSnapshot> {
    const held = this.fresh();
    if (held) return held;
    if (em?.isInTransaction()) return this.withinTransaction(em);
    return (this.loading ??= this.refresh().finally(() => (this.loading = null)));
  }

  /**
   * Revalidation inside a write transaction (issue #11 §2): a transaction that waits for a
   * second pooled connection while it holds one can exhaust the pool and freeze every request.
   * The snapshot read through the transaction is used for this call only and never cached, as
   * it would show that transaction's own uncommitted writes.
   */
  private async withinTransaction(em: EntityManager): Promise<CatalogueSnapshot> {
    // Nothing held (a catalogue write just invalidated it): reload it for the next callers too,
    // beside this transaction and without waiting for it.
    if (!this.snapshot) void this.current().catch(() => undefined);
    const fingerprint = await this.fingerprintOf(em);
    if (this.snapshot && fingerprint === this.fingerprint) {
      this.checkedAt = Date.now();
      return this.snapshot;
    }
    return this.load(em.fork({ keepTransactionContext: true, clear: true }));
  }

  private async fingerprintOf(em: EntityManager): Promise<string> {
    const rows = await sqlRows<Record<string, unknown>>(
      em,
      `select ${CATALOGUE_TABLES.map(
        (t, i) => `(select count(*) from ${t}) as c${i}, (select max(updated_at) from ${t}) as u${i}`,
      ).join(', ')}`,
    );
    return JSON.stringify(rows[0]);
  }

  /** The snapshot when it needs no revalidation yet (so a caller can stay synchronous), else null. */
  fresh(): CatalogueSnapshot | null {
    return this.snapshot && Date.now() - this.checkedAt < REVALIDATE_MS ? this.snapshot : null;
  }

  private async refresh(): Promise<CatalogueSnapshot> {
    const fingerprint = await this.fingerprintOf(this.root);
    this.checkedAt = Date.now();
    if (this.snapshot && fingerprint === this.fingerprint) return this.snapshot;
    this.snapshot = await this.load(this.root.fork());
    this.fingerprint = fingerprint;
    return this.snapshot;
  }

  private async load(em: EntityManager): Promise<CatalogueSnapshot> {
    const all = {
      offences: await em.find(E.Offence, {}),
      versions: await em.find(E.OffenceVersion, {}),
      series: await em.find(E.LeniencyListSeries, {}),
      lists: await em.find(E.LeniencyList, {}),
      items: await em.find(E.LeniencyItem, {}, { orderBy: { number: 'asc' } }),
      conditions: await em.find(E.LeniencyItemCondition, {}),
      baselines: await em.find(E.DiscretionBaseline, {}),
    };
    const byId = <T extends { id: number }>(rows: readonly T[]) => new Map(rows.map((r) => [r.id, r]));
    return {
      offences: byId(all.offences),
      versions: byId(all.versions),
      series: byId(all.series),
      lists: byId(all.lists),
      items: byId(all.items),
      conditions: byId(all.conditions),
      rules: catalogueRules(all),
    };
  }

  /**
   * Everything the rules need for one check, with one query beyond the cache: the enterprise
   * (by id or credit code) joined to its earlier decided cases of the offence. Null when the
   * enterprise does not exist; throws nothing for an unknown offence (`book` is then null).
   * `priorRows` are those cases' whole rows, so that a caller can show them without another
   * round trip (checkLeniency's priorCases).
   */
  async ruleBook(
    em: EntityManager,
    offenceId: number,
    enterprise: { id: number } | { creditCode: string },
    actDate: string,
    /** Whether the reader may see a prior case (its number is named in the reasons only then). */
    visible: (row: PriorRow) => boolean = () => true,
  ): Promise<{ enterpriseId: number; book: RuleBook | null; priorRows: PriorRow[] } | null> {
    const { rules } = await this.current(em);
    const parts = rules.byOffence.get(offenceId);
    // The widest window any rule looks back over: the repeat window, or an item's 首违 window.
    let since = addMonths(actDate, -REPEAT_WINDOW_MONTHS);
    for (const item of parts?.items ?? []) {
      const from = lookbackFrom(item, actDate) ?? SINCE_RECORDS;
      if (from < since) since = from;
    }
    const key: PriorKey = [
      'id' in enterprise ? enterprise.id : enterprise.creditCode,
      offenceId,
      since,
      actDate,
    ];
    // Outside a transaction the read is grouped with other requests' (GroupedRead); inside one
    // it runs on the transaction's own connection, seeing its writes.
    const rows = em.isInTransaction()
      ? (await priorsOf(em, 'id' in enterprise ? 'id' : 'credit_code', [key]))[0]
      : await ('id' in enterprise ? this.priorsById : this.priorsByCode).load(key);
    if (!rows.length) return null;
    const enterpriseId = Number(rows[0].found_enterprise_id);
    const priorRows = rows
      .filter((r) => r.id !== null)
      .map(({ found_enterprise_id: _, batch_key: __, ...row }) => row);
    if (!parts) return { enterpriseId, book: null, priorRows };
    return {
      enterpriseId,
      priorRows,
      book: {
        ...parts,
        lists: rules.lists,
        priorCases: priorRows.map((p): PriorCase => ({
          id: Number(p.id),
          caseNumber: p.case_number,
          offenceDate: String(p.offence_date),
          outcome: p.outcome,
          visible: visible(p),
        })),
      },
    };
  }
}

/** The enterprise (by id or credit code), the offence, and the look-back [since, until). */
type PriorKey = readonly [enterprise: number | string, offenceId: number, since: string, until: string];
type FoundRow = PriorRow & { found_enterprise_id: number; batch_key: number };
/** A row as the statement gives it: the prior case's columns as one JSON text. */
type JsonRow = { found_enterprise_id: number; batch_key: number; prior: string | null };

/**
 * A prior case's columns as one JSON text, null where there is no case. Most checks find none,
 * and as `c.*` the driver made a property of each of the fifty null columns of every such row:
 * ~30 µs of CPU per check more than one column (2026-12-01, 32 keys a batch). SQLite's
 * json_object takes at most 127 arguments.
 */
function priorJson(em: EntityManager): string {
  if (em.getConnection() instanceof PostgreSqlConnection)
    return `case when c.id is null then null else to_jsonb(c)::text end`;
  const columns = em
    .getMetadata()
    .get(E.PenaltyCase.name)
    .props.filter((p) => p.persist !== false && !p.formula)
    .flatMap((p) => p.fieldNames ?? []);
  if (columns.length * 2 > 127) throw new Error('penalty_case has too many columns for json_object');
  return `case when c.id is null then null else json_object(${columns.map((c) => `'${c}', c.${c}`).join(', ')}) end`;
}

/**
 * For each key: one row per prior case of the enterprise for the offence, decided or closed,
 * committed in [since, until), in date order; one row with a null case when it has none; no
 * row when there is no such enterprise.
 */
const priorStatement = (column: 'id' | 'credit_code') =>
  groupedStatement<JsonRow>(
    (em, count) => `${keyTable(
      em,
      'q',
      [
        ['enterprise', column === 'id' ? 'int' : 'text'],
        ['offence_id', 'int'],
        ['since', 'date'],
        ['until', 'date'],
      ],
      count,
    )}
     select q.k as batch_key, e.id as found_enterprise_id, ${priorJson(em)} as prior
       from q cross join enterprise e
       left join penalty_case c on c.enterprise_id = e.id and c.offence_id = q.offence_id
            and c.offence_date >= q.since and c.offence_date < q.until and c.status in (?, ?)
      where e.${column} = q.enterprise
      order by q.k, c.offence_date, c.id`,
  );
const PRIOR_STATEMENTS = { id: priorStatement('id'), credit_code: priorStatement('credit_code') };

async function priorsOf(
  em: EntityManager,
  column: 'id' | 'credit_code',
  keys: readonly PriorKey[],
): Promise<FoundRow[][]> {
  const found = await PRIOR_STATEMENTS[column](em, keys, [CaseStatus.DECIDED, CaseStatus.CLOSED]);
  return found.map((rows) =>
    rows.map(
      ({ prior, found_enterprise_id, batch_key }) =>
        ({
          ...(prior === null ? { id: null } : (JSON.parse(prior) as PriorRow)),
          found_enterprise_id,
          batch_key,
        }) as FoundRow,
    ),
  );
}

/** A row of penalty_case as the database returns it (the columns the rules read are typed). */
export type PriorRow = Record<string, unknown> & {
  id: number;
  case_number: string;
  offence_date: string;
  outcome: PriorCase['outcome'];
};
