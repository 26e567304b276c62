import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { GraphQLError, execute, type DocumentNode, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/*
 * How the API executes a query. graphql-js walks the document afresh for every request; a query
 * the server has seen before is run compiled instead (graphql-jit: the document turned into a
 * function once, the checkLeniency answer in about half the CPU). Everything before execution
 * is Apollo's as it was (parsing, the validation rules and limits of limits.ts, the plugins), and
 * so are the words of every error a caller can cause:
 * - a document is compiled on its second use, so that one-off documents cost no compilation;
 * - when graphql-jit refuses the variables, graphql-js runs the request, so its errors are the
 *   answer (graphql-jit words them otherwise); valid variables are coerced once, by graphql-jit;
 * - mutations, and anything graphql-jit cannot compile, run on graphql-js;
 * - at most COMPILES_PER_MINUTE documents are compiled a minute (a caller sending many new
 *   documents twice each gets graphql-js, not the server's CPU spent compiling them).
 * Compiled queries are kept as long as Apollo keeps the parsed document (its bounded cache).
 */

type Compiled = CompiledQuery<unknown, Record<string, unknown>>;

/** Apollo's executor hook (the "gateway" interface), with this schema and executor. */
export function compilingGateway(schema: GraphQLSchema): GatewayInterface {
  const seen = new WeakSet<DocumentNode>();
  const budget = new CompileBudget();
  const compiled = new WeakMap<DocumentNode, Map<string, Compiled | null>>();

  const executor: GatewayExecutor = async (request) => {
    const { document, operation } = request;
    const operationName = request.request.operationName ?? undefined;
    const nameKey = operationName ?? '';
    const variables = request.request.variables ?? {};
    const contextValue = request.context;
    const plain = () =>
      execute({
        schema,
        document,
        variableValues: variables,
        contextValue,
        operationName,
      }) as ReturnType<GatewayExecutor>;
    if (operation.operation !== 'query') return plain();
    if (!seen.has(document)) {
      seen.add(document);
      return plain();
    }
    let byName = compiled.get(document);
    if (!byName) compiled.set(document, (byName = new Map<string, Compiled | null>()));
    let query = byName.get(nameKey);
    if (query === undefined) {
      if (!budget.take()) return plain();
      query = compile(schema, document, operationName);
      byName.set(nameKey, query);
    }
    if (!query) return plain();
    const result = await query.query(undefined, contextValue, variables);
    // No `data` at all: graphql-jit refused the variables. graphql-js then coerces them again
    // and gives its own answer, so that a wrong variable is worded as on the first use.
    if (!('data' in result)) return plain();
    if (result.errors) result.errors = result.errors.map(asGraphqlJsError);
    return result as Awaited<ReturnType<GatewayExecutor>>;
  };

  let listener: Parameters<GatewayInterface['onSchemaLoadOrUpdate']>[0] | undefined;
  return {
    onSchemaLoadOrUpdate(callback) {
      listener = callback;
      return () => (listener = undefined);
    },
    load() {
      listener?.({ apiSchema: schema, coreSupergraphSdl: '' });
      return Promise.resolve({ executor });
    },
    stop: () => Promise.resolve(),
  };
}

/**
 * graphql-jit's errors have a read-only message (a plugin after execution rewrites some) and
 * carry their locations without the nodes: the same error as graphql-js makes it.
 */
function asGraphqlJsError(e: GraphQLError): GraphQLError {
  const error = new GraphQLError(e.message, {
    nodes: e.nodes,
    source: e.source,
    positions: e.positions,
    path: e.path,
    originalError: e.originalError,
    extensions: e.extensions,
  });
  if (error.locations === undefined && e.locations !== undefined)
    Object.defineProperty(error, 'locations', { value: e.locations, enumerable: true, writable: true });
  return error;
}

/** The compiled query, or null where graphql-jit refuses the document (graphql-js runs it). */
function compile(schema: GraphQLSchema, document: DocumentNode, operationName?: string): Compiled | null {
  try {
    const made = compileQuery(schema, document, operationName);
    return isCompiledQuery(made) ? made : null;
  } catch {
    return null;
  }
}

const COMPILES_PER_MINUTE = 60;

/** How many documents may still be compiled this minute. */
class CompileBudget {
  private minute = 0;
  private used = 0;

  take(now = Date.now()): boolean {
    const minute = Math.floor(now / 60_000);
    if (minute !== this.minute) {
      this.minute = minute;
      this.used = 0;
    }
    return this.used++ < COMPILES_PER_MINUTE;
  }
}
