import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // STACK.md: one copy of graphql, or type-graphql and Apollo see "another realm".
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    pool: 'forks',
    // Two cores: API suites each start a server and a database; run files one after another.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ['default'],
  },
});
