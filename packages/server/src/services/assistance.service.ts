/**
 * Social assistance cases (低保, 特困, 临时救助) as read: a case's view, the list, the export's walk. The steps that
 * change a case are in assistance-apply, assistance-decision, assistance-end and temp-relief.service.ts.
 */
import { chinaDate, decisionLevel, isReturnedToPoverty } from '@dixian/core';
import type { AssistanceCaseView, AssistanceFilter, AssistanceListQuery, AssistancePage } from '@dixian/core/api';
import { AssistanceRepository, type AssistanceRow } from '../repositories/assistance.repository.js';
import { areaOf, reportDay } from './area.js';
import type { ServiceContext } from './context.js';
import { paymentFieldsOf } from './assistance-stages.js';
import { PolicyBook, policyOf, type RegionalPolicy } from '../policies/policy-at.js';

const CASE = { zh: '救助案件', en: 'assistance case' };

/** The lowest level that may decide a case under the policies in force (S2 §三(二)). */
function requiredLevel(r: AssistanceRow, policies: readonly RegionalPolicy[]): 'township' | 'county' {
  return decisionLevel(
    r.kind as 'dibao' | 'tekun' | 'temp_relief',
    r.amountFen,
    policyOf(policies, r.regionCode).policy,
    isReturnedToPoverty(r),
  ).required;
}

export function toAssistanceView(
  r: AssistanceRow,
  today: string,
  policies: readonly RegionalPolicy[],
): AssistanceCaseView {
  return {
    id: r.id,
    householdId: r.householdId,
    householdNo: r.householdNo,
    headName: r.headName,
    regionCode: r.regionCode,
    regionName: r.regionName,
    kind: r.kind as AssistanceCaseView['kind'],
    classification: r.classification as AssistanceCaseView['classification'],
    reliefKind: r.reliefKind as AssistanceCaseView['reliefKind'],
    status: r.status as AssistanceCaseView['status'],
    appliedOn: r.appliedOn,
    decidedOn: r.decidedOn,
    approvalLevel: r.approvalLevel as AssistanceCaseView['approvalLevel'],
    requiredLevel: requiredLevel(r, policies),
    insuredMemberIds: r.insuredMemberIds,
    peopleCount: r.peopleCount,
    perCapitaIncomeFen: r.perCapitaIncomeFen,
    standardFen: r.standardFen,
    monthlyAmountFen: r.monthlyAmountFen,
    selfCare: r.selfCare as AssistanceCaseView['selfCare'],
    careAllowanceFen: r.careAllowanceFen,
    amountFen: r.amountFen,
    cause: r.cause,
    reliefFirst: r.reliefFirst,
    satisfaction: r.satisfaction as AssistanceCaseView['satisfaction'],
    graceMonths: r.graceMonths,
    graceStartOn: r.graceStartOn,
    graceEndOn: r.graceEndOn,
    graceIncomeFen: r.graceIncomeFen,
    deductionClaims: (r.deductionClaims ?? []) as AssistanceCaseView['deductionClaims'],
    pledgeSignedOn: r.pledgeSignedOn,
    incomeAssessment: (r.incomeAssessment ?? null) as AssistanceCaseView['incomeAssessment'],
    inGrace: r.status === 'approved' && !!r.graceStartOn && r.graceStartOn <= today && (r.graceEndOn ?? '') >= today,
    ...paymentFieldsOf(r),
    reviewDueOn: r.reviewDueOn,
    endedOn: r.endedOn,
    endReason: r.endReason,
    endNote: r.endNote,
    decisionNote: r.decisionNote,
    decidedBy: r.decidedBy,
    createdAt: new Date(r.createdAt).toISOString(),
    version: r.version,
  };
}

/** The policies in force over a scope today, read once per request. */
async function policiesOver(ctx: ServiceContext, prefix: string, day: string): Promise<RegionalPolicy[]> {
  return (await PolicyBook.load(ctx.store.db)).across(prefix, day);
}

/** GET /api/assistance: cases of the caller's area, newest application first. */
export async function listAssistance(ctx: ServiceContext, q: AssistanceListQuery): Promise<AssistancePage> {
  const scope = areaOf(ctx).list('assistance.read', q.region);
  const asOf = reportDay(ctx, q.asOf);
  const empty = { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  if (!scope) return empty;
  const { rows, total } = await new AssistanceRepository(ctx.store.db).list(
    scope,
    { ...q, asOf },
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  const policies = await policiesOver(ctx, scope.regionPrefix, asOf);
  return { ...empty, items: rows.map((r) => toAssistanceView(r, asOf, policies)), total };
}

/** Every case of a filter, page by page, for the export. */
export async function* walkAssistance(
  ctx: ServiceContext,
  f: AssistanceFilter,
  batch = 2000,
): AsyncGenerator<AssistanceCaseView[]> {
  const scope = areaOf(ctx).list('assistance.read', f.region);
  const asOf = reportDay(ctx, f.asOf);
  if (!scope) return;
  const repo = new AssistanceRepository(ctx.store.db);
  const policies = await policiesOver(ctx, scope.regionPrefix, asOf);
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await repo.exportPage(scope, { ...f, asOf }, after, batch);
    if (!rows.length) return;
    yield rows.map((r) => toAssistanceView(r, asOf, policies));
    after = rows.at(-1)!.id;
    if (rows.length < batch) return;
  }
}

export async function getAssistance(ctx: ServiceContext, id: string): Promise<AssistanceCaseView> {
  const r = await areaOf(ctx).load('assistance.read', CASE, id, (scope) =>
    new AssistanceRepository(ctx.store.db).get(scope, id),
  );
  const today = chinaDate(ctx.now());
  return toAssistanceView(r, today, await policiesOver(ctx, r.regionCode, today));
}

/** A case in the caller's area, for a step on it (404 outside the area). */
export async function loadCase(ctx: ServiceContext, action: 'assistance.apply' | 'assistance.decide', id: string) {
  return areaOf(ctx).load(action, CASE, id, (scope) => new AssistanceRepository(ctx.store.db).get(scope, id));
}
