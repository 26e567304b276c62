import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { startServer } from './app';
import { seedDemoIfEmpty, DEMO_PASSWORD } from '../seeds/demo';

// Start-up only: read the configuration, open and migrate the database, seed an empty one
// with the demo data (outside production), serve.
async function main(): Promise<void> {
  const config = loadConfig();
  const server = await startServer(config, {
    prepare: async (orm) => {
      if (!config.seedDemo) return;
      const seeded = await seedDemoIfEmpty(orm);
      if (seeded) console.log(`Seeded demo data: ${seeded}`);
    },
  });
  const where = config.database.dialect === 'sqlite' ? config.database.location : 'PostgreSQL';
  console.log(`Lawcheck is serving on ${server.url} (database: ${where})`);
  console.log(`  admin:   ${server.url}/`);
  console.log(`  GraphQL: ${server.url}/graphql`);
  if (config.seedDemo)
    console.log(
      `  demo logins: admin, manager, officer, lawyer — password "${DEMO_PASSWORD}" (demo data only)`,
    );
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`Lawcheck cannot start: ${err.message}`);
  else console.error(err);
  process.exit(1);
});
