import {
  DeadlineKind,
  eightPointProblemLabel,
  chinaDate,
  citeSource,
  eightPoint,
  type EightPointId,
  type RectificationArea,
} from '@dixian/core';
import type {
  BulkRaiseResult,
  DeadlineRaiseBody,
  EightPointRaiseBody,
  ResponsibleList,
  ResponsibleQuery,
} from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import { DeadlineRepository } from '../repositories/deadline.repository.js';
import { LedgerRepository, type SuspectedIssueInput } from '../repositories/ledger.repository.js';
import { UserRepository } from '../repositories/user.repository.js';
import { areaOf, reportDay } from './area.js';
import type { ServiceContext } from './context.js';
import { deadlineParams } from './deadline.service.js';
import { shortHouseholds } from './eight-points/eight-points.service.js';
import { checkOwner } from './ledger.service.js';

/**
 * Raising in bulk into the suspected-problem ledger (疑似问题台账, S3 §五; issue 17 §4): the households short of one of
 * the eight points, or those with an overdue deadline of one kind, become one item each (per household and
 * problem, while an earlier item for the same problem is open), with the time limit and the person responsible
 * the caller names. The items then follow the ledger's own steps (rectify, verify by another user, close).
 */

/** At most this many households in one raise (a figure of a whole county is raised township by township). */
const MAX_RAISE = 5000;

/** The rectification area (S3 §三) an overdue deadline of each kind belongs to. */
const DEADLINE_AREA: Record<DeadlineKind, RectificationArea> = {
  verification: 'inclusion',
  identification: 'inclusion',
  notice: 'inclusion',
  assistance_plan: 'assistance',
  visit: 'visits_and_screening',
  warning: 'warning_push',
  disaster_visit: 'visits_and_screening',
};

type Item = SuspectedIssueInput;

async function insertAndAudit(
  ctx: ServiceContext,
  items: Item[],
  terms: { deadline: string; ownerId: string },
  audit: { action: string; targetId: string; regionCode: string; detail: Record<string, unknown> },
): Promise<BulkRaiseResult> {
  return ctx.store.transaction(async (tx) => {
    const itemIds = (
      await new LedgerRepository(tx.db).raiseItems(items, {
        deadline: terms.deadline,
        ownerId: terms.ownerId,
        createdBy: ctx.actor.id,
        at: ctx.now(),
      })
    ).map((r) => r.id);
    // a suspected problem raised from a point joins its region's open task for that point (任务台账)
    await new LedgerRepository(tx.db).attachToTasks(audit.regionCode);
    const result = { created: itemIds.length, alreadyOpen: items.length - itemIds.length, itemIds };
    await appendAudit(tx, ctx, {
      action: audit.action,
      targetType: 'ledger_item',
      targetId: audit.targetId,
      regionCode: audit.regionCode,
      detail: { ...audit.detail, ...result, deadline: terms.deadline, ownerId: terms.ownerId },
    });
    return result;
  });
}

function problemText(problems: readonly string[]): string {
  return problems.map((p) => eightPointProblemLabel(p).zh).join('；');
}

/** POST /api/supervision/eight-points/:point/raise */
export async function raiseFromPoint(
  ctx: ServiceContext,
  point: EightPointId,
  body: EightPointRaiseBody,
): Promise<BulkRaiseResult> {
  const area = areaOf(ctx);
  area.allow('supervision.read');
  const scope = area.list('ledger.write', body.region);
  const empty = { created: 0, alreadyOpen: 0, itemIds: [] };
  if (!scope) return empty;
  await checkOwner(ctx, body.ownerId, scope.regionPrefix);
  const asOf = reportDay(ctx, body.asOf);
  const def = eightPoint(point);
  const { rows } = await shortHouseholds(ctx, point, scope, asOf, { limit: MAX_RAISE, offset: 0 }, body.householdIds);
  const items = rows.map((r) => ({
    householdId: r.householdId,
    area: def.area,
    sourceFinding: `point:${point}`,
    title: `${def.label.zh}:户编号 ${r.householdNo}`,
    description: `${citeSource(def.seedRef).zh} ${problemText(r.problems)}(${asOf})`,
  }));
  return insertAndAudit(ctx, items, body, {
    action: 'ledger.raise_from_point',
    targetId: point,
    regionCode: scope.regionPrefix,
    detail: { point, asOf, householdIds: body.householdIds ?? null },
  });
}

/** POST /api/deadlines/raise: the overdue deadlines of one kind (all, or of the households chosen). */
export async function raiseFromDeadlines(ctx: ServiceContext, body: DeadlineRaiseBody): Promise<BulkRaiseResult> {
  const area = areaOf(ctx);
  area.allow('case.read');
  const scope = area.list('ledger.write', body.region);
  const empty = { created: 0, alreadyOpen: 0, itemIds: [] };
  if (!scope) return empty;
  await checkOwner(ctx, body.ownerId, scope.regionPrefix);
  const asOf = chinaDate(ctx.now());
  const params = await deadlineParams(ctx, scope, asOf, { kind: body.kind, status: 'overdue', withinDays: 0 });
  const { rows } = await new DeadlineRepository(ctx.store.db).list(params, { limit: MAX_RAISE });
  const wanted = body.householdIds ? new Set(body.householdIds) : null;
  const label = DeadlineKind.labels[body.kind].zh;
  const byHousehold = new Map<string, Item>();
  for (const r of rows) {
    if (!r.householdId || !r.overdue || (wanted && !wanted.has(r.householdId))) continue;
    if (byHousehold.has(r.householdId)) continue;
    byHousehold.set(r.householdId, {
      householdId: r.householdId,
      area: DEADLINE_AREA[body.kind],
      sourceFinding: `deadline:${body.kind}`,
      title: `${label}逾期:户编号 ${r.householdNo ?? ''}`,
      description: r.dueOn ? `到期日 ${r.dueOn},已逾期(${asOf})` : `从未办理,已逾期(${asOf})`,
    });
  }
  return insertAndAudit(ctx, [...byHousehold.values()], body, {
    action: 'ledger.raise_from_deadlines',
    targetId: body.kind,
    regionCode: scope.regionPrefix,
    detail: { kind: body.kind, householdIds: body.householdIds ?? null },
  });
}

/** GET /api/supervision/responsible: the staff who may be named responsible for items of the area (a raise's choice). */
export async function responsibleCandidates(ctx: ServiceContext, q: ResponsibleQuery): Promise<ResponsibleList> {
  const scope = areaOf(ctx).list('ledger.write', q.region);
  if (!scope) return { items: [] };
  const rows = await new UserRepository(ctx.store.db).responsibleFor(scope.regionPrefix);
  return { items: rows.map((r) => ({ ...r, role: r.role as ResponsibleList['items'][number]['role'] })) };
}
