import type { EntityManager } from '@mikro-orm/core';
import { addMonths } from '../domain/dates';
import { CaseStatus } from '../domain/enums';
import { REPEAT_WINDOW_MONTHS, type PriorCase, type RuleBook } from '../domain/leniency';
import * as E from '../db/entities';
import { preparedRows, sqlRows } from '../db/sql';
import { catalogueRules, type CatalogueRules } from './rulebook';

/*
 * The catalogue (offences, list versions and items, baselines) changes a few times a year and
 * is read by every check. It is kept in memory and reloaded when it changes: at once after a
 * write through this process, and otherwise when a cheap fingerprint of the four tables differs,
 * looked at no more than every REVALIDATE_MS (other server processes sharing a PostgreSQL
 * database see a published list within that time).
 */
const REVALIDATE_MS = 250;

export interface CatalogueSnapshot {
  offences: Map<number, E.Offence>;
  lists: Map<number, E.LeniencyList>;
  items: Map<number, E.LeniencyItem>;
  /** The catalogue as the rules take it (items and baselines by offence). */
  rules: CatalogueRules;
}

export class Catalogue {
  private snapshot: CatalogueSnapshot | null = null;
  private fingerprint = '';
  private checkedAt = 0;
  private loading: Promise<CatalogueSnapshot> | null = null;

  constructor(private readonly root: EntityManager) {}

  /** Forget what is held: the next read reloads. Called after every catalogue write here. */
  invalidate(): void {
    this.snapshot = null;
    this.fingerprint = '';
  }

  async current(): Promise<CatalogueSnapshot> {
    return this.fresh() ?? (this.loading ??= this.refresh().finally(() => (this.loading = null)));
  }

  /** The snapshot when it needs no revalidation yet (so a caller can stay synchronous), else null. */
  fresh(): CatalogueSnapshot | null {
    return this.snapshot && Date.now() - this.checkedAt < REVALIDATE_MS ? this.snapshot : null;
  }

  private async refresh(): Promise<CatalogueSnapshot> {
    const rows = await sqlRows<Record<string, unknown>>(
      this.root,
      `select (select count(*) from offence) as a, (select max(updated_at) from offence) as b,
              (select count(*) from leniency_list) as c, (select max(updated_at) from leniency_list) as d,
              (select count(*) from leniency_item) as e, (select max(updated_at) from leniency_item) as f,
              (select count(*) from discretion_baseline) as g, (select max(updated_at) from discretion_baseline) as h`,
    );
    const fingerprint = JSON.stringify(rows[0]);
    this.checkedAt = Date.now();
    if (this.snapshot && fingerprint === this.fingerprint) return this.snapshot;
    const em = this.root.fork();
    const [offences, lists, items, baselines] = [
      await em.find(E.Offence, {}),
      await em.find(E.LeniencyList, {}),
      await em.find(E.LeniencyItem, {}, { orderBy: { number: 'asc' } }),
      await em.find(E.DiscretionBaseline, {}),
    ];
    this.snapshot = {
      offences: new Map(offences.map((o) => [o.id, o])),
      lists: new Map(lists.map((l) => [l.id, l])),
      items: new Map(items.map((i) => [i.id, i])),
      rules: catalogueRules(offences, lists, items, baselines),
    };
    this.fingerprint = fingerprint;
    return this.snapshot;
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
  ): Promise<{ enterpriseId: number; book: RuleBook | null; priorRows: PriorRow[] } | null> {
    const { rules } = await this.current();
    const parts = rules.byOffence.get(offenceId);
    const months = Math.max(REPEAT_WINDOW_MONTHS, ...(parts?.items ?? []).map((i) => i.lookbackMonths ?? 0));
    const [column, value] =
      'id' in enterprise ? ['id', enterprise.id] : ['credit_code', enterprise.creditCode];
    const rows = await preparedRows<PriorRow & { found_enterprise_id: number }>(
      em,
      `select e.id as found_enterprise_id, c.*
         from enterprise e
         left join penalty_case c on c.enterprise_id = e.id and c.offence_id = ? and c.offence_date >= ?
              and c.offence_date < ? and c.status in (?, ?)
        where e.${column} = ?
        order by c.offence_date, c.id`,
      [offenceId, addMonths(actDate, -months), actDate, CaseStatus.DECIDED, CaseStatus.CLOSED, value],
    );
    if (!rows.length) return null;
    const enterpriseId = Number(rows[0].found_enterprise_id);
    const priorRows = rows.filter((r) => r.id !== null).map(({ found_enterprise_id: _, ...row }) => row);
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
        })),
      },
    };
  }
}

/** A row of penalty_case as the database returns it (the columns the rules read are typed). */
export type PriorRow = Record<string, unknown> & {
  id: number;
  case_number: string;
  offence_date: string;
  outcome: PriorCase['outcome'];
};
