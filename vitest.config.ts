import { defineConfig } from 'vitest/config';

// One run, three projects: the pure core, the server (integration against PGlite, and PostgreSQL when
// DATABASE_URL is set), and web unit tests. Browser tests live in e2e/ and run through Playwright.
export default defineConfig({
  test: {
    // PGlite is a single-threaded WASM instance per test file; two cores, so keep files few at a time.
    // (Set once at the root: vitest refuses projects with different worker limits in one group.)
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'core',
          root: 'packages/core',
          include: ['test/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'server',
          root: 'packages/server',
          include: ['test/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['test/support/field-keys.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
