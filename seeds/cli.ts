import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/knex';
import * as E from '../server/db/entities';
import { DEFAULT_DATABASE_URL, migrate, openDatabase, parseDatabaseUrl, type Orm } from '../server/db/orm';
import { generateCases } from './cases';
import { csvLine } from './csv';
import { seedDemoIfEmpty } from './demo';
import { generateEnterprises } from './enterprises';

const HELP = `Usage: npm run seed -- [--cases N] [--enterprises M] [--seed S]

Seeds the database named by DATABASE_URL (default ${DEFAULT_DATABASE_URL}):
an empty database first gets the demo data (catalogue, lists, baselines, users, 300
enterprises, 3,000 cases, 20 reports); then M more enterprises and N more cases are
generated, deterministically from S, each case decided by the rules engine.
  --cases N          cases to add (e.g. 1000000)
  --enterprises M    enterprises to add before the cases (e.g. 100000)
  --seed S           random seed (default 1)
  --demo-enterprises-csv   rewrite seeds/data/enterprises.csv (the demo's 300) and stop`;

/** Adds `count` generated enterprises in multi-row inserts. */
export async function addEnterprises(orm: Orm, count: number, seed: number): Promise<number> {
  const em = orm.em.fork() as unknown as SqlEntityManager;
  const districts = await em.find(E.District, {});
  const byCode = new Map(districts.map((d) => [d.code, d.id]));
  const offset = 1_000_000 + (await em.count(E.Enterprise, {}));
  const knex = em.getKnex();
  const now = new Date();
  const generated = generateEnterprises(count, [...byCode.keys()], seed, offset);
  for (let start = 0; start < generated.length; start += 50_000) {
    const slice = generated.slice(start, start + 50_000);
    await knex.transaction(async (trx) => {
      for (let i = 0; i < slice.length; i += 500)
        await trx('enterprise').insert(
          slice.slice(i, i + 500).map((e) => ({
            credit_code: e.creditCode,
            name: e.name,
            legal_representative: e.legalRepresentative,
            district_id: byCode.get(e.districtCode),
            industry: e.industry,
            scale: e.scale,
            address: e.address,
            registered_at: e.registeredAt,
            created_at: now,
            updated_at: now,
          })),
        );
    });
  }
  return generated.length;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '0' },
      enterprises: { type: 'string', default: '0' },
      seed: { type: 'string', default: '1' },
      'demo-enterprises-csv': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(HELP);
  if (values['demo-enterprises-csv']) {
    const districts = fs
      .readFileSync(path.resolve('seeds/data/districts.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[1]);
    const rows = generateEnterprises(300, districts, 300);
    const header = [
      'credit_code',
      'name',
      'legal_representative',
      'district_code',
      'industry',
      'scale',
      'address',
      'registered_at',
    ];
    const lines = rows.map((e) =>
      csvLine([
        e.creditCode,
        e.name,
        e.legalRepresentative,
        e.districtCode,
        e.industry,
        e.scale,
        e.address,
        e.registeredAt,
      ]),
    );
    fs.writeFileSync(path.resolve('seeds/data/enterprises.csv'), [header.join(','), ...lines, ''].join('\n'));
    return console.log('wrote seeds/data/enterprises.csv');
  }
  const cases = Number(values.cases);
  const enterprises = Number(values.enterprises);
  const seed = Number(values.seed);
  for (const [name, n] of [
    ['--cases', cases],
    ['--enterprises', enterprises],
    ['--seed', seed],
  ] as const)
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${String(n)}"`);

  const orm = await openDatabase(parseDatabaseUrl(process.env.DATABASE_URL || DEFAULT_DATABASE_URL));
  try {
    await migrate(orm);
    const t0 = Date.now();
    const demo = await seedDemoIfEmpty(orm);
    if (demo) console.log(`demo data: ${demo} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    if (enterprises) {
      const t = Date.now();
      await addEnterprises(orm, enterprises, seed);
      const s = (Date.now() - t) / 1000;
      console.log(
        `enterprises: +${enterprises} in ${s.toFixed(1)} s (${Math.round(enterprises / s)} rows/s)`,
      );
    }
    if (cases) {
      const t = Date.now();
      await generateCases(orm, {
        cases,
        seed,
        onProgress: (done) => process.stdout.write(`\rcases: ${done}/${cases}`),
      });
      const s = (Date.now() - t) / 1000;
      console.log(`\ncases: +${cases} in ${s.toFixed(1)} s (${Math.round(cases / s)} rows/s)`);
    }
  } finally {
    await orm.close(true);
  }
}

if (require.main === module)
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
