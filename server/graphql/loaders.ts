import DataLoader from 'dataloader';
import type { EntityManager, EntityName, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import type { AuthUser } from '../services/auth';
import { findRows, sqlRows } from '../db/sql';
import { queryTimeout } from './errors';

type Row = { id: number } & object;

/**
 * Per-request batching (STYLE.md, "no N+1"): every relation a GraphQL page asks for is
 * fetched with one `IN (…)` query per relation and page, whatever the number of rows.
 * Each loader is keyed by the entity and by the reader's scope, so a relation never shows a
 * record its reader may not see.
 */
export class Loaders {
  private readonly byKey = new Map<string, DataLoader<number, unknown>>();

  constructor(
    private readonly em: EntityManager,
    readonly user: AuthUser | null,
    /** The request's time limit (Date.now()): a batch asked for after it has passed is not run. */
    private readonly deadline?: number,
  ) {}

  /** A batched loader of one's own, made once per request under `key`. */
  custom<V>(key: string, batch: (ids: readonly number[]) => Promise<V[]>): DataLoader<number, V> {
    return this.loader(`custom:${key}`, batch);
  }

  private loader<V>(key: string, batch: (ids: readonly number[]) => Promise<V[]>): DataLoader<number, V> {
    let loader = this.byKey.get(key) as DataLoader<number, V> | undefined;
    if (!loader) {
      const deadline = this.deadline;
      loader = new DataLoader<number, V>(
        deadline !== undefined
          ? (ids) => {
              if (Date.now() > deadline) throw queryTimeout();
              return batch(ids);
            }
          : batch,
        { maxBatchSize: 1000 },
      );
      this.byKey.set(key, loader);
    }
    return loader;
  }

  /**
   * One record by id, or null where it does not exist or lies outside `scope`: its plain data
   * (`rowData`), with `props` converted as the entity holds them.
   */
  one<T extends Row>(
    entity: EntityName<T>,
    name: string,
    scope: FilterQuery<T> | null,
    id: number,
    props: readonly string[],
  ): Promise<T | null> {
    return this.loader<T | null>(`one:${name}`, async (ids) => {
      const rows = await this.find(entity, props, {
        $and: [{ id: { $in: [...ids] } }, scope ?? {}],
      } as FilterQuery<T>);
      const found = new Map(rows.map((r) => [r.id, r]));
      return ids.map((i) => found.get(i) ?? null);
    }).load(id);
  }

  /** The records whose `foreignKey` points at `parentId`, in id order, as `one` gives them. */
  children<T extends Row>(
    entity: EntityName<T>,
    name: string,
    foreignKey: string,
    scope: FilterQuery<T> | null,
    parentId: number,
    props: readonly string[],
  ): Promise<T[]> {
    return this.loader<T[]>(`children:${name}.${foreignKey}`, async (ids) => {
      const rows = await this.find(entity, props, {
        $and: [{ [foreignKey]: { $in: [...ids] } }, scope ?? {}],
      } as FilterQuery<T>);
      const groups = new Map<number, T[]>(ids.map((i) => [i, []]));
      for (const row of rows) groups.get(Number((row as Record<string, unknown>)[foreignKey]))?.push(row);
      return ids.map((i) => groups.get(i) ?? []);
    }).load(parentId);
  }

  /** A batch's records, in id order (`findRows`). */
  private find<T extends Row>(
    entity: EntityName<T>,
    props: readonly string[],
    where: FilterQuery<T>,
  ): Promise<T[]> {
    return findRows<T>(this.em, entity, props, where, { id: 'asc' } as QueryOrderMap<T>);
  }

  /** How many records point at `parentId` through `foreignKey`. */
  count<T extends Row>(
    entity: EntityName<T>,
    name: string,
    foreignKey: string,
    parentId: number,
  ): Promise<number> {
    return this.loader<number>(`count:${name}.${foreignKey}`, async (ids) => {
      const meta = this.em.getMetadata().get((entity as { name: string }).name);
      const column = meta.properties[foreignKey].fieldNames[0];
      const rows = await sqlRows<{ parent: number; n: number | string }>(
        this.em,
        `select ${column} as parent, count(*) as n from ${meta.tableName} where ${column} in (${ids.map(() => '?').join(', ')}) group by ${column}`,
        [...ids],
      );
      const counts = new Map(rows.map((r) => [Number(r.parent), Number(r.n)]));
      return ids.map((i) => counts.get(i) ?? 0);
    }).load(parentId);
  }
}
