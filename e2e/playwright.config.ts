import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';

const here = path.dirname(fileURLToPath(import.meta.url));
const port = Number(process.env.E2E_PORT ?? 3179);
export const baseURL = `http://127.0.0.1:${port}`;
/**
 * run.mjs picks E2E_PORT, E2E_DATA_DIR and E2E_OUTPUT_DIR per run so runs can share a machine;
 * E2E_REUSE_SERVER=1 keeps a server started by hand.
 */
const dataDir = process.env.E2E_DATA_DIR ?? path.join(here, '.data');

/**
 * Browser tests drive Debian's Chromium (never a downloaded browser) against a real server started on a fresh
 * embedded database with a small demo county. run.mjs clears the data directory before each run.
 */
export default defineConfig({
  testDir: './tests',
  outputDir: process.env.E2E_OUTPUT_DIR ?? './test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    // the field app's service worker only where a test is about it (field.spec.ts): elsewhere it would answer
    // page loads from its cache and keep requests from the test's eyes
    serviceWorkers: 'block',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.DIXIAN_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'desktop', use: { ...devices['Desktop Chrome'], viewport: { width: 1366, height: 860 } } }],
  webServer: {
    command: 'node ../packages/server/bin/dixian.js start',
    cwd: here,
    url: `${baseURL}/api/health`,
    timeout: 180_000,
    reuseExistingServer: process.env.E2E_REUSE_SERVER === '1',
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DIXIAN_DATA_DIR: dataDir,
      // backups, audit anchors and their key of this run beside its data (run.mjs removes both)
      DIXIAN_BACKUP_DIR: `${dataDir}-files/backups`,
      DIXIAN_AUDIT_ANCHOR_KEY: `${dataDir}-files/keys/audit-anchor.pem`,
      // the visit photos of this run (issue 18), removed with them
      DIXIAN_PHOTO_DIR: `${dataDir}-files/photos`,
      DIXIAN_DEMO_HOUSEHOLDS: process.env.E2E_HOUSEHOLDS ?? '3000',
      DIXIAN_LOG_LEVEL: 'warn',
      // every test signs in from 127.0.0.1; on an idle machine they sign in faster than the default 20 a minute
      // (the lockout after five failures, which a test checks, does not depend on it)
      DIXIAN_LOGINS_PER_MINUTE: '600',
      // the tests sign demo users in over the API (loginAs) and often as one user in parallel: the second factor
      // and the session limit, on by default, are switched off here; second-factor.spec.ts enrols a user itself
      DIXIAN_TOTP_REQUIRED_ROLES: 'none',
      DIXIAN_MAX_SESSIONS: '0',
      DATABASE_URL: '',
    },
  },
});
