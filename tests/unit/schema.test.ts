import fs from 'node:fs';
import { lexicographicSortSchema, printSchema, GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { formatError } from '../../server/graphql/errors';
import { lawcheckSchema } from '../../server/graphql/schema';

describe('the GraphQL contract', () => {
  it('is what schema/schema.graphql says (run `npm run schema` after changing the API)', async () => {
    const sdl = printSchema(lexicographicSortSchema(await lawcheckSchema()));
    expect(fs.readFileSync('schema/schema.graphql', 'utf8')).toContain(sdl);
  });

  it('has the ra-data-graphql-simple operations for every resource in API.md', async () => {
    const schema = await lawcheckSchema();
    const query = schema.getQueryType()!.getFields();
    const mutation = schema.getMutationType()!.getFields();
    const resources = [
      ['Department', 'Departments'],
      ['District', 'Districts'],
      ['Enterprise', 'Enterprises'],
      ['Offence', 'Offences'],
      ['DiscretionBaseline', 'DiscretionBaselines'],
      ['LeniencyList', 'LeniencyLists'],
      ['LeniencyItem', 'LeniencyItems'],
      ['PenaltyCase', 'PenaltyCases'],
      ['CheckupReport', 'CheckupReports'],
      ['ReportFinding', 'ReportFindings'],
      ['User', 'Users'],
      ['AuditEntry', 'AuditEntries'],
    ];
    for (const [one, many] of resources) {
      expect(Object.keys(query)).toEqual(expect.arrayContaining([one, `all${many}`, `_all${many}Meta`]));
      if (one !== 'AuditEntry')
        expect(Object.keys(mutation)).toEqual(
          expect.arrayContaining([`create${one}`, `update${one}`, `delete${one}`, `delete${many}`]),
        );
    }
    expect(Object.keys(mutation)).not.toContain('createAuditEntry');
    expect(Object.keys(mutation)).toContain('login');
    expect(Object.keys(query)).toContain('me');
    const filter = schema.getType('PenaltyCaseFilter') as import('graphql').GraphQLInputObjectType;
    expect(Object.keys(filter.getFields())).toEqual(
      expect.arrayContaining([
        'q',
        'ids',
        'enterpriseId',
        'decisionDate_gte',
        'decisionDate_lt',
        'fine_lte',
        'outcome',
        'status',
      ]),
    );
  });
});

describe('errors outside development', () => {
  it('hide the message, stack and SQL of unexpected errors', () => {
    const sqlError = new GraphQLError('select * from "user" - relation does not exist', {
      originalError: new Error('select * from "user" - relation does not exist'),
      extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] },
    });
    const quiet = console.error;
    console.error = () => undefined;
    try {
      const shown = formatError(
        { message: sqlError.message, extensions: sqlError.extensions },
        sqlError,
        true,
      );
      expect(shown.message).toBe('服务器内部错误 / internal server error');
      expect(JSON.stringify(shown)).not.toContain('select');
      expect(JSON.stringify(shown)).not.toContain('stacktrace');
      const dev = formatError(
        { message: sqlError.message, extensions: sqlError.extensions },
        sqlError,
        false,
      );
      // Development too (issue #11): the class and stack frames, never the SQL.
      expect(JSON.stringify(dev)).not.toContain('select');
      expect(dev.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      console.error = quiet;
    }
  });
});
