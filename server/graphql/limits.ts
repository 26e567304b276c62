import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from 'graphql';

/**
 * What one GraphQL request may ask for (issue #11, point 1). Every limit is checked before
 * anything runs: the shape of the document by graphql-armor's rules, the price of the answer by
 * `queryCost` below, with the variables the request carries. Configured in server/config.ts.
 */
export interface QueryLimits {
  /** Nesting of fields (introspection excepted). */
  maxDepth: number;
  /** Aliased fields in one operation (`a: leniencyStats … b: leniencyStats …`). */
  maxAliases: number;
  maxDirectives: number;
  /** Lexical tokens of the document. */
  maxTokens: number;
  /** Price of the answer: every field a row may hold, times the rows its lists may hold. */
  maxCost: number;
  /** Rows a nested list (a list's items, a report's findings) is assumed to hold. */
  nestedListRows: number;
  /** A request still running after this long is answered QUERY_TIMEOUT and its work stopped. */
  timeoutMs: number;
  /** A JSON answer larger than this is not sent (RESPONSE_TOO_LARGE). */
  maxResponseBytes: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 7,
  maxAliases: 20,
  maxDirectives: 10,
  maxTokens: 3000,
  maxCost: 50_000,
  nestedListRows: 20,
  timeoutMs: 15_000,
  maxResponseBytes: 20 * 1024 * 1024,
};

/** The rows of a top-level list when perPage is not given, and the most it may ask for (crud.ts). */
export const LIST_DEFAULT_ROWS = 100;
export const LIST_MAX_ROWS = 1000;

/** Root fields that cost more than reading a row: each runs the rules engine or an aggregate. */
const ROOT_WEIGHTS: Record<string, number> = {
  leniencyStats: 100,
  checkLeniency: 50,
  searchOffences: 50,
  login: 50,
};

export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

/** The error of every limit, in both languages, marked so that formatError keeps its code. */
export function tooComplex(zh: string, en: string, limit: string): GraphQLError {
  return new GraphQLError(`查询过于复杂：${zh} / query too complex: ${en}`, {
    extensions: { code: QUERY_TOO_COMPLEX, limit, http: { status: 400 } },
  });
}

/** graphql-armor's "Syntax Error: Query depth limit of 7 exceeded, found 9." in our words. */
function armorRejection(what: 'depth' | 'aliases' | 'directives') {
  const zh = { depth: '嵌套层数', aliases: '别名数量', directives: '指令数量' }[what];
  return (ctx: ValidationContext | null, error: GraphQLError) => {
    const m = /limit of (\d+) exceeded, found (\d+)/.exec(error.message);
    const [limit, found] = m ? [m[1], m[2]] : ['?', '?'];
    ctx?.reportError(
      tooComplex(`${zh}${found}超过上限${limit}`, `${what} ${found} is over the limit of ${limit}`, what),
    );
  };
}

/**
 * graphql-armor's depth, alias and directive rules (validation rules, so they run before
 * execution and the validated document is cached). Its token limit is applied by the parser
 * itself (`parseOptions.maxTokens`, the same count armor's plugin makes), because armor's Apollo
 * plugin throws outside Apollo's parse step and turns the refusal into a 500. Its cost rule is
 * left off: it only multiplies by `first`/`last`, where this API pages with `perPage`.
 */
export function armorValidation(limits: QueryLimits): {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
} {
  const common = { propagateOnRejection: false, exposeLimits: true };
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ...common, onReject: [armorRejection('depth')] },
    maxAliases: { n: limits.maxAliases, ...common, onReject: [armorRejection('aliases')] },
    maxDirectives: { n: limits.maxDirectives, ...common, onReject: [armorRejection('directives')] },
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  return { plugins, validationRules };
}

// ---------------------------------------------------------------- cost

type Variables = Record<string, unknown> | undefined;

function valueOf(node: ValueNode | undefined, variables: Variables): unknown {
  if (!node) return undefined;
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables?.[node.name.value];
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.LIST:
      return node.values.map((v) => valueOf(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, valueOf(f.value, variables)]));
    case Kind.NULL:
      return null;
    default:
      return 'value' in node ? node.value : undefined;
  }
}

const clampRows = (n: number) => Math.min(LIST_MAX_ROWS, Math.max(1, Math.floor(n)));

/**
 * How many rows a list field may answer per parent: a root list its page (`perPage`, or the
 * ids it asks for, or the default page), `searchOffences` its `limit`, any other (nested)
 * list the assumed `nestedListRows`.
 */
function listRows(name: string, args: Map<string, unknown>, root: boolean, limits: QueryLimits): number {
  if (!root) return limits.nestedListRows;
  const perPage = args.get('perPage');
  if (typeof perPage === 'number') return clampRows(perPage);
  const filter = args.get('filter') as { ids?: unknown } | null | undefined;
  if (Array.isArray(filter?.ids) && args.get('page') == null) return clampRows(filter.ids.length);
  const limit = args.get('limit');
  if (name === 'searchOffences') return typeof limit === 'number' ? clampRows(limit) : 10;
  return LIST_DEFAULT_ROWS;
}

/** Whether a value is or holds a variable (its worth then differs from request to request). */
function hasVariable(node: ValueNode): boolean {
  switch (node.kind) {
    case Kind.VARIABLE:
      return true;
    case Kind.LIST:
      return node.values.some(hasVariable);
    case Kind.OBJECT:
      return node.fields.some((f) => hasVariable(f.value));
    default:
      return false;
  }
}

/**
 * The price of each operation whose price is the same whatever its variables (no list field
 * takes its rows from one), per configuration: a document Apollo has parsed before (its parsed
 * documents are its own) is priced once.
 */
const fixedCosts = new WeakMap<QueryLimits, WeakMap<OperationDefinitionNode, number>>();

/**
 * The price of an operation: each field costs 1 (a root operation its weight) for every row
 * its parent lists may hold; a list field multiplies what is below it by its rows.
 */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Variables,
  limits: QueryLimits,
): number {
  let known = fixedCosts.get(limits);
  if (!known) fixedCosts.set(limits, (known = new WeakMap()));
  const cached = known.get(operation);
  if (cached !== undefined) return cached;
  let varies = false;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const rootType =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  if (!rootType) return 0;

  const walk = (
    set: SelectionSetNode,
    parent: GraphQLCompositeType,
    rows: number,
    root: boolean,
    seen: Set<string>,
  ): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const cond = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (cond && isCompositeType(cond)) total += walk(selection.selectionSet, cond, rows, root, seen);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name)) continue; // a cycle is refused by validation already
        const cond = schema.getType(fragment.typeCondition.name.value);
        if (cond && isCompositeType(cond))
          total += walk(fragment.selectionSet, cond, rows, root, new Set([...seen, name]));
        continue;
      }
      const name = selection.name.value;
      if (name.startsWith('__')) continue; // __typename, introspection
      const fields = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields() : {};
      const def = fields[name];
      if (!def) continue;
      total += rows * (root ? (ROOT_WEIGHTS[name] ?? 1) : 1);
      if (!selection.selectionSet) continue;
      const type = getNullableType(def.type);
      const named = getNamedType(def.type);
      if (!isCompositeType(named)) continue;
      let below = rows;
      if (isListType(type)) {
        if (selection.arguments?.some((a) => hasVariable(a.value))) varies = true;
        const args = new Map(
          (selection.arguments ?? []).map((a) => [a.name.value, valueOf(a.value, variables)]),
        );
        below = rows * listRows(name, args, root, limits);
      }
      total += walk(selection.selectionSet, named, below, false, seen);
      if (total > Number.MAX_SAFE_INTEGER / 2) return total;
    }
    return total;
  };
  const cost = walk(operation.selectionSet, rootType, 1, true, new Set());
  if (!varies) known.set(operation, cost);
  return cost;
}

/** Refuses, after validation and before execution, an operation whose cost is over the limit. */
export function costLimitPlugin(limits: QueryLimits): ApolloServerPlugin {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return Promise.resolve();
          const cost = queryCost(schema, document, operation, request.variables, limits);
          if (cost > limits.maxCost)
            throw tooComplex(
              `预计代价${Math.round(cost)}超过上限${limits.maxCost}（列表按每页条数计，请减少字段、嵌套或每页条数）`,
              `estimated cost ${Math.round(cost)} is over the limit of ${limits.maxCost} (lists count per row of perPage; ask for fewer fields, less nesting or smaller pages)`,
              'cost',
            );
          return Promise.resolve();
        },
      });
    },
  };
}
