import type { EntityManager } from '@mikro-orm/core';
import { caseStatsDifferences } from '../../server/db/case-stats';
import type { Dialect } from '../../server/db/orm';
import { sqlRows } from '../../server/db/sql';
import type { GraphQLResponse } from '../support/server';

/*
 * What the hostile suites check after every attack: the answer is a clean error or a success,
 * and the database is intact.
 */

/** Every table of the schema (server/db/entities), as the ORM names them. */
export const TABLES = [
  'department',
  'district',
  'enterprise',
  'offence',
  'discretion_baseline',
  'leniency_list',
  'leniency_item',
  'user',
  'audit_entry',
  'penalty_case',
  'checkup_report',
  'report_finding',
  'case_stat',
] as const;
export type Table = (typeof TABLES)[number];

/**
 * The codes a client may see: API.md's, the query-limit refusal of issue #11 point 1, and the
 * login throttle's. INTERNAL_SERVER_ERROR is deliberately absent: a hostile input must never
 * reach it.
 */
export const KNOWN_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'QUERY_TOO_COMPLEX',
  'TOO_MANY_REQUESTS',
]);

/**
 * What an error message must never carry: the database's own words (SQLite and PostgreSQL
 * error texts, SQL naming our quoted tables), bcrypt hashes, stack frames.
 */
const LEAKS: [string, RegExp][] = [
  ['SQLite error', /SQLITE_[A-Z]+|constraint failed|no such (table|column)/i],
  [
    'PostgreSQL error',
    /violates [a-z -]*constraint|syntax error at or near|invalid input syntax for|out of range for type/i,
  ],
  ['SQL text', /\b(insert into|delete from|update) [`"]\w+[`"]|select .* from [`"]\w+[`"]/i],
  ['ORM internals', /MikroORM|knex|TransactionContext/],
  ['bcrypt hash', /\$2[aby]\$\d\d\$/],
  ['stack frame', /\n\s+at \S+|\(\/[^)]*:\d+:\d+\)/],
];

/** Why a GraphQL answer is not clean (empty when it is): one line per problem. */
export function uncleanAnswer(status: number, body: GraphQLResponse<unknown> | null): string[] {
  if (!body) return [`HTTP ${status} with a body that is not GraphQL JSON`];
  const problems: string[] = [];
  if (status >= 500) problems.push(`HTTP ${status}`);
  if (!body.errors?.length) {
    if (body.data === undefined || body.data === null) problems.push('neither data nor errors');
    return problems;
  }
  for (const e of body.errors) {
    const code = typeof e.extensions?.code === 'string' ? e.extensions.code : '(none)';
    if (!KNOWN_CODES.has(code)) problems.push(`code ${code}: ${e.message.slice(0, 300)}`);
    for (const [what, pattern] of LEAKS)
      if (pattern.test(e.message)) problems.push(`${what} in the message: ${e.message.slice(0, 300)}`);
    if (e.extensions && 'stacktrace' in e.extensions) problems.push(`a stacktrace in extensions (${code})`);
  }
  return problems;
}

/** Row counts of every table, in one statement. */
export async function tableCounts(em: EntityManager): Promise<Record<Table, number>> {
  const sql = `select ${TABLES.map((t) => `(select count(*) from "${t}") as "${t}"`).join(', ')}`;
  const [row] = await sqlRows<Record<Table, number | string>>(em, sql);
  return Object.fromEntries(TABLES.map((t) => [t, Number(row[t])])) as Record<Table, number>;
}

/**
 * Why the database is not intact (empty when it is): SQLite's integrity and foreign-key checks
 * (PostgreSQL enforces its foreign keys itself, at every statement), and the statistics
 * summary against a fresh GROUP BY over the cases (server/db/case-stats.ts).
 */
export async function databaseProblems(em: EntityManager, dialect: Dialect): Promise<string[]> {
  const problems: string[] = [];
  if (dialect === 'sqlite') {
    const integrity = await sqlRows<{ integrity_check: string }>(em, 'PRAGMA integrity_check');
    const verdict = integrity.map((r) => r.integrity_check).join('; ');
    if (verdict !== 'ok') problems.push(`integrity_check: ${verdict}`);
    const orphans = await sqlRows<{ table: string; rowid: number; parent: string }>(
      em,
      'PRAGMA foreign_key_check',
    );
    for (const o of orphans.slice(0, 5))
      problems.push(`foreign_key_check: ${o.table} row ${o.rowid} points to a missing ${o.parent}`);
  }
  const diffs = await caseStatsDifferences(em, dialect);
  if (diffs.length)
    problems.push(
      `case_stat differs from a fresh GROUP BY in ${diffs.length} groups: ${diffs.slice(0, 3).join('; ')}`,
    );
  return problems;
}

/** Counts that changed between two snapshots, as "table a→b". */
export function changedCounts(
  before: Record<Table, number>,
  after: Record<Table, number>,
  ignore: readonly Table[] = [],
): string[] {
  return TABLES.filter((t) => !ignore.includes(t) && before[t] !== after[t]).map(
    (t) => `${t} ${before[t]}→${after[t]}`,
  );
}
