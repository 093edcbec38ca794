import { RiskType, type DisasterSubtype, type MonitoringCategory, type MonitoringStatus } from './enums.js';
import { explainer, yesNo, type Explanation } from './explain.js';
import type { HouseholdFactsInput } from './household-facts.js';
import type { ResolvedPolicy } from './policy.js';
import {
  CHILD_RELATIONS,
  memberRef,
  readFacts,
  riskTypesOf,
  SEVERE_ILLNESS,
  yuan,
  yuanEn,
  type GuaranteeCheck,
  type IncomeFindings,
  type RiskFinding,
} from './read-facts.js';

export { readFacts, riskTypesOf } from './read-facts.js';
export type { FactReading, GuaranteeCheck, IncomeFindings, RiskFinding } from './read-facts.js';

/**
 * Identification (识别) of one household on a date under one policy: is it in the monitoring scope, in which
 * category, with which risks, which exclusions apply, and how do 两不愁三保障 and water stand. Pure: the
 * household's facts and the policy come in, an explained conclusion goes out. Rule ids name their seed
 * paragraph; docs/assessment.md lists them all.
 */

export interface Assessment {
  asOf: string;
  regionCode: string;
  householdNo: string | null;
  policyVersion: string;
  inScope: boolean;
  category: MonitoringCategory | null;
  /** the rule ids that put the household in scope */
  grounds: string[];
  /** risk types found in the facts, in the order of the RiskType enum */
  riskTypes: RiskType[];
  disasterSubtype: DisasterSubtype | null;
  risks: RiskFinding[];
  /** rule ids of the exclusions that apply (S0 plan two §二(二)) */
  exclusions: string[];
  guarantees: GuaranteeCheck;
  income: IncomeFindings;
  /** 整户无劳动能力 (S3 §三(七)): what the facts show, and whether the flag is set */
  wholeHouseholdNoLabor: { noLaborCapacity: boolean; livesOnSocialSecurity: boolean; flagged: boolean };
  monitoringStatus: MonitoringStatus;
  explanations: Explanation[];
}

/**
 * Assess one household on `asOf` under `policy` (issue 3 §3). Every conclusion is in `explanations`.
 *
 * - Scope: all rural people, including relocated people with urban registration (S1 §三(二)).
 * - Exclusions (S0 plan two §二(二)), each switchable in policy: an excluded household is not in scope.
 * - 脱贫不稳定户 / 边缘易致贫户: per-capita net income strictly below the line and a risk (S0 plan two §二(一));
 *   a region may drop the risk requirement (S3 §三(一): income below the line is itself the condition).
 * - 突发严重困难户: not below the line, but rigid expenditure clearly above last year's income or income sharply
 *   reduced, with a risk (S1 §三(一)(二)).
 * - 三保障/water failing and the household cannot solve it itself (S3 §三(一)): in scope whatever the income;
 *   below the line it takes the lifted/marginal category, otherwise it is a sudden severe hardship (basic
 *   living is severely hard although income is not below the line).
 */
export function assess(input: HouseholdFactsInput, policy: ResolvedPolicy, asOf: string): Assessment {
  const r = readFacts(input, policy, asOf);
  const h = r.household;
  const ex = explainer(policy);
  const explanations = [...r.explanations];
  const risks = r.risks;
  const riskTypes = riskTypesOf(risks);

  // --- scope: rural population, including relocated people (S1 §三(二))
  const relocated = h.inResettlementSite || r.counted.some((c) => c.member.isRelocated);
  const population = h.regionIsRural || relocated;
  explanations.unshift(
    ex(
      'S1.3.2.rural_population',
      'S1 §三(二)',
      yesNo(population),
      population
        ? {
            zh: h.regionIsRural ? '农村人口，属于监测范围' : '易地扶贫搬迁人口（已转城镇户籍），属于监测范围',
            en: h.regionIsRural
              ? 'rural population: within the monitored population'
              : 'relocated population (now urban): within the monitored population',
          }
        : {
            zh: '城镇社区非搬迁人口，不属于监测范围',
            en: 'urban community, not relocated: outside the monitored population',
          },
      {
        regionCode: h.regionCode,
        regionIsRural: h.regionIsRural,
        inResettlementSite: h.inResettlementSite,
        relocatedMembers: r.counted.filter((c) => c.member.isRelocated).map(memberRef),
      },
    ),
  );

  // --- exclusions (S0 plan two §二(二))
  const exclusions: string[] = [];
  const exc = policy.exclusions;
  const exclusion = (
    ruleId: string,
    source: string,
    enabled: boolean,
    applies: boolean,
    message: { zh: string; en: string },
    facts: Record<string, unknown>,
    threshold: Record<string, unknown> = {},
  ) => {
    if (enabled && applies) exclusions.push(ruleId);
    explanations.push(
      ex(ruleId, source, enabled ? yesNo(applies) : 'disabled', message, facts, { enabled, ...threshold }),
    );
  };
  const publicServants = r.counted.filter((c) => c.member.isPublicServant);
  const assetRules = [
    [
      'S0.2.2.1.private_car',
      'privateCar',
      h.hasPrivateCar,
      '消费型车辆',
      'a car for private use',
      { hasPrivateCar: h.hasPrivateCar },
    ],
    [
      'S0.2.2.1.commercial_housing',
      'commercialHousing',
      h.hasCommercialHousing,
      '商品房',
      'commercial housing',
      { hasCommercialHousing: h.hasCommercialHousing },
    ],
    [
      'S0.2.2.1.public_servant',
      'publicServant',
      h.hasPublicServant || publicServants.length > 0,
      '公职人员',
      'a public servant',
      { hasPublicServant: h.hasPublicServant, publicServantMembers: publicServants.map(memberRef) },
    ],
    [
      'S0.2.2.1.business',
      'business',
      h.hasBusiness,
      '实质性经商办企业',
      'a real business',
      { hasBusiness: h.hasBusiness },
    ],
  ] as const;
  for (const [ruleId, key, has, zh, en, facts] of assetRules) {
    const enabled = exc[key].enabled;
    exclusion(
      ruleId,
      'S0 方案二 §二(二)1',
      enabled,
      has,
      enabled
        ? has
          ? { zh: `家庭有${zh}，不纳入监测对象`, en: `the household has ${en}: not taken into monitoring` }
          : { zh: `家庭没有${zh}`, en: `the household has no ${en.replace(/^an? /, '')}` }
        : { zh: `本政策未启用"${zh}"排除规则`, en: `the "${en}" exclusion is switched off in this policy` },
      facts,
    );
  }

  // mud-brick only home, but income stably above the line and no serious illness, disability or lost labour
  {
    const enabled = exc.mudBrickStableIncome.enabled;
    const ill = r.counted.filter((c) => SEVERE_ILLNESS.includes(c.member.healthStatus));
    const disabled = r.counted.filter((c) => c.member.disabilityCategory !== null);
    const lost = r.counted.filter((c) => c.member.laborCapacity === 'lost');
    const stable = r.stableIncome.holds === true;
    const applies = h.onlyHomeMudBrick && stable && ill.length === 0 && disabled.length === 0 && lost.length === 0;
    exclusion(
      'S0.2.2.2.mud_brick_stable_income',
      'S0 方案二 §二(二)2',
      enabled,
      applies,
      !enabled
        ? { zh: '本政策未启用土坯房排除规则', en: 'the mud-brick exclusion is switched off in this policy' }
        : !h.onlyHomeMudBrick
          ? { zh: '唯一住房不是土坯房', en: 'the only home is not mud-brick' }
          : applies
            ? {
                zh: `唯一住房为土坯房，但人均纯收入稳定超过 ${yuan(policy.monitoringIncomeLineFen)}（${policy.eliminationGuards.stableIncomeMonths} 个月），且无重大疾病、残疾或丧失劳动力成员，不纳入监测对象`,
                en: `only home is mud-brick, but per-capita income has been above ${yuanEn(policy.monitoringIncomeLineFen)} for ${policy.eliminationGuards.stableIncomeMonths} months and no member is seriously ill, disabled or has lost labour: not taken into monitoring`,
              }
            : {
                zh: `唯一住房为土坯房，但${stable ? '' : '收入未稳定超过监测范围'}${ill.length || disabled.length || lost.length ? `${stable ? '' : '，且'}有重大疾病、残疾或丧失劳动力成员` : ''}，不适用排除`,
                en: `only home is mud-brick, but ${[stable ? '' : 'income is not stably above the line', ill.length || disabled.length || lost.length ? 'a member is seriously ill, disabled or has lost labour' : ''].filter(Boolean).join(' and ')}: the exclusion does not apply`,
              },
      {
        onlyHomeMudBrick: h.onlyHomeMudBrick,
        stableIncome: r.stableIncome,
        seriouslyIll: ill.map(memberRef),
        disabled: disabled.map(memberRef),
        lostLabor: lost.map(memberRef),
      },
      {
        monitoringIncomeLineFen: policy.monitoringIncomeLineFen,
        stableIncomeMonths: policy.eliminationGuards.stableIncomeMonths,
      },
    );
  }

  // elderly household whose children (even in separate households) have one of the assets above
  {
    const rule = exc.elderlyWithWellOffChildren;
    const elderly = r.counted.length > 0 && r.counted.every((c) => c.age >= rule.elderlyAge);
    const kinds = (
      [
        ['hasPrivateCar', exc.privateCar.enabled],
        ['hasCommercialHousing', exc.commercialHousing.enabled],
        ['hasPublicServant', exc.publicServant.enabled],
        ['hasBusiness', exc.business.enabled],
      ] as const
    ).filter(([, on]) => on);
    const wellOff = h.separateRelatives
      .map((rel, index) => ({ index, rel }))
      .filter(({ rel }) => CHILD_RELATIONS.has(rel.relation) && kinds.some(([k]) => rel[k]));
    const applies = elderly && wellOff.length > 0;
    exclusion(
      'S0.2.2.3.elderly_well_off_children',
      'S0 方案二 §二(二)3 及注意1',
      rule.enabled,
      applies,
      !rule.enabled
        ? {
            zh: '本政策未启用老人户子女条件排除规则',
            en: 'the well-off-children exclusion is switched off in this policy',
          }
        : applies
          ? {
              zh: `老人户，子女（含分户子女）有车辆、商品房、公职人员或经商办企业，不纳入监测对象；应督促子女履行赡养义务或采取司法援助`,
              en: `elderly household whose children (even in separate households) have a car, commercial housing, a public servant or a business: not taken into monitoring; the children should support them (legal aid if needed)`,
            }
          : elderly
            ? { zh: '老人户，但子女没有上述条件', en: 'elderly household, but no child has any of these' }
            : {
                zh: `不是老人户（有未满 ${rule.elderlyAge} 岁的成员）`,
                en: `not an elderly household (a member is under ${rule.elderlyAge})`,
              },
      {
        ages: r.counted.map((c) => c.age),
        wellOffChildren: wellOff.map(({ index, rel }) => ({
          index,
          relation: rel.relation,
          hasPrivateCar: rel.hasPrivateCar,
          hasCommercialHousing: rel.hasCommercialHousing,
          hasPublicServant: rel.hasPublicServant,
          hasBusiness: rel.hasBusiness,
        })),
      },
      { elderlyAge: rule.elderlyAge, assetKindsCounted: kinds.map(([k]) => k) },
    );
  }

  // --- category
  const below = r.income.belowLine;
  const hasRisk = riskTypes.length > 0;
  const typeCategory: MonitoringCategory =
    h.householdType === 'lifted_household' ? 'unstable_lifted' : 'marginal_vulnerable';
  const grounds: string[] = [];
  let category: MonitoringCategory | null = null;
  const requireRisk = policy.inclusion.belowLineRequiresRisk;
  const incomeRoute = below === true && (hasRisk || !requireRisk);
  const hardshipTrigger = r.income.rigidExpenseAbovePreviousIncome === true || r.income.sharpIncomeDrop === true;
  const hardshipRoute = below === false && hardshipTrigger && hasRisk;
  const guaranteeRoute = !r.guarantees.secured && !r.guarantees.selfResolvable;
  if (incomeRoute) {
    grounds.push(typeCategory === 'unstable_lifted' ? 'S0.2.1.unstable_lifted' : 'S0.2.1.marginal_vulnerable');
    category = typeCategory;
  }
  if (hardshipRoute) {
    grounds.push('S1.3.1.sudden_hardship');
    category ??= 'sudden_hardship';
  }
  if (guaranteeRoute) {
    grounds.push('S3.3.1.guarantees_unresolved');
    if (below === true) category ??= typeCategory;
    else if (below === false) category ??= 'sudden_hardship';
  }
  const eligible = population && grounds.length > 0;
  const inScope = eligible && exclusions.length === 0;
  if (!inScope) category = null;

  const typeZh = h.householdType === 'lifted_household' ? '脱贫户' : '一般农户';
  const typeEn = h.householdType === 'lifted_household' ? 'lifted household' : 'general household';
  explanations.push(
    ex(
      typeCategory === 'unstable_lifted' ? 'S0.2.1.unstable_lifted' : 'S0.2.1.marginal_vulnerable',
      typeCategory === 'unstable_lifted' ? 'S0 方案二 §二(一)1；S1 §三(一)' : 'S0 方案二 §二(一)2；S1 §三(一)',
      below === null ? 'unknown' : yesNo(incomeRoute),
      incomeRoute
        ? {
            zh: `${typeZh}，人均纯收入低于监测范围${hasRisk ? `，且有${riskTypes.map((t) => RiskType.labels[t].zh).join('、')}风险` : '（本政策不要求另有风险）'}`,
            en: `${typeEn} with per-capita income below the line${hasRisk ? ` and risk(s): ${riskTypes.join(', ')}` : ' (this policy needs no further risk)'}`,
          }
        : below === true
          ? {
              zh: `${typeZh}，收入低于监测范围，但事实中没有发现返贫致贫风险`,
              en: `${typeEn} below the line, but no risk found in the facts`,
            }
          : below === false
            ? { zh: '人均纯收入不低于监测范围', en: 'per-capita income is not below the line' }
            : { zh: '收入未知，无法按收入判断', en: 'income unknown: the income test cannot be applied' },
      { householdType: h.householdType, belowLine: below, riskTypes },
      { belowLineRequiresRisk: requireRisk },
    ),
    ex(
      'S1.3.1.sudden_hardship',
      'S1 §三(一)(二)',
      below === null ? 'unknown' : yesNo(hardshipRoute),
      hardshipRoute
        ? {
            zh: `收入不低于监测范围，但${r.income.rigidExpenseAbovePreviousIncome ? '刚性支出明显超过上年度收入' : '收入大幅缩减'}，且有${riskTypes.map((t) => RiskType.labels[t].zh).join('、')}风险，基本生活出现严重困难`,
            en: `not below the line, but ${r.income.rigidExpenseAbovePreviousIncome ? "rigid expenditure is clearly above last year's income" : 'income dropped sharply'}, with risk(s) ${riskTypes.join(', ')}: basic living is severely hard`,
          }
        : below === true
          ? {
              zh: '收入低于监测范围，按脱贫不稳定户或边缘易致贫户判断',
              en: 'below the line: judged as unstable lifted or marginal instead',
            }
          : { zh: '没有刚性支出骤增或收入骤减', en: 'no jump in rigid expenditure and no sharp income drop' },
      {
        belowLine: below,
        rigidExpenseAbovePreviousIncome: r.income.rigidExpenseAbovePreviousIncome,
        sharpIncomeDrop: r.income.sharpIncomeDrop,
        riskTypes,
      },
    ),
    ex(
      'S3.3.1.guarantees_unresolved',
      'S3 §三(一)',
      yesNo(guaranteeRoute),
      guaranteeRoute
        ? {
            zh: `"三保障"或饮水安全出现问题且自身无法解决，应纳入监测；${below === true ? `收入低于监测范围，按${typeZh}归类` : below === false ? '收入不低于监测范围，基本生活出现严重困难，归为突发严重困难户' : '收入未知，类别待核实收入后确定'}`,
            en: `a guarantee or water fails and the household cannot solve it itself: to be monitored; ${below === true ? `below the line, so categorised as a ${typeEn}` : below === false ? 'not below the line, so basic living is severely hard: sudden severe hardship' : 'income unknown: the category waits for the income to be verified'}`,
          }
        : r.guarantees.secured
          ? { zh: '三保障及饮水安全有保障', en: 'guarantees and water secured' }
          : {
              zh: '三保障或饮水安全有问题，但农户可自身解决',
              en: 'a guarantee fails, but the household can solve it itself',
            },
      { secured: r.guarantees.secured, selfResolvable: r.guarantees.selfResolvable, belowLine: below },
    ),
    ex(
      'assess.conclusion',
      'S0 方案二 §二；S1 §三；S3 §三(一)',
      yesNo(inScope),
      inScope
        ? {
            zh: `纳入监测范围：${category ? (category === 'unstable_lifted' ? '脱贫不稳定户' : category === 'marginal_vulnerable' ? '边缘易致贫户' : '突发严重困难户') : '类别待定'}`,
            en: `in scope: ${category ?? 'category to be decided'}`,
          }
        : !population
          ? { zh: '不属于监测范围的人口', en: 'outside the monitored population' }
          : exclusions.length && eligible
            ? {
                zh: `符合条件但属于不纳入情形：${exclusions.join('、')}`,
                en: `would qualify, but excluded by ${exclusions.join(', ')}`,
              }
            : exclusions.length
              ? {
                  zh: `不符合纳入条件，且属于不纳入情形：${exclusions.join('、')}`,
                  en: `does not qualify, and excluded by ${exclusions.join(', ')}`,
                }
              : { zh: '不符合纳入监测条件', en: 'does not meet the conditions for monitoring' },
      { population, grounds, exclusions },
    ),
  );

  return {
    asOf,
    regionCode: h.regionCode,
    householdNo: h.householdNo ?? null,
    policyVersion: policy.versionLabel,
    inScope,
    category,
    grounds,
    riskTypes,
    disasterSubtype: riskTypes.includes('natural_disaster') ? r.disasterSubtype : null,
    risks,
    exclusions,
    guarantees: r.guarantees,
    income: r.income,
    wholeHouseholdNoLabor: {
      noLaborCapacity: r.noLaborCapacity,
      livesOnSocialSecurity: r.livesOnSocialSecurity,
      flagged: h.monitoring.wholeHouseholdNoLabor,
    },
    monitoringStatus: h.monitoring.status,
    explanations,
  };
}
