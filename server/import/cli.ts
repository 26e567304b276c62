import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { InvalidInput } from '../domain/errors';
import { DEFAULT_DATABASE_URL, migrate, openDatabase, parseDatabaseUrl } from '../db/orm';
import { importFile, ImportKind, RowAction, type ImportPlan } from './index';

const HELP = `Usage: npm run import -- FILE [--kind list|baseline|enterprise|case] [--dry-run] [options]

Imports a city's table (XLSX, CSV in UTF-8/GBK/GB18030, or the tables of a DOCX) into the
database named by DATABASE_URL (default ${DEFAULT_DATABASE_URL}). Every row is planned first
(create, match, change or reject, and why); without --dry-run the rows are written in one
transaction, and only if no row is rejected: all rows or none. The import is audited with the
file's SHA-256.
  --kind K               list, baseline, enterprise or case (default: from the file name)
  --dry-run              plan only, write nothing
  --series S --version V --effective-from YYYY-MM-DD [--effective-to D] [--title T] [--issuer I]
                         a list version (written as a DRAFT; publish it in the admin)
  --department CODE      department of rows that name none (e.g. SWJ)
  --first-offence-window W   for items that say only 首次: months (12, 24), 同一自然年度, 首次被发现
  --show N               rows of the plan to print (default 20; rejected rows first)`;

const KIND_WORDS: Record<string, ImportKind> = {
  list: ImportKind.LIST,
  lists: ImportKind.LIST,
  baseline: ImportKind.BASELINE,
  baselines: ImportKind.BASELINE,
  enterprise: ImportKind.ENTERPRISE,
  enterprises: ImportKind.ENTERPRISE,
  case: ImportKind.CASE,
  cases: ImportKind.CASE,
};

function guessKind(file: string): ImportKind | null {
  const name = path.basename(file).toLowerCase();
  if (/enterprise|企业/.test(name)) return ImportKind.ENTERPRISE;
  if (/case|案件/.test(name)) return ImportKind.CASE;
  if (/baseline|基准/.test(name)) return ImportKind.BASELINE;
  if (/list|清单/.test(name)) return ImportKind.LIST;
  return null;
}

export function printPlan(plan: ImportPlan, show: number, out: (line: string) => void = console.log): void {
  const c = plan.counts;
  out(
    `${plan.fileName}: ${plan.format}${plan.encoding ? ` (${plan.encoding})` : ''}, SHA-256 ${plan.sha256}`,
  );
  out(
    `columns: ${Object.entries(plan.layout.columns)
      .map(([f, h]) => `${h}→${f}`)
      .join(', ')}`,
  );
  if (plan.layout.ignored.length) out(`ignored columns: ${plan.layout.ignored.join(', ')}`);
  for (const note of plan.notesZh) out(`note: ${note}`);
  out(
    `rows: ${plan.totalRows}  create ${c.CREATE}  match ${c.MATCH}  change ${c.CHANGE}  reject ${c.REJECT}`,
  );
  const rows = [...plan.rows].sort(
    (a, b) => Number(b.action === RowAction.REJECT) - Number(a.action === RowAction.REJECT),
  );
  for (const r of rows.slice(0, show))
    out(`  ${r.sheet ? `${r.sheet}!` : ''}${r.line}\t${r.action}\t${r.target}\t${r.reasonsZh.join('；')}`);
  if (plan.rows.length > show) out(`  … ${plan.totalRows - show} more rows`);
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      kind: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      series: { type: 'string' },
      version: { type: 'string' },
      title: { type: 'string' },
      issuer: { type: 'string' },
      'effective-from': { type: 'string' },
      'effective-to': { type: 'string' },
      department: { type: 'string' },
      'first-offence-window': { type: 'string' },
      show: { type: 'string', default: '20' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.log(HELP);
    return values.help ? 0 : 2;
  }
  const file = path.resolve(positionals[0]);
  if (!fs.existsSync(file)) {
    console.error(`没有这个文件 / no such file: ${file}`);
    return 2;
  }
  const kind = values.kind ? KIND_WORDS[values.kind.toLowerCase()] : guessKind(file);
  if (!kind) {
    console.error(
      '请用 --kind 指明导入类型 / say what the file holds with --kind list|baseline|enterprise|case',
    );
    return 2;
  }
  const orm = await openDatabase(parseDatabaseUrl(process.env.DATABASE_URL || DEFAULT_DATABASE_URL));
  const bar = new cliProgress.SingleBar(
    { format: '{bar} {value} rows | {rate} rows/s', hideCursor: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  // Each step's wall seconds and the process's CPU seconds in it (SQLite's threads included).
  const phases: [string, number, number][] = [];
  let cpuMark = process.cpuUsage();
  try {
    await migrate(orm);
    bar.start(0, 0, { rate: 0 });
    const plan = await importFile(
      orm.em.fork(),
      { path: file },
      path.basename(file),
      {
        kind,
        series: values.series,
        version: values.version,
        title: values.title,
        issuer: values.issuer,
        effectiveFrom: values['effective-from'],
        effectiveTo: values['effective-to'],
        department: values.department,
        firstOffenceWindow: values['first-offence-window'],
      },
      {
        write: !values['dry-run'],
        user: null,
        onPhase: (label, seconds) => {
          const cpu = process.cpuUsage(cpuMark);
          cpuMark = process.cpuUsage();
          phases.push([label, seconds, (cpu.user + cpu.system) / 1e6]);
        },
        onProgress: (rows) => {
          bar.setTotal(rows);
          bar.update(rows, { rate: Math.round(rows / Math.max(0.001, (Date.now() - started) / 1000)) });
        },
      },
    );
    bar.stop();
    printPlan(plan, Number(values.show));
    const seconds = (Date.now() - started) / 1000;
    if (values['dry-run']) console.log(`dry run: nothing written (${seconds.toFixed(1)} s)`);
    else if (plan.written)
      console.log(`imported in one transaction: ${plan.totalRows} rows in ${seconds.toFixed(1)} s`);
    else console.log(`NOT imported: ${plan.counts.REJECT} rejected rows; nothing was written`);
    for (const [label, s, cpu] of phases)
      console.log(`  ${s.toFixed(1).padStart(6)} s (CPU ${cpu.toFixed(1).padStart(5)} s)  ${label}`);
    console.log(`peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
    // CPU time of this process (user + system, all its threads: SQLite's work included), which
    // a busy machine stretches far less than the wall clock.
    const cpu = process.cpuUsage();
    console.log(
      `CPU: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (user ${(cpu.user / 1e6).toFixed(1)} s, system ${(cpu.system / 1e6).toFixed(1)} s)`,
    );
    return plan.counts.REJECT && !values['dry-run'] ? 1 : 0;
  } catch (error) {
    bar.stop();
    if (error instanceof InvalidInput) {
      console.error(`${error.field}: ${error.zh} / ${error.en}`);
      return 1;
    }
    throw error;
  } finally {
    await orm.close(true);
  }
}

if (require.main === module)
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
