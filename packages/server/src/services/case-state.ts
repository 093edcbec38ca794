import {
  chinaDate,
  monitoringStatusOf,
  type CaseActor,
  type CaseDeadlineKind,
  type CaseFacts,
  type CaseStage,
  type CaseState,
  type EliminationMethod,
  type MonitoringCategory,
  type MonitoringStatus,
  type RiskType,
  type Actor,
} from '@dixian/core';
import type { Updateable } from 'kysely';
import type { Household, MonitoringCase } from '../db/types.js';
import type { CaseRow } from '../repositories/case.repository.js';
import type { HouseholdRow } from '../repositories/household.repository.js';

/**
 * monitoring_case rows ↔ the state machine's CaseState (packages/core/src/case/types.ts): every field of the
 * state has its column since 0005, and the facts come from the side tables (CaseRepository.facts).
 */
export function toCaseState(r: CaseRow, facts: CaseFacts): CaseState {
  return {
    id: r.id,
    householdId: r.householdId,
    regionCode: r.regionCode,
    leadId: r.leadId,
    previousCaseId: r.previousCaseId,
    episode: r.episode,
    stage: r.stage as CaseStage,
    category: r.category as MonitoringCategory | null,
    riskTypes: r.riskTypes as RiskType[],
    discoveredOn: chinaDate(r.discoveredAt),
    verifiedOn: r.verifiedOn,
    commitmentSignedOn: r.commitmentSignedOn,
    villageReviewedOn: r.villageReviewedOn,
    noticeStartOn: r.noticeStartOn,
    noticeEndOn: r.noticeEndOn,
    townshipReviewedOn: r.townshipReviewedOn,
    confirmedOn: r.confirmedOn,
    rejectedOn: r.rejectedOn,
    rejectionReason: r.rejectionReason,
    eliminationProposedOn: r.eliminationProposedOn,
    eliminationVillageReviewedOn: r.eliminationVillageReviewedOn,
    eliminationNoticeStartOn: r.eliminationNoticeStartOn,
    eliminationNoticeEndOn: r.eliminationNoticeEndOn,
    eliminationTownshipReviewedOn: r.eliminationTownshipReviewedOn,
    eliminatedOn: r.eliminatedOn,
    eliminationMethod: r.eliminationMethod as EliminationMethod | null,
    rolledBackOn: r.rolledBackOn,
    verificationDueOn: r.verificationDueOn,
    identificationDueOn: r.identificationDueOn,
    planDueOn: r.planDueOn,
    currentDueOn: r.currentDueOn,
    currentDueKind: r.currentDueKind as CaseDeadlineKind | null,
    wholeHouseholdNoLabor: r.wholeHouseholdNoLabor,
    version: r.version,
    facts,
  };
}

/** The columns a step writes: everything the machine decides (never the identity of the case). */
export function caseColumns(s: CaseState): Updateable<MonitoringCase> {
  return {
    stage: s.stage,
    category: s.category,
    riskTypes: s.riskTypes,
    verifiedOn: s.verifiedOn,
    commitmentSignedOn: s.commitmentSignedOn,
    villageReviewedOn: s.villageReviewedOn,
    noticeStartOn: s.noticeStartOn,
    noticeEndOn: s.noticeEndOn,
    townshipReviewedOn: s.townshipReviewedOn,
    confirmedOn: s.confirmedOn,
    rejectedOn: s.rejectedOn,
    rejectionReason: s.rejectionReason,
    eliminationProposedOn: s.eliminationProposedOn,
    eliminationVillageReviewedOn: s.eliminationVillageReviewedOn,
    eliminationNoticeStartOn: s.eliminationNoticeStartOn,
    eliminationNoticeEndOn: s.eliminationNoticeEndOn,
    eliminationTownshipReviewedOn: s.eliminationTownshipReviewedOn,
    eliminatedOn: s.eliminatedOn,
    eliminationMethod: s.eliminationMethod,
    rolledBackOn: s.rolledBackOn,
    verificationDueOn: s.verificationDueOn,
    identificationDueOn: s.identificationDueOn,
    planDueOn: s.planDueOn,
    currentDueOn: s.currentDueOn,
    currentDueKind: s.currentDueKind,
    wholeHouseholdNoLabor: s.wholeHouseholdNoLabor,
    version: s.version,
  };
}

export function caseActorOf(a: Actor): CaseActor {
  return { id: a.id, role: a.role, scopeCode: a.scopeCode, ...(a.department ? { department: a.department } : {}) };
}

/**
 * The household's national-system flags after a step of its latest case (DOMAIN §10.2 (b)): the status of the
 * stage (monitoringStatusOf), and what confirmation, elimination and rollback record. A rejected identification
 * leaves the household where it stood before the case: risk eliminated when an earlier episode was, otherwise
 * not monitored (the elimination date of that episode is kept until a new confirmation replaces it).
 */
export function householdFlags(
  s: CaseState,
  eventTypes: readonly string[],
  h: Pick<HouseholdRow, 'firstIdentifiedOn' | 'riskEliminatedOn'>,
): Updateable<Household> {
  const status: MonitoringStatus =
    s.stage === 'rejected' ? (h.riskEliminatedOn ? 'risk_eliminated' : 'not_monitored') : monitoringStatusOf(s.stage);
  const patch: Updateable<Household> = { monitoringStatus: status, wholeHouseholdNoLabor: s.wholeHouseholdNoLabor };
  if (eventTypes.includes('county_confirmed') && s.confirmedOn) {
    Object.assign(patch, {
      monitoringCategory: s.category,
      riskTypes: s.riskTypes,
      identifiedMonth: s.confirmedOn.slice(0, 7).replace('-', ''),
      firstIdentifiedOn: h.firstIdentifiedOn ?? s.confirmedOn,
      riskEliminatedOn: null,
      eliminationMethod: null,
    });
  }
  if (eventTypes.includes('elimination_approved')) {
    Object.assign(patch, { riskEliminatedOn: s.eliminatedOn, eliminationMethod: s.eliminationMethod });
  }
  if (eventTypes.includes('elimination_rolled_back')) {
    Object.assign(patch, { riskEliminatedOn: null, eliminationMethod: null });
  }
  return patch;
}
