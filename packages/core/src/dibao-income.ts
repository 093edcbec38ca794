/**
 * The 低保 household income assessment (S2 §二(一)3): the income of the members who live together, from the
 * register's income record, with the minimum wage counted for an able-bodied working-age member's months without
 * work (except a carer), less the rigid spending of illness, disability and schooling and the costs of going to
 * work. Every amount is a line with its rule and source, so the township can read why a household is or is not
 * below the standard, and 支出型 (expenditure-type) 低保 is decided on the same lines. Pure; integer fen.
 */
import { ageOn } from './id-number.js';
import type { IncomeRecordFacts, MemberFacts } from './household-facts.js';
import { countedMembers, netIncomeFen, perCapitaFen } from './income.js';
import { ratioToBasisPoints } from './income.js';
import type { LocalizedText } from './errors.js';
import type { PolicyBody } from './policy.js';
import { isSeverelyDisabled } from './social-assistance.js';

export const DIBAO_DEDUCTION_KINDS = ['medical', 'disability', 'schooling', 'work_cost'] as const;
export type DibaoDeductionKind = (typeof DIBAO_DEDUCTION_KINDS)[number];

/** A deduction the applicant claims with its evidence (a receipt, a certificate, an employer's note). */
export interface DibaoDeductionClaim {
  kind: DibaoDeductionKind;
  /** whose spending or work (a member id of the household); optional for household-wide spending */
  memberId?: string | null | undefined;
  /** the year's amount, fen */
  amountFen: number;
  /** work costs: the months worked, which bound the cap (default 12) */
  months?: number | null | undefined;
  evidence: string;
}

export type DibaoIncomeLineKind = 'income' | 'imputed' | 'not_imputed' | 'deduction';

export interface DibaoIncomeLine {
  kind: DibaoIncomeLineKind;
  code: 'wage' | 'business' | 'property' | 'transfer' | 'minimum_wage' | 'carer' | DibaoDeductionKind;
  member: string | null;
  /** what the line adds (income, imputed) or takes away (deduction), fen; 0 for a not-imputed note */
  amountFen: number;
  rule: LocalizedText;
  source: LocalizedText;
}

export interface DibaoIncomeAssessment {
  asOf: string;
  recordYear: number | null;
  people: number;
  lines: DibaoIncomeLine[];
  /** income from the record plus imputed minimum wage */
  incomeFen: number;
  rigidSpendingFen: number;
  workCostFen: number;
  /** income − work costs − rigid spending: the figure the standard is compared with */
  assessedFen: number;
  perCapitaFen: number;
  /** income − work costs, per head: the 支出型 test's "income above the standard" */
  perCapitaBeforeRigidFen: number;
  standardMonthlyFen: number;
  standardAnnualFen: number;
  /** strictly below the standard after every deduction: ordinary 低保 */
  belowStandard: boolean;
  /** above the standard before rigid spending, below it after, and within the policy's multiple: 支出型 */
  expenditureType: boolean;
}

const S2 = (zh: string, en: string): LocalizedText => ({ zh: `${zh}(S2 二(一)3)`, en: `${en} (S2 II(1)3)` });

/** Does the household hold someone a carer may stay home for (失能重病患者、失能残疾人、失能老人、2周岁以下婴儿)? */
export function hasCareDependant(members: readonly MemberFacts[], asOf: string, elderlyAge: number): boolean {
  return members.some((m) => {
    if (m.birthDate > asOf || (m.deceasedOn && m.deceasedOn <= asOf)) return false;
    const age = ageOn(m.birthDate, asOf);
    const disabled = m.laborCapacity === 'none' || m.laborCapacity === 'lost';
    return (
      age < 2 ||
      (m.healthStatus === 'serious_illness' && disabled) ||
      isSeverelyDisabled(m) ||
      (age >= elderlyAge && disabled)
    );
  });
}

function who(m: MemberFacts, index: number): string {
  return m.name ?? `成员${index + 1}`;
}

/** The imputed-income lines: one per able-bodied working-age member with months without work. */
function imputedLines(
  members: readonly MemberFacts[],
  asOf: string,
  p: PolicyBody['dibao']['income'],
  elderlyAge: number,
): DibaoIncomeLine[] {
  if (!p.imputeMinimumWage) return [];
  const careNeeded = hasCareDependant(members, asOf, elderlyAge);
  return countedMembers(members, asOf).flatMap(({ member: m, index }): DibaoIncomeLine[] => {
    const age = ageOn(m.birthDate, asOf);
    const able =
      (m.laborCapacity === 'skilled' || m.laborCapacity === 'ordinary') &&
      m.schoolStatus === 'not_in_school' &&
      m.healthStatus !== 'serious_illness' &&
      !isSeverelyDisabled(m);
    if (!able || age < p.workingAgeMin || age > p.workingAgeMax) return [];
    if (m.workMonths === null || m.workMonths >= 12) return [];
    const idle = 12 - m.workMonths;
    const source = { zh: `家庭成员信息:务工${m.workMonths}个月`, en: `member record: worked ${m.workMonths} months` };
    if (m.isCarer && careNeeded) {
      return [
        {
          kind: 'not_imputed',
          code: 'carer',
          member: who(m, index),
          amountFen: 0,
          rule: S2(
            '因照护失能重病患者、失能残疾人、失能老人或2周岁以下婴儿未就业,不按最低工资标准计算收入',
            'stays home to care for a disabled, seriously ill or disabled elderly member or an infant under two: no minimum wage counted',
          ),
          source,
        },
      ];
    }
    return [
      {
        kind: 'imputed',
        code: 'minimum_wage',
        member: who(m, index),
        amountFen: p.minimumWageMonthlyFen * idle,
        rule: {
          zh: `劳动年龄段内有劳动能力未就业${idle}个月,按当地最低工资标准每月${yuan(p.minimumWageMonthlyFen)}元计算`,
          en: `able to work but without work for ${idle} months: counted at the local minimum wage of ¥${yuan(p.minimumWageMonthlyFen)} a month`,
        },
        source,
      },
    ];
  });
}

/** The income lines of the record the assessment reads. */
function recordLines(record: IncomeRecordFacts): DibaoIncomeLine[] {
  const source = { zh: `${record.year}年收支记录`, en: `income record ${record.year}` };
  const line = (code: DibaoIncomeLine['code'], amountFen: number, zh: string, en: string): DibaoIncomeLine => ({
    kind: 'income',
    code,
    member: null,
    amountFen,
    rule: { zh, en },
    source,
  });
  return [
    line('wage', record.wageFen, '工资性收入', 'wages'),
    line('business', record.businessGrossFen - record.businessCostFen, '生产经营净收入', 'net business income'),
    line('property', record.propertyFen, '财产性收入', 'property income'),
    line('transfer', record.transferFen, '转移性收入', 'transfers'),
  ].filter((l) => l.amountFen !== 0);
}

const DEDUCTION_RULE: Record<DibaoDeductionKind, LocalizedText> = {
  medical: S2('因患重病增加的刚性支出予以扣减', 'rigid spending on serious illness is deducted'),
  disability: S2('因残疾增加的刚性支出予以扣减', 'rigid spending caused by disability is deducted'),
  schooling: S2('因完成学业增加的刚性支出予以扣减', 'rigid spending on schooling is deducted'),
  work_cost: S2(
    '因就业创业带来的交通、就餐、通信等必要成本予以扣减',
    'the necessary costs of going to work (transport, meals, communication) are deducted',
  ),
};

/** The deduction lines: the record's medical and schooling spending, then each claim, within the policy. */
function deductionLines(
  record: IncomeRecordFacts | null,
  claims: readonly DibaoDeductionClaim[],
  members: readonly MemberFacts[],
  p: PolicyBody['dibao']['income'],
): DibaoIncomeLine[] {
  const on: Record<DibaoDeductionKind, boolean> = {
    medical: p.deductMedical,
    disability: p.deductDisability,
    schooling: p.deductSchooling,
    work_cost: true,
  };
  const lines: DibaoIncomeLine[] = [];
  if (record) {
    const source = { zh: `${record.year}年收支记录`, en: `income record ${record.year}` };
    const medical = Math.max(0, record.medicalOutOfPocketFen - record.insuranceClaimFen);
    if (on.medical && medical > 0) {
      lines.push({
        kind: 'deduction',
        code: 'medical',
        member: null,
        amountFen: medical,
        rule: DEDUCTION_RULE.medical,
        source,
      });
    }
    if (on.schooling && record.schoolingExpenseFen > 0) {
      lines.push({
        kind: 'deduction',
        code: 'schooling',
        member: null,
        amountFen: record.schoolingExpenseFen,
        rule: DEDUCTION_RULE.schooling,
        source,
      });
    }
  }
  for (const c of claims) {
    if (!on[c.kind] || c.amountFen <= 0) continue;
    const index = members.findIndex((m) => m.id !== undefined && m.id === c.memberId);
    const member = index >= 0 ? who(members[index]!, index) : null;
    let amount = c.amountFen;
    let rule = DEDUCTION_RULE[c.kind];
    if (c.kind === 'work_cost') {
      const months = Math.min(12, Math.max(0, c.months ?? 12));
      const cap = p.workCostCapMonthlyFen * months;
      if (amount > cap) {
        amount = cap;
        rule = {
          zh: `${rule.zh};每月至多${yuan(p.workCostCapMonthlyFen)}元,${months}个月共${yuan(cap)}元`,
          en: `${rule.en}; at most ¥${yuan(p.workCostCapMonthlyFen)} a month, ¥${yuan(cap)} for ${months} months`,
        };
      }
    }
    lines.push({
      kind: 'deduction',
      code: c.kind,
      member,
      amountFen: amount,
      rule,
      source: { zh: `申请人提供:${c.evidence}`, en: `claimed with: ${c.evidence}` },
    });
  }
  return lines;
}

/**
 * Assess a household's income for 低保 as of a day, against the monthly standard of its area on that day.
 * `record` is the annual income record the township relies on (the latest before the day); without one only the
 * imputed income and the claims count, and the lines say so by their sources.
 */
export function assessDibaoIncome(input: {
  members: readonly MemberFacts[];
  record: IncomeRecordFacts | null;
  claims: readonly DibaoDeductionClaim[];
  asOf: string;
  standardMonthlyFen: number;
  policy: Pick<PolicyBody, 'dibao' | 'inclusion'>;
}): DibaoIncomeAssessment {
  const p = input.policy.dibao.income;
  const people = countedMembers(input.members, input.asOf).length;
  const lines = [
    ...(input.record ? recordLines(input.record) : []),
    ...imputedLines(input.members, input.asOf, p, input.policy.inclusion.elderlyAge),
    ...deductionLines(input.record, input.claims, input.members, p),
  ];
  const sum = (f: (l: DibaoIncomeLine) => boolean) => lines.filter(f).reduce((n, l) => n + l.amountFen, 0);
  const incomeFen = (input.record ? netIncomeFen(input.record) : 0) + sum((l) => l.kind === 'imputed');
  const workCostFen = sum((l) => l.kind === 'deduction' && l.code === 'work_cost');
  const rigidSpendingFen = sum((l) => l.kind === 'deduction' && l.code !== 'work_cost');
  const assessedFen = incomeFen - workCostFen - rigidSpendingFen;
  const standardAnnualFen = input.standardMonthlyFen * 12;
  const n = BigInt(Math.max(1, people));
  const line = BigInt(standardAnnualFen) * n;
  const beforeRigid = BigInt(incomeFen - workCostFen);
  const belowStandard = people > 0 && BigInt(assessedFen) < line;
  const withinMultiple = beforeRigid * 10_000n <= line * ratioToBasisPoints(p.expenditureMaxIncomeMultiple);
  return {
    asOf: input.asOf,
    recordYear: input.record?.year ?? null,
    people,
    lines,
    incomeFen,
    rigidSpendingFen,
    workCostFen,
    assessedFen,
    perCapitaFen: people > 0 ? perCapitaFen(assessedFen, people) : 0,
    perCapitaBeforeRigidFen: people > 0 ? perCapitaFen(incomeFen - workCostFen, people) : 0,
    standardMonthlyFen: input.standardMonthlyFen,
    standardAnnualFen,
    belowStandard,
    expenditureType: people > 0 && beforeRigid >= line && belowStandard && rigidSpendingFen > 0 && withinMultiple,
  };
}

function yuan(fen: number): string {
  return fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2);
}
