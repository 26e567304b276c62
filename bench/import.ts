import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { once } from 'node:events';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as E from '../server/db/entities';
import { migrate, openDatabase, parseDatabaseUrl } from '../server/db/orm';
import { csvLine } from '../seeds/csv';
import { seedDemoIfEmpty } from '../seeds/demo';
import { generateEnterprises } from '../seeds/enterprises';
import { Random, dayToIso, isoToDay } from '../seeds/random';

/*
 * `npm run bench -- import`: generates an enterprise register and years of cases as CSV files
 * (the shape a city hands over), then imports each with `npm run import` in its own process, as
 * an operator would, and prints the time and the importing process's peak resident memory.
 * Goal (issue #14): 100,000 enterprises in under 10 s and 1,000,000 cases in under 60 s on SQLite,
 * with memory bounded (rows stream; inserts go in batches inside the one transaction).
 */

const { values } = parseArgs({
  args: process.argv.slice(3),
  options: {
    enterprises: { type: 'string', default: '100000' },
    cases: { type: 'string', default: '1000000' },
    database: { type: 'string', default: 'sqlite:/tmp/lawcheck-bench-import.sqlite' },
    dir: { type: 'string', default: '/tmp' },
  },
});
const enterprises = Number(values.enterprises);
const cases = Number(values.cases);
const databaseUrl = values.database;

async function writeLines(file: string, header: string[], rows: Iterable<unknown[]>): Promise<void> {
  const out = fs.createWriteStream(file);
  out.write(`\uFEFF${header.join(',')}\n`);
  let chunk: string[] = [];
  for (const row of rows) {
    chunk.push(csvLine(row));
    if (chunk.length >= 5000) {
      if (!out.write(chunk.join('\n') + '\n')) await once(out, 'drain');
      chunk = [];
    }
  }
  out.end(chunk.length ? chunk.join('\n') + '\n' : '');
  await once(out, 'finish');
}

function runImport(
  file: string,
  kind: string,
): Promise<{ seconds: number; rss: number; cpu: number; ok: boolean; tail: string }> {
  const started = Date.now();
  // With the node options `npm run import` gives it (package.json).
  const child = spawn(
    process.execPath,
    [
      '--max-semi-space-size=32',
      path.resolve('dist/server/import/cli.js'),
      file,
      '--kind',
      kind,
      '--show',
      '5',
    ],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      const rss = Number(/peak RSS: (\d+) MiB/.exec(output)?.[1] ?? NaN);
      const cpu = Number(/CPU: ([\d.]+) s/.exec(output)?.[1] ?? NaN);
      resolve({
        seconds: (Date.now() - started) / 1000,
        rss,
        cpu,
        ok: code === 0,
        tail: output.split('\n').slice(-12).join('\n'),
      });
    });
  });
}

async function main(): Promise<void> {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.dialect === 'sqlite')
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${target.location}${suffix}`, { force: true });
  const orm = await openDatabase(target);
  let offences: { title: string; department: string }[];
  let districts: { code: string; name: string }[];
  try {
    await migrate(orm);
    await seedDemoIfEmpty(orm, 0);
    const em = orm.em.fork();
    offences = (await em.find(E.Offence, {}, { populate: ['department'] })).map((o) => ({
      title: o.title,
      department: o.department.getEntity().name,
    }));
    districts = (await em.find(E.District, {})).map((d) => ({ code: d.code, name: d.name }));
  } finally {
    await orm.close(true);
  }
  const districtName = new Map(districts.map((d) => [d.code, d.name]));
  console.log(
    `generating ${enterprises.toLocaleString('en')} enterprises and ${cases.toLocaleString('en')} cases as CSV…`,
  );
  const register = generateEnterprises(enterprises, [...districtName.keys()], 5, 3_000_000);
  const enterprisesFile = path.join(values.dir, 'lawcheck-import-enterprises.csv');
  await writeLines(
    enterprisesFile,
    ['统一社会信用代码', '企业名称', '法定代表人', '旗县区', '行业', '规模', '地址', '成立日期'],
    register.map((e) => [
      e.creditCode,
      e.name,
      e.legalRepresentative,
      districtName.get(e.districtCode),
      e.industry,
      e.scale,
      e.address,
      e.registeredAt,
    ]),
  );
  const casesFile = path.join(values.dir, 'lawcheck-import-cases.csv');
  const rng = new Random(9);
  const last = isoToDay('2026-10-31');
  const tiers = ['不予处罚', '减轻处罚', '从轻处罚', '一般处罚', '从重处罚'];
  function* caseRows() {
    for (let i = 0; i < cases; i++) {
      const e = register[rng.int(0, register.length - 1)];
      const o = offences[rng.int(0, offences.length - 1)];
      const decided = last - rng.int(0, 1460);
      const offenceDay = decided - rng.int(10, 90);
      const tier = tiers[rng.int(0, 4)];
      const fine = tier === '不予处罚' ? 0 : rng.int(1, 500) * 100;
      yield [
        `历史〔${dayToIso(decided).slice(0, 4)}〕${String(i + 1).padStart(7, '0')}号`,
        e.name,
        e.creditCode,
        o.title,
        o.department,
        districtName.get(e.districtCode),
        dayToIso(offenceDay),
        dayToIso(offenceDay + rng.int(0, 5)),
        dayToIso(decided),
        ['无', '轻微', '一般'][rng.int(0, 2)],
        tier,
        fine,
        rng.chance(0.7) ? '已结案' : '已决定',
      ];
    }
  }
  await writeLines(
    casesFile,
    [
      '案件编号',
      '企业名称',
      '统一社会信用代码',
      '违法行为',
      '执法部门',
      '旗县区',
      '违法行为发生日期',
      '发现日期',
      '决定日期',
      '危害后果',
      '处理结果',
      '罚款（元）',
      '状态',
    ],
    caseRows(),
  );
  const results: [string, number, Awaited<ReturnType<typeof runImport>>][] = [];
  for (const [what, file, kind, rows] of [
    ['enterprises', enterprisesFile, 'enterprise', enterprises],
    ['cases', casesFile, 'case', cases],
  ] as const) {
    console.log(`importing ${what} (${(fs.statSync(file).size / 1048576).toFixed(0)} MB)…`);
    const r = await runImport(file, kind);
    if (!r.ok) console.log(r.tail);
    results.push([what, rows, r]);
  }
  console.log(`\nimport on ${databaseUrl}`);
  const [load1] = os.loadavg();
  console.log(
    `(machine: ${os.cpus().length} CPUs, load average ${load1.toFixed(1)} at the end: on a shared machine the wall clock stretches, CPU seconds much less)`,
  );
  console.log('| what        |      rows | seconds | CPU s |  rows/s | peak RSS (MiB) | written |');
  console.log('| ----------- | --------: | ------: | ----: | ------: | -------------: | ------- |');
  for (const [what, rows, r] of results)
    console.log(
      `| ${what.padEnd(11)} | ${rows.toLocaleString('en').padStart(9)} | ${r.seconds.toFixed(1).padStart(7)} | ${r.cpu.toFixed(1).padStart(5)} | ${String(Math.round(rows / r.seconds)).padStart(7)} | ${String(r.rss).padStart(14)} | ${r.ok ? 'yes' : 'NO'} |`,
    );
  console.log(
    '(seconds: the whole CLI run — start, read, plan, write in one transaction, statistics brought up to date, commit; CPU s: the importing process, user + system)',
  );
}

void main();
