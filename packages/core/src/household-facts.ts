import { z } from 'zod';
import { isIsoDate } from './dates.js';
import { AppError, type ErrorIssue } from './errors.js';
import {
  DisabilityCategory,
  DisasterSubtype,
  EliminationMethod,
  HealthStatus,
  HouseholdType,
  HousingSafetyGrade,
  HousingStructure,
  IncomeRecordKind,
  LaborCapacity,
  MeasureCategory,
  MeasureStatus,
  MeasureType,
  MonitoringCategory,
  MonitoringStatus,
  Relation,
  RiskType,
  SchoolStatus,
  Sex,
} from './enums.js';
import { isRegionCode, normalizeRegionCode } from './region.js';

/**
 * The facts of one household as `assess()` and `evaluateEliminationGuards()` read them. Every field mirrors a
 * database column (packages/server/src/db/migrations: household, member, separate_relative, income_record,
 * household_risk_event, monitoring_case, assistance_measure), camelCased, so the set-based SQL version of the
 * same rules reads exactly the same facts. Money is integer fen; dates are 'YYYY-MM-DD'.
 */

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD / 应为日期 YYYY-MM-DD', abort: true })
  .refine(isIsoDate, 'no such calendar day / 日期不存在');
const fen = z.number().int('must be whole fen / 金额应为整数分').nonnegative().max(Number.MAX_SAFE_INTEGER);
const flag = (value: boolean) => z.boolean().default(value);

/**
 * 基本医疗保险 (member.medical_insurance, free text in the registry): the values the rules know. Only `none`
 * (未参加基本医疗保险) fails the basic-medical guarantee; an empty value is unknown and fails nothing.
 */
export const MedicalInsurance = {
  values: ['resident', 'employee', 'none'] as const,
  labels: {
    resident: { zh: '城乡居民基本医疗保险', en: 'Resident basic medical insurance' },
    employee: { zh: '职工基本医疗保险', en: 'Employee basic medical insurance' },
    none: { zh: '未参加基本医疗保险', en: 'No basic medical insurance' },
  },
  uninsured: 'none',
} as const;

/** A member of the household (table member). */
export const MemberFactsSchema = z
  .object({
    /** member.id, when the facts come from the database */
    id: z.string().optional(),
    name: z.string().optional(),
    idNumber: z.string().optional(),
    sex: z.enum(Sex.values),
    birthDate: isoDate,
    relation: z.enum(Relation.values),
    schoolStatus: z.enum(SchoolStatus.values).default('not_in_school'),
    healthStatus: z.enum(HealthStatus.values).default('healthy'),
    disease: z.string().nullable().optional(),
    disabilityCategory: z.enum(DisabilityCategory.values).nullable().default(null),
    disabilityGrade: z.number().int().min(1).max(4).nullable().default(null),
    disabilityCertYear: z.number().int().min(1900).max(2100).nullable().default(null),
    laborCapacity: z.enum(LaborCapacity.values).default('ordinary'),
    workMonths: z.number().int().min(0).max(12).nullable().default(null),
    medicalInsurance: z.string().max(32).nullable().default(null),
    receivesDibao: flag(false),
    isTekun: flag(false),
    isRelocated: flag(false),
    isPublicServant: flag(false),
    isCarer: flag(false),
    /** same household registration (S0 plan two note 2) */
    registeredHere: flag(true),
    /** lives here and shares income (S0 plan two note 2) */
    livesAndShares: flag(true),
    deceasedOn: isoDate.nullable().default(null),
  })
  .strict()
  .superRefine((m, ctx) => {
    if ((m.disabilityCategory === null) !== (m.disabilityGrade === null)) {
      ctx.addIssue({
        code: 'custom',
        path: [m.disabilityCategory === null ? 'disabilityCategory' : 'disabilityGrade'],
        message: '残疾类别和等级须同时填写 / disability category and grade go together',
      });
    }
    if (m.deceasedOn !== null && m.deceasedOn < m.birthDate) {
      ctx.addIssue({ code: 'custom', path: ['deceasedOn'], message: '死亡日期早于出生日期 / died before birth' });
    }
  });
export type MemberFacts = z.infer<typeof MemberFactsSchema>;

/** A child living in a separate household (table separate_relative; S0 plan two §二(二)3 and note 1). */
export const SeparateRelativeFactsSchema = z
  .object({
    name: z.string().optional(),
    /** 'child', 'son' or 'daughter' count as 子女; other relations are kept but not read */
    relation: z.string().min(1).default('child'),
    hasPrivateCar: flag(false),
    hasCommercialHousing: flag(false),
    hasPublicServant: flag(false),
    hasBusiness: flag(false),
  })
  .strict();
export type SeparateRelativeFacts = z.infer<typeof SeparateRelativeFactsSchema>;

/** 收支情况 (table income_record): components, never only a total. */
export const IncomeRecordFactsSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    kind: z.enum(IncomeRecordKind.values).default('annual'),
    /** an annual record covers its calendar year when the period is left out */
    periodStart: isoDate.optional(),
    periodEnd: isoDate.optional(),
    wageFen: fen.default(0),
    businessGrossFen: fen.default(0),
    businessCostFen: fen.default(0),
    propertyFen: fen.default(0),
    transferFen: fen.default(0),
    medicalOutOfPocketFen: fen.default(0),
    schoolingExpenseFen: fen.default(0),
    disasterLossFen: fen.default(0),
    insuranceClaimFen: fen.default(0),
    /** people counted when the record was taken; informational, the rules count today's members */
    memberCount: z.number().int().min(0).nullable().default(null),
    note: z.string().nullable().optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.kind !== 'annual') {
      for (const f of ['periodStart', 'periodEnd'] as const) {
        if (!r[f]) ctx.addIssue({ code: 'custom', path: [f], message: `${r.kind} 记录须填写期间 / needs ${f}` });
      }
    }
    if (r.periodStart && r.periodEnd && r.periodEnd < r.periodStart) {
      ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: '期间结束早于开始 / period ends before it starts' });
    }
  })
  .transform((r) => ({
    ...r,
    periodStart: r.periodStart ?? `${r.year}-01-01`,
    periodEnd: r.periodEnd ?? `${r.year}-12-31`,
  }));
export type IncomeRecordFacts = z.infer<typeof IncomeRecordFactsSchema>;

/**
 * 风险事件 (table household_risk_event): something that happened to the household, recorded by a visit, a
 * verified department warning or an application: an accident, a disaster (with its sub-type), a lost job, a
 * failed industry project, a sudden illness. Counts as a current risk until resolved or out of the look-back.
 */
export const RiskEventFactsSchema = z
  .object({
    riskType: z.enum(RiskType.values),
    disasterSubtype: z.enum(DisasterSubtype.values).nullable().default(null),
    /** member.id of the person it happened to, when known */
    memberId: z.string().nullable().optional(),
    occurredOn: isoDate,
    resolvedOn: isoDate.nullable().default(null),
    lossFen: fen.nullable().default(null),
    source: z.string().nullable().optional(),
    note: z.string().nullable().optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.disasterSubtype !== null && e.riskType !== 'natural_disaster') {
      ctx.addIssue({
        code: 'custom',
        path: ['disasterSubtype'],
        message: '只有自然灾害有灾害子类 / only natural_disaster has a sub-type',
      });
    }
    if (e.resolvedOn !== null && e.resolvedOn < e.occurredOn) {
      ctx.addIssue({ code: 'custom', path: ['resolvedOn'], message: '解决早于发生 / resolved before it occurred' });
    }
  });
export type RiskEventFacts = z.infer<typeof RiskEventFactsSchema>;

/** 帮扶措施 (table assistance_measure) of the household's open monitoring case. */
export const MeasureFactsSchema = z
  .object({
    category: z.enum(MeasureCategory.values),
    type: z.enum(MeasureType.values),
    status: z.enum(MeasureStatus.values).default('planned'),
    startOn: isoDate.nullable().default(null),
    endOn: isoDate.nullable().default(null),
    amountFen: fen.nullable().default(null),
  })
  .strict();
export type MeasureFacts = z.infer<typeof MeasureFactsSchema>;

/** National-system status (household columns) and the open case (monitoring_case). */
export const MonitoringFactsSchema = z
  .object({
    status: z.enum(MonitoringStatus.values).default('not_monitored'),
    category: z.enum(MonitoringCategory.values).nullable().default(null),
    /** risk types recorded at identification (household.risk_types) */
    riskTypes: z.array(z.enum(RiskType.values)).max(5).default([]),
    disasterSubtype: z.enum(DisasterSubtype.values).nullable().default(null),
    firstIdentifiedOn: isoDate.nullable().default(null),
    /** monitoring_case.confirmed_on of the open case: months monitored count from here */
    confirmedOn: isoDate.nullable().default(null),
    riskEliminatedOn: isoDate.nullable().default(null),
    eliminationMethod: z.enum(EliminationMethod.values).nullable().default(null),
    /** 整户无劳动能力兜底保障户 (S3 §三(七)) */
    wholeHouseholdNoLabor: flag(false),
    measures: z.array(MeasureFactsSchema).default([]),
  })
  .strict();
export type MonitoringFacts = z.infer<typeof MonitoringFactsSchema>;

export const HouseholdFactsSchema = z
  .object({
    householdNo: z.string().optional(),
    /** the household's village (canonical code; a 12-digit padded code is accepted) */
    regionCode: z
      .string()
      .regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, {
        message: 'must be a region code of 2, 4, 6, 9 or 12 digits / 应为区划代码',
        abort: true,
      })
      .refine((c) => isRegionCode(c) && !/^0+$/.test(c), 'not a region code / 不是区划代码')
      .transform((c) => normalizeRegionCode(c)),
    /** region.is_rural of that village: 村 rather than 社区 (S1 §三(二) scope) */
    regionIsRural: flag(true),
    householdType: z.enum(HouseholdType.values).default('general_household'),
    liftedYear: z.number().int().min(2013).max(2100).nullable().default(null),
    inResettlementSite: flag(false),
    receivesDibao: flag(false),
    isTekun: flag(false),
    // 两不愁三保障 and water (S0 plan two §三(二); S1 §三(二); S3 §三(一))
    foodClothingSecure: flag(true),
    housingStructure: z.enum(HousingStructure.values).nullable().default(null),
    housingSafetyGrade: z.enum(HousingSafetyGrade.values).nullable().default(null),
    onlyHomeMudBrick: flag(false),
    drinkingWaterSafe: flag(true),
    waterIssue: z.string().nullable().optional(),
    electricityOk: flag(true),
    telecomOk: flag(true),
    /** the verifying cadre judged the household able to solve its 三保障/water problem itself (S3 §三(一)) */
    guaranteesSelfResolvable: flag(false),
    // exclusion facts (S0 plan two §二(二)1)
    hasPrivateCar: flag(false),
    hasCommercialHousing: flag(false),
    hasPublicServant: flag(false),
    hasBusiness: flag(false),
    members: z.array(MemberFactsSchema).min(1, '至少一名家庭成员 / at least one member'),
    separateRelatives: z.array(SeparateRelativeFactsSchema).default([]),
    incomes: z.array(IncomeRecordFactsSchema).default([]),
    riskEvents: z.array(RiskEventFactsSchema).default([]),
    monitoring: MonitoringFactsSchema.prefault({}),
  })
  .strict()
  .superRefine((h, ctx) => {
    const years = new Set<number>();
    h.incomes.forEach((r, i) => {
      if (r.kind !== 'annual') return;
      if (years.has(r.year)) {
        ctx.addIssue({
          code: 'custom',
          path: ['incomes', i, 'year'],
          message: `${r.year} 年度收入记录重复 / a second annual record for ${r.year}`,
        });
      }
      years.add(r.year);
    });
  });

/** The household facts after validation (defaults filled in, region code canonical). */
export type HouseholdFacts = z.output<typeof HouseholdFactsSchema>;
/** The household facts as written in a file. */
export type HouseholdFactsInput = z.input<typeof HouseholdFactsSchema>;

/**
 * Validate household facts from a file or a request. Throws `AppError('validation_failed')` whose issues name
 * every offending field by path (e.g. `members.2.birthDate`).
 */
/** Objects parseHouseholdFacts returned (never copied into, so still what it validated). */
const PARSED = new WeakSet<object>();

export function parseHouseholdFacts(input: unknown, source = 'household'): HouseholdFacts {
  // facts this function gave out are valid already: assess, the guards and the visit check each read the same
  // household, and a scenario reads it under two policies (parsing was a sixth of a scenario's time)
  if (typeof input === 'object' && input !== null && PARSED.has(input)) return input as HouseholdFacts;
  const r = HouseholdFactsSchema.safeParse(input);
  if (r.success) {
    PARSED.add(r.data);
    return r.data;
  }
  const issues: ErrorIssue[] = r.error.issues.map((i) => ({
    path: i.path.map(String).join('.') || '(root)',
    message: i.message,
  }));
  throw new AppError(
    'validation_failed',
    {
      zh: `${source}: 农户数据无效：${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      en: `${source}: invalid household facts`,
    },
    issues,
  );
}
