import { creditCodeProblem } from '../../../server/domain/creditCode';
import type { EnumName } from '../i18n/domain';

/** How one field of a resource is shown and edited. */
export interface FieldDef {
  source: string;
  type:
    | 'text'
    | 'longtext'
    | 'int'
    | 'money'
    /** A decimal that is not money (a multiple such as 1.5). */
    | 'number'
    | 'date'
    | 'bool'
    | 'enum'
    | 'ref'
    | 'enumList'
    | 'strings'
    | 'datetime'
    | 'tiers'
    /** A resource's name (AuditEntry.entityType), shown in words. */
    | 'resourceName'
    /** An audit action (create, update, publish…), shown in words. */
    | 'action'
    /** An audit entry's changes, shown as before → after in words. */
    | 'changes'
    /** A server's finding that needs the reader's action, shown in red (a plain — when there is none). */
    | 'problem';
  enum?: EnumName;
  /** Target resource of a `ref`. */
  ref?: string;
  /** In the list's columns. */
  list?: boolean;
  /** A filter of the list (refs, enums, booleans: equality; dates: a range). */
  filter?: boolean;
  required?: boolean;
  readOnly?: boolean;
  /** Not shown (write-only, e.g. a password). */
  writeOnly?: boolean;
  max?: number;
  /** What a new record starts with (a new user is active). */
  defaultValue?: unknown;
  /** Said under the input before anything is typed (a password's rules). */
  helperText?: string;
  validate?: (value: unknown) => string | undefined;
}

/** A record as lists hand it over, its fields not yet known. */
export type Row = { id: string | number } & Record<string, unknown>;

/** A scalar as text; anything else (null, objects) as nothing. */
export const text = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

export type Role = 'ADMIN' | 'MANAGER' | 'OFFICER' | 'LAWYER' | 'REVIEWER';

export interface ResourceDef {
  name: string;
  fields: FieldDef[];
  /** How a record is named in references and titles. */
  representation: string;
  read: Role[];
  create: Role[];
  edit: Role[];
  remove: Role[];
  sort?: { field: string; order: 'ASC' | 'DESC' };
  /** One-to-many records shown and added on this record's show and edit pages (an item's conditions). */
  children?: { resource: string; target: string }[];
}

/** The same check as the server's (server/domain/creditCode.ts), as the user types. */
export const creditCodeValidator = (value: unknown) => {
  if (typeof value !== 'string' || !value) return undefined;
  const problem = creditCodeProblem(value.trim());
  return problem ? problem[0] : undefined;
};
