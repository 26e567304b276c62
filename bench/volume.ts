import { migrate, openDatabase, parseDatabaseUrl } from '../server/db/orm';
import * as E from '../server/db/entities';
import { addEnterprises } from '../seeds/cli';
import { generateCases } from '../seeds/cases';
import { seedDemoIfEmpty } from '../seeds/demo';

/** The command-line options of every benchmark that works on the benchmark database. */
export const VOLUME_OPTIONS = {
  cases: { type: 'string', default: '1000000' },
  enterprises: { type: 'string', default: '100000' },
  database: { type: 'string', default: 'sqlite:/tmp/lawcheck-bench.sqlite' },
} as const;

export interface Volume {
  cases: number;
  enterprises: number;
  offences: number;
  /** Seconds spent importing cases in this run (0 when the database already had them). */
  importSeconds: number;
}

/**
 * Makes sure the benchmark database holds at least the asked-for volume, generating what is
 * missing with the seed generator (each case decided by the rules). A second run reuses it.
 */
export async function ensureVolume(
  databaseUrl: string,
  want: { cases: number; enterprises: number },
): Promise<Volume> {
  const orm = await openDatabase(parseDatabaseUrl(databaseUrl));
  try {
    await migrate(orm);
    await seedDemoIfEmpty(orm);
    const em = orm.em.fork();
    const haveEnterprises = await em.count(E.Enterprise, {});
    if (haveEnterprises < want.enterprises) {
      console.log(`generating ${want.enterprises - haveEnterprises} enterprises…`);
      await addEnterprises(orm, want.enterprises - haveEnterprises, 7);
    }
    const haveCases = await em.count(E.PenaltyCase, {});
    let importSeconds = 0;
    if (haveCases < want.cases) {
      const missing = want.cases - haveCases;
      console.log(`generating ${missing} cases (each decided by the rules)…`);
      const t0 = Date.now();
      await generateCases(orm, {
        cases: missing,
        seed: 11,
        onProgress: (done) =>
          process.stdout.write(`\r  ${done.toLocaleString('en')} / ${missing.toLocaleString('en')}`),
      });
      importSeconds = (Date.now() - t0) / 1000;
      console.log(
        `\n  ${missing.toLocaleString('en')} cases in ${importSeconds.toFixed(1)} s (${Math.round(missing / importSeconds)} rows/s)`,
      );
    }
    return {
      cases: await em.count(E.PenaltyCase, {}),
      enterprises: await em.count(E.Enterprise, {}),
      offences: await em.count(E.Offence, {}),
      importSeconds,
    };
  } finally {
    await orm.close(true);
  }
}
