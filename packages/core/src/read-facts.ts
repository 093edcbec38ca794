import { addMonths, isIsoDate } from './dates.js';
import type { DisasterSubtype } from './enums.js';
import { RiskType } from './enums.js';
import { AppError } from './errors.js';
import { explainer, yesNo, type Explanation } from './explain.js';
import {
  MedicalInsurance,
  parseHouseholdFacts,
  type HouseholdFacts,
  type HouseholdFactsInput,
  type IncomeRecordFacts,
  type MemberFacts,
} from './household-facts.js';
import { ageOn } from './id-number.js';
import {
  atOrBelowShare,
  countedMembers,
  exceedsShare,
  grossIncomeFen,
  incomeRecordInForce,
  incomeStablyAboveLine,
  isBelowLine,
  netIncomeFen,
  perCapitaFen,
  previousYearRecord,
  rigidExpenseFen,
  type StableIncomeResult,
} from './income.js';
import { fenToYuanText, type ResolvedPolicy } from './policy.js';

/**
 * Reading one household's facts on a date under a policy, once, for identification (assess.ts) and elimination
 * (elimination.ts): who counts, the income in force and last year's, rigid expenditure, 两不愁三保障 and water,
 * the risk types the facts show (S1 §四(一)) and the no-labour condition, each with its explanation.
 */

/** A risk type found in the facts. `condition`: a lasting state of the family (a serious illness, a severe
 * disability, no labour); `acute`: a current problem (costs above a threshold, an unsafe house, an event). */
export interface RiskFinding {
  riskType: RiskType;
  ruleId: string;
  kind: 'condition' | 'acute';
}

export interface GuaranteeCheck {
  /** 两不愁: food and clothing */
  foodClothing: boolean;
  /** 义务教育: no compulsory-age member out of school */
  compulsoryEducation: boolean;
  /** 基本医疗: every member in basic medical insurance */
  basicMedical: boolean;
  /** 住房安全: housing not of an unsafe grade */
  housing: boolean;
  /** 饮水安全 */
  water: boolean;
  /** monitored with the guarantees (S0 plan two §三(二)) but not part of them */
  electricity: boolean;
  telecom: boolean;
  /** food, clothing, the three guarantees and water all secured */
  secured: boolean;
  /** the cadre judged the household able to solve a failure itself */
  selfResolvable: boolean;
}

export interface IncomeFindings {
  countedMembers: number;
  record: Pick<IncomeRecordFacts, 'year' | 'kind' | 'periodStart' | 'periodEnd'> | null;
  netIncomeFen: number | null;
  /** display only (rounded down); comparisons use net < line × people */
  perCapitaFen: number | null;
  lineFen: number;
  belowLine: boolean | null;
  previousYearNetFen: number | null;
  rigidExpenseFen: number | null;
  rigidExpenseAbovePreviousIncome: boolean | null;
  sharpIncomeDrop: boolean | null;
}

/** Everything both identification and elimination read from the facts, computed once. */
export interface FactReading {
  household: HouseholdFacts;
  asOf: string;
  counted: { index: number; member: MemberFacts; age: number }[];
  current: IncomeRecordFacts | undefined;
  previous: IncomeRecordFacts | undefined;
  income: IncomeFindings;
  guarantees: GuaranteeCheck;
  risks: RiskFinding[];
  disasterSubtype: DisasterSubtype | null;
  noLaborCapacity: boolean;
  livesOnSocialSecurity: boolean;
  stableIncome: StableIncomeResult;
  explanations: Explanation[];
}

export const SEVERE_ILLNESS: MemberFacts['healthStatus'][] = ['serious_illness'];
const WORKING_CAPACITY: MemberFacts['laborCapacity'][] = ['skilled', 'ordinary'];
const NO_CAPACITY: MemberFacts['laborCapacity'][] = ['lost', 'none'];
export const CHILD_RELATIONS = new Set(['child', 'son', 'daughter']);

/** How explanations name a member: by index in the list, relation and age (never by name or ID number). */
export function memberRef(c: { index: number; member: MemberFacts; age: number }): Record<string, unknown> {
  return { index: c.index, relation: c.member.relation, age: c.age };
}

export function yuan(fen: number | null): string {
  return fen === null ? '—' : `${fenToYuanText(fen)}元`;
}

/** The same amount for English text: ¥16,800.00. */
export function yuanEn(fen: number | null): string {
  return fen === null ? '—' : `¥${fenToYuanText(fen)}`;
}

function checkAsOf(asOf: string): void {
  if (!isIsoDate(asOf)) {
    throw new AppError('bad_request', {
      zh: `评估日期无效（应为 YYYY-MM-DD）：${asOf}`,
      en: `invalid as-of date (YYYY-MM-DD expected): ${asOf}`,
    });
  }
}

/**
 * Read the facts once: counted members, the income in force, rigid expenditure, the guarantees, the risks and
 * the no-labour condition, each with its explanation. Used by `assess` and `evaluateEliminationGuards`.
 */
export function readFacts(input: HouseholdFactsInput, policy: ResolvedPolicy, asOf: string): FactReading {
  checkAsOf(asOf);
  const h = parseHouseholdFacts(input);
  const ex = explainer(policy);
  const explanations: Explanation[] = [];
  const inc = policy.inclusion;
  const warn = policy.warnings;

  // --- who counts (S0 plan two note 2)
  const counted = countedMembers(h.members, asOf).map((c) => ({ ...c, age: ageOn(c.member.birthDate, asOf) }));
  const notCounted = h.members.flatMap((m, index) => (counted.some((c) => c.index === index) ? [] : [index]));
  explanations.push(
    ex(
      'S0.2.note2.counted_members',
      'S0 方案二 §二 注意2',
      counted.length > 0 ? 'yes' : 'unknown',
      {
        zh: `计入家庭人口 ${counted.length} 人（同一户口或生活经济共同、在世）${notCounted.length ? `；不计入第 ${notCounted.join('、')} 号成员` : ''}`,
        en: `${counted.length} member(s) counted (same registration or living and sharing income, alive)${notCounted.length ? `; not counted: member(s) ${notCounted.join(', ')}` : ''}`,
      },
      {
        members: h.members.map((m, index) => ({
          index,
          relation: m.relation,
          registeredHere: m.registeredHere,
          livesAndShares: m.livesAndShares,
          deceasedOn: m.deceasedOn,
          counted: counted.some((c) => c.index === index),
        })),
      },
    ),
  );
  const people = counted.length;

  // --- income in force, strictly below the line (S0 plan two §二(一); S1 §三(二); S3 §三(一))
  const line = policy.monitoringIncomeLineFen;
  const current = incomeRecordInForce(h.incomes, asOf);
  const previous = current ? previousYearRecord(h.incomes, current) : undefined;
  const net = current ? netIncomeFen(current) : null;
  const belowLine = net !== null && people > 0 ? isBelowLine(net, people, line) : null;
  const income: IncomeFindings = {
    countedMembers: people,
    record: current
      ? { year: current.year, kind: current.kind, periodStart: current.periodStart, periodEnd: current.periodEnd }
      : null,
    netIncomeFen: net,
    perCapitaFen: net !== null && people > 0 ? perCapitaFen(net, people) : null,
    lineFen: line,
    belowLine,
    previousYearNetFen: previous ? netIncomeFen(previous) : null,
    rigidExpenseFen: current ? rigidExpenseFen(current, policy.suddenHardship.netOfInsuranceClaims) : null,
    rigidExpenseAbovePreviousIncome: null,
    sharpIncomeDrop: null,
  };
  explanations.push(
    ex(
      'S1.3.2.income_below_line',
      'S0 方案二 §二(一)；S1 §三(二)；S3 §三(一)',
      belowLine === null ? 'unknown' : yesNo(belowLine),
      belowLine === null
        ? {
            zh: current ? '没有计入的家庭人口，无法计算人均纯收入' : `${asOf} 没有已结束期间的收入记录，无法判断收入`,
            en: current
              ? 'no counted members: per-capita income cannot be computed'
              : `no income record whose period ended by ${asOf}: income cannot be judged`,
          }
        : {
            zh: `家庭纯收入 ${yuan(net)}，${people} 人，人均 ${yuan(income.perCapitaFen)}，${belowLine ? '低于' : '不低于'}监测范围 ${yuan(line)}/人·年`,
            en: `net income ${yuanEn(net)} for ${people}, ${yuanEn(income.perCapitaFen)} per person: ${belowLine ? 'below' : 'not below'} the line of ${yuanEn(line)} per person per year`,
          },
      {
        record: income.record,
        components: current
          ? {
              wageFen: current.wageFen,
              businessGrossFen: current.businessGrossFen,
              businessCostFen: current.businessCostFen,
              propertyFen: current.propertyFen,
              transferFen: current.transferFen,
            }
          : null,
        netIncomeFen: net,
        countedMembers: people,
        perCapitaFen: income.perCapitaFen,
      },
      {
        monitoringIncomeLineFen: line,
        lineTimesPeopleFen: people > 0 ? line * people : null,
        comparison: 'net < line × people',
      },
    ),
  );

  // --- rigid expenditure above last year's income; sharp drop (S1 §三(一)(二), §四(一)2)
  const sh = policy.suddenHardship;
  const risks: RiskFinding[] = [];
  if (current && income.rigidExpenseFen !== null) {
    const rigid = income.rigidExpenseFen;
    const prevNet = income.previousYearNetFen;
    const above =
      rigid === 0
        ? false
        : prevNet === null
          ? null
          : exceedsShare(rigid, prevNet, sh.rigidExpenseShareOfPreviousIncome);
    income.rigidExpenseAbovePreviousIncome = above;
    if (above) {
      if (current.medicalOutOfPocketFen > 0)
        risks.push({ riskType: 'illness', ruleId: 'S1.3.2.rigid_expense', kind: 'acute' });
      if (current.schoolingExpenseFen > 0)
        risks.push({ riskType: 'education', ruleId: 'S1.3.2.rigid_expense', kind: 'acute' });
      if (current.disasterLossFen > 0)
        risks.push({ riskType: 'natural_disaster', ruleId: 'S1.3.2.rigid_expense', kind: 'acute' });
    }
    explanations.push(
      ex(
        'S1.3.2.rigid_expense',
        'S1 §三(一)(二)、§四(一)2',
        above === null ? 'unknown' : yesNo(above),
        above === null
          ? {
              zh: `刚性支出 ${yuan(rigid)}，但没有 ${current.year - 1} 年度收入记录可比`,
              en: `rigid expenditure ${yuanEn(rigid)}, but no ${current.year - 1} annual record to compare with`,
            }
          : {
              zh: `刚性支出 ${yuan(rigid)}（医疗自付、教育、灾害损失${sh.netOfInsuranceClaims ? '，扣除理赔' : ''}）${above ? '明显超过' : '未超过'}上年度家庭纯收入 ${yuan(prevNet)} 的 ${sh.rigidExpenseShareOfPreviousIncome} 倍`,
              en: `rigid expenditure ${yuanEn(rigid)} (medical out-of-pocket, schooling, disaster loss${sh.netOfInsuranceClaims ? ', less insurance payouts' : ''}) is ${above ? 'above' : 'not above'} ${sh.rigidExpenseShareOfPreviousIncome} × last year's net income ${yuanEn(prevNet)}`,
            },
        {
          record: income.record,
          medicalOutOfPocketFen: current.medicalOutOfPocketFen,
          schoolingExpenseFen: current.schoolingExpenseFen,
          disasterLossFen: current.disasterLossFen,
          insuranceClaimFen: current.insuranceClaimFen,
          rigidExpenseFen: rigid,
          previousYearNetFen: prevNet,
        },
        {
          rigidExpenseShareOfPreviousIncome: sh.rigidExpenseShareOfPreviousIncome,
          netOfInsuranceClaims: sh.netOfInsuranceClaims,
          comparison: 'rigid > share × previous net',
        },
      ),
    );
    const drop = prevNet === null || prevNet <= 0 ? null : atOrBelowShare(net!, prevNet, sh.incomeDropToShare);
    income.sharpIncomeDrop = drop;
    explanations.push(
      ex(
        'S1.3.2.income_drop',
        'S1 §三(一)(二)、§四(一)4',
        drop === null ? 'unknown' : yesNo(drop),
        drop === null
          ? {
              zh: `没有 ${current.year - 1} 年度的正收入记录，无法判断收入是否大幅缩减`,
              en: `no positive ${current.year - 1} annual income to judge a sharp drop against`,
            }
          : {
              zh: `家庭纯收入 ${yuan(net)} ${drop ? '不超过' : '超过'}上年度 ${yuan(prevNet)} 的 ${sh.incomeDropToShare} 倍${drop ? '，收入大幅缩减' : ''}`,
              en: `net income ${yuanEn(net)} is ${drop ? 'at or below' : 'above'} ${sh.incomeDropToShare} × last year's ${yuanEn(prevNet)}${drop ? ': a sharp drop' : ''}`,
            },
        { record: income.record, netIncomeFen: net, previousYearNetFen: prevNet },
        { incomeDropToShare: sh.incomeDropToShare, comparison: 'net ≤ share × previous net' },
      ),
    );
  }

  // --- 两不愁三保障 and water (S0 plan two §三(二); S1 §三(二); S3 §三(一))
  const compulsoryAge = (age: number) => age >= inc.compulsoryEducationMinAge && age <= inc.compulsoryEducationMaxAge;
  const dropouts = counted.filter((c) => c.member.schoolStatus === 'dropout' && compulsoryAge(c.age));
  const uninsured = counted.filter((c) => c.member.medicalInsurance === MedicalInsurance.uninsured);
  const housingUnsafe = h.housingSafetyGrade !== null && warn.unsafeHousingGrades.includes(h.housingSafetyGrade);
  const g: GuaranteeCheck = {
    foodClothing: h.foodClothingSecure,
    compulsoryEducation: dropouts.length === 0,
    basicMedical: uninsured.length === 0,
    housing: !housingUnsafe,
    water: h.drinkingWaterSafe,
    electricity: h.electricityOk,
    telecom: h.telecomOk,
    secured: false,
    selfResolvable: h.guaranteesSelfResolvable,
  };
  g.secured = g.foodClothing && g.compulsoryEducation && g.basicMedical && g.housing && g.water;
  const failed = (
    [
      ['foodClothing', '吃穿', 'food and clothing'],
      ['compulsoryEducation', '义务教育', 'compulsory education'],
      ['basicMedical', '基本医疗', 'basic medical care'],
      ['housing', '住房安全', 'safe housing'],
      ['water', '饮水安全', 'safe drinking water'],
    ] as const
  ).filter(([k]) => !g[k]);
  explanations.push(
    ex(
      'S3.3.1.guarantees',
      'S0 方案二 §三(二)；S1 §三(二)；S3 §三(一)',
      yesNo(g.secured),
      g.secured
        ? {
            zh: `两不愁三保障及饮水安全均有保障${g.electricity && g.telecom ? '' : `（另：${g.electricity ? '' : '生活用电'}${g.electricity || g.telecom ? '' : '、'}${g.telecom ? '' : '通讯'}未达标）`}`,
            en: `food, clothing, the three guarantees and water are secured${g.electricity && g.telecom ? '' : ` (note: ${[g.electricity ? '' : 'electricity', g.telecom ? '' : 'telecom'].filter(Boolean).join(' and ')} not up to standard)`}`,
          }
        : {
            zh: `未保障：${failed.map((f) => f[1]).join('、')}；${g.selfResolvable ? '经核实农户可自身解决' : '农户自身无法解决'}`,
            en: `not secured: ${failed.map((f) => f[2]).join(', ')}; ${g.selfResolvable ? 'the household can solve it itself' : 'the household cannot solve it itself'}`,
          },
      {
        foodClothingSecure: h.foodClothingSecure,
        compulsoryAgeDropouts: dropouts.map(memberRef),
        membersWithoutBasicMedicalInsurance: uninsured.map(memberRef),
        housingSafetyGrade: h.housingSafetyGrade,
        drinkingWaterSafe: h.drinkingWaterSafe,
        electricityOk: h.electricityOk,
        telecomOk: h.telecomOk,
        guaranteesSelfResolvable: h.guaranteesSelfResolvable,
      },
      {
        unsafeHousingGrades: warn.unsafeHousingGrades,
        compulsoryEducationAges: [inc.compulsoryEducationMinAge, inc.compulsoryEducationMaxAge],
      },
    ),
  );

  // --- risk types found in the facts (S1 §四(一) screening triggers; DOMAIN §4.4)
  const lifted = h.householdType === 'lifted_household' || h.monitoring.status !== 'not_monitored';
  const riskRule = (
    ruleId: string,
    source: string,
    riskType: RiskType,
    kind: RiskFinding['kind'],
    found: boolean,
    message: { zh: string; en: string },
    facts: Record<string, unknown>,
    threshold: Record<string, unknown> = {},
  ) => {
    if (found) risks.push({ riskType, ruleId, kind });
    explanations.push(ex(ruleId, source, yesNo(found), message, { riskType, ...facts }, threshold));
  };

  const seriouslyIll = counted.filter((c) => SEVERE_ILLNESS.includes(c.member.healthStatus));
  riskRule(
    'S1.4.1.2.serious_illness',
    'S1 §三(一)、§四(一)2',
    'illness',
    'condition',
    seriouslyIll.length > 0,
    seriouslyIll.length
      ? { zh: `有 ${seriouslyIll.length} 名家庭成员患大病重病`, en: `${seriouslyIll.length} member(s) seriously ill` }
      : { zh: '没有患大病重病的家庭成员', en: 'no seriously ill member' },
    { members: seriouslyIll.map((c) => ({ ...memberRef(c), healthStatus: c.member.healthStatus })) },
  );

  if (current) {
    const medLimit = lifted ? warn.medicalOutOfPocketLiftedFen : warn.medicalOutOfPocketFen;
    const med = current.medicalOutOfPocketFen;
    const overAmount = med > medLimit;
    const overShare =
      previous !== undefined && med > 0 && exceedsShare(med, netIncomeFen(previous), warn.medicalShareOfPreviousIncome);
    riskRule(
      'S1.4.1.2.medical_burden',
      'S1 §三(一)、§四(一)2',
      'illness',
      'acute',
      overAmount || overShare,
      {
        zh: `医疗自付 ${yuan(med)}${overAmount || overShare ? '，负担较重' : '，未超过预警线'}（${lifted ? '脱贫户/监测户' : '一般农户'}线 ${yuan(medLimit)}，或上年度纯收入的 ${warn.medicalShareOfPreviousIncome} 倍）`,
        en: `medical out-of-pocket ${yuanEn(med)}${overAmount || overShare ? ': a heavy burden' : ': below the warning level'} (${lifted ? 'lifted/monitored' : 'general'} limit ${yuanEn(medLimit)}, or ${warn.medicalShareOfPreviousIncome} × last year's net income)`,
      },
      { medicalOutOfPocketFen: med, previousYearNetFen: income.previousYearNetFen, liftedOrMonitored: lifted },
      { medicalOutOfPocketLimitFen: medLimit, medicalShareOfPreviousIncome: warn.medicalShareOfPreviousIncome },
    );
    const school = current.schoolingExpenseFen;
    riskRule(
      'S1.4.1.2.schooling_costs',
      'S1 §四(一)2',
      'education',
      'acute',
      school > warn.schoolingSelfPayFen,
      {
        zh: `教育支出 ${yuan(school)}，${school > warn.schoolingSelfPayFen ? '超过' : '未超过'} ${yuan(warn.schoolingSelfPayFen)}`,
        en: `schooling costs ${yuanEn(school)}: ${school > warn.schoolingSelfPayFen ? 'above' : 'not above'} ${yuanEn(warn.schoolingSelfPayFen)}`,
      },
      { schoolingExpenseFen: school },
      { schoolingSelfPayFen: warn.schoolingSelfPayFen },
    );
    const loss = current.disasterLossFen;
    riskRule(
      'S1.4.1.6.disaster_loss',
      'S0 方案二 §一、§三(二)；S1 §四(一)6',
      'natural_disaster',
      'acute',
      loss > warn.disasterLossFen,
      {
        zh: `灾害损失 ${yuan(loss)}，${loss > warn.disasterLossFen ? '超过' : '未超过'} ${yuan(warn.disasterLossFen)}`,
        en: `disaster loss ${yuanEn(loss)}: ${loss > warn.disasterLossFen ? 'above' : 'not above'} ${yuanEn(warn.disasterLossFen)}`,
      },
      { disasterLossFen: loss },
      { disasterLossFen: warn.disasterLossFen },
    );
  }

  const severe = counted.filter(
    (c) => c.member.disabilityGrade !== null && c.member.disabilityGrade <= warn.severeDisabilityMaxGrade,
  );
  riskRule(
    'S1.4.1.3.severe_disability',
    'S1 §三(一)、§四(一)3',
    'disability',
    'condition',
    severe.length > 0,
    severe.length
      ? { zh: `有 ${severe.length} 名重度残疾人`, en: `${severe.length} severely disabled member(s)` }
      : { zh: '没有重度残疾的家庭成员', en: 'no severely disabled member' },
    {
      members: severe.map((c) => ({
        ...memberRef(c),
        disabilityCategory: c.member.disabilityCategory,
        disabilityGrade: c.member.disabilityGrade,
      })),
    },
    { severeDisabilityMaxGrade: warn.severeDisabilityMaxGrade },
  );

  // 失能失智老年人: elderly with an intellectual or mental disability (失智), or disabled and unable to work (失能)
  const frail = counted.filter(
    (c) =>
      c.age >= inc.elderlyAge &&
      (c.member.disabilityCategory === 'intellectual' ||
        c.member.disabilityCategory === 'mental' ||
        (c.member.disabilityCategory !== null && c.member.laborCapacity === 'lost')),
  );
  riskRule(
    'S1.4.1.5.frail_elderly',
    'S1 §三(一)、§四(一)5',
    'disability',
    'condition',
    frail.length > 0,
    frail.length
      ? { zh: `有 ${frail.length} 名失能失智老年人`, en: `${frail.length} disabled or demented elderly member(s)` }
      : { zh: '没有失能失智老年人', en: 'no disabled or demented elderly member' },
    {
      members: frail.map((c) => ({
        ...memberRef(c),
        disabilityCategory: c.member.disabilityCategory,
        laborCapacity: c.member.laborCapacity,
      })),
    },
    { elderlyAge: inc.elderlyAge },
  );

  const workers = counted.filter((c) => WORKING_CAPACITY.includes(c.member.laborCapacity));
  riskRule(
    'S1.4.1.1.lack_of_labor',
    'S1 §四(一)1、§五(三)',
    'lack_of_labor',
    'condition',
    people > 0 && workers.length === 0,
    workers.length
      ? { zh: `有 ${workers.length} 名劳动力`, en: `${workers.length} member(s) able to work` }
      : { zh: '家中没有普通或技能劳动力', en: 'no member with ordinary or skilled labour capacity' },
    { laborCapacities: counted.map((c) => ({ ...memberRef(c), laborCapacity: c.member.laborCapacity })) },
    { workingCapacities: WORKING_CAPACITY },
  );

  riskRule(
    'S3.3.1.housing_unsafe',
    'S0 方案二 §三(二)；S3 §三(一)',
    'housing_unsafe',
    'acute',
    housingUnsafe,
    housingUnsafe
      ? {
          zh: `住房鉴定为 ${h.housingSafetyGrade} 级危房`,
          en: `housing appraised as grade ${h.housingSafetyGrade} (unsafe)`,
        }
      : { zh: '住房安全', en: 'housing safe' },
    { housingSafetyGrade: h.housingSafetyGrade, housingStructure: h.housingStructure },
    { unsafeHousingGrades: warn.unsafeHousingGrades },
  );
  riskRule(
    'S3.3.1.water_unsafe',
    'S0 方案二 §三(二)；S1 §三(二)；S3 §三(一)',
    'water_unsafe',
    'acute',
    !h.drinkingWaterSafe,
    h.drinkingWaterSafe
      ? { zh: '饮水安全', en: 'drinking water safe' }
      : { zh: `饮水不安全${h.waterIssue ? `：${h.waterIssue}` : ''}`, en: 'drinking water unsafe' },
    { drinkingWaterSafe: h.drinkingWaterSafe, waterIssue: h.waterIssue ?? null },
  );
  riskRule(
    'S3.3.1.school_dropout',
    'S3 §三(一)',
    'school_dropout',
    'acute',
    dropouts.length > 0,
    dropouts.length
      ? {
          zh: `有 ${dropouts.length} 名义务教育阶段适龄儿童失学辍学`,
          en: `${dropouts.length} compulsory-age child(ren) out of school`,
        }
      : { zh: '没有义务教育阶段失学辍学', en: 'no compulsory-age child out of school' },
    { members: dropouts.map(memberRef) },
    { compulsoryEducationAges: [inc.compulsoryEducationMinAge, inc.compulsoryEducationMaxAge] },
  );

  // events: accidents, disasters, job loss, failed projects... current unless resolved or older than the look-back
  const lookbackStart = addMonths(asOf, -inc.eventLookbackMonths);
  const events = h.riskEvents
    .filter(
      (e) => e.occurredOn <= asOf && e.occurredOn > lookbackStart && (e.resolvedOn === null || e.resolvedOn > asOf),
    )
    .sort((a, b) => (a.occurredOn < b.occurredOn ? 1 : a.occurredOn > b.occurredOn ? -1 : 0));
  for (const e of events) risks.push({ riskType: e.riskType, ruleId: 'S1.4.1.6.risk_event', kind: 'acute' });
  explanations.push(
    ex(
      'S1.4.1.6.risk_event',
      'S0 方案二 §一；S1 §四(一)1、6、7',
      yesNo(events.length > 0),
      events.length
        ? {
            zh: `近 ${inc.eventLookbackMonths} 个月内未解决的风险事件：${events.map((e) => `${RiskType.labels[e.riskType].zh}（${e.occurredOn}）`).join('、')}`,
            en: `unresolved events in the last ${inc.eventLookbackMonths} months: ${events.map((e) => `${RiskType.labels[e.riskType].en} (${e.occurredOn})`).join(', ')}`,
          }
        : {
            zh: `近 ${inc.eventLookbackMonths} 个月内没有未解决的风险事件`,
            en: `no unresolved event in the last ${inc.eventLookbackMonths} months`,
          },
      {
        events: events.map((e) => ({
          riskType: e.riskType,
          disasterSubtype: e.disasterSubtype,
          occurredOn: e.occurredOn,
          lossFen: e.lossFen,
        })),
      },
      { eventLookbackMonths: inc.eventLookbackMonths, lookbackAfter: lookbackStart },
    ),
  );
  const disasterSubtype =
    events.find((e) => e.riskType === 'natural_disaster' && e.disasterSubtype !== null)?.disasterSubtype ?? null;

  // a sharp income drop with no cause found in the facts is still a risk (S0 plan two §三(一); S1 §四(一)4)
  if (income.sharpIncomeDrop === true && risks.length === 0) {
    risks.push({ riskType: 'other', ruleId: 'S1.3.2.income_drop', kind: 'acute' });
  }

  // --- 整户无劳动能力 (S1 §四(四); S3 §三(七))
  const noLaborCapacity = people > 0 && counted.every((c) => NO_CAPACITY.includes(c.member.laborCapacity));
  const onAssistance = h.receivesDibao || h.isTekun || counted.some((c) => c.member.receivesDibao || c.member.isTekun);
  const mainlyTransfers =
    current !== undefined && current.transferFen * 2 >= grossIncomeFen(current) && current.transferFen > 0;
  const livesOnSocialSecurity = onAssistance || mainlyTransfers;
  explanations.push(
    ex(
      'S3.3.7.whole_household_no_labor',
      'S1 §四(四)；S3 §三(七)',
      yesNo(noLaborCapacity),
      noLaborCapacity
        ? {
            zh: `全户无劳动能力${livesOnSocialSecurity ? '，主要依靠社会保障维持基本生活' : ''}；${h.monitoring.wholeHouseholdNoLabor ? '已' : '未'}标注整户无劳动能力`,
            en: `no member can work${livesOnSocialSecurity ? ', living mainly on social security' : ''}; the no-labour flag is ${h.monitoring.wholeHouseholdNoLabor ? 'set' : 'not set'}`,
          }
        : { zh: '家中有劳动能力的成员', en: 'some member can work' },
      {
        laborCapacities: counted.map((c) => ({ ...memberRef(c), laborCapacity: c.member.laborCapacity })),
        receivesDibaoOrTekun: onAssistance,
        transferFen: current?.transferFen ?? null,
        grossIncomeFen: current ? grossIncomeFen(current) : null,
        flagged: h.monitoring.wholeHouseholdNoLabor,
      },
      { noCapacity: NO_CAPACITY, mainlyTransfers: 'transfer × 2 ≥ gross income' },
    ),
  );

  const stableIncome = incomeStablyAboveLine(
    h.incomes,
    people,
    line,
    asOf,
    policy.eliminationGuards.stableIncomeMonths,
  );

  return {
    household: h,
    asOf,
    counted,
    current,
    previous,
    income,
    guarantees: g,
    risks,
    disasterSubtype,
    noLaborCapacity,
    livesOnSocialSecurity,
    stableIncome,
    explanations,
  };
}

/** Distinct risk types in the order of the RiskType enum (the national form keeps up to five). */
export function riskTypesOf(risks: readonly RiskFinding[]): RiskType[] {
  const found = new Set(risks.map((r) => r.riskType));
  return RiskType.values.filter((t) => found.has(t));
}
