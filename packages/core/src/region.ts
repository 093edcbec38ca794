/**
 * Region codes (统计用区划代码, DOMAIN §8.2). The canonical form is the shortest prefix that names a region:
 * province 2 digits, prefecture 4, county 6, township 9, village 12. Scopes are such prefixes: a village cadre
 * sees one 12-digit code, a township its 9-digit prefix, a county its 6-digit prefix.
 */

export type RegionLevel = 'province' | 'prefecture' | 'county' | 'township' | 'village';

const LEVEL_BY_LENGTH: Record<number, RegionLevel> = {
  2: 'province',
  4: 'prefecture',
  6: 'county',
  9: 'township',
  12: 'village',
};

export const REGION_LEVELS: readonly RegionLevel[] = ['province', 'prefecture', 'county', 'township', 'village'];
export const LEVEL_LENGTH: Record<RegionLevel, number> = {
  province: 2,
  prefecture: 4,
  county: 6,
  township: 9,
  village: 12,
};

export class RegionCodeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RegionCodeError';
  }
}

/**
 * Accepts a canonical code or its 12-digit zero-padded form ('220681000000' → '220681') and returns the
 * canonical prefix. Township and village parts are never 000, so trailing zero groups are padding. Six digits
 * are always a county: the tree has counties whose own digits are 00 (东莞市 441900, a city without counties).
 */
export function normalizeRegionCode(input: string): string {
  const code = input.trim();
  if (!/^\d+$/.test(code))
    throw new RegionCodeError(input, `区划代码只能包含数字 / region code must be digits: "${input}"`);
  if (code.length === 12) {
    let c = code;
    if (c.endsWith('000')) c = c.slice(0, 9);
    if (c.length === 9 && c.endsWith('000')) c = c.slice(0, 6);
    if (c.length === 6 && c.endsWith('00')) c = c.slice(0, 4);
    if (c.length === 4 && c.endsWith('00')) c = c.slice(0, 2);
    if (c === '00') throw new RegionCodeError(input, `区划代码无效 / invalid region code: "${input}"`);
    return c;
  }
  if (!LEVEL_BY_LENGTH[code.length]) {
    throw new RegionCodeError(
      input,
      `区划代码应为2、4、6、9或12位 / region code must have 2, 4, 6, 9 or 12 digits: "${input}"`,
    );
  }
  return code;
}

/** Is this string a canonical region code (or an empty prefix, meaning the whole country)? */
export function isRegionCode(code: string): boolean {
  return code === '' || (/^\d+$/.test(code) && LEVEL_BY_LENGTH[code.length] !== undefined);
}

export function regionLevel(code: string): RegionLevel {
  const level = LEVEL_BY_LENGTH[code.length];
  if (!level || !/^\d+$/.test(code))
    throw new RegionCodeError(code, `不是规范的区划代码 / not a canonical region code: "${code}"`);
  return level;
}

/** The 12-digit zero-padded form, as printed in statistical tables. */
export function padRegionCode(code: string): string {
  return code.padEnd(12, '0');
}

/** Canonical codes of every level above this one, top first (excluding the code itself). */
export function ancestorCodes(code: string): string[] {
  const len = code.length;
  return [2, 4, 6, 9].filter((l) => l < len).map((l) => code.slice(0, l));
}

/** The canonical code at one level of a deeper code: regionAt('220681100200', 'county') === '220681'. */
export function regionAt(code: string, level: RegionLevel): string {
  const len = LEVEL_LENGTH[level];
  if (code.length < len) throw new RegionCodeError(code, `${code} is above the ${level} level`);
  return code.slice(0, len);
}

export function countyOf(code: string): string {
  return regionAt(code, 'county');
}

/** Does `code` lie within the scope prefix? The empty prefix is the whole country. */
export function isWithin(code: string, scope: string): boolean {
  return code.startsWith(scope);
}

/** Is scope `inner` within scope `outer` (a township inside its county, say)? */
export function scopeContains(outer: string, inner: string): boolean {
  return inner.startsWith(outer);
}
