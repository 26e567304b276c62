import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loginToken, post, startServerProcess } from './support';
import { VOLUME_OPTIONS, ensureVolume } from './volume';

/*
 * The re-offence measure of leniencyStats (issue #12 §6) at city scale: each grouping timed
 * through the API, round trip included, with how many lenient cases it followed up.
 *   npm run bench -- reoffence [--cases N] [--enterprises M] [--runs R] [--database URL]
 */
const GROUPINGS: [string, string[]][] = [
  ['totals', []],
  ['by item', ['ITEM']],
  ['by department', ['DEPARTMENT']],
  ['by kind', ['KIND']],
  ['by department × kind', ['DEPARTMENT', 'KIND']],
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: { ...VOLUME_OPTIONS, runs: { type: 'string', default: '5' } },
  });
  const runs = Number(values.runs);
  const volume = await ensureVolume(values.database, {
    cases: Number(values.cases),
    enterprises: Number(values.enterprises),
  });
  const server = await startServerProcess(values.database);
  try {
    const token = await loginToken(server.port, 'manager');
    console.log(
      `\nRe-offence after leniency: ${volume.cases.toLocaleString('en')} cases, median of ${runs} runs each (${values.database})\n`,
    );
    console.log(
      `${'grouping'.padEnd(24)}${'API ms'.padStart(10)}${'groups'.padStart(8)}${'lenient 12m'.padStart(13)}${'again 12m'.padStart(11)}${'same 12m'.padStart(10)}${'again 24m'.padStart(11)}`,
    );
    for (const [name, groupBy] of GROUPINGS) {
      const body = JSON.stringify({
        query: `query($g: [StatsDimension!]) { leniencyStats(groupBy: $g) {
          totals { reoffence { lenient12 reoffended12 sameOffence12 reoffended24 } } groups { keys reoffence { reoffended12 } } } }`,
        variables: { g: groupBy },
      });
      const times: number[] = [];
      let parsed: {
        data?: {
          leniencyStats: {
            totals: { reoffence: Record<string, number> };
            groups: unknown[];
          };
        };
      } = {};
      for (let i = 0; i < runs + 1; i++) {
        const t0 = process.hrtime.bigint();
        const res = await post(server.port, body, token);
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        parsed = JSON.parse(res.text) as typeof parsed;
        if (!parsed.data) throw new Error(`${name}: ${res.text.slice(0, 300)}`);
        if (i > 0) times.push(ms); // the first run warms caches
      }
      const r = parsed.data!.leniencyStats.totals.reoffence;
      console.log(
        `${name.padEnd(24)}${median(times).toFixed(1).padStart(10)}${String(parsed.data!.leniencyStats.groups.length).padStart(8)}${String(r.lenient12).padStart(13)}${String(r.reoffended12).padStart(11)}${String(r.sameOffence12).padStart(10)}${String(r.reoffended24).padStart(11)}`,
      );
    }
    console.log(`server peak RSS: ${server.peakRssMiB()} MiB`);
  } finally {
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
