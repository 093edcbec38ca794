import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ageOn,
  cleanIdNumber,
  idCheckChar,
  isValidIdNumber,
  makeIdNumber,
  maskIdNumber,
  maskName,
  maskPhone,
  parseIdNumber,
} from '../src/id-number.js';

// The two worked examples printed in GB 11643-1999 itself.
const STANDARD_MALE = '11010519491231002X';
const STANDARD_OTHER = '440524188001010014';

describe('公民身份号码 (DOMAIN §8.1, GB 11643-1999)', () => {
  it('computes the ISO 7064 MOD 11-2 check character of the standard examples', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckChar('44052418800101001')).toBe('4');
    expect(() => idCheckChar('1101051949123100')).toThrow(/17 digits/);
    expect(() => idCheckChar('1101051949123100A')).toThrow(/17 digits/);
  });

  it('parses a valid number: address, birth date, sex from the 17th digit', () => {
    const r = parseIdNumber(STANDARD_MALE);
    expect(r).toEqual({
      ok: true,
      value: {
        idNumber: STANDARD_MALE,
        addressCode: '110105',
        birthDate: '1949-12-31',
        sex: 'female', // sequence 002: even
        upgraded: false,
      },
    });
    const male = makeIdNumber('220681', '1985-07-14', 1, 'male');
    expect(parseIdNumber(male)).toMatchObject({ ok: true, value: { sex: 'male' } }); // sequence 001: odd
  });

  it('DOMAIN §8.1: years before 1900 are rejected even with a correct check digit (the 1880 example)', () => {
    expect(idCheckChar(STANDARD_OTHER.slice(0, 17))).toBe(STANDARD_OTHER[17]);
    expect(parseIdNumber(STANDARD_OTHER)).toMatchObject({ ok: false, problem: 'bad_birth_date' });
  });

  it('rejects every single-character change of the check digit', () => {
    const first17 = STANDARD_MALE.slice(0, 17);
    for (const c of '0123456789') {
      expect(parseIdNumber(first17 + c)).toMatchObject({ ok: false, problem: 'bad_check_digit' });
    }
  });

  it('detects any changed digit in the body (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 6, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const id = makeIdNumber('220681', '1985-07-14', 123, 'male');
        const d = (Number(id[pos]) + delta) % 10;
        const changed = id.slice(0, pos) + d + id.slice(pos + 1);
        const r = parseIdNumber(changed);
        // Either the date became impossible or the check digit no longer matches; never silently valid.
        expect(r.ok).toBe(false);
      }),
    );
  });

  it('accepts a lower-case x and stores an upper-case X', () => {
    const r = parseIdNumber(STANDARD_MALE.toLowerCase());
    expect(r.ok && r.value.idNumber).toBe(STANDARD_MALE);
  });

  it('accepts full-width digits, a full-width Ｘ, spaces, ideographic spaces and hyphens', () => {
    const fullWidth = [...STANDARD_MALE]
      .map((c) => (c === 'X' ? 'ｘ' : String.fromCharCode(c.charCodeAt(0) - 48 + 0xff10)))
      .join('');
    expect(cleanIdNumber(fullWidth)).toBe(STANDARD_MALE);
    expect(parseIdNumber(fullWidth).ok).toBe(true);
    expect(cleanIdNumber(' 110105 19491231\u3000002X ')).toBe(STANDARD_MALE);
    expect(cleanIdNumber('110105-19491231－002Ｘ')).toBe(STANDARD_MALE);
    expect(parseIdNumber('110105 1949 1231 002x').ok).toBe(true);
  });

  it('upgrades a 15-digit legacy number by inserting 19 and computing the check character', () => {
    const r = parseIdNumber('110105491231002');
    expect(r).toEqual({
      ok: true,
      value: { idNumber: STANDARD_MALE, addressCode: '110105', birthDate: '1949-12-31', sex: 'female', upgraded: true },
    });
    expect(parseIdNumber('11010549123100X')).toMatchObject({ ok: false, problem: 'bad_characters' });
    // 15-digit numbers carry the old 2-digit year: 490230 is 1949-02-30, which does not exist
    expect(parseIdNumber('110105490230002')).toMatchObject({ ok: false, problem: 'bad_birth_date' });
  });

  it('rejects impossible dates: 1990-02-30, 2023-02-29, month 13, day 00; accepts 2024-02-29', () => {
    const withDate = (d: string) => {
      const first17 = `220681${d}123`;
      return first17 + idCheckChar(first17);
    };
    for (const d of ['19900230', '20230229', '19901301', '19900100', '19000229', '18991231']) {
      expect(parseIdNumber(withDate(d)), d).toMatchObject({ ok: false, problem: 'bad_birth_date' });
    }
    expect(parseIdNumber(withDate('20240229')).ok).toBe(true);
    expect(parseIdNumber(withDate('20000229')).ok).toBe(true);
  });

  it('rejects a birth date after today only when today is given', () => {
    const id = makeIdNumber('220681', '2024-06-02', 10, 'female');
    expect(parseIdNumber(id, '2024-06-01')).toMatchObject({ ok: false, problem: 'future_birth_date' });
    expect(parseIdNumber(id, '2024-06-02').ok).toBe(true);
    expect(parseIdNumber(id).ok).toBe(true);
  });

  it('names the problem for empty, wrong length, bad characters and a bad address code', () => {
    expect(parseIdNumber('')).toMatchObject({ ok: false, problem: 'empty' });
    expect(parseIdNumber('   ')).toMatchObject({ ok: false, problem: 'empty' });
    expect(parseIdNumber('1101051949123100')).toMatchObject({ ok: false, problem: 'bad_length' });
    expect(parseIdNumber('11010519491231A02X')).toMatchObject({ ok: false, problem: 'bad_characters' });
    expect(parseIdNumber('1101051949123100X2')).toMatchObject({ ok: false, problem: 'bad_characters' });
    const zeroAddress = '000000' + '19491231002';
    expect(parseIdNumber(zeroAddress + idCheckChar(zeroAddress))).toMatchObject({
      ok: false,
      problem: 'bad_address',
    });
    expect(isValidIdNumber('nonsense')).toBe(false);
  });

  it('makeIdNumber builds numbers that parse back to the same county, date and sex (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2024-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        fc.constantFrom('male' as const, 'female' as const),
        (date, seq, sex) => {
          const birth = date.toISOString().slice(0, 10);
          const id = makeIdNumber('220681', birth, seq, sex);
          const r = parseIdNumber(id, '2025-01-01');
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          expect(r.value).toMatchObject({ addressCode: '220681', birthDate: birth, sex });
          expect(Math.abs(Number(id.slice(14, 17)) - seq)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('makeIdNumber refuses an address code or birth date that would give an invalid number', () => {
    expect(() => makeIdNumber('22068', '1990-01-01', 1, 'male')).toThrow(/address code/);
    expect(() => makeIdNumber('220681', '1990-02-30', 1, 'male')).toThrow(/birth date/);
    expect(() => makeIdNumber('220681', '19900101', 1, 'male')).toThrow(/birth date/);
  });

  it('DOMAIN §8.1: masks ID numbers as 110***********123X and never shows a short one', () => {
    expect(maskIdNumber(STANDARD_MALE)).toBe('110*************2X');
    expect(maskIdNumber('110105491231002')).toBe('110**********02');
    expect(maskIdNumber('1234567')).toBe('*******');
    expect(maskIdNumber(null)).toBeNull();
    expect(maskIdNumber('')).toBe('');
  });

  it('masks phones (138****5678), short numbers keep only their last 4 digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('04396212345')).toBe('043****2345');
    expect(maskPhone('6212345')).toBe('***2345');
    expect(maskPhone('12345678')).toBe('****5678');
    expect(maskPhone('1234')).toBe('****');
    expect(maskPhone(undefined)).toBeNull();
  });

  it('masks names for public notices (S3 §三(四): no personal data in the notice)', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('李')).toBe('李');
  });

  it('counts age in whole years, the birthday itself included, leap days on 28 February', () => {
    expect(ageOn('1990-06-15', '2024-06-14')).toBe(33);
    expect(ageOn('1990-06-15', '2024-06-15')).toBe(34);
    expect(ageOn('2000-02-29', '2023-02-28')).toBe(22);
    expect(ageOn('2000-02-29', '2023-03-01')).toBe(23);
    expect(ageOn('2024-01-01', '2024-01-01')).toBe(0);
  });
});
