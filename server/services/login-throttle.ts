import { isIP } from 'node:net';
import { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  type RateLimiterAbstract,
  type RateLimiterRes,
} from 'rate-limiter-flexible';
import { DEFAULT_LOGIN_THROTTLE, type LoginThrottleSettings } from '../config';

/**
 * Login throttling against password guessing (issue #11, point 4), with rate-limiter-flexible:
 * - per username, from any address: `userFailures` consecutive failures lock the username
 *   (a guesser spread over many addresses is slowed as much as one); a successful login
 *   forgets them;
 * - per client address, for any usernames: `addressFailures` failures within the window lock
 *   the address (password spraying); a success does not forget them, or one valid account
 *   would reset an attacker's count.
 * Each lock lasts `lockSeconds`, doubled for every earlier lock of the same key within a day,
 * up to `maxLockSeconds` (back-off). A locked key is refused before the password is checked.
 * The counters live in Redis when REDIS_URL is set, so every server instance sees the same
 * counts; otherwise in this process. Should Redis stop answering, counting falls back to this
 * process (the library's insurance limiter) rather than letting logins through unthrottled.
 */
export class LoginThrottle {
  private readonly userFailures: RateLimiterAbstract;
  private readonly addressFailures: RateLimiterAbstract;
  /** How many locks each key has had within the last day: the back-off exponent. */
  private readonly locks: RateLimiterAbstract;

  private constructor(
    readonly settings: LoginThrottleSettings,
    private readonly redis: Redis | null,
    prefix: string,
  ) {
    const limiter = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract => {
      const memory = new RateLimiterMemory({ keyPrefix: `${prefix}:${keyPrefix}`, points, duration });
      if (!redis) return memory;
      return new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${prefix}:${keyPrefix}`,
        points,
        duration,
        rejectIfRedisNotReady: true,
        insuranceLimiter: memory,
      });
    };
    this.userFailures = limiter('user', settings.userFailures, settings.windowSeconds);
    this.addressFailures = limiter('address', settings.addressFailures, settings.windowSeconds);
    this.locks = limiter('locks', 1_000_000, 24 * 3600);
  }

  /** In-process counters, or shared ones in the Redis at `redisUrl` (connected before returning). */
  static async create(
    settings: Partial<LoginThrottleSettings> = {},
    redisUrl?: string,
    prefix = 'lawcheck:login',
  ): Promise<LoginThrottle> {
    const full = { ...DEFAULT_LOGIN_THROTTLE, ...settings };
    if (!redisUrl) return new LoginThrottle(full, null, prefix);
    const redis = new Redis(redisUrl, {
      lazyConnect: true,
      // Fail fast while Redis is away (the insurance limiter takes over) instead of queueing.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 5000,
    });
    let reported = false;
    redis.on('error', (err: Error) => {
      if (!reported) console.error(`Redis (login throttling): ${err.message}`);
      reported = true;
    });
    redis.on('ready', () => (reported = false));
    try {
      await redis.connect();
    } catch (err) {
      redis.disconnect();
      // The URL is not repeated: it may hold a password.
      throw new Error(
        `Redis at REDIS_URL does not answer (${(err as Error).message}): login throttling cannot be shared between instances`,
      );
    }
    return new LoginThrottle(full, redis, prefix);
  }

  /** Seconds the caller must wait before trying this username from this address, or 0. */
  async wait(username: string, address: string): Promise<number> {
    const [user, addr] = await Promise.all([
      this.userFailures.get(`user:${userKey(username)}`),
      this.addressFailures.get(`address:${addressKey(address)}`),
    ]);
    return Math.max(
      lockedFor(user, this.settings.userFailures),
      lockedFor(addr, this.settings.addressFailures),
    );
  }

  /**
   * Counts a failed login; returns the seconds of the lock it started, or 0. Of concurrent
   * failures only the one that crosses the limit locks (the counter is atomic in both stores).
   */
  async failed(username: string, address: string): Promise<number> {
    const [user, addr] = await Promise.all([
      this.count(this.userFailures, `user:${userKey(username)}`, this.settings.userFailures),
      this.count(this.addressFailures, `address:${addressKey(address)}`, this.settings.addressFailures),
    ]);
    return Math.max(user, addr);
  }

  /** A successful login forgets the username's failures and its back-off (not the address's). */
  async succeeded(username: string): Promise<void> {
    const key = `user:${userKey(username)}`;
    await Promise.all([this.userFailures.delete(key), this.locks.delete(key)]);
  }

  async close(): Promise<void> {
    if (this.redis && this.redis.status !== 'end')
      await this.redis.quit().catch(() => this.redis?.disconnect());
  }

  /** `key` is "user:<name>" or "address:<address>": unique across both counters, for `locks`. */
  private async count(limiter: RateLimiterAbstract, key: string, limit: number): Promise<number> {
    const res = await limiter.penalty(key, 1);
    // The failure that reaches the limit locks; block() then holds the count above it.
    if (res.consumedPoints !== limit) return 0;
    const earlier = (await this.locks.penalty(key, 1)).consumedPoints - 1;
    const seconds = Math.min(
      this.settings.lockSeconds * 2 ** Math.min(earlier, 30),
      this.settings.maxLockSeconds,
    );
    await limiter.block(key, seconds);
    return seconds;
  }
}

function lockedFor(res: RateLimiterRes | null, limit: number): number {
  if (!res || res.consumedPoints <= limit || res.msBeforeNext <= 0) return 0;
  return Math.ceil(res.msBeforeNext / 1000);
}

/** Usernames are matched trimmed and case-folded, so "Admin " and "admin" share one count. */
const userKey = (username: string) => username.trim().toLowerCase().slice(0, 64);

/**
 * The address as a throttling key: IPv4-mapped IPv6 as plain IPv4, and IPv6 by its /64 (one
 * subscriber's usual allocation, which an attacker can rotate through at no cost).
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (isIP(address) !== 6) return address || 'unknown';
  const [head, tail = ''] = address.split('%')[0].toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
