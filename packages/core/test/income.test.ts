import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IncomeRecordFactsSchema, MemberFactsSchema, type IncomeRecordFacts } from '../src/household-facts.js';
import {
  atOrBelowShare,
  countedMembers,
  exceedsShare,
  incomeRecordInForce,
  incomeStablyAboveLine,
  isAboveLine,
  isBelowLine,
  netIncomeFen,
  perCapitaFen,
  previousYearRecord,
  recordsInForceDuring,
  rigidExpenseFen,
} from '../src/income.js';

const rec = (r: Record<string, unknown>): IncomeRecordFacts => IncomeRecordFactsSchema.parse(r);
const member = (r: Record<string, unknown>) =>
  MemberFactsSchema.parse({ relation: 'head', sex: 'male', birthDate: '1970-01-01', ...r });

describe('net income (DOMAIN §2.4; S1 §三(二) 家庭人均纯收入)', () => {
  it('is wage + business gross − business cost + property + transfer, in fen', () => {
    const r = rec({
      year: 2023,
      wageFen: 1_200_000,
      businessGrossFen: 650_000,
      businessCostFen: 230_000,
      propertyFen: 15_050,
      transferFen: 80_001,
    });
    expect(netIncomeFen(r)).toBe(1_200_000 + 650_000 - 230_000 + 15_050 + 80_001);
  });

  it('may be negative when production costs exceed everything earned', () => {
    expect(netIncomeFen(rec({ year: 2023, businessGrossFen: 100, businessCostFen: 5_000 }))).toBe(-4_900);
  });

  it('rigid expenditure is medical out-of-pocket + schooling + disaster loss, less insurance payouts when the policy says so, never below 0', () => {
    const r = rec({
      year: 2024,
      medicalOutOfPocketFen: 3_500_000,
      schoolingExpenseFen: 100_000,
      disasterLossFen: 50_000,
      insuranceClaimFen: 200_000,
    });
    expect(rigidExpenseFen(r, true)).toBe(3_450_000);
    expect(rigidExpenseFen(r, false)).toBe(3_650_000);
    expect(rigidExpenseFen(rec({ year: 2024, medicalOutOfPocketFen: 10, insuranceClaimFen: 99 }), true)).toBe(0);
  });

  it('refuses fractional fen and negative components, naming the field', () => {
    const bad = IncomeRecordFactsSchema.safeParse({ year: 2023, wageFen: 10.5, transferFen: -1 });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['transferFen', 'wageFen']);
  });
});

describe('who counts (S0 plan two note 2: 同一户口或生活经济共同)', () => {
  const asOf = '2024-06-30';
  it('S0 方案二 注意2: a member counts when registered here OR living here and sharing income', () => {
    const ms = [
      member({ registeredHere: true, livesAndShares: true }),
      member({ registeredHere: true, livesAndShares: false }),
      member({ registeredHere: false, livesAndShares: true }),
      member({ registeredHere: false, livesAndShares: false }),
    ];
    expect(countedMembers(ms, asOf).map((c) => c.index)).toEqual([0, 1, 2]);
  });

  it('the dead and the not yet born do not count, judged on the as-of date', () => {
    const ms = [
      member({ deceasedOn: '2024-06-30' }),
      member({ deceasedOn: '2024-07-01' }),
      member({ birthDate: '2024-07-01' }),
      member({ birthDate: '2024-06-30' }),
    ];
    expect(countedMembers(ms, asOf).map((c) => c.index)).toEqual([1, 3]);
  });
});

describe('the line, exactly (issue 3 §2: "below the line" means strictly below)', () => {
  const line = 600_000; // 6000 yuan, S1 §三(二)
  it('S1 §三(二): exactly on the line is not below it; one fen less in the household is', () => {
    expect(isBelowLine(line * 3, 3, line)).toBe(false);
    expect(isBelowLine(line * 3 - 1, 3, line)).toBe(true);
  });

  it('S3 §三(六) "超过": above means strictly above; on the line is not above', () => {
    expect(isAboveLine(line * 3, 3, line)).toBe(false);
    expect(isAboveLine(line * 3 + 1, 3, line)).toBe(true);
  });

  it('never divides: 17,999.99 yuan for 3 people is below 6000 although the per-capita figure rounds to 6000.00', () => {
    expect(perCapitaFen(1_799_999, 3)).toBe(599_999);
    expect(isBelowLine(1_799_999, 3, line)).toBe(true);
    // a float division would say 5999.996666… yuan, which printed with two decimals is "6000.00"
    expect((1_799_999 / 3 / 100).toFixed(2)).toBe('6000.00');
  });

  it('per-capita display rounds toward −∞, also for negative incomes', () => {
    expect(perCapitaFen(-1, 3)).toBe(-1);
    expect(perCapitaFen(-3, 3)).toBe(-1);
    expect(perCapitaFen(7, 3)).toBe(2);
  });

  it('refuses a household of zero people', () => {
    expect(() => isBelowLine(100, 0, line)).toThrow(/people/);
  });

  it('below and above agree with exact rational arithmetic for any income, size and line', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000_000, max: 10_000_000_000 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 5_000_000 }),
        (net, people, ln) => {
          const below = isBelowLine(net, people, ln);
          const above = isAboveLine(net, people, ln);
          expect(below).toBe(BigInt(net) < BigInt(ln) * BigInt(people));
          expect(above).toBe(BigInt(net) > BigInt(ln) * BigInt(people));
          expect(below && above).toBe(false);
        },
      ),
    );
  });
});

describe('shares of last year (S1 §三(二): 刚性支出明显超过上年度收入; 收入大幅缩减)', () => {
  it('compares in basis points, so 0.3 × 10 is exactly 3 (0.1 + 0.2 style float error cannot flip it)', () => {
    expect(exceedsShare(3, 10, 0.3)).toBe(false);
    expect(exceedsShare(4, 10, 0.3)).toBe(true);
    expect(atOrBelowShare(3, 10, 0.3)).toBe(true);
    // 0.1 + 0.2 = 0.30000000000000004 in floats
    expect(exceedsShare(3, 10, 0.1 + 0.2)).toBe(false);
  });

  it('a rigid expense equal to last year’s income does not "clearly exceed" it (share 1); one fen more does', () => {
    expect(exceedsShare(3_000_000, 3_000_000, 1)).toBe(false);
    expect(exceedsShare(3_000_001, 3_000_000, 1)).toBe(true);
  });

  it('an income at exactly half of last year is a sharp drop (share 0.5); one fen more is not', () => {
    expect(atOrBelowShare(2_100_000, 4_200_000, 0.5)).toBe(true);
    expect(atOrBelowShare(2_100_001, 4_200_000, 0.5)).toBe(false);
  });
});

describe('the income record in force on a date', () => {
  const a2022 = rec({ year: 2022, wageFen: 100 });
  const a2023 = rec({ year: 2023, wageFen: 200 });
  const ident = rec({
    year: 2023,
    kind: 'at_identification',
    periodStart: '2023-01-01',
    periodEnd: '2023-12-31',
    wageFen: 150,
  });
  const est = rec({
    year: 2024,
    kind: 'visit_estimate',
    periodStart: '2023-06-01',
    periodEnd: '2024-05-31',
    wageFen: 300,
  });

  it('is the record whose period ended last by that date; a period still running is not yet in force', () => {
    expect(incomeRecordInForce([a2022, a2023, est], '2023-12-30')).toBe(a2022);
    expect(incomeRecordInForce([a2022, a2023, est], '2023-12-31')).toBe(a2023);
    expect(incomeRecordInForce([a2022, a2023, est], '2024-05-31')).toBe(est);
    expect(incomeRecordInForce([a2022], '2022-12-30')).toBeUndefined();
  });

  it('on the same period end, a snapshot taken at identification outranks the annual record', () => {
    expect(incomeRecordInForce([a2023, ident], '2024-01-10')).toBe(ident);
  });

  it('between two records alike in period and kind, the lower income is read (the cautious reading)', () => {
    const e1 = rec({
      year: 2024,
      kind: 'visit_estimate',
      periodStart: '2023-06-01',
      periodEnd: '2024-05-31',
      wageFen: 500,
    });
    const e2 = rec({
      year: 2024,
      kind: 'visit_estimate',
      periodStart: '2023-06-01',
      periodEnd: '2024-05-31',
      wageFen: 400,
    });
    expect(incomeRecordInForce([e1, e2], '2024-06-30')).toBe(e2);
    expect(incomeRecordInForce([e2, e1], '2024-06-30')).toBe(e2);
  });

  it('上年度: the previous year is the annual record of the year before the record in force', () => {
    expect(previousYearRecord([a2022, a2023, est], est)).toBe(a2023);
    expect(previousYearRecord([a2022, a2023, est], a2023)).toBe(a2022);
    expect(previousYearRecord([a2023], a2023)).toBeUndefined();
  });

  it('lists the records in force during a window, oldest first', () => {
    expect(recordsInForceDuring([a2022, a2023, est, ident], '2023-12-01', '2024-06-30')).toEqual([a2022, ident, est]);
  });
});

describe('income stably above the line (S3 §三(六); stable = the policy months, W3/W4)', () => {
  const line = 600_000;
  const ident = rec({
    year: 2024,
    kind: 'at_identification',
    periodStart: '2023-03-01',
    periodEnd: '2024-02-29',
    wageFen: line * 3 - 1,
  });
  const est = rec({
    year: 2024,
    kind: 'visit_estimate',
    periodStart: '2023-05-01',
    periodEnd: '2024-04-30',
    wageFen: line * 3 + 1,
  });

  it('holds only once the record showing income above the line has been in force for the whole window', () => {
    // on 2024-10-30 the window starts 2024-04-30, when the estimate (above) was already in force
    expect(incomeStablyAboveLine([ident, est], 3, line, '2024-10-30', 6).holds).toBe(true);
    // a day earlier the window starts 2024-04-29, when the identification snapshot (one fen below) was in force
    expect(incomeStablyAboveLine([ident, est], 3, line, '2024-10-29', 6).holds).toBe(false);
  });

  it('exactly on the line is not "above"', () => {
    const on = rec({ year: 2023, wageFen: line * 3 });
    expect(incomeStablyAboveLine([on], 3, line, '2024-06-30', 6).holds).toBe(false);
  });

  it('is unknown when no record covers the start of the window', () => {
    expect(incomeStablyAboveLine([est], 3, line, '2024-06-30', 6)).toMatchObject({
      holds: null,
      windowStart: '2023-12-30',
    });
  });
});
