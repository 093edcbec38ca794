import { ancestorCodes, normalizeRegionCode, type RegionLevel } from '@dixian/core';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';

export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  countyCode: string | null;
  isRural: boolean;
}

const columns = ['code', 'name', 'level', 'parentCode', 'countyCode', 'isRural'] as const;

/** Region lookups. Codes may be given canonical or 12-digit padded; results are canonical. */
export class RegionRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** How many villages of a region are loaded (a province is loaded whole the first time it is seeded). */
  async villageCount(prefix: string): Promise<number> {
    const r = await this.db
      .selectFrom('region')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('code', 'like', `${prefix}%`)
      .where('level', '=', 'village')
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** The counties of a region that have rural villages, in code order. */
  async ruralCounties(prefix: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('region')
      .select('countyCode')
      .distinct()
      .where('code', 'like', `${prefix}%`)
      .where('level', '=', 'village')
      .where('isRural', '=', true)
      .orderBy('countyCode')
      .execute();
    return rows.map((r) => r.countyCode!);
  }

  /** Names of regions by code. */
  async names(codes: readonly string[]): Promise<Map<string, string>> {
    if (!codes.length) return new Map();
    const rows = await this.db.selectFrom('region').select(['code', 'name']).where('code', 'in', codes).execute();
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  async get(code: string): Promise<RegionRow | undefined> {
    const c = normalizeRegionCode(code);
    return (await this.db.selectFrom('region').select(columns).where('code', '=', c).executeTakeFirst()) as
      RegionRow | undefined;
  }

  /** The region and its ancestors, top first, with names for every level. */
  async path(code: string): Promise<RegionRow[]> {
    const c = normalizeRegionCode(code);
    const codes = [...ancestorCodes(c), c];
    const rows = (await this.db
      .selectFrom('region')
      .select(columns)
      .where('code', 'in', codes)
      .execute()) as RegionRow[];
    return rows.sort((a, b) => a.code.length - b.code.length);
  }

  /** "吉林省白山市临江市桦树镇…村": the full name of a region from its path. */
  async fullName(code: string): Promise<string> {
    return (await this.path(code)).map((r) => r.name).join('');
  }

  async children(code: string | null): Promise<RegionRow[]> {
    let q = this.db.selectFrom('region').select(columns);
    q = code === null ? q.where('level', '=', 'province') : q.where('parentCode', '=', normalizeRegionCode(code));
    return (await q.orderBy('code').execute()) as RegionRow[];
  }

  /** Every region under a prefix, optionally of one level. */
  async byPrefix(prefix: string, level?: RegionLevel, limit = 5000): Promise<RegionRow[]> {
    let q = this.db.selectFrom('region').select(columns).where('code', 'like', `${prefix}%`);
    if (level) q = q.where('level', '=', level);
    return (await q.orderBy('code').limit(limit).execute()) as RegionRow[];
  }

  async countByLevel(prefix = ''): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('region')
      .select(['level', (eb) => eb.fn.countAll<number>().as('n')])
      .where('code', 'like', `${prefix}%`)
      .groupBy('level')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.level, Number(r.n)]));
  }
}
