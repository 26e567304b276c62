import fc from 'fast-check';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../server/domain/creditCode';
import { sqlRows } from '../../server/db/sql';
import { rebuildCaseStats } from '../../server/db/case-stats';
import { dialects, startTestServer, type GraphQLResponse, type TestServer } from '../support/server';
import { changedCounts, databaseProblems, tableCounts, TABLES, uncleanAnswer, type Table } from './support';

/*
 * Issue #11 point 8: a property-based fuzz of every mutation the server serves, found by
 * introspection (a new mutation is fuzzed without touching this file), with plausible and
 * hostile arguments (wrong types, huge and negative numbers, NUL bytes, lone surrogates,
 * 100k-character strings, odd dates, ids of other rows, nulls) as every role and as nobody.
 * Properties, after every request:
 *   - the answer is a success or a clean GraphQL error with a known code (never
 *     INTERNAL_SERVER_ERROR, never SQL, a hash or a stack in the message);
 *   - the database is intact (SQLite integrity and foreign-key checks; the statistics summary
 *     equals a fresh GROUP BY);
 *   - a refused mutation changed no table (the audit trail may record the refusal).
 * Every mutation is fuzzed and every failure is collected, then the test fails listing them.
 *   FUZZ_SEED=<n>            replays a run (the seed is printed)
 *   FUZZ_ONLY=<mutation>     fuzzes one mutation
 *   FUZZ_RUNS=<n>            runs per mutation (default 20)
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const ONLY = process.env.FUZZ_ONLY;

type Role = 'anonymous' | 'admin' | 'manager' | 'officer' | 'lawyer';
const ROLES: Role[] = ['anonymous', 'admin', 'manager', 'officer', 'lawyer'];

interface Call {
  role: Role;
  args: Record<string, unknown>;
}

/** The table behind a type name: PenaltyCase → penalty_case. */
const tableOf = (typeName: string): Table | undefined => {
  const snake = typeName.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return (TABLES as readonly string[]).includes(snake) ? (snake as Table) : undefined;
};

/** The table an `xxxId` argument points into. */
const ID_ARGS: Record<string, Table> = {
  enterpriseId: 'enterprise',
  offenceId: 'offence',
  districtId: 'district',
  departmentId: 'department',
  listId: 'leniency_list',
  itemId: 'leniency_item',
  reportId: 'checkup_report',
  lawyerId: 'user',
  officerId: 'user',
  reviewerId: 'user',
  userId: 'user',
};

const BIG = 'x'.repeat(100_000);
const BIG_CJK = '违'.repeat(30_000);

/** Values that are wrong for any argument, or right-typed and absurd. */
const hostileScalars: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  -0.01,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  1e308,
  -1e308,
  5e-324,
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\u202Eevil',
  '😀'.repeat(100),
  BIG,
  BIG_CJK,
  "' OR 1=1 --",
  "'); DROP TABLE penalty_case; --",
  '0',
  '-1',
  '2147483648',
  '9223372036854775808',
  '1e3',
  ' 1',
  '0x10',
  'NaN',
  'Infinity',
  '0000-01-01',
  '9999-12-31',
  '2026-02-30',
  '2026-13-01',
  '1899-12-31',
  '2201-01-01',
  '+275760-09-13',
  '2026-1-1',
  '2026-01-01T00:00:00Z',
  {},
  [],
  [null],
  { $re: '^' },
  { $ne: null },
  { id: 1 },
];

const oddDates = [
  '0000-01-01',
  '0001-01-01',
  '1899-12-31',
  '1900-01-01',
  '2200-12-31',
  '2201-01-01',
  '9999-12-31',
  '2024-02-29',
  '2025-02-29',
  '2026-04-31',
  '20260101',
  '2026/01/01',
  '2026-01-01\u0000',
];

interface Context {
  /** Existing ids per table (the fuzzing actors' own user rows left out). */
  ids: Record<Table, number[]>;
  existingCreditCodes: string[];
  resource?: Table;
}

function plausibleString(name: string, ctx: Context, sane: boolean): fc.Arbitrary<unknown> {
  if (name === 'creditCode')
    return fc.oneof(
      fc.constantFrom(...ctx.existingCreditCodes),
      fc
        .tuple(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 999_999 }))
        .map(([org, region]) =>
          makeCreditCode('91', String(150_000 + (region % 1000)), String(org).padStart(8, '0')),
        ),
    );
  if (name === 'caseNumber') return fc.nat().map((n) => `FZ-${n}`);
  if (name === 'username')
    return fc.oneof(
      fc.constantFrom('admin', 'officer', 'lawyer.li'),
      fc.nat().map((n) => `fz${n}`),
    );
  if (name === 'password') return fc.constantFrom('lawcheck-demo', 'wrong-password-1', 'short');
  if (name === 'version' && ctx.resource === 'leniency_list')
    return sane ? fc.integer({ min: 5, max: 99 }).map((v) => `${v}.0`) : fc.constantFrom('3.0', '9.9', '');
  if (name === 'code' && sane)
    return ctx.resource === 'district'
      ? fc.integer({ min: 150_000, max: 159_999 }).map(String)
      : fc.integer({ min: 0, max: 99_999 }).map((n) => `FZ${n}`);
  const words = fc.constantFrom('某某公司', '责令改正', '市场监督管理局', '《行政处罚法》第三十三条');
  if (sane)
    return fc.oneof(
      words,
      fc.nat().map((n) => `模糊测试-${n}`),
    );
  return fc.oneof(fc.string({ maxLength: 30 }), words, fc.string({ unit: 'binary', maxLength: 20 }));
}

function plausibleId(name: string, ctx: Context): fc.Arbitrary<string> {
  const table = ID_ARGS[name] ?? (name === 'id' || name === 'ids' ? ctx.resource : undefined);
  const own = table ? ctx.ids[table] : [];
  const any = TABLES.flatMap((t) => ctx.ids[t]);
  return fc
    .oneof(
      { weight: 4, arbitrary: own.length ? fc.constantFrom(...own) : fc.integer({ min: 1, max: 50 }) },
      { weight: 1, arbitrary: any.length ? fc.constantFrom(...any) : fc.nat() },
    )
    .map(String);
}

const validDate = fc
  .tuple(
    fc.integer({ min: 2012, max: 2027 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
  )
  .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

/**
 * A value of the argument's declared type: `sane` ones are what a careful client sends (so that
 * mutations also succeed and their writes are checked); otherwise sometimes absurd but well-typed.
 */
function plausible(
  type: GraphQLInputType,
  name: string,
  ctx: Context,
  depth: number,
  sane = false,
): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return plausible(type.ofType, name, ctx, depth, sane);
  if (isListType(type))
    if (sane) return fc.array(plausible(type.ofType, name, ctx, depth + 1, true), { maxLength: 3 });
    else
      return fc.oneof(
        { weight: 5, arbitrary: fc.array(plausible(type.ofType, name, ctx, depth + 1), { maxLength: 4 }) },
        {
          weight: 1,
          arbitrary: fc.constant(Array.from({ length: 3000 }, (_, i) => String(i + 1))),
        },
      );
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((v) => v.name));
  if (isInputObjectType(type)) {
    if (depth > 3) return fc.constant({});
    const fields = Object.values(type.getFields());
    return fc.record(
      Object.fromEntries(
        fields.map((f) => [
          f.name,
          sane ? plausible(f.type, f.name, ctx, depth + 1, true) : argument(f.type, f.name, ctx, depth + 1),
        ]),
      ),
      { requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name) },
    );
  }
  switch (type.name) {
    case 'ID':
      return plausibleId(name, ctx);
    case 'Int':
      return name === 'version' || name === 'revision'
        ? fc.integer({ min: 0, max: 5 })
        : sane
          ? fc.integer({ min: 0, max: 60 })
          : fc.oneof(fc.integer({ min: -3, max: 120 }), fc.constantFrom(2 ** 31 - 1, -(2 ** 31)));
    case 'Float':
      if (sane) return fc.integer({ min: 0, max: 500_000 }).map((fen) => fen / 100);
      return fc.oneof(
        fc.integer({ min: 0, max: 20_000_000 }).map((fen) => fen / 100),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.constantFrom(2 ** 53, 2 ** 53 + 2, 1e15, -5, 0.001, 0.005),
      );
    case 'Boolean':
      return fc.boolean();
    case 'Date':
      if (sane) return validDate;
      return fc.oneof(
        { weight: 4, arbitrary: validDate },
        { weight: 1, arbitrary: fc.constantFrom(...oddDates) },
      );
    case 'DateTime':
      return fc.oneof(
        validDate.map((d) => `${d}T08:00:00Z`),
        fc.constantFrom('0000-01-01T00:00:00Z', 'now'),
      );
    default:
      return plausibleString(name, ctx, sane);
  }
}

/** An argument's value: mostly plausible, often hostile, sometimes null or absent (when nullable). */
function argument(type: GraphQLInputType, name: string, ctx: Context, depth: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: plausible(type, name, ctx, depth) },
    { weight: 3, arbitrary: fc.constantFrom(...hostileScalars) },
    {
      weight: 1,
      arbitrary: fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.integer(), fc.double()),
    },
  );
}

/**
 * A call: all arguments sane (a third of the runs, so that mutations also succeed and their
 * writes are checked), one argument hostile (a third), or every argument mixed (a third).
 */
function callArbitrary(field: GraphQLField<unknown, unknown>, ctx: Context): fc.Arbitrary<Call> {
  const args = field.args;
  const required = args.filter((a: GraphQLArgument) => isNonNullType(a.type)).map((a) => a.name);
  const record = (value: (a: GraphQLArgument) => fc.Arbitrary<unknown>) =>
    fc.record(Object.fromEntries(args.map((a) => [a.name, value(a)])), { requiredKeys: required });
  return fc
    .record({
      role: fc.oneof(
        { weight: 1, arbitrary: fc.constant<Role>('anonymous') },
        { weight: 8, arbitrary: fc.constantFrom<Role>(...ROLES.slice(1)) },
      ),
      mode: fc.constantFrom('plausible', 'plausible', 'one', 'one', 'mixed', 'mixed'),
      victim: fc.nat(),
      plain: record((a) => plausible(a.type, a.name, ctx, 0, true)),
      hostile: record((a) => argument(a.type, a.name, ctx, 0)),
      bad: fc.constantFrom(...hostileScalars),
    })
    .map(({ role, mode, victim, plain, hostile, bad }) => {
      if (mode === 'mixed' || !args.length) return { role, args: hostile };
      if (mode === 'plausible') return { role, args: plain };
      const name = args[victim % args.length].name;
      return { role, args: { ...plain, [name]: victim % 2 ? bad : hostile[name] } };
    });
}

/** `mutation($a: T!, …) { m(a: $a, …) { <every scalar field without arguments> } }` */
function document(field: GraphQLField<unknown, unknown>): string {
  const decl = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const pass = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const out = getNamedType(field.type);
  let selection = '';
  if (isObjectType(out)) {
    const leaves = Object.values(out.getFields())
      .filter((f) => f.args.length === 0 && isLeafType(getNamedType(f.type)))
      .map((f) => f.name);
    selection = `{ __typename ${leaves.join(' ')} }`;
  }
  return `mutation${decl ? `(${decl})` : ''} { ${field.name}${pass ? `(${pass})` : ''} ${selection} }`;
}

/** A short, printable rendering of a call (100k-character strings summarised). */
function show(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'string' && v.length > 60
      ? `<${v.length} chars: ${JSON.stringify(v.slice(0, 12))}…>`
      : Array.isArray(v) && v.length > 8
        ? [...(v.slice(0, 3) as unknown[]), `…${v.length} items`]
        : v,
  );
}

describe.each(await dialects())('every mutation fuzzed on %s', (dialect) => {
  let t: TestServer;
  let schema: GraphQLSchema;
  const tokens: Partial<Record<Role, string>> = {};
  const actorIds: number[] = [];

  const post = async (query: string, variables: unknown, token?: string) => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    let body: GraphQLResponse<Record<string, unknown>> | null = null;
    try {
      body = JSON.parse(text) as GraphQLResponse<Record<string, unknown>>;
    } catch {
      body = null;
    }
    return { status: res.status, body, text };
  };

  beforeAll(async () => {
    t = await startTestServer(dialect, { cases: 80 });
    for (const role of ROLES.slice(1)) {
      tokens[role] = await t.login(role);
      const me = await t.gql<{ me: { id: string } }>('{ me { id } }', {}, tokens[role]);
      actorIds.push(Number(me.data!.me.id));
    }
    const introspection = await t.gql<IntrospectionQuery>(getIntrospectionQuery(), {}, tokens.admin);
    schema = buildClientSchema(introspection.data!);
  });
  afterAll(async () => t?.stop());

  it('answers cleanly and keeps the database intact, whatever the arguments and the role', async () => {
    const mutations = Object.values(schema.getMutationType()!.getFields());
    // A broken introspection must not pass as "nothing failed".
    expect(mutations.length).toBeGreaterThan(50);
    expect(mutations.map((m) => m.name)).toEqual(
      expect.arrayContaining(['login', 'createPenaltyCase', 'deliverReport']),
    );
    // Deletions last, so the others meet a full database.
    const ordered = [...mutations].sort(
      (a, b) => Number(a.name.startsWith('delete')) - Number(b.name.startsWith('delete')),
    );
    console.log(`fuzz on ${dialect}: ${ONLY ?? ordered.length} mutations × ${RUNS} runs, seed ${SEED}`);
    const em = () => t.server.orm.em.fork();

    const failures: string[] = [];
    let requests = 0;
    let successes = 0;
    const neverAccepted: string[] = [];
    const started = Date.now();
    for (const [index, field] of ordered.entries()) {
      if (ONLY && field.name !== ONLY) continue;
      const ids = Object.fromEntries(
        await Promise.all(
          TABLES.map(async (table) => {
            const rows = await sqlRows<{ id: number }>(
              em(),
              `select id from "${table}" order by id limit 40`,
            );
            const found = rows.map((r) => Number(r.id));
            return [table, table === 'user' ? found.filter((id) => !actorIds.includes(id)) : found];
          }),
        ),
      ) as Record<Table, number[]>;
      const existingCreditCodes = (
        await sqlRows<{ credit_code: string }>(em(), 'select credit_code from enterprise order by id limit 5')
      ).map((r) => r.credit_code);
      const returnType = getNamedType(field.type).name;
      const resource = tableOf(returnType) ?? tableOf(field.name.replace(/^(create|update|delete)|s$/g, ''));
      const ctx: Context = { ids, existingCreditCodes, resource };
      const query = document(field);
      const successesBefore = successes;

      const property = fc.asyncProperty(callArbitrary(field, ctx), async (call) => {
        const before = await tableCounts(em());
        const { status, body, text } = await post(
          query,
          call.args,
          tokens[call.role as Exclude<Role, 'anonymous'>],
        );
        requests++;
        const problems = uncleanAnswer(status, body);
        if (!body) problems.push(`body: ${text.slice(0, 200)}`);
        const refused = !body?.data?.[field.name];
        if (!refused) successes++;
        const broken = await databaseProblems(em(), dialect);
        problems.push(...broken);
        if (broken.some((p) => p.startsWith('case_stat')))
          // Put the summary right so the next mutations are judged on their own.
          await em().transactional((tx) => rebuildCaseStats(tx, dialect));
        if (refused) {
          const changed = changedCounts(before, await tableCounts(em()), ['audit_entry']);
          if (changed.length)
            problems.push(
              `refused (${show(body?.errors?.[0]?.extensions?.code)}) but changed: ${changed.join(', ')}`,
            );
        }
        if (problems.length) throw new Error(problems.join('\n    '));
      });
      const details = await fc.check(property, { seed: SEED + index, numRuns: RUNS, endOnFailure: true });
      if (successes === successesBefore) neverAccepted.push(field.name);
      if (details.failed) {
        const call = details.counterexample?.[0];
        failures.push(
          `${field.name} as ${call?.role} with ${show(call?.args)}\n    ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}\n    replay: FUZZ_SEED=${SEED} FUZZ_ONLY=${field.name} (fast-check seed ${details.seed}, path ${details.counterexamplePath})`,
        );
      }
    }
    console.log(
      `fuzz on ${dialect}: ${requests} requests, ${successes} accepted, ${failures.length} mutations failed, ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    console.log(`never accepted in these runs (refusals only): ${neverAccepted.join(', ')}`);
    if (failures.length) console.log(`failures on ${dialect}:\n${failures.join('\n')}`);
    expect(failures).toEqual([]);
  }, 600_000);
});
