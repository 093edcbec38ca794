/**
 * The data of bench/import: a registry to match against (households, members, last year's incomes; loaded with
 * COPY) and a 医保 feed as a GBK CSV, as Excel on Chinese Windows saves it. Shared by the benchmark and the
 * profiling script, so both measure the same rows.
 */
import fs from 'node:fs';
import { makeIdNumber } from '@dixian/core';
import { migrate } from '@dixian/server/db/migrate';
import { openStore, type Store } from '@dixian/server/db/store';
import { ensureBuiltinPolicies } from '@dixian/server/policies/builtin';
import iconv from 'iconv-lite';
import pg from 'pg';

export const COUNTY = '220681';
export const MEMBERS_PER_HOUSEHOLD = 3;

/** "12,345.60": how departments' spreadsheets print amounts (toLocaleString is too slow for a million rows). */
function withSeparators(fen: number): string {
  const yuan = String(Math.floor(fen / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${yuan}.${String(fen % 100).padStart(2, '0')}`;
}

/** Member i's ID number: a unique (birth date, sequence) pair per member. */
export function memberId(i: number, county = COUNTY): string {
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

/** Regions of one county (10 townships, 100 villages) and `households` households of 3 members on them. */
export async function seedRegistry(store: Store, households: number): Promise<void> {
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
        for (let h = 0; h < households; h++) {
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
        for (let i = 0; i < households * MEMBERS_PER_HOUSEHOLD; i++) {
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
        for (let h = 0; h < households; h++) {
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

/** A 医保 feed: 70% of rows are registered members, 30% are not; about 3% of amounts are high. Returns bytes. */
export async function writeFeed(file: string, rows: number, households: number, salt: number): Promise<number> {
  const members = households * MEMBERS_PER_HOUSEHOLD;
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

/** A scratch database on the benchmark's PostgreSQL, migrated and holding the registry of `households`. */
export async function scratchRegistry(
  adminUrl: string,
  name: string,
  households: number,
): Promise<{ admin: pg.Client; dbName: string; url: string; store: Store; seedSeconds: number }> {
  const dbName = `dixian_bench_${name}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const url = adminUrl.replace(/\/[^/]*$/, `/${dbName}`);
  const store = await openStore({ databaseUrl: url, poolSize: 2 });
  await migrate(store);
  const start = process.hrtime.bigint();
  await seedRegistry(store, households);
  const seedSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  // a registry that has stood a while has been vacuumed (autovacuum): its pages are all-visible, so the match's
  // index-only look-ups read no heap page; a registry loaded a moment ago would not show that
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('vacuum (analyze) household, member, income_record');
  await c.end();
  return { admin, dbName, url, store, seedSeconds };
}

/** A report printed as it is written, kept for the file. */
export function reporter(): { lines: string[]; say: (s?: string) => void } {
  const lines: string[] = [];
  return {
    lines,
    say: (s = '') => {
      console.log(s);
      lines.push(s);
    },
  };
}
