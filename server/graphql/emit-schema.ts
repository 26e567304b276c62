import fs from 'node:fs';
import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { lawcheckSchema } from './schema';
import { PROJECT_ROOT } from '../paths';

// Writes the served schema to schema/schema.graphql; with --check, fails if the file is stale.
const FILE = path.join(PROJECT_ROOT, 'schema', 'schema.graphql');

async function main(): Promise<number> {
  const sdl = `# Generated from the code by \`npm run schema\`; do not edit.\n\n${printSchema(lexicographicSortSchema(await lawcheckSchema()))}\n`;
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(FILE) ? fs.readFileSync(FILE, 'utf8') : '';
    if (current !== sdl) {
      console.error('schema/schema.graphql is stale: run `npm run schema` and commit the result.');
      return 1;
    }
    console.log('schema/schema.graphql matches the code');
    return 0;
  }
  fs.writeFileSync(FILE, sdl);
  console.log(`wrote ${path.relative(process.cwd(), FILE)}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
