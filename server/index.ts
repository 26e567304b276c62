import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { startServer } from './app';
import { createLogger } from './logger';
import { seedDemoIfEmpty, DEMO_PASSWORD } from '../seeds/demo';

// Start-up only: read the configuration, open and migrate the database, seed an empty one
// with the demo data (outside production), serve. Everything is logged as JSON lines (LOG_LEVEL).
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger();
  const server = await startServer(config, {
    logger,
    prepare: async (orm) => {
      if (!config.seedDemo) return;
      const seeded = await seedDemoIfEmpty(orm);
      if (seeded) logger.info(`Seeded demo data: ${seeded}`);
    },
  });
  const where = config.database.dialect === 'sqlite' ? config.database.location : 'PostgreSQL';
  logger.info(
    { url: server.url, admin: `${server.url}/`, graphql: `${server.url}/graphql` },
    `Lawcheck is serving on ${server.url} (database: ${where})`,
  );
  if (config.seedDemo)
    logger.info(
      `demo logins: admin, manager, officer, reviewer, lawyer — password "${DEMO_PASSWORD}" (demo data only)`,
    );
  const stop = (signal: string) => {
    logger.info(`${signal}: stopping`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'stopping failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  // Before the server runs, a person is reading: say it plainly on stderr.
  if (err instanceof ConfigError) console.error(`Lawcheck cannot start: ${err.message}`);
  else console.error(err);
  process.exit(1);
});
