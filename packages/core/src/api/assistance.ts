/**
 * Social assistance (低保, 特困, 临时救助; S2, S0 plan one; DOMAIN §2.9, §4.7–4.9): applications taken by the village,
 * decisions by the township (低保 and temporary assistance up to the township limit, S2 §三(二)) or the county, the
 * 低保 grace period (渐退, S2 §二(一)1), the end of a case, the recipient's satisfaction with temporary assistance and
 * the township's temporary-assistance ledger (S0 plan one §二: 人数, 救助原因, 满意程度).
 */
import { z } from 'zod';
import { DIBAO_DEDUCTION_KINDS } from '../dibao-income.js';
import { HARDSHIP_DIMENSIONS } from '../hardship.js';
import {
  ApprovalLevel,
  AssistanceEndReason,
  DibaoClassification,
  PayMethod,
  ReliefSatisfaction,
  SelfCareLevel,
  SocialAssistanceKind,
  SocialAssistanceStatus,
  TempReliefKind,
} from '../enums.js';
import { CalendarDate, Fen, Id, Instant, PageQuery, RegionCode, Version, pageOf, sortQuery, text } from './common.js';

const optText = (max: number) => z.string().trim().max(max).nullish();

/** A deduction claimed on a 低保 application, with its evidence (S2 二(一)3). */
export const DibaoDeductionClaimBody = z
  .object({
    kind: z
      .enum(DIBAO_DEDUCTION_KINDS)
      .describe('medical 患病 / disability 残疾 / schooling 就学 / work_cost 就业成本'),
    memberId: Id.nullish().describe('whose spending or work'),
    amountFen: Fen.min(1).describe('the year’s amount (fen)'),
    months: z.number().int().min(1).max(12).nullish().describe('work costs: months worked (the cap is per month)'),
    evidence: text(200).describe('票据、证明 / the receipt or certificate'),
  })
  .strict();
export type DibaoDeductionClaimBody = z.infer<typeof DibaoDeductionClaimBody>;

const Localized = z.object({ zh: z.string(), en: z.string() });

/** The 低保 income assessment of a household (core assessDibaoIncome), line by line. */
export const DibaoIncomeView = z
  .object({
    asOf: z.string(),
    recordYear: z.number().int().nullable().describe('the income record read; null when the household has none'),
    people: z.number().int(),
    lines: z.array(
      z.object({
        kind: z.enum(['income', 'imputed', 'not_imputed', 'deduction']),
        code: z.string(),
        member: z.string().nullable(),
        amountFen: z.number().int(),
        rule: Localized,
        source: Localized,
      }),
    ),
    incomeFen: z.number().int(),
    rigidSpendingFen: z.number().int(),
    workCostFen: z.number().int(),
    assessedFen: z.number().int(),
    perCapitaFen: z.number().int(),
    perCapitaBeforeRigidFen: z.number().int(),
    standardMonthlyFen: z.number().int(),
    standardAnnualFen: z.number().int(),
    belowStandard: z.boolean(),
    expenditureType: z.boolean(),
    hardship: z
      .object({
        dimensions: z.array(
          z.object({
            dimension: z.enum(HARDSHIP_DIMENSIONS),
            score: z.number(),
            weight: z.number(),
            reason: Localized,
          }),
        ),
        total: z.number(),
        level: z.enum(['severe', 'considerable', 'some', 'none']),
      })
      .optional()
      .describe('多维困难指标 (S2 §二(三)9), beside the income test'),
  })
  .meta({ id: 'DibaoIncome' });
export type DibaoIncomeView = z.infer<typeof DibaoIncomeView>;

/** POST /api/assistance/income-assessment: assess without applying (the application form's preview). */
export const DibaoIncomeBody = z
  .object({
    householdId: Id,
    asOf: CalendarDate.optional().describe('default: today, China time'),
    deductionClaims: z.array(DibaoDeductionClaimBody).max(20).default([]),
  })
  .strict();
export type DibaoIncomeBody = z.infer<typeof DibaoIncomeBody>;

const BoolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

const common = {
  householdId: Id,
  appliedOn: CalendarDate,
  cause: text(500).describe('困难原因 / the hardship'),
  integrityPledge: z
    .literal(true, { message: '须签署诚信申报承诺书 / the applicant must sign the honesty pledge' })
    .describe('诚信申报承诺 (S2 §二(三)12): the applicant signed the honesty pledge'),
};

/** POST /api/assistance: an application; which fields it needs depends on the kind. */
export const AssistanceApplyBody = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('dibao'),
      ...common,
      classification: z
        .enum(['dibao', 'single_person', 'rigid_expense'])
        .describe(
          '低保; 单人户 (one severely ill, disabled, elderly or minor member alone, S2 §二(一)2); 支出型 (S2 §二(一)3)',
        ),
      insuredMemberIds: z.array(Id).min(1).max(30),
      perCapitaIncomeFen: Fen.nullish().describe(
        'annual per-capita income found by hand (fen); default: the income assessment from the register',
      ),
      deductionClaims: z.array(DibaoDeductionClaimBody).max(20).default([]),
    })
    .strict(),
  z
    .object({
      kind: z.literal('tekun'),
      ...common,
      classification: z
        .enum(['tekun_dispersed', 'tekun_centralized'])
        .describe('分散供养 at home / 集中供养 in an institution'),
      insuredMemberIds: z.array(Id).min(1).max(30),
      selfCare: z
        .enum(SelfCareLevel.values)
        .describe(
          '自理能力评估 (S2 §二(一)4): full 全自理 / partial 部分自理 / none 完全不能自理; sets the care allowance',
        ),
    })
    .strict(),
  z
    .object({
      kind: z.literal('temp_relief'),
      ...common,
      reliefKind: z.enum(TempReliefKind.values),
      amountFen: Fen.min(1).describe('the amount applied for (fen)'),
      reliefFirst: z.boolean().default(false).describe('先行救助: paid first, the paperwork completed afterwards'),
      insuredMemberIds: z.array(Id).max(30).optional().describe('the people helped (default: the whole household)'),
    })
    .strict(),
]);
export type AssistanceApplyBody = z.infer<typeof AssistanceApplyBody>;

/** One instalment of a staged temporary assistance: the day it is paid and the amount. */
export const ReliefStageBody = z
  .object({ payOn: CalendarDate, amountFen: Fen.min(1) })
  .strict()
  .meta({ id: 'ReliefStage' });

/** POST /api/assistance/:id/decision. */
export const AssistanceDecisionBody = z
  .object({
    version: Version,
    decision: z.enum(['approve', 'reject']),
    decidedOn: CalendarDate,
    note: optText(1000).describe('the reason of a rejection; the case-by-case justification above the cap'),
    standardFen: Fen.nullish().describe(
      '低保/特困: the monthly standard applied (default: the policy’s rural standard)',
    ),
    perCapitaIncomeFen: Fen.nullish().describe('低保: annual per-capita income (default: as applied)'),
    monthlyAmountFen: Fen.nullish().describe(
      '低保: the monthly amount (default: the top-up by the standard); 特困: the basic support, to which the care allowance is added',
    ),
    careAllowanceFen: Fen.nullish().describe(
      '特困: the monthly care allowance per person (default: the policy’s tekun.careMonthlyFen of the self-care level)',
    ),
    amountFen: Fen.min(1).nullish().describe('temporary assistance: the amount granted (default: as applied)'),
    stages: z
      .array(ReliefStageBody)
      .max(24)
      .nullish()
      .describe(
        '临时救助 for a household that fell back into poverty: the amount granted paid in instalments (S0 plan one 二 五是)',
      ),
    reviewDueOn: CalendarDate.nullish(),
  })
  .strict();
export type AssistanceDecisionBody = z.infer<typeof AssistanceDecisionBody>;

/** POST /api/assistance/:id/grace: income rose above the 低保 standard (S2 §二(一)1). */
export const AssistanceGraceBody = z
  .object({
    version: Version,
    perCapitaIncomeFen: Fen.describe('annual per-capita income now (fen)'),
    assessedOn: CalendarDate,
    months: z.number().int().min(1).max(60).optional().describe('the policy’s default when absent'),
  })
  .strict();
export type AssistanceGraceBody = z.infer<typeof AssistanceGraceBody>;

/** POST /api/assistance/:id/end. */
export const AssistanceEndBody = z
  .object({
    version: Version,
    endedOn: CalendarDate,
    reason: z.enum(AssistanceEndReason.values),
    note: optText(1000),
  })
  .strict();
export type AssistanceEndBody = z.infer<typeof AssistanceEndBody>;

/** POST /api/assistance/:id/satisfaction: the follow-up of a temporary assistance (S0 plan one §二). */
export const AssistanceSatisfactionBody = z
  .object({ version: Version, satisfaction: z.enum(ReliefSatisfaction.values) })
  .strict();
export type AssistanceSatisfactionBody = z.infer<typeof AssistanceSatisfactionBody>;

export const AssistanceCaseView = z
  .object({
    id: z.string(),
    householdId: z.string(),
    householdNo: z.string().nullable(),
    headName: z.string().nullable(),
    regionCode: z.string(),
    regionName: z.string().nullable().describe('the village'),
    kind: z.enum(SocialAssistanceKind.values),
    classification: z.enum(DibaoClassification.values).nullable(),
    reliefKind: z.enum(TempReliefKind.values).nullable(),
    status: z.enum(SocialAssistanceStatus.values),
    appliedOn: z.string(),
    decidedOn: z.string().nullable(),
    approvalLevel: z.enum(ApprovalLevel.values).nullable(),
    requiredLevel: z.enum(ApprovalLevel.values).describe('the lowest level that may decide (S2 §三(二))'),
    insuredMemberIds: z.array(z.string()),
    peopleCount: z.number().int().describe('people covered: the insured members, else the living household'),
    perCapitaIncomeFen: z.number().int().nullable(),
    standardFen: z.number().int().nullable(),
    monthlyAmountFen: z.number().int().nullable(),
    selfCare: z.enum(SelfCareLevel.values).nullable().describe('特困: the self-care assessment (S2 §二(一)4)'),
    careAllowanceFen: z
      .number()
      .int()
      .nullable()
      .describe('特困: the monthly care allowance per person included in monthlyAmountFen'),
    amountFen: z.number().int().nullable(),
    cause: z.string().nullable(),
    reliefFirst: z.boolean(),
    satisfaction: z.enum(ReliefSatisfaction.values).nullable(),
    graceMonths: z.number().int().nullable(),
    graceStartOn: z.string().nullable(),
    graceEndOn: z.string().nullable(),
    graceIncomeFen: z.number().int().nullable(),
    deductionClaims: z.array(DibaoDeductionClaimBody),
    pledgeSignedOn: z.string().nullable().describe('the day the honesty pledge was signed'),
    incomeAssessment: DibaoIncomeView.nullable().describe('低保: the income assessment the last step relied on'),
    inGrace: z.boolean().describe('approved 低保 within its grace period today'),
    reliefStages: z
      .array(ReliefStageBody.extend({ paid: z.boolean().describe('on a paid payroll') }))
      .nullable()
      .describe('临时救助 paid in instalments (S0 plan one 二 五是)'),
    returnedToPoverty: z.boolean().describe('the household fell back into poverty (返贫): stages and a raised cap'),
    payMethod: z.enum(PayMethod.values).nullable(),
    accountMasked: z.string().nullable().describe('the account, all but its last four digits hidden'),
    payeeMemberId: z.string().nullable(),
    reviewDueOn: z.string().nullable(),
    endedOn: z.string().nullable(),
    endReason: z.string().nullable().describe('an AssistanceEndReason, or the text of an older record'),
    endNote: z.string().nullable(),
    decisionNote: z.string().nullable(),
    decidedBy: z.string().nullable(),
    createdAt: Instant,
    version: z.number().int(),
  })
  .meta({ id: 'AssistanceCase' });
export type AssistanceCaseView = z.infer<typeof AssistanceCaseView>;

export const AssistanceFilter = z.object({
  kind: z.enum(SocialAssistanceKind.values).optional(),
  status: z.enum(SocialAssistanceStatus.values).optional(),
  region: RegionCode.optional(),
  householdId: Id.optional(),
  inGrace: BoolQuery.optional(),
  reliefFirst: BoolQuery.optional(),
  approvalLevel: z.enum(ApprovalLevel.values).optional(),
  decidedFrom: CalendarDate.optional(),
  decidedTo: CalendarDate.optional(),
  asOf: CalendarDate.optional().describe('the day inGrace is judged on (default today)'),
});
export type AssistanceFilter = z.infer<typeof AssistanceFilter>;

/** The assistance list's sortable columns (default: newest application first). */
export const ASSISTANCE_SORT = ['appliedOn', 'decidedOn', 'kind', 'status', 'regionCode'] as const;

export const AssistanceListQuery = PageQuery.extend({ ...AssistanceFilter.shape, sort: sortQuery(ASSISTANCE_SORT) });
export type AssistanceListQuery = z.infer<typeof AssistanceListQuery>;

export const AssistancePage = pageOf(AssistanceCaseView);
export type AssistancePage = z.infer<typeof AssistancePage>;

/** GET /api/assistance/temp-relief-ledger: S0 plan one §二 "乡级临时救助人数,救助原因,满意程度的台账". */
export const TempReliefLedgerQuery = z.object({
  region: RegionCode.optional(),
  from: CalendarDate,
  to: CalendarDate,
});
export type TempReliefLedgerQuery = z.infer<typeof TempReliefLedgerQuery>;

const LedgerLine = z.object({
  cases: z.number().int(),
  people: z.number().int(),
  amountFen: z.number().int(),
  emergency: z.number().int(),
  expense: z.number().int(),
  reliefFirst: z.number().int(),
  countyDecided: z.number().int(),
  satisfaction: z.object({
    satisfied: z.number().int(),
    basically_satisfied: z.number().int(),
    dissatisfied: z.number().int(),
    unknown: z.number().int(),
  }),
  causes: z.array(z.object({ cause: z.string(), cases: z.number().int() })),
});

export const TempReliefLedger = z
  .object({
    region: z.object({ code: z.string(), name: z.string() }),
    from: z.string(),
    to: z.string(),
    total: LedgerLine,
    rows: z.array(LedgerLine.extend({ code: z.string(), name: z.string() })).describe('by township (or village)'),
  })
  .meta({ id: 'TempReliefLedger' });
export type TempReliefLedger = z.infer<typeof TempReliefLedger>;
