// `npm run bench -- <name> [options]`: runs bench/<name>.ts from the build.
const benchmarks: Record<string, () => Promise<unknown>> = {
  leniency: () => import('./leniency'),
  stats: () => import('./stats'),
  load: () => import('./load'),
  reoffence: () => import('./reoffence'),
  import: () => import('./import'),
  firstscreen: () => import('./firstscreen'),
  pages: () => import('./pages'),
};
const name = process.argv[2];
if (!name || !(name in benchmarks)) {
  console.error(`usage: npm run bench -- <${Object.keys(benchmarks).join('|')}> [options]`);
  process.exit(2);
}
void benchmarks[name]();
