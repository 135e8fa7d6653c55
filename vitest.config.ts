import { defineConfig } from 'vitest/config';

// Unit and integration tests run on the sources; browser (e2e) tests start the built
// `bin/faultline serve`, so `npm test` builds before it runs them.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/cleanup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
