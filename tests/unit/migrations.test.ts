import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../server/db/orm';
import { scratchDatabase } from '../../server/db/scratch';
import { dialects } from '../support/server';

// The checked-in migrations build exactly the schema the entities describe, on both dialects.
// (On SQLite this also proves server/db/sqlite-introspection.ts still reads schemas right.)
describe.each(await dialects())('migrations on %s', (dialect) => {
  it('leave no difference between the entities and the database', async () => {
    const scratch = await scratchDatabase(dialect, 'migrate');
    const orm = await openDatabase(scratch.target);
    try {
      const applied = await migrate(orm);
      expect(applied.length).toBeGreaterThan(0);
      expect(await orm.getSchemaGenerator().getUpdateSchemaSQL()).toBe('');
      expect(await orm.getMigrator().checkMigrationNeeded()).toBe(false);
    } finally {
      await orm.close(true);
      await scratch.drop();
    }
  });
});
