/**
 * The 失信 list (issue 16 §7). S0 plan one 三: 故意隐瞒…申请社会救助、具有赡养能力却不履行赡养义务、虚报冒领扶贫资金…
 * 列入失信人员名单并予以惩治; S2 §二(三)12: 骗取、套取救助资金…记入信用档案,同时停止社会救助,责令退回非法所得. Listing
 * someone ends the household's 低保 and 特困 (unless told not to) and records what is to be returned; every new
 * application of a listed household is refused with the record's reason; a removal keeps the record with its day.
 */
import { AppError, chinaDate, IntegrityKind, SocialAssistanceKind, type IntegrityKind as Kind } from '@dixian/core';
import type {
  AssistanceEndBody,
  IntegrityCreateBody,
  IntegrityListQuery,
  IntegrityPage,
  IntegrityRecoveredBody,
  IntegrityRemoveBody,
  IntegrityView,
} from '@dixian/core/api';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit-log.js';
import type { Tx } from '../db/store.js';
import type { DB } from '../db/types.js';
import { AssistanceRepository, type AssistanceRow } from '../repositories/assistance.repository.js';
import { PayrollRepository } from '../repositories/payroll.repository.js';
import { IntegrityRepository, type IntegrityRow } from '../repositories/integrity.repository.js';
import { MemberRepository } from '../repositories/member.repository.js';
import { areaOf } from './area.js';
import { SYSTEM_ACTOR, staffId, type ServiceContext } from './context.js';
import { validationFailed, versionConflict } from './errors.js';
import { loadHousehold } from './household.service.js';

const RECORD = { zh: '失信记录', en: 'integrity record' };

function toView(r: IntegrityRow): IntegrityView {
  return {
    ...r,
    kind: (IntegrityKind.values as readonly string[]).includes(r.kind) ? (r.kind as Kind) : 'fraud',
    recoveryFen: Number(r.recoveryFen),
    recoveredFen: Number(r.recoveredFen),
    active: r.removedOn === null,
  };
}

/** GET /api/integrity: the list of the caller's area, the most recent decision first. */
export async function listIntegrity(ctx: ServiceContext, q: IntegrityListQuery): Promise<IntegrityPage> {
  const scope = areaOf(ctx).list('integrity.read', q.region);
  const empty = { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  if (!scope) return empty;
  const { rows, total } = await new IntegrityRepository(ctx.store.db).list(scope, q, q);
  return { ...empty, items: rows.map(toView), total };
}

/**
 * Why an application of this household must stop, or null: its records still on the list, each with its day,
 * kind and reason (S2 §二(三)12 停止社会救助).
 */
export async function integrityBar(db: Kysely<DB>, householdId: string): Promise<AppError | null> {
  const active = await new IntegrityRepository(db).activeOf(householdId);
  if (!active.length) return null;
  const zh = active
    .map(
      (r) =>
        `${r.memberName ?? '该户'}于${r.decidedOn}因“${IntegrityKind.labels[r.kind as Kind]?.zh ?? r.kind}”列入失信人员名单:${r.reason}`,
    )
    .join(';');
  const en = active
    .map((r) => `${r.decidedOn}: ${IntegrityKind.labels[r.kind as Kind]?.en ?? r.kind} (${r.reason})`)
    .join('; ');
  return new AppError(
    'precondition_failed',
    {
      zh: `${zh}。失信期间停止社会救助,移出名单后方可申请`,
      en: `on the integrity list — ${en}; no social assistance until removed from the list`,
    },
    [],
    { integrityRecordIds: active.map((r) => r.id) },
  );
}

/** POST /api/integrity: list a household or one of its members; stop its 低保 and 特困 the same day. */
export async function addToIntegrityList(ctx: ServiceContext, body: IntegrityCreateBody): Promise<IntegrityView> {
  const h = await loadHousehold(ctx, 'integrity.manage', body.householdId);
  const today = chinaDate(ctx.now());
  if (body.decidedOn > today) {
    throw validationFailed([{ path: 'decidedOn', message: `日期不能晚于今天 / cannot be after today (${today})` }]);
  }
  if (body.memberId) {
    const members = await new MemberRepository(ctx.store.db).ofHousehold(h.id);
    if (!members.some((m) => m.id === body.memberId)) {
      throw validationFailed([{ path: 'memberId', message: '不是该户成员 / not a member of this household' }]);
    }
  }
  const id = await ctx.store.transaction(async (tx) => {
    const id = await new IntegrityRepository(tx.db).insert({
      householdId: h.id,
      memberId: body.memberId ?? null,
      countyCode: h.countyCode,
      kind: body.kind,
      reason: body.reason,
      sanction: body.stopAssistance ? 'stop_aid' : null,
      decidedOn: body.decidedOn,
      recoveryFen: body.recoveryFen,
      listedBy: staffId(ctx),
      createdAt: ctx.now(),
    });
    const ended = body.stopAssistance ? await stopAssistance(ctx, tx.db, h.id, body.decidedOn, body.reason) : [];
    await appendAudit(tx, ctx, {
      action: 'integrity.record',
      targetType: 'household',
      targetId: h.id,
      regionCode: h.regionCode,
      after: { kind: body.kind, reason: body.reason, decidedOn: body.decidedOn, recoveryFen: body.recoveryFen },
      detail: { integrityRecordId: id, endedCases: ended },
    });
    return id;
  });
  return getIntegrity(ctx, id);
}

/** End the household's approved 低保 and 特困 cases as obtained by deception; the ids ended. */
async function stopAssistance(
  ctx: ServiceContext,
  db: Kysely<DB>,
  householdId: string,
  on: string,
  reason: string,
): Promise<string[]> {
  const repo = new AssistanceRepository(db);
  const cases = await repo.endForIntegrity(householdId, on, reason, staffId(ctx), ctx.now());
  if (cases.length) await repo.syncHouseholdFlags(householdId, ctx.now());
  return cases;
}

async function loadRecord(ctx: ServiceContext, action: 'integrity.read' | 'integrity.manage', id: string) {
  const area = areaOf(ctx);
  return area.load(
    action,
    RECORD,
    id,
    (scope) => new IntegrityRepository(ctx.store.db).get(scope, id),
    (r) => ({ regionCode: r.regionCode ?? '' }),
  );
}

export async function getIntegrity(ctx: ServiceContext, id: string): Promise<IntegrityView> {
  return toView(await loadRecord(ctx, 'integrity.read', id));
}

/** POST /api/integrity/:id/recovered: money returned (退回非法所得), up to what was to be recovered. */
export async function recordRecovery(
  ctx: ServiceContext,
  id: string,
  body: IntegrityRecoveredBody,
): Promise<IntegrityView> {
  const r = await loadRecord(ctx, 'integrity.manage', id);
  const recovered = Number(r.recoveredFen) + body.amountFen;
  if (recovered > Number(r.recoveryFen)) {
    throw validationFailed([
      {
        path: 'amountFen',
        message: `累计退回不能超过应退回金额 ${(Number(r.recoveryFen) / 100).toFixed(2)} 元 / more than was to be returned`,
      },
    ]);
  }
  await ctx.store.transaction(async (tx) => {
    if (!(await new IntegrityRepository(tx.db).update(id, body.version, { recoveredFen: recovered }))) {
      throw versionConflict();
    }
    await appendAudit(tx, ctx, {
      action: 'integrity.recovered',
      targetType: 'integrity_record',
      targetId: id,
      regionCode: r.regionCode,
      before: { recoveredFen: Number(r.recoveredFen) },
      after: { recoveredFen: recovered },
    });
  });
  return getIntegrity(ctx, id);
}

/** POST /api/integrity/:id/remove: off the list from a day, for a reason; the record stays. */
export async function removeFromIntegrityList(
  ctx: ServiceContext,
  id: string,
  body: IntegrityRemoveBody,
): Promise<IntegrityView> {
  const r = await loadRecord(ctx, 'integrity.manage', id);
  if (r.removedOn) {
    throw new AppError('conflict', {
      zh: `已于 ${r.removedOn} 移出失信名单`,
      en: `already removed from the list on ${r.removedOn}`,
    });
  }
  const today = chinaDate(ctx.now());
  if (body.removedOn > today || body.removedOn < r.decidedOn) {
    throw validationFailed([
      {
        path: 'removedOn',
        message: `移出日期应在 ${r.decidedOn} 至 ${today} 之间 / the day must lie between ${r.decidedOn} and ${today}`,
      },
    ]);
  }
  await ctx.store.transaction(async (tx) => {
    const ok = await new IntegrityRepository(tx.db).update(id, body.version, {
      removedOn: body.removedOn,
      removalReason: body.reason,
      removedBy: staffId(ctx),
    });
    if (!ok) throw versionConflict();
    await appendAudit(tx, ctx, {
      action: 'integrity.remove',
      targetType: 'integrity_record',
      targetId: id,
      regionCode: r.regionCode,
      after: { removedOn: body.removedOn, reason: body.reason },
    });
  });
  return getIntegrity(ctx, id);
}

/**
 * A case ended for an integrity violation puts the household on the 失信 list (S2 §二(三)12), with everything the
 * payrolls paid the case to be returned (责令退回非法所得).
 */
export async function listEndedCase(
  tx: Tx,
  ctx: ServiceContext,
  r: Pick<AssistanceRow, 'id' | 'householdId' | 'countyCode' | 'regionCode' | 'kind'>,
  body: AssistanceEndBody,
) {
  const paid = (await new PayrollRepository(tx.db).payments([r.id]))
    .filter((l) => l.payrollStatus === 'paid' && l.lineStatus === 'included')
    .reduce((a, l) => a + Number(l.amountFen), 0);
  await new IntegrityRepository(tx.db).insert({
    householdId: r.householdId,
    recoveryFen: paid,
    countyCode: r.countyCode,
    kind: 'fraud',
    reason: body.note!,
    sanction: 'stop_aid',
    decidedOn: body.endedOn,
    caseId: r.id,
    listedBy: ctx.actor.id === SYSTEM_ACTOR.id ? null : ctx.actor.id,
    note: `${SocialAssistanceKind.labels[r.kind as SocialAssistanceKind].zh}案件`,
  });
  await appendAudit(tx, ctx, {
    action: 'integrity.record',
    targetType: 'household',
    targetId: r.householdId,
    regionCode: r.regionCode,
    detail: { caseId: r.id, sanction: 'stop_aid', recoveryFen: paid },
  });
}
