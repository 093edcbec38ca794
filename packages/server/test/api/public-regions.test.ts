import type { PublicRegionList } from '@dixian/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTY, createTestbed, TOWNSHIP, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

const URBAN_COMMUNITY = '220681100001'; // 森铁社区, a 社区 of 桦树镇
const RURAL_VILLAGE = '220681100200'; // 西大川村

/**
 * The self-application's village picker (S1 §四(二)1: a farmer applies without an account): public divisions down
 * to the rural villages a self-application may name.
 */
describe.each(engines)('public region picker on %s', (engine) => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await createTestbed(engine);
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('S1 §四(二)1: walks from the province to the rural villages of a township without an account', async () => {
    const anon = tb.anonymous();
    const provinces = await anon.get<PublicRegionList>('/api/public/regions');
    expect(provinces.status).toBe(200);
    expect(provinces.body.items.map((r) => r.code)).toContain('22');
    expect(provinces.body.items.every((r) => r.level === 'province')).toBe(true);

    const towns = await anon.get<PublicRegionList>(`/api/public/regions?parent=${COUNTY}`);
    expect(towns.body.items.find((r) => r.code === TOWNSHIP)).toEqual({
      code: TOWNSHIP,
      name: '桦树镇',
      level: 'township',
    });

    const villages = await anon.get<PublicRegionList>(`/api/public/regions?parent=${TOWNSHIP}`);
    const codes = villages.body.items.map((r) => r.code);
    expect(codes).toContain(RURAL_VILLAGE);
    // a 社区 cannot be named by a self-application, so the picker does not offer it
    expect(codes).not.toContain(URBAN_COMMUNITY);
    expect(villages.body.items.every((r) => r.level === 'village')).toBe(true);
    // names and codes only
    expect(Object.keys(villages.body.items[0]!).sort()).toEqual(['code', 'level', 'name']);
  });

  it('refuses a malformed parent code, naming the field', async () => {
    const r = await tb
      .anonymous()
      .get<{ error: { code: string; issues: { path: string }[] } }>('/api/public/regions?parent=2206');
    expect(r.status).toBe(200); // a prefecture code is well formed
    const bad = await tb
      .anonymous()
      .get<{ error: { code: string; issues: { path: string }[] } }>('/api/public/regions?parent=22068');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(bad.body.error.issues[0]!.path).toBe('querystring.parent');
  });
});
