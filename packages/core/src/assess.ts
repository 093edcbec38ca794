import { addMonths, isIsoDate } from './dates.js';
import type { DisasterSubtype, MonitoringCategory, MonitoringStatus } from './enums.js';
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
import { fenToYuan, type ResolvedPolicy } from './policy.js';

/**
 * Identification (识别) of one household on a date under one policy: is it in the monitoring scope, in which
 * category, with which risks, which exclusions apply, and how do 两不愁三保障 and water stand. Pure: the
 * household's facts and the policy come in, an explained conclusion goes out. Rule ids name their seed
 * paragraph; docs/assessment.md lists them all.
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

const SEVERE_ILLNESS: MemberFacts['healthStatus'][] = ['serious_illness'];
const WORKING_CAPACITY: MemberFacts['laborCapacity'][] = ['skilled', 'ordinary'];
const NO_CAPACITY: MemberFacts['laborCapacity'][] = ['lost', 'none'];
const CHILD_RELATIONS = new Set(['child', 'son', 'daughter']);

function memberRef(c: { index: number; member: MemberFacts; age: number }): Record<string, unknown> {
  return { index: c.index, relation: c.member.relation, age: c.age };
}

function yuan(fen: number | null): string {
  return fen === null ? '—' : `${fenToYuan(fen)}元`;
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
            en: `net income ${yuan(net)} for ${people}, ${yuan(income.perCapitaFen)} per person: ${belowLine ? 'below' : 'not below'} the line of ${yuan(line)} per person per year`,
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
              en: `rigid expenditure ${yuan(rigid)}, but no ${current.year - 1} annual record to compare with`,
            }
          : {
              zh: `刚性支出 ${yuan(rigid)}（医疗自付、教育、灾害损失${sh.netOfInsuranceClaims ? '，扣除理赔' : ''}）${above ? '明显超过' : '未超过'}上年度家庭纯收入 ${yuan(prevNet)} 的 ${sh.rigidExpenseShareOfPreviousIncome} 倍`,
              en: `rigid expenditure ${yuan(rigid)} (medical out-of-pocket, schooling, disaster loss${sh.netOfInsuranceClaims ? ', less insurance payouts' : ''}) is ${above ? 'above' : 'not above'} ${sh.rigidExpenseShareOfPreviousIncome} × last year's net income ${yuan(prevNet)}`,
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
              en: `net income ${yuan(net)} is ${drop ? 'at or below' : 'above'} ${sh.incomeDropToShare} × last year's ${yuan(prevNet)}${drop ? ': a sharp drop' : ''}`,
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
      'S1 §三(一)、§四(一)2；DOMAIN §6 医保',
      'illness',
      'acute',
      overAmount || overShare,
      {
        zh: `医疗自付 ${yuan(med)}${overAmount || overShare ? '，负担较重' : '，未超过预警线'}（${lifted ? '脱贫户/监测户' : '一般农户'}线 ${yuan(medLimit)}，或上年度纯收入的 ${warn.medicalShareOfPreviousIncome} 倍）`,
        en: `medical out-of-pocket ${yuan(med)}${overAmount || overShare ? ': a heavy burden' : ': below the warning level'} (${lifted ? 'lifted/monitored' : 'general'} limit ${yuan(medLimit)}, or ${warn.medicalShareOfPreviousIncome} × last year's net income)`,
      },
      { medicalOutOfPocketFen: med, previousYearNetFen: income.previousYearNetFen, liftedOrMonitored: lifted },
      { medicalOutOfPocketLimitFen: medLimit, medicalShareOfPreviousIncome: warn.medicalShareOfPreviousIncome },
    );
    const school = current.schoolingExpenseFen;
    riskRule(
      'S1.4.1.2.schooling_costs',
      'S1 §四(一)2；DOMAIN §6 教育',
      'education',
      'acute',
      school > warn.schoolingSelfPayFen,
      {
        zh: `教育支出 ${yuan(school)}，${school > warn.schoolingSelfPayFen ? '超过' : '未超过'} ${yuan(warn.schoolingSelfPayFen)}`,
        en: `schooling costs ${yuan(school)}: ${school > warn.schoolingSelfPayFen ? 'above' : 'not above'} ${yuan(warn.schoolingSelfPayFen)}`,
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
        en: `disaster loss ${yuan(loss)}: ${loss > warn.disasterLossFen ? 'above' : 'not above'} ${yuan(warn.disasterLossFen)}`,
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
    'S3 §三(一)；DOMAIN §4.4',
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
                en: `only home is mud-brick, but per-capita income has been above ${yuan(policy.monitoringIncomeLineFen)} for ${policy.eliminationGuards.stableIncomeMonths} months and no member is seriously ill, disabled or has lost labour: not taken into monitoring`,
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
