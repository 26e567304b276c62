import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DEFAULT_DATABASE_URL, parseDatabaseUrl, type DatabaseTarget } from './db/orm';

export interface Config {
  database: DatabaseTarget;
  port: number;
  production: boolean;
  tokenSecret: string;
  /** Seed the demo data (users with the demo password) into an empty database. */
  seedDemo: boolean;
}

export class ConfigError extends Error {}

/**
 * Reads the environment (see README, "Configuration"). A production start without a token
 * secret is refused: tokens signed with a guessable key would let anyone in.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const database = parseDatabaseUrl(env.DATABASE_URL || DEFAULT_DATABASE_URL);
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT must be a port number, got "${env.PORT}"`);
  let tokenSecret = env.LAWCHECK_TOKEN_SECRET ?? '';
  if (tokenSecret && tokenSecret.length < 32)
    throw new ConfigError('LAWCHECK_TOKEN_SECRET must be at least 32 characters long');
  if (!tokenSecret) {
    if (production)
      throw new ConfigError(
        'LAWCHECK_TOKEN_SECRET is not set. In production (NODE_ENV=production) Lawcheck will not start without a secret of at least 32 characters to sign login tokens, e.g. LAWCHECK_TOKEN_SECRET=$(openssl rand -hex 32).',
      );
    tokenSecret = developmentSecret(database);
  }
  const seedDemo = env.LAWCHECK_DEMO_DATA ? env.LAWCHECK_DEMO_DATA !== '0' : !production;
  return { database, port, production, tokenSecret, seedDemo };
}

/** Outside production: a random secret kept beside the SQLite file (or in data/), so logins survive restarts. */
function developmentSecret(database: DatabaseTarget): string {
  const dir =
    database.dialect === 'sqlite' ? path.dirname(path.resolve(database.location)) : path.resolve('data');
  const file = path.join(dir, '.token-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(dir, { recursive: true });
    const secret = randomBytes(32).toString('hex');
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
