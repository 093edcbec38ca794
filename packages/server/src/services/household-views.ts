import {
  ageOn,
  maskBirthDate,
  maskHealthDetail,
  maskIdNumber,
  maskMember,
  maskPhone,
  maskHousehold,
  type IsoDate,
} from '@dixian/core';
import type {
  CaseSummary,
  HouseholdView,
  IncomeView,
  MeasureSummary,
  MemberView,
  TimelineEntry,
  VisitSummary,
  WarningSummary,
} from '@dixian/core/api';
import type { Selectable } from 'kysely';
import type { AssistanceMeasure, AuditLog, CaseEvent, DepartmentWarning, MonitoringCase, Visit } from '../db/types.js';
import type { HouseholdRow } from '../repositories/household.repository.js';
import type { IncomeRow } from '../repositories/income.repository.js';
import type { MemberRow } from '../repositories/member.repository.js';
import { evidenceOf, type VisitPhotoRow } from './visit-evidence.js';

/**
 * Rows → API views. Every view masks personal data (ID numbers, phones, health details); only the audited
 * unmask answer carries them in clear. Enumerated columns hold the identifiers of core's enums.ts, which the
 * response schemas check on the way out.
 */
type Widen<V> = V extends string ? string : V extends readonly string[] ? string[] : V;
type Loose<T> = { [K in keyof T]: Widen<T[K]> };
const as = <T>(v: Loose<T>) => v as unknown as T;

export function toHouseholdView(h: HouseholdRow, regionName: string): HouseholdView {
  return maskHousehold(
    as<HouseholdView>({
      id: h.id,
      countyCode: h.countyCode,
      regionCode: h.regionCode,
      regionName,
      householdNo: h.householdNo,
      naturalVillage: h.naturalVillage,
      address: h.address,
      phone: h.phone,
      householdType: h.householdType,
      liftedYear: h.liftedYear,
      monitoringStatus: h.monitoringStatus,
      monitoringCategory: h.monitoringCategory,
      riskTypes: h.riskTypes,
      disasterSubtype: h.disasterSubtype,
      riskNote: h.riskNote,
      firstIdentifiedOn: h.firstIdentifiedOn,
      identifiedMonth: h.identifiedMonth,
      riskEliminatedOn: h.riskEliminatedOn,
      eliminationMethod: h.eliminationMethod,
      wholeHouseholdNoLabor: h.wholeHouseholdNoLabor,
      closedOn: h.closedOn ?? null,
      mergedIntoId: h.mergedIntoId ?? null,
      monitorContact: h.monitorContact,
      monitorContactPhone: h.monitorContactPhone,
      pairedPartyMember: h.pairedPartyMember,
      foodClothingSecure: h.foodClothingSecure,
      housingStructure: h.housingStructure,
      housingSafetyGrade: h.housingSafetyGrade,
      onlyHomeMudBrick: h.onlyHomeMudBrick,
      drinkingWaterSafe: h.drinkingWaterSafe,
      waterIssue: h.waterIssue,
      electricityOk: h.electricityOk,
      telecomOk: h.telecomOk,
      inResettlementSite: h.inResettlementSite,
      isMilitaryMartyrFamily: h.isMilitaryMartyrFamily,
      hasPrivateCar: h.hasPrivateCar,
      hasCommercialHousing: h.hasCommercialHousing,
      hasPublicServant: h.hasPublicServant,
      hasBusiness: h.hasBusiness,
      receivesDibao: h.receivesDibao,
      isTekun: h.isTekun,
      dibaoSince: h.dibaoSince,
      lastVisitOn: h.lastVisitOn,
      lastFullScreeningOn: h.lastFullScreeningOn,
      createdAt: h.createdAt.toISOString(),
      updatedAt: h.updatedAt.toISOString(),
      version: h.version,
    }),
  );
}

/** A member as the views show it: personal fields masked, the age computed here from the date it hides. */
export function toMemberView(m: MemberRow, today: IsoDate): MemberView {
  const { countyCode: _c, createdAt: _cr, updatedAt: _u, ...rest } = m;
  const age = ageOn(m.birthDate, m.deceasedOn && m.deceasedOn < today ? m.deceasedOn : today);
  return maskMember(
    as<MemberView>({ ...rest, age, disabilityGrade: m.disabilityGrade, disabilityCertYear: m.disabilityCertYear }),
  );
}

export function toIncomeView(r: IncomeRow): IncomeView {
  const { countyCode: _c, createdAt, ...rest } = r;
  return as<IncomeView>({ ...rest, createdAt: createdAt.toISOString() });
}

export function toCaseSummary(c: Selectable<MonitoringCase>): CaseSummary {
  return as<CaseSummary>({
    id: c.id,
    episode: c.episode,
    stage: c.stage,
    category: c.category,
    riskTypes: c.riskTypes,
    discoveredAt: c.discoveredAt.toISOString(),
    confirmedOn: c.confirmedOn,
    rejectedOn: c.rejectedOn,
    eliminatedOn: c.eliminatedOn,
    currentDueOn: c.currentDueOn,
    currentDueKind: c.currentDueKind,
    version: c.version,
  });
}

export function toVisitSummary(v: Selectable<Visit>, photos: readonly VisitPhotoRow[]): VisitSummary {
  return as<VisitSummary>({
    ...evidenceOf(v, photos),
    id: v.id,
    visitedOn: v.visitedOn,
    method: v.method,
    visitorId: v.visitorId,
    incomeChange: v.incomeChange,
    estimatedAnnualIncomeFen: v.estimatedAnnualIncomeFen,
    foodClothingOk: v.foodClothingOk,
    educationOk: v.educationOk,
    medicalOk: v.medicalOk,
    housingOk: v.housingOk,
    waterOk: v.waterOk,
    newRisks: v.newRisks,
    note: v.note,
  });
}

export function toMeasureSummary(m: Selectable<AssistanceMeasure>): MeasureSummary {
  return as<MeasureSummary>({
    id: m.id,
    planId: m.planId,
    category: m.category,
    type: m.type,
    subType: m.subType,
    department: m.department,
    description: m.description,
    startOn: m.startOn,
    endOn: m.endOn,
    amountFen: m.amountFen,
    status: m.status,
    version: m.version,
  });
}

export function toWarningSummary(w: Selectable<DepartmentWarning>): WarningSummary {
  return as<WarningSummary>({
    id: w.id,
    department: w.department,
    personName: w.personName,
    idNumber: maskIdNumber(w.idNumber),
    signalType: w.signalType,
    metricValue: w.metricValue,
    threshold: w.threshold,
    eventDate: w.eventDate,
    status: w.status,
    verificationResult: w.verificationResult,
    createdAt: w.createdAt.toISOString(),
  });
}

export interface TimelineSources {
  events: Selectable<CaseEvent>[];
  visits: Selectable<Visit>[];
  /** the photos of those visits */
  photos: readonly VisitPhotoRow[];
  measures: Selectable<AssistanceMeasure>[];
  warnings: Selectable<DepartmentWarning>[];
  audit: Selectable<AuditLog>[];
}

/** One history, newest first, from the case events, visits, measures, warnings and audit records. */
export function buildTimeline(s: TimelineSources, limit = 200): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...s.events.map((e) => ({
      at: e.at.toISOString(),
      kind: 'case_event' as const,
      action: e.action,
      refId: e.caseId,
      actor: e.actorRole,
      detail: { fromStage: e.fromStage, toStage: e.toStage },
    })),
    ...s.visits.map((v) => {
      const { photos, location, noEvidence } = evidenceOf(v, s.photos);
      return {
        at: v.visitedOn,
        kind: 'visit' as const,
        action: 'visit',
        refId: v.id,
        actor: v.visitorId,
        // the evidence, so the timeline shows thumbnails (GET /api/visit-photos/:id) and marks 无纪实佐证
        detail: {
          method: v.method,
          newRisks: v.newRisks,
          note: v.note,
          photoIds: photos.map((p) => p.id),
          location,
          noEvidence,
        },
      };
    }),
    ...s.measures.map((m) => ({
      at: m.startOn ?? m.updatedAt.toISOString(),
      kind: 'measure' as const,
      action: `measure.${m.status}`,
      refId: m.id,
      actor: null,
      detail: { type: m.type, department: m.department },
    })),
    ...s.warnings.map((w) => ({
      at: w.createdAt.toISOString(),
      kind: 'warning' as const,
      action: `warning.${w.status}`,
      refId: w.id,
      actor: w.department,
      detail: { signalType: w.signalType },
    })),
    // a visit's audit records (recorded, a photo added) repeat the visit line above, which lists its photos
    ...s.audit
      .filter((a) => a.action !== 'visit.create' && a.action !== 'visit.photo.add')
      .map((a) => ({
        at: a.at.toISOString(),
        kind: 'audit' as const,
        action: a.action,
        refId: String(a.seq),
        actor: a.actorUsername,
        detail: {
          changed: a.after && typeof a.after === 'object' ? Object.keys(a.after) : [],
          ...(a.detail && typeof a.detail === 'object' && !Array.isArray(a.detail) ? a.detail : {}),
        },
      })),
  ];
  return entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, limit);
}

/** Personal fields in an audit before/after, masked like the views (the log must not hold them in clear). */
export function maskForAudit<T extends Record<string, unknown>>(r: T): T {
  const out: Record<string, unknown> = { ...r };
  for (const k of ['phone', 'monitorContactPhone'] as const) if (k in out) out[k] = maskPhone(out[k] as string | null);
  if ('idNumber' in out) out.idNumber = maskIdNumber(out.idNumber as string | null);
  if ('birthDate' in out) out.birthDate = maskBirthDate(out.birthDate as string | null);
  if ('disease' in out) out.disease = maskHealthDetail(out.disease as string | null);
  return out as T;
}
