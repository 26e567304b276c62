import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import {
  ForeignKeyConstraintViolationException,
  NotNullConstraintViolationException,
  OptimisticLockError,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import { InvalidInput, NotAllowed } from '../domain/errors';
import { isTransientWriteError } from '../db/transactions';

/** Error codes of API.md. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INTERNAL_SERVER_ERROR'
  | 'QUERY_TOO_COMPLEX'
  | 'QUERY_TIMEOUT'
  | 'RESPONSE_TOO_LARGE'
  | 'TOO_MANY_REQUESTS';

export function apiError(
  code: ErrorCode,
  zh: string,
  en: string,
  extra: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(`${zh} / ${en}`, { extensions: { code, zh, en, ...extra } });
}

/**
 * Bad input: the message names the field in both languages for API users; `reason` holds the
 * same words without the field's name, so a UI can say them in its own language with the
 * field's label.
 */
export function badInput(field: string, zh: string, en: string): GraphQLError {
  return apiError('BAD_USER_INPUT', `${field}：${zh}`, `${field}: ${en}`, { field, reason: { zh, en } });
}

export const unauthenticated = () => apiError('UNAUTHENTICATED', '请先登录', 'log in first');

export const forbidden = (zh = '无权执行此操作', en = 'you are not allowed to do this') =>
  apiError('FORBIDDEN', zh, en);

export const notFound = (resource: string, id: string | number, field = 'id') =>
  apiError(
    'NOT_FOUND',
    `${field}：${resource} ${id} 不存在`,
    `${field}: there is no ${resource} with id ${id}`,
    {
      field,
    },
  );

/** The request ran past its time limit (QueryLimits.timeoutMs). */
export const queryTimeout = () =>
  apiError('QUERY_TIMEOUT', '查询超时，已中止', 'the query ran out of time and was stopped');

/**
 * Login refused while the username or the address is locked after failed logins. HTTP 429 with
 * Retry-After, and `retryAfter` (seconds) in the extensions for clients that read only the body.
 */
export const tooManyLogins = (seconds: number) =>
  apiError(
    'TOO_MANY_REQUESTS',
    `登录失败次数过多，请${seconds}秒后再试`,
    `too many failed logins; try again in ${seconds} seconds`,
    { retryAfter: seconds, http: { status: 429, headers: new Map([['retry-after', String(seconds)]]) } },
  );

export const conflict = (zh: string, en: string, extra: Record<string, unknown> = {}) =>
  apiError('CONFLICT', zh, en, extra);

/** An edit based on an old copy of a record: never silently overwrite what someone else saved. */
export const staleVersion = (field: string) =>
  conflict(
    `${field}：该记录已被他人修改，请刷新后重试`,
    `${field}: the record was changed by someone else since you loaded it; reload and try again`,
    {
      field,
      reason: {
        zh: '该记录已被他人修改，请刷新后重试',
        en: 'the record was changed by someone else since you loaded it; reload and try again',
      },
    },
  );

/** Another writer held the records too long, even after the write was tried again (db/transactions.ts). */
export const busy = () =>
  conflict(
    '数据正被他人同时修改，系统繁忙，请稍后重试',
    'others are changing the same data at this moment; try again shortly',
    { reason: 'BUSY' },
  );

/** Column names in a unique/foreign-key violation, best effort, to name the field. */
function constraintColumn(message: string): string | undefined {
  const sqlite = /UNIQUE constraint failed: \w+\.(\w+)/.exec(message);
  if (sqlite) return sqlite[1];
  const pg = /Key \((\w+)\)=/.exec(message);
  return pg?.[1];
}

const camel = (column: string) => column.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

/** Turns what a resolver threw into a GraphQLError with one of the API's codes. */
export function toApiError(error: unknown): GraphQLError | null {
  if (error instanceof InvalidInput) return badInput(error.field, error.zh, error.en);
  if (error instanceof NotAllowed) return forbidden(error.zh, error.en);
  if (error instanceof OptimisticLockError) return staleVersion('version');
  if (isTransientWriteError(error)) return busy();
  if (error instanceof UniqueConstraintViolationException) {
    const column = constraintColumn(error.message);
    const field = column ? camel(column) : undefined;
    return conflict(
      `${field ?? '记录'}的值已存在，不能重复`,
      `a record with this ${field ?? 'key'} already exists`,
      field ? { field, reason: { zh: '该值已存在，不能重复', en: 'this value is already taken' } } : {},
    );
  }
  if (error instanceof ForeignKeyConstraintViolationException)
    return conflict(
      '该记录仍被其他记录引用，不能删除',
      'other records still refer to this one; it cannot be deleted',
    );
  if (error instanceof NotNullConstraintViolationException) {
    const m = /NOT NULL constraint failed: \w+\.(\w+)|column "(\w+)"/.exec(error.message);
    const field = camel(m?.[1] ?? m?.[2] ?? 'value');
    return badInput(field, '不能为空', 'is required');
  }
  return null;
}

const BCRYPT = /\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}/g;
const SQL_START = /^\s*(select|insert|update|delete|with|create|alter|drop|pragma|begin|commit)\b/i;

/**
 * A message fit for a log or an answer: MikroORM's driver errors read "<the SQL, values inlined> -
 * <the driver's message>"; the SQL goes (it may hold any value written, a password hash
 * included), and so does anything shaped like a bcrypt hash.
 */
export function redact(message: string): string {
  let text = message;
  if (SQL_START.test(text)) {
    const cut = text.lastIndexOf(' - ');
    text = cut >= 0 ? `[SQL omitted] - ${text.slice(cut + 3)}` : '[SQL omitted]';
  }
  return text.replace(BCRYPT, '[hash omitted]');
}

/** An unexpected error as the log shows it: its class, driver code, redacted message and stack frames. */
export function describeForLog(error: unknown): string {
  if (!(error instanceof Error)) return redact(String(error));
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
  const shownCode = typeof code === 'string' || typeof code === 'number' ? ` [${code}]` : '';
  return `${error.name}${shownCode}: ${redact(error.message)}${frames ? `\n${frames}` : ''}`;
}

/** Graphql-js and Apollo codes a client's document or variables caused, answered as they are. */
const LIMIT_CODES = new Set(['QUERY_TOO_COMPLEX', 'QUERY_TIMEOUT', 'RESPONSE_TOO_LARGE']);

/**
 * Apollo's formatError: known errors keep their code; anything else becomes an
 * INTERNAL_SERVER_ERROR whose message says nothing of SQL, hashes or values, in every mode
 * (outside production the stack frames stay, without the message). The log gets the same
 * redacted description.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  production: boolean,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const mapped = toApiError(original);
  if (mapped) return { ...formatted, message: mapped.message, extensions: mapped.extensions };
  const code = formatted.extensions?.code;
  if (code && code !== 'INTERNAL_SERVER_ERROR') {
    const {
      stacktrace: _stack,
      http: _http,
      exception: _exception,
      ...extensions
    } = formatted.extensions ?? {};
    // graphql-armor's refusals and the parser's token limit arrive as validation/parse failures.
    if (typeof extensions.limit === 'string' || LIMIT_CODES.has(String(extensions.code)))
      extensions.code = extensions.code === 'QUERY_TIMEOUT' ? 'QUERY_TIMEOUT' : 'QUERY_TOO_COMPLEX';
    const tokens = /Document contains more th\w+ (\d+) tokens/.exec(formatted.message);
    if (tokens)
      return {
        message: `查询过于复杂：词法单元超过上限${tokens[1]} / query too complex: more than ${tokens[1]} tokens`,
        locations: formatted.locations,
        extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'tokens' },
      };
    return { ...formatted, message: redact(formatted.message), extensions };
  }
  // graphql-js gives up coercing variables after 50 errors (a 3,000-item list of wrong values):
  // the caller's input, not the server's fault.
  if (formatted.message.startsWith('Too many errors processing variables'))
    return {
      message:
        '变量中的错误过多，已停止处理（请检查列表类变量） / too many errors in the variables; processing stopped (check list variables)',
      locations: formatted.locations,
      extensions: { code: 'BAD_USER_INPUT', field: 'variables' },
    };
  console.error(`GraphQL: ${describeForLog(original)}`);
  const base = {
    message: '服务器内部错误 / internal server error',
    path: formatted.path,
    locations: formatted.locations,
  };
  if (production) return { ...base, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  const frames =
    original instanceof Error ? (original.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)) : [];
  return {
    ...base,
    extensions: {
      code: 'INTERNAL_SERVER_ERROR',
      exception: original instanceof Error ? original.name : typeof original,
      stacktrace: frames.map((l) => l.trim()),
    },
  };
}
