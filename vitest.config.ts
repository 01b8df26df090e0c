import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Real Redis and real servers: files run in parallel forks, each with its own key prefix.
    pool: 'forks',
    // A Redis for the run: REDIS_URL, else 127.0.0.1:6379, else a redis-server started for it.
    globalSetup: ['test/support/global-redis.ts'],
  },
});
