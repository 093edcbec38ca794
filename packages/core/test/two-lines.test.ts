/**
 * 两线合一 (issue 16 §8) against S0 plan one 一: "全面实现农村最低生活保障制度与扶贫开发政策有效衔接,落实两线合一制度,确保标准
 * 同步提高" — the annual rural 低保 standard should not fall below the monitoring line.
 */
import { describe, expect, it } from 'vitest';
import nationalRecord from '../policies/national-2021.json' with { type: 'json' };
import { parsePolicyRecord, PolicyBodySchema, twoLinesCheck } from '../src/index.js';

const policy = PolicyBodySchema.parse(parsePolicyRecord(nationalRecord, 'national-2021.json').body);
const withLine = (monitoringIncomeLineFen: number, ruralMonthlyFen = policy.dibao.ruralMonthlyFen) => ({
  monitoringIncomeLineFen,
  dibao: { ...policy.dibao, ruralMonthlyFen },
});

describe('两线合一 (S0 plan one 一)', () => {
  it('the national pack: 500 yuan a month is 6000 a year, on the line of 6000: aligned', () => {
    expect(twoLinesCheck(policy)).toMatchObject({
      aligned: true,
      dibaoAnnualFen: 600_000,
      monitoringLineFen: policy.monitoringIncomeLineFen,
      shortfallFen: 0,
    });
  });

  it('a line raised to 7300 without the standard (确保标准同步提高 not kept): warned, with the shortfall', () => {
    const r = twoLinesCheck(withLine(730_000));
    expect(r).toMatchObject({ aligned: false, shortfallFen: 130_000 });
    expect(r.message.zh).toContain('低于防返贫监测范围 7300 元,相差 1300 元');
    expect(r.message.en).toContain('raised together');
  });

  it('one fen below the line warns; the standard raised with it is aligned again', () => {
    expect(twoLinesCheck(withLine(600_001)).shortfallFen).toBe(1);
    expect(twoLinesCheck(withLine(730_000, 61_000)).aligned).toBe(true);
    expect(twoLinesCheck(withLine(730_000, 60_833)).aligned).toBe(false);
  });
});
