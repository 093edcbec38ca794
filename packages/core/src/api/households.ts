/**
 * Registry contracts: households, members and income records (DOMAIN §2.2–§2.4), the household detail with
 * its cases, visits, measures, warnings and timeline, and the audited unmask request.
 * ID numbers, phones and health details are masked in every view; `UnmaskResponse` carries them in clear.
 */
import { z } from 'zod';
import { VisitEvidence } from './offline.js';
import {
  CaseStage,
  Department,
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
  MemberLeftReason,
  MonitoringCategory,
  MonitoringStatus,
  Relation,
  RiskType,
  SchoolStatus,
  Sex,
  VisitMethod,
  WarningStatus,
} from '../enums.js';
import { Fen, Id, Instant, CalendarDate, PageQuery, Version, VillageCode, pageOf, sortQuery, text } from './common.js';

const optText = (max: number) => z.string().trim().max(max).nullish();
const SearchBool = z.enum(['true', 'false']).transform((v) => v === 'true');
const Phone = z
  .string()
  .trim()
  .regex(/^[0-9+\-\s]{5,20}$/, '电话号码格式不正确 / phone number: 5–20 digits')
  .nullish();

/**
 * 生效日期 of a change of facts (issue 20 §2): the day it took effect when that is not today (a car sold last month
 * is recorded today). Not in the future, not before the household was registered (checked by the service).
 */
export const EffectiveOn = CalendarDate.optional().describe(
  '生效日期: the day the change took effect (default: today); not in the future, not before registration',
);

// ---------------------------------------------------------------------------------------------------
// Household

/** Facts a user may set on a household. Status flags (monitoring, elimination) belong to the case services. */
export const HouseholdFields = z.object({
  naturalVillage: optText(64),
  address: optText(200),
  phone: Phone,
  householdType: z.enum(HouseholdType.values).optional(),
  liftedYear: z.number().int().min(2013).max(2100).nullish(),
  monitorContact: optText(64),
  monitorContactPhone: Phone,
  pairedPartyMember: optText(64).describe(
    '结对帮扶党员 of a social-assistance household (S2 §二(二)8: at least one, visiting at least quarterly)',
  ),
  foodClothingSecure: z.boolean().optional(),
  housingStructure: z.enum(HousingStructure.values).nullish(),
  housingSafetyGrade: z.enum(HousingSafetyGrade.values).nullish(),
  onlyHomeMudBrick: z.boolean().optional(),
  drinkingWaterSafe: z.boolean().optional(),
  waterIssue: optText(200),
  electricityOk: z.boolean().optional(),
  telecomOk: z.boolean().optional(),
  inResettlementSite: z.boolean().optional(),
  isMilitaryMartyrFamily: z.boolean().optional(),
  hasPrivateCar: z.boolean().optional(),
  hasCommercialHousing: z.boolean().optional(),
  hasPublicServant: z.boolean().optional(),
  hasBusiness: z.boolean().optional(),
  receivesDibao: z.boolean().optional(),
  isTekun: z.boolean().optional(),
  dibaoSince: CalendarDate.nullish(),
});
export type HouseholdFields = z.infer<typeof HouseholdFields>;

// ---------------------------------------------------------------------------------------------------
// Member

/** A member as entered. Sex and birth date may be left out when the ID number gives them (and must agree). */
export const MemberFields = z.object({
  name: text(64),
  personNo: optText(32),
  idType: z.string().trim().max(32).optional(),
  idNumber: z.string().trim().max(32).nullish(),
  sex: z.enum(Sex.values).optional(),
  birthDate: CalendarDate.optional(),
  relation: z.enum(Relation.values),
  ethnicity: optText(32),
  politicalStatus: optText(32),
  education: optText(32),
  schoolStatus: z.enum(SchoolStatus.values).optional(),
  dropoutReason: optText(200),
  healthStatus: z.enum(HealthStatus.values).optional(),
  disease: optText(200),
  disabilityCategory: z.enum(DisabilityCategory.values).nullish(),
  disabilityGrade: z.number().int().min(1).max(4).nullish(),
  disabilityCertYear: z.number().int().min(1950).max(2100).nullish(),
  laborCapacity: z.enum(LaborCapacity.values).optional(),
  workPlace: optText(100),
  workMonths: z.number().int().min(0).max(12).nullish(),
  employer: optText(100),
  publicWelfareJob: optText(64),
  publicWelfareJobMonths: z.number().int().min(0).max(12).nullish(),
  medicalInsurance: optText(32),
  criticalIllnessInsurance: z.boolean().optional(),
  pensionInsurance: optText(32),
  receivesMedicalAid: z.boolean().optional(),
  receivesDibao: z.boolean().optional(),
  isTekun: z.boolean().optional(),
  isRelocated: z.boolean().optional(),
  isPublicServant: z.boolean().optional(),
  isCarer: z.boolean().optional(),
  registeredHere: z.boolean().optional(),
  livesAndShares: z.boolean().optional(),
  phone: Phone,
  deceasedOn: CalendarDate.nullish(),
});
export type MemberFields = z.infer<typeof MemberFields>;

export const MemberCreateBody = MemberFields.strict();
export type MemberCreateBody = z.infer<typeof MemberCreateBody>;

export const MemberUpdateBody = MemberFields.partial().extend({ version: Version, effectiveOn: EffectiveOn }).strict();
export type MemberUpdateBody = z.infer<typeof MemberUpdateBody>;

/** A member leaves the household (婚出, 迁出): kept on its record, no longer counted (issue 14 §1). */
export const MemberLeaveBody = z
  .object({
    version: Version,
    leftOn: CalendarDate,
    reason: z.enum(MemberLeftReason.values),
    note: optText(200),
  })
  .strict();
export type MemberLeaveBody = z.infer<typeof MemberLeaveBody>;

export const MemberView = z
  .object({
    id: z.string(),
    householdId: z.string(),
    personNo: z.string().nullable(),
    name: z.string(),
    idType: z.string(),
    idNumber: z.string().nullable().describe('masked: 220*************3X'),
    sex: z.enum(Sex.values),
    birthDate: z.string().describe('masked to the year: 1958-**-** (with the ID number it would rebuild it)'),
    age: z.number().int().describe('whole years today, or on the day of death'),
    relation: z.enum(Relation.values),
    ethnicity: z.string().nullable(),
    politicalStatus: z.string().nullable(),
    education: z.string().nullable(),
    schoolStatus: z.enum(SchoolStatus.values),
    dropoutReason: z.string().nullable(),
    healthStatus: z.enum(HealthStatus.values),
    disease: z.string().nullable().describe('masked'),
    disabilityCategory: z.enum(DisabilityCategory.values).nullable(),
    disabilityGrade: z.number().int().nullable(),
    disabilityCertYear: z.number().int().nullable(),
    laborCapacity: z.enum(LaborCapacity.values),
    workPlace: z.string().nullable(),
    workMonths: z.number().int().nullable(),
    employer: z.string().nullable(),
    publicWelfareJob: z.string().nullable(),
    publicWelfareJobMonths: z.number().int().nullable(),
    medicalInsurance: z.string().nullable(),
    criticalIllnessInsurance: z.boolean(),
    pensionInsurance: z.string().nullable(),
    receivesMedicalAid: z.boolean(),
    receivesDibao: z.boolean(),
    isTekun: z.boolean(),
    isRelocated: z.boolean(),
    isPublicServant: z.boolean(),
    isCarer: z.boolean(),
    registeredHere: z.boolean(),
    livesAndShares: z.boolean(),
    phone: z.string().nullable().describe('masked'),
    deceasedOn: z.string().nullable(),
    leftOn: z.string().nullable().describe('left the household (married out, moved away) on this day'),
    leftReason: z.enum(MemberLeftReason.values).nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'Member' });
export type MemberView = z.infer<typeof MemberView>;

export const MemberParams = z.object({ id: Id, memberId: Id });
export const VersionQuery = z.object({ version: z.coerce.number().int().min(1) });

// ---------------------------------------------------------------------------------------------------
// Income records (收支情况): components in fen, never only a total

export const IncomeFields = z.object({
  year: z.number().int().min(2000).max(2100),
  kind: z.enum(IncomeRecordKind.values),
  periodStart: CalendarDate,
  periodEnd: CalendarDate,
  wageFen: Fen.default(0),
  businessGrossFen: Fen.default(0),
  businessCostFen: Fen.default(0),
  propertyFen: Fen.default(0),
  transferFen: Fen.default(0),
  medicalOutOfPocketFen: Fen.default(0),
  schoolingExpenseFen: Fen.default(0),
  disasterLossFen: Fen.default(0),
  insuranceClaimFen: Fen.default(0),
  memberCount: z.number().int().min(1).max(50).nullish(),
  note: optText(500),
});

const periodInOrder = (v: { periodStart?: string | undefined; periodEnd?: string | undefined }) =>
  !v.periodStart || !v.periodEnd || v.periodStart <= v.periodEnd;
const periodIssue = {
  message: '统计期止日不能早于起日 / periodEnd must not be before periodStart',
  path: ['periodEnd'],
};

export const IncomeCreateBody = IncomeFields.strict().refine(periodInOrder, periodIssue);
export type IncomeCreateBody = z.infer<typeof IncomeCreateBody>;

/** Income records carry no version column: an update replaces the given components (last write wins). */
export const IncomeUpdateBody = IncomeFields.partial()
  .extend({ effectiveOn: EffectiveOn })
  .strict()
  .refine(periodInOrder, periodIssue);
export type IncomeUpdateBody = z.infer<typeof IncomeUpdateBody>;

export const IncomeView = z
  .object({
    id: z.string(),
    householdId: z.string(),
    year: z.number().int(),
    kind: z.enum(IncomeRecordKind.values),
    periodStart: z.string(),
    periodEnd: z.string(),
    wageFen: z.number().int(),
    businessGrossFen: z.number().int(),
    businessCostFen: z.number().int(),
    propertyFen: z.number().int(),
    transferFen: z.number().int(),
    medicalOutOfPocketFen: z.number().int(),
    schoolingExpenseFen: z.number().int(),
    disasterLossFen: z.number().int(),
    insuranceClaimFen: z.number().int(),
    memberCount: z.number().int().nullable(),
    note: z.string().nullable(),
    recordedBy: z.string().nullable(),
    createdAt: Instant,
  })
  .meta({ id: 'IncomeRecord' });
export type IncomeView = z.infer<typeof IncomeView>;

export const IncomeParams = z.object({ id: Id, incomeId: Id });

// ---------------------------------------------------------------------------------------------------
// Household views

export const HouseholdView = z
  .object({
    id: z.string(),
    countyCode: z.string(),
    regionCode: z.string(),
    regionName: z.string().describe('full name from the province down'),
    householdNo: z.string(),
    naturalVillage: z.string().nullable(),
    address: z.string().nullable(),
    phone: z.string().nullable().describe('masked'),
    householdType: z.enum(HouseholdType.values),
    liftedYear: z.number().int().nullable(),
    monitoringStatus: z.enum(MonitoringStatus.values),
    monitoringCategory: z.enum(MonitoringCategory.values).nullable(),
    riskTypes: z.array(z.enum(RiskType.values)),
    disasterSubtype: z.enum(DisasterSubtype.values).nullable(),
    riskNote: z.string().nullable(),
    firstIdentifiedOn: z.string().nullable(),
    identifiedMonth: z.string().nullable(),
    riskEliminatedOn: z.string().nullable(),
    eliminationMethod: z.enum(EliminationMethod.values).nullable(),
    wholeHouseholdNoLabor: z.boolean(),
    monitorContact: z.string().nullable(),
    monitorContactPhone: z.string().nullable().describe('masked'),
    pairedPartyMember: z.string().nullable().describe('结对帮扶党员 (S2 §二(二)8)'),
    foodClothingSecure: z.boolean(),
    housingStructure: z.enum(HousingStructure.values).nullable(),
    housingSafetyGrade: z.enum(HousingSafetyGrade.values).nullable(),
    onlyHomeMudBrick: z.boolean(),
    drinkingWaterSafe: z.boolean(),
    waterIssue: z.string().nullable(),
    electricityOk: z.boolean(),
    telecomOk: z.boolean(),
    inResettlementSite: z.boolean(),
    isMilitaryMartyrFamily: z.boolean(),
    hasPrivateCar: z.boolean(),
    hasCommercialHousing: z.boolean(),
    hasPublicServant: z.boolean(),
    hasBusiness: z.boolean(),
    receivesDibao: z.boolean(),
    isTekun: z.boolean(),
    dibaoSince: z.string().nullable(),
    lastVisitOn: z.string().nullable(),
    lastFullScreeningOn: z.string().nullable(),
    createdAt: Instant,
    updatedAt: Instant,
    closedOn: z
      .string()
      .nullable()
      .describe('merged into another household (合户) on this day: closed, kept on record'),
    mergedIntoId: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'Household' });
export type HouseholdView = z.infer<typeof HouseholdView>;

export const HouseholdCreateBody = HouseholdFields.extend({
  regionCode: VillageCode,
  householdNo: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z-]{1,32}$/, '户编号为1–32位字母、数字或- / household number: 1–32 letters, digits or -'),
  members: z.array(MemberCreateBody).min(1).max(30),
}).strict();
export type HouseholdCreateBody = z.infer<typeof HouseholdCreateBody>;

export const HouseholdUpdateBody = HouseholdFields.extend({ version: Version, effectiveOn: EffectiveOn }).strict();
export type HouseholdUpdateBody = z.infer<typeof HouseholdUpdateBody>;

/** GET /api/households: `q` is a name, an ID number or a household number; lists keep to the caller's area. */
/** The household list's sortable columns (default: household number). */
export const HOUSEHOLD_SORT = [
  'householdNo',
  'regionCode',
  'householdType',
  'monitoringStatus',
  'monitoringCategory',
] as const;

export const HouseholdSearchQuery = PageQuery.extend({
  q: z.string().trim().max(64).optional(),
  region: z
    .string()
    .regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/)
    .optional(),
  category: z.enum(MonitoringCategory.values).optional(),
  status: z.enum(MonitoringStatus.values).optional(),
  /** households whose current risk types include this one */
  riskType: z.enum(RiskType.values).optional(),
  /** lifted (脱贫户) or general households */
  householdType: z.enum(HouseholdType.values).optional(),
  // The filters behind the dashboard's figures (GET /api/stats/overview): each figure links to this list.
  asOf: CalendarDate.optional().describe(
    'judge status, category, risk type and elimination method on this day from the cases instead of the current flags',
  ),
  monitored: SearchBool.optional().describe('taken into monitoring: risk unresolved or eliminated'),
  eliminationMethod: z
    .enum(EliminationMethod.values)
    .optional()
    .describe('of the elimination in the eliminatedFrom–eliminatedTo window when one is given'),
  identifiedFrom: CalendarDate.optional().describe('a case confirmed by the county on or after this day'),
  identifiedTo: CalendarDate.optional(),
  eliminatedFrom: CalendarDate.optional().describe('a case whose risk was eliminated on or after this day'),
  eliminatedTo: CalendarDate.optional(),
  sort: sortQuery(HOUSEHOLD_SORT),
});
export type HouseholdSearchQuery = z.infer<typeof HouseholdSearchQuery>;

/** The household search's filters without the page and the sort (the export takes these). */
export const HouseholdFilterQuery = HouseholdSearchQuery.omit({ page: true, pageSize: true, sort: true });
export type HouseholdFilterQuery = z.infer<typeof HouseholdFilterQuery>;

export const HouseholdListItem = z
  .object({
    id: z.string(),
    householdNo: z.string(),
    regionCode: z.string(),
    regionName: z.string().nullable().describe('the village name'),
    headName: z.string().nullable(),
    headIdNumber: z.string().nullable().describe('masked'),
    memberCount: z.number().int(),
    householdType: z.enum(HouseholdType.values),
    monitoringStatus: z.enum(MonitoringStatus.values),
    monitoringCategory: z.enum(MonitoringCategory.values).nullable(),
    riskTypes: z.array(z.enum(RiskType.values)),
    version: z.number().int(),
  })
  .meta({ id: 'HouseholdListItem' });
export type HouseholdListItem = z.infer<typeof HouseholdListItem>;

export const HouseholdPage = pageOf(HouseholdListItem);
export type HouseholdPage = z.infer<typeof HouseholdPage>;

export const CaseSummary = z.object({
  id: z.string(),
  episode: z.number().int(),
  stage: z.enum(CaseStage.values),
  category: z.enum(MonitoringCategory.values).nullable(),
  riskTypes: z.array(z.enum(RiskType.values)),
  discoveredAt: Instant,
  confirmedOn: z.string().nullable(),
  rejectedOn: z.string().nullable(),
  eliminatedOn: z.string().nullable(),
  currentDueOn: z.string().nullable(),
  currentDueKind: z.string().nullable(),
  version: z.number().int(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const VisitSummary = z
  .object({
    id: z.string(),
    visitedOn: z.string(),
    method: z.enum(VisitMethod.values),
    visitorId: z.string().nullable(),
    incomeChange: z.string().nullable(),
    estimatedAnnualIncomeFen: z.number().int().nullable(),
    foodClothingOk: z.boolean(),
    educationOk: z.boolean(),
    medicalOk: z.boolean(),
    housingOk: z.boolean(),
    waterOk: z.boolean(),
    newRisks: z.array(z.enum(RiskType.values)),
    note: z.string().nullable(),
  })
  .extend(VisitEvidence.shape);
export type VisitSummary = z.infer<typeof VisitSummary>;

export const MeasureSummary = z.object({
  id: z.string(),
  planId: z.string(),
  category: z.enum(MeasureCategory.values),
  type: z.enum(MeasureType.values),
  subType: z.string().nullable(),
  department: z.string().nullable(),
  description: z.string().nullable(),
  startOn: z.string().nullable(),
  endOn: z.string().nullable(),
  amountFen: z.number().int().nullable(),
  status: z.enum(MeasureStatus.values),
  version: z.number().int(),
});
export type MeasureSummary = z.infer<typeof MeasureSummary>;

export const WarningSummary = z.object({
  id: z.string(),
  department: z.enum(Department.values),
  personName: z.string().nullable(),
  idNumber: z.string().nullable().describe('masked'),
  signalType: z.string(),
  metricValue: z.number().nullable(),
  threshold: z.number().nullable(),
  eventDate: z.string().nullable(),
  status: z.enum(WarningStatus.values),
  verificationResult: z.string().nullable(),
  createdAt: Instant,
});
export type WarningSummary = z.infer<typeof WarningSummary>;

export const TimelineKind = z.enum(['case_event', 'visit', 'measure', 'warning', 'audit']);

/** One line of the household's history, newest first. */
export const TimelineEntry = z.object({
  at: z.string().describe('instant, or a calendar day for visits and measures'),
  kind: TimelineKind,
  action: z.string(),
  refId: z.string().nullable(),
  actor: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const HouseholdDetail = z
  .object({
    household: HouseholdView,
    members: z.array(MemberView),
    incomes: z.array(IncomeView),
    cases: z.array(CaseSummary),
    visits: z.array(VisitSummary),
    measures: z.array(MeasureSummary),
    warnings: z.array(WarningSummary),
    timeline: z.array(TimelineEntry),
  })
  .meta({ id: 'HouseholdDetail' });
export type HouseholdDetail = z.infer<typeof HouseholdDetail>;

/** POST /api/households/:id/unmask: the clear values, audited as a sensitive read. */
export const UnmaskBody = z
  .object({
    reason: text(200).describe('why the clear values are needed (kept in the audit log)'),
    memberIds: z.array(Id).max(50).optional().describe('only these members; all when absent'),
  })
  .strict();
export type UnmaskBody = z.infer<typeof UnmaskBody>;

export const UnmaskResponse = z.object({
  household: z.object({ phone: z.string().nullable(), monitorContactPhone: z.string().nullable() }),
  members: z.array(
    z.object({
      id: z.string(),
      idNumber: z.string().nullable(),
      birthDate: z.string(),
      phone: z.string().nullable(),
      disease: z.string().nullable(),
    }),
  ),
});
export type UnmaskResponse = z.infer<typeof UnmaskResponse>;
