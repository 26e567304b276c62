import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { daysInMonth } from '../domain/dates';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(m[1]), month);
}

/** The years a date the API takes may fall in: no record of this system is older or younger. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

const shown = (value: unknown) => JSON.stringify(value)?.slice(0, 40);

/** A refused input value; `node` (a literal in the document) lets the error name its argument. */
const refused = (message: string, node?: ValueNode) =>
  new GraphQLError(message, { nodes: node, extensions: { code: 'BAD_USER_INPUT' } });

function parseDate(value: unknown, node?: ValueNode): string {
  if (typeof value !== 'string' || !isIsoDate(value))
    throw refused(
      `日期格式应为YYYY-MM-DD且为有效日期，收到 ${shown(value)} / a date must be a real date written YYYY-MM-DD, got ${shown(value)}`,
      node,
    );
  return value;
}

function checkYear(year: number, value: unknown, node?: ValueNode): void {
  if (!(year >= MIN_YEAR && year <= MAX_YEAR))
    throw refused(
      `日期应在${MIN_YEAR}年至${MAX_YEAR}年之间，收到 ${shown(value)} / a date must fall between the years ${MIN_YEAR} and ${MAX_YEAR}, got ${shown(value)}`,
      node,
    );
}

/** A date sent to the API: a real date, in the years 1900–2200 (year 0000 breaks PostgreSQL). */
function parseInputDate(value: unknown, node?: ValueNode): string {
  const date = parseDate(value, node);
  checkYear(Number(date.slice(0, 4)), value, node);
  return date;
}

/** A calendar date as `YYYY-MM-DD`, kept as that string end to end (no time zone can shift it). */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD.',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : parseDate(value)),
  parseValue: parseInputDate,
  parseLiteral: (ast) => parseInputDate(ast.kind === Kind.STRING ? ast.value : undefined, ast),
});

/** graphql-scalars' DateTime, refusing instants outside the same years on input. */
export const DateTimeScalar = new GraphQLScalarType({
  ...GraphQLDateTime.toConfig(),
  parseValue: (value) => {
    const date = GraphQLDateTime.parseValue(value);
    checkYear(date.getUTCFullYear(), value);
    return date;
  },
  parseLiteral: (ast, variables) => {
    let date: Date;
    try {
      date = GraphQLDateTime.parseLiteral(ast, variables);
    } catch (err) {
      throw refused(
        `时间格式应为ISO-8601 / ${err instanceof Error ? err.message : 'a date-time must be ISO-8601'}`,
        ast,
      );
    }
    checkYear(date.getUTCFullYear(), ast.kind === Kind.STRING ? ast.value : undefined, ast);
    return date;
  },
});
