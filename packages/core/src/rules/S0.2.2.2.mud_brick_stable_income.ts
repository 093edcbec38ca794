import { MEMBER } from './sql.js';
import {
  memberRef,
  SEVERE_ILLNESS,
  yuan,
  yuanEn,
  type AssessContext,
  type ExclusionUnit,
  type Verdict,
} from './unit.js';

function message(c: AssessContext, applies: boolean, stable: boolean, frail: boolean): Verdict['message'] {
  const line = c.policy.monitoringIncomeLineFen;
  const months = c.policy.eliminationGuards.stableIncomeMonths;
  if (!c.policy.exclusions.mudBrickStableIncome.enabled)
    return { zh: '本政策未启用土坯房排除规则', en: 'the mud-brick exclusion is switched off in this policy' };
  if (!c.r.household.onlyHomeMudBrick) return { zh: '唯一住房不是土坯房', en: 'the only home is not mud-brick' };
  if (applies)
    return {
      zh: `唯一住房为土坯房，但人均纯收入稳定超过 ${yuan(line)}（${months} 个月），且无重大疾病、残疾或丧失劳动力成员，不纳入监测对象`,
      en: `only home is mud-brick, but per-capita income has been above ${yuanEn(line)} for ${months} months and no member is seriously ill, disabled or has lost labour: not taken into monitoring`,
    };
  return {
    zh: `唯一住房为土坯房，但${stable ? '' : '收入未稳定超过监测范围'}${frail ? `${stable ? '' : '，且'}有重大疾病、残疾或丧失劳动力成员` : ''}，不适用排除`,
    en: `only home is mud-brick, but ${[stable ? '' : 'income is not stably above the line', frail ? 'a member is seriously ill, disabled or has lost labour' : ''].filter(Boolean).join(' and ')}: the exclusion does not apply`,
  };
}

/**
 * A mud-brick only home does not bring a household into monitoring when its income is stably above the line and
 * no member is seriously ill, disabled or has lost labour (S0 plan two §二(二)2).
 */
export const mudBrickStableIncome: ExclusionUnit = {
  id: 'S0.2.2.2.mud_brick_stable_income',
  source: 'S0 方案二 §二(二)2',
  label: { zh: '土坯房但收入稳定超过监测范围', en: 'mud-brick home, stable income' },
  reads: [
    'onlyHomeMudBrick',
    'incomes[]',
    'members[].healthStatus',
    'members[].disabilityCategory',
    'members[].laborCapacity',
    'policy.exclusions.mudBrickStableIncome.enabled',
    'policy.eliminationGuards.stableIncomeMonths',
  ],
  stage: 'exclusion',
  decide: (c) => {
    const { r, policy } = c;
    const enabled = policy.exclusions.mudBrickStableIncome.enabled;
    const ill = r.counted.filter((m) => SEVERE_ILLNESS.includes(m.member.healthStatus));
    const disabled = r.counted.filter((m) => m.member.disabilityCategory !== null);
    const lost = r.counted.filter((m) => m.member.laborCapacity === 'lost');
    const stable = r.stableIncome.holds === true;
    const frail = ill.length > 0 || disabled.length > 0 || lost.length > 0;
    const applies = r.household.onlyHomeMudBrick && stable && !frail;
    return {
      outcome: enabled ? (applies ? 'yes' : 'no') : 'disabled',
      message: message(c, applies, stable, frail),
      facts: {
        onlyHomeMudBrick: r.household.onlyHomeMudBrick,
        stableIncome: r.stableIncome,
        seriouslyIll: ill.map(memberRef),
        disabled: disabled.map(memberRef),
        lostLabor: lost.map(memberRef),
      },
      threshold: {
        enabled,
        monitoringIncomeLineFen: policy.monitoringIncomeLineFen,
        stableIncomeMonths: policy.eliminationGuards.stableIncomeMonths,
      },
    };
  },
  sql: (x) =>
    `${x}.ex_mud and ${x}.only_home_mud_brick and ${x}.stable is true
        and ${x}.any_member & ${MEMBER.serious | MEMBER.disabled | MEMBER.lost} = 0`,
};
