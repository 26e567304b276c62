import type { EntityManager } from '@mikro-orm/core';
import { formatCaseNumber, parseCaseNumber } from '../domain/case-review';
import { sqlRows } from '../db/sql';

/*
 * Case numbers 案号 are given per department and year from a counter row (case_number_counter),
 * taken and raised by one upsert inside the transaction that creates the case: the row stays
 * locked until that transaction ends, so two creations (on any number of server instances on
 * one PostgreSQL database, or SQLite's single writer) never get the same number, and a
 * creation that fails gives its number back with its rollback.
 */

/** The department's 文号 prefix: its own, or its code (包市监罚 for 市场监督管理局 in the seeds). */
async function prefixOf(em: EntityManager, departmentId: number): Promise<string> {
  const [row] = await sqlRows<{ case_number_prefix: string | null; code: string }>(
    em,
    'select case_number_prefix, code from department where id = ?',
    [departmentId],
  );
  return row?.case_number_prefix?.trim() || `${row?.code ?? ''}罚`;
}

/** Raises the counter to at least `atLeast` (or by one), returning its new value. */
async function bump(
  em: EntityManager,
  departmentId: number,
  year: number,
  atLeast?: number,
): Promise<number> {
  const [row] = await sqlRows<{ last: number | string }>(
    em,
    atLeast === undefined
      ? `insert into case_number_counter (department_id, year, last) values (?, ?, 1)
         on conflict (department_id, year) do update set last = case_number_counter.last + 1
         returning last`
      : `insert into case_number_counter (department_id, year, last) values (?, ?, ?)
         on conflict (department_id, year) do update set last = case when excluded.last > case_number_counter.last
           then excluded.last else case_number_counter.last end
         returning last`,
    atLeast === undefined ? [departmentId, year] : [departmentId, year, atLeast],
  );
  return Number(row.last);
}

/** The next free number of the department's series for `year`. Call inside the write transaction. */
export async function assignCaseNumber(
  em: EntityManager,
  departmentId: number,
  year: number,
): Promise<string> {
  const prefix = await prefixOf(em, departmentId);
  for (;;) {
    const number = formatCaseNumber(prefix, year, await bump(em, departmentId, year));
    // A number typed in by hand (a historical case) is skipped, not given twice.
    const [taken] = await sqlRows(em, 'select 1 as taken from penalty_case where case_number = ?', [number]);
    if (!taken) return number;
  }
}

/**
 * A number given by hand (a historical case entered after the fact): where it belongs to the
 * department's own series, the counter moves past it, so that the series never gives it again.
 */
export async function noteGivenCaseNumber(
  em: EntityManager,
  departmentId: number,
  caseNumber: string,
): Promise<void> {
  const parsed = parseCaseNumber(await prefixOf(em, departmentId), caseNumber);
  if (parsed) await bump(em, departmentId, parsed.year, parsed.n);
}
