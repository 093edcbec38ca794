import {
  ELIMINATION_STAGES,
  IDENTIFICATION_STAGES,
  makeIdNumber,
  monitoringStatusOf,
  SIGNAL_RULES,
  type CaseActor,
  type CasePolicy,
  type CaseStage,
  type DisasterSubtype,
  type HousingSafetyGrade,
  type HousingStructure,
  type IsoDate,
  type LeadChannel,
  type LeadSubChannel,
  type MeasureCategory,
  type MeasureType,
  type MonitoringCategory,
  type ResolvedPolicy,
  type RiskType,
  type SignalType,
} from '@dixian/core';
import { addDays, addMonths, endOfMonth, startOfMonth } from './days.js';
import {
  givenName,
  GROUP_NAMES,
  NATURAL_VILLAGE_SUFFIXES,
  REJECTION_REASONS,
  VISIT_NOTES,
  WATER_ISSUES,
} from './catalog.js';
import { playCases, type CaseSpec, type PlayedCase } from './cases.js';
import { fen, naturalIncome, netYuan, rigidExpenses, scaledYear, scaleToNet, type IncomeYear } from './incomes.js';
import {
  birthDateForAge,
  canWork,
  generateMembers,
  isSevereDisability,
  makeDisabled,
  makeIll,
  mobilePhone,
  publicWelfareJob,
  surname,
  type MemberDraft,
} from './members.js';
import { hash32, hashString, Rng, seededUuid, type TaggedTable } from './random.js';
import { emptyChunk, type SeedChunk, type SeedRow } from './tables.js';

/**
 * The demo data generator (issue 2 §4): realistic rural households on a county's real villages, with members,
 * incomes, living conditions, social assistance, visits, leads, department warnings and cases in every stage.
 * Pure and deterministic: the rows depend only on (seed, county, villages with their household counts, asOf,
 * policy), never on the chunk size, so a county can be generated in streaming chunks with flat memory.
 */

export interface VillageInfo {
  code: string;
  name: string;
  townshipCode: string;
  townshipName: string;
}

export interface CountyInfo {
  code: string;
  name: string;
  prefectureName: string;
  provinceName: string;
  /** rural villages (region.is_rural), ordered by code */
  villages: VillageInfo[];
  /** every township of the county that has rural villages */
  townships: { code: string; name: string }[];
}

export interface SeedPolicy {
  policy: ResolvedPolicy;
  /** policy.id of the most specific record in force (null when the record is not stored) */
  policyId: string | null;
}

export interface CountyPlan {
  county: CountyInfo;
  /** households per village, same order as county.villages */
  households: number[];
}

export interface GeneratorOptions {
  seed: number;
  asOf: IsoDate;
  policyAt(date: IsoDate): SeedPolicy;
  chunkSize?: number;
}

/** The 32-bit tag of a seed that starts every generated uuid. */
export function seedTagOf(seed: number): number {
  return hash32(0x5eed, seed >>> 0, Math.floor(seed / 2 ** 32));
}

// ---------------------------------------------------------------------------------------------------------
// Rates. A household has a case with probability P_CASE; its stage and category follow these weights.

const P_CASE_LIFTED = 0.2;
const P_CASE_GENERAL = 0.062;

const STAGE_WEIGHTS: readonly (readonly [CaseStage, number])[] = [
  ['verifying', 3],
  ['commitment_signed', 2.5],
  ['village_reviewed', 2],
  ['publicizing', 3],
  ['township_reviewed', 2],
  ['monitoring', 42],
  ['rejected', 6],
  ['elimination_proposed', 2.5],
  ['elimination_village_reviewed', 2],
  ['elimination_publicizing', 2],
  ['elimination_township_reviewed', 2],
  ['eliminated', 31],
];

const DISASTER_SUBTYPES: readonly (readonly [DisasterSubtype, number])[] = [
  ['flood', 35],
  ['meteorological', 20],
  ['geological', 15],
  ['drought', 15],
  ['biological', 10],
  ['earthquake', 2],
  ['other', 3],
];

const RISK_SIGNAL: Partial<Record<RiskType, SignalType[]>> = {
  illness: ['medical_out_of_pocket', 'serious_illness'],
  disability: ['severe_disability'],
  housing_unsafe: ['unsafe_housing'],
  natural_disaster: ['disaster_loss'],
  accident: ['disaster_loss'],
  school_dropout: ['school_dropout'],
  education: ['schooling_self_pay'],
  unstable_employment: ['main_earner_unemployed'],
  industry_failure: ['industry_failure'],
  water_unsafe: ['water_outage'],
};

const RISK_TEXT: Record<RiskType, string> = {
  illness: '家庭成员患病,医疗自付费用较高',
  disability: '家庭成员残疾,生活负担重',
  education: '子女上学费用负担重',
  natural_disaster: '遭受自然灾害,房屋和农作物受损',
  accident: '主要劳动力发生意外事故',
  industry_failure: '种植养殖项目亏损',
  unstable_employment: '务工收入不稳定,外出务工中断',
  lack_of_labor: '家庭缺少劳动力',
  housing_unsafe: '住房鉴定为危房',
  water_unsafe: '饮水存在安全问题',
  school_dropout: '义务教育阶段子女失学辍学',
  epidemic: '受疫情影响收入减少',
  other: '其他原因导致生活困难',
};

const MEASURE_OF: Record<MeasureType, { category: MeasureCategory; department: string; subTypes: string[] }> = {
  industry: { category: 'industry', department: 'agriculture', subTypes: ['种植业', '养殖业', '林下经济', '庭院经济'] },
  finance: { category: 'industry', department: 'rural_revitalization', subTypes: ['脱贫人口小额信贷'] },
  employment: {
    category: 'employment',
    department: 'human_resources',
    subTypes: ['转移就业', '就业技能培训', '就近就业'],
  },
  public_welfare_job: { category: 'employment', department: 'human_resources', subTypes: ['乡村公益性岗位'] },
  housing_security: { category: 'comprehensive_security', department: 'housing', subTypes: ['农村危房改造'] },
  water_security: { category: 'comprehensive_security', department: 'water', subTypes: ['饮水安全巩固提升'] },
  health: {
    category: 'comprehensive_security',
    department: 'health',
    subTypes: ['家庭医生签约', '医疗救助', '大病专项救治'],
  },
  compulsory_education: { category: 'comprehensive_security', department: 'education', subTypes: ['控辍保学劝返'] },
  other_education: { category: 'morale_and_skills', department: 'education', subTypes: ['雨露计划', '教育资助'] },
  comprehensive_security: {
    category: 'comprehensive_security',
    department: 'civil_affairs',
    subTypes: ['农村低保', '特困供养', '残疾人两项补贴', '临时救助'],
  },
  morale_and_skills: {
    category: 'morale_and_skills',
    department: 'rural_revitalization',
    subTypes: ['扶志教育', '实用技术培训'],
  },
  social_assistance: {
    category: 'social_assistance',
    department: 'rural_revitalization',
    subTypes: ['防贫保险', '慈善帮扶'],
  },
  relocation: {
    category: 'comprehensive_security',
    department: 'rural_revitalization',
    subTypes: ['易地搬迁后续扶持'],
  },
  living_conditions: { category: 'comprehensive_security', department: 'agriculture', subTypes: ['人居环境改善'] },
  infrastructure: { category: 'comprehensive_security', department: 'agriculture', subTypes: ['道路硬化'] },
};

// most dangerous houses were rebuilt by 2020 (农村危房改造); C and D remain rare, mostly in mud-brick homes
const GRADES: Record<HousingStructure, [number, number, number, number]> = {
  brick_concrete: [78, 21.7, 0.25, 0.05],
  brick_wood: [50, 47, 2.5, 0.5],
  mud_brick: [20, 65, 12, 3],
  wood: [35, 60, 4, 1],
  other: [45, 52, 2.5, 0.5],
};

const DEVELOPMENTAL: MeasureType[] = ['industry', 'employment', 'finance', 'public_welfare_job'];

// ---------------------------------------------------------------------------------------------------------

/** ID numbers unique within a county: per birth date and sex, sequences are handed out without repeats. */
class IdNumbers {
  private readonly used = new Map<string, number>();
  constructor(
    private readonly county: string,
    private readonly seedTag: number,
  ) {}

  make(birthDate: IsoDate, sex: 'male' | 'female'): string {
    const key = birthDate + sex[0];
    const n = this.used.get(key) ?? 0;
    if (n >= 500) {
      throw new Error(
        `县 ${this.county} 在 ${birthDate} 出生的${sex === 'male' ? '男' : '女'}性超过 500 人,顺序码用尽 / sequence codes exhausted`,
      );
    }
    this.used.set(key, n + 1);
    // 7 is coprime with 500, so k runs through 500 distinct values before repeating
    const k = (hash32(this.seedTag, hashString(key)) + n * 7) % 500;
    return makeIdNumber(this.county, birthDate, 2 * k + (sex === 'male' ? 1 : 0), sex);
  }
}

interface VillageExtras {
  naturalVillages: string[];
  cadres: { name: string; phone: string }[];
}

interface CountyCtx {
  seed: number;
  seedTag: number;
  county: CountyInfo;
  countyNum: number;
  asOf: IsoDate;
  years: number[];
  policy: ResolvedPolicy;
  policyId: string | null;
  policyAt(date: IsoDate): SeedPolicy;
  casePolicyAt(date: IsoDate): CasePolicy & { minMonthsMonitored: number };
  ids: IdNumbers;
  actors: { village: CaseActor; township: CaseActor; county: CaseActor };
  screeningStart: IsoDate;
  villageExtras: Map<string, VillageExtras>;
}

const at = (day: IsoDate, hour = 9, minute = 0) =>
  `${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`;

function villageExtras(ctx: CountyCtx, v: VillageInfo): VillageExtras {
  let e = ctx.villageExtras.get(v.code);
  if (e) return e;
  const rng = new Rng(ctx.seedTag, hashString(v.code), 0x7111);
  const names = new Set<string>();
  const n = rng.int(3, 7);
  while (names.size < n) {
    names.add(rng.chance(0.4) ? rng.pick(GROUP_NAMES) : `${surname(rng)}家${rng.pick(NATURAL_VILLAGE_SUFFIXES)}`);
  }
  const cadres = Array.from({ length: rng.int(2, 4) }, () => {
    const sex = rng.chance(0.7) ? 'male' : 'female';
    return { name: surname(rng) + givenName(rng, sex, 1975), phone: mobilePhone(rng) };
  });
  e = { naturalVillages: [...names], cadres };
  ctx.villageExtras.set(v.code, e);
  return e;
}

/**
 * Generate a county's households in chunks. Each chunk holds whole households; concatenating the chunks gives
 * the same rows whatever the chunk size.
 */
export function* generateCounty(plan: CountyPlan, opts: GeneratorOptions): Generator<SeedChunk> {
  const chunkSize = opts.chunkSize ?? 2000;
  const { county } = plan;
  const seedTag = seedTagOf(opts.seed);
  const countyNum = Number(county.code);
  const asOf = opts.asOf;
  const asOfYear = Number(asOf.slice(0, 4));
  const { policy, policyId } = opts.policyAt(asOf);
  const caseCache = new Map<string, CasePolicy & { minMonthsMonitored: number }>();
  const actorId = (n: number) => seededUuid(seedTag, countyNum, 'household', 0xffffffff, n);
  const crng = new Rng(seedTag, countyNum, 0xc0);
  const ctx: CountyCtx = {
    seed: opts.seed,
    seedTag,
    county,
    countyNum,
    asOf,
    years: [asOfYear - 3, asOfYear - 2, asOfYear - 1],
    policy,
    policyId,
    policyAt: opts.policyAt,
    casePolicyAt: (date) => {
      const sp = opts.policyAt(date);
      const key = sp.policy.versionLabel;
      let cp = caseCache.get(key);
      if (!cp) {
        cp = {
          deadlines: sp.policy.deadlines,
          versionLabel: sp.policy.versionLabel,
          minMonthsMonitored: sp.policy.eliminationGuards.minMonthsMonitored,
        };
        caseCache.set(key, cp);
      }
      return cp;
    },
    ids: new IdNumbers(county.code, seedTag),
    actors: {
      village: { id: actorId(1), role: 'village_cadre', scopeCode: county.code },
      township: { id: actorId(2), role: 'township_officer', scopeCode: county.code },
      county: { id: actorId(3), role: 'county_officer', scopeCode: county.code },
    },
    // the yearly full screening (集中排查, S3 §三(二)) ran in a six-week campaign within the last year
    screeningStart: addDays(asOf, -crng.int(60, 300)),
    villageExtras: new Map(),
  };

  let chunk = emptyChunk();
  ledgerTasks(ctx, chunk);
  let index = 0;
  for (let v = 0; v < county.villages.length; v++) {
    const village = county.villages[v]!;
    const count = plan.households[v] ?? 0;
    for (let i = 0; i < count; i++) {
      generateHousehold(ctx, village, index++, i, chunk);
      chunk.households++;
      if (chunk.households >= chunkSize) {
        yield chunk;
        chunk = emptyChunk();
      }
    }
    ctx.villageExtras.delete(village.code);
  }
  if (chunk.households || Object.values(chunk.rows).some((r) => r.length)) yield chunk;
}

/** 排查任务台账 (S3 §五): one screening task per township and inspection area, in various states. */
function ledgerTasks(ctx: CountyCtx, chunk: SeedChunk): void {
  const areas = [
    'publicity',
    'visits_and_screening',
    'warning_push',
    'inclusion',
    'assistance',
    'elimination',
    'no_labor_flag',
    'data_quality',
  ] as const;
  const labels: Record<(typeof areas)[number], string> = {
    publicity: '防返贫宣传',
    visits_and_screening: '日常走访和集中排查',
    warning_push: '风险预警推送',
    inclusion: '监测对象纳入',
    assistance: '帮扶及时精准',
    elimination: '风险消除应消尽消',
    no_labor_flag: '整户无劳动能力应标尽标',
    data_quality: '系统数据精准',
  };
  let n = 0;
  const created = ctx.screeningStart;
  for (const t of ctx.county.townships) {
    const rng = new Rng(ctx.seedTag, hashString(t.code), 0x1ed9);
    for (const area of areas) {
      const status = rng.weighted([
        ['open', 20],
        ['rectifying', 25],
        ['verified', 20],
        ['closed', 35],
      ] as const);
      const deadline = addDays(created, 45);
      chunk.rows.ledger_item.push({
        id: seededUuid(ctx.seedTag, ctx.countyNum, 'ledger_item', 0xfffffffe, n++),
        ledger: 'screening_task',
        area,
        county_code: ctx.county.code,
        region_code: t.code,
        household_id: null,
        parent_item_id: null,
        title: `${t.name}${labels[area]}排查`,
        description: `按专项整治方案(S3 §三)对${t.name}开展${labels[area]}排查`,
        plan: '逐村逐户排查,建立问题清单,实行销号管理',
        deadline,
        status,
        closed_on: status === 'closed' ? minDate(addDays(created, rng.int(10, 45)), ctx.asOf) : null,
        created_at: at(created),
      });
    }
  }
}

function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

type Story = 'natural' | 'below' | 'above' | 'sudden' | 'rejected';

function riskCandidates(
  members: MemberDraft[],
  grade: HousingSafetyGrade,
  waterSafe: boolean,
): { risk: RiskType; weight: number }[] {
  const out: { risk: RiskType; weight: number }[] = [];
  const ill = members.filter((m) => m.healthStatus !== 'healthy');
  if (ill.length) out.push({ risk: 'illness', weight: ill.some((m) => m.healthStatus === 'serious_illness') ? 5 : 2 });
  if (members.some((m) => m.disabilityGrade !== null))
    out.push({ risk: 'disability', weight: members.some(isSevereDisability) ? 4 : 1.5 });
  if (
    members.some((m) =>
      ['senior_secondary', 'vocational_secondary', 'higher_vocational', 'undergraduate'].includes(m.schoolStatus),
    )
  )
    out.push({ risk: 'education', weight: 2 });
  if (!members.some((m) => canWork(m.laborCapacity))) out.push({ risk: 'lack_of_labor', weight: 4 });
  if (grade === 'C' || grade === 'D') out.push({ risk: 'housing_unsafe', weight: 3 });
  if (!waterSafe) out.push({ risk: 'water_unsafe', weight: 2 });
  if (members.some((m) => m.schoolStatus === 'dropout')) out.push({ risk: 'school_dropout', weight: 5 });
  if (members.some((m) => m.migrant && (m.workMonths ?? 12) <= 7))
    out.push({ risk: 'unstable_employment', weight: 1.5 });
  return out;
}

interface RiskEventDraft {
  riskType: RiskType;
  disasterSubtype: DisasterSubtype | null;
  member: number | null;
  lossYuan: number | null;
}

/**
 * One household with everything that hangs off it. `index` numbers households within the county (ids and the
 * random stream derive from it); `seqInVillage` numbers them within their village (the household number).
 */
/**
 * One household with everything about it, generated entity by entity: each step reads what the steps before
 * produced and draws from the household's one random stream in the same order as ever, so a seed gives the
 * same rows.
 */
function generateHousehold(
  ctx: CountyCtx,
  village: VillageInfo,
  index: number,
  seqInVillage: number,
  chunk: SeedChunk,
): void {
  const g0 = householdStart(ctx, village, index, seqInVillage, chunk);
  const g1 = Object.assign(g0, people(g0));
  const g2 = Object.assign(g1, housing(g1));
  const g3 = Object.assign(g2, relatives(g2));
  const g4 = Object.assign(g3, storyStart(g3));
  const g5 = Object.assign(g4, storyRisks(g4));
  const g6 = Object.assign(g5, storyEnd(g5));
  const g7 = Object.assign(g6, assistance(g6));
  const g8 = Object.assign(g7, incomeLatest(g7));
  const g9 = Object.assign(g8, incomePast(g8));
  const g9cases = Object.assign(g9, cases(g9));
  const g10 = Object.assign(g9cases, playCase(g9cases));
  const g11 = Object.assign(g10, riskEvents(g10));
  const g12 = Object.assign(g11, memberRows(g11));
  relativeRows(g12);
  incomeRows(g12);
  const g15 = Object.assign(g12, leadHelpers(g12));
  const g16 = Object.assign(g15, warningHelper(g15));
  caseLeads(g16);
  const g18 = Object.assign(g16, spontaneousLeads(g16));
  caseSideTables(g18);
  const g20 = Object.assign(g18, assistanceCases(g18));
  const g21 = Object.assign(g20, relief(g20));
  const g22 = Object.assign(g21, visitPlan(g21));
  const g23 = Object.assign(g22, visitRows(g22));
  const g24 = Object.assign(g23, anomalies(g23));
  householdRow(g24);
}

/** The household's own random stream, ids and the policy values the generators read. */
function householdStart(ctx: CountyCtx, village: VillageInfo, index: number, seqInVillage: number, chunk: SeedChunk) {
  const { asOf, county, policy } = ctx;
  const rng = new Rng(ctx.seedTag, ctx.countyNum, index);
  const counters: Partial<Record<TaggedTable, number>> = {};
  const id = (t: TaggedTable) => {
    const n = counters[t] ?? 0;
    counters[t] = n + 1;
    return seededUuid(ctx.seedTag, ctx.countyNum, t, index, n);
  };
  const rows = chunk.rows;
  const extras = villageExtras(ctx, village);
  const line = policy.monitoringIncomeLineFen / 100;
  const dibaoStd = policy.dibao.ruralMonthlyFen / 100;
  const deadlines = policy.deadlines;
  return {
    ctx,
    village,
    index,
    seqInVillage,
    chunk,
    asOf,
    county,
    policy,
    rng,
    counters,
    id,
    rows,
    extras,
    line,
    dibaoStd,
    deadlines,
  };
}
type G0 = ReturnType<typeof householdStart>;

/** The family (seed/members.ts) and whether the household was lifted out of poverty (脱贫户). */
function people($: G0) {
  const { village, asOf, county, rng, id } = $;
  const householdId = id('household');
  const { family, members } = generateMembers(rng, asOf, {
    countyName: county.name,
    provinceName: county.provinceName,
    prefectureName: county.prefectureName,
    townshipName: village.townshipName,
  });
  const head = members[0]!;
  const size = members.length;
  const anyIll = members.some((m) => m.healthStatus !== 'healthy' || m.disabilityGrade !== null);
  const lifted = rng.chance(0.085 + (head.age >= 60 ? 0.05 : 0) + (anyIll ? 0.05 : 0));
  const liftedYear = lifted
    ? rng.weighted([
        [2016, 15],
        [2017, 20],
        [2018, 25],
        [2019, 25],
        [2020, 15],
      ] as const)
    : null;
  return { householdId, family, members, head, size, anyIll, lifted, liftedYear };
}
type G1 = G0 & ReturnType<typeof people>;

/** Housing, water and the assets of S0 plan two §二(二)1. */
function housing($: G1) {
  const { rng, lifted } = $;
  const structure: HousingStructure = lifted
    ? rng.weighted([
        ['brick_concrete', 80],
        ['brick_wood', 15],
        ['mud_brick', 3],
        ['other', 2],
      ] as const)
    : rng.weighted([
        ['brick_concrete', 55],
        ['brick_wood', 25],
        ['mud_brick', 12],
        ['wood', 5],
        ['other', 3],
      ] as const);
  const gw = GRADES[structure];
  const grade: HousingSafetyGrade = rng.weighted([
    ['A', gw[0]],
    ['B', gw[1]],
    ['C', gw[2]],
    ['D', gw[3]],
  ] as const);
  const onlyHomeMudBrick = structure === 'mud_brick' && rng.chance(0.7);
  const waterSafe = rng.chance(0.975);
  const assets = {
    car: rng.chance(lifted ? 0.03 : 0.16),
    housing: rng.chance(lifted ? 0.01 : 0.07),
    servant: rng.chance(lifted ? 0.005 : 0.03),
    business: rng.chance(lifted ? 0.01 : 0.05),
  };
  return { structure, gw, grade, onlyHomeMudBrick, waterSafe, assets };
}
type G2 = G1 & ReturnType<typeof housing>;

/** Children living in households of their own (S0 plan two §二(二)3). */
function relatives($: G2) {
  const { asOf, rng, family, members, head } = $;
  // children living in households of their own (S0 plan two §二(二)3)
  const relatives: {
    name: string;
    sex: 'male' | 'female';
    birthDate: string;
    car: boolean;
    housing: boolean;
    servant: boolean;
    business: boolean;
  }[] = [];
  if (head.age >= 55 && !members.some((m) => m.relation === 'son' || m.relation === 'daughter') && rng.chance(0.8)) {
    const n = rng.int(1, 3);
    for (let i = 0; i < n; i++) {
      const sex = rng.chance(0.5) ? 'male' : 'female';
      const age = Math.max(20, head.age - rng.int(22, 34));
      const birthDate = birthDateForAge(rng, age, asOf);
      relatives.push({
        name: (sex === 'male' ? family : surname(rng)) + givenName(rng, sex, Number(birthDate.slice(0, 4))),
        sex,
        birthDate,
        car: rng.chance(0.35),
        housing: rng.chance(0.3),
        servant: rng.chance(0.08),
        business: rng.chance(0.06),
      });
    }
  }
  return { relatives };
}
type G3 = G2 & ReturnType<typeof relatives>;

/** The household's story: a case (stage, category) or none. */
function storyStart($: G3) {
  const { rng, members, lifted } = $;
  const stage: CaseStage | null = rng.chance(lifted ? P_CASE_LIFTED : P_CASE_GENERAL)
    ? rng.weighted(STAGE_WEIGHTS)
    : null;
  const noLabor = () => !members.some((m) => canWork(m.laborCapacity));
  const category: MonitoringCategory = lifted
    ? rng.chance(0.8)
      ? 'unstable_lifted'
      : 'sudden_hardship'
    : rng.chance(0.7)
      ? 'marginal_vulnerable'
      : 'sudden_hardship';
  const events: RiskEventDraft[] = [];
  const risks: RiskType[] = [];
  // typed by assertion: the later steps assign it, so its type must not narrow to null here
  const suddenKind = null as 'illness' | 'accident' | 'natural_disaster' | null;
  const rejectVia = rng.weighted([
    ['verification', 35],
    ['village', 25],
    ['township', 20],
    ['county', 20],
  ] as const);
  const rejectionReason =
    rejectVia === 'verification' ? rng.pick([REJECTION_REASONS[0]!, REJECTION_REASONS[3]!]) : REJECTION_REASONS[0]!;

  const adult = () => members.filter((m) => m.age >= 18 && m.age < 70);
  return { stage, noLabor, category, events, risks, suddenKind, rejectVia, rejectionReason, adult };
}
type G4 = G3 & ReturnType<typeof storyStart>;

/** The risks of its story: what happened to a sudden-hardship household, or what its facts show. */
function storyRisks($: G4) {
  const { rng, members, assets, relatives, noLabor, category, rejectVia } = $;
  let { grade, waterSafe, stage, risks, suddenKind, rejectionReason } = $;
  if (stage && stage !== 'rejected') {
    if (category === 'sudden_hardship') ({ suddenKind, risks, grade } = suddenRisks($));
    else ({ risks, grade, waterSafe } = factRisks($));
    // monitored households do not have the excluded assets (S0 plan two §二(二))
    assets.car = assets.housing = assets.servant = assets.business = false;
    for (const r of relatives) r.car = r.housing = r.servant = r.business = false;
    // a household that cannot work is never eliminated (S1 §四(四); S3 §三(七))
    if (noLabor() && (stage === 'eliminated' || ELIMINATION_STAGES.includes(stage))) stage = 'monitoring';
  } else if (stage === 'rejected') {
    risks = riskCandidates(members, grade, waterSafe)
      .slice(0, 2)
      .map((c) => c.risk);
    if (!risks.length) risks = ['other'];
    if (rejectVia === 'township' || rejectVia === 'county') {
      rejectionReason = rng.pick([REJECTION_REASONS[1]!, REJECTION_REASONS[2]!]);
      if (rejectionReason === REJECTION_REASONS[1]) assets.business = true;
      else assets.car = assets.housing = true;
    }
  }
  return { grade, waterSafe, stage, risks, suddenKind, rejectionReason };
}
type G5 = G4 & ReturnType<typeof storyRisks>;

/** A sudden severe hardship: an illness, an accident or a disaster struck one of them (S1 §三(一)). */
function suddenRisks($: G4) {
  const { rng, members, events, adult } = $;
  let { grade } = $;
  const suddenKind = rng.weighted([
    ['illness', 45],
    ['accident', 25],
    ['natural_disaster', 30],
  ] as const);
  if (suddenKind === 'illness' || suddenKind === 'accident') {
    const pool = adult().length ? adult() : members;
    const who = pool.reduce((a, b) => (canWork(b.laborCapacity) && !canWork(a.laborCapacity) ? b : a), pool[0]!);
    if (suddenKind === 'illness') makeIll(rng, who, true);
    else {
      who.laborCapacity = who.age < 65 ? 'weak_or_half' : 'none';
      who.workPlace = null;
      who.workMonths = null;
      who.migrant = false;
      who.farming = who.laborCapacity === 'weak_or_half';
    }
    events.push({ riskType: suddenKind, disasterSubtype: null, member: members.indexOf(who), lossYuan: null });
  } else {
    const subtype = rng.weighted(DISASTER_SUBTYPES);
    events.push({ riskType: 'natural_disaster', disasterSubtype: subtype, member: null, lossYuan: null });
    if (rng.chance(0.3)) grade = 'C';
  }
  return { suddenKind, risks: [suddenKind] as RiskType[], grade };
}

/** 脱贫不稳定户 / 边缘易致贫户: the risks the facts show, or one that happened to them. */
function factRisks($: G4) {
  const { rng, members } = $;
  let { grade, waterSafe } = $;
  // 脱贫不稳定户 / 边缘易致贫户: the risks the facts show, or one that happened to them
  if (rng.chance(0.04)) {
    const child = members.find((m) => m.age >= 7 && m.age <= 15);
    if (child) {
      child.schoolStatus = 'dropout';
      child.dropoutReason = rng.pick(['厌学', '家庭经济困难', '因病']);
    }
  }
  if (rng.chance(0.03)) waterSafe = false;
  const candidates = riskCandidates(members, grade, waterSafe);
  if (!candidates.length || rng.chance(0.25)) {
    let made: RiskType;
    ({ made, grade } = madeRisk($, grade));
    candidates.push({ risk: made, weight: 10 });
  }
  const distinct = [...new Set(candidates.map((c) => c.risk))];
  const k = Math.min(
    distinct.length,
    rng.weighted([
      [1, 55],
      [2, 35],
      [3, 10],
    ] as const),
  );
  const chosen = new Set<RiskType>();
  // the strongest risk first, then others by weight
  const sorted = [...candidates].sort((a, b) => b.weight - a.weight);
  chosen.add(sorted[0]!.risk);
  while (chosen.size < k) chosen.add(rng.weighted(candidates.map((c) => [c.risk, c.weight] as const)));
  const risks = [...chosen].slice(0, 5);
  return { risks, grade, waterSafe };
}

/** A risk made to happen when the facts show none (or now and then another). */
function madeRisk($: G4, grade: G4['grade']) {
  const { asOf, rng, members, events } = $;
  const workers = members.filter((m) => canWork(m.laborCapacity));
  const made = rng.weighted([
    ['illness', 30],
    ['disability', 15],
    [workers.some((m) => m.migrant || m.workPlace) ? 'unstable_employment' : 'illness', 20],
    [workers.some((m) => m.farming) ? 'industry_failure' : 'illness', 15],
    ['natural_disaster', 10],
    ['housing_unsafe', 5],
  ] as const) as RiskType;
  if (made === 'illness')
    makeIll(
      rng,
      rng.pick(members.filter((m) => m.age >= 18).length ? members.filter((m) => m.age >= 18) : members),
      rng.chance(0.4),
    );
  else if (made === 'disability') makeDisabled(rng, rng.pick(members), Number(asOf.slice(0, 4)), rng.chance(0.4));
  else if (made === 'housing_unsafe') grade = rng.chance(0.7) ? 'C' : 'D';
  else if (made === 'unstable_employment') {
    const w = workers.find((m) => m.migrant || m.workPlace)!;
    w.workMonths = rng.int(2, 6);
    events.push({ riskType: made, disasterSubtype: null, member: members.indexOf(w), lossYuan: null });
  } else if (made === 'industry_failure') {
    events.push({ riskType: made, disasterSubtype: null, member: null, lossYuan: rng.between(5000, 30000) });
  } else if (made === 'natural_disaster') {
    events.push({
      riskType: made,
      disasterSubtype: rng.weighted(DISASTER_SUBTYPES),
      member: null,
      lossYuan: rng.between(3000, 20000),
    });
  }
  return { made, grade };
}

/** The story in one word, which the income and assistance follow. */
function storyEnd($: G5) {
  const { rng, lifted, stage, noLabor } = $;
  let { category, risks, suddenKind } = $;
  if (category === 'sudden_hardship' && (stage === 'eliminated' || (stage && ELIMINATION_STAGES.includes(stage)))) {
    // a sudden hardship that has since been overcome: the shock was long ago, the story is one of recovery
    category = lifted ? 'unstable_lifted' : 'marginal_vulnerable';
    if (!risks.length) risks = [suddenKind ?? 'illness'];
    suddenKind = null;
  }
  if (stage && category !== 'sudden_hardship' && !risks.length) risks = ['other'];

  const allNoLabor = noLabor();
  const rollback = stage === 'eliminated' && rng.chance(0.03);
  const remark = stage === 'eliminated' && !rollback && rng.chance(0.05);
  const monitoredLong = stage === 'monitoring' && !allNoLabor && rng.chance(0.1);
  const story: Story = !stage
    ? 'natural'
    : stage === 'rejected'
      ? 'rejected'
      : rollback || remark
        ? 'below'
        : category === 'sudden_hardship'
          ? 'sudden'
          : stage === 'eliminated' || ELIMINATION_STAGES.includes(stage) || monitoredLong
            ? 'above'
            : 'below';
  return { allNoLabor, rollback, remark, monitoredLong, story, category, risks, suddenKind };
}
type G6 = G5 & ReturnType<typeof storyEnd>;

/** Who gets 特困 or 低保, and public-welfare jobs (S1 §五(二)). */
function assistance($: G6) {
  const { asOf, rng, members, head, size, lifted, relatives, stage, suddenKind, story } = $;
  const workers = members.filter((m) => canWork(m.laborCapacity));
  const tekun =
    size === 1 &&
    !relatives.length &&
    workers.length === 0 &&
    (head.age >= 60 || isSevereDisability(head)) &&
    story !== 'below' &&
    rng.chance(0.6);
  const vulnerable =
    workers.length === 0 || members.some((m) => m.healthStatus === 'serious_illness' || isSevereDisability(m));
  let dibaoKind: 'dibao' | 'single_person' | 'rigid_expense' | null = null;
  if (!tekun) {
    if (story === 'below' && rng.chance(vulnerable ? 0.55 : 0.22)) dibaoKind = 'dibao';
    else if (story === 'natural' && vulnerable && rng.chance(0.1)) dibaoKind = 'dibao';
    else if ((story === 'above' || story === 'sudden') && vulnerable && rng.chance(0.15)) dibaoKind = 'dibao';
    if (
      !dibaoKind &&
      story === 'below' &&
      members.some((m) => isSevereDisability(m) || m.healthStatus === 'serious_illness') &&
      rng.chance(0.2)
    )
      dibaoKind = 'single_person';
    if (!dibaoKind && suddenKind === 'illness' && rng.chance(0.15)) dibaoKind = 'rigid_expense';
  }
  const insured: number[] =
    dibaoKind === 'single_person'
      ? [members.findIndex((m) => isSevereDisability(m) || m.healthStatus === 'serious_illness')]
      : dibaoKind || tekun
        ? members.map((_, i) => i)
        : [];
  const assistanceSince = dibaoKind || tekun ? startOfMonth(addMonths(asOf, -rng.int(6, 96))) : null;

  // public-welfare jobs go to weak labour of lifted and monitored households first (S1 §五(二))
  for (const m of members) {
    if (m.laborCapacity === 'weak_or_half' && !m.publicWelfareJob && rng.chance(lifted || stage ? 0.3 : 0.05))
      publicWelfareJob(rng, m);
  }
  return { workers, tekun, vulnerable, dibaoKind, insured, assistanceSince };
}
type G7 = G6 & ReturnType<typeof assistance>;

/** Last year's income, scaled to the story (below, above or around the line). */
function incomeLatest($: G7) {
  const {
    ctx,
    rng,
    line,
    dibaoStd,
    members,
    size,
    lifted,
    relatives,
    story,
    workers,
    tekun,
    dibaoKind,
    insured,
    assistanceSince,
  } = $;
  const latest = naturalIncome(rng, members, lifted);
  if (relatives.length && workers.length === 0) latest.transfer += rng.between(1000, 8000); // 赡养费
  const naturalPc = netYuan(latest) / size;
  let targetPc: number;
  switch (story) {
    case 'below':
      targetPc = line * rng.between(0.45, 0.95);
      break;
    case 'above':
      targetPc = line * rng.between(1.12, 2.2);
      break;
    case 'sudden':
      targetPc = line * rng.between(1.05, 2.0);
      break;
    case 'rejected':
      targetPc = line * rng.between(1.15, 3.0);
      break;
    case 'natural':
      // Most households without a case live above the line; a few below it are the screening's 应纳未纳.
      targetPc = naturalPc < line && !dibaoKind && rng.chance(0.85) ? line * rng.between(1.02, 1.8) : naturalPc;
  }
  let monthlyAssistance = 0;
  if (tekun) monthlyAssistance = Math.round(dibaoStd * 1.3 + rng.between(100, 500));
  else if (dibaoKind) {
    const cap = dibaoStd * insured.length * 0.9;
    const share =
      story === 'below'
        ? rng.between(0.25, 0.55) * targetPc * size
        : dibaoStd * insured.length * rng.between(0.25, 0.6);
    monthlyAssistance = Math.max(30, Math.round(Math.min(cap, share / 12)));
  }
  const assistanceIn = (year: number) => {
    if (!assistanceSince) return 0;
    const since = Number(assistanceSince.slice(0, 4));
    if (year < since) return 0;
    const months = year > since ? 12 : 13 - Number(assistanceSince.slice(5, 7));
    return monthlyAssistance * months;
  };
  const latestYear = ctx.years[2]!;
  latest.assistance = assistanceIn(latestYear);
  scaleToNet(latest, targetPc * size);
  return { latest, naturalPc, targetPc, monthlyAssistance, assistanceIn, latestYear };
}
type G8 = G7 & ReturnType<typeof incomeLatest>;

/** The years before: growth, or the shock the story needs; rigid expenditure every year. */
function incomePast($: G8) {
  const { policy, rng, members, events, suddenKind, story, latest, assistanceIn, latestYear } = $;
  // previous years: growth, or the shock the story needs
  const g = story === 'above' ? rng.between(1.15, 1.4) : rng.between(1.02, 1.1);
  const incomeDrop = story === 'sudden' && (suddenKind === 'accident' || rng.chance(0.3));
  const byYear = new Map<number, IncomeYear>();
  byYear.set(latestYear, latest);
  for (let k = 1; k <= 2; k++) {
    const f = incomeDrop ? rng.between(2.1, 3.0) : 1 / g ** k;
    const y = scaledYear(rng, latest, f);
    y.assistance = assistanceIn(latestYear - k);
    byYear.set(latestYear - k, y);
  }
  const suddenMember = events.find((e) => e.member !== null)?.member ?? null;
  for (const [year, y] of byYear) {
    // before the sudden illness or accident, that member was healthy
    const who = year < latestYear && suddenMember !== null ? members.filter((_, i) => i !== suddenMember) : members;
    rigidExpenses(rng, who, y);
  }
  const prev = byYear.get(latestYear - 1)!;
  const prevNet = Math.max(3000, netYuan(prev));
  const shock = policy.suddenHardship.rigidExpenseShareOfPreviousIncome;
  if (story === 'sudden' && (suddenKind === 'illness' || suddenKind === 'accident')) {
    latest.claim = rng.between(0, 0.2) * prevNet;
    latest.medical = prevNet * shock * rng.between(1.2, 2.0) + latest.claim;
  }
  if (suddenKind === 'natural_disaster' && story === 'sudden') {
    latest.disaster = Math.max(
      prevNet * shock * rng.between(1.1, 1.6),
      (policy.warnings.disasterLossFen / 100) * rng.between(1.2, 3),
    );
  }
  for (const e of events) {
    if (e.riskType === 'natural_disaster' && e.lossYuan === null)
      e.lossYuan = latest.disaster || rng.between(3000, 20000);
    if (e.riskType === 'natural_disaster' && !latest.disaster) latest.disaster = e.lossYuan!;
  }
  return { g, incomeDrop, byYear, suddenMember, prev, prevNet, shock };
}
type G9 = G8 & ReturnType<typeof incomePast>;

/** The cases: played through the case machine to their final stage (seed/cases.ts). */
function cases($: G9) {
  const { rng, id, members, risks } = $;
  const leadId = id('lead');
  const remarkLeadId = id('lead');
  const headId = id('member');
  const memberIds = [headId, ...members.slice(1).map(() => id('member'))];
  const caseIds = [id('monitoring_case'), id('monitoring_case')];
  const planIds = [id('assistance_plan'), id('assistance_plan')];
  const channelSignal = risks.flatMap((r) => RISK_SIGNAL[r] ?? []);
  const channel: LeadChannel = rng.weighted([
    ['self_application', 30],
    ['cadre_screening', 45],
    ['department_warning', channelSignal.length ? 25 : 0],
  ] as const);
  const subChannel: LeadSubChannel =
    channel === 'self_application'
      ? rng.weighted([
          ['app', 40],
          ['hotline_12317', 20],
          ['written', 40],
        ] as const)
      : channel === 'cadre_screening'
        ? 'visit'
        : 'department_feed';
  return { leadId, remarkLeadId, headId, memberIds, caseIds, planIds, channelSignal, channel, subChannel };
}

/** The case itself: its spec (objection, stall, lateness, rollback, remark) played through the case machine. */
function playCase($: G9 & ReturnType<typeof cases>) {
  const {
    ctx,
    village,
    asOf,
    rng,
    householdId,
    head,
    stage,
    category,
    risks,
    rejectVia,
    rejectionReason,
    allNoLabor,
    rollback,
    remark,
    leadId,
    remarkLeadId,
    headId,
    memberIds,
    caseIds,
    planIds,
    channelSignal,
    channel,
    subChannel,
  } = $;
  let played: PlayedCase[] = [];
  if (stage) {
    const identifying = IDENTIFICATION_STAGES.includes(stage);
    const spec: CaseSpec = {
      finalStage: stage,
      category,
      riskTypes: risks,
      channel,
      subChannel,
      eliminationMethod: rng.chance(0.85) ? 'assisted' : 'natural',
      objection: !identifying && stage !== 'rejected' && rng.chance(0.04),
      openObjection: stage === 'verifying' && rng.chance(0.1),
      stallDays: identifying && rng.chance(0.15) ? rng.int(4, 20) : 0,
      lateDays: !identifying && rng.chance(0.08) ? rng.int(3, 10) : 0,
      rejectVia,
      rejectionReason,
      noLaborFlag: allNoLabor && stage === 'monitoring' && rng.chance(0.8),
      rollback,
      plan: rng.weighted([
        ['on_time', 90],
        ['late', 7],
        ['missing', 3],
      ] as const),
      remarkStage: remark
        ? rng.weighted([
            ['verifying', 2],
            ['publicizing', 2],
            ['monitoring', 6],
          ] as const)
        : null,
      remarkRiskTypes: remark ? [rng.pick(['illness', 'unstable_employment', 'natural_disaster'] as const)] : [],
    };
    played = playCases(rng, spec, {
      householdId,
      regionCode: village.code,
      leadId,
      remarkLeadId,
      headName: head.name,
      headMemberId: headId,
      asOf,
      policyAt: ctx.casePolicyAt,
      actors: ctx.actors,
      caseId: (e) => caseIds[e - 1]!,
      planId: (e) => planIds[e - 1]!,
    });
  }
  return { leadId, remarkLeadId, headId, memberIds, caseIds, planIds, channelSignal, channel, subChannel, played };
}
type G10 = G9 & ReturnType<typeof cases> & ReturnType<typeof playCase>;

/** Risk events dated by the case (things that happened shortly before the lead). */
function riskEvents($: G10) {
  const { asOf, county, rng, id, rows, householdId, events, memberIds, channel, played } = $;
  const current = played.at(-1)?.state ?? null;
  const firstConfirmed = played.map((p) => p.state.confirmedOn).find((d) => d) ?? null;
  const status = current ? monitoringStatusOf(current.stage) : 'not_monitored';
  const monitored = status === 'monitoring_unresolved';
  const identified = status === 'monitoring_unresolved' || status === 'risk_eliminated';
  const discoveredOn = played[0]?.steps[0]?.on ?? null;

  // risk events dated by the case (things that happened shortly before the lead)
  const eventDay = discoveredOn ? addDays(discoveredOn, -rng.int(0, 20)) : addDays(asOf, -rng.int(30, 300));
  const eliminatedCase = played.find((p) => p.state.stage === 'eliminated');
  for (const e of events) {
    rows.household_risk_event.push({
      id: id('household_risk_event'),
      household_id: householdId,
      county_code: county.code,
      member_id: e.member !== null ? memberIds[e.member] : null,
      risk_type: e.riskType,
      disaster_subtype: e.disasterSubtype,
      occurred_on: eventDay,
      resolved_on: eliminatedCase?.state.eliminationProposedOn ?? null,
      loss_fen: e.lossYuan !== null ? fen(e.lossYuan) : null,
      source:
        channel === 'department_warning'
          ? 'department_warning'
          : channel === 'self_application'
            ? 'self_application'
            : 'cadre_screening',
      note: RISK_TEXT[e.riskType],
      created_at: at(maxDate(eventDay, discoveredOn ?? eventDay), 10),
    });
  }
  return { current, firstConfirmed, status, monitored, identified, discoveredOn, eventDay, eliminatedCase };
}
type G11 = G10 & ReturnType<typeof riskEvents>;

/** The member rows. */
function memberRows($: G11) {
  const { ctx, asOf, county, rng, rows, householdId, members, lifted, assets, tekun, dibaoKind, insured, memberIds } =
    $;
  const createdOn = minDate(
    lifted ? addDays('2015-01-01', rng.int(0, 700)) : addDays('2019-06-01', rng.int(0, 900)),
    asOf,
  );
  const createdAt = at(createdOn, 8, 30);
  const receivesDibao = !!dibaoKind;
  const medicalAid = (m: MemberDraft) =>
    (receivesDibao || tekun) && (m.healthStatus !== 'healthy' || isSevereDisability(m));
  members.forEach((m, i) => {
    const insuredHere = insured.includes(i);
    rows.member.push({
      id: memberIds[i],
      household_id: householdId,
      county_code: county.code,
      name: m.name,
      id_number: ctx.ids.make(m.birthDate, m.sex),
      sex: m.sex,
      birth_date: m.birthDate,
      relation: m.relation,
      ethnicity: m.ethnicity,
      political_status: m.politicalStatus,
      education: m.education,
      school_status: m.schoolStatus,
      dropout_reason: m.dropoutReason,
      health_status: m.healthStatus,
      disease: m.disease,
      disability_category: m.disabilityCategory,
      disability_grade: m.disabilityGrade,
      disability_cert_year: m.disabilityCertYear,
      labor_capacity: m.laborCapacity,
      work_place: m.workPlace,
      work_months: m.workMonths,
      employer: m.employer,
      public_welfare_job: m.publicWelfareJob,
      public_welfare_job_months: m.publicWelfareJobMonths,
      medical_insurance: m.medicalInsurance,
      critical_illness_insurance: m.criticalIllnessInsurance,
      pension_insurance: m.pensionInsurance,
      receives_medical_aid: medicalAid(m) || (m.healthStatus === 'serious_illness' && rng.chance(0.3)),
      receives_dibao: receivesDibao && insuredHere,
      is_tekun: tekun,
      is_relocated: false,
      is_public_servant: assets.servant && i === members.findIndex((x) => x.age >= 22 && x.age < 60),
      is_carer: m.isCarer,
      registered_here: true,
      lives_and_shares: true,
      phone: m.phone,
      created_at: createdAt,
      updated_at: createdAt,
    });
  });
  return { createdOn, createdAt, receivesDibao, medicalAid };
}
type G12 = G11 & ReturnType<typeof memberRows>;

/** The separate relatives' rows. */
function relativeRows($: G12) {
  const { ctx, county, id, rows, householdId, members, assets, relatives } = $;
  // has_public_servant needs a member of working age; otherwise a separately living child is the servant
  if (assets.servant && !members.some((x) => x.age >= 22 && x.age < 60)) assets.servant = false;
  for (const r of relatives) {
    rows.separate_relative.push({
      id: id('separate_relative'),
      household_id: householdId,
      county_code: county.code,
      name: r.name,
      id_number: ctx.ids.make(r.birthDate, r.sex),
      relation: r.sex === 'male' ? 'son' : 'daughter',
      has_private_car: r.car,
      has_commercial_housing: r.housing,
      has_public_servant: r.servant,
      has_business: r.business,
    });
  }
}
type G15 = G12 & ReturnType<typeof leadHelpers>;

/** The income records: annual ones, and those recorded at identification and after elimination. */
function incomeRows($: G12) {
  const { ctx, county, rng, id, rows, line, householdId, size, category, latest, byYear, played } = $;
  for (const year of ctx.years) {
    const y = byYear.get(year)!;
    rows.income_record.push(
      incomeRow(
        id('income_record'),
        householdId,
        county.code,
        year,
        'annual',
        `${year}-01-01`,
        `${year}-12-31`,
        y,
        size,
        null,
        at(`${year + 1}-01-${String(rng.int(10, 28)).padStart(2, '0')}`),
      ),
    );
  }
  for (const p of played) {
    const s = p.state;
    if (s.confirmedOn) {
      const end = endOfMonth(addMonths(s.confirmedOn, -1));
      const start = startOfMonth(addMonths(s.confirmedOn, -12));
      const y = scaledYear(rng, latest, 1);
      y.assistance = latest.assistance;
      scaleToNet(
        y,
        size *
          (category === 'sudden_hardship' && p.episode === 1 ? netYuan(latest) / size : line * rng.between(0.5, 0.95)),
      );
      y.medical = latest.medical;
      y.schooling = latest.schooling;
      y.disaster = latest.disaster;
      y.claim = latest.claim;
      rows.income_record.push(
        incomeRow(
          id('income_record'),
          householdId,
          county.code,
          Number(end.slice(0, 4)),
          'at_identification',
          start,
          end,
          y,
          size,
          '识别时收支情况',
          at(s.confirmedOn, 11),
        ),
      );
    }
    if (s.eliminatedOn) {
      const end = endOfMonth(addMonths(s.eliminatedOn, -1));
      const y = scaledYear(rng, latest, 1);
      y.assistance = latest.assistance;
      scaleToNet(y, size * line * rng.between(1.1, 1.8));
      rows.income_record.push(
        incomeRow(
          id('income_record'),
          householdId,
          county.code,
          Number(end.slice(0, 4)),
          'after_elimination',
          startOfMonth(addMonths(s.eliminatedOn, -12)),
          end,
          y,
          size,
          '风险消除后收支情况',
          at(s.eliminatedOn, 11),
        ),
      );
    }
  }
}
type G16 = G15 & ReturnType<typeof warningHelper>;

/** Leads: how a lead row and its wording are made. */
function leadHelpers($: G12) {
  const { village, county, rng, rows, deadlines, householdId, head, size } = $;
  const description = (types: readonly RiskType[]) => types.map((t) => RISK_TEXT[t]).join(';') || RISK_TEXT.other;
  const leadRow = (
    leadIdValue: string,
    ch: LeadChannel,
    sub: LeadSubChannel,
    discovered: IsoDate,
    types: readonly RiskType[],
    leadStatus: 'open' | 'converted' | 'attached' | 'dismissed',
    dept: string | null,
    extra: Partial<SeedRow> = {},
  ): SeedRow => ({
    id: leadIdValue,
    county_code: county.code,
    region_code: village.code,
    household_id: householdId,
    channel: ch,
    sub_channel: sub,
    department: dept,
    applicant_name: ch === 'self_application' ? head.name : null,
    applicant_id_number: null,
    applicant_phone: ch === 'self_application' ? (head.phone ?? mobilePhone(rng)) : null,
    description: description(types),
    risk_types: types,
    discovered_at: at(discovered, rng.int(8, 17), rng.int(0, 59)),
    verify_due_on: addDays(discovered, deadlines.verificationDays),
    identification_due_on: addDays(discovered, deadlines.identificationDays),
    status: leadStatus,
    dismissed_reason: null,
    created_at: at(discovered, 18),
    updated_at: at(discovered, 18),
    ...extra,
  });
  // the applicant's ID number is filled in later from the member rows (self-applications name the head)
  const headIdNumber = rows.member.at(-size)!.id_number as string;
  const signalFor = (types: readonly RiskType[]): SignalType | null => {
    const options = types.flatMap((r) => RISK_SIGNAL[r] ?? []);
    return options.length ? rng.pick(options) : null;
  };
  return { description, leadRow, headIdNumber, signalFor };
}
type G18 = G16 & ReturnType<typeof spontaneousLeads>;

/** The member a department's warning names: the one its signal is about, or the head. */
function warnedMember(members: readonly MemberDraft[], signal: SignalType): number {
  return Math.max(
    0,
    members.findIndex((m) =>
      signal === 'serious_illness' || signal === 'medical_out_of_pocket'
        ? m.healthStatus !== 'healthy'
        : signal === 'severe_disability'
          ? m.disabilityGrade !== null
          : signal === 'school_dropout'
            ? m.schoolStatus === 'dropout'
            : false,
    ),
  );
}

/** Department warnings: how a warning row is made. */
function warningHelper($: G15) {
  const {
    village,
    asOf,
    county,
    policy,
    rng,
    id,
    rows,
    deadlines,
    householdId,
    members,
    size,
    lifted,
    latest,
    memberIds,
  } = $;
  const warning = (
    signal: SignalType,
    warnStatus: string,
    created: IsoDate,
    links: { lead?: string | null; caseId?: string | null } = {},
  ) => {
    const rule = SIGNAL_RULES[signal];
    const personIndex = warnedMember(members, signal);
    const person = members[personIndex]!;
    const idNumber = rows.member.at(-size + personIndex)!.id_number as string;
    const eventDate = addDays(created, -rng.int(1, 20));
    const metric: Record<string, [number | null, number | null]> = {
      medical_out_of_pocket: [
        fen(latest.medical - latest.claim),
        lifted ? policy.warnings.medicalOutOfPocketLiftedFen : policy.warnings.medicalOutOfPocketFen,
      ],
      severe_disability: [person.disabilityGrade ?? 2, policy.warnings.severeDisabilityMaxGrade],
      disaster_loss: [fen(latest.disaster || rng.between(6000, 30000)), policy.warnings.disasterLossFen],
      schooling_self_pay: [fen(latest.schooling), policy.warnings.schoolingSelfPayFen],
      water_outage: [rng.int(31, 60), policy.warnings.waterOutageDays],
      industry_failure: [fen(rng.between(5000, 30000)), null],
    };
    const [metricValue, threshold] = metric[signal] ?? [null, null];
    const verified = ['verified_risk', 'verified_no_risk', 'included'].includes(warnStatus);
    rows.department_warning.push({
      id: id('department_warning'),
      department: rule.department,
      county_code: county.code,
      region_code: village.code,
      household_id: householdId,
      member_id: memberIds[personIndex],
      person_name: person.name,
      id_number: idNumber,
      signal_type: signal,
      metric_value: metricValue,
      threshold,
      event_date: eventDate,
      detail: { riskTypes: rule.riskTypes, source: '演示数据 / demo data' },
      status: warnStatus,
      lead_id: links.lead ?? null,
      case_id: links.caseId ?? null,
      verification_result: verified
        ? ({ verified_no_risk: 'no_risk', verified_risk: 'already_monitored' }[warnStatus] ?? 'included')
        : null,
      verification_reason: verified
        ? warnStatus === 'verified_no_risk'
          ? '经核实无返贫致贫风险'
          : '经核实存在返贫致贫风险'
        : null,
      verified_at: verified ? at(minDate(addDays(created, rng.int(1, deadlines.verificationDays)), asOf), 15) : null,
      verify_due_on: addDays(created, deadlines.verificationDays),
      feedback_at: verified ? at(minDate(addDays(created, rng.int(3, 14)), asOf), 16) : null,
      dedupe_key: `${rule.department}|${signal}|${idNumber}|${eventDate.slice(0, 7)}`,
      created_at: at(created, 7),
    });
  };
  return { warning };
}
type G20 = G18 & ReturnType<typeof assistanceCases>;

/** The leads and warnings behind each case. */
function caseLeads($: G16) {
  const {
    chunk,
    asOf,
    rng,
    id,
    rows,
    risks,
    leadId,
    remarkLeadId,
    channel,
    subChannel,
    played,
    leadRow,
    headIdNumber,
    signalFor,
    warning,
  } = $;
  played.forEach((p) => {
    const s = p.state;
    const lid = p.episode === 1 ? leadId : remarkLeadId;
    const ch: LeadChannel = p.episode === 1 ? channel : 'cadre_screening';
    const sub: LeadSubChannel = p.episode === 1 ? subChannel : 'visit';
    const signal = ch === 'department_warning' ? signalFor(s.riskTypes.length ? s.riskTypes : risks) : null;
    rows.lead.push(
      leadRow(
        lid,
        ch,
        sub,
        s.discoveredOn,
        s.riskTypes.length ? s.riskTypes : risks,
        'converted',
        signal ? SIGNAL_RULES[signal].department : null,
        {
          applicant_id_number: ch === 'self_application' ? headIdNumber : null,
          verify_due_on: s.verificationDueOn,
          identification_due_on: s.identificationDueOn,
          updated_at: at(p.steps[0]!.on, 18),
        },
      ),
    );
    chunk.leadCases.push([lid, s.id!]);
    if (signal) {
      const ws =
        s.stage === 'rejected'
          ? 'verified_no_risk'
          : IDENTIFICATION_STAGES.includes(s.stage)
            ? 'lead_created'
            : 'included';
      warning(signal, ws, s.discoveredOn, { lead: lid, caseId: s.id });
    }
    // a department's warning about a household whose case is already open is attached to it (issue 5 §2)
    const attachedSignal =
      !signal && IDENTIFICATION_STAGES.includes(s.stage) && rng.chance(0.15) ? signalFor(s.riskTypes) : null;
    if (attachedSignal)
      warning(attachedSignal, 'attached', minDate(addDays(s.discoveredOn, rng.int(1, 6)), asOf), { caseId: s.id });
    // a second report about a household whose case is already open is attached to it, not duplicated
    if (IDENTIFICATION_STAGES.includes(s.stage) && rng.chance(0.12)) {
      const second = addDays(s.discoveredOn, rng.int(0, 5));
      if (second <= asOf) {
        const attachedId = id('lead');
        rows.lead.push(
          leadRow(
            attachedId,
            ch === 'self_application' ? 'cadre_screening' : 'self_application',
            ch === 'self_application' ? 'visit' : 'hotline_12317',
            second,
            s.riskTypes,
            'attached',
            null,
            {
              applicant_id_number: ch === 'self_application' ? null : headIdNumber,
            },
          ),
        );
        chunk.leadCases.push([attachedId, s.id!]);
      }
    }
  });
}
type G21 = G20 & ReturnType<typeof relief>;

/** Leads and warnings of households without a case: open, dismissed, or attached. */
function spontaneousLeads($: G16) {
  const { asOf, rng, id, rows, members, grade, waterSafe, stage, receivesDibao, leadRow, warning } = $;
  const riskyFacts = riskCandidates(members, grade, waterSafe).map((c) => c.risk);
  if (!stage) {
    const r = rng.float();
    if (r < 0.006) openLead($, riskyFacts);
    else if (r < 0.01) {
      const discovered = addDays(asOf, -rng.int(20, 300));
      rows.lead.push(
        leadRow(
          id('lead'),
          'cadre_screening',
          'visit',
          discovered,
          riskyFacts.length ? riskyFacts.slice(0, 1) : ['other'],
          'dismissed',
          null,
          {
            dismissed_reason: '经入户核实,家庭收入稳定,无返贫致贫风险',
            updated_at: at(addDays(discovered, rng.int(1, 3)), 17),
          },
        ),
      );
    } else if (r < 0.0105) strangerLead($);
    else if (r < 0.0185) {
      // a department's warning waiting for the township to deal with it
      const signal: SignalType | null =
        grade === 'C' || grade === 'D'
          ? 'unsafe_housing'
          : receivesDibao
            ? 'new_dibao_not_monitored'
            : members.some((m) => m.healthStatus === 'serious_illness')
              ? 'serious_illness'
              : members.some(isSevereDisability)
                ? 'severe_disability'
                : members.some((m) => m.healthStatus === 'chronic_illness')
                  ? 'medical_out_of_pocket'
                  : null;
      if (signal) warning(signal, rng.chance(0.8) ? 'received' : 'verified_no_risk', addDays(asOf, -rng.int(0, 15)));
    }
  }
  return { riskyFacts };
}

/** An open lead nobody has verified yet, from any channel. */
function openLead($: Parameters<typeof spontaneousLeads>[0], riskyFacts: RiskType[]) {
  const { asOf, rng, id, rows, leadRow, headIdNumber, signalFor, warning } = $;
  const ch = rng.weighted([
    ['self_application', 35],
    ['cadre_screening', 35],
    ['department_warning', 30],
  ] as const);
  const types: RiskType[] = riskyFacts.length ? riskyFacts.slice(0, 2) : ['other'];
  const signal = ch === 'department_warning' ? (signalFor(types) ?? 'serious_illness') : null;
  const discovered = addDays(asOf, -rng.int(0, 12));
  const lid = id('lead');
  rows.lead.push(
    leadRow(
      lid,
      ch,
      ch === 'self_application'
        ? rng.pick(['app', 'hotline_12317', 'written'] as const)
        : ch === 'cadre_screening'
          ? 'visit'
          : 'department_feed',
      discovered,
      signal ? SIGNAL_RULES[signal].riskTypes : types,
      'open',
      signal ? SIGNAL_RULES[signal].department : null,
      { applicant_id_number: ch === 'self_application' ? headIdNumber : null },
    ),
  );
  if (signal) warning(signal, 'lead_created', discovered, { lead: lid });
}

/** A self-application from someone not (yet) in the registry. */
function strangerLead($: Parameters<typeof spontaneousLeads>[0]) {
  const { ctx, asOf, rng, id, rows, leadRow } = $;
  const sex = rng.chance(0.6) ? 'male' : 'female';
  const birthDate = birthDateForAge(rng, rng.int(25, 70), asOf);
  const discovered = addDays(asOf, -rng.int(0, 10));
  rows.lead.push(
    leadRow(
      id('lead'),
      'self_application',
      rng.pick(['app', 'hotline_12317'] as const),
      discovered,
      ['other'],
      'open',
      null,
      {
        household_id: null,
        applicant_name: surname(rng) + givenName(rng, sex, Number(birthDate.slice(0, 4))),
        applicant_id_number: ctx.ids.make(birthDate, sex),
        applicant_phone: mobilePhone(rng),
        description: '申请人反映家庭生活困难,未在农户信息库中登记',
      },
    ),
  );
}
type G22 = G21 & ReturnType<typeof visitPlan>;

/** Case side tables: commitments, meetings, notices, plans and measures, events. */
function caseSideTables($: G18) {
  for (const p of $.played) {
    const caseId = p.state.id!;
    let seq = 0;
    const docs: { notice: SeedRow | null; objection: SeedRow | null } = { notice: null, objection: null };
    for (const st of p.steps) {
      seq = caseEventRows($, caseId, st, seq);
      caseStepRecords($, p, st, docs);
    }
    caseRow($, p);
  }
}

/** The case's events of one step, numbered on from `seq`; the last number is returned. */
function caseEventRows(
  $: Parameters<typeof caseSideTables>[0],
  caseId: string,
  st: PlayedCase['steps'][number],
  seq: number,
): number {
  const { county, id, rows } = $;
  for (const ev of st.events) {
    rows.case_event.push({
      id: id('case_event'),
      case_id: caseId,
      county_code: county.code,
      seq: ++seq,
      action: ev.type,
      from_stage: ev.fromStage,
      to_stage: ev.toStage,
      actor_id: null,
      actor_role: ev.actorRole,
      at: at(ev.on, 9 + (seq % 8), (seq * 7) % 60),
      payload: ev.payload,
    });
  }
  return seq;
}

/** What one step leaves besides its events: a commitment, a meeting, a notice and its objection, a plan. */
function caseStepRecords(
  $: Parameters<typeof caseSideTables>[0],
  p: PlayedCase,
  st: PlayedCase['steps'][number],
  docs: { notice: SeedRow | null; objection: SeedRow | null },
) {
  const { ctx, village, asOf, county, rng, id, rows, householdId, members, tekun, receivesDibao } = $;
  const caseId = p.state.id!;
  const a = st.action;
  if (a.type === 'sign_commitment') {
    rows.commitment_authorization.push({
      id: id('commitment_authorization'),
      case_id: caseId,
      county_code: county.code,
      signed_on: a.signedOn,
      signer_name: a.signerName,
      signer_member_id: a.signerMemberId ?? null,
      authorizes_asset_check: a.authorizesAssetCheck,
      document_ref: a.documentRef ?? null,
    });
  } else if (a.type === 'record_village_review') {
    rows.review_meeting.push({
      id: id('review_meeting'),
      case_id: caseId,
      county_code: county.code,
      purpose: st.elimination ? 'elimination' : 'identification',
      held_on: a.heldOn,
      attendees: a.attendees,
      votes_for: a.votesFor,
      votes_against: a.votesAgainst,
      abstentions: a.abstentions,
      minutes: a.minutes ?? null,
    });
  } else if (a.type === 'start_public_notice') {
    docs.notice = {
      id: id('public_notice'),
      case_id: caseId,
      county_code: county.code,
      region_code: village.code,
      purpose: st.elimination ? 'elimination' : 'identification',
      start_on: a.startOn,
      end_on: a.endOn,
      place: a.place,
      closed_on: a.endOn < asOf ? a.endOn : null,
    };
    rows.public_notice.push(docs.notice);
  } else if (a.type === 'record_objection' && docs.notice) {
    docs.notice.closed_on = a.raisedOn;
    docs.objection = {
      id: id('notice_objection'),
      notice_id: docs.notice.id,
      county_code: county.code,
      raised_on: a.raisedOn,
      raised_by: a.raisedBy ?? null,
      content: a.content,
      resolved_on: null,
      resolution: null,
      upheld: null,
    };
    rows.notice_objection.push(docs.objection);
  } else if (a.type === 'resolve_objection' && docs.objection) {
    docs.objection.resolved_on = a.resolvedOn;
    docs.objection.resolution = a.resolution;
    docs.objection.upheld = a.upheld;
  } else if (a.type === 'record_assistance_plan') {
    addPlan(ctx, rng, id, rows, {
      planId: a.planId!,
      caseId,
      householdId,
      createdOn: a.createdOn,
      riskTypes: p.state.riskTypes,
      state: p.state,
      members,
      dibao: receivesDibao,
      tekun,
    });
  }
}

/** The case row itself, as the machine left it. */
function caseRow($: Parameters<typeof caseSideTables>[0], p: PlayedCase) {
  const { ctx, village, asOf, county, rng, rows, householdId, leadId, remarkLeadId } = $;
  const caseId = p.state.id!;
  const s = p.state;
  const last = p.steps.at(-1)!.on;
  rows.monitoring_case.push({
    id: caseId,
    household_id: householdId,
    county_code: county.code,
    region_code: village.code,
    lead_id: p.episode === 1 ? leadId : remarkLeadId,
    previous_case_id: s.previousCaseId,
    episode: s.episode,
    stage: s.stage,
    category: s.category,
    risk_types: s.riskTypes,
    discovered_at: at(s.discoveredOn, 9),
    verified_on: s.verifiedOn,
    verification_due_on: s.verificationDueOn,
    commitment_signed_on: s.commitmentSignedOn,
    village_reviewed_on: s.villageReviewedOn,
    notice_start_on: s.noticeStartOn,
    notice_end_on: s.noticeEndOn,
    township_reviewed_on: s.townshipReviewedOn,
    confirmed_on: s.confirmedOn,
    rejected_on: s.rejectedOn,
    rejection_reason: s.rejectionReason,
    entered_national_system_on: s.confirmedOn ? minDate(addDays(s.confirmedOn, rng.int(0, 3)), asOf) : null,
    elimination_proposed_on: s.eliminationProposedOn,
    elimination_village_reviewed_on: s.eliminationVillageReviewedOn,
    elimination_notice_start_on: s.eliminationNoticeStartOn,
    elimination_notice_end_on: s.eliminationNoticeEndOn,
    elimination_township_reviewed_on: s.eliminationTownshipReviewedOn,
    eliminated_on: s.eliminatedOn,
    elimination_method: s.eliminationMethod,
    rolled_back_on: s.rolledBackOn,
    identification_due_on: s.identificationDueOn,
    plan_due_on: s.planDueOn,
    current_due_on: s.currentDueOn,
    current_due_kind: s.currentDueKind,
    policy_id: ctx.policyAt(s.discoveredOn).policyId,
    whole_household_no_labor: s.wholeHouseholdNoLabor,
    version: s.version,
    created_at: at(s.discoveredOn, 9),
    updated_at: at(last, 17),
  });
}
type G23 = G22 & ReturnType<typeof visitRows>;

/**
 * A 特困 case's self-care assessment (S2 §二(一)4 自理能力评估) read from the people it supports, with no draw so the
 * rest of the demo stays as it was: a severe disability cannot care for itself, an illness or other disability
 * partly; the policy's care allowance per person is added to the basic support. 低保 has neither.
 */
function tekunCare($: G18): {
  self_care: string | null;
  care_allowance_fen: number | null;
  monthly_amount_fen: number;
} {
  const basic = $.monthlyAssistance * 100;
  if (!$.tekun) return { self_care: null, care_allowance_fen: null, monthly_amount_fen: basic };
  const people = $.insured.map((i) => $.members[i]!);
  const level = people.some(isSevereDisability)
    ? 'none'
    : people.some((m) => m.healthStatus !== 'healthy' || m.disabilityGrade !== null)
      ? 'partial'
      : 'full';
  const care = $.policy.tekun.careMonthlyFen[level];
  return { self_care: level, care_allowance_fen: care, monthly_amount_fen: basic + care * people.length };
}

/** Social assistance cases: 低保, 特困. */
function assistanceCases($: G18) {
  const {
    asOf,
    county,
    policy,
    rng,
    id,
    rows,
    line,
    dibaoStd,
    householdId,
    size,
    story,
    tekun,
    dibaoKind,
    naturalPc,
    memberIds,
  } = $;
  const pcFen = (y: IncomeYear) => fen((netYuan(y) - y.assistance) / size);
  if (dibaoKind || tekun) currentAssistanceCase($, pcFen);
  else if (rng.chance(0.012)) {
    const decided = addDays(asOf, -rng.int(90, 700));
    const ended = minDate(addMonths(decided, rng.int(8, 20)), addDays(asOf, -5));
    rows.social_assistance_case.push({
      ...assistanceBase(id('social_assistance_case'), householdId, county.code, 'dibao', decided, rng),
      classification: 'dibao',
      insured_member_ids: memberIds,
      per_capita_income_fen: fen(line * rng.between(0.6, 0.95)),
      standard_fen: policy.dibao.ruralMonthlyFen,
      monthly_amount_fen: fen(dibaoStd * size * rng.between(0.2, 0.5)),
      cause: '家庭人均收入低于当地低保标准',
      status: 'ended',
      ended_on: ended,
      end_reason: '家庭人均收入超过低保标准,渐退期满后退出',
    });
  } else if (story !== 'natural' || naturalPc < line * 1.2 ? rng.chance(0.01) : false) {
    // an application still waiting for its decision
    const appliedOn = addDays(asOf, -rng.int(0, 30));
    rows.social_assistance_case.push({
      ...assistanceBase(id('social_assistance_case'), householdId, county.code, 'dibao', null, rng),
      classification: 'dibao',
      status: 'applied',
      applied_on: appliedOn,
      insured_member_ids: memberIds,
      standard_fen: policy.dibao.ruralMonthlyFen,
      cause: '申请人反映家庭收入低,生活困难',
      created_at: at(appliedOn, 10),
    });
  }
  return { pcFen };
}

/** The 低保 or 特困 case a household receives today, with its grace period and next review. */
function currentAssistanceCase($: Parameters<typeof assistanceCases>[0], pcFen: (y: IncomeYear) => number) {
  const {
    ctx,
    asOf,
    county,
    policy,
    rng,
    id,
    rows,
    householdId,
    story,
    tekun,
    dibaoKind,
    insured,
    assistanceSince,
    byYear,
    memberIds,
  } = $;
  const decided = addDays(assistanceSince!, -rng.int(3, 25));
  let review = addMonths(decided, 12);
  while (review < addDays(asOf, -30) && rng.chance(0.97)) review = addMonths(review, 12);
  const grace = dibaoKind === 'dibao' && (story === 'above' ? rng.chance(0.3) : rng.chance(0.05));
  const graceStart = grace ? startOfMonth(addMonths(asOf, -rng.int(0, 4))) : null;
  const graceMonths = grace ? policy.dibao.grace.defaultMonths : null;
  rows.social_assistance_case.push({
    id: id('social_assistance_case'),
    household_id: householdId,
    county_code: county.code,
    kind: tekun ? 'tekun' : 'dibao',
    classification: tekun ? (rng.chance(0.85) ? 'tekun_dispersed' : 'tekun_centralized') : dibaoKind,
    relief_kind: null,
    status: 'approved',
    applied_on: addDays(decided, -rng.int(15, 40)),
    decided_on: decided,
    approval_level: rng.chance(0.7) ? 'township' : 'county',
    insured_member_ids: insured.map((i) => memberIds[i]),
    per_capita_income_fen: pcFen(byYear.get(Number(decided.slice(0, 4)) - 1) ?? byYear.get(ctx.years[0]!)!),
    standard_fen: tekun ? Math.round(policy.dibao.ruralMonthlyFen * 1.3) : policy.dibao.ruralMonthlyFen,
    ...tekunCare($),
    amount_fen: null,
    cause: tekun
      ? '无劳动能力、无生活来源、无法定赡养扶养义务人'
      : dibaoKind === 'single_person'
        ? '重病重残人员单人纳入'
        : dibaoKind === 'rigid_expense'
          ? '刚性支出过大导致基本生活困难'
          : '家庭人均收入低于当地低保标准',
    relief_first: false,
    satisfaction: null,
    grace_months: graceMonths,
    grace_start_on: graceStart,
    grace_end_on: graceStart && graceMonths ? addDays(addMonths(graceStart, graceMonths), -1) : null,
    review_due_on: review,
    ended_on: null,
    end_reason: null,
    created_at: at(decided, 10),
  });
}
type G24 = G23 & ReturnType<typeof anomalies>;

/** Temporary relief (临时救助). */
function relief($: G20) {
  const { asOf, county, policy, rng, id, rows, householdId, suddenKind, headId, discoveredOn } = $;
  const reliefDate =
    suddenKind && discoveredOn && rng.chance(0.5)
      ? minDate(addDays(discoveredOn, rng.int(1, 20)), asOf)
      : rng.chance(0.012)
        ? addDays(asOf, -rng.int(5, 700))
        : null;
  if (reliefDate) {
    const emergency = !!suddenKind || rng.chance(0.5);
    const amountYuan = rng.chance(0.88) ? rng.int(5, 30) * 100 : rng.int(31, 50) * 100;
    const amount = amountYuan * 100;
    rows.social_assistance_case.push({
      ...assistanceBase(id('social_assistance_case'), householdId, county.code, 'temp_relief', reliefDate, rng),
      relief_kind: emergency ? 'emergency' : 'expense',
      status: 'approved',
      applied_on: addDays(reliefDate, -rng.int(0, 5)),
      approval_level: amount <= policy.tempRelief.townshipLimitFen ? 'township' : 'county',
      amount_fen: amount,
      cause: emergency
        ? suddenKind === 'natural_disaster'
          ? '遭受自然灾害,基本生活出现困难'
          : '家庭成员突发重病或意外,急需救助'
        : '医疗、教育等刚性支出过大,基本生活困难',
      relief_first: emergency && rng.chance(0.4),
      satisfaction: rng.weighted([
        ['满意', 85],
        ['基本满意', 13],
        ['不满意', 2],
      ] as const),
    });
  }
  if (rng.chance(0.0004)) {
    rows.integrity_record.push({
      id: id('integrity_record'),
      household_id: householdId,
      member_id: headId,
      county_code: county.code,
      reason: rng.pick(['申请救助时隐瞒家庭收入和财产', '虚报冒领帮扶资金']),
      sanction: '停发救助并追回资金,纳入失信记录',
      decided_on: addDays(asOf, -rng.int(30, 900)),
      note: null,
    });
  }
  return { reliefDate };
}

/** Visits (S3 §三(二)): who is visited how often, and what a visit row says. */
function visitPlan($: G21) {
  const {
    ctx,
    village,
    asOf,
    county,
    rng,
    id,
    householdId,
    members,
    lifted,
    grade,
    waterSafe,
    tekun,
    latest,
    current,
    status,
    monitored,
    receivesDibao,
  } = $;
  const visits: string[] = [];
  const monthly = lifted || monitored;
  const eliminatedRecently =
    status === 'risk_eliminated' && current?.eliminatedOn && current.eliminatedOn >= addMonths(asOf, -24);
  const quarterly = !monthly && (receivesDibao || tekun || !!eliminatedRecently);
  const overdue = monthly && rng.chance(0.08) ? rng.int(2, 4) : 0;
  const skipped = monthly && rng.chance(0.04) ? rng.int(3, 6) : -1;
  const screeningOn = rng.chance(0.96) ? addDays(ctx.screeningStart, rng.int(0, 42)) : null;
  const monitoredSince = current?.confirmedOn ?? null;
  const guarantees = {
    food_clothing_ok: true,
    education_ok: !members.some((m) => m.schoolStatus === 'dropout'),
    medical_ok: !members.some((m) => m.medicalInsurance === 'none'),
    housing_ok: grade === 'A' || grade === 'B',
    water_ok: waterSafe,
  };
  const visitRow = (
    on: IsoDate,
    method: 'home' | 'phone',
    note: string,
    newRisks: readonly RiskType[] = [],
  ): SeedRow => ({
    id: id('visit'),
    household_id: householdId,
    county_code: county.code,
    region_code: village.code,
    visitor_id: null,
    visited_on: on,
    method,
    income_change: rng.weighted([
      ['stable', 70],
      ['increased', 18],
      ['decreased', 12],
    ] as const),
    estimated_annual_income_fen: rng.chance(0.25) ? fen(netYuan(latest) * rng.between(0.9, 1.1)) : null,
    food_clothing_ok: guarantees.food_clothing_ok,
    education_ok: guarantees.education_ok,
    medical_ok: guarantees.medical_ok,
    housing_ok: guarantees.housing_ok,
    water_ok: guarantees.water_ok,
    new_risks: newRisks,
    note,
    created_at: at(on, 18),
  });
  return {
    visits,
    monthly,
    eliminatedRecently,
    quarterly,
    overdue,
    skipped,
    screeningOn,
    monitoredSince,
    guarantees,
    visitRow,
  };
}

/** The visit rows of the last six months, the yearly screening and the visits that found a risk. */
function visitRows($: G22) {
  const {
    ctx,
    asOf,
    rng,
    rows,
    lifted,
    channel,
    played,
    monitored,
    visits,
    monthly,
    quarterly,
    overdue,
    skipped,
    screeningOn,
    monitoredSince,
    visitRow,
  } = $;
  let screeningVisited = false;
  if (monthly || quarterly) {
    // the last six months and the current one: enough for the overdue lists and the household timeline
    for (let k = 6; k >= 0; k--) {
      if (k < overdue || k === skipped) continue;
      if (quarterly && k % 3 !== 0) continue;
      const month = startOfMonth(addMonths(asOf, -k));
      if (monitored && !lifted && monitoredSince && month < startOfMonth(monitoredSince)) continue;
      const day = rng.chance(0.7) ? rng.int(1, 10) : rng.int(11, 28);
      const on = addDays(month, day - 1);
      if (on > asOf) continue;
      const inCampaign = !!screeningOn && on.slice(0, 7) === screeningOn.slice(0, 7);
      rows.visit.push(
        visitRow(
          on,
          inCampaign || rng.chance(0.85) ? 'home' : 'phone',
          inCampaign ? '年度集中排查,逐户核实收支和“两不愁三保障”情况' : rng.pick(VISIT_NOTES),
        ),
      );
      visits.push(on);
      if (inCampaign) screeningVisited = true;
    }
  }
  if (screeningOn && !screeningVisited && screeningOn <= asOf) {
    rows.visit.push(visitRow(screeningOn, 'home', '年度集中排查,逐户核实收支和“两不愁三保障”情况'));
    visits.push(screeningOn);
  }
  // the visit on which a cadre found the risk
  for (const p of played) {
    if ((p.episode === 1 ? channel : 'cadre_screening') === 'cadre_screening') {
      rows.visit.push(visitRow(p.state.discoveredOn, 'home', '走访发现返贫致贫风险,已上报线索', p.state.riskTypes));
      visits.push(p.state.discoveredOn);
    }
  }
  const lastVisit = visits.length ? visits.reduce((a, b) => (a > b ? a : b)) : null;
  const fullScreening = screeningOn ?? addDays(ctx.screeningStart, -rng.int(365, 500));
  return { screeningVisited, lastVisit, fullScreening };
}

/** Supervision ledger: anomalies already on the township's 疑似问题台账. */
function anomalies($: G23) {
  const { village, asOf, county, rng, id, rows, householdId, head, allNoLabor, current, monitored, overdue } = $;
  const anomalies: { area: string; title: string }[] = [];
  if (overdue) anomalies.push({ area: 'visits_and_screening', title: '脱贫户或监测对象走访逾期' });
  if (allNoLabor && monitored && !current?.wholeHouseholdNoLabor)
    anomalies.push({ area: 'no_labor_flag', title: '整户无劳动能力未标注' });
  for (const a of anomalies) {
    if (!rng.chance(0.4)) continue;
    const status = rng.weighted([
      ['open', 40],
      ['rectifying', 30],
      ['verified', 15],
      ['closed', 15],
    ] as const);
    const created = addDays(asOf, -rng.int(5, 60));
    const issueId = id('ledger_item');
    rows.ledger_item.push({
      id: issueId,
      ledger: 'suspected_issue',
      area: a.area,
      county_code: county.code,
      region_code: village.code,
      household_id: householdId,
      parent_item_id: null,
      title: a.title,
      description: `${village.townshipName}${village.name} 户主${head.name[0]}**:${a.title}`,
      plan: '责成村级限期整改,乡镇核实后销号',
      deadline: addDays(created, 30),
      status,
      closed_on: status === 'closed' ? minDate(addDays(created, rng.int(5, 30)), asOf) : null,
      created_at: at(created, 10),
    });
    if (status !== 'open') {
      rows.ledger_item.push({
        id: id('ledger_item'),
        ledger: 'rectification',
        area: a.area,
        county_code: county.code,
        region_code: village.code,
        household_id: householdId,
        parent_item_id: issueId,
        title: `整改:${a.title}`,
        description: null,
        plan: a.area === 'no_labor_flag' ? '镇村认定后在系统中标注' : '补充入户走访并如实纪实',
        deadline: addDays(created, 30),
        status,
        closed_on: status === 'closed' ? minDate(addDays(created, rng.int(5, 30)), asOf) : null,
        created_at: at(addDays(created, 1), 10),
      });
    }
  }
  return { anomalies };
}

/** The household row. */
function householdRow($: G24) {
  const {
    village,
    index,
    seqInVillage,
    county,
    rows,
    extras,
    householdId,
    head,
    lifted,
    liftedYear,
    assets,
    events,
    tekun,
    assistanceSince,
    played,
    current,
    firstConfirmed,
    status,
    monitored,
    identified,
    createdOn,
    createdAt,
    receivesDibao,
    description,
    lastVisit,
    fullScreening,
  } = $;
  const extrasCadre = extras.cadres[index % extras.cadres.length]!;
  const householdRisks = identified && current ? current.riskTypes : [];
  const disaster = events.find((e) => e.disasterSubtype)?.disasterSubtype ?? null;
  const lastActivity = [createdOn, lastVisit, ...played.map((p) => p.steps.at(-1)!.on)]
    .filter((d): d is string => !!d)
    .reduce((a, b) => (a > b ? a : b));
  rows.household.push({
    id: householdId,
    county_code: county.code,
    region_code: village.code,
    household_no: `${village.code}${String(seqInVillage + 1).padStart(4, '0')}`,
    natural_village: extras.naturalVillages[index % extras.naturalVillages.length],
    address: `${village.townshipName}${village.name}${extras.naturalVillages[index % extras.naturalVillages.length]}`,
    phone: head.phone,
    household_type: lifted ? 'lifted_household' : 'general_household',
    lifted_year: liftedYear,
    monitoring_status: status,
    monitoring_category: identified ? (current?.category ?? null) : null,
    risk_types: householdRisks,
    disaster_subtype: householdRisks.includes('natural_disaster') ? disaster : null,
    risk_note: householdRisks.length ? description(householdRisks) : null,
    first_identified_on: firstConfirmed,
    identified_month: firstConfirmed ? firstConfirmed.slice(0, 7).replace('-', '') : null,
    risk_eliminated_on: status === 'risk_eliminated' ? current!.eliminatedOn : null,
    elimination_method: status === 'risk_eliminated' ? current!.eliminationMethod : null,
    whole_household_no_labor: !!current?.wholeHouseholdNoLabor && monitored,
    monitor_contact: identified ? extrasCadre.name : null,
    monitor_contact_phone: identified ? extrasCadre.phone : null,
    ...livingColumns($),
    has_private_car: assets.car,
    has_commercial_housing: assets.housing,
    has_public_servant: assets.servant,
    has_business: assets.business,
    receives_dibao: receivesDibao,
    is_tekun: tekun,
    dibao_since: receivesDibao ? assistanceSince : null,
    last_visit_on: lastVisit,
    last_full_screening_on: fullScreening,
    created_at: createdAt,
    updated_at: at(lastActivity, 18),
  });
}

/** The household row's living conditions (housing, water, power, telecom), in the row's column order. */
function livingColumns($: G24) {
  const { rng, lifted, structure, grade, onlyHomeMudBrick, waterSafe } = $;
  return {
    food_clothing_secure: true,
    housing_structure: structure,
    housing_safety_grade: grade,
    only_home_mud_brick: onlyHomeMudBrick,
    drinking_water_safe: waterSafe,
    water_issue: waterSafe ? null : rng.pick(WATER_ISSUES),
    electricity_ok: rng.chance(0.998),
    telecom_ok: rng.chance(0.99),
    in_resettlement_site: lifted && rng.chance(0.06),
    is_military_martyr_family: rng.chance(0.01),
  };
}

function assistanceBase(
  idValue: string,
  householdId: string,
  county: string,
  kind: string,
  decided: IsoDate | null,
  rng: Rng,
): SeedRow {
  return {
    id: idValue,
    household_id: householdId,
    county_code: county,
    kind,
    classification: null,
    relief_kind: null,
    status: 'approved',
    applied_on: decided ? addDays(decided, -rng.int(10, 30)) : null,
    decided_on: decided,
    approval_level: decided ? 'township' : null,
    insured_member_ids: [],
    per_capita_income_fen: null,
    standard_fen: null,
    monthly_amount_fen: null,
    amount_fen: null,
    cause: null,
    relief_first: false,
    satisfaction: null,
    self_care: null,
    care_allowance_fen: null,
    grace_months: null,
    grace_start_on: null,
    grace_end_on: null,
    review_due_on: null,
    ended_on: null,
    end_reason: null,
    created_at: decided ? at(decided, 10) : null,
  };
}

function incomeRow(
  idValue: string,
  householdId: string,
  county: string,
  year: number,
  kind: string,
  start: IsoDate,
  end: IsoDate,
  y: IncomeYear,
  size: number,
  note: string | null,
  createdAt: string,
): SeedRow {
  return {
    id: idValue,
    household_id: householdId,
    county_code: county,
    year,
    kind,
    period_start: start,
    period_end: end,
    wage_fen: fen(y.wage),
    business_gross_fen: fen(y.bizGross),
    business_cost_fen: fen(y.bizCost),
    property_fen: fen(y.property),
    transfer_fen: fen(y.transfer + y.assistance),
    medical_out_of_pocket_fen: fen(y.medical),
    schooling_expense_fen: fen(y.schooling),
    disaster_loss_fen: fen(y.disaster),
    insurance_claim_fen: fen(y.claim),
    member_count: size,
    note,
    created_at: createdAt,
  };
}

interface PlanInput {
  planId: string;
  caseId: string;
  householdId: string;
  createdOn: IsoDate;
  riskTypes: RiskType[];
  state: {
    stage: CaseStage;
    eliminatedOn: IsoDate | null;
    eliminationMethod: string | null;
    eliminationProposedOn: IsoDate | null;
  };
  members: MemberDraft[];
  dibao: boolean;
  tekun: boolean;
}

/** The measures a plan takes: one for each risk, developmental ones for those who can work (S1 §五). */
function measureTypes(rng: Rng, p: PlanInput): Set<MeasureType> {
  const workers = p.members.filter((m) => canWork(m.laborCapacity));
  const types = new Set<MeasureType>();
  if (workers.length) types.add(rng.pick(DEVELOPMENTAL));
  if (workers.some((m) => m.laborCapacity === 'weak_or_half') && rng.chance(0.3)) types.add('public_welfare_job');
  for (const r of p.riskTypes) {
    if (r === 'illness') types.add('health');
    if (r === 'disability' || r === 'lack_of_labor') types.add('comprehensive_security');
    if (r === 'education') types.add('other_education');
    if (r === 'school_dropout') types.add('compulsory_education');
    if (r === 'housing_unsafe') types.add('housing_security');
    if (r === 'water_unsafe') types.add('water_security');
    if (r === 'natural_disaster' || r === 'accident')
      types.add(rng.chance(0.5) ? 'social_assistance' : 'comprehensive_security');
    if (r === 'unstable_employment') types.add('employment');
    if (r === 'industry_failure') types.add('industry');
  }
  if ((p.dibao || p.tekun) && !types.has('comprehensive_security')) types.add('comprehensive_security');
  if (rng.chance(0.1)) types.add('morale_and_skills');
  if (!types.size) types.add('comprehensive_security');
  return types;
}

/** 一户一策 (S3 §三(五)): measures chosen from the household's risks and its labour (S1 §五). */
function addPlan(
  ctx: CountyCtx,
  rng: Rng,
  id: (t: TaggedTable) => string,
  rows: SeedChunk['rows'],
  p: PlanInput,
): void {
  const types = measureTypes(rng, p);
  const asOf = ctx.asOf;
  const closedOn = p.state.eliminatedOn;
  rows.assistance_plan.push({
    id: p.planId,
    case_id: p.caseId,
    household_id: p.householdId,
    county_code: ctx.county.code,
    created_on: p.createdOn,
    risk_types: p.riskTypes,
    contact_user_id: null,
    note: '村级提出、县级行业部门落实的一户一策帮扶计划',
  });
  for (const type of [...types].slice(0, 4)) {
    const m = MEASURE_OF[type];
    const startOn = minDate(addDays(p.createdOn, rng.int(0, 15)), asOf);
    const months =
      type === 'finance' ? 36 : type === 'public_welfare_job' ? 12 : type === 'other_education' ? 24 : rng.int(3, 12);
    const endOn = addDays(addMonths(startOn, months), -1);
    const age = Math.round((Date.parse(asOf) - Date.parse(startOn)) / 86_400_000);
    const status =
      endOn < asOf || (closedOn && type !== 'finance' && type !== 'public_welfare_job')
        ? 'done'
        : age < 20
          ? rng.chance(0.5)
            ? 'planned'
            : 'implementing'
          : 'implementing';
    const amount =
      type === 'finance'
        ? rng.int(3, 5) * 1_000_000
        : type === 'housing_security'
          ? rng.int(20, 40) * 100_000
          : type === 'public_welfare_job'
            ? rng.int(5, 8) * 10_000 * months
            : type === 'other_education'
              ? 300_000
              : type === 'industry'
                ? rng.int(10, 50) * 10_000
                : null;
    rows.assistance_measure.push({
      id: id('assistance_measure'),
      plan_id: p.planId,
      household_id: p.householdId,
      county_code: ctx.county.code,
      category: m.category,
      type,
      sub_type: rng.pick(m.subTypes),
      department: m.department,
      description: `${m.subTypes[0]}:按计划落实`,
      start_on: startOn,
      end_on: endOn,
      amount_fen: amount,
      status,
      evidence: '[]',
      updated_at: at(status === 'done' ? minDate(endOn, asOf) : startOn, 16),
    });
  }
}
