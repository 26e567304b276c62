import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Random } from '../seeds/random';
import {
  closedLoop,
  combineRuns,
  loginToken,
  printTable,
  startServerProcess,
  withServerCpu,
  type LoadResult,
} from './support';
import { VOLUME_OPTIONS, ensureVolume } from './volume';

/*
 * checkLeniency over HTTP against a database of 1,000,000 cases and 100,000 enterprises, beside
 * the trivial query `{ __typename }` on the same server in the same run (the GraphQL round trip
 * itself). Prints both and their ratio. It measures; it never fails on a time.
 * The two loads take turns, `--rounds` times, each round `--seconds`/`--rounds` of each: on a
 * shared machine whose speed drifts from one minute to the next (by up to 2× on 2026-12-07), a
 * drift then slows both alike instead of whichever ran second. The table counts all rounds together,
 * and the ratio of each round is printed beside it.
 *   npm run bench -- leniency [--cases N] [--enterprises M] [--seconds S] [--rounds R] [--concurrency C] [--database URL]
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: {
      ...VOLUME_OPTIONS,
      seconds: { type: 'string', default: '15' },
      rounds: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '32' },
    },
  });
  const cases = Number(values.cases);
  const enterprises = Number(values.enterprises);
  const seconds = Number(values.seconds);
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error(`--rounds must be a whole number of at least 1, got ${values.rounds}`);
  const concurrency = Number(values.concurrency);
  const volume = await ensureVolume(values.database, { cases, enterprises });

  const server = await startServerProcess(values.database);
  try {
    const token = await loginToken(server.port, 'officer');
    const rng = new Random(42);
    const harms = ['NONE', 'MINOR', 'GENERAL', 'SERIOUS'];
    // The query's text is the same for every request; only the variables are made per request, and
    // spliced into the body as bytes (the client shares the machine with the server it measures).
    const query = `query($i: LeniencyCheckInput!) { checkLeniency(input: $i) { outcome mandatory grounds rulesAsOf firstOffence
          fineRange { min max } referenceFine measures summary reasons { rule passed citation detail } item { number kind } priorCases { id } } }`;
    const head = Buffer.from(`{"query":${JSON.stringify(query)},"variables":{"i":`);
    const tail = Buffer.from('}}');
    const check = () => {
      const month = rng.int(1, 12);
      const day = rng.int(1, 28);
      const date = `2025-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const variables = JSON.stringify({
        enterpriseId: String(rng.int(1, volume.enterprises)),
        offenceId: String(rng.int(1, volume.offences)),
        offenceDate: date,
        decisionDate: '2025-12-31',
        discoveredDate: date,
        harm: rng.pick(harms),
        corrected: rng.chance(0.7),
      });
      return Buffer.concat([head, Buffer.from(variables), tail]);
    };
    const trivial = Buffer.from(JSON.stringify({ query: '{ __typename }' }));
    console.log(`\nwarming up…`);
    await closedLoop('warm-up', server.port, concurrency, 3, () => trivial, token);
    await closedLoop('warm-up', server.port, concurrency, 3, check, token);
    const runs: { base: LoadResult[]; decision: LoadResult[] } = { base: [], decision: [] };
    for (let round = 0; round < rounds; round++) {
      runs.base.push(
        await withServerCpu(server, () =>
          closedLoop('{ __typename }', server.port, concurrency, seconds / rounds, () => trivial, token),
        ),
      );
      runs.decision.push(
        await withServerCpu(server, () =>
          closedLoop('checkLeniency', server.port, concurrency, seconds / rounds, check, token),
        ),
      );
    }
    const base = combineRuns(runs.base);
    const decision = combineRuns(runs.decision);
    console.log(
      `\ncheckLeniency over HTTP: ${volume.cases.toLocaleString('en')} cases, ${volume.enterprises.toLocaleString('en')} enterprises, ${concurrency} concurrent clients, ${seconds} s each in ${rounds} alternating rounds (${values.database})`,
    );
    printTable([base, decision]);
    console.log(
      `\nratio checkLeniency / { __typename } throughput: ${(decision.perSecond / base.perSecond).toFixed(2)}  (target ≥ 0.50)`,
    );
    console.log(
      `  by round: ${runs.decision.map((d, i) => (d.perSecond / runs.base[i].perSecond).toFixed(2)).join('  ')}`,
    );
    console.log(
      `ratio of server CPU per request, { __typename } / checkLeniency: ${(base.cpuPerRequest! / decision.cpuPerRequest!).toFixed(2)}`,
    );
    console.log(`checkLeniency p99: ${decision.p99.toFixed(2)} ms  (target < 20 ms)`);
    console.log(`server peak RSS: ${server.peakRssMiB()} MiB`);
  } finally {
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
