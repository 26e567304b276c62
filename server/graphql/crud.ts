import type { EntityManager, EntityName, FilterQuery } from '@mikro-orm/core';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { fromCents, toCents } from '../domain/money';
import { findRows, sqlRows } from '../db/sql';
import { writeTransaction } from '../db/transactions';
import { audit, changedFields } from '../services/audit';
import type { AuthUser } from '../services/auth';
import { requireUser, type Context } from './context';
import { badInput, forbidden, notFound, staleVersion } from './errors';
import {
  RANGE_KINDS,
  RANGE_OPS,
  entityProp,
  timestampProp,
  wireName,
  type Access,
  type FieldSpec,
  type Resource,
} from './resource';
import { BulkResult, ListMetadata } from './shared-types';
import { MAX_ID, isIdInRange } from './input-guard';

type Entity = { id: number } & Record<string, unknown>;
type Wire = Record<string, unknown> & { id: string };
type Registry = (name: string) => Resource;

export const MAX_PER_PAGE = 1000;
const DEFAULT_PER_PAGE = 100;

// ---------------------------------------------------------------- access

/** The rows `user` may reach through `access`, or null for all of them. Throws when none. */
export function scopeOf(access: Access | undefined, user: AuthUser): FilterQuery<Entity> | null {
  const scope = access?.[user.role];
  if (!scope) throw forbidden();
  return scope === 'all' ? null : scope(user);
}

/** Like scopeOf, but "may not read at all" is an empty result instead of an error (for relations). */
function readScopeOrNone(res: Resource, user: AuthUser | null): FilterQuery<Entity> | null | 'none' {
  if (!user) return 'none';
  const scope = res.access.read[user.role];
  if (!scope) return 'none';
  return scope === 'all' ? null : scope(user);
}

/**
 * Whether an entity in memory satisfies a scope filter, for filters that are plain equalities on
 * its own fields and relations (`{ department: 3 }`), joined by `$and`; undefined for anything
 * else (operators, nested relations), which only the database can answer.
 */
export function matchesScope(filter: unknown, entity: Record<string, unknown>): boolean | undefined {
  if (!filter || typeof filter !== 'object') return undefined;
  let all = true;
  for (const [key, expected] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(expected)) {
      for (const part of expected) {
        const m = matchesScope(part, entity);
        if (m === undefined) return undefined;
        all &&= m;
      }
      continue;
    }
    if (key.startsWith('$') || (expected !== null && typeof expected === 'object')) return undefined;
    const actual = entity[key];
    const value = actual !== null && typeof actual === 'object' ? (actual as { id?: unknown }).id : actual;
    if (value === undefined) return undefined;
    all &&= value === expected;
  }
  return all;
}

/**
 * The wires of those `entities` (already loaded) that `user` may read, decided in memory; null
 * when the read scope is one `matchesScope` cannot decide (ask the loaders then).
 */
export function readableInMemory(
  res: Resource,
  user: AuthUser | null,
  entities: readonly Entity[],
): Wire[] | null {
  const scope = readScopeOrNone(res, user);
  if (scope === 'none') return [];
  const verdicts = entities.map((e) => (scope === null ? true : matchesScope(scope, e)));
  if (verdicts.includes(undefined)) return null;
  return entities.filter((_, i) => verdicts[i]).map((e) => toWire(res, e));
}

const and = (...parts: (FilterQuery<Entity> | null | undefined)[]): FilterQuery<Entity> => {
  const present = parts.filter(
    (p): p is FilterQuery<Entity> => Boolean(p) && Object.keys(p as object).length > 0,
  );
  return present.length === 1 ? present[0] : present.length ? { $and: present } : {};
};

// ---------------------------------------------------------------- wire <-> entity

/** A relation's id: from a reference or entity, or the plain id of a row's data (`rowData`). */
function refId(value: unknown): string | null {
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  return value && typeof value === 'object' && 'id' in value ? String((value as { id: number }).id) : null;
}

/** The entity properties `toWire` reads for a resource (what `rowData` must convert). */
const wirePropsOf = new WeakMap<Resource, readonly string[]>();
export function wireProps(res: Resource): readonly string[] {
  let props = wirePropsOf.get(res);
  if (!props) {
    props = [
      ...Object.entries(res.fields)
        .filter(([, f]) => !f.writeOnly)
        .map(([key, f]) => entityProp(key, f)),
      ...(res.lock ? [res.lock] : []),
      timestampProp(res, 'createdAt'),
      timestampProp(res, 'updatedAt'),
    ];
    wirePropsOf.set(res, props);
  }
  return props;
}

/** An entity as the API sends it: money in yuan, relations as `xxxId`. */
export function toWire(res: Resource, entity: Entity): Wire {
  const wire: Wire = { id: String(entity.id) };
  for (const [key, f] of Object.entries(res.fields)) {
    if (f.writeOnly) continue;
    const value = entity[entityProp(key, f)];
    let out: unknown = value;
    if (f.kind === 'ref') out = refId(value);
    else if (f.kind === 'money')
      out = value === null || value === undefined ? null : fromCents(Number(value));
    else if (f.kind === 'custom') out = f.toWire(value);
    wire[wireName(key, f)] = out ?? (f.kind === 'enumList' || f.kind === 'strings' ? [] : null);
  }
  if (res.lock) wire[res.lock] = entity[res.lock];
  wire.createdAt = entity[timestampProp(res, 'createdAt')];
  wire.updatedAt = entity[timestampProp(res, 'updatedAt')];
  return wire;
}

/** A scalar argument as text (GraphQL has already checked it is a scalar). */
const asText = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : JSON.stringify(value);

export function parseId(value: unknown, field = 'id'): number {
  if (typeof value !== 'string' && typeof value !== 'number')
    throw badInput(field, '编号无效', 'is not a valid id');
  const text = asText(value);
  if (!isIdInRange(text))
    throw badInput(
      field,
      `编号“${text.slice(0, 30)}”无效（应为1到${MAX_ID}之间的整数）`,
      `"${text.slice(0, 30)}" is not a valid id (a whole number from 1 to ${MAX_ID})`,
    );
  return Number(text);
}

function convertInput(key: string, f: FieldSpec, value: unknown, wire: string): unknown {
  if (value === null || value === undefined) {
    if (f.required) throw badInput(wire, '不能为空', 'is required');
    return f.kind === 'enumList' || f.kind === 'strings' ? [] : null;
  }
  switch (f.kind) {
    case 'string': {
      const text = asText(value).trim();
      if (f.required && text === '') throw badInput(wire, '不能为空', 'must not be empty');
      if ([...text].length > f.max)
        throw badInput(wire, `长度不能超过${f.max}个字符`, `must be at most ${f.max} characters long`);
      if (f.min !== undefined && [...text].length < f.min)
        throw badInput(wire, `长度不能少于${f.min}个字符`, `must be at least ${f.min} characters long`);
      if (f.pattern && !f.pattern[0].test(text)) throw badInput(wire, f.pattern[1], f.pattern[2]);
      f.validate?.(text);
      return text === '' ? null : text;
    }
    case 'int': {
      const n = value as number;
      if (f.min !== undefined && n < f.min)
        throw badInput(wire, `不能小于${f.min}`, `must be at least ${f.min}`);
      if (f.max !== undefined && n > f.max)
        throw badInput(wire, `不能大于${f.max}`, `must be at most ${f.max}`);
      return n;
    }
    case 'money':
      return toCents(value as number, wire);
    case 'enumList':
      return [...new Set(value as string[])];
    case 'strings': {
      const items = (value as string[]).map((s) => s.trim()).filter((s) => s !== '');
      if (items.length > f.maxItems)
        throw badInput(wire, `最多${f.maxItems}项`, `may have at most ${f.maxItems} entries`);
      if (items.some((s) => [...s].length > f.maxLength))
        throw badInput(
          wire,
          `每项不能超过${f.maxLength}个字符`,
          `each entry must be at most ${f.maxLength} characters`,
        );
      return items;
    }
    case 'ref':
      return parseId(value, wire);
    case 'custom':
      return f.fromWire(value, wire);
    default:
      return value;
  }
}

/**
 * The entity values an input asks for, checked and converted. Only the keys present in
 * `args` are returned for an update; a create also checks the required ones.
 */
async function entityData(
  res: Resource,
  registry: Registry,
  em: EntityManager,
  args: Record<string, unknown>,
  action: 'create' | 'update' | 'bulk',
): Promise<Record<string, unknown>> {
  const data: Record<string, unknown> = {};
  const refs: { wire: string; prop: string; target: Resource; id: number }[] = [];
  for (const [key, f] of Object.entries(res.fields)) {
    if (f.readOnly || (action === 'bulk' && !f.bulk)) continue;
    const wire = wireName(key, f);
    if (!(wire in args) || args[wire] === undefined) {
      if (action === 'create' && f.required) throw badInput(wire, '不能为空', 'is required');
      continue;
    }
    const value = convertInput(key, f, args[wire], wire);
    if (f.writeOnly) continue; // checked here, used by the resource's beforeWrite (a password to hash)
    if (f.kind === 'ref' && value !== null)
      refs.push({ wire, prop: entityProp(key, f), target: registry(f.target), id: value as number });
    else data[entityProp(key, f)] = value;
  }
  // Every referenced record must exist: one statement for all of them (a case names five), the
  // first missing one named in the error.
  const missing = await missingRefs(em, refs);
  if (missing) {
    const { wire, target, id } = missing;
    throw badInput(
      wire,
      `${target.name} ${asText(id)} 不存在`,
      `there is no ${target.name} with id ${asText(id)}`,
    );
  }
  for (const { prop, target, id } of refs) data[prop] = em.getReference(target.entity, id, { wrapped: true });
  return data;
}

/** The first of `refs` (in order) whose record does not exist, or null; one query for all. */
async function missingRefs<T extends { target: Resource; id: number }>(
  em: EntityManager,
  refs: readonly T[],
): Promise<T | null> {
  if (!refs.length) return null;
  // Table names come from the entity metadata, never from input; ids are bound parameters.
  const tableOf = (r: T) => em.getMetadata().get((r.target.entity as { name: string }).name).tableName;
  const found = await sqlRows<Record<string, unknown>>(
    em,
    `select ${refs.map((r, i) => `(select count(*) from "${tableOf(r)}" where id = ?) as r${i}`).join(', ')}`,
    refs.map((r) => r.id),
  );
  return refs.find((_, i) => Number(found[0]?.[`r${i}`] ?? 0) === 0) ?? null;
}

// ---------------------------------------------------------------- lists

interface ListArgs {
  page?: number | null;
  perPage?: number | null;
  sortField?: string | null;
  sortOrder?: string | null;
  filter?: Record<string, unknown> | null;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The filter of the ra-data-graphql-simple grammar as a MikroORM query. */
function buildWhere(res: Resource, filter: Record<string, unknown>, postgres: boolean): FilterQuery<Entity> {
  const parts: FilterQuery<Entity>[] = [];
  const byWire = new Map(Object.entries(res.fields).map(([k, f]) => [wireName(k, f), [k, f] as const]));
  for (const [name, value] of Object.entries(filter)) {
    if (value === null || value === undefined) continue;
    if (name === 'q') {
      const text = asText(value).trim();
      if (!text) continue;
      if ([...text].length > 200)
        throw badInput('filter.q', '搜索文字不能超过200个字符', 'must be at most 200 characters');
      // PostgreSQL's LIKE is case-sensitive and honours backslash escapes; SQLite's LIKE folds ASCII case.
      const pattern = postgres ? `%${escapeLike(text)}%` : `%${text}%`;
      const op = postgres ? '$ilike' : '$like';
      const searchable = Object.entries(res.fields)
        .filter(([, f]) => f.q)
        .map(([k]) => k);
      if (isIdInRange(text))
        parts.push({
          $or: [{ id: Number(text) }, ...searchable.map((k) => ({ [k]: { [op]: pattern } }))],
        });
      else parts.push({ $or: searchable.map((k) => ({ [k]: { [op]: pattern } })) });
      continue;
    }
    if (name === 'ids') {
      const ids = (value as unknown[]).map((v) => parseId(v, 'filter.ids'));
      if (ids.length > MAX_PER_PAGE)
        throw badInput('filter.ids', `最多${MAX_PER_PAGE}个`, `at most ${MAX_PER_PAGE} ids`);
      parts.push({ id: { $in: ids } });
      continue;
    }
    if (name === 'id') {
      parts.push({ id: parseId(value, 'filter.id') });
      continue;
    }
    const op = Object.entries(RANGE_OPS).find(([suffix]) => name.endsWith(suffix));
    const base = op ? name.slice(0, -op[0].length) : name;
    const entry = byWire.get(base);
    if (!entry || (op && !RANGE_KINDS.has(entry[1].kind)))
      throw badInput(`filter.${name}`, '不支持的筛选条件', 'is not a filter of this list');
    const [key, f] = entry;
    // Only plain values reach the ORM: an object here would be read as its operators ($re, $ne…).
    // An instant is the one object allowed: the DateTime scalar has already parsed it.
    if (typeof value === 'object' && !(f.kind === 'datetime' && value instanceof Date))
      throw badInput(`filter.${name}`, '筛选值应为单个值', 'must be a single value, not an object or list');
    const converted =
      f.kind === 'money'
        ? toCents(value as number, `filter.${name}`)
        : f.kind === 'ref'
          ? parseId(value, `filter.${name}`)
          : value;
    parts.push({ [entityProp(key, f)]: op ? { [op[1]]: converted } : converted });
  }
  return and(...parts);
}

/** The rows `user` may read of `res` that match a list filter: what a list page and an export both show. */
export function listWhere(
  res: Resource,
  user: AuthUser,
  filter: Record<string, unknown>,
  postgres: boolean,
): FilterQuery<Entity> {
  return and(scopeOf(res.access.read, user), buildWhere(res, filter, postgres));
}

function sortFieldOf(res: Resource, sortField: string | null | undefined): string {
  if (!sortField) return res.defaultSort?.[0] ?? 'id';
  if (sortField === 'id') return sortField;
  if (sortField === 'createdAt' || sortField === 'updatedAt') return timestampProp(res, sortField);
  for (const [key, f] of Object.entries(res.fields)) {
    if (wireName(key, f) !== sortField || f.writeOnly) continue;
    if (f.kind === 'custom' || f.kind === 'enumList' || f.kind === 'strings') break;
    return entityProp(key, f);
  }
  throw badInput('sortField', `不能按“${sortField}”排序`, `cannot sort by "${sortField}"`);
}

function pagination(args: ListArgs): { limit: number; offset: number } | undefined {
  const page = args.page ?? 0;
  if (page < 0) throw badInput('page', '页码从0开始，不能为负', 'starts at 0 and must not be negative');
  if (args.perPage === null || args.perPage === undefined) {
    // ra-data-graphql-simple's getMany asks by ids without paging: answer all of them.
    if (args.filter?.ids && args.page == null) return undefined;
    return { limit: DEFAULT_PER_PAGE, offset: page * DEFAULT_PER_PAGE };
  }
  if (args.perPage < 1 || args.perPage > MAX_PER_PAGE)
    throw badInput('perPage', `每页条数应在1到${MAX_PER_PAGE}之间`, `must be between 1 and ${MAX_PER_PAGE}`);
  return { limit: args.perPage, offset: page * args.perPage };
}

// ---------------------------------------------------------------- resolvers

type ParamDecorator = (target: object, key: string, index: number) => void;
type MethodDecorator = (target: object, key: string, descriptor: PropertyDescriptor) => void;

/** Attaches a handler to a generated resolver class, with type-graphql's decorators. */
function handler(
  target: Function,
  name: string,
  fn: (...args: never[]) => unknown,
  method: MethodDecorator,
  params: ParamDecorator[],
): void {
  const proto = target.prototype as Record<string, unknown>;
  proto[name] = fn;
  Reflect.defineMetadata(
    'design:paramtypes',
    params.map(() => Object),
    proto,
    name,
  );
  Reflect.defineMetadata('design:returntype', Promise, proto, name);
  params.forEach((decorate, index) => decorate(proto, name, index));
  method(proto, name, Object.getOwnPropertyDescriptor(proto, name)!);
}

function listArgs(): ParamDecorator[] {
  return [
    Arg('page', () => Int, { nullable: true }),
    Arg('perPage', () => Int, { nullable: true }),
    Arg('sortField', () => String, { nullable: true }),
    Arg('sortOrder', () => String, { nullable: true }),
  ];
}

export interface CrudOptions {
  registry: Registry;
}

/** Resources held in the catalogue cache: a write to one of them makes the cache reload. */
const CATALOGUE = new Set([
  'Offence',
  'OffenceVersion',
  'DiscretionBaseline',
  'LeniencyListSeries',
  'LeniencyList',
  'LeniencyItem',
  'LeniencyItemCondition',
]);

/** The ra-data-graphql-simple resolvers of one resource, with its access rules applied to every row. */
export function buildCrudResolver(res: Resource, { registry }: CrudOptions): Function {
  const { name, plural, types } = res;
  /** Runs a write in one transaction; a catalogue write also refreshes the cache. */
  const inTransaction = async <T>(ctx: Context, work: (em: EntityManager) => Promise<T>): Promise<T> => {
    try {
      return await writeTransaction(ctx.em, work);
    } finally {
      // Also after a failure: a read inside the transaction may have seen its own writes.
      if (CATALOGUE.has(name)) ctx.catalogue.invalidate();
    }
  };
  const Type = types.object;
  const holder = { [`${name}Resolver`]: class {} };
  const R = holder[`${name}Resolver`];
  const access = res.access;
  const entityClass = res.entity as unknown as EntityName<Entity>;

  /** The resource's own writer, or its last checks and the flush. */
  const saveEntity = async (
    ctx: Context,
    entity: Entity,
    input: Record<string, unknown>,
    action: 'create' | 'update',
  ) => {
    if (res.save) return res.save(ctx, entity, input, action);
    await res.beforeWrite?.(ctx, entity, input, action);
    await ctx.em.flush();
  };

  const readWhere = (ctx: Context, args: ListArgs) =>
    listWhere(res, requireUser(ctx), args.filter ?? {}, ctx.dialect === 'postgresql');

  handler(
    R,
    'one',
    async (id: string, ctx: Context) => {
      const where = and(scopeOf(access.read, requireUser(ctx)), { id: parseId(id) });
      const entity = await ctx.em.findOne(entityClass, where);
      return entity ? toWire(res, entity) : null;
    },
    Query(() => Type, { name, nullable: true }),
    [Arg('id', () => ID), Ctx()],
  );

  const list = async (
    page: number,
    perPage: number,
    sortField: string,
    sortOrder: string,
    filter: Record<string, unknown>,
    ctx: Context,
  ) => {
    const args = { page, perPage, sortField, sortOrder, filter };
    const where = readWhere(ctx, args);
    const order = (sortOrder ?? res.defaultSort?.[1] ?? 'ASC').toUpperCase();
    if (order !== 'ASC' && order !== 'DESC')
      throw badInput('sortOrder', '只能为ASC或DESC', 'must be ASC or DESC');
    const field = sortFieldOf(res, sortField);
    const orderBy = field === 'id' ? { id: order } : { [field]: order, id: order };
    // Rows, not entities: a page of a hundred cases cost ~25 ms of CPU as entities (findRows).
    const rows = await findRows(
      ctx.em,
      entityClass,
      wireProps(res),
      where as never,
      orderBy as never,
      pagination(args),
    );
    return rows.map((e) => toWire(res, e));
  };
  handler(
    R,
    'list',
    list,
    Query(() => [Type], { name: `all${plural}` }),
    [...listArgs(), Arg('filter', () => types.filter, { nullable: true }), Ctx()],
  );

  handler(
    R,
    'meta',
    async (
      _p: number,
      _pp: number,
      _sf: string,
      _so: string,
      filter: Record<string, unknown>,
      ctx: Context,
    ) => {
      const count = await ctx.em.count(entityClass, readWhere(ctx, { filter }));
      return { count };
    },
    Query(() => ListMetadata, { name: `_all${plural}Meta` }),
    [...listArgs(), Arg('filter', () => types.filter, { nullable: true }), Ctx()],
  );

  // Relations: one batched query per relation and request (see Loaders).
  for (const [key, f] of Object.entries(res.fields)) {
    if (f.kind !== 'ref' || f.writeOnly) continue;
    const wire = wireName(key, f);
    handler(
      R,
      `relation_${key}`,
      async (root: Wire, ctx: Context) => {
        const id = root[wire];
        if (id === null || id === undefined) return null;
        const target = registry(f.target);
        const scope = readScopeOrNone(target, ctx.user);
        if (scope === 'none') return null;
        const entity = await ctx.loaders.one(
          target.entity as never,
          target.name,
          scope as never,
          Number(id),
          wireProps(target),
        );
        return entity ? toWire(target, entity) : null;
      },
      FieldResolver(() => registry(f.target).types.object, { name: key, nullable: true }),
      [Root(), Ctx()],
    );
  }
  for (const child of res.children ?? []) {
    handler(
      R,
      `children_${child.field}`,
      async (root: Wire, ctx: Context) => {
        const target = registry(child.target);
        const scope = readScopeOrNone(target, ctx.user);
        if (scope === 'none') return [];
        const rows = await ctx.loaders.children(
          target.entity as never,
          target.name,
          child.foreignKey,
          scope as never,
          Number(root.id),
          wireProps(target),
        );
        return (rows as Entity[]).map((e) => toWire(target, e));
      },
      FieldResolver(() => [registry(child.target).types.object], { name: child.field }),
      [Root(), Ctx()],
    );
    if (child.countField)
      handler(
        R,
        `count_${child.countField}`,
        (root: Wire, ctx: Context) =>
          ctx.loaders.count(
            registry(child.target).entity as never,
            child.target,
            child.foreignKey,
            Number(root.id),
          ),
        FieldResolver(() => Int, { name: child.countField }),
        [Root(), Ctx()],
      );
  }

  /** Checks, inside the transaction, that the written row is one the writer may write. */
  const assertWritable = async (em: EntityManager, acc: Access | undefined, user: AuthUser, id: number) => {
    const scope = scopeOf(acc, user);
    if (scope && (await em.count(entityClass, and(scope, { id }))) === 0)
      throw forbidden(
        '无权写入该记录（超出您的部门或本人范围）',
        'this record is outside what you may write (your department or your own records)',
      );
  };

  const loadForWrite = async (
    em: EntityManager,
    acc: Access | undefined,
    user: AuthUser,
    rawId: unknown,
    field = 'id',
  ) => {
    const id = parseId(rawId, field);
    const scope = scopeOf(acc, user);
    const entity = await em.findOne(entityClass, and(scope, { id }));
    if (entity) return entity;
    if (scope && (await em.count(entityClass, { id })) > 0) throw forbidden();
    throw notFound(name, id, field);
  };

  const parentFields = Object.entries(res.fields).filter(([, f]) => f.parent && f.kind === 'ref');

  /**
   * PostgreSQL: locks the parents of the written child (a finding's report) before anything is
   * read, so that writes under one parent run one after another and what they derive from all
   * the children (the report's risk index) counts every one. SQLite runs one writer at a time.
   */
  const lockParents = async (ctx: Context, em: EntityManager, ids: (number | null)[]) => {
    if (ctx.dialect !== 'postgresql') return false;
    for (const [i, [, f]] of parentFields.entries()) {
      const id = ids[i];
      if (f.kind !== 'ref' || id === null) continue;
      const table = em.getMetadata().get(registry(f.target).entity.name).tableName;
      await em
        .getConnection()
        .execute(
          `select id from "${table}" where id = ? for update`,
          [id],
          'all',
          em.getTransactionContext(),
        );
    }
    return parentFields.length > 0;
  };
  const parentIdsOf = (entity: Entity) =>
    parentFields.map(([key, f]) => {
      const id = refId(entity[entityProp(key, f)]);
      return id === null ? null : Number(id);
    });

  /** A child stays with its parent: the rules that freeze a parent would otherwise hold for the destination only. */
  const assertParentsKept = (entity: Entity, args: Record<string, unknown>) => {
    for (const [key, f] of parentFields) {
      const wire = wireName(key, f);
      const value = args[wire];
      if (value === undefined || value === null) continue;
      const now = refId(entity[entityProp(key, f)]);
      if (String(parseId(value, wire)) !== now)
        throw badInput(
          wire,
          `创建后不能更改（须留在原${f.kind === 'ref' ? f.target : ''}中；如需移动，请删除后在目标处重新创建）`,
          `is fixed once created (remove this ${name} and create it again under the other ${f.kind === 'ref' ? f.target : 'parent'})`,
        );
    }
  };

  /** Loads the record to write, with its parents locked first where that matters (see lockParents). */
  const loadLocked = async (
    ctx: Context,
    em: EntityManager,
    acc: Access | undefined,
    user: AuthUser,
    rawId: unknown,
    field: string,
  ) => {
    const entity = await loadForWrite(em, acc, user, rawId, field);
    if (await lockParents(ctx, em, parentIdsOf(entity))) await em.refresh(entity as never);
    return entity;
  };

  const write = async (
    ctx: Context,
    id: unknown,
    args: Record<string, unknown>,
    em: EntityManager,
    user: AuthUser,
    action: 'update' | 'bulk',
    field = 'id',
  ) => {
    const entity = await loadLocked(ctx, em, access.update, user, id, field);
    assertParentsKept(entity, args);
    const before = toWire(res, entity);
    if (
      res.lock &&
      args[res.lock] !== undefined &&
      args[res.lock] !== null &&
      args[res.lock] !== entity[res.lock]
    )
      throw staleVersion(res.lock);
    const data = await entityData(res, registry, em, args, action);
    em.assign(entity as never, data as never);
    await saveEntity({ ...ctx, em }, entity, args, 'update');
    await assertWritable(em, access.update, user, entity.id);
    await res.afterWrite?.({ ...ctx, em }, entity, 'update');
    const after = toWire(res, entity);
    audit(em, user, 'update', name, entity.id, changedFields(before, after));
    return after;
  };

  if (access.create) {
    handler(
      R,
      'create',
      async (args: Record<string, unknown>, ctx: Context) => {
        const user = requireUser(ctx);
        scopeOf(access.create, user);
        const input = { ...(res.defaults?.(user) ?? {}), ...withoutUndefined(args) };
        return inTransaction(ctx, async (em) => {
          await lockParents(
            ctx,
            em,
            parentFields.map(([key, f]) => {
              const value = input[wireName(key, f)];
              return value === undefined || value === null ? null : parseId(value, wireName(key, f));
            }),
          );
          const data = await entityData(res, registry, em, input, 'create');
          const entity: Entity = em.create(entityClass, data as never);
          await saveEntity({ ...ctx, em }, entity, input, 'create');
          await assertWritable(em, access.create, user, entity.id);
          await res.afterWrite?.({ ...ctx, em }, entity, 'create');
          const after = toWire(res, entity);
          audit(em, user, 'create', name, entity.id, { after });
          return after;
        });
      },
      Mutation(() => Type, { name: `create${name}` }),
      [Args(() => types.createArgs), Ctx()],
    );
  }

  if (access.update) {
    handler(
      R,
      'update',
      async (args: Record<string, unknown>, ctx: Context) => {
        const user = requireUser(ctx);
        scopeOf(access.update, user);
        return inTransaction(ctx, (em) => write(ctx, args.id, withoutUndefined(args), em, user, 'update'));
      },
      Mutation(() => Type, { name: `update${name}` }),
      [Args(() => types.updateArgs), Ctx()],
    );
    if (types.bulkInput) {
      handler(
        R,
        'updateMany',
        async (ids: string[], data: Record<string, unknown>, ctx: Context) => {
          const user = requireUser(ctx);
          scopeOf(access.update, user);
          if (ids.length > MAX_PER_PAGE)
            throw badInput('ids', `最多${MAX_PER_PAGE}个`, `at most ${MAX_PER_PAGE} ids`);
          return inTransaction(ctx, async (em) => {
            for (const [i, id] of ids.entries())
              await write(ctx, id, withoutUndefined(data), em, user, 'bulk', `ids[${i}]`);
            return { ids };
          });
        },
        Mutation(() => BulkResult, { name: `update${plural}` }),
        [Arg('ids', () => [ID]), Arg('data', () => types.bulkInput as Function), Ctx()],
      );
    }
  }

  if (access.delete) {
    const remove = async (ctx: Context, em: EntityManager, user: AuthUser, id: unknown, field = 'id') => {
      const entity = await loadLocked(ctx, em, access.delete, user, id, field);
      await res.beforeDelete?.({ ...ctx, em }, entity);
      const before = toWire(res, entity);
      em.remove(entity);
      await em.flush();
      await res.afterWrite?.({ ...ctx, em }, entity, 'delete');
      audit(em, user, 'delete', name, entity.id, { before });
      return before;
    };
    handler(
      R,
      'delete',
      async (id: string, ctx: Context) => {
        const user = requireUser(ctx);
        scopeOf(access.delete, user);
        return inTransaction(ctx, (em) => remove(ctx, em, user, id));
      },
      Mutation(() => Type, { name: `delete${name}`, nullable: true }),
      [Arg('id', () => ID), Ctx()],
    );
    // A name whose plural is itself (LeniencyListSeries) has no separate bulk delete: it would take the single one's name.
    if (plural !== name)
      handler(
        R,
        'deleteMany',
        async (ids: string[], ctx: Context) => {
          const user = requireUser(ctx);
          scopeOf(access.delete, user);
          if (ids.length > MAX_PER_PAGE)
            throw badInput('ids', `最多${MAX_PER_PAGE}个`, `at most ${MAX_PER_PAGE} ids`);
          return inTransaction(ctx, async (em) => {
            for (const [i, id] of ids.entries()) await remove(ctx, em, user, id, `ids[${i}]`);
            return { ids };
          });
        },
        Mutation(() => BulkResult, { name: `delete${plural}` }),
        [Arg('ids', () => [ID]), Ctx()],
      );
  }

  Resolver(() => Type)(R);
  return R;
}

function withoutUndefined(args: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));
}
