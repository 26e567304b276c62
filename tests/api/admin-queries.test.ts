import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Lexer,
  Source,
  TokenKind,
  getIntrospectionQuery,
  getOperationAST,
  parse,
  print,
  type IntrospectionSchema,
} from 'graphql';
import { createRequire } from 'node:module';
import { DEFAULT_QUERY_LIMITS, queryCost } from '../../server/graphql/limits';
import { lawcheckSchema } from '../../server/graphql/schema';
import { dialects, startTestServer, type GraphQLResponse, type TestServer } from '../support/server';

/*
 * The query limits of issue #11 must never refuse the admin panel's own queries. They are
 * collected, not copied: the queries ra-data-graphql-simple builds from the served introspection
 * (every field of a type and the ids of its linked resources) for every resource and verb, at the
 * largest page the panel offers, and every hand-written `gql(...)` call under admin/src, with each
 * interpolation expanded to every value the code can give it. Each is sent, as the admin, to a
 * server with the default limits; none may be refused by a limit (or fail validation: a stale
 * hand-written query would show up here too).
 */

// The providers' CommonJS builds: their ES builds import @apollo/client by names Node's ESM loader cannot see.
const require = createRequire(import.meta.url);
const { introspectSchema, defaultOptions } = require('ra-data-graphql') as {
  introspectSchema: (client: unknown, options: unknown) => Promise<unknown>;
  defaultOptions: { introspection: Record<string, unknown> };
};
const { buildQuery } = require('ra-data-graphql-simple') as {
  buildQuery: (introspection: unknown) => (verb: string, resource: string, params: unknown) => unknown;
};

/** react-admin's largest rows-per-page option (Pagination's [5, 10, 25, 50]). */
const LARGEST_PAGE = 50;
const LIMIT_CODES = ['QUERY_TOO_COMPLEX', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED'];

/**
 * The values a hand-written query's interpolations take together, by the identifiers they read
 * (sorted, comma-joined): ReportShow's `step(mutation, reviewComment?)` as its four calls make it.
 */
const INTERPOLATION_VALUES: Record<string, Record<string, unknown>[]> = {
  'mutation,reviewComment': [
    { mutation: 'submitReport', reviewComment: undefined },
    { mutation: 'acceptReport', reviewComment: undefined },
    { mutation: 'deliverReport', reviewComment: undefined },
    { mutation: 'returnReport', reviewComment: '请补充' },
  ],
};

interface Collected {
  name: string;
  query: string;
  variables: Record<string, unknown>;
}

/** A string or template literal starting at `start` (the quote), as [body, end index]. */
function readLiteral(src: string, start: number): [string, number] {
  const quote = src[start];
  let i = start + 1;
  let depth = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (quote === '`' && c === '$' && src[i + 1] === '{') {
      depth++;
      i += 2;
      continue;
    }
    if (depth > 0 && c === '}') depth--;
    else if (depth === 0 && c === quote) return [src.slice(start + 1, i), i + 1];
    i++;
  }
  throw new Error('unterminated literal');
}

/** Every value a template body can take, given its file's constants and INTERPOLATION_VALUES. */
function expand(body: string, consts: Record<string, string>, file: string): string[] {
  const parts: string[] = [];
  const exprs: string[] = [];
  let i = 0;
  let last = 0;
  while ((i = body.indexOf('${', i)) >= 0) {
    parts.push(body.slice(last, i));
    let depth = 1;
    let j = i + 2;
    while (depth > 0) {
      if (body[j] === '{') depth++;
      if (body[j] === '}') depth--;
      j++;
    }
    exprs.push(body.slice(i + 2, j - 1));
    last = i = j;
  }
  parts.push(body.slice(last));
  const free = [
    ...new Set(
      exprs.flatMap((e) =>
        (e.replace(/'[^']*'|"[^"]*"/g, '').match(/[A-Za-z_]\w*/g) ?? []).filter(
          (id) => !(id in consts) && !['undefined', 'null', 'true', 'false'].includes(id),
        ),
      ),
    ),
  ];
  const key = [...free].sort().join(',');
  if (key && !(key in INTERPOLATION_VALUES))
    throw new Error(`${file}: a gql template reads ${key}: add the values it takes to INTERPOLATION_VALUES`);
  const combos: Record<string, unknown>[] = key ? INTERPOLATION_VALUES[key] : [{}];
  return combos.map((combo) => {
    const scope = { ...consts, ...combo };
    const names = Object.keys(scope);
    return parts.reduce((out, part, k) => {
      if (k === 0) return part;
      // The admin's own template expressions (`${mutation}`, a ternary), evaluated as the browser would.
      // eslint-disable-next-line @typescript-eslint/no-implied-eval, @typescript-eslint/no-unsafe-call
      const value = new Function(...names, `return (${exprs[k - 1]});`)(
        ...names.map((n) => scope[n as keyof typeof scope]),
      ) as unknown;
      return `${out}${String(value)}${part}`;
    }, '');
  });
}

function handWrittenQueries(): Collected[] {
  const root = path.resolve('admin/src');
  const files = fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => path.join(root, f));
  const found: Collected[] = [];
  const constsOf = (src: string, only?: RegExp) => {
    const consts: Record<string, string> = {};
    for (const m of src.matchAll(only ?? /const ([A-Z_]+)\s*=\s*(['`])/g)) {
      const [body] = readLiteral(src, m.index + m[0].length - 1);
      consts[m[1]] = body;
    }
    return consts;
  };
  // Field lists one file exports and another imports (ListShow's LIST in the publish dialog).
  const exported = Object.assign(
    {},
    ...files.map((f) => constsOf(fs.readFileSync(f, 'utf8'), /export const ([A-Z_]+)\s*=\s*(['`])/g)),
  ) as Record<string, string>;
  for (const file of files) {
    const src = fs.readFileSync(file, 'utf8');
    const consts: Record<string, string> = { ...exported, ...constsOf(src) };
    // Constants built from constants (TOTALS inside ROW, say): expand once more.
    for (const [k, v] of Object.entries(consts)) if (v.includes('${')) consts[k] = expand(v, consts, file)[0];
    for (const m of src.matchAll(/\bgql(?:<[^(]*?>)?\(\s*(['`])/gs)) {
      const [body] = readLiteral(src, m.index + m[0].length - 1);
      for (const query of expand(body, consts, file))
        found.push({ name: `${path.relative(root, file)}: ${query.slice(0, 50)}`, query, variables: {} });
    }
  }
  return found;
}

async function generatedQueries(t: TestServer, token: string): Promise<Collected[]> {
  const intro = await t.gql<{ __schema: IntrospectionSchema }>(getIntrospectionQuery(), {}, token);
  const results = await introspectSchema(null, {
    ...defaultOptions.introspection,
    schema: intro.data!.__schema,
  });
  const build = buildQuery(results);
  const ids = Array.from({ length: LARGEST_PAGE }, (_, i) => String(i + 1));
  const page = {
    pagination: { page: 1, perPage: LARGEST_PAGE },
    sort: { field: 'id', order: 'DESC' },
    filter: {},
  };
  const found: Collected[] = [];
  for (const res of (results as { resources: { type: { name: string; fields: { name: string }[] } }[] })
    .resources) {
    const name = res.type.name;
    const verbs: [string, Record<string, unknown>, boolean][] = [
      ['GET_LIST', page, true],
      ['GET_ONE', { id: '1' }, true],
      ['GET_MANY', { ids }, true],
      ['GET_MANY_REFERENCE', { ...page, target: 'id', id: '1' }, true],
      // Writes: the whole input (every argument the mutation takes), sent without its variables so
      // nothing is written: the limits are checked before the variables are.
      ['CREATE', { data: Object.fromEntries(res.type.fields.map((f) => [f.name, '1'])) }, false],
      [
        'UPDATE',
        { id: '1', data: Object.fromEntries(res.type.fields.map((f) => [f.name, '1'])), previousData: {} },
        false,
      ],
      ['DELETE', { id: '1', previousData: {} }, false],
    ];
    for (const [verb, params, read] of verbs) {
      if (!(res as Record<string, unknown>)[verb]) continue;
      const built = build(verb, name, params) as {
        query: Parameters<typeof print>[0];
        variables: Record<string, unknown>;
      };
      found.push({
        name: `${verb} ${name}`,
        query: print(built.query),
        variables: read ? built.variables : {},
      });
    }
  }
  return found;
}

describe.each(await dialects())("the admin's own queries pass the query limits on %s", (dialect) => {
  let t: TestServer;
  let admin: string;
  beforeAll(async () => {
    t = await startTestServer(dialect, { cases: 60 });
    admin = await t.login('admin');
  });
  afterAll(async () => t?.stop());

  const refusals = (res: GraphQLResponse) =>
    (res.errors ?? []).filter((e) => LIMIT_CODES.includes(String(e.extensions?.code)));

  it('collects every resource and verb, and every hand-written query', async () => {
    const generated = await generatedQueries(t, admin);
    const resources = new Set(generated.map((q) => q.name.split(' ')[1]));
    expect(resources.size).toBeGreaterThanOrEqual(12);
    expect(generated.filter((q) => q.name.startsWith('GET_LIST')).length).toBe(resources.size);
    const hand = handWrittenQueries();
    // Dashboard (2), desk (3), list page (3), report page (1 + 4 workflow steps + 3), login.
    expect(hand.length).toBeGreaterThanOrEqual(15);
    expect(hand.some((q) => q.query.includes('returnReport(id: $id, version: $v, comment: $c)'))).toBe(true);
    expect(hand.some((q) => /departments: leniencyStats/.test(q.query))).toBe(true);
  });

  it('accepts every one of them under the default limits', async () => {
    const all = [...(await generatedQueries(t, admin)), ...handWrittenQueries()];
    const refused: string[] = [];
    for (const q of all) {
      const res = await t.gql(q.query, q.variables, admin);
      for (const e of refusals(res)) refused.push(`${q.name}: ${e.message}`);
    }
    expect(refused).toEqual([]);
  });

  it('leaves the heaviest of them at most half of each limit (room for a few more fields)', async () => {
    const schema = await lawcheckSchema();
    const all = [...(await generatedQueries(t, admin)), ...handWrittenQueries()];
    const measure = (q: Collected) => {
      const document = parse(q.query);
      const operation = getOperationAST(document)!;
      let tokens = 0;
      const lexer = new Lexer(new Source(q.query));
      while (lexer.advance().kind !== TokenKind.EOF) tokens++;
      return {
        name: q.name,
        cost: queryCost(schema, document, operation, q.variables, DEFAULT_QUERY_LIMITS),
        tokens,
      };
    };
    const figures = all.map(measure);
    const heaviest = figures.reduce((a, b) => (b.cost > a.cost ? b : a));
    const longest = figures.reduce((a, b) => (b.tokens > a.tokens ? b : a));
    console.log(
      `admin queries: ${figures.length}; heaviest ${heaviest.name} costs ${heaviest.cost}; longest ${longest.name} has ${longest.tokens} tokens`,
    );
    expect(heaviest.cost * 2).toBeLessThanOrEqual(DEFAULT_QUERY_LIMITS.maxCost);
    expect(longest.tokens * 2).toBeLessThanOrEqual(DEFAULT_QUERY_LIMITS.maxTokens);
  });
});
