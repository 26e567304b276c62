import 'reflect-metadata';
import { startServer, type RunningServer } from '../../server/app';
import type { Config } from '../../server/config';
import type { DatabaseTarget, Dialect } from '../../server/db/orm';
import { postgresReachable, scratchDatabase, type ScratchDatabase } from '../../server/db/scratch';
import { seedDemoIfEmpty, DEMO_PASSWORD } from '../../seeds/demo';
import * as E from '../../server/db/entities';
import { Role } from '../../server/domain/enums';
import { hashPassword } from '../../server/services/auth';
import type { Orm } from '../../server/db/orm';
import type { QueryLimits } from '../../server/graphql/limits';
import type { Logger } from '../../server/logger';

/** An empty catalogue: one department, one district and an administrator (for suites that bring their own rules). */
export async function seedBareMinimum(orm: Orm): Promise<void> {
  const em = orm.em.fork();
  const department = em.create(E.Department, { name: '测试执法局', code: 'TEST' });
  em.create(E.District, { name: '测试区', code: '150299' });
  em.create(E.User, {
    username: 'admin',
    displayName: '管理员',
    role: Role.ADMIN,
    passwordHash: await hashPassword(DEMO_PASSWORD),
  });
  em.create(E.User, {
    username: 'officer',
    displayName: '执法人员',
    role: Role.OFFICER,
    department,
    passwordHash: await hashPassword(DEMO_PASSWORD),
  });
  await em.flush();
}

export { DEMO_PASSWORD };

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: {
    message: string;
    path?: string[];
    locations?: { line: number; column: number }[];
    extensions?: Record<string, unknown>;
  }[];
}

export interface TestServer {
  server: RunningServer;
  /** The scratch database (a second instance can be started on it). */
  database: DatabaseTarget;
  url: string;
  /** SQL statements run since the last reset (every statement the ORM sends). */
  queries: string[];
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<T>>;
  login(username: string, password?: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A real server over real HTTP on a fresh database of the dialect, seeded with the demo data
 * (fewer cases than `npm start`, for speed).
 */
export async function startTestServer(
  dialect: Dialect,
  options: {
    cases?: number;
    production?: boolean;
    demo?: boolean;
    limits?: Partial<QueryLimits>;
    config?: Partial<Config>;
    logger?: Logger;
  } = {},
): Promise<TestServer> {
  const scratch: ScratchDatabase = await scratchDatabase(dialect, 'test');
  const queries: string[] = [];
  const config: Config = {
    database: scratch.target,
    port: 0,
    production: options.production ?? false,
    tokenSecret: 'test-secret-test-secret-test-secret-0123',
    seedDemo: true,
    limits: options.limits,
    ...options.config,
  };
  const server = await startServer(config, {
    logger: options.logger,
    onQuery: (sql) => queries.push(sql),
    prepare: async (orm) => {
      if (options.demo === false) await seedBareMinimum(orm);
      else await seedDemoIfEmpty(orm, options.cases ?? 400);
    },
  });
  const gql = async <T>(query: string, variables?: Record<string, unknown>, token?: string) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GraphQLResponse<T>;
  };
  return {
    server,
    database: scratch.target,
    url: server.url,
    queries,
    gql,
    login: async (username, password = DEMO_PASSWORD) => {
      const res = await gql<{ login: { token: string } }>(
        'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
        { u: username, p: password },
      );
      if (!res.data?.login) throw new Error(`login ${username} failed: ${JSON.stringify(res.errors)}`);
      return res.data.login.token;
    },
    stop: async () => {
      await server.close();
      await scratch.drop();
    },
  };
}

/**
 * The dialects an API suite runs on: SQLite always; PostgreSQL when a server answers, and
 * always in CI (LAWCHECK_REQUIRE_POSTGRES=1), where its absence is a failure, not a skip.
 */
export async function dialects(): Promise<Dialect[]> {
  if (await postgresReachable()) return ['sqlite', 'postgresql'];
  if (process.env.LAWCHECK_REQUIRE_POSTGRES === '1')
    throw new Error(
      'PostgreSQL is required (LAWCHECK_REQUIRE_POSTGRES=1) but does not answer at POSTGRES_URL',
    );
  console.warn('PostgreSQL does not answer: the API suites run on SQLite only');
  return ['sqlite'];
}

export function errorCode(res: GraphQLResponse<unknown>): unknown {
  return res.errors?.[0]?.extensions?.code;
}
