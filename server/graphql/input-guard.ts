import type { ApolloServerPlugin } from '@apollo/server';
import {
  BREAK,
  GraphQLError,
  Kind,
  visit,
  type ASTNode,
  type DocumentNode,
  defaultFieldResolver,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isScalarType,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { badInput } from './errors';

/*
 * Input every operation refuses whatever it is (issue #11, point 5), checked on the arguments of
 * every root field (login included) and on the export routes' filters, before any resolver or
 * the database sees them: NUL characters and lone UTF-16 surrogates in text (PostgreSQL refuses
 * the first, and the second cannot be stored as UTF-8), ids outside the database's integer
 * range, and text longer than any field of the API allows. Per-field limits (a name's 100
 * characters, a comment's 4,000) stay with the fields.
 */

/** Ids are positive 32-bit integers (the `integer` primary keys of both dialects). */
export const MAX_ID = 2_147_483_647;
/** No text argument of the API is longer (the longest field, a report's summary, is 10,000). */
export const MAX_TEXT = 20_000;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Refuses text no field may hold; returns it unchanged otherwise. */
export function checkText(value: string, field: string, max = MAX_TEXT): string {
  if (value.includes('\u0000'))
    throw badInput(field, '不能包含空字符（NUL）', 'must not contain NUL characters');
  if (LONE_SURROGATE.test(value))
    throw badInput(
      field,
      '包含无效的Unicode字符（孤立代理项）',
      'contains invalid Unicode (a lone surrogate)',
    );
  if (value.length > max)
    throw badInput(field, `长度不能超过${max}个字符`, `must be at most ${max} characters long`);
  return value;
}

/** Whether `value` (an ID argument) is an id the database can hold. */
export function isIdInRange(value: unknown): boolean {
  const text = typeof value === 'number' ? String(value) : value;
  return typeof text === 'string' && /^[1-9]\d{0,9}$/.test(text) && Number(text) <= MAX_ID;
}

/** Walks a coerced argument value by its GraphQL type and refuses what no field may hold. */
export function checkInput(type: GraphQLInputType, value: unknown, field: string): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (Array.isArray(value)) value.forEach((v, i) => checkInput(nullable.ofType, v, `${field}[${i}]`));
    else checkInput(nullable.ofType, value, field);
    return;
  }
  if (isInputObjectType(nullable)) {
    const fields = nullable.getFields();
    for (const [name, v] of Object.entries(value as Record<string, unknown>))
      if (fields[name]) checkInput(fields[name].type, v, `${field}.${name}`);
    return;
  }
  if (isEnumType(nullable)) return;
  if (isScalarType(nullable)) {
    if (nullable.name === 'ID') {
      if (typeof value === 'string') checkText(value, field, 100);
      if (!isIdInRange(value)) {
        const shown = (typeof value === 'string' ? value : JSON.stringify(value)).slice(0, 30);
        throw badInput(
          field,
          `编号“${shown}”无效（应为1到${MAX_ID}之间的整数）`,
          `"${shown}" is not a valid id (a whole number from 1 to ${MAX_ID})`,
        );
      }
    } else if (typeof value === 'string') checkText(value, field);
  }
}

/** Checks the arguments of every root field before its resolver runs (login included). */
export function guardRootArguments(schema: GraphQLSchema): GraphQLSchema {
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      if (field.args.length === 0) continue;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      const args = field.args;
      field.resolve = (root, values: Record<string, unknown>, context, info) => {
        for (const arg of args) checkInput(arg.type, values[arg.name], arg.name);
        return resolve(root, values, context, info);
      };
    }
  }
  return schema;
}

// ---------------------------------------------------------------- naming the field of type errors

/** The argument path (`filter.from`) at which `target` sits in the document, if it does. */
function pathOf(document: DocumentNode, target: (node: ASTNode) => boolean): string | undefined {
  const path: string[] = [];
  let found: string | undefined;
  visit(document, {
    enter(node) {
      if (node.kind === Kind.VARIABLE_DEFINITION) return false; // `$f` is declared there, used elsewhere
      if (target(node)) {
        found = path.join('.');
        return BREAK;
      }
      if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) path.push(node.name.value);
      return undefined;
    },
    leave(node) {
      if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) path.pop();
    },
  });
  return found || undefined;
}

/**
 * Gives the errors graphql-js raises while coercing arguments (a date in year 0000, an enum that
 * does not exist) the `field` they concern, as the API promises for BAD_USER_INPUT, and the
 * BAD_USER_INPUT code where one of this API's scalars refused a literal (graphql-js files those
 * under validation).
 */
export function nameInputError(error: GraphQLError, document: DocumentNode | undefined): void {
  const extensions = error.extensions as Record<string, unknown>;
  if (!document || extensions.field !== undefined) return;
  const variable = /^Variable "\$(\w+)" (?:got invalid value .*? at "\w+((?:\.\w+|\[\d+\])*)"|.*)/s.exec(
    error.message,
  );
  let field: string | undefined;
  if (variable) {
    const [, name, rest] = variable;
    const usage = pathOf(document, (n) => n.kind === Kind.VARIABLE && n.name.value === name);
    if (usage) field = `${usage}${rest ?? ''}`;
  } else if (error.nodes?.length) {
    // A literal one of this API's scalars refused (graphql-js files it under validation), or
    // one graphql-js's own scalars refused ("Expected value of type …").
    const original = error.originalError;
    const ours = original instanceof GraphQLError && original.extensions?.code === 'BAD_USER_INPUT';
    if (ours || /^Expected value of type/.test(error.message)) {
      const node = error.nodes[0];
      field = pathOf(document, (n) => n === node);
      if (ours) extensions.code = 'BAD_USER_INPUT';
    }
  }
  if (field) extensions.field = field;
}

export const inputErrorFieldPlugin: ApolloServerPlugin = {
  requestDidStart() {
    return Promise.resolve({
      didEncounterErrors({ errors, document }) {
        for (const error of errors) nameInputError(error, document);
        return Promise.resolve();
      },
    });
  },
};
