import { describe, expect, it } from 'vitest';
import {
  columnLetter,
  excelSerialToDate,
  normaliseHeader,
  parseAmountFen,
  parseCount,
  parseDisabilityGrade,
  parseFeedDate,
  parseHousingGrade,
  parseIdCell,
  parseYesNo,
} from '../src/index.js';

const value = <T>(r: { ok: true; value: T } | { ok: false; problem: string }) => {
  if (!r.ok) throw new Error(r.problem);
  return r.value;
};

describe('amounts as departments write them', () => {
  it.each([
    ['1,234.50元', 123450],
    ['￥1 234.5', 123450],
    ['１２３４．５', 123450],
    ['1.2万', 1200000],
    ['3万元', 3000000],
    ['0.0125万', 12500],
    ['26000', 2600000],
    [1234.5, 123450],
    [0.1 + 0.2, 30],
  ] as const)('%s → %i fen', (input, fen) => {
    expect(value(parseAmountFen(input))).toBe(fen);
  });

  it.each(['-5', '12.345', 'abc', '', '1,2,3.4.5'])('refuses "%s" with a reason', (input) => {
    const r = parseAmountFen(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(/金额/);
  });
});

describe('dates in several formats', () => {
  it.each([
    ['2024-03-05', '2024-03-05'],
    ['2024/3/5', '2024-03-05'],
    ['2024.3.5', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'],
    ['20240305', '2024-03-05'],
    ['2024-03-05 10:20:00', '2024-03-05'],
    [20240305, '2024-03-05'],
    [45356, '2024-03-05'],
    ['45356', '2024-03-05'],
    [new Date(Date.UTC(2024, 2, 5)), '2024-03-05'],
  ] as const)('%s → %s', (input, iso) => {
    expect(value(parseFeedDate(input))).toBe(iso);
  });

  it('accepts a month only where a period is meant', () => {
    expect(value(parseFeedDate('2024年3月', { allowMonth: true }))).toBe('2024-03-01');
    expect(value(parseFeedDate('2024-03', { allowMonth: true }))).toBe('2024-03-01');
    expect(parseFeedDate('2024-03').ok).toBe(false);
  });

  it('refuses impossible dates and two-digit years', () => {
    expect(parseFeedDate('2023-02-29')).toMatchObject({ ok: false, problem: expect.stringMatching(/不存在/) });
    expect(parseFeedDate('24/3/5')).toMatchObject({ ok: false, problem: expect.stringMatching(/四位/) });
  });

  it('converts Excel serial numbers across the 1900 leap-year bug', () => {
    expect(excelSerialToDate(61)).toBe('1900-03-01');
    expect(excelSerialToDate(45292)).toBe('2024-01-01');
  });
});

describe('ID numbers: DOMAIN §8.1 normalisation', () => {
  // 22068119800101004 has check character X (ISO 7064 MOD 11-2)
  const id18 = '22068119800101004X';
  it('accepts full-width digits, spaces and a lower-case x', () => {
    expect(value(parseIdCell('２２０６８１ 1980 0101 004x')).id.idNumber).toBe(id18);
  });

  it('upgrades a 15-digit legacy number by inserting 19 and computing the check digit', () => {
    const r = value(parseIdCell('220681800101004'));
    expect(r.id.idNumber).toBe(id18);
    expect(r.id.upgraded).toBe(true);
  });

  it('says when Excel has destroyed an 18-digit number', () => {
    expect(parseIdCell(220681198001010000)).toMatchObject({ ok: false, problem: expect.stringMatching(/数字/) });
    expect(parseIdCell('2.20681E+17')).toMatchObject({ ok: false, problem: expect.stringMatching(/科学计数法/) });
  });

  it('keeps a 15-digit number stored as a number usable', () => {
    expect(value(parseIdCell(220681800101004)).id.idNumber).toBe(id18);
  });

  it('reports a wrong check digit with the value as written', () => {
    expect(parseIdCell('220681198001010041')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/校验位.*220681198001010041/),
    });
  });
});

describe('small value kinds', () => {
  it('reads yes/no, grades and counts', () => {
    expect(value(parseYesNo('是'))).toBe(true);
    expect(value(parseYesNo('否'))).toBe(false);
    expect(parseYesNo('也许').ok).toBe(false);
    expect(value(parseDisabilityGrade('二级'))).toBe(2);
    expect(value(parseDisabilityGrade('1'))).toBe(1);
    expect(parseDisabilityGrade('五级').ok).toBe(false);
    expect(value(parseHousingGrade('Ｄ级危房'))).toBe('D');
    expect(value(parseHousingGrade('c'))).toBe('C');
    expect(value(parseCount('35天'))).toBe(35);
  });

  it('compares headers without spaces, line breaks, marks or units', () => {
    expect(normaliseHeader(' 个人自付\n费用（元）*')).toBe(normaliseHeader('个人自付费用'));
    expect(columnLetter(0)).toBe('A');
    expect(columnLetter(26)).toBe('AA');
  });
});
