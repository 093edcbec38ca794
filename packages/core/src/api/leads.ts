/**
 * Lead contracts (风险线索, DOMAIN §2.5; S1 §四(二)): leads recorded by staff from every channel, the public
 * self-application that needs no account, and the farmer's view of its status. ID numbers and phones are masked
 * in every view; the public status shows nothing but the receipt, a masked name, the village and the status.
 */
import { z } from 'zod';
import { ID_NUMBER_PROBLEM_TEXT, parseIdNumber } from '../id-number.js';
import { CaseStage, Department, LeadChannel, LeadStatus, LeadSubChannel, RiskType, type Label } from '../enums.js';
import {
  CalendarDate,
  Id,
  Instant,
  PageQuery,
  RegionCode,
  Version,
  VillageCode,
  pageOf,
  sortQuery,
  text,
} from './common.js';

/** An 18-digit (or 15-digit legacy) ID number whose check digit and birth date are right. */
export const IdNumberInput = z
  .string()
  .trim()
  .max(32)
  .superRefine((v, ctx) => {
    const r = parseIdNumber(v);
    if (!r.ok) {
      const t = ID_NUMBER_PROBLEM_TEXT[r.problem];
      ctx.addIssue({ code: 'custom', message: `${t.zh} / ${t.en}` });
    }
  });

/** A mainland mobile number (11 digits starting 13–19): the farmer is called back on it. */
export const MobilePhone = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, '手机号码应为11位 / a mobile number has 11 digits starting with 13–19');

const StaffPhone = z
  .string()
  .trim()
  .regex(/^[0-9+\-\s]{5,20}$/, '电话号码格式不正确 / phone number: 5–20 digits');

const RiskTypes = z.array(z.enum(RiskType.values)).max(RiskType.values.length);

/** Someone not (yet) in the registry, as the 安徽 mini-program captures them (DOMAIN §2.5, W10). */
export const ApplicantFields = z
  .object({
    name: text(64),
    idNumber: IdNumberInput,
    phone: StaffPhone.optional(),
    regionCode: VillageCode.describe('the village the applicant lives in'),
  })
  .strict();
export type ApplicantFields = z.infer<typeof ApplicantFields>;

/** Sub-channels each channel may come through (S1 §四(二)1–3). The first is the default. */
export const LEAD_SUB_CHANNELS: Record<LeadChannel, readonly LeadSubChannel[]> = {
  self_application: ['written', 'hotline_12317', 'app'],
  cadre_screening: ['visit', 'screening_run', 'full_screening', 'disaster'],
  department_warning: ['department_feed'],
};

/**
 * POST /api/leads: a lead recorded by staff — a cadre's finding on a visit, a written application handed in at
 * the village, a 12317 call, a department officer's report — about a registered household (`householdId`) or a
 * person not in the registry (`applicant`: name, ID number, phone, village).
 */
export const LeadCreateBody = z
  .object({
    channel: z.enum(LeadChannel.values),
    subChannel: z.enum(LeadSubChannel.values).optional(),
    department: z.enum(Department.values).optional().describe('department_warning only: the reporting department'),
    householdId: Id.optional(),
    applicant: ApplicantFields.optional(),
    description: text(2000).optional(),
    riskTypes: RiskTypes.default([]),
    discoveredOn: CalendarDate.optional().describe(
      'the day the risk came to light (starts the 15 days); today if absent',
    ),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!!v.householdId === !!v.applicant) {
      ctx.addIssue({
        code: 'custom',
        path: ['householdId'],
        message: '须指定已登记农户(householdId)或申请人(applicant)之一 / give either householdId or applicant',
      });
    }
    if (v.subChannel && !LEAD_SUB_CHANNELS[v.channel].includes(v.subChannel)) {
      ctx.addIssue({
        code: 'custom',
        path: ['subChannel'],
        message: `${v.channel} 的子渠道应为 / sub-channel of ${v.channel} must be one of: ${LEAD_SUB_CHANNELS[v.channel].join(', ')}`,
      });
    }
    if ((v.channel === 'department_warning') !== !!v.department) {
      ctx.addIssue({
        code: 'custom',
        path: ['department'],
        message: '部门预警须且仅须填写部门 / department is required for, and only for, department_warning',
      });
    }
  });
export type LeadCreateBody = z.infer<typeof LeadCreateBody>;

export const LeadView = z
  .object({
    id: z.string(),
    countyCode: z.string(),
    regionCode: z.string(),
    regionName: z.string().nullable().describe('the village'),
    householdId: z.string().nullable(),
    householdNo: z.string().nullable(),
    headName: z.string().nullable().describe('the household head'),
    channel: z.enum(LeadChannel.values),
    subChannel: z.enum(LeadSubChannel.values).nullable(),
    department: z.enum(Department.values).nullable(),
    applicantName: z.string().nullable(),
    applicantIdNumber: z.string().nullable().describe('masked'),
    applicantPhone: z.string().nullable().describe('masked'),
    description: z.string().nullable(),
    riskTypes: z.array(z.enum(RiskType.values)),
    discoveredAt: Instant,
    discoveredOn: z.string().describe('China calendar day of discoveredAt'),
    verifyDueOn: z.string().nullable(),
    identificationDueOn: z.string().nullable(),
    status: z.enum(LeadStatus.values),
    dismissedReason: z.string().nullable(),
    caseId: z.string().nullable(),
    caseStage: z.enum(CaseStage.values).nullable(),
    attachedToLeadId: z.string().nullable(),
    receiptNo: z.string().nullable(),
    overdue: z.boolean().describe('open, and its verification or identification day has passed'),
    createdAt: Instant,
    updatedAt: Instant,
    version: z.number().int(),
  })
  .meta({ id: 'Lead' });
export type LeadView = z.infer<typeof LeadView>;

const BoolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/** GET /api/leads: within the caller's area; `overdue=true` keeps open leads past a deadline. */
/** The lead list's sortable columns (default: newest discovery first). */
export const LEAD_SORT = ['discoveredOn', 'status', 'channel', 'regionCode', 'verifyDueOn'] as const;

export const LeadListQuery = PageQuery.extend({
  status: z.enum(LeadStatus.values).optional(),
  channel: z.enum(LeadChannel.values).optional(),
  region: RegionCode.optional(),
  householdId: Id.optional(),
  overdue: BoolQuery.optional(),
  sort: sortQuery(LEAD_SORT),
});
export type LeadListQuery = z.infer<typeof LeadListQuery>;

export const LeadPage = pageOf(LeadView);
export type LeadPage = z.infer<typeof LeadPage>;

/**
 * POST /api/leads/:id/start-verification: open the case of the lead's household (立案入户核实, S1 §四(二)). The
 * step's other fields come from the lead (household, village, channel, discovery day). A lead about someone
 * not in the registry names the household registered for them since (`householdId`).
 */
export const StartVerificationBody = z
  .object({
    version: Version.describe("the lead's version"),
    householdId: Id.optional(),
    riskTypes: RiskTypes.optional(),
  })
  .strict();
export type StartVerificationBody = z.infer<typeof StartVerificationBody>;

// ---------------------------------------------------------------------------------------------------
// The public self-application (S1 §四(二)1: 农户自主申报 by app)

/** POST /api/public/applications: no account; validated, rate-limited per address. */
export const PublicApplicationBody = z
  .object({
    name: text(64).describe('户主或申请人姓名'),
    idNumber: IdNumberInput,
    phone: MobilePhone,
    villageCode: VillageCode.describe('the 12-digit code of the rural village (村) the applicant lives in'),
    description: text(1000).describe('家庭困难情况'),
    riskTypes: RiskTypes.optional(),
  })
  .strict();
export type PublicApplicationBody = z.infer<typeof PublicApplicationBody>;

/** What the farmer sees: one of these, never the case itself. */
export const PUBLIC_APPLICATION_STATUS: Record<
  'received' | 'verifying' | 'in_procedure' | 'monitoring' | 'not_included' | 'risk_eliminated',
  Label
> = {
  received: { zh: '已受理，等待入户核实', en: 'Received; a home visit will follow' },
  verifying: { zh: '入户核实中', en: 'Home verification under way' },
  in_procedure: { zh: '民主评议、公示和审核中', en: 'Village review, public notice and approval under way' },
  monitoring: { zh: '已纳入监测帮扶', en: 'Taken into monitoring and assistance' },
  not_included: { zh: '经核实未纳入监测', en: 'Not taken into monitoring after verification' },
  risk_eliminated: { zh: '风险已消除', en: 'Risk eliminated' },
};
export type PublicApplicationStatusCode = keyof typeof PUBLIC_APPLICATION_STATUS;
const PublicStatusCode = z.enum(
  Object.keys(PUBLIC_APPLICATION_STATUS) as [PublicApplicationStatusCode, ...PublicApplicationStatusCode[]],
);

const LabelView = z.object({ zh: z.string(), en: z.string() });

export const PublicApplicationReceipt = z
  .object({
    receiptNo: z.string().describe('quote it with your ID number to see the status'),
    submittedOn: z.string(),
    status: PublicStatusCode,
    statusLabel: LabelView,
  })
  .meta({ id: 'PublicApplicationReceipt' });
export type PublicApplicationReceipt = z.infer<typeof PublicApplicationReceipt>;

export const ReceiptParams = z.object({
  receipt: z
    .string()
    .trim()
    .regex(/^[A-Z0-9-]{6,24}$/, '受理编号格式不正确 / malformed receipt number'),
});
export const PublicStatusQuery = z.object({ idNumber: z.string().trim().min(1).max(32) });

export const PublicApplicationStatus = z
  .object({
    receiptNo: z.string(),
    applicantName: z.string().describe('masked: 王**'),
    regionName: z.string().nullable(),
    submittedOn: z.string(),
    status: PublicStatusCode,
    statusLabel: LabelView,
    updatedOn: z.string().describe('the day the status last changed'),
  })
  .meta({ id: 'PublicApplicationStatus' });
export type PublicApplicationStatus = z.infer<typeof PublicApplicationStatus>;

/**
 * GET /api/public/regions?parent=CODE: the divisions under a region for the self-application's village picker,
 * without an account (administrative divisions are public). Without `parent`, the provinces loaded; under a
 * township only rural villages, the only places a self-application may name.
 */
export const PublicRegionQuery = z.object({ parent: RegionCode.optional() });
export type PublicRegionQuery = z.infer<typeof PublicRegionQuery>;

export const PublicRegionList = z
  .object({
    items: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        level: z.enum(['province', 'prefecture', 'county', 'township', 'village']),
      }),
    ),
  })
  .meta({ id: 'PublicRegionList' });
export type PublicRegionList = z.infer<typeof PublicRegionList>;
