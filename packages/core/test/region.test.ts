import { describe, expect, it } from 'vitest';
import {
  ancestorCodes,
  countyOf,
  isRegionCode,
  isWithin,
  normalizeRegionCode,
  padRegionCode,
  regionAt,
  RegionCodeError,
  regionLevel,
  REGION_LEVELS,
  scopeContains,
} from '../src/region.js';

// 吉林省 白山市 临江市 (S1's county); 12-digit statistical codes, DOMAIN §8.2.
const VILLAGE = '220681100200';

describe('region codes (DOMAIN §8.2)', () => {
  it('normalises the 12-digit zero-padded form to the canonical prefix of every level', () => {
    expect(normalizeRegionCode('220000000000')).toBe('22');
    expect(normalizeRegionCode('220600000000')).toBe('2206');
    expect(normalizeRegionCode('220681000000')).toBe('220681');
    expect(normalizeRegionCode('220681100000')).toBe('220681100');
    expect(normalizeRegionCode(VILLAGE)).toBe(VILLAGE);
  });

  it('keeps canonical codes, trims spaces, and treats six digits as a county (东莞市 441900 has county digits 00)', () => {
    for (const c of ['22', '2206', '220681', '220681100', VILLAGE]) expect(normalizeRegionCode(c)).toBe(c);
    expect(normalizeRegionCode(' 220681 ')).toBe('220681');
    expect(normalizeRegionCode('441900')).toBe('441900');
    expect(regionLevel(normalizeRegionCode('441900003001'))).toBe('village');
  });

  it('says what is wrong with a bad code', () => {
    expect(() => normalizeRegionCode('22068a')).toThrow(/must be digits: "22068a"/);
    expect(() => normalizeRegionCode('2206810')).toThrow(/2, 4, 6, 9 or 12 digits/);
    expect(() => normalizeRegionCode('')).toThrow(RegionCodeError);
    expect(() => normalizeRegionCode('000000000000')).toThrow(/invalid region code/);
  });

  it('derives the level from the canonical length', () => {
    expect(['22', '2206', '220681', '220681100', VILLAGE].map(regionLevel)).toEqual(REGION_LEVELS);
    expect(() => regionLevel('22068110')).toThrow(/not a canonical region code/);
    expect(() => regionLevel('2206ab')).toThrow(RegionCodeError);
  });

  it('recognises canonical codes, and the empty prefix as the whole country', () => {
    expect(isRegionCode('')).toBe(true);
    expect(isRegionCode('220681')).toBe(true);
    expect(isRegionCode('2206811')).toBe(false);
    expect(isRegionCode('22a')).toBe(false);
  });

  it('pads to 12 digits as statistical tables print codes', () => {
    expect(padRegionCode('22')).toBe('220000000000');
    expect(padRegionCode('220681100')).toBe('220681100000');
    expect(normalizeRegionCode(padRegionCode('220681100'))).toBe('220681100');
  });

  it('lists ancestors top first, without the code itself', () => {
    expect(ancestorCodes(VILLAGE)).toEqual(['22', '2206', '220681', '220681100']);
    expect(ancestorCodes('220681')).toEqual(['22', '2206']);
    expect(ancestorCodes('22')).toEqual([]);
  });

  it('takes the code of one level from a deeper code, and refuses a level below the code', () => {
    expect(regionAt(VILLAGE, 'township')).toBe('220681100');
    expect(regionAt(VILLAGE, 'prefecture')).toBe('2206');
    expect(countyOf(VILLAGE)).toBe('220681');
    expect(() => regionAt('2206', 'county')).toThrow(/above the county level/);
  });

  it('scopes are prefixes: a village cadre, a township, a county, the whole country', () => {
    expect(isWithin(VILLAGE, VILLAGE)).toBe(true);
    expect(isWithin(VILLAGE, '220681100')).toBe(true);
    expect(isWithin(VILLAGE, '220681')).toBe(true);
    expect(isWithin(VILLAGE, '')).toBe(true);
    expect(isWithin(VILLAGE, '220681101')).toBe(false);
    expect(isWithin('220681', '220681100')).toBe(false);
    // a sibling county sharing the first digits is not inside
    expect(isWithin('220682100200', '220681')).toBe(false);
    expect(scopeContains('220681', '220681100')).toBe(true);
    expect(scopeContains('220681100', '220681')).toBe(false);
  });
});
