/**
 * bench/fields: what encrypting ID numbers at rest (issue 21 §3) costs the two things that look people up by ID
 * number, search and the matching of a department feed, measured on PostgreSQL against the physical limits of the
 * same run: a lookup of one 18-character key in a plain btree, and a hash join of the feed's keys to the registry's
 * keys in plain SQL. The benchmark only calls the product's services, so the same file runs on the commit before
 * the encryption and on the one after; the report names the commit.
 *
 *   npm run fields -w @dixian/bench            (HOUSEHOLDS=200000 FEED_ROWS=200000 SEARCHES=400 by default)
 *   DIXIAN_BENCH_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres
 */
import '../keys.js';
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Actor } from '@dixian/core';
import { HouseholdSearchQuery } from '@dixian/core/api';
import { argon2Hasher } from '@dixian/server/auth/password';
import { loadConfig } from '@dixian/server/config/env';
import type { Store } from '@dixian/server/db/store';
import type { ImportPhase } from '@dixian/server/services/feed-pipeline';
import { importFeed } from '@dixian/server/services/feed.service';
import { searchHouseholds } from '@dixian/server/services/household.service';
import pg from 'pg';
import { COUNTY, MEMBERS_PER_HOUSEHOLD, memberId, reporter, scratchRegistry, writeFeed } from '../import/fixture.js';

const HOUSEHOLDS = Number(process.env.HOUSEHOLDS ?? 200_000);
const FEED_ROWS = Number(process.env.FEED_ROWS ?? 200_000);
const SEARCHES = Number(process.env.SEARCHES ?? 400);
const ADMIN_URL = process.env.DIXIAN_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const here = path.dirname(fileURLToPath(import.meta.url));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-bench-fields-'));

const t0 = () => process.hrtime.bigint();
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const f2 = (x: number) => x.toFixed(2);

/** Member numbers spread over the registry, the same every run. */
const sample = (n: number) =>
  Array.from({ length: n }, (_, i) => (i * 104_729 + 17) % (HOUSEHOLDS * MEMBERS_PER_HOUSEHOLD));

async function timeSearches(store: Store, actor: Actor): Promise<number[]> {
  const config = loadConfig({ ...process.env, DIXIAN_DATA_DIR: work });
  const ctx = { store, config, hasher: argon2Hasher({ cost: 'low' }), now: () => new Date(), actor, requestId: null };
  const times: number[] = [];
  for (const [i, m] of sample(SEARCHES).entries()) {
    const query = HouseholdSearchQuery.parse({ q: memberId(m) });
    const start = t0();
    const page = await searchHouseholds(ctx, query);
    if (i >= 20) times.push(ms(start)); // the first searches warm the plan cache and the buffers
    if (page.total !== 1) throw new Error(`search for member ${m} found ${page.total} households, not 1`);
  }
  return times;
}

/** The physical limits: the same keys in plain tables, looked up one by one and hash-joined. */
async function limits(admin: pg.Client, url: string): Promise<{ lookups: number[]; joinMs: number }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`create unlogged table probe (k varchar(18) collate "C" primary key)`);
    await c.query(`create unlogged table probe_feed (k varchar(18) collate "C")`);
    const ids = Array.from({ length: HOUSEHOLDS * MEMBERS_PER_HOUSEHOLD }, (_, i) => memberId(i));
    for (let i = 0; i < ids.length; i += 20_000) {
      await c.query(`insert into probe select unnest($1::text[])`, [ids.slice(i, i + 20_000)]);
    }
    const feed = Array.from({ length: FEED_ROWS }, (_, i) =>
      i % 10 < 7 ? ids[(i * 7919) % ids.length]! : memberId(i, '220682'),
    );
    for (let i = 0; i < feed.length; i += 20_000) {
      await c.query(`insert into probe_feed select unnest($1::text[])`, [feed.slice(i, i + 20_000)]);
    }
    await c.query('analyze probe; analyze probe_feed');
    const lookups: number[] = [];
    for (const [i, m] of sample(SEARCHES).entries()) {
      const start = t0();
      const r = await c.query('select k from probe where k = $1', [ids[m]]);
      if (i >= 20) lookups.push(ms(start));
      if (r.rowCount !== 1) throw new Error('probe lookup missed');
    }
    let joinMs = Infinity;
    for (let run = 0; run < 2; run++) {
      const start = t0();
      await c.query('select count(*) from probe_feed f join probe p using (k)');
      joinMs = Math.min(joinMs, ms(start));
    }
    return { lookups, joinMs };
  } finally {
    await c.end();
    void admin;
  }
}

async function main() {
  const load0 = os.loadavg()[0]!;
  const commit = execSync('git rev-parse --short HEAD', { cwd: here }).toString().trim();
  const { admin, url, store, seedSeconds } = await scratchRegistry(ADMIN_URL, 'fields', HOUSEHOLDS);
  const dbName = new URL(url).pathname.slice(1);
  const { lines, say } = reporter();
  try {
    const seedMs = seedSeconds * 1000;
    await store.transaction((tx) => tx.client.exec('analyze'));
    const feedFile = path.join(work, 'feed.csv');
    await writeFeed(feedFile, FEED_ROWS, HOUSEHOLDS, 0);
    const actor: Actor = {
      id: '00000000-0000-0000-0000-000000000000',
      username: 'system',
      role: 'county_admin',
      scopeCode: COUNTY,
    };

    const search = await timeSearches(store, actor);
    const phases: Partial<Record<ImportPhase, number>> = {};
    const start = t0();
    const imported = await importFeed(
      { store, actor, now: () => new Date() },
      { department: 'medical_insurance', file: feedFile, onPhase: (p) => (phases[p] = ms(start)) },
    );
    const importMs = ms(start);
    const b = imported.batch;
    const pgVersion = (
      await store.transaction((tx) => tx.client.query<{ v: string }>(`select current_setting('server_version') as v`))
    ).rows[0]!.v;
    await store.close();
    const limit = await limits(admin, url);
    const matchMs = (phases.stored ?? NaN) - (phases.parsed ?? NaN);

    say(`# bench/fields: ID search and feed matching at commit ${commit}`);
    say();
    say(
      `Run ${new Date().toISOString()} on ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 20)} MB RAM, Node ${process.version}, PostgreSQL ${pgVersion} (local, default settings). Load average (1 min) at start ${load0.toFixed(1)}, at end ${os.loadavg()[0]!.toFixed(1)}.`,
    );
    say();
    say('| what | figure |');
    say('| --- | --- |');
    say(
      `| registry by COPY | ${HOUSEHOLDS.toLocaleString()} households, ${(HOUSEHOLDS * MEMBERS_PER_HOUSEHOLD).toLocaleString()} members in ${(seedMs / 1000).toFixed(1)} s |`,
    );
    say(
      `| search by ID number (service, ${search.length} searches) | p50 ${f2(pct(search, 0.5))} ms, p95 ${f2(pct(search, 0.95))} ms |`,
    );
    say(
      `| limit: one key in a plain btree (${limit.lookups.length} lookups) | p50 ${f2(pct(limit.lookups, 0.5))} ms, p95 ${f2(pct(limit.lookups, 0.95))} ms |`,
    );
    say(
      `| feed import, ${FEED_ROWS.toLocaleString()} rows | ${(importMs / 1000).toFixed(2)} s; ${b.rowsMatched.toLocaleString()} matched, ${b.rowsUnmatched.toLocaleString()} unmatched |`,
    );
    say(
      `| of which read, parse and stage the IDs; match and store the rows | ${((phases.parsed ?? NaN) / 1000).toFixed(2)} s, ${(matchMs / 1000).toFixed(2)} s |`,
    );
    say(
      `| limit: the feed's keys hash-joined to the registry's in plain SQL | ${(limit.joinMs / 1000).toFixed(2)} s |`,
    );
    fs.mkdirSync(path.join(here, '..', 'reports'), { recursive: true });
    fs.writeFileSync(path.join(here, '..', 'reports', `fields-${commit}.md`), lines.join('\n') + '\n');
    // bench/reports/fields.md puts a run before a change beside one after it, with notes
  } finally {
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
