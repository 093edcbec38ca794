/**
 * bench/restore: backup time, backup size and restore time (RTO) of the demo county on PGlite (issue 21 §1), against
 * the physical limit measured in the same run: writing a file of the backup's size to the same disk, synced. The RPO
 * is the schedule's interval (DIXIAN_BACKUP_HOURS): whatever was written since the last backup is lost.
 *
 *   npm run restore -w @dixian/bench
 *   npm run restore -w @dixian/bench -- --households 2000 --report restore-2k.md
 *
 * Options: --households N (default 20000: the demo county), --county CODE (default 220681), --seed N (default 42),
 * --report FILE (in bench/reports, default restore.md). Work files go in DIXIAN_TMP_DIR (else the OS temp
 * directory) and are removed at the end, whatever happens: they hold the generated personal data.
 */
import '../keys.js';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { takeBackup } from '@dixian/server/backup/backup';
import { restoreBackup } from '@dixian/server/backup/restore';
import { loadConfig } from '@dixian/server/config/env';
import { migrate } from '@dixian/server/db/migrate';
import { openStore } from '@dixian/server/db/store';
import { ensureBuiltinPolicies } from '@dixian/server/policies/builtin';
import { loadRegions } from '@dixian/server/regions/region-loader';
import { ensureDemoData } from '@dixian/server/seed/demo';

const here = path.dirname(fileURLToPath(import.meta.url));

interface Options {
  households: number;
  county: string;
  seed: number;
  report: string;
}

function parseArgs(argv: string[]): Options {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    households: Number(get('households') ?? 20_000),
    county: get('county') ?? '220681',
    seed: Number(get('seed') ?? 42),
    report: get('report') ?? 'restore.md',
  };
}

const secs = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

function machine(): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  const pglite = (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length} cores, ${mb(os.totalmem())} RAM, Node ${process.version}, PGlite ${pglite}`;
}

/** The disk's own speed: write `bytes` of random data in 1 MiB blocks to `dir` and fsync, like `dd conv=fsync`. */
function diskWrite(dir: string, bytes: number): { seconds: number; mbPerSecond: number } {
  const file = path.join(dir, 'dd.bin');
  const block = crypto.randomBytes(1024 * 1024);
  const start = process.hrtime.bigint();
  const fd = fs.openSync(file, 'w', 0o600);
  try {
    for (let written = 0; written < bytes; written += block.length) fs.writeSync(fd, block);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
  }
  const seconds = secs(start);
  return { seconds, mbPerSecond: bytes / 1024 / 1024 / seconds };
}

/** Seed the county into a PGlite directory, back it up (dump, checksum, test restore), then restore it elsewhere. */
async function measure(o: Options, work: string) {
  const config = { ...loadConfig({}), demoCounty: o.county, demoHouseholds: o.households, demoSeed: o.seed };
  const store = await openStore({ dataDir: path.join(work, 'data') });
  let t = process.hrtime.bigint();
  await migrate(store);
  await loadRegions(store, { counties: [o.county] });
  await ensureBuiltinPolicies(store.db);
  const seeded = await ensureDemoData(store, config);
  const seedSeconds = secs(t);
  t = process.hrtime.bigint();
  const backup = await takeBackup(store, { outDir: path.join(work, 'backups') });
  const backupSeconds = secs(t);
  await store.close();
  t = process.hrtime.bigint();
  const restored = await restoreBackup(backup.file, { dataDir: path.join(work, 'restored') });
  const restoreSeconds = secs(t);
  if (restored.facts.households !== seeded.households || !restored.auditOk) {
    throw new Error(
      `restored ${restored.facts.households} households of ${seeded.households}, audit ${restored.auditOk}`,
    );
  }
  const dataDirBytes = dirSize(path.join(work, 'restored'));
  return {
    seeded,
    seedSeconds,
    backup,
    backupSeconds,
    restoreSeconds,
    dataDirBytes,
    disk: diskWrite(work, backup.manifest.size),
  };
}

function dirSize(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += fs.statSync(path.join(e.parentPath, e.name)).size;
  }
  return total;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const root = process.env.DIXIAN_TMP_DIR || os.tmpdir();
  fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  const work = fs.mkdtempSync(path.join(root, 'dixian-bench-restore-'));
  const started = new Date().toISOString();
  const load0 = load();
  console.log(`${machine()}; load average at start: ${load0}`);
  try {
    const r = await measure(o, work);
    const load1 = load();
    const size = r.backup.manifest.size;
    const floor = size / 1024 / 1024 / r.disk.mbPerSecond;
    const hours = Number(process.env.DIXIAN_BACKUP_HOURS ?? 0);
    const lines = [
      `# bench/restore: backup and restore (RTO) of the demo county on PGlite`,
      '',
      `Run ${started} on ${machine()}. County ${o.county}, ${r.seeded.households.toLocaleString('en-US')} households, seed ${o.seed}. Load average ${load0} at the start and ${load1} at the end (other work shares the cores).`,
      '',
      '| what | figure |',
      '| --- | ---: |',
      `| seeding (not part of backup or restore) | ${r.seedSeconds.toFixed(1)} s |`,
      `| data directory after restore | ${mb(r.dataDirBytes)} |`,
      `| backup file (gzipped tarball of the data dir) | ${mb(size)} |`,
      `| backup: dump + sha256 + test restore into a scratch dir + manifest | ${r.backupSeconds.toFixed(1)} s |`,
      `| restore (RTO): sha256 + load + migrations + audit verify | ${r.restoreSeconds.toFixed(1)} s |`,
      `| physical limit: write ${mb(size)} to the same disk, fsync | ${r.disk.seconds.toFixed(2)} s (${r.disk.mbPerSecond.toFixed(0)} MB/s) |`,
      '',
      `The disk would write the backup in ${floor.toFixed(2)} s; the rest of backup and restore is PGlite packing and ` +
        `unpacking its data directory, gzip, and the checks. **RPO** = the schedule's interval: ` +
        (hours > 0
          ? `${hours} h (DIXIAN_BACKUP_HOURS=${hours}).`
          : `DIXIAN_BACKUP_HOURS (24 h if set to 24; off by default).`),
    ];
    const text = lines.join('\n') + '\n';
    console.log(text);
    fs.writeFileSync(path.join(here, '..', 'reports', o.report), text);
    console.log(`written to bench/reports/${o.report}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
