import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, startTestServer, type TestServer } from '../support/server';

/*
 * A record in a list page or reached through a relation (`case { enterprise { … } }`), both made
 * from the rows as the database returns them (findRows, never an ORM entity), is field for field
 * the record read on its own (`Enterprise(id: …)`, through the ORM): JSON lists, money, dates,
 * times, booleans and ids alike. Every list and every relation in the schema is tried.
 */

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface Field {
  name: string;
  args: { name: string }[];
  type: TypeRef;
}
interface SchemaType {
  name: string;
  kind: string;
  fields: Field[] | null;
}

const named = (t: TypeRef): TypeRef => (t.ofType ? named(t.ofType) : t);
const isList = (t: TypeRef): boolean => t.kind === 'LIST' || (t.ofType !== null && isList(t.ofType));

describe.each(await dialects())('lists and relations read as their records on %s', (dialect) => {
  let t: TestServer;
  let admin: string;
  let types: Map<string, SchemaType>;

  beforeAll(async () => {
    t = await startTestServer(dialect, { cases: 60 });
    admin = await t.login('admin');
    const ref =
      'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';
    const res = await t.gql<{ __schema: { types: SchemaType[] } }>(
      `{ __schema { types { name kind fields { name args { name } type { ${ref} } } } } }`,
      {},
      admin,
    );
    expect(res.errors).toBeUndefined();
    types = new Map(res.data!.__schema.types.map((x) => [x.name, x]));
  });
  afterAll(async () => t?.stop());

  /** The fields of a type that hold values (scalars and enums), as a selection. */
  const scalarsOf = (typeName: string) =>
    (types.get(typeName)?.fields ?? [])
      .filter((f) => f.args.length === 0 && ['SCALAR', 'ENUM'].includes(named(f.type).kind))
      .map((f) => f.name)
      .join(' ');

  it('gives every list’s rows as reading each by id gives it', async () => {
    const query = types.get('Query')!.fields!;
    const byId = new Set(query.map((f) => f.name));
    let compared = 0;
    for (const list of query.filter((f) => f.name.startsWith('all') && isList(f.type))) {
      const typeName = named(list.type).name!;
      if (!byId.has(typeName)) continue;
      const fields = scalarsOf(typeName);
      for (const order of ['ASC', 'DESC']) {
        const res = await t.gql<{ rows: Record<string, unknown>[] }>(
          `{ rows: ${list.name}(perPage: 6, sortField: "id", sortOrder: "${order}") { ${fields} } }`,
          {},
          admin,
        );
        expect(res.errors, list.name).toBeUndefined();
        const ids = res.data!.rows.map((r) => Number(r.id));
        expect(ids, list.name).toEqual([...ids].sort((a, b) => (order === 'ASC' ? a - b : b - a)));
        for (const row of res.data!.rows) {
          const direct = await t.gql<{ record: Record<string, unknown> }>(
            `query($id: ID!) { record: ${typeName}(id: $id) { ${fields} } }`,
            { id: row.id },
            admin,
          );
          expect(row, `${list.name} ${String(row.id)}`).toEqual(direct.data!.record);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('gives every related record as reading it by id gives it', async () => {
    const query = types.get('Query')!.fields!;
    const byId = new Set(query.map((f) => f.name));
    let compared = 0;
    for (const list of query.filter((f) => f.name.startsWith('all') && isList(f.type))) {
      const typeName = named(list.type).name!;
      // Relations: fields without arguments whose type is another record readable by id.
      const relations = (types.get(typeName)?.fields ?? []).filter(
        (f) => f.args.length === 0 && named(f.type).kind === 'OBJECT' && byId.has(named(f.type).name!),
      );
      if (!relations.length) continue;
      const selection = relations.map((r) => `${r.name} { ${scalarsOf(named(r.type).name!)} }`).join(' ');
      const res = await t.gql<
        Record<string, Record<string, Record<string, unknown> | Record<string, unknown>[] | null>[]>
      >(`{ rows: ${list.name}(perPage: 8, sortField: "id") { ${selection} } }`, {}, admin);
      expect(res.errors, list.name).toBeUndefined();
      for (const row of res.data!.rows) {
        for (const r of relations) {
          const related = row[r.name];
          for (const record of Array.isArray(related) ? related : related ? [related] : []) {
            const target = named(r.type).name!;
            const direct = await t.gql<Record<string, unknown>>(
              `query($id: ID!) { record: ${target}(id: $id) { ${scalarsOf(target)} } }`,
              { id: record.id },
              admin,
            );
            expect(direct.errors, `${list.name}.${r.name}`).toBeUndefined();
            expect(record, `${list.name}.${r.name} ${String(record.id)}`).toEqual(direct.data!.record);
            compared++;
          }
        }
      }
    }
    // Cases, enterprises, reports, findings, users, departments …: many relations were compared.
    expect(compared).toBeGreaterThan(100);
  });
});
