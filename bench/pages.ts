import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loginToken, post, startServerProcess } from './support';
import { VOLUME_OPTIONS, ensureVolume } from './volume';

/*
 * The admin's list pages at city scale, as the panel asks for them: a hundred rows a page with
 * the relations its columns show, one request at a time. Prints the median and p90 time of a
 * page and the server's CPU per page (steadier than time on a shared machine).
 *   npm run bench -- pages [--runs R] [--cases N] [--enterprises M] [--database URL]
 */
const PAGES: { name: string; role: string; query: string }[] = [
  {
    name: 'cases, 100 rows, 4 relations',
    role: 'manager',
    query: `{ allPenaltyCases(page: 3, perPage: 100, sortField: "id", sortOrder: "DESC") {
      id caseNumber offenceDate decisionDate fine referenceFine outcome status mitigating
      enterprise { id name creditCode } offence { id title } department { id name } district { id name } } }`,
  },
  {
    name: 'enterprises, 100 rows',
    role: 'manager',
    query: `{ allEnterprises(page: 2, perPage: 100, sortField: "id") { id name creditCode scale district { id name } } }`,
  },
  {
    name: 'reports, 100 rows',
    role: 'manager',
    query: `{ allCheckupReports(perPage: 100, sortField: "id") { id title status enterprise { id name } lawyer { id username } } }`,
  },
];

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: { ...VOLUME_OPTIONS, runs: { type: 'string', default: '60' } },
  });
  const runs = Number(values.runs);
  await ensureVolume(values.database, {
    cases: Number(values.cases),
    enterprises: Number(values.enterprises),
  });
  const server = await startServerProcess(values.database);
  try {
    console.log(
      `\n${'page'.padEnd(32)}${'median ms'.padStart(11)}${'p90 ms'.padStart(9)}${'server CPU ms'.padStart(15)}`,
    );
    for (const page of PAGES) {
      const token = await loginToken(server.port, page.role);
      const body = JSON.stringify({ query: page.query });
      const first = await post(server.port, body, token);
      if (first.status !== 200 || first.text.includes('"errors"'))
        throw new Error(`${page.name}: ${first.text.slice(0, 300)}`);
      for (let i = 0; i < 10; i++) await post(server.port, body, token); // warm-up
      const times: number[] = [];
      const cpu = server.cpuMicros();
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        await post(server.port, body, token);
        times.push(performance.now() - t0);
      }
      const cpuPerPage = (server.cpuMicros() - cpu) / runs / 1000;
      times.sort((a, b) => a - b);
      const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
      console.log(
        `${page.name.padEnd(32)}${at(0.5).toFixed(1).padStart(11)}${at(0.9).toFixed(1).padStart(9)}${cpuPerPage.toFixed(1).padStart(15)}`,
      );
    }
  } finally {
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
