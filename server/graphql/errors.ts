import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import {
  ForeignKeyConstraintViolationException,
  NotNullConstraintViolationException,
  OptimisticLockError,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import { InvalidInput, NotAllowed } from '../domain/errors';

/** Error codes of API.md. */
export type ErrorCode =
  'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'INTERNAL_SERVER_ERROR';

export function apiError(
  code: ErrorCode,
  zh: string,
  en: string,
  extra: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(`${zh} / ${en}`, { extensions: { code, zh, en, ...extra } });
}

export function badInput(field: string, zh: string, en: string): GraphQLError {
  return apiError('BAD_USER_INPUT', `${field}：${zh}`, `${field}: ${en}`, { field });
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

export const conflict = (zh: string, en: string, extra: Record<string, unknown> = {}) =>
  apiError('CONFLICT', zh, en, extra);

/** An edit based on an old copy of a record: never silently overwrite what someone else saved. */
export const staleVersion = (field: string) =>
  conflict(
    `${field}：该记录已被他人修改，请刷新后重试`,
    `${field}: the record was changed by someone else since you loaded it; reload and try again`,
    { field },
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
  if (error instanceof UniqueConstraintViolationException) {
    const column = constraintColumn(error.message);
    const field = column ? camel(column) : undefined;
    return conflict(
      `${field ?? '记录'}的值已存在，不能重复`,
      `a record with this ${field ?? 'key'} already exists`,
      field ? { field } : {},
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

/**
 * Apollo's formatError: known errors keep their code; anything else becomes an
 * INTERNAL_SERVER_ERROR whose message, outside development, says nothing of SQL or stacks.
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
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  console.error(original);
  if (!production) return formatted;
  return {
    message: '服务器内部错误 / internal server error',
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
