/**
 * The servers bench/api measures, in a process of their own (so the load generator does not share its event
 * loop): the dixian API on the benchmark database, and a bare Fastify route (the ceiling: one small JSON answer,
 * no plugins, no database). Prints their ports as one JSON line, then serves until killed.
 */
import '../keys.js';
import { loadConfig } from '@dixian/server/config/env';
import { openStore } from '@dixian/server/db/store';
import { buildApp } from '@dixian/server/http/app';
import Fastify from 'fastify';

// PostgreSQL by DATABASE_URL, or the embedded database of DIXIAN_DATA_DIR (bench/screens on a county's PGlite)
const url = process.env.DATABASE_URL || undefined;
const dataDir = url ? undefined : process.env.DIXIAN_DATA_DIR;
if (!url && !dataDir) throw new Error('DATABASE_URL or DIXIAN_DATA_DIR is required');
const store = await openStore({ databaseUrl: url, dataDir, poolSize: Number(process.env.POOL_SIZE ?? 10) });
const config = loadConfig({
  ...(url ? { DATABASE_URL: url } : { DIXIAN_DATA_DIR: dataDir }),
  DIXIAN_LOG_LEVEL: 'silent',
  DIXIAN_SESSION_IDLE_MINUTES: '600',
  // the bench signs its administrator in with a password, into a database that may be reused for months
  DIXIAN_TOTP_REQUIRED_ROLES: 'none',
  DIXIAN_PASSWORD_MAX_AGE_DAYS: '0',
  DIXIAN_ACCOUNT_INACTIVE_DAYS: '0',
});
// DIXIAN_BENCH_NOW: the server lives on that day (its clock starts there and runs on), so "this month" and
// "overdue" are those of the generated data, not of the day the benchmark runs
const benchNow = process.env.DIXIAN_BENCH_NOW ? Date.parse(process.env.DIXIAN_BENCH_NOW) : undefined;
const started = Date.now();
const api = await buildApp({
  store,
  config,
  now: benchNow === undefined ? undefined : () => new Date(benchNow + (Date.now() - started)),
  webDist: '/nonexistent',
  // bench/load signs hundreds of users in from one address; real users come from as many addresses
  limits: { requestsPerMinute: 1_000_000_000, loginsPerMinute: 1_000_000_000 },
});
await api.listen({ port: 0, host: '127.0.0.1' });
const bare = Fastify({ logger: false });
bare.get('/bare', async () => ({ status: 'ok' }));
await bare.listen({ port: 0, host: '127.0.0.1' });
const port = (a: { server: { address(): unknown } }) => (a.server.address() as { port: number }).port;
console.log(JSON.stringify({ api: port(api), bare: port(bare) }));
// a clean exit on SIGTERM (the runner's kill), so `--cpu-prof` profiles of the server get written
process.once('SIGTERM', () => {
  void Promise.all([api.close(), bare.close()]).finally(() => process.exit(0));
});
