/**
 * bench/offline: the village cadre's first download of a village of about 1,000 households to the phone, and a
 * later download of what changed (issue 18 §5), over a throttled "slow 3G" link (400 kbit/s each way, 400 ms round
 * trip, ./throttle.ts), with and without compression. The physical limit, in the same run: the bytes on the wire at
 * the link's bandwidth, plus one round trip per page (the pages come one after another).
 *
 *   npm run offline -w @dixian/bench
 *   npm run offline -w @dixian/bench -- --households 1000 --limit 250 --down 400 --rtt 400 --report offline.md
 *
 * The county 临江市 (220681) is loaded with its real villages and seeded by the demo generator (`seedHouseholds`,
 * as of yesterday) with every household in one of its villages: the other villages are marked non-rural while
 * seeding, so the generator allocates nothing to them. PGlite in a temporary directory, removed at the end.
 */
import '../keys.js';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { addDays, chinaDate, type Actor } from '@dixian/core';
import { SESSION_COOKIE, type OfflinePage } from '@dixian/core/api';
import { argon2Hasher } from '@dixian/server/auth/password';
import { loadConfig } from '@dixian/server/config/env';
import { migrate } from '@dixian/server/db/migrate';
import { openStore, type Store } from '@dixian/server/db/store';
import { buildApp } from '@dixian/server/http/app';
import { ensureBuiltinPolicies } from '@dixian/server/policies/builtin';
import { loadRegions } from '@dixian/server/regions/region-loader';
import { seedHouseholds } from '@dixian/server/seed/seed';
import { systemContext, type ServiceDeps } from '@dixian/server/services/context';
import { createUser } from '@dixian/server/services/user.service';
import { createVisit } from '@dixian/server/services/visit.service';
import { machine } from '../screening/report.js';
import { downloadShell, precacheUrls, type ShellRun } from './shell.js';
import { throttledProxy, type ThrottledProxy } from './throttle.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** the built web app (`npm run build:web`), whose service worker lists the field app's shell */
const WEB_DIST = path.resolve(here, '../../packages/web/dist');
function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : def;
}
const HOUSEHOLDS = Number(arg('households', '1000'));
const LIMIT = Number(arg('limit', '250'));
const DOWN_KBPS = Number(arg('down', '400'));
const UP_KBPS = Number(arg('up', '400'));
const RTT = Number(arg('rtt', '400'));
const CHANGED = Number(arg('changed', '10'));
const REPORT = arg('report', 'offline.md');
const COUNTY = '220681';
const USERNAME = 'bench_cadre';
const PASSWORD = 'Bench#Linjiang2024';

interface Download {
  label: string;
  pages: number;
  households: number;
  /** bytes the phone received: status lines, headers and bodies as sent */
  wireDown: number;
  wireUp: number;
  /** the JSON bodies once inflated */
  plain: number;
  /** of which the first page's list of every household id of the area */
  allIds: number;
  /**
   * the bodies as br (quality 4, the server's) would send them had every id been random: the demo generator's
   * uuids share a prefix and count up, which flatters compression
   */
  randomIdsBr: number;
  seconds: number;
  watermark: string;
}

/** One request through the proxy: the raw answer and its body inflated. */
function get(port: number, agent: http.Agent, url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: Buffer; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: url, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const enc = res.headers['content-encoding'];
        const body = enc === 'br' ? zlib.brotliDecompressSync(raw) : enc === 'gzip' ? zlib.gunzipSync(raw) : raw;
        resolve({ status: res.statusCode ?? 0, body, headers: res.headers });
      });
    });
    req.on('error', reject);
  });
}

async function login(port: number, agent: http.Agent): Promise<string> {
  const body = JSON.stringify({ username: USERNAME, password: PASSWORD });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/auth/login',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const cookie = [res.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
          if (res.statusCode !== 200 || !cookie) reject(new Error(`login: ${res.statusCode}`));
          else resolve(cookie.split(';')[0]!);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const randomIds = new Map<string, string>();
/** The same text with every uuid replaced by a random one (the same one wherever it recurs). */
function withRandomIds(text: string): string {
  return text.replace(UUID, (id) => {
    let r = randomIds.get(id);
    if (!r) randomIds.set(id, (r = crypto.randomUUID()));
    return r;
  });
}
const brotli = (text: string) =>
  zlib.brotliCompressSync(text, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } });

/** Every page of a download, one after another as the phone asks for them. */
async function download(
  proxy: ThrottledProxy,
  agent: http.Agent,
  cookie: string,
  label: string,
  encoding: string,
  since?: string,
): Promise<Download> {
  const start = performance.now();
  const before = { ...proxy.bytes };
  let after: string | null = null;
  let pages = 0;
  let households = 0;
  let plain = 0;
  let allIds = 0;
  let randomIdsBr = 0;
  let watermark = '';
  do {
    const q = new URLSearchParams({ limit: String(LIMIT) });
    if (since) q.set('since', since);
    if (after) q.set('after', after);
    const r = await get(proxy.port, agent, `/api/offline/households?${q}`, {
      cookie,
      'accept-encoding': encoding,
    });
    if (r.status !== 200) throw new Error(`${label}: ${r.status} ${r.body.toString().slice(0, 200)}`);
    const page = JSON.parse(r.body.toString()) as OfflinePage;
    pages++;
    households += page.households.length;
    plain += r.body.length;
    if (page.allIds) allIds = Buffer.byteLength(JSON.stringify(page.allIds));
    randomIdsBr += brotli(withRandomIds(r.body.toString())).length;
    watermark ||= page.watermark;
    after = page.next;
  } while (after);
  return {
    label,
    pages,
    households,
    wireDown: proxy.bytes.down - before.down,
    wireUp: proxy.bytes.up - before.up,
    plain,
    allIds,
    randomIdsBr,
    seconds: (performance.now() - start) / 1000,
    watermark,
  };
}

/** Every household of the county in one village: the generator spreads over rural villages only. */
async function seedVillage(store: Store, asOf: string): Promise<string> {
  await loadRegions(store, { counties: [COUNTY] });
  const villages = await store.db
    .selectFrom('region')
    .select('code')
    .where('countyCode', '=', COUNTY)
    .where('level', '=', 'village')
    .where('isRural', '=', true)
    .orderBy('code')
    .execute();
  const village = villages[0]!.code;
  const others = villages.slice(1).map((v) => v.code);
  if (others.length) await store.db.updateTable('region').set({ isRural: false }).where('code', 'in', others).execute();
  await ensureBuiltinPolicies(store.db);
  await seedHouseholds(store, { counties: [COUNTY], households: HOUSEHOLDS, seed: 18, asOf });
  if (others.length) await store.db.updateTable('region').set({ isRural: true }).where('code', 'in', others).execute();
  return village;
}

/** The app shell's line: what a phone downloads once, before the first sync, and the limit of the link. */
function shellLines(shell: ShellRun | null): string[] {
  if (!shell) return ['The web app was not built (`npm run build:web`): the app shell was not measured.'];
  const limit = (shell.wireDown * 8) / (DOWN_KBPS * 1000) + shell.files * (RTT / 1000);
  return [
    `App shell (the ${shell.files} files the service worker precaches, fetched one after another with br, as its ` +
      `install step does): ${kb(shell.raw)} as built, ${kb(shell.wireDown)} on the wire, ${s(shell.seconds)} ` +
      `(physical limit ${s(limit)}: the bytes at ${DOWN_KBPS} kbit/s plus a round trip a file). Once installed it ` +
      'comes from the phone; a new build downloads only the files that changed.',
  ];
}

const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;
const s = (n: number) => `${n.toFixed(1)} s`;
/** progress on stderr, so a long run shows where it is */
const step = (what: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${what}`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-bench-offline-'));
const store = await openStore({ dataDir: path.join(dir, 'db') });
let proxy: ThrottledProxy | undefined;
try {
  const m = machine();
  const loadBefore = os.loadavg()[0]!;
  step('migrate');
  await migrate(store);
  step('seed');
  const today = chinaDate(new Date());
  const t0 = performance.now();
  const village = await seedVillage(store, addDays(today, -1));
  const seedSeconds = (performance.now() - t0) / 1000;
  const config = {
    ...loadConfig({
      DIXIAN_LOG_LEVEL: 'silent',
      DIXIAN_DATA_DIR: path.join(dir, 'db'),
      DIXIAN_TOTP_REQUIRED_ROLES: 'none',
      DIXIAN_PASSWORD_MAX_AGE_DAYS: '0',
      DIXIAN_ACCOUNT_INACTIVE_DAYS: '0',
    }),
  };
  const deps: ServiceDeps = { store, config, hasher: argon2Hasher({ cost: 'low' }), now: () => new Date() };
  const user = await createUser(systemContext(deps), {
    username: USERNAME,
    displayName: '测试村干部',
    role: 'village_cadre',
    scopeCode: village,
    department: null,
    password: PASSWORD,
  });
  const app = await buildApp({
    store,
    config,
    hasher: deps.hasher,
    webDist: WEB_DIST,
    limits: { requestsPerMinute: 1e9 },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const appPort = (app.server.address() as { port: number }).port;
  proxy = await throttledProxy(appPort, { downBps: DOWN_KBPS * 1000, upBps: UP_KBPS * 1000, rttMs: RTT });
  // one connection kept alive, as a browser keeps one to its origin
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  step('login');
  const cookie = await login(proxy.port, agent);
  step('downloads');

  const plainRun = await download(proxy, agent, cookie, 'first download, uncompressed', 'identity');
  const gzipRun = await download(proxy, agent, cookie, 'first download, gzip', 'gzip');
  const brRun = await download(proxy, agent, cookie, 'first download, br', 'gzip, deflate, br');
  // the commit margin (2 min) resends what changed just before a watermark: the changes come after it
  const household = await store.db
    .selectFrom('household')
    .select('id')
    .where('regionCode', '=', village)
    .orderBy('householdNo')
    .limit(CHANGED)
    .execute();
  const actor: Actor = { id: user.id, username: USERNAME, role: 'village_cadre', scopeCode: village };
  const ctx = { ...deps, actor, requestId: null };
  for (const h of household) {
    await createVisit(ctx, h.id, {
      visitedOn: today,
      method: 'home',
      foodClothingOk: true,
      educationOk: true,
      medicalOk: true,
      housingOk: true,
      waterOk: true,
      newRisks: [],
    });
  }
  step('later download');
  const deltaRun = await download(
    proxy,
    agent,
    cookie,
    `later download, ${CHANGED} households changed, br`,
    'gzip, deflate, br',
    brRun.watermark,
  );
  const urls = precacheUrls(WEB_DIST);
  step('app shell');
  const shell: ShellRun | null = urls ? await downloadShell(proxy, WEB_DIST, urls) : null;
  const loadAfter = os.loadavg()[0]!;
  agent.destroy();
  await app.close();

  const runs = [plainRun, gzipRun, brRun, deltaRun];
  const limit = (d: Download) => (d.wireDown * 8) / (DOWN_KBPS * 1000) + d.pages * (RTT / 1000);
  const lines = [
    `# bench/offline: the phone's download of a village (issue 18 §5)`,
    '',
    `Run ${new Date().toISOString()} with \`npm run offline -w @dixian/bench\`.`,
    '',
    `- machine: ${m.cpu}, ${m.cores} cores, ${m.memory}, ${m.os}, Node ${m.node}, PGlite ${m.pglite}`,
    `- load average (1 min) before: ${loadBefore.toFixed(2)}, after: ${loadAfter.toFixed(2)}`,
    `- data: ${HOUSEHOLDS} demo households seeded in ${s(seedSeconds)} into one village of 临江市 (${village}), as of yesterday`,
    `- link: ${DOWN_KBPS} kbit/s down, ${UP_KBPS} kbit/s up, ${RTT} ms round trip (./throttle.ts), one kept-alive connection`,
    `- pages of ${LIMIT} households, asked for one after another; signed in as a village cadre of that village`,
    `- physical limit: the bytes received at ${DOWN_KBPS} kbit/s, plus one round trip per page`,
    '- the server (PGlite in process), the proxy and the client share one process and its machine',
    '',
    '| download | pages | households | on the wire (down) | up | JSON inflated | br bodies, random ids | time | physical limit | time / limit |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...runs.map(
      (d) =>
        `| ${d.label} | ${d.pages} | ${d.households} | ${kb(d.wireDown)} | ${kb(d.wireUp)} | ${kb(d.plain)} | ${kb(d.randomIdsBr)} | ${s(d.seconds)} | ${s(limit(d))} | ${(d.seconds / limit(d)).toFixed(2)} |`,
    ),
    '',
    `Compression: gzip sends ${((100 * gzipRun.wireDown) / plainRun.wireDown).toFixed(0)}% of the uncompressed bytes, ` +
      `br ${((100 * brRun.wireDown) / plainRun.wireDown).toFixed(0)}%; per household on the wire (br): ` +
      `${(brRun.wireDown / brRun.households).toFixed(0)} bytes.`,
    `The demo generator's ids share a prefix and count up; with random ids (as \`gen_random_uuid()\` makes them) ` +
      `the br bodies would be ${kb(brRun.randomIdsBr)} instead of about ${kb(brRun.wireDown)} on the wire ` +
      `(${(brRun.randomIdsBr / brRun.households).toFixed(0)} bytes a household), ` +
      `${s((brRun.randomIdsBr * 8) / (DOWN_KBPS * 1000) + brRun.pages * (RTT / 1000))} at the link's limit.`,
    ...shellLines(shell),
    `Every download's first page lists every household id of the area (\`allIds\`, ${HOUSEHOLDS} uuids): ` +
      `${kb(deltaRun.allIds)} of the later download's ${kb(deltaRun.plain)} of JSON.`,
    '',
  ];
  const text = lines.join('\n');
  console.log(text);
  fs.writeFileSync(path.join(here, '..', 'reports', REPORT), text);
} finally {
  step('close proxy');
  await proxy?.close();
  step('close store');
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  step('done');
}
