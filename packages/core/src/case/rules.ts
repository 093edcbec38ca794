import type { CaseStage, HouseholdType, MonitoringCategory, MonitoringStatus, Role } from '../enums.js';
import type { CaseActionType } from './actions.js';

const VILLAGE: Role[] = ['village_cadre'];
const TOWNSHIP: Role[] = ['township_officer'];
const COUNTY: Role[] = ['county_officer', 'county_admin'];

/** Stages of the identification procedure (识别认定), while the 15-day clock runs. */
export const IDENTIFICATION_STAGES: readonly CaseStage[] = [
  'verifying',
  'commitment_signed',
  'village_reviewed',
  'publicizing',
  'township_reviewed',
];

/** Stages of the elimination procedure (风险消除): the household is still monitored. */
export const ELIMINATION_STAGES: readonly CaseStage[] = [
  'elimination_proposed',
  'elimination_village_reviewed',
  'elimination_publicizing',
  'elimination_township_reviewed',
];

/** Stages in which the household is a monitored object (监测对象) whose risk is not eliminated. */
export const MONITORED_STAGES: readonly CaseStage[] = ['monitoring', ...ELIMINATION_STAGES];

export const CLOSED_STAGES: readonly CaseStage[] = ['rejected', 'eliminated'];

/**
 * Who may take each step (issue 3 §4; S1 §四(三); S3 §三(七)). Village cadres verify, take the commitment, run
 * the democratic review and the notice; township officers review; county officers (and county admins) decide.
 * Department officers and inspectors never move a case. Some steps narrow this further by stage
 * (REJECT_STAGES_BY_ROLE).
 */
export const CASE_ACTION_ROLES: Record<CaseActionType, readonly Role[]> = {
  start_verification: VILLAGE,
  remark_risk: VILLAGE,
  record_verification: VILLAGE,
  sign_commitment: VILLAGE,
  record_village_review: VILLAGE,
  start_public_notice: VILLAGE,
  record_objection: [...VILLAGE, ...TOWNSHIP, ...COUNTY],
  resolve_objection: [...VILLAGE, ...TOWNSHIP, ...COUNTY],
  township_review: TOWNSHIP,
  county_confirm: COUNTY,
  county_reject: COUNTY,
  reject_case: [...VILLAGE, ...TOWNSHIP, ...COUNTY],
  record_assistance_plan: [...VILLAGE, ...TOWNSHIP, ...COUNTY],
  propose_elimination: [...VILLAGE, ...TOWNSHIP],
  county_approve_elimination: COUNTY,
  county_reject_elimination: COUNTY,
  rollback_elimination: COUNTY,
  // S3 §三(七): "由镇村进行认定后…标注"
  set_no_labor_flag: [...VILLAGE, ...TOWNSHIP],
  clear_no_labor_flag: [...TOWNSHIP, ...COUNTY],
};

/** The stages each step may start from; `null` means "no case yet". */
export const CASE_ACTION_STAGES: Record<CaseActionType, readonly (CaseStage | null)[]> = {
  start_verification: [null, 'rejected'],
  remark_risk: ['eliminated'],
  record_verification: ['verifying'],
  sign_commitment: ['verifying'],
  record_village_review: ['commitment_signed', 'elimination_proposed'],
  start_public_notice: ['village_reviewed', 'elimination_village_reviewed'],
  record_objection: ['publicizing', 'elimination_publicizing'],
  resolve_objection: [...IDENTIFICATION_STAGES, ...MONITORED_STAGES, ...CLOSED_STAGES],
  township_review: ['publicizing', 'elimination_publicizing'],
  county_confirm: ['township_reviewed'],
  county_reject: ['township_reviewed'],
  reject_case: IDENTIFICATION_STAGES,
  record_assistance_plan: MONITORED_STAGES,
  propose_elimination: ['monitoring'],
  county_approve_elimination: ['elimination_township_reviewed'],
  county_reject_elimination: ['elimination_township_reviewed'],
  rollback_elimination: ['eliminated'],
  set_no_labor_flag: MONITORED_STAGES,
  clear_no_labor_flag: MONITORED_STAGES,
};

/**
 * reject_case by role: the village may drop a case only before its own democratic review, the township only
 * before its review, the county at any identification stage.
 */
export const REJECT_STAGES_BY_ROLE: Partial<Record<Role, readonly CaseStage[]>> = {
  village_cadre: ['verifying', 'commitment_signed'],
  township_officer: ['verifying', 'commitment_signed', 'village_reviewed', 'publicizing'],
  county_officer: IDENTIFICATION_STAGES,
  county_admin: IDENTIFICATION_STAGES,
};

/** The national-system status of a case stage (风险未消除 etc.), for lists and statistics. */
export function monitoringStatusOf(stage: CaseStage): MonitoringStatus {
  if (IDENTIFICATION_STAGES.includes(stage)) return 'identifying';
  if (MONITORED_STAGES.includes(stage)) return 'monitoring_unresolved';
  if (stage === 'eliminated') return 'risk_eliminated';
  return 'not_monitored';
}

/**
 * The categories a household of this type may be confirmed in (S0 plan three §二(一)1–2: 脱贫不稳定户 are
 * 建档立卡已脱贫户, 边缘易致贫户 are 非建档立卡农户; S1 §三(一)); 突发严重困难户 may be either.
 */
export function monitoringCategoriesFor(householdType: HouseholdType): MonitoringCategory[] {
  return householdType === 'lifted_household'
    ? ['unstable_lifted', 'sudden_hardship']
    : ['marginal_vulnerable', 'sudden_hardship'];
}
