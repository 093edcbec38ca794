import type {
  CaseStage,
  Department,
  EliminationMethod,
  MonitoringCategory,
  RiskType,
  WarningStatus,
} from '@dixian/core';
import type { HouseholdDetail } from '@dixian/core/api';
import { sql } from 'kysely';
import type { Testbed } from './api.js';

/**
 * Rows the procedure's own services would write, laid down directly so a test can fix every date: a monitoring case
 * in a given stage (dates as the state machine records them) and a department warning. Used by the statistics,
 * deadline and notice tests, whose subject is reading these rows, not writing them.
 */
export interface CaseRow {
  stage: CaseStage;
  discoveredOn: string;
  episode?: number;
  previousCaseId?: string;
  category?: MonitoringCategory;
  riskTypes?: RiskType[];
  confirmedOn?: string;
  rejectedOn?: string;
  eliminatedOn?: string;
  eliminationMethod?: EliminationMethod;
  verificationDueOn?: string;
  verifiedOn?: string;
  identificationDueOn?: string;
  planDueOn?: string;
  noticeStartOn?: string;
  noticeEndOn?: string;
  eliminationNoticeStartOn?: string;
  eliminationNoticeEndOn?: string;
}

/** Insert a case of a household (its region and county from the household); returns the case id. */
export async function insertCase(tb: Testbed, householdId: string, c: CaseRow): Promise<string> {
  const r = await sql<{ id: string }>`
    insert into monitoring_case (household_id, county_code, region_code, episode, previous_case_id, stage, category,
      risk_types, discovered_at, confirmed_on, rejected_on, eliminated_on, elimination_method, verification_due_on,
      verified_on, identification_due_on, plan_due_on, notice_start_on, notice_end_on, elimination_notice_start_on,
      elimination_notice_end_on)
    select h.id, h.county_code, h.region_code, ${c.episode ?? 1}, ${c.previousCaseId ?? null}, ${c.stage},
      ${c.category ?? null}, ${c.riskTypes ?? []}::text[], (${c.discoveredOn}::date + time '09:00') at time zone 'Asia/Shanghai',
      ${c.confirmedOn ?? null}::date, ${c.rejectedOn ?? null}::date, ${c.eliminatedOn ?? null}::date,
      ${c.eliminationMethod ?? null}, ${c.verificationDueOn ?? null}::date, ${c.verifiedOn ?? null}::date,
      ${c.identificationDueOn ?? null}::date, ${c.planDueOn ?? null}::date, ${c.noticeStartOn ?? null}::date,
      ${c.noticeEndOn ?? null}::date, ${c.eliminationNoticeStartOn ?? null}::date, ${c.eliminationNoticeEndOn ?? null}::date
    from household h where h.id = ${householdId}
    returning id`.execute(tb.store.db);
  return r.rows[0]!.id;
}

let warningSeq = 0;

/** Insert a department warning about a household (its head as the person). */
export async function insertWarning(
  tb: Testbed,
  householdId: string,
  w: {
    department: Department;
    createdAt: string;
    verifyDueOn: string;
    status?: WarningStatus;
    verifiedAt?: string;
    signalType?: string;
  },
): Promise<string> {
  const r = await sql<{ id: string }>`
    insert into department_warning (department, county_code, region_code, household_id, member_id, person_name,
      id_number, signal_type, status, verify_due_on, verified_at, dedupe_key, created_at)
    select ${w.department}, h.county_code, h.region_code, h.id, m.id, m.name, m.id_number,
      ${w.signalType ?? 'medical_out_of_pocket'}, ${w.status ?? 'received'}, ${w.verifyDueOn}::date,
      ${w.verifiedAt ?? null}::timestamptz, ${`test:${++warningSeq}:${householdId}`}, ${w.createdAt}::timestamptz
    from household h join member m on m.household_id = h.id and m.relation = 'head'
    where h.id = ${householdId}
    returning id`.execute(tb.store.db);
  return r.rows[0]!.id;
}

/**
 * A 低保 application of the whole household, applied for on 2024-03-01 with a per-head income of 3,000 元 found by
 * hand (under the 6,000 standard) and the honesty pledge signed; `over` changes any field.
 */
export function dibaoApplication(h: HouseholdDetail, over: object = {}) {
  return {
    kind: 'dibao',
    integrityPledge: true,
    householdId: h.household.id,
    classification: 'dibao',
    appliedOn: '2024-03-01',
    cause: '收入低',
    insuredMemberIds: h.members.map((m) => m.id),
    perCapitaIncomeFen: 300_000,
    ...over,
  };
}
