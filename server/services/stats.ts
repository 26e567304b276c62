import type { EntityManager } from '@mikro-orm/core';
import { addDays, addMonths } from '../domain/dates';
import { LeniencyKind, Tier } from '../domain/enums';
import { InvalidInput } from '../domain/errors';
import { KIND_ZH, TIER_ZH } from '../domain/leniency';
import { itemName } from '../domain/lists';
import type { Dialect } from '../db/orm';
import { sqlRows } from '../db/sql';
import { CASE_MEASURES_SQL, COUNTED_CASES_SQL, monthSql } from '../db/case-stats';
import { LENIENT_CASE_SQL, SET_DIMENSIONS, countEnterprises, type SetDimension } from '../db/enterprise-sets';

/*
 * leniencyStats: totals of decided cases for managers. Whole months come from case_stat (kept
 * exact with every case write, db/case-stats.ts); the days of a partial first or last month
 * come from the cases table through its (status, decision_date) index; distinct enterprises,
 * which no total can be summed into, are unioned from case_enterprise_set (db/enterprise-sets.ts)
 * when asked for, or counted from the cases where a filter or dimension is finer than its sets.
 */
export enum StatsDimension {
  DEPARTMENT = 'DEPARTMENT',
  DISTRICT = 'DISTRICT',
  KIND = 'KIND',
  OUTCOME = 'OUTCOME',
  OFFENCE = 'OFFENCE',
  MONTH = 'MONTH',
  YEAR = 'YEAR',
  /** The list item that applied (《title》（3.0版）第N项); counted from the cases table. */
  ITEM = 'ITEM',
}

export interface StatsFilter {
  from?: string | null;
  to?: string | null;
  departmentId?: number | null;
  districtId?: number | null;
  kind?: LeniencyKind | null;
  outcome?: Tier | null;
  offenceId?: number | null;
}

export interface StatsRow {
  keys: string[];
  labels: string[];
  cases: number;
  lenientCases: number;
  /** fen */
  fines: number;
  relief: number;
  enterprises: number;
  reoffence: Reoffence;
  /** Distinct enterprises of lenient cases: the enterprises that benefited. */
  lenientEnterprises: number;
}

/**
 * 免罚轻罚 that did not work: lenient cases (decided NONE, MITIGATED or LIGHTER under a list
 * item) whose enterprise offended again within 12 or 24 months of the decision: any offence,
 * and the same offence. A later offence counts by its act date, once its own case is decided.
 * Only cases whose whole window has passed (as of `asOf`) are counted, in both the cases and
 * the re-offences, so a recent decision does not lower the rate by not having had the time.
 */
export interface Reoffence {
  /** Lenient cases decided at least 12 months before asOf. */
  lenient12: number;
  reoffended12: number;
  sameOffence12: number;
  lenient24: number;
  reoffended24: number;
  sameOffence24: number;
}

const noReoffence = (): Reoffence => ({
  lenient12: 0,
  reoffended12: 0,
  sameOffence12: 0,
  lenient24: 0,
  reoffended24: 0,
  sameOffence24: 0,
});

const MAX_DIMENSIONS = 3;

const emptyRow = (keys: string[]): StatsRow => ({
  keys,
  labels: [],
  cases: 0,
  lenientCases: 0,
  fines: 0,
  relief: 0,
  enterprises: 0,
  reoffence: noReoffence(),
  lenientEnterprises: 0,
});

function expressions(dialect: Dialect) {
  const month = monthSql(dialect);
  const year =
    dialect === 'postgresql' ? "to_char(c.decision_date, 'YYYY')" : 'substr(c.decision_date, 1, 4)';
  return {
    summary: {
      DEPARTMENT: 's.department_id',
      DISTRICT: 's.district_id',
      KIND: 's.kind',
      OUTCOME: 's.outcome',
      OFFENCE: 's.offence_id',
      MONTH: 's.month',
      YEAR: 'substr(s.month, 1, 4)',
      ITEM: 'null', // case_stat has no item: groupings by item read the cases (leniencyStats)
    } as Record<StatsDimension, string>,
    cases: {
      DEPARTMENT: 'c.department_id',
      DISTRICT: 'c.district_id',
      KIND: "coalesce(i.kind, '')",
      OUTCOME: 'c.outcome',
      OFFENCE: 'c.offence_id',
      MONTH: month,
      YEAR: year,
      ITEM: 'c.item_id',
    } as Record<StatsDimension, string>,
  };
}

const lastDayOfMonth = (month: string) => addDays(addMonths(`${month}-01`, 1), -1);

/** Splits [from, to] into whole months (from case_stat) and the days of partial edge months (from cases). */
export function splitRange(
  from: string | null,
  to: string | null,
): { months: [string, string] | null; days: [string, string][] } {
  const days: [string, string][] = [];
  let firstMonth = from ? from.slice(0, 7) : '0000-01';
  let lastMonth = to ? to.slice(0, 7) : '9999-12';
  if (
    from &&
    to &&
    from.slice(0, 7) === to.slice(0, 7) &&
    (from.slice(8) !== '01' || to !== lastDayOfMonth(to.slice(0, 7)))
  )
    return { months: null, days: [[from, to]] };
  if (from && from.slice(8) !== '01') {
    days.push([from, lastDayOfMonth(firstMonth)]);
    firstMonth = addMonths(`${firstMonth}-01`, 1).slice(0, 7);
  }
  if (to && to !== lastDayOfMonth(lastMonth)) {
    days.push([`${lastMonth}-01`, to]);
    lastMonth = addMonths(`${lastMonth}-01`, -1).slice(0, 7);
  }
  return { months: firstMonth <= lastMonth ? [firstMonth, lastMonth] : null, days };
}

function where(prefix: 's' | 'c', f: StatsFilter): { sql: string[]; params: unknown[] } {
  const sql: string[] = [];
  const params: unknown[] = [];
  const add = (cond: string, value: unknown) => {
    sql.push(cond);
    params.push(value);
  };
  if (f.departmentId) add(`${prefix}.department_id = ?`, f.departmentId);
  if (f.districtId) add(`${prefix}.district_id = ?`, f.districtId);
  if (f.offenceId) add(`${prefix}.offence_id = ?`, f.offenceId);
  if (f.outcome) add(`${prefix}.outcome = ?`, f.outcome);
  if (f.kind) add(prefix === 's' ? 's.kind = ?' : 'i.kind = ?', f.kind);
  return { sql, params };
}

type Raw = {
  cases: number | string;
  lenient: number | string | null;
  fines: number | string | null;
  relief: number | string | null;
} & Record<string, unknown>;

export async function leniencyStats(
  em: EntityManager,
  dialect: Dialect,
  filter: StatsFilter,
  groupBy: StatsDimension[],
  withEnterprises: boolean,
  /** Counts re-offences as of this date (none: not asked for). */
  reoffenceAsOf: string | null = null,
): Promise<{ totals: StatsRow; groups: StatsRow[] }> {
  if (new Set(groupBy).size !== groupBy.length)
    throw new InvalidInput('groupBy', '分组维度不能重复', 'a dimension appears twice');
  if (groupBy.length > MAX_DIMENSIONS)
    throw new InvalidInput(
      'groupBy',
      `最多按${MAX_DIMENSIONS}个维度分组`,
      `group by at most ${MAX_DIMENSIONS} dimensions`,
    );
  if (filter.from && filter.to && filter.from > filter.to)
    throw new InvalidInput('filter.to', '截止日期不能早于起始日期', 'must not be before filter.from');
  const expr = expressions(dialect);
  // case_stat has no item: a grouping by item counts every case from the cases table.
  const { months, days } = groupBy.includes(StatsDimension.ITEM)
    ? { months: null, days: [[filter.from ?? '0001-01-01', filter.to ?? '9999-12-31'] as [string, string]] }
    : splitRange(filter.from ?? null, filter.to ?? null);
  const groups = new Map<string, StatsRow>();
  const keyOf = (r: Record<string, unknown>) =>
    groupBy.map((_, i) => String((r[`k${i}`] as string | number | null) ?? ''));
  const add = (rows: Raw[]) => {
    for (const r of rows) {
      const keys = keyOf(r);
      const k = keys.join('\u0000');
      const g = groups.get(k) ?? emptyRow(keys);
      g.cases += Number(r.cases);
      g.lenientCases += Number(r.lenient_cases ?? 0);
      g.fines += Number(r.fines ?? 0);
      g.relief += Number(r.relief ?? 0);
      groups.set(k, g);
    }
  };
  const selectKeys = (e: Record<StatsDimension, string>) => groupBy.map((d, i) => `${e[d]} as k${i}`);
  const groupKeys = (e: Record<StatsDimension, string>) =>
    groupBy.length ? ` group by ${groupBy.map((d) => e[d]).join(', ')}` : '';

  if (months) {
    const w = where('s', filter);
    add(
      await sqlRows<Raw>(
        em,
        `select ${[...selectKeys(expr.summary), 'sum(s.cases) as cases', 'sum(s.lenient_cases) as lenient_cases', 'sum(s.fines) as fines', 'sum(s.relief) as relief'].join(', ')}
           from case_stat s where s.month >= ? and s.month <= ?${w.sql.map((c) => ` and ${c}`).join('')}${groupKeys(expr.summary)}`,
        [months[0], months[1], ...w.params],
      ),
    );
  }
  const caseWhere = (range: [string, string] | null) => {
    const w = where('c', filter);
    const sql = [COUNTED_CASES_SQL, ...w.sql];
    const params = [...w.params];
    if (range) {
      sql.push('c.decision_date >= ?', 'c.decision_date <= ?');
      params.push(range[0], range[1]);
    } else {
      if (filter.from) {
        sql.push('c.decision_date >= ?');
        params.push(filter.from);
      }
      if (filter.to) {
        sql.push('c.decision_date <= ?');
        params.push(filter.to);
      }
    }
    return { sql: sql.join(' and '), params };
  };
  for (const range of days) {
    const w = caseWhere(range);
    add(
      await sqlRows<Raw>(
        em,
        `select ${[...selectKeys(expr.cases), CASE_MEASURES_SQL].join(', ')}
           from penalty_case c left join leniency_item i on i.id = c.item_id where ${w.sql}${groupKeys(expr.cases)}`,
        w.params,
      ),
    );
  }
  const distinct = async (byGroup: boolean) => {
    const w = caseWhere(null);
    const keys = byGroup ? selectKeys(expr.cases) : [];
    return sqlRows<Record<string, unknown> & { n: number | string; ln: number | string }>(
      em,
      `select ${[...keys, 'count(distinct c.enterprise_id) as n', `count(distinct case when ${LENIENT_CASE_SQL} then c.enterprise_id end) as ln`].join(', ')}
         from penalty_case c left join leniency_item i on i.id = c.item_id where ${w.sql}${byGroup ? groupKeys(expr.cases) : ''}`,
      w.params,
    );
  };
  const rows = [...groups.values()].filter((g) => g.cases > 0);
  const totals = emptyRow([]);
  for (const g of rows) {
    totals.cases += g.cases;
    totals.lenientCases += g.lenientCases;
    totals.fines += g.fines;
    totals.relief += g.relief;
  }
  if (withEnterprises) {
    const fromSets =
      !filter.kind && !filter.outcome && !filter.offenceId && groupBy.every((d) => SET_DIMENSIONS.has(d));
    if (fromSets) {
      // Unions of the kept per-month sets (db/enterprise-sets.ts): exact, without reading every case.
      const counted = await countEnterprises(
        em,
        dialect,
        { months, days },
        filter,
        groupBy as SetDimension[],
      );
      Object.assign(totals, counted.totals);
      for (const g of rows) Object.assign(g, counted.groups.get(g.keys.join('\u0000')) ?? {});
    } else {
      const [all] = await distinct(false);
      totals.enterprises = Number(all?.n ?? 0);
      totals.lenientEnterprises = Number(all?.ln ?? 0);
      if (groupBy.length) {
        const counts = new Map((await distinct(true)).map((r) => [keyOf(r).join('\u0000'), r]));
        for (const g of rows) {
          const c = counts.get(g.keys.join('\u0000'));
          g.enterprises = Number(c?.n ?? 0);
          g.lenientEnterprises = Number(c?.ln ?? 0);
        }
      }
    }
  }
  if (reoffenceAsOf) {
    const w = caseWhere(null);
    const found = await sqlRows<Record<string, unknown> & Record<keyof Reoffence, number | string>>(
      em,
      reoffenceSql(
        dialect,
        groupBy.map((d, i) => `${expr.cases[d]} as k${i}`),
        w.sql,
      ),
      [reoffenceAsOf, ...w.params, reoffenceAsOf],
    );
    const byKey = new Map(found.map((r) => [keyOf(r).join('\u0000'), r]));
    for (const g of [...rows, totals]) {
      const own = g === totals ? found : [byKey.get(g.keys.join('\u0000'))].filter((r) => r !== undefined);
      for (const r of own)
        for (const m of Object.keys(g.reoffence) as (keyof Reoffence)[]) g.reoffence[m] += Number(r[m] ?? 0);
    }
  }
  // Without dimensions the one group is the totals.
  if (withEnterprises && !groupBy.length)
    for (const g of rows)
      Object.assign(g, { enterprises: totals.enterprises, lenientEnterprises: totals.lenientEnterprises });
  await label(em, groupBy, rows);
  const timeOrdered = groupBy.includes(StatsDimension.MONTH) || groupBy.includes(StatsDimension.YEAR);
  rows.sort(
    (a, b) => (timeOrdered ? 0 : b.cases - a.cases) || a.keys.join('|').localeCompare(b.keys.join('|')),
  );
  return { totals, groups: rows };
}

/** Human names for keys: department and district names, offence titles, Chinese kinds and outcomes. */
async function label(em: EntityManager, groupBy: StatsDimension[], rows: StatsRow[]): Promise<void> {
  const names = async (table: string, column: string) =>
    new Map(
      (await sqlRows<{ id: number; name: string }>(em, `select id, ${column} as name from ${table}`)).map(
        (r) => [String(r.id), r.name],
      ),
    );
  const lookups: Partial<Record<StatsDimension, Map<string, string>>> = {};
  if (groupBy.includes(StatsDimension.DEPARTMENT)) lookups.DEPARTMENT = await names('department', 'name');
  if (groupBy.includes(StatsDimension.DISTRICT)) lookups.DISTRICT = await names('district', 'name');
  if (groupBy.includes(StatsDimension.OFFENCE)) lookups.OFFENCE = await names('offence', 'title');
  if (groupBy.includes(StatsDimension.ITEM))
    lookups.ITEM = new Map(
      (
        await sqlRows<{ id: number; title: string; version: string; number: number }>(
          em,
          'select i.id, l.title, l.version, i.number from leniency_item i join leniency_list l on l.id = i.list_id',
        )
      ).map((r) => [String(r.id), itemName(r, r.number)]),
    );
  for (const r of rows)
    r.labels = groupBy.map((d, i) => {
      const key = r.keys[i];
      if (d === StatsDimension.KIND) return key ? KIND_ZH[key as LeniencyKind] : '未适用清单';
      if (d === StatsDimension.ITEM && !key) return '未适用清单';
      if (d === StatsDimension.OUTCOME) return TIER_ZH[key as Tier] ?? key;
      if (d === StatsDimension.MONTH || d === StatsDimension.YEAR) return key;
      return lookups[d]?.get(key) ?? key;
    });
}

/**
 * The date `months` after a case's decision date, as domain/dates.ts addMonths counts it (the
 * same day, or the month's last day where it has none: 民法典 Art. 202), in each dialect.
 */
function windowEndSql(dialect: Dialect, months: number): string {
  return dialect === 'postgresql'
    ? `(c.decision_date + interval '${months} months')::date`
    : `min(date(c.decision_date, '+${months} months'), date(c.decision_date, 'start of month', '+${months + 1} months', '-1 day'))`;
}

/**
 * Re-offences of the lenient cases matching `where` (over penalty_case c left join
 * leniency_item i), grouped by `keys` (k0, k1, …). Each lenient case looks up its enterprise's
 * next decided case, of any offence and of the same offence, acted after its decision: two
 * probes of the (enterprise, offence date) and (enterprise, offence, offence date) indexes.
 * Parameters: asOf, where's, asOf.
 */
function reoffenceSql(dialect: Dialect, keys: string[], where: string): string {
  const next = (same: boolean) => `(select min(n.offence_date) from penalty_case n
      where n.enterprise_id = c.enterprise_id${same ? ' and n.offence_id = c.offence_id' : ''}
        and n.offence_date > c.decision_date and n.status in ('DECIDED', 'CLOSED') and n.id <> c.id)`;
  const outKeys = keys.map((_, i) => `k${i}`);
  const counted = (m: number, next?: string) =>
    `sum(case when r.end${m} <= r.as_of${next ? ` and r.${next} is not null and r.${next} <= r.end${m}` : ''} then 1 else 0 end)`;
  // Materialized: each case's two look-ups run once, not once for every sum that reads them.
  return `with r as materialized (select ${[...keys, ''].join(', ')}${windowEndSql(dialect, 12)} as end12, ${windowEndSql(dialect, 24)} as end24,
            ${dialect === 'postgresql' ? 'cast(? as date)' : '?'} as as_of, ${next(false)} as next_any, ${next(true)} as next_same
          from penalty_case c left join leniency_item i on i.id = c.item_id
          where ${where} and i.kind is not null and c.outcome in ('NONE', 'MITIGATED', 'LIGHTER')
            and ${windowEndSql(dialect, 12)} <= ${dialect === 'postgresql' ? 'cast(? as date)' : '?'})
    select ${[
      ...outKeys,
      `${counted(12)} as "lenient12"`,
      `${counted(12, 'next_any')} as "reoffended12"`,
      `${counted(12, 'next_same')} as "sameOffence12"`,
      `${counted(24)} as "lenient24"`,
      `${counted(24, 'next_any')} as "reoffended24"`,
      `${counted(24, 'next_same')} as "sameOffence24"`,
    ].join(', ')} from r
    ${outKeys.length ? `group by ${outKeys.join(', ')}` : ''}`;
}
