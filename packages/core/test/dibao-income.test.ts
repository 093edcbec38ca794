/**
 * The 低保 household income assessment (issue 16 §1–2) against S2 §二(一)3: "对家庭成员因残疾、患重病或完成学业等增加的
 * 刚性支出,以及因就业创业带来的交通、就餐、通信等必要的成本,在核算家庭收入时可按规定程序适当予以扣减;对在劳动年龄段内有劳动
 * 能力但因照护家庭成员中的失能重病患者、失能残疾人、失能老人、2周岁以下婴儿而实际未就业的人员,不再按当地最低工资标准计算其收入"
 * and §二(一)3 一是 (支出型: income above the standard, rigid spending beyond what the family can bear).
 */
import { describe, expect, it } from 'vitest';
import nationalRecord from '../policies/national-2021.json' with { type: 'json' };
import {
  assessDibaoIncome,
  IncomeRecordFactsSchema,
  MemberFactsSchema,
  parsePolicyRecord,
  PolicyBodySchema,
  type DibaoDeductionClaim,
  type IncomeRecordFacts,
  type MemberFacts,
} from '../src/index.js';

const policy = PolicyBodySchema.parse(parsePolicyRecord(nationalRecord, 'national-2021.json').body);
const STD = policy.dibao.ruralMonthlyFen; // 500 元 a month
const WAGE = policy.dibao.income.minimumWageMonthlyFen;
const AS_OF = '2024-06-03';

const member = (over: Partial<MemberFacts> & { id: string }): MemberFacts =>
  MemberFactsSchema.parse({ sex: 'male', birthDate: '1980-01-01', relation: 'head', ...over });
const record = (over: Partial<IncomeRecordFacts>): IncomeRecordFacts =>
  IncomeRecordFactsSchema.parse({ year: 2023, ...over });

function assess(members: MemberFacts[], rec: IncomeRecordFacts | null, claims: DibaoDeductionClaim[] = []) {
  return assessDibaoIncome({ members, record: rec, claims, asOf: AS_OF, standardMonthlyFen: STD, policy });
}

describe('低保 income assessment (S2 二(一)3)', () => {
  // two adults who both work all year: no imputed income
  const working = [
    member({ id: 'a', name: '张一', workMonths: 12 }),
    member({ id: 'b', name: '李二', sex: 'female', relation: 'spouse', workMonths: 12 }),
  ];

  it('on the standard is not below it; one fen less is (strictly below, per head)', () => {
    const on = assess(working, record({ wageFen: STD * 12 * 2 }));
    expect(on).toMatchObject({ people: 2, assessedFen: STD * 24, perCapitaFen: STD * 12, belowStandard: false });
    expect(assess(working, record({ wageFen: STD * 24 - 1 })).belowStandard).toBe(true);
  });

  it('deducts medical spending after reimbursement and insurance, schooling, and capped work costs, each as a line', () => {
    const r = assess(
      working,
      record({
        wageFen: 2_000_000,
        medicalOutOfPocketFen: 500_000,
        insuranceClaimFen: 100_000,
        schoolingExpenseFen: 200_000,
      }),
      [
        { kind: 'work_cost', memberId: 'a', amountFen: 400_000, months: 10, evidence: '车票、饭票' },
        { kind: 'disability', memberId: 'b', amountFen: 50_000, evidence: '康复机构收据' },
      ],
    );
    const byCode = Object.fromEntries(r.lines.map((l) => [l.code, l]));
    expect(byCode.medical).toMatchObject({ kind: 'deduction', amountFen: 400_000 });
    expect(byCode.schooling).toMatchObject({ kind: 'deduction', amountFen: 200_000 });
    // 200 元 a month for 10 months: 2,000 元, not the 4,000 claimed
    expect(byCode.work_cost).toMatchObject({
      amountFen: policy.dibao.income.workCostCapMonthlyFen * 10,
      member: '张一',
    });
    expect(byCode.work_cost!.rule.zh).toContain('每月至多200元');
    expect(byCode.disability).toMatchObject({ amountFen: 50_000, member: '李二' });
    expect(byCode.disability!.source.zh).toBe('申请人提供:康复机构收据');
    expect(r.rigidSpendingFen).toBe(650_000);
    expect(r.workCostFen).toBe(200_000);
    expect(r.assessedFen).toBe(2_000_000 - 650_000 - 200_000);
    for (const l of r.lines.filter((x) => x.kind === 'deduction')) expect(l.rule.zh).toContain('S2 二(一)3');
  });

  it('counts the minimum wage for an able-bodied working-age member’s months without work', () => {
    const idle = [member({ id: 'a', name: '张一', workMonths: 4 })];
    const r = assess(idle, record({ wageFen: 300_000 }));
    expect(r.lines.find((l) => l.code === 'minimum_wage')).toMatchObject({ kind: 'imputed', amountFen: WAGE * 8 });
    expect(r.incomeFen).toBe(300_000 + WAGE * 8);
    // a student, a seriously ill member, one past working age and one with unknown months are not imputed
    const none = assess(
      [
        member({ id: 's', birthDate: '2005-01-01', workMonths: 0, schoolStatus: 'higher_vocational' }),
        member({ id: 'i', workMonths: 0, healthStatus: 'serious_illness' }),
        member({ id: 'o', birthDate: '1960-01-01', workMonths: 0 }),
        member({ id: 'u', workMonths: null }),
      ],
      null,
    );
    expect(none.lines.filter((l) => l.kind === 'imputed')).toEqual([]);
  });

  it('a carer of an infant under two or a disabled elderly member is not counted at the minimum wage', () => {
    const carer = member({ id: 'c', name: '王三', sex: 'female', workMonths: 0, isCarer: true });
    const infant = member({ id: 'k', relation: 'son', birthDate: '2023-01-01' });
    const r = assess([carer, infant], record({ wageFen: 0 }));
    expect(r.lines.find((l) => l.member === '王三')).toMatchObject({
      kind: 'not_imputed',
      code: 'carer',
      amountFen: 0,
    });
    expect(r.incomeFen).toBe(0);
    const elder = member({ id: 'e', relation: 'father', birthDate: '1940-01-01', laborCapacity: 'lost' });
    expect(assess([carer, elder], null).lines.find((l) => l.member === '王三')?.code).toBe('carer');
    // a child of three needs no carer by this rule: the carer flag alone does not exempt
    const child = member({ id: 'k3', relation: 'son', birthDate: '2021-01-01' });
    expect(assess([carer, child], null).lines.find((l) => l.member === '王三')).toMatchObject({
      code: 'minimum_wage',
      amountFen: WAGE * 12,
    });
  });

  it('支出型: above the standard before rigid spending, below after, within twice it', () => {
    const line = STD * 12 * 2;
    const r = assess(working, record({ wageFen: line + 100_000, medicalOutOfPocketFen: 300_000 }));
    expect(r).toMatchObject({ belowStandard: true, expenditureType: true, rigidSpendingFen: 300_000 });
    // five times the standard with no rigid spending: neither
    const rich = assess(working, record({ wageFen: line * 5 }));
    expect(rich).toMatchObject({ belowStandard: false, expenditureType: false });
    // above twice the standard, even with spending that brings it below: not 支出型 under this policy
    const high = assess(working, record({ wageFen: line * 2 + 2, medicalOutOfPocketFen: line * 2 }));
    expect(high).toMatchObject({ belowStandard: true, expenditureType: false });
    // exactly twice: still within
    expect(assess(working, record({ wageFen: line * 2, medicalOutOfPocketFen: line * 2 })).expenditureType).toBe(true);
    // below the standard without any spending: ordinary 低保, not 支出型
    expect(assess(working, record({ wageFen: line - 1 })).expenditureType).toBe(false);
  });

  it('reads only the members who live together and share income (S0 plan two note 2)', () => {
    const away = member({ id: 'x', relation: 'son', registeredHere: false, livesAndShares: false, workMonths: 0 });
    const r = assess([...working, away], record({ wageFen: 600_000 }));
    expect(r.people).toBe(2);
    expect(r.lines.some((l) => l.kind === 'imputed')).toBe(false);
  });
});
