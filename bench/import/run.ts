/**
 * bench/import: a 1,000,000-row department feed (GBK CSV, as Excel on Chinese Windows saves it) imported into
 * PostgreSQL by `importFeed`, against the physical limit measured in the same run: PostgreSQL's own COPY of the
 * same file into an unindexed table. Target (issue 5 §5): the import reaches at least half of COPY's rate.
 * A scratch database is created and dropped; the registry it matches against (households, members, last year's
 * incomes) is loaded with COPY. Also imports a 100,000-row file, so peak memory can be compared across sizes.
 *
 *   npm run import -w @dixian/bench            (ROWS=1000000 HOUSEHOLDS=330000 by default)
 *   DIXIAN_BENCH_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { makeIdNumber, type Actor } from '@dixian/core';
import { migrate } from '@dixian/server/db/migrate';
import { openStore, type Store } from '@dixian/server/db/store';
import { ensureBuiltinPolicies } from '@dixian/server/policies/builtin';
import { importFeed, type FeedImportStats, type ImportPhase } from '@dixian/server/services/feed.service';
import iconv from 'iconv-lite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const SMALL_ROWS = Math.max(1, Math.floor(ROWS / 10));
const HOUSEHOLDS = Number(process.env.HOUSEHOLDS ?? 330_000);
const MEMBERS_PER_HOUSEHOLD = 3;
const COUNTY = '220681';
const ADMIN_URL = process.env.DIXIAN_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const here = path.dirname(fileURLToPath(import.meta.url));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-bench-import-'));

const t0 = () => process.hrtime.bigint();
const secs = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** "12,345.60": how departments' spreadsheets print amounts (toLocaleString is too slow for a million rows). */
function withSeparators(fen: number): string {
  const yuan = String(Math.floor(fen / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${yuan}.${String(fen % 100).padStart(2, '0')}`;
}

/** Member i's ID number: a unique (birth date, sequence) pair per member. */
function memberId(i: number, county = COUNTY): string {
  const day = i % 27_000;
  // even sequences only: makeIdNumber bumps the sequence to fit the sex, which must not collide
  const seq = 2 * Math.floor(i / 27_000);
  const birth = new Date(Date.UTC(1940, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
  return makeIdNumber(county, birth, seq, i % 2 ? 'male' : 'female');
}
const villages = Array.from(
  { length: 100 },
  (_, i) => `${COUNTY}${String(100 + Math.floor(i / 10))}${String(200 + (i % 10))}`,
);
const uuid = (kind: number, i: number) =>
  `${String(kind).padStart(8, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`;

async function seedRegistry(store: Store): Promise<void> {
  await ensureBuiltinPolicies(store.db);
  await store.transaction(async (tx) => {
    await tx.copyInto(
      'region',
      ['code', 'name', 'level', 'parent_code', 'county_code', 'is_rural'],
      [
        ['22', '吉林省', 'province', null, null, false],
        ['2206', '白山市', 'prefecture', '22', null, false],
        [COUNTY, '临江市', 'county', '2206', COUNTY, false],
        ...Array.from({ length: 10 }, (_, t) => [`${COUNTY}${100 + t}`, `镇${t}`, 'township', COUNTY, COUNTY, true]),
        ...villages.map((v, i) => [v, `村${i}`, 'village', v.slice(0, 9), COUNTY, true]),
      ],
    );
    await tx.copyInto(
      'household',
      ['id', 'county_code', 'region_code', 'household_no', 'household_type', 'monitoring_status'],
      (function* () {
        for (let h = 0; h < HOUSEHOLDS; h++) {
          yield [
            uuid(1, h),
            COUNTY,
            villages[h % villages.length]!,
            `B${h}`,
            h % 10 < 3 ? 'lifted_household' : 'general_household',
            h % 20 === 0 ? 'monitoring_unresolved' : 'not_monitored',
          ];
        }
      })(),
    );
    await tx.copyInto(
      'member',
      ['id', 'household_id', 'county_code', 'name', 'id_number', 'sex', 'birth_date', 'relation', 'work_months'],
      (function* () {
        for (let i = 0; i < HOUSEHOLDS * MEMBERS_PER_HOUSEHOLD; i++) {
          const id = memberId(i);
          const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
          yield [
            uuid(2, i),
            uuid(1, Math.floor(i / MEMBERS_PER_HOUSEHOLD)),
            COUNTY,
            `成员${i}`,
            id,
            i % 2 ? 'male' : 'female',
            birth,
            i % 3 ? 'other' : 'head',
            i % 12,
          ];
        }
      })(),
    );
    await tx.copyInto(
      'income_record',
      ['household_id', 'county_code', 'year', 'kind', 'period_start', 'period_end', 'wage_fen', 'transfer_fen'],
      (function* () {
        for (let h = 0; h < HOUSEHOLDS; h++) {
          yield [
            uuid(1, h),
            COUNTY,
            new Date().getUTCFullYear() - 1,
            'annual',
            '2000-01-01',
            '2000-12-31',
            1_000_000 + (h % 50) * 100_000,
            200_000,
          ];
        }
      })(),
    );
    await tx.client.exec('analyze');
  });
}

/** A 医保 feed: 70% of rows are registered members, 30% are not; about 3% of amounts are high. */
async function writeFeed(file: string, rows: number, salt: number): Promise<number> {
  const members = HOUSEHOLDS * MEMBERS_PER_HOUSEHOLD;
  const out = fs.createWriteStream(file);
  const header = '序号,姓名,身份证号码,所在村,结算日期,医疗总费用,统筹支付,个人自付(元),就诊医院,疾病诊断\r\n';
  let chunk = header;
  for (let i = 0; i < rows; i++) {
    const registered = i % 10 < 7;
    // unregistered people: valid numbers of the neighbouring county, which the registry does not hold
    const m = (i * 7919 + salt) % members;
    const id = registered ? memberId(m) : memberId(i, '220682');
    const high = i % 33 === 0;
    const oop = high ? 500_000 + ((i * 37) % 4_000_000) : (i * 13) % 450_000;
    const total = oop + 100_000 + (i % 7) * 10_000;
    const day = String(1 + (i % 28)).padStart(2, '0');
    chunk += `${i + 1},成员${registered ? m : i},${id},村${i % 100},2024-05-${day},"${withSeparators(total)}",${((total - oop) / 100).toFixed(2)},${(oop / 100).toFixed(2)}元,临江市人民医院,高血压\r\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(iconv.encode(chunk, 'gbk'))) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.end(iconv.encode(chunk, 'gbk'));
  await new Promise<void>((r) => out.on('finish', () => r()));
  return fs.statSync(file).size;
}

/** The physical limit: PostgreSQL parses and stores the same bytes itself, into a table without indexes. */
async function rawCopy(url: string, file: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(
    `drop table if exists raw_feed; create table raw_feed (a text, b text, c text, d text, e text, f text, g text, h text, i text, j text)`,
  );
  const start = t0();
  await pipeline(
    fs.createReadStream(file),
    c.query(copyFrom(`copy raw_feed from stdin with (format csv, header true, encoding 'GBK')`)),
  );
  const s = secs(start);
  const n = await c.query('select count(*)::int as n from raw_feed');
  if (Number(n.rows[0].n) === 0) throw new Error('raw COPY loaded nothing');
  await c.query('drop table raw_feed');
  await c.end();
  return s;
}

/** Peak resident and heap memory while `fn` runs, sampled every 50 ms. */
async function withPeakMemory<T>(fn: () => Promise<T>): Promise<{ value: T; rss: number; heap: number }> {
  global.gc?.();
  let rss = process.memoryUsage().rss;
  let heap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 50);
  try {
    const value = await fn();
    return { value, rss, heap };
  } finally {
    clearInterval(timer);
  }
}

async function main() {
  const loadAtStart = os.loadavg()[0]!;
  const dbName = `dixian_bench_import_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const url = ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  const lines: string[] = [];
  const say = (s = '') => {
    console.log(s);
    lines.push(s);
  };
  try {
    const store = await openStore({ databaseUrl: url, poolSize: 2 });
    await migrate(store);
    let start = t0();
    await seedRegistry(store);
    const seedS = secs(start);
    const big = path.join(work, 'feed-1m.csv');
    const small = path.join(work, 'feed-100k.csv');
    start = t0();
    const bytes = await writeFeed(big, ROWS, 0);
    await writeFeed(small, SMALL_ROWS, 123);
    const genS = secs(start);

    const copyBefore = await rawCopy(url, big);
    const actor: Actor = {
      id: '00000000-0000-0000-0000-000000000000',
      username: 'system',
      role: 'county_admin',
      scopeCode: COUNTY,
    };
    const runImport = async (file: string) => {
      const phases: Partial<Record<ImportPhase, number>> = {};
      const s0 = t0();
      const m = await withPeakMemory(() =>
        importFeed(
          { store, actor, now: () => new Date() },
          { department: 'medical_insurance', file, onPhase: (p) => (phases[p] = secs(s0)) },
        ),
      );
      return { seconds: secs(s0), phases, ...m };
    };
    const smallRun = await runImport(small);
    const bigRun = await runImport(big);
    const copyAfter = await rawCopy(url, big);
    const copyS = Math.min(copyBefore, copyAfter);
    const pgVersion = (
      await store.transaction((tx) => tx.client.query<{ v: string }>(`select current_setting('server_version') as v`))
    ).rows[0]!.v;
    await store.close();

    const b = bigRun.value.batch;
    const st = b.stats as unknown as FeedImportStats;
    const copyRate = ROWS / copyS;
    const importRate = ROWS / bigRun.seconds;
    const ratio = importRate / copyRate;
    const p = bigRun.phases;
    say('# bench/import: 1,000,000-row department feed vs raw COPY');
    say();
    say(
      `Run ${new Date().toISOString()} on ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length} cores, ${mb(os.totalmem())} RAM, Node ${process.version}, PostgreSQL ${pgVersion} (local, default settings).`,
    );
    say(
      `Load average (1 min) at start ${loadAtStart.toFixed(1)}, at end ${os.loadavg()[0]!.toFixed(1)}: other work shared the ${os.cpus().length} cores, so compare the figures of one run with each other, not across runs.`,
    );
    say();
    say('| what | figure |');
    say('| --- | --- |');
    say(
      `| registry loaded by COPY | ${HOUSEHOLDS.toLocaleString()} households, ${(HOUSEHOLDS * MEMBERS_PER_HOUSEHOLD).toLocaleString()} members, ${HOUSEHOLDS.toLocaleString()} income records in ${seedS.toFixed(1)} s |`,
    );
    say(
      `| feed file | ${ROWS.toLocaleString()} rows, ${mb(bytes)}, GBK CSV, 10 columns (generated in ${genS.toFixed(1)} s with a ${SMALL_ROWS.toLocaleString()}-row one) |`,
    );
    say(
      `| raw COPY, same file, unindexed table (best of 2) | ${copyS.toFixed(2)} s = ${Math.round(copyRate).toLocaleString()} rows/s (runs: ${copyBefore.toFixed(2)} s, ${copyAfter.toFixed(2)} s) |`,
    );
    say(
      `| importFeed, 1,000,000 rows | ${bigRun.seconds.toFixed(2)} s = ${Math.round(importRate).toLocaleString()} rows/s |`,
    );
    say(`| **ratio import / COPY** | **${ratio.toFixed(2)}×** (target ≥ 0.5×: ${ratio >= 0.5 ? 'met' : 'NOT met'}) |`);
    say(
      `| phases (cumulative s) | read+parse+normalise+stage ${p.parsed?.toFixed(2)}, match+issues ${p.stored?.toFixed(2)}, warnings ${p.warnings?.toFixed(2)}, leads ${p.leads?.toFixed(2)}, commit ${p.done?.toFixed(2)} |`,
    );
    say(
      `| result | ${b.rowsMatched.toLocaleString()} matched, ${b.rowsUnmatched.toLocaleString()} unmatched, ${b.rowsInvalid} invalid, ${b.warningsCreated.toLocaleString()} warnings, ${st.leadsCreated.toLocaleString()} leads, ${st.attachedToCase + st.attachedToLead} attached |`,
    );
    say(`| peak memory, 1,000,000 rows | RSS ${mb(bigRun.rss)}, heap ${mb(bigRun.heap)} |`);
    say(
      `| peak memory, ${SMALL_ROWS.toLocaleString()} rows (${smallRun.seconds.toFixed(2)} s) | RSS ${mb(smallRun.rss)}, heap ${mb(smallRun.heap)} |`,
    );
    say();
    const share = (a: number | undefined, b: number | undefined) =>
      `${((((a ?? 0) - (b ?? 0)) / bigRun.seconds) * 100).toFixed(0)} %`;
    say();
    say('## Where the time goes');
    say();
    say(
      `- Reading, decoding, splitting and normalising in Node while COPY loads the staging table: ${share(p.parsed, 0)}.`,
    );
    say(
      '  Node is single-threaded and shares the two cores with PostgreSQL; every row is decoded, split, its ID number',
    );
    say(
      '  checked (check digit, birth date), its amounts and dates parsed, a dedupe key built and the row encoded for COPY.',
    );
    say(
      `- Matching and writing feed_row: ${share(p.stored, p.parsed)}. A narrow hash join of the staged ID numbers to`,
    );
    say(
      '  member ⋈ household, then one INSERT … SELECT of every row into feed_row. INSERT … SELECT inserts tuple by tuple',
    );
    say('  and maintains the primary key, where COPY into an unindexed table uses the bulk path: measured by EXPLAIN');
    say('  ANALYZE on this machine, the insert alone takes about three times the raw COPY of the same rows.');
    say(
      `- Warning rules (one statement, all rows joined to member, household and last year's income): ${share(p.warnings, p.stored)}.`,
    );
    say(`- Attachment and leads: ${share(p.leads, p.warnings)}; commit: ${share(p.done, p.leads)}.`);
    say();
    say('Memory stays flat: the file is streamed (1 MiB reads, native GB18030 decoding, a line-level CSV splitter,');
    say('rows pulled by COPY), so ten times the rows does not mean ten times the memory.');
    say();
    say('What would close the gap to 0.5× (not done): parse and normalise in a worker thread; COPY the normalised');
    say('rows straight into feed_row and keep the match in a narrow side table instead of INSERT … SELECT; a leaner');
    say('COPY text encoder in the store (it runs four regular expressions over every value).');
    fs.mkdirSync(path.join(here, '..', 'reports'), { recursive: true });
    fs.writeFileSync(path.join(here, '..', 'reports', 'import.md'), `${lines.join('\n')}\n`);
    console.log(`\nwritten: bench/reports/import.md`);
  } finally {
    // KEEP_DB=1 keeps the scratch database for EXPLAIN
    if (process.env.KEEP_DB === '1') console.log(`kept database ${dbName}`);
    else await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
