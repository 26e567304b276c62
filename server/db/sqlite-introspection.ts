import { BaseSqliteSchemaHelper } from '@mikro-orm/knex';

/*
 * Two faults in how @mikro-orm/knex 6.6.16 reads an existing SQLite schema back, which make
 * every schema diff (and so `migrations:create` and the drift check) see changes that are not
 * there:
 * - enum check constraints with three or more values are read as their first and last value;
 * - foreign keys are keyed by column name where the comparator looks them up by constraint
 *   name, so each one is reported as removed.
 * The replacements below read the same catalogue rows correctly. Remove this module when the
 * pinned MikroORM reads them right by itself (tests/unit/migrations.test.ts will tell).
 */
type Row = Record<string, string>;
type Helper = {
  platform: { getIndexName(table: string, columns: string[], type: string): string };
};

const proto = BaseSqliteSchemaHelper.prototype as unknown as Record<string, unknown>;

proto.getEnumDefinitions = async function (
  connection: { execute(sql: string, params: unknown[], method: string, ctx?: unknown): Promise<Row> },
  _checks: unknown,
  tableName: string,
  _schemaName: unknown,
  ctx?: unknown,
): Promise<Record<string, string[]>> {
  const definition = await connection.execute(
    'select sql from sqlite_master where type = ? and name = ?',
    ['table', tableName],
    'get',
    ctx,
  );
  const enums: Record<string, string[]> = {};
  const pattern =
    /[`"[]([^`"\]]+)[`"\]] text check \(\s*[`"[][^`"\]]+[`"\]] in \(((?:\s*'(?:[^']|'')*'\s*,?)+)\)\s*\)/gi;
  for (const match of definition.sql.matchAll(pattern)) {
    enums[match[1]] = [...match[2].matchAll(/'((?:[^']|'')*)'/g)].map((v) => v[1].replace(/''/g, "'"));
  }
  return enums;
};

proto.mapForeignKeys = function (this: Helper, fks: Row[], tableName: string) {
  const result: Record<string, unknown> = {};
  for (const fk of fks) {
    const constraintName = this.platform.getIndexName(tableName, [fk.from], 'foreign');
    result[constraintName] = {
      constraintName,
      columnName: fk.from,
      columnNames: [fk.from],
      localTableName: tableName,
      referencedTableName: fk.table,
      referencedColumnName: fk.to,
      referencedColumnNames: [fk.to],
      updateRule: fk.on_update.toLowerCase(),
      deleteRule: fk.on_delete.toLowerCase(),
    };
  }
  return result;
};
