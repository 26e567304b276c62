import type { EntityManager } from '@mikro-orm/core';
import type { Dialect } from './orm';
import { preparedRows, sqlRows } from './sql';

/*
 * Distinct enterprises of decided cases (all, and those of lenient cases: the enterprises that
 * benefited), exactly and without reading every case. case_enterprise_set keeps, per decision
 * month, department and district, each enterprise with its number of cases and lenient cases.
 * A count over any range of whole months, filtered or grouped by department, district, month or
 * year, is the union of those rows' enterprises; partial edge months come from the cases table.
 */

export interface SetKey {
  month: string;
  departmentId: number;
  districtId: number;
}

/** enterprise id → [cases, lenient cases] */
type Members = Map<number, [number, number]>;

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

export function decodeMembers(text: string | null | undefined): Uint32Array {
  if (!text) return new Uint32Array(0);
  const bytes = Buffer.from(text, 'base64');
  if (LITTLE_ENDIAN) {
    // One copy into an aligned buffer, then read as stored.
    const aligned = new Uint8Array(bytes.length);
    aligned.set(bytes);
    return new Uint32Array(aligned.buffer, 0, bytes.length / 4);
  }
  const out = new Uint32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readUInt32LE(i * 4);
  return out;
}

function toMembers(packed: Uint32Array): Members {
  const m: Members = new Map();
  for (let i = 0; i < packed.length; i += 3) m.set(packed[i], [packed[i + 1], packed[i + 2]]);
  return m;
}

function encodeMembers(m: Members): string {
  const triples: number[] = [];
  for (const id of [...m.keys()].sort((a, b) => a - b)) triples.push(id, ...m.get(id)!);
  return encodeTriples(triples);
}

/** Packs (id, cases, lenient) triples, already sorted by id: the stored form of a set's members. */
function encodeTriples(triples: number[]): string {
  const bytes = Buffer.alloc(triples.length * 4);
  for (let i = 0; i < triples.length; i++) bytes.writeUInt32LE(triples[i], i * 4);
  return bytes.toString('base64');
}

const run = (em: EntityManager, sql: string, params: unknown[]) =>
  em.getConnection().execute(sql, params, 'run', em.getTransactionContext());

/** Adds (sign 1) or removes (sign -1) one case of `enterpriseId` to its month's set, in the caller's transaction. */
export async function adjustEnterpriseSet(
  em: EntityManager,
  key: SetKey,
  enterpriseId: number,
  lenient: boolean,
  sign: 1 | -1,
): Promise<void> {
  const where = 'month = ? and department_id = ? and district_id = ?';
  const params = [key.month, key.departmentId, key.districtId];
  // Take the row's lock first (an empty set where there is none), so concurrent writers queue.
  await run(
    em,
    `insert into case_enterprise_set (month, department_id, district_id, enterprises) values (?, ?, ?, '')
       on conflict (month, department_id, district_id) do update set enterprises = case_enterprise_set.enterprises`,
    params,
  );
  const row = (
    await sqlRows<{ enterprises: string }>(
      em,
      `select enterprises from case_enterprise_set where ${where}`,
      params,
    )
  )[0];
  const members = toMembers(decodeMembers(row?.enterprises));
  const [cases, len] = members.get(enterpriseId) ?? [0, 0];
  const next: [number, number] = [cases + sign, len + (lenient ? sign : 0)];
  if (next[0] <= 0) members.delete(enterpriseId);
  else members.set(enterpriseId, next);
  await run(em, `update case_enterprise_set set enterprises = ? where ${where}`, [
    encodeMembers(members),
    ...params,
  ]);
}

/** A row of case_enterprise_set as read here (its keys and the packed enterprises). */
interface EnterpriseSetRow {
  month: string;
  department_id: number;
  district_id: number;
  enterprises: string;
}

/**
 * Adds many cases to their sets at once, in the caller's transaction (a bulk load: see
 * CaseStatsDelta). `added` maps a set key (month|department|district) to one number per case,
 * its enterprise id × 2 + 1 if lenient. Each set touched is read once, merged and written back.
 */
export async function addToEnterpriseSets(
  em: EntityManager,
  dialect: Dialect,
  added: Map<string, number[]>,
  write: (sql: string, params: unknown[]) => Promise<unknown>,
): Promise<void> {
  if (!added.size) return;
  const months = [...added.keys()].map((k) => k.slice(0, k.indexOf('|'))).sort();
  const before = new Map<string, string>();
  for (const r of await sqlRows<EnterpriseSetRow>(
    em,
    'select month, department_id, district_id, enterprises from case_enterprise_set where month >= ? and month <= ?',
    [months[0], months[months.length - 1]],
  )) {
    const key = `${r.month}|${Number(r.department_id)}|${Number(r.district_id)}`;
    if (r.enterprises && added.has(key)) before.set(key, r.enterprises);
  }
  const rows: unknown[][] = [];
  for (const [key, cases] of added) {
    // Sorted, a case's enterprise runs together: count its cases and lenient ones.
    const sorted = Float64Array.from(cases).sort();
    const fresh: number[] = [];
    for (let i = 0; i < sorted.length;) {
      const id = Math.floor(sorted[i] / 2);
      let n = 0;
      let lenient = 0;
      for (; i < sorted.length && Math.floor(sorted[i] / 2) === id; i++) {
        n++;
        lenient += sorted[i] % 2;
      }
      fresh.push(id, n, lenient);
    }
    // Merged with the members already there (both sorted by id: encodeMembers writes them so).
    const old = decodeMembers(before.get(key));
    const merged: number[] = [];
    let a = 0;
    let b = 0;
    while (a < old.length || b < fresh.length) {
      if (b >= fresh.length || (a < old.length && old[a] < fresh[b])) {
        merged.push(old[a], old[a + 1], old[a + 2]);
        a += 3;
      } else if (a >= old.length || fresh[b] < old[a]) {
        merged.push(fresh[b], fresh[b + 1], fresh[b + 2]);
        b += 3;
      } else {
        merged.push(old[a], old[a + 1] + fresh[b + 1], old[a + 2] + fresh[b + 2]);
        a += 3;
        b += 3;
      }
    }
    const [month, department, district] = key.split('|');
    rows.push([month, Number(department), Number(district), encodeTriples(merged)]);
  }
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    await write(
      `insert into case_enterprise_set (month, department_id, district_id, enterprises)
         values ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}
         on conflict (month, department_id, district_id) do update set enterprises = excluded.enterprises`,
      chunk.flat(),
    );
  }
}

/** The lenient-case condition over `penalty_case c left join leniency_item i` (DOMAIN.md). */
export const LENIENT_CASE_SQL = "i.kind is not null and c.outcome in ('NONE', 'MITIGATED', 'LIGHTER')";

const monthOf = (dialect: Dialect) =>
  dialect === 'postgresql' ? "to_char(c.decision_date, 'YYYY-MM')" : 'substr(c.decision_date, 1, 7)';

const COUNTED = "c.status in ('DECIDED', 'CLOSED') and c.decision_date is not null and c.outcome is not null";

interface MemberRow {
  month: string;
  department_id: number | string;
  district_id: number | string;
  enterprise_id: number | string;
  cases: number | string;
  lenient: number | string;
}

/** The sets as the cases table says they should be (decisions from `from`, before `to`, when given). */
async function freshSets(
  em: EntityManager,
  dialect: Dialect,
  range: [string, string] | null = null,
): Promise<Map<string, Members>> {
  const rows = await sqlRows<MemberRow>(
    em,
    `select ${monthOf(dialect)} as month, c.department_id, c.district_id, c.enterprise_id, count(*) as cases,
            sum(case when ${LENIENT_CASE_SQL} then 1 else 0 end) as lenient
       from penalty_case c left join leniency_item i on i.id = c.item_id
      where ${COUNTED}${range ? ' and c.decision_date >= ? and c.decision_date < ?' : ''}
      group by 1, c.department_id, c.district_id, c.enterprise_id`,
    range ?? [],
  );
  const sets = new Map<string, Members>();
  for (const r of rows) {
    const k = `${r.month}|${Number(r.department_id)}|${Number(r.district_id)}`;
    const m = sets.get(k) ?? new Map<number, [number, number]>();
    m.set(Number(r.enterprise_id), [Number(r.cases), Number(r.lenient)]);
    sets.set(k, m);
  }
  return sets;
}

/**
 * Recomputes case_enterprise_set from the cases, in the caller's transaction: a year of decisions
 * at a time, so that a million cases are never held in memory at once.
 */
export async function rebuildEnterpriseSets(em: EntityManager, dialect: Dialect): Promise<void> {
  await run(em, 'delete from case_enterprise_set', []);
  const [span] = await sqlRows<{ first: string | Date | null; last: string | Date | null }>(
    em,
    `select min(c.decision_date) as first, max(c.decision_date) as last from penalty_case c where ${COUNTED}`,
  );
  const year = (v: string | Date | null | undefined) =>
    v === null || v === undefined ? null : v instanceof Date ? v.getFullYear() : Number(v.slice(0, 4));
  const [first, last] = [year(span?.first), year(span?.last)];
  if (first === null || last === null) return;
  for (let y = first; y <= last; y++) {
    const sets = [...(await freshSets(em, dialect, [`${y}-01-01`, `${y + 1}-01-01`])).entries()];
    for (let i = 0; i < sets.length; i += 200) {
      const batch = sets.slice(i, i + 200);
      await run(
        em,
        `insert into case_enterprise_set (month, department_id, district_id, enterprises) values ${batch.map(() => '(?, ?, ?, ?)').join(', ')}`,
        batch.flatMap(([k, m]) => {
          const [month, dep, dist] = k.split('|');
          return [month, Number(dep), Number(dist), encodeMembers(m)];
        }),
      );
    }
  }
}

/** Sets whose members differ from the cases table's (none when exact). */
export async function enterpriseSetDifferences(em: EntityManager, dialect: Dialect): Promise<string[]> {
  const fresh = await freshSets(em, dialect);
  const kept = new Map(
    (
      await sqlRows<{ month: string; department_id: number; district_id: number; enterprises: string }>(
        em,
        'select month, department_id, district_id, enterprises from case_enterprise_set',
      )
    )
      .filter((r) => r.enterprises)
      .map((r) => [`${r.month}|${Number(r.department_id)}|${Number(r.district_id)}`, r.enterprises]),
  );
  const diffs: string[] = [];
  for (const [k, m] of fresh)
    if (kept.get(k) !== encodeMembers(m))
      diffs.push(`enterprises of ${k}: the cases table and case_enterprise_set differ`);
  for (const k of kept.keys())
    if (!fresh.has(k)) diffs.push(`enterprises of ${k}: case_enterprise_set has some, the cases none`);
  return diffs;
}

export type SetDimension = 'DEPARTMENT' | 'DISTRICT' | 'MONTH' | 'YEAR';
export const SET_DIMENSIONS: ReadonlySet<string> = new Set<SetDimension>([
  'DEPARTMENT',
  'DISTRICT',
  'MONTH',
  'YEAR',
]);

export interface EnterpriseCounts {
  enterprises: number;
  lenientEnterprises: number;
}

/**
 * Distinct enterprises (all, and of lenient cases) of the decided cases in whole months
 * `months` and edge day ranges `days`, filtered by department and district, in total and by
 * `groupBy` (keys as leniencyStats writes them).
 */
export async function countEnterprises(
  em: EntityManager,
  dialect: Dialect,
  range: { months: [string, string] | null; days: [string, string][] },
  filter: { departmentId?: number | null; districtId?: number | null },
  groupBy: SetDimension[],
): Promise<{ totals: EnterpriseCounts; groups: Map<string, EnterpriseCounts> }> {
  const extra: string[] = [];
  const params: unknown[] = [];
  if (filter.departmentId) {
    extra.push('department_id = ?');
    params.push(filter.departmentId);
  }
  if (filter.districtId) {
    extra.push('district_id = ?');
    params.push(filter.districtId);
  }
  /** Each contribution: its keys and packed (id, cases, lenient) triples. */
  const parts: { month: string; departmentId: number; districtId: number; packed: Uint32Array }[] = [];
  if (range.months) {
    // Straight to the driver (bound parameters, prepared once): a dashboard read, not a write.
    const rows = await preparedRows<EnterpriseSetRow>(
      em,
      `select month, department_id, district_id, enterprises from case_enterprise_set
        where month >= ? and month <= ?${extra.map((c) => ` and ${c}`).join('')}`,
      [range.months[0], range.months[1], ...params],
    );
    for (const r of rows)
      parts.push({
        month: r.month,
        departmentId: Number(r.department_id),
        districtId: Number(r.district_id),
        packed: decodeMembers(r.enterprises),
      });
  }
  for (const [from, to] of range.days) {
    const rows = await sqlRows<MemberRow>(
      em,
      `select ${monthOf(dialect)} as month, c.department_id, c.district_id, c.enterprise_id, count(*) as cases,
              sum(case when ${LENIENT_CASE_SQL} then 1 else 0 end) as lenient
         from penalty_case c left join leniency_item i on i.id = c.item_id
        where ${COUNTED} and c.decision_date >= ? and c.decision_date <= ?${extra.map((c) => ` and c.${c}`).join('')}
        group by 1, c.department_id, c.district_id, c.enterprise_id`,
      [from, to, ...params],
    );
    for (const r of rows)
      parts.push({
        month: r.month,
        departmentId: Number(r.department_id),
        districtId: Number(r.district_id),
        packed: Uint32Array.of(Number(r.enterprise_id), Number(r.cases), Number(r.lenient)),
      });
  }
  let max = 0;
  for (const p of parts)
    for (let i = 0; i < p.packed.length; i += 3) if (p.packed[i] > max) max = p.packed[i];
  // One byte per enterprise id and group: bit 1 = has a decided case, bit 2 = has a lenient one.
  const keyOf = (p: (typeof parts)[number]) =>
    groupBy
      .map((d) =>
        d === 'DEPARTMENT'
          ? String(p.departmentId)
          : d === 'DISTRICT'
            ? String(p.districtId)
            : d === 'MONTH'
              ? p.month
              : p.month.slice(0, 4),
      )
      .join('\u0000');
  const total = new Uint8Array(max + 1);
  const byGroup = new Map<string, Uint8Array>();
  for (const p of parts) {
    let g: Uint8Array | undefined;
    if (groupBy.length) {
      const k = keyOf(p);
      g = byGroup.get(k);
      if (!g) byGroup.set(k, (g = new Uint8Array(max + 1)));
    }
    const packed = p.packed;
    for (let i = 0; i < packed.length; i += 3) {
      const mark = packed[i + 2] > 0 ? 3 : 1;
      total[packed[i]] |= mark;
      if (g) g[packed[i]] |= mark;
    }
  }
  const count = (bits: Uint8Array): EnterpriseCounts => {
    let enterprises = 0;
    let lenientEnterprises = 0;
    for (let i = 0; i < bits.length; i++) {
      if (bits[i]) enterprises++;
      if (bits[i] & 2) lenientEnterprises++;
    }
    return { enterprises, lenientEnterprises };
  };
  return {
    totals: count(total),
    groups: new Map([...byGroup.entries()].map(([k, bits]) => [k, count(bits)])),
  };
}
