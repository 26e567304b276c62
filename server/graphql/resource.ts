import 'reflect-metadata';
import type { EntityClass } from '@mikro-orm/core';
import { ArgsType, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { GraphQLScalarType } from 'graphql';
import { Role } from '../domain/enums';
import type { AuthUser } from '../services/auth';
import type { Context } from './context';
import { DateScalar, DateTimeScalar } from './scalars';

/*
 * One description per resource drives everything the ra-data-graphql-simple grammar needs:
 * the object type, its filter, the create/update/bulk arguments, the resolvers and the
 * access rules. A resource file says only what is special about it.
 */

type TypeThunk = () => unknown;

interface FieldBase {
  /** Needed on create (and never null). */
  required?: boolean;
  /** Computed or set by the server: output only. */
  readOnly?: boolean;
  /** Input only (a password). */
  writeOnly?: boolean;
  /** Part of the `q` free-text search. */
  q?: boolean;
  description?: string;
  /** Offered by `updateRs(ids, data)`. */
  bulk?: boolean;
  /** Optional on input, but the server always has a value (a default): non-null on output. */
  always?: boolean;
  /** Required, but may be left out of a create where the resource's `defaults` supply it. */
  defaulted?: boolean;
  /**
   * The record's parent (the reference back of another resource's `children`), set by
   * `markParents`: fixed once the record is created, and locked first by every write of a child.
   */
  parent?: boolean;
}

export type FieldSpec = FieldBase &
  (
    | {
        kind: 'string';
        max: number;
        min?: number;
        pattern?: [RegExp, string, string];
        validate?: (v: string) => void;
      }
    | { kind: 'int'; min?: number; max?: number }
    | { kind: 'money' }
    | { kind: 'date' }
    | { kind: 'datetime' }
    | { kind: 'bool' }
    | { kind: 'enum'; enum: object }
    | { kind: 'enumList'; enum: object }
    | { kind: 'strings'; maxItems: number; maxLength: number }
    | { kind: 'ref'; target: string; prop?: string }
    | {
        kind: 'custom';
        output: TypeThunk;
        input: TypeThunk;
        toWire: (value: unknown) => unknown;
        fromWire: (value: unknown, field: string) => unknown;
      }
  );

/** Whom a rule lets in, and which rows: a role missing from the map is refused. */
export type Scope = 'all' | ((user: AuthUser) => Record<string, unknown>);
export type Access = Partial<Record<Role, Scope>>;

export interface Relation {
  /** Output field name, e.g. `findings`. */
  field: string;
  target: string;
  /** The target's many-to-one property pointing back here. */
  foreignKey: string;
  /** Also expose how many there are, under this name (e.g. `itemCount`). */
  countField?: string;
}

export type Action = 'create' | 'update' | 'delete';

export interface ResourceSpec<T extends { id: number } = { id: number }> {
  name: string;
  plural: string;
  entity: EntityClass<T>;
  description?: string;
  fields: Record<string, FieldSpec>;
  /** Optimistic-lock property, sent back on update to catch concurrent edits. */
  lock?: string;
  /** One-to-many lists shown on the object (e.g. a report's findings). */
  children?: Relation[];
  /** Default sort when none is asked for. */
  defaultSort?: [string, 'ASC' | 'DESC'];
  access: { read: Access; create?: Access; update?: Access; delete?: Access };
  /** Values a create takes from the caller when they are not given (e.g. the officer's department). */
  defaults?: (user: AuthUser) => Record<string, unknown>;
  /** Runs after a write is flushed, in the same transaction (derived values on other records). */
  afterWrite?: (ctx: Context, entity: T, action: Action) => Promise<void> | void;
  /** Refuses a delete the domain forbids (throws), before anything is removed. */
  beforeDelete?: (ctx: Context, entity: T) => Promise<void> | void;
  /**
   * The resource's own writer: replaces beforeWrite and the flush (and must flush). For records
   * whose writing is a domain service of its own (a case: services/cases.ts).
   */
  save?: (
    ctx: Context,
    entity: T,
    input: Record<string, unknown>,
    action: 'create' | 'update',
  ) => Promise<void>;
  /** Last changes to a record before it is written: derived fields, hashes, domain checks. */
  beforeWrite?: (
    ctx: Context,
    entity: T,
    input: Record<string, unknown>,
    action: 'create' | 'update',
  ) => Promise<void> | void;
}

export type Resource = ResourceSpec & { types: GeneratedTypes };

export interface GeneratedTypes {
  object: Function;
  filter: Function;
  createArgs: Function;
  updateArgs: Function;
  bulkInput: Function | null;
}

export const ALL_ROLES = [Role.ADMIN, Role.MANAGER, Role.OFFICER, Role.LAWYER, Role.REVIEWER] as const;

/** The same scope for every role named. */
export function allow(roles: readonly Role[], scope: Scope = 'all'): Access {
  return Object.fromEntries(roles.map((r) => [r, scope]));
}

/**
 * Marks every child's reference to its parent (the `foreignKey` of each `children` relation:
 * a finding's report, an item's list) as `parent`. A child never moves to another parent: the
 * rules that freeze a parent (a delivered report, a published list) would otherwise hold for
 * the destination only (issue #11 §3).
 */
export function markParents(specs: readonly ResourceSpec[]): void {
  const byName = new Map(specs.map((s) => [s.name, s]));
  for (const spec of specs)
    for (const child of spec.children ?? []) {
      const target = byName.get(child.target);
      const entry = Object.entries(target?.fields ?? {}).find(
        ([key, f]) => f.kind === 'ref' && entityProp(key, f) === child.foreignKey && f.target === spec.name,
      );
      if (!entry) throw new Error(`${child.target}.${child.foreignKey} is not a reference to ${spec.name}`);
      const f = entry[1];
      f.parent = true;
      const note = `Fixed once created: a ${child.target} stays with its ${spec.name}.`;
      f.description = f.description ? `${f.description}. ${note}` : note;
    }
}

/** The GraphQL names of a field: a relation `enterprise` is sent as `enterpriseId` plus `enterprise`. */
export function wireName(name: string, spec: FieldSpec): string {
  return spec.kind === 'ref' ? `${name}Id` : name;
}

export function entityProp(name: string, spec: FieldSpec): string {
  return spec.kind === 'ref' ? (spec.prop ?? name) : name;
}

function scalarType(spec: FieldSpec): unknown {
  switch (spec.kind) {
    case 'string':
      return String;
    case 'int':
      return Int;
    case 'money':
      return Float;
    case 'date':
      return DateScalar;
    case 'datetime':
      return DateTimeScalar;
    case 'bool':
      return Boolean;
    case 'enum':
      return spec.enum;
    case 'enumList':
      return [spec.enum];
    case 'strings':
      return [String];
    case 'ref':
      return ID;
    case 'custom':
      return null;
  }
}

export const RANGE_KINDS = new Set(['int', 'money', 'date', 'datetime']);
export const RANGE_OPS = { _gt: '$gt', _gte: '$gte', _lt: '$lt', _lte: '$lte' } as const;
const EQUALITY_KINDS = new Set(['string', 'int', 'money', 'date', 'datetime', 'bool', 'enum', 'ref']);

/** A fresh named class, so that each generated GraphQL type has its own metadata. */
function namedClass(name: string): Function {
  const holder = { [name]: class {} };
  return holder[name];
}

function field(target: Function, key: string, type: unknown, nullable: boolean, description?: string): void {
  lazyField(target, key, () => type, nullable, description);
}

function lazyField(
  target: Function,
  key: string,
  type: () => unknown,
  nullable: boolean,
  description?: string,
): void {
  const proto = target.prototype as object;
  Reflect.defineMetadata('design:type', Object, proto, key);
  Field(() => type() as GraphQLScalarType, { nullable, description })(proto, key);
}

/** Builds the object, filter and argument types of a resource. Relation objects are added by the resolvers. */
export function generateTypes(spec: ResourceSpec): GeneratedTypes {
  const { name, fields } = spec;

  const object = namedClass(name);
  field(object, 'id', ID, false);
  for (const [key, f] of Object.entries(fields)) {
    if (f.writeOnly) continue;
    const listLike = f.kind === 'enumList' || f.kind === 'strings';
    const type = () => (f.kind === 'custom' ? f.output() : scalarType(f));
    lazyField(object, wireName(key, f), type, !(f.required || f.always || listLike), f.description);
  }
  if (spec.lock) field(object, spec.lock, Int, false, 'Optimistic lock: send it back with an update.');
  field(object, 'createdAt', DateTimeScalar, false);
  field(object, 'updatedAt', DateTimeScalar, false);
  ObjectType(name, { description: spec.description, simpleResolvers: true })(object);

  const filter = namedClass(`${name}Filter`);
  field(filter, 'q', String, true, 'Free text (Chinese included) over the searchable fields.');
  field(filter, 'ids', [ID], true);
  field(filter, 'id', ID, true);
  for (const [key, f] of Object.entries(fields)) {
    if (f.writeOnly || !EQUALITY_KINDS.has(f.kind)) continue;
    const wire = wireName(key, f);
    const type = scalarType(f);
    field(filter, wire, type, true);
    if (RANGE_KINDS.has(f.kind))
      for (const op of Object.keys(RANGE_OPS)) field(filter, `${wire}${op}`, type, true);
  }
  InputType(`${name}Filter`)(filter);

  const inputType = (f: FieldSpec) => (f.kind === 'custom' ? f.input() : scalarType(f));
  const createArgs = namedClass(`Create${name}Args`);
  const updateArgs = namedClass(`Update${name}Args`);
  field(updateArgs, 'id', ID, false);
  if (spec.lock)
    field(updateArgs, spec.lock, Int, true, 'The version you loaded; a stale one is refused with CONFLICT.');
  const bulkFields = Object.entries(fields).filter(([, f]) => f.bulk);
  const bulkInput = bulkFields.length ? namedClass(`${name}BulkInput`) : null;
  for (const [key, f] of Object.entries(fields)) {
    if (f.readOnly) continue;
    const wire = wireName(key, f);
    lazyField(createArgs, wire, () => inputType(f), !f.required || Boolean(f.defaulted), f.description);
    lazyField(updateArgs, wire, () => inputType(f), true, f.description);
    if (bulkInput && f.bulk) lazyField(bulkInput, wire, () => inputType(f), true, f.description);
  }
  ArgsType()(createArgs);
  ArgsType()(updateArgs);
  if (bulkInput) InputType(`${name}BulkInput`)(bulkInput);

  return { object, filter, createArgs, updateArgs, bulkInput };
}
