/**
 * The monthly payroll of 低保 and 特困 per township (issue 16 §6; S0 plan one 四(一): 财务台账和业务台账数据…保持一致;
 * 二、五: 一次审批、分阶段救助): prepared by the township from the cases in force, approved by the county, exported in the
 * layout banks and finance offices take, marked paid, and reconciled against what was decided. Account numbers are
 * masked in every view.
 */
import { z } from 'zod';
import { PayMethod, PayrollLineStatus, PayrollStatus, SocialAssistanceKind } from '../enums.js';
import { PAYROLL_MONTH } from '../payroll.js';
import { CalendarDate, Id, RegionCode, Version, text } from './common.js';

export const PayrollMonthValue = z.string().regex(PAYROLL_MONTH, '月份格式应为 YYYY-MM / month must be YYYY-MM');

export const PayrollSummary = z
  .object({
    id: z.string(),
    countyCode: z.string(),
    regionCode: z.string().describe('the township'),
    regionName: z.string().nullable(),
    month: z.string(),
    status: z.enum(PayrollStatus.values),
    lineCount: z.number().int(),
    peopleCount: z.number().int(),
    totalFen: z.number().int().describe('paid this month, fen'),
    recoveryFen: z.number().int().describe('to be recovered, fen'),
    preparedAt: z.string(),
    preparedByName: z.string().nullable(),
    approvedAt: z.string().nullable(),
    approvedByName: z.string().nullable(),
    paidOn: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'Payroll' });
export type PayrollSummary = z.infer<typeof PayrollSummary>;

export const PayrollLineView = z
  .object({
    id: z.string(),
    caseId: z.string(),
    householdId: z.string(),
    householdNo: z.string().nullable(),
    villageCode: z.string(),
    villageName: z.string().nullable(),
    headName: z.string().nullable(),
    kind: z.enum(SocialAssistanceKind.values),
    peopleCount: z.number().int(),
    monthlyAmountFen: z.number().int(),
    amountFen: z.number().int().describe('paid this month, fen (0 when stopped)'),
    payeeName: z.string().nullable(),
    payeeIdNumber: z.string().nullable().describe('masked'),
    payMethod: z.enum(PayMethod.values).nullable(),
    accountNo: z.string().nullable().describe('masked: the last four digits'),
    status: z.enum(PayrollLineStatus.values),
    stopReason: z.string().nullable(),
    recoveryFen: z.number().int(),
    note: z.string().nullable(),
  })
  .meta({ id: 'PayrollLine' });
export type PayrollLineView = z.infer<typeof PayrollLineView>;

export const PayrollView = PayrollSummary.extend({ lines: z.array(PayrollLineView) }).meta({ id: 'PayrollDetail' });
export type PayrollView = z.infer<typeof PayrollView>;

export const PayrollListQuery = z.object({
  region: RegionCode.optional(),
  month: PayrollMonthValue.optional(),
  status: z.enum(PayrollStatus.values).optional(),
});
export type PayrollListQuery = z.infer<typeof PayrollListQuery>;

export const PayrollList = z.object({ items: z.array(PayrollSummary) });
export type PayrollList = z.infer<typeof PayrollList>;

/** POST /api/payrolls: prepare (or, while a draft, rebuild) a township's month. */
export const PayrollPrepareBody = z
  .object({
    month: PayrollMonthValue,
    region: RegionCode.optional().describe('the township; a township officer’s own when absent'),
  })
  .strict();
export type PayrollPrepareBody = z.infer<typeof PayrollPrepareBody>;

export const PayrollLineParams = z.object({ id: Id, lineId: Id });
export type PayrollLineParams = z.infer<typeof PayrollLineParams>;

export const PayrollStopBody = z.object({ version: Version, reason: text(500) }).strict();
export type PayrollStopBody = z.infer<typeof PayrollStopBody>;

export const PayrollApproveBody = z.object({ version: Version }).strict();
export type PayrollApproveBody = z.infer<typeof PayrollApproveBody>;

export const PayrollPaidBody = z.object({ version: Version, paidOn: CalendarDate }).strict();
export type PayrollPaidBody = z.infer<typeof PayrollPaidBody>;

export const PayrollExportQuery = z
  .object({
    unmask: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional()
      .describe('ID and account numbers in clear (roles that may unmask; audited with the reason)'),
    reason: z.string().max(200).optional(),
  })
  .refine((v) => !v.unmask || !!v.reason, { message: '导出明文须写明理由 / give the reason', path: ['reason'] });
export type PayrollExportQuery = z.infer<typeof PayrollExportQuery>;

/** POST /api/assistance/:id/payment-account: where a 低保 or 特困 case is paid. */
export const PaymentAccountBody = z
  .object({
    version: Version,
    payMethod: z.enum(PayMethod.values),
    accountNo: z.string().regex(/^\d{8,30}$/, '账号应为8至30位数字 / 8 to 30 digits'),
    payeeMemberId: Id.nullish().describe('the member paid; the household head when absent'),
  })
  .strict();
export type PaymentAccountBody = z.infer<typeof PaymentAccountBody>;

export const PaymentAccountView = z.object({
  caseId: z.string(),
  payMethod: z.enum(PayMethod.values),
  accountNo: z.string().nullable().describe('masked'),
  payeeMemberId: z.string().nullable(),
  version: z.number().int(),
});
export type PaymentAccountView = z.infer<typeof PaymentAccountView>;

export const ReconciliationQuery = z.object({
  month: PayrollMonthValue.optional().describe('this month in China when absent'),
  region: RegionCode.optional(),
});
export type ReconciliationQuery = z.infer<typeof ReconciliationQuery>;

const ReconcileStatusValue = z.enum(['ok', 'missing', 'underpaid', 'overpaid']);

export const ReconciliationCase = z.object({
  caseId: z.string(),
  householdNo: z.string().nullable(),
  headName: z.string().nullable(),
  townshipCode: z.string(),
  kind: z.enum(SocialAssistanceKind.values),
  decidedFen: z.number().int(),
  paidFen: z.number().int(),
  differenceFen: z.number().int(),
  recoveryDueFen: z.number().int().describe('paid earlier and not due (an integrity violation: every month)'),
  status: ReconcileStatusValue,
  endReason: z.string().nullable(),
});
export type ReconciliationCase = z.infer<typeof ReconciliationCase>;

export const ReconciliationTownship = z.object({
  regionCode: z.string(),
  regionName: z.string().nullable(),
  payrollId: z.string().nullable(),
  payrollStatus: z.enum(PayrollStatus.values).nullable(),
  decidedFen: z.number().int(),
  paidFen: z.number().int(),
  recoveryDueFen: z.number().int(),
  mismatches: z.number().int(),
});

export const Reconciliation = z
  .object({
    month: z.string(),
    townships: z.array(ReconciliationTownship),
    cases: z.array(ReconciliationCase).describe('the cases that do not agree or owe a recovery'),
  })
  .meta({ id: 'PayrollReconciliation' });
export type Reconciliation = z.infer<typeof Reconciliation>;
