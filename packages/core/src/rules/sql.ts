import { RiskType } from '../enums.js';

/**
 * The bits the screening's evaluation row is written in (packages/server/src/screening/evaluate.sql.ts), named
 * here because the rule units' SQL reads them: a counted member's properties as one bit set per household
 * (`any_member`, bit_or over the members: "some member …") and the risk types as bits (RiskType order).
 */
export const MEMBER = {
  uninsured: 1,
  serious: 2,
  disabled: 4,
  worker: 8,
  lost: 16,
  servant: 32,
  relocated: 64,
  assisted: 128,
  /** labour capacity other than lost or none: the household is not without labour (all_without_labor) */
  able: 256,
};

/** Bit of each risk type (RiskType order). */
export const RISK_BIT = Object.fromEntries(RiskType.values.map((t, i) => [t, 1 << i])) as Record<RiskType, number>;
