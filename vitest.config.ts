import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Real Redis and real servers: files run in parallel forks, each with its own key prefix.
    pool: 'forks',
  },
});
