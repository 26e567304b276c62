import type { EntityManager, EventArgs, EventSubscriber } from '@mikro-orm/core';
import { CaseStatus, Tier } from '../domain/enums';
import { LENIENT } from '../domain/leniency';
import { PenaltyCase } from './entities';
import { sqlRows, sqliteDriver } from './sql';
import {
  addToEnterpriseSets,
  adjustEnterpriseSet,
  enterpriseSetDifferences,
  rebuildEnterpriseSets,
} from './enterprise-sets';

/*
 * case_stat holds the totals of decided cases by month, department, district, offence, list
 * kind and outcome. Every case write through the ORM adjusts it in the same transaction (the
 * subscriber below); bulk loads that bypass the ORM add a CaseStatsDelta (imports) or call
 * rebuildCaseStats (seeds). A case counts when
 * it is DECIDED or CLOSED, in the month of its decision date (DOMAIN.md).
 */

export interface Contribution {
  month: string;
  departmentId: number;
  districtId: number;
  offenceId: number;
  enterpriseId: number;
  itemId: number | null;
  outcome: Tier;
  fine: number;
  relief: number;
}

const id = (v: unknown): number | null =>
  v === null || v === undefined
    ? null
    : typeof v === 'object'
      ? Number((v as { id: unknown }).id)
      : Number(v);

/** Whether a case counts in the totals: decided or closed, with a decision date and an outcome (DOMAIN.md). */
export const countsInStats = (
  status: CaseStatus,
  decisionDate: string | null | undefined,
  outcome: Tier | null | undefined,
): boolean => (status === CaseStatus.DECIDED || status === CaseStatus.CLOSED) && !!decisionDate && !!outcome;

/** What one case adds to the totals, or null when it does not count. */
function contribution(c: Record<string, unknown>): Contribution | null {
  const status = c.status as CaseStatus;
  const decisionDate = c.decisionDate as string | null | undefined;
  if (!countsInStats(status, decisionDate, c.outcome as Tier | null)) return null;
  return {
    month: String(decisionDate).slice(0, 7),
    departmentId: id(c.department)!,
    districtId: id(c.district)!,
    offenceId: id(c.offence)!,
    enterpriseId: id(c.enterprise)!,
    itemId: id(c.item),
    outcome: c.outcome as Tier,
    fine: Number(c.fine ?? 0),
    relief: Number(c.relief ?? 0),
  };
}

/** 1 when a counted case is lenient: an outcome the lists give, under a list item (DOMAIN.md). */
const countsAsLenient = (kind: string, outcome: Tier): 0 | 1 => (kind && LENIENT.has(outcome) ? 1 : 0);

/**
 * Adds `rows` rows of (month, department, district, offence, kind, outcome, cases, lenient cases,
 * fines, relief) to case_stat: the one statement of the per-case subscriber and of bulk loads.
 */
const addToCaseStat = (rows: number) =>
  `insert into case_stat (month, department_id, district_id, offence_id, kind, outcome, cases, lenient_cases, fines, relief)
     values ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
     on conflict (month, department_id, district_id, offence_id, kind, outcome) do update set
       cases = case_stat.cases + excluded.cases, lenient_cases = case_stat.lenient_cases + excluded.lenient_cases,
       fines = case_stat.fines + excluded.fines, relief = case_stat.relief + excluded.relief`;

async function apply(em: EntityManager, c: Contribution, sign: 1 | -1): Promise<void> {
  const kind = c.itemId
    ? ((await sqlRows<{ kind: string }>(em, 'select kind from leniency_item where id = ?', [c.itemId]))[0]
        ?.kind ?? '')
    : '';
  const lenient = countsAsLenient(kind, c.outcome);
  await em
    .getConnection()
    .execute(
      addToCaseStat(1),
      [
        c.month,
        c.departmentId,
        c.districtId,
        c.offenceId,
        kind,
        c.outcome,
        sign,
        sign * lenient,
        sign * c.fine,
        sign * c.relief,
      ],
      'run',
      em.getTransactionContext(),
    );
  await adjustEnterpriseSet(
    em,
    { month: c.month, departmentId: c.departmentId, districtId: c.districtId },
    c.enterpriseId,
    lenient === 1,
    sign,
  );
}

/** Keeps case_stat and case_enterprise_set exact: runs inside the flush of every PenaltyCase change. */
export class CaseStatsSubscriber implements EventSubscriber<PenaltyCase> {
  getSubscribedEntities() {
    return [PenaltyCase];
  }

  async afterCreate({ em, entity }: EventArgs<PenaltyCase>): Promise<void> {
    const now = contribution(entity as unknown as Record<string, unknown>);
    if (now) await apply(em, now, 1);
  }

  async afterUpdate({ em, entity, changeSet }: EventArgs<PenaltyCase>): Promise<void> {
    const before = changeSet?.originalEntity ? contribution({ ...changeSet.originalEntity }) : null;
    const after = contribution(entity as unknown as Record<string, unknown>);
    if (before) await apply(em, before, -1);
    if (after) await apply(em, after, 1);
  }

  async afterDelete({ em, entity }: EventArgs<PenaltyCase>): Promise<void> {
    // A removed case is as it was loaded (a case is never changed and removed in one flush here).
    const before = contribution(entity as unknown as Record<string, unknown>);
    if (before) await apply(em, before, -1);
  }
}

/** A decision date's month, YYYY-MM, in each dialect (`c` is penalty_case). */
export const monthSql = (dialect: 'sqlite' | 'postgresql') =>
  dialect === 'postgresql' ? "to_char(c.decision_date, 'YYYY-MM')" : 'substr(c.decision_date, 1, 7)';

/**
 * The measures of decided cases, over `penalty_case c left join leniency_item i`: how many,
 * how many lenient (NONE, MITIGATED or LIGHTER under a list item: DOMAIN.md), fines, relief.
 */
export const CASE_MEASURES_SQL = `count(*) as cases,
  sum(case when i.kind is not null and c.outcome in ('NONE', 'MITIGATED', 'LIGHTER') then 1 else 0 end) as lenient_cases,
  sum(coalesce(c.fine, 0)) as fines, sum(coalesce(c.relief, 0)) as relief`;

/** The cases that count: decided or closed, with a decision. */
export const COUNTED_CASES_SQL =
  "c.status in ('DECIDED', 'CLOSED') and c.decision_date is not null and c.outcome is not null";

/** The totals as a plain GROUP BY over the cases table computes them (the reference). */
export function caseStatsSelect(dialect: 'sqlite' | 'postgresql'): string {
  return `select ${monthSql(dialect)} as month, c.department_id, c.district_id, c.offence_id, coalesce(i.kind, '') as kind, c.outcome,
      ${CASE_MEASURES_SQL}
    from penalty_case c left join leniency_item i on i.id = c.item_id
    where ${COUNTED_CASES_SQL}
    group by 1, c.department_id, c.district_id, c.offence_id, 5, c.outcome`;
}

/** Recomputes case_stat from the cases, in the caller's transaction (or its own statements). */
export async function rebuildCaseStats(em: EntityManager, dialect: 'sqlite' | 'postgresql'): Promise<void> {
  const connection = em.getConnection();
  await connection.execute('delete from case_stat', [], 'run', em.getTransactionContext());
  await connection.execute(
    `insert into case_stat (month, department_id, district_id, offence_id, kind, outcome, cases, lenient_cases, fines, relief)
     ${caseStatsSelect(dialect)}`,
    [],
    'run',
    em.getTransactionContext(),
  );
  await rebuildEnterpriseSets(em, dialect);
}

/**
 * What a bulk load of new cases adds to case_stat and case_enterprise_set, gathered as the rows
 * are written and added at the end in one pass: the subscriber's arithmetic for many cases at
 * once, so the totals equal a rebuild's without reading every case back. Memory: one number per
 * counted case (its enterprise) and one entry per row of case_stat touched.
 */
export class CaseStatsDelta {
  /** Per set key (month|department|district): its case_stat rows and its cases' enterprises. */
  private sets = new Map<string, DeltaSet>();

  /** Adds one case that counts (`countsInStats`); `kind` is its list item's kind, or '' without one. */
  add(c: Contribution & { kind: string }): void {
    const lenient = countsAsLenient(c.kind, c.outcome);
    const setKey = `${c.month}|${c.departmentId}|${c.districtId}`;
    let set = this.sets.get(setKey);
    if (!set) this.sets.set(setKey, (set = { totals: new Map(), members: [] }));
    // case_stat's other keys in one number: offence, kind and outcome (few of each).
    const kind = kindIndex(c.kind);
    const key = (c.offenceId * 64 + kind) * 8 + OUTCOMES.indexOf(c.outcome);
    const t = set.totals.get(key);
    if (t) {
      t[0]++;
      t[1] += lenient;
      t[2] += c.fine;
      t[3] += c.relief;
    } else set.totals.set(key, [1, lenient, c.fine, c.relief]);
    set.members.push(c.enterpriseId * 2 + lenient);
  }

  /** Adds the cases to case_stat and case_enterprise_set, in the caller's transaction. */
  async apply(em: EntityManager, dialect: 'sqlite' | 'postgresql'): Promise<void> {
    const rows: unknown[][] = [];
    for (const [setKey, set] of this.sets) {
      const [month, department, district] = setKey.split('|');
      for (const [key, t] of set.totals)
        rows.push([
          month,
          Number(department),
          Number(district),
          Math.floor(key / 512),
          KINDS[Math.floor(key / 8) % 64],
          OUTCOMES[key % 8],
          ...t,
        ]);
      set.totals.clear();
    }
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      await runBound(em, dialect, addToCaseStat(chunk.length), chunk.flat());
    }
    await addToEnterpriseSets(
      em,
      dialect,
      new Map([...this.sets].map(([k, set]) => [k, set.members])),
      (sql, params) => runBound(em, dialect, sql, params),
    );
    this.sets.clear();
  }
}

interface DeltaSet {
  /** (offence × 64 + kind) × 8 + outcome → [cases, lenient cases, fines, relief] */
  totals: Map<number, [number, number, number, number]>;
  /** enterprise id × 2 + 1 if lenient, one per case */
  members: number[];
}

const OUTCOMES: Tier[] = Object.values(Tier);
/** List kinds met so far, '' (no item) first: few, and the same for the life of the process. */
const KINDS: string[] = [''];
function kindIndex(kind: string): number {
  let i = KINDS.indexOf(kind);
  if (i < 0) {
    if (KINDS.length >= 64) throw new Error('more than 64 list kinds');
    i = KINDS.push(kind) - 1;
  }
  return i;
}

/** A write with bound parameters in the caller's transaction (on SQLite straight to the driver). */
function runBound(
  em: EntityManager,
  dialect: 'sqlite' | 'postgresql',
  sql: string,
  params: unknown[],
): Promise<unknown> {
  return dialect === 'sqlite'
    ? sqliteDriver(em, 'run', sql, params)
    : em.getConnection().execute(sql, params, 'run', em.getTransactionContext());
}

/** Rows where case_stat and a fresh GROUP BY differ (none when the totals are exact). */
export async function caseStatsDifferences(
  em: EntityManager,
  dialect: 'sqlite' | 'postgresql',
): Promise<string[]> {
  type Row = {
    month: string;
    department_id: number;
    district_id: number;
    offence_id: number;
    kind: string;
    outcome: string;
    cases: number;
    lenient_cases: number;
    fines: number;
    relief: number;
  };
  const key = (r: Row) =>
    [r.month, r.department_id, r.district_id, r.offence_id, r.kind, r.outcome].join('|');
  const value = (r: Row) => [r.cases, r.lenient_cases, r.fines, r.relief].map(Number).join(',');
  const fresh = new Map((await sqlRows<Row>(em, caseStatsSelect(dialect))).map((r) => [key(r), value(r)]));
  const kept = new Map(
    (await sqlRows<Row>(em, 'select * from case_stat'))
      .filter((r) => Number(r.cases) !== 0 || Number(r.fines) !== 0)
      .map((r) => [key(r), value(r)]),
  );
  const diffs: string[] = [];
  for (const [k, v] of fresh)
    if (kept.get(k) !== v) diffs.push(`${k}: cases table ${v}, case_stat ${kept.get(k) ?? 'missing'}`);
  for (const [k, v] of kept) if (!fresh.has(k)) diffs.push(`${k}: case_stat ${v}, cases table has none`);
  diffs.push(...(await enterpriseSetDifferences(em, dialect)));
  return diffs;
}
