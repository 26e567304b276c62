import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DEFAULT_DATABASE_URL, parseDatabaseUrl, type DatabaseTarget } from './db/orm';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './graphql/limits';

export interface Config {
  database: DatabaseTarget;
  port: number;
  production: boolean;
  tokenSecret: string;
  /** Seed the demo data (users with the demo password) into an empty database. */
  seedDemo: boolean;
  /** What one GraphQL request may cost (DEFAULT_QUERY_LIMITS where left out). */
  limits?: Partial<QueryLimits>;
  /** Shares login throttling between server instances; in-process memory when absent. */
  redisUrl?: string;
  /** Prefix of this deployment's keys in Redis (several deployments may share one Redis). */
  redisPrefix?: string;
  /** Express `trust proxy`: which proxies' X-Forwarded-For gives the client address. */
  trustProxy?: TrustProxy;
  /** Login throttling (defaults: DEFAULT_LOGIN_THROTTLE). */
  loginThrottle?: Partial<LoginThrottleSettings>;
}

/** The environment variable of each query limit (README, "Configuration"). */
export const LIMIT_VARIABLES: Record<keyof QueryLimits, string> = {
  maxDepth: 'LAWCHECK_MAX_DEPTH',
  maxAliases: 'LAWCHECK_MAX_ALIASES',
  maxDirectives: 'LAWCHECK_MAX_DIRECTIVES',
  maxTokens: 'LAWCHECK_MAX_TOKENS',
  maxCost: 'LAWCHECK_MAX_COST',
  nestedListRows: 'LAWCHECK_NESTED_LIST_ROWS',
  timeoutMs: 'LAWCHECK_QUERY_TIMEOUT_MS',
  maxResponseBytes: 'LAWCHECK_MAX_RESPONSE_BYTES',
};

function loadLimits(env: NodeJS.ProcessEnv): QueryLimits {
  const limits = { ...DEFAULT_QUERY_LIMITS };
  for (const [key, name] of Object.entries(LIMIT_VARIABLES) as [keyof QueryLimits, string][]) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < 1)
      throw new ConfigError(`${name} must be a positive whole number, got "${raw}"`);
    limits[key] = n;
  }
  return limits;
}

/** Express's `trust proxy` values: off, a hop count, or addresses/subnets/names of proxies. */
export type TrustProxy = boolean | number | string;

export interface LoginThrottleSettings {
  /** Consecutive failed logins of one username (from any address) before it is locked. */
  userFailures: number;
  /** Failed logins from one client address (any usernames) before the address is locked. */
  addressFailures: number;
  /** Seconds after which failures are forgotten. */
  windowSeconds: number;
  /** The first lock; each further lock of the same key within a day doubles it (back-off). */
  lockSeconds: number;
  /** The longest lock. */
  maxLockSeconds: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleSettings = {
  userFailures: 10,
  addressFailures: 100,
  windowSeconds: 3600,
  lockSeconds: 60,
  maxLockSeconds: 3600,
};

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
  if (tokenSecret && production) {
    const weakness = secretWeakness(tokenSecret);
    if (weakness)
      throw new ConfigError(
        `LAWCHECK_TOKEN_SECRET is too easy to guess (${weakness}). In production (NODE_ENV=production) Lawcheck needs a random secret of at least 128 bits, e.g. LAWCHECK_TOKEN_SECRET=$(openssl rand -hex 32).`,
      );
  }
  if (!tokenSecret) {
    if (production)
      throw new ConfigError(
        'LAWCHECK_TOKEN_SECRET is not set. In production (NODE_ENV=production) Lawcheck will not start without a secret of at least 32 characters to sign login tokens, e.g. LAWCHECK_TOKEN_SECRET=$(openssl rand -hex 32).',
      );
    tokenSecret = developmentSecret(database);
  }
  const seedDemo = env.LAWCHECK_DEMO_DATA ? env.LAWCHECK_DEMO_DATA !== '0' : !production;
  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl))
    throw new ConfigError(`REDIS_URL must be a redis:// or rediss:// URL, got "${redisUrl}"`);
  return {
    database,
    port,
    production,
    tokenSecret,
    seedDemo,
    limits: loadLimits(env),
    redisUrl,
    redisPrefix: env.LAWCHECK_REDIS_PREFIX || undefined,
    trustProxy: parseTrustProxy(env.LAWCHECK_TRUST_PROXY),
    loginThrottle: loginThrottle(env),
  };
}

/** Why a token secret is guessable, or null when it looks random enough (>= 128 bits). */
export function secretWeakness(secret: string): string | null {
  const chars = [...secret];
  const distinct = new Set(chars).size;
  if (distinct < 8) return `only ${distinct} different characters`;
  for (let period = 1; period <= chars.length / 2; period++)
    if (chars.every((c, i) => i < period || c === chars[i - period]))
      return `it repeats "${chars.slice(0, Math.min(period, 8)).join('')}${period > 8 ? '…' : ''}"`;
  // Shannon entropy of the secret's own character frequencies, times its length: an estimate
  // (a random hex secret of 64 characters scores ~245 bits, "abcd…" repeated scores little).
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) perChar -= (n / chars.length) * Math.log2(n / chars.length);
  const bits = Math.floor(perChar * chars.length);
  if (bits < 128) return `about ${bits} bits of entropy, fewer than 128`;
  // Alphabet and digit runs ("abcdef…", "0123…"): neighbours one code point apart.
  let steps = 0;
  for (let i = 1; i < chars.length; i++)
    if (Math.abs(chars[i].codePointAt(0)! - chars[i - 1].codePointAt(0)!) === 1) steps++;
  if (steps * 2 >= chars.length - 1) return 'it is mostly runs like "abcd" or "1234"';
  return null;
}

/** LAWCHECK_TRUST_PROXY: unset or "false" = off; a number = hops; "true"; or Express's list form. */
function parseTrustProxy(value: string | undefined): TrustProxy {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

function loginThrottle(env: NodeJS.ProcessEnv): LoginThrottleSettings {
  const read = (name: string, fallback: number, min: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min)
      throw new ConfigError(`${name} must be a whole number of at least ${min}, got "${raw}"`);
    return n;
  };
  const settings = {
    userFailures: read('LAWCHECK_LOGIN_USER_FAILURES', DEFAULT_LOGIN_THROTTLE.userFailures, 1),
    addressFailures: read('LAWCHECK_LOGIN_ADDRESS_FAILURES', DEFAULT_LOGIN_THROTTLE.addressFailures, 1),
    windowSeconds: read('LAWCHECK_LOGIN_WINDOW', DEFAULT_LOGIN_THROTTLE.windowSeconds, 1),
    lockSeconds: read('LAWCHECK_LOGIN_LOCK', DEFAULT_LOGIN_THROTTLE.lockSeconds, 1),
    maxLockSeconds: read('LAWCHECK_LOGIN_MAX_LOCK', DEFAULT_LOGIN_THROTTLE.maxLockSeconds, 1),
  };
  if (settings.maxLockSeconds < settings.lockSeconds)
    throw new ConfigError('LAWCHECK_LOGIN_MAX_LOCK must not be shorter than LAWCHECK_LOGIN_LOCK');
  return settings;
}

/** Outside production: a random secret kept beside the SQLite file (or in data/), so logins survive restarts. */
function developmentSecret(database: DatabaseTarget): string {
  const dir =
    database.dialect === 'sqlite' ? path.dirname(path.resolve(database.location)) : path.resolve('data');
  const file = path.join(dir, '.token-secret');
  try {
    const secret = fs.readFileSync(file, 'utf8').trim();
    if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
    return secret;
  } catch {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const secret = randomBytes(32).toString('hex');
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
