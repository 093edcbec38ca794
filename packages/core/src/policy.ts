import { z } from 'zod';
import { AppError } from './errors.js';
import { isWithin } from './region.js';

/**
 * Policy as versioned data (issue 3 §1; ARCHITECTURE "Policy is data"). Every number a rule reads lives here,
 * with the document it came from; changing the line from 6000 to 7300 is a policy file, not a code change.
 * Money is integer fen. Ratios are plain numbers (0.5 = half).
 */

const fen = z.number().int().nonnegative();
const days = z.number().int().min(0).max(3650);
const months = z.number().int().min(0).max(240);
/** Ratios are compared exactly in basis points (integer arithmetic), so at most 4 decimal places. */
const ratio = z
  .number()
  .min(0)
  .max(100)
  .refine((v) => Math.abs(v * 10_000 - Math.round(v * 10_000)) < 1e-6, 'at most 4 decimal places');

const Toggle = z.object({ enabled: z.boolean() }).strict();
const monthDay = z.number().int().min(1).max(31);

/**
 * 低保 income assessment when a policy names none. S2 §二(一)3 names the practice (deductions, the minimum wage,
 * carers exempt) but no numbers: 1380 yuan is 四川's lowest minimum-wage band of 2018 [INF], working age 16–59 [INF],
 * work costs up to 200 yuan a month [INF], 支出型 up to twice the standard as R2 does [INF].
 */
export const DIBAO_INCOME_DEFAULTS = {
  minimumWageMonthlyFen: 138_000,
  imputeMinimumWage: true,
  workingAgeMin: 16,
  workingAgeMax: 59,
  deductMedical: true,
  deductDisability: true,
  deductSchooling: true,
  workCostCapMonthlyFen: 20_000,
  expenditureMaxIncomeMultiple: 2,
};

/** Hardship indicators when a policy names none (S2 §二(三)9 names the dimensions, not the weights) [INF]. */
export const HARDSHIP_DEFAULTS = {
  weights: { economic: 0.3, health: 0.2, education: 0.15, housing: 0.15, employment: 0.1, social: 0.1 },
  someFrom: 20,
  considerableFrom: 40,
  severeFrom: 60,
};

/**
 * 特困 care allowance (照料护理补贴) per month by the self-care level (S2 §二(一)4 自理能力评估; DOMAIN §4.8). The seeds
 * name no amounts: local values [INF], a region sets its own.
 */
export const TEKUN_DEFAULTS = { careMonthlyFen: { full: 5_000, partial: 30_000, none: 60_000 } };

/**
 * Staged temporary assistance when a policy names none. S0 plan one 二 五是 names the practice (一次审批、分阶段救助,
 * 适当提高救助标准 for 返贫人口) and no numbers: at most 6 instalments within 12 months [INF], the cap raised by half [INF].
 */
export const TEMP_RELIEF_STAGED_DEFAULTS = { maxStages: 6, maxMonths: 12, capUplift: 1.5 };

/** The seven steps' due days when a policy names none (S0 plan two 五: 排 by the 5th, 访 by the 10th; the rest [INF]). */
export const SEVEN_STEP_DEFAULT_DAYS = {
  screen: 5,
  visit: 10,
  evaluate: 15,
  record: 20,
  monitor: 25,
  supplement: 28,
  close: 31,
};

/**
 * Reminders and escalation when a policy names none (issue 15 §4). No seed gives a number: S3 §三(四)(五) fixes the
 * deadlines themselves, not when to warn of them, so both are local defaults [INF].
 */
export const REMINDER_DEFAULTS = { beforeDays: 3, escalateAfterDays: 3 };

/**
 * Disasters and emergencies when a policy names nothing (issue 15 §6): affected households visited within 7 days
 * (a local default [INF]; S0 plan two 五 gives 访 by the 10th of the month, no number of days after an event), and
 * the green channel (绿色通道) open: for disasters, help is given first and the procedure completed afterwards
 * [W12, W43].
 */
export const DISASTER_DEFAULTS = { visitDays: 7, fastChannel: true };

/**
 * Targets of the eight inspection points (S3 §三): awareness of the policy among those surveyed at least 95%
 * (S3 §三(一) 知晓率达到95%); every other point is owed to every household it applies to (应纳尽纳, 应消尽消, 应标尽标).
 */
export const SUPERVISION_DEFAULTS = { awarenessTarget: 0.95, pointTarget: 1 };

/**
 * Data-quality rules (issue 17 §2, S3 §三(八) 系统数据是否精准详实) when a policy names nothing. The legal ages are
 * the Civil Code's marriage ages (art. 1047: men 22, women 20); a head of household of at least 16 is the age at
 * which a resident supports himself by his own work (Civil Code art. 18); the rest are local defaults [INF]: a
 * parent at least 15 years older than a child, the previous year's income recorded, a measure implementing at most
 * 12 months, visits looked at over 12 months, and 10 days to give a newly monitored household a measure (S3 §三(五)).
 */
export const DATA_QUALITY_DEFAULTS = {
  headMinAge: 16,
  spouseMinAgeMale: 22,
  spouseMinAgeFemale: 20,
  parentChildMinGapYears: 15,
  incomeYearLag: 1,
  measureImplementingMaxMonths: 12,
  visitLookbackMonths: 12,
  measureGraceDays: 10,
};

export const PolicyBodySchema = z
  .object({
    /** 监测范围: per-capita net income line, fen per person per year; "below" means strictly below. S1 §三(二), S3 §三(一) */
    monitoringIncomeLineFen: fen,
    /** 突发严重困难户 (S1 §三(一)(二)): rigid spending clearly above last year's income, or income sharply reduced */
    suddenHardship: z
      .object({
        /** rigid expenditure above this share of the previous year's household net income */
        rigidExpenseShareOfPreviousIncome: ratio,
        /** current income at or below this share of the previous year's counts as a sharp drop */
        incomeDropToShare: ratio,
        /** insurance payouts (理赔收入) offset the rigid expenditure they compensate (DOMAIN §2.4 reading) */
        netOfInsuranceClaims: z.boolean().default(true),
      })
      .strict(),
    /** 纳入: how the facts are read (S0 plan two §二(一); S1 §三, §四(一); S3 §三(一)) */
    inclusion: z
      .object({
        /**
         * S0 plan two §二(一)1–2: below the line *and* a risk. S3 §三(一) (2024): income below the line is itself an
         * application condition, so a region may switch the risk requirement off.
         */
        belowLineRequiresRisk: z.boolean().default(true),
        /** an accident, disaster, job loss or other event counts as a current risk for this many months unless resolved */
        eventLookbackMonths: months.default(12),
        /** 义务教育阶段适龄 (compulsory-education age), inclusive, for the dropout check */
        compulsoryEducationMinAge: z.number().int().min(3).max(20).default(6),
        compulsoryEducationMaxAge: z.number().int().min(3).max(20).default(16),
        /** 失能失智老年人 (S1 §四(一)5): members from this age */
        elderlyAge: z.number().int().min(40).max(100).default(60),
      })
      .strict()
      .default({
        belowLineRequiresRisk: true,
        eventLookbackMonths: 12,
        compulsoryEducationMinAge: 6,
        compulsoryEducationMaxAge: 16,
        elderlyAge: 60,
      }),
    /** 低保 standards and related social-assistance parameters (S2; DOMAIN §4.7–4.9) */
    dibao: z
      .object({
        ruralMonthlyFen: fen,
        urbanMonthlyFen: fen,
        /** 低保边缘: income below this multiple of the standard (W32) */
        marginalMultiple: ratio,
        /** 渐退: income above the standard and at most maxMultiple times it → grace of minMonths..maxMonths (S2 §二(一)1) */
        grace: z
          .object({
            maxMultiple: ratio,
            minMonths: months,
            maxMonths: months,
            defaultMonths: months,
          })
          .strict(),
        /** 特困 covers minors up to this age (S2 §二(一)4: 16 → 18) */
        tekunMinorAgeLimit: z.number().int().min(0).max(30),
        /** How a 低保 household's income is assessed (S2 §二(一)3); local values where the seed names none [INF] */
        income: z
          .object({
            /** 当地最低工资标准, monthly: the income counted for an able-bodied working-age member's months without work */
            minimumWageMonthlyFen: fen,
            /** impute the minimum wage at all (S2 names the practice by exempting carers from it) */
            imputeMinimumWage: z.boolean(),
            /** 劳动年龄段, inclusive */
            workingAgeMin: z.number().int().min(10).max(30),
            workingAgeMax: z.number().int().min(40).max(80),
            /** rigid spending deducted from income: illness, disability, schooling (S2 "可…适当予以扣减") */
            deductMedical: z.boolean(),
            deductDisability: z.boolean(),
            deductSchooling: z.boolean(),
            /** work costs (transport, meals, communication) deducted, at most this much per working member a month */
            workCostCapMonthlyFen: fen,
            /**
             * 支出型 (S2 §二(一)3 一是): income above the standard, rigid spending beyond what the family can bear. Here:
             * income less rigid spending falls below the standard, and income is at most this multiple of it (R2 [INF]).
             */
            expenditureMaxIncomeMultiple: ratio,
          })
          .strict()
          .default(DIBAO_INCOME_DEFAULTS),
        /**
         * 多维困难指标 (S2 §二(三)9): the weight of each dimension and the scores from which a household counts as in
         * some, considerable or severe hardship. The seed names the dimensions only: local [INF].
         */
        hardship: z
          .object({
            weights: z
              .object({
                economic: ratio,
                health: ratio,
                education: ratio,
                housing: ratio,
                employment: ratio,
                social: ratio,
              })
              .strict(),
            someFrom: z.number().min(0).max(100),
            considerableFrom: z.number().min(0).max(100),
            severeFrom: z.number().min(0).max(100),
          })
          .strict()
          .default(HARDSHIP_DEFAULTS),
      })
      .strict(),
    /** 特困 (S2 §二(一)4): the monthly care allowance per self-care level, added to the basic support on approval */
    tekun: z
      .object({
        careMonthlyFen: z.object({ full: fen, partial: fen, none: fen }).strict(),
      })
      .strict()
      .default(TEKUN_DEFAULTS),
    /** 临时救助 (S2 §三(二); W36) */
    tempRelief: z
      .object({
        /** the township decides cases up to this amount (S2: 3000 yuan) */
        townshipLimitFen: fen,
        /** per-case cap as a multiple of the monthly 低保 standard (W36) */
        maxMultipleOfMonthlyStandard: ratio,
        /** 返贫人口 一次审批、分阶段救助 (S0 plan one 二 五是) */
        staged: z
          .object({
            /** most instalments of one approval */
            maxStages: z.number().int().min(2).max(24),
            /** the last instalment at most this many months after the decision */
            maxMonths: z.number().int().min(1).max(24),
            /** 适当提高救助标准: the per-case cap of a household that fell back into poverty is multiplied by this */
            capUplift: ratio,
          })
          .strict()
          .default(TEMP_RELIEF_STAGED_DEFAULTS),
      })
      .strict(),
    /** Statutory deadlines in calendar days (S3 §三(四)(五); S1 §四(二)) */
    deadlines: z
      .object({
        /** from the day a lead is discovered to county confirmation: at most 15 days (S3 §三(四)) */
        identificationDays: days,
        /** the village public notice lasts at least 5 days (S3 §三(四)) */
        noticeMinDays: days,
        /** assistance plan within 10 days of identification (S3 §三(五)) */
        planDays: days,
        /** a lead or department warning is verified at home within this many days (local; W9: 3) */
        verificationDays: days,
        /** lists of self-applications and cadre findings are reported every half month (S1 §四(二)1–2) */
        reportingIntervalDays: days,
        /** departments exchange data with the agency at least every 2 months (S1 §四(二)3) */
        departmentExchangeMonths: months,
      })
      .strict(),
    /**
     * 排访评录测补销 (S0 plan two 五): the day of the month by which each step is due. The seed gives 排 by the 5th
     * and 访 by the 10th; the preview is cut off after step two, so the later days are local defaults [INF]. A day
     * past a month's end means that month's last day.
     */
    sevenSteps: z
      .object({
        screen: monthDay,
        visit: monthDay,
        evaluate: monthDay,
        record: monthDay,
        monitor: monthDay,
        supplement: monthDay,
        close: monthDay,
      })
      .strict()
      .default(SEVEN_STEP_DEFAULT_DAYS),
    /**
     * Reminders and escalation (issue 15 §4): the owner is reminded `beforeDays` before a deadline; an item overdue
     * `escalateAfterDays` rises one level (village → township), twice as long two levels (→ county). Local [INF].
     */
    reminders: z
      .object({
        beforeDays: z.number().int().min(0).max(60),
        escalateAfterDays: z.number().int().min(1).max(365),
      })
      .strict()
      .default(REMINDER_DEFAULTS),
    /**
     * Disasters (issue 15 §6; S0 plan two is written for disaster-hit households): every affected household is
     * visited within `visitDays` of the disaster's date; with `fastChannel` (绿色通道 [W12, W43]) a case that came
     * from a disaster lead may record its assistance plan (先行帮扶) before the county's confirmation, and the
     * statutory steps (notice, township review, county confirmation) are completed afterwards.
     */
    disaster: z
      .object({ visitDays: z.number().int().min(1).max(90), fastChannel: z.boolean() })
      .strict()
      .default(DISASTER_DEFAULTS),
    /** The eight inspection points' targets (S3 §三; supervision/eight-points) */
    supervision: z
      .object({ awarenessTarget: ratio.refine((v) => v <= 1), pointTarget: ratio.refine((v) => v <= 1) })
      .strict()
      .default(SUPERVISION_DEFAULTS),
    /** Data-quality rules (issue 17 §2, S3 §三(八)); see DATA_QUALITY_DEFAULTS for where each number comes from. */
    dataQuality: z
      .object({
        headMinAge: z.number().int().min(0).max(30),
        spouseMinAgeMale: z.number().int().min(0).max(30),
        spouseMinAgeFemale: z.number().int().min(0).max(30),
        parentChildMinGapYears: z.number().int().min(0).max(40),
        incomeYearLag: z.number().int().min(0).max(2),
        measureImplementingMaxMonths: months,
        visitLookbackMonths: months,
        measureGraceDays: days,
      })
      .strict()
      .default(DATA_QUALITY_DEFAULTS),
    /** Visit frequencies (S3 §三(二); S2 §二(二)8) */
    visits: z
      .object({
        /** lifted (脱贫) households: at least one visit per this many months */
        liftedHouseholdMonths: months,
        /** monitored households: at least one visit per this many months */
        monitoredHouseholdMonths: months,
        /** social-assistance households: a paired party member visits at least quarterly (S2 §二(二)8) */
        socialAssistanceMonths: months,
        /** a full screening of every household at least yearly (S3 §三(二)) */
        fullScreeningMonths: months,
      })
      .strict(),
    /** Department warning thresholds (DOMAIN §6; local values, defaults documented there) */
    warnings: z
      .object({
        /** 医保: yearly out-of-pocket after reimbursement above this amount (general population) */
        medicalOutOfPocketFen: fen,
        /** 医保: lower amount for lifted and monitored people */
        medicalOutOfPocketLiftedFen: fen,
        /** 医保: or above this share of the household's previous-year net income */
        medicalShareOfPreviousIncome: ratio,
        /** 教育: non-compulsory students' self-paid costs after aid above this amount */
        schoolingSelfPayFen: fen,
        /** 住建: unsafe housing grades */
        unsafeHousingGrades: z.array(z.enum(['A', 'B', 'C', 'D'])).min(1),
        /** 残联: a new certificate at or above (numerically at or below) this grade is severe */
        severeDisabilityMaxGrade: z.number().int().min(1).max(4),
        /** 应急: disaster or accident loss above this amount */
        disasterLossFen: fen,
        /** 水利: supply cut longer than this many days (W16: more than 1 month) */
        waterOutageDays: days,
      })
      .strict(),
    /** 不纳入监测对象的情况 (S0 plan two §二(二)); each rule on or off */
    exclusions: z
      .object({
        privateCar: Toggle,
        commercialHousing: Toggle,
        publicServant: Toggle,
        business: Toggle,
        /** elderly households whose children (even in separate households) have one of the above (S0 §二(二)3 and note 1) */
        elderlyWithWellOffChildren: z
          .object({ enabled: z.boolean(), elderlyAge: z.number().int().min(40).max(100) })
          .strict(),
        /** only home is mud-brick but income stably above the line and no illness, disability or lost labour (S0 §二(二)2) */
        mudBrickStableIncome: Toggle,
      })
      .strict(),
    /** 风险消除 guards (S1 §四(四); S3 §三(六)(七); W3) */
    eliminationGuards: z
      .object({
        stableIncomeMonths: months,
        minMonthsMonitored: months,
        minMeasures: z.number().int().min(0).max(20),
      })
      .strict(),
  })
  .strict();

export type PolicyBody = z.infer<typeof PolicyBodySchema>;

/** A policy record: the body plus where and when it applies and the document it came from. */
export const PolicyRecordSchema = z
  .object({
    /** '' = national; otherwise a canonical region prefix (province, prefecture, county, township or village) */
    regionPrefix: z
      .string()
      .regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})?$/, 'region prefix must be a canonical region code or empty'),
    year: z.number().int().min(2000).max(2100),
    version: z.number().int().min(1),
    effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'effectiveFrom must be YYYY-MM-DD'),
    docNo: z.string().min(1),
    docTitle: z.string().min(1),
    /** a national (empty prefix) record carries a full body; a regional one may override any subset */
    body: z.record(z.string(), z.unknown()),
  })
  .strict();

export type PolicyRecord = z.infer<typeof PolicyRecordSchema>;

/** The policy a rule runs with: the merged body plus the records it came from (for every explanation). */
export interface ResolvedPolicy extends PolicyBody {
  /** e.g. "national 2021 v1 + 61 2024 v1" */
  versionLabel: string;
  sources: {
    regionPrefix: string;
    year: number;
    version: number;
    docNo: string;
    docTitle: string;
    effectiveFrom: string;
  }[];
}

export class PolicyError extends Error {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'PolicyError';
  }
}

function formatIssues(error: z.ZodError, prefix: string): { path: string; message: string }[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
    message: i.message,
  }));
}

/** Validate a policy record from a file or the database; the error names every offending field. */
export function parsePolicyRecord(input: unknown, source = 'policy'): PolicyRecord {
  const r = PolicyRecordSchema.safeParse(input);
  if (!r.success) {
    const issues = formatIssues(r.error, '');
    throw new PolicyError(
      `${source}: 政策无效 / invalid policy: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
  // A national record carries the whole body; a regional one overrides a subset, and every field it sets must
  // exist and be valid on its own, so a typo is refused when the file is loaded rather than when it is used.
  const issues =
    r.data.regionPrefix === ''
      ? (() => {
          const b = PolicyBodySchema.safeParse(r.data.body);
          return b.success ? [] : formatIssues(b.error, 'body');
        })()
      : overrideIssues(PolicyBodySchema, r.data.body, ['body']);
  if (issues.length) {
    throw new PolicyError(
      `${source}: 政策无效 / invalid policy: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
  return r.data;
}

/** Validate a partial body against the full schema: unknown fields and invalid leaves, each with its path. */
function overrideIssues(schema: z.ZodType, value: unknown, path: string[]): { path: string; message: string }[] {
  const inner = schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema;
  if (inner instanceof z.ZodObject && isPlainObject(value)) {
    const shape = inner.shape as Record<string, z.ZodType>;
    return Object.entries(value).flatMap(([k, v]) =>
      shape[k]
        ? overrideIssues(shape[k], v, [...path, k])
        : [{ path: [...path, k].join('.'), message: 'unknown field / 未知字段' }],
    );
  }
  const r = inner.safeParse(value);
  return r.success ? [] : formatIssues(r.error, path.join('.'));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Overrides replace leaves; nested objects merge; arrays replace whole. */
export function mergePolicyBody(
  base: Record<string, unknown>,
  override: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? mergePolicyBody(b, v) : v;
  }
  return out;
}

/**
 * Resolve the policy in force for a region on a date: for each level from national down to the region itself,
 * take the latest record in force (latest effectiveFrom, then highest version), and merge the more specific
 * over the more general. The merged body must validate, or the error names the field and the records.
 */
export function resolvePolicy(records: readonly PolicyRecord[], regionCode: string, asOf: string): ResolvedPolicy {
  const inForce = records.filter((r) => r.effectiveFrom <= asOf && isWithin(regionCode, r.regionPrefix));
  const byPrefix = new Map<string, PolicyRecord>();
  for (const r of inForce) {
    const cur = byPrefix.get(r.regionPrefix);
    if (
      !cur ||
      r.effectiveFrom > cur.effectiveFrom ||
      (r.effectiveFrom === cur.effectiveFrom && (r.year > cur.year || (r.year === cur.year && r.version > cur.version)))
    ) {
      byPrefix.set(r.regionPrefix, r);
    }
  }
  const chain = [...byPrefix.values()].sort((a, b) => a.regionPrefix.length - b.regionPrefix.length);
  if (!chain.length || chain[0]!.regionPrefix !== '') {
    throw new PolicyError(
      `没有在 ${asOf} 生效的全国政策 / no national policy in force on ${asOf} for region ${regionCode}`,
      [{ path: 'regionPrefix', message: 'no national record in force' }],
    );
  }
  let body: Record<string, unknown> = {};
  for (const r of chain) body = mergePolicyBody(body, r.body);
  const parsed = PolicyBodySchema.safeParse(body);
  const label = chain.map((r) => `${r.regionPrefix || 'national'} ${r.year} v${r.version}`).join(' + ');
  if (!parsed.success) {
    const issues = formatIssues(parsed.error, 'body');
    throw new PolicyError(
      `政策合并后无效 / merged policy invalid (${label}): ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
  return {
    ...parsed.data,
    versionLabel: label,
    sources: chain.map((r) => ({
      regionPrefix: r.regionPrefix,
      year: r.year,
      version: r.version,
      docNo: r.docNo,
      docTitle: r.docTitle,
      effectiveFrom: r.effectiveFrom,
    })),
  };
}

/**
 * The policy in force for a region on a day, or the one refusal every caller gives when there is none (or the
 * merged records do not validate): precondition_failed, saying which region and day, the record's problems as issues.
 */
export function policyInForceOrRefuse(
  records: readonly PolicyRecord[],
  regionCode: string,
  asOf: string,
): ResolvedPolicy {
  try {
    return resolvePolicy(records, regionCode, asOf);
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e;
    const where = regionCode || '全国';
    throw new AppError(
      'precondition_failed',
      {
        zh: `${where} 在 ${asOf} 没有有效的政策，请县级管理员先发布政策：${e.message}`,
        en: `no valid policy in force for ${regionCode || 'the country'} on ${asOf}: ${e.message}`,
      },
      e.issues,
      { reason: 'no_policy_in_force', regionCode, asOf },
    );
  }
}

/** Yuan (as people write it) to fen, exactly: "6000", "1,234.50", 1234.5 → 123450. */
export function yuanToFen(yuan: number | string): number {
  const s = String(yuan).replace(/[,，\s元¥￥]/g, '');
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) throw new Error(`不是有效金额 / not a valid amount: "${yuan}"`);
  const fenPart = (m[3] ?? '').padEnd(2, '0');
  const value = Number(m[2]) * 100 + Number(fenPart);
  if (!Number.isSafeInteger(value)) throw new Error(`金额过大 / amount too large: "${yuan}"`);
  return m[1] ? -value : value;
}

/** Fen to a yuan string with two decimals, for display and explanations. */
/** An amount as officers read it in a sentence: yuan with thousands separators, 16,800.00. */
export function fenToYuanText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  const whole = String(Math.floor(a / 100));
  let grouped = whole.slice(0, ((whole.length - 1) % 3) + 1);
  for (let i = grouped.length; i < whole.length; i += 3) grouped += `,${whole.slice(i, i + 3)}`;
  return `${sign}${grouped}.${String(a % 100).padStart(2, '0')}`;
}

export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}
