import 'reflect-metadata';
import { caseStatsDifferences, rebuildCaseStats } from './case-stats';
import { DEFAULT_DATABASE_URL, migrate, openDatabase, parseDatabaseUrl } from './orm';

// `npm run stats -- --check`: proves case_stat equals a fresh GROUP BY over the cases (exit 1 if not).
// `npm run stats -- --rebuild`: recomputes case_stat from the cases, in one transaction.
async function main(): Promise<number> {
  const target = parseDatabaseUrl(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
  const orm = await openDatabase(target);
  try {
    await migrate(orm);
    const em = orm.em.fork();
    if (process.argv.includes('--rebuild')) {
      const t0 = Date.now();
      await em.transactional((tx) => rebuildCaseStats(tx, target.dialect));
      console.log(`case_stat rebuilt from the cases in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    const t0 = Date.now();
    const diffs = await caseStatsDifferences(em, target.dialect);
    if (diffs.length) {
      console.error(
        `case_stat differs from the cases in ${diffs.length} groups:\n${diffs.slice(0, 20).join('\n')}`,
      );
      return 1;
    }
    console.log(
      `case_stat matches a fresh GROUP BY over the cases (checked in ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
    );
    return 0;
  } finally {
    await orm.close(true);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
