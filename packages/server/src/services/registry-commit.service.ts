import { randomUUID } from 'node:crypto';
import { AppError } from '@dixian/core';
import type { RegistryCommitBody, RegistryImportView } from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import type { HouseholdPlan, RowWrite } from '../registry/plan.js';
import { RegistryImportRepository, type ChangeEntity } from '../repositories/registry-import.repository.js';
import type { ServiceContext } from './context.js';
import { loadImport, settled, settledView, workOut } from './registry-import.service.js';

type Change = { entity: ChangeEntity; rowId: string; householdId: string; op: 'create' | 'update'; before: unknown };

/**
 * Commit a staged batch (issue 14 §4): the plan is worked out again inside the transaction, against the data as it
 * is now, and written in that one transaction (an error anywhere leaves nothing written and the batch in preview).
 * Refused while problems remain, unless `skipProblems`, which leaves out every household with a problem on any of
 * its rows. What each update replaced is kept for the undo, and each household's fingerprint after the commit.
 * A second import of the same file finds nothing to create or change.
 */
export async function commitRegistryImport(
  ctx: ServiceContext,
  id: string,
  body: RegistryCommitBody,
): Promise<RegistryImportView> {
  const batch = await ctx.store.transaction(async (tx) => {
    const b = await loadImport(ctx, id, tx.db, true);
    if (b.status !== 'preview') throw settled(b.status);
    const w = await workOut(ctx, tx.db, b);
    if (w.problems.length && !body.skipProblems) {
      throw new AppError('precondition_failed', {
        zh: `还有 ${w.problems.length} 个问题:请修正文件或表头对应后重新预览,或选择跳过有问题的农户`,
        en: `${w.problems.length} problems remain: fix them, or choose to skip the households with problems`,
      });
    }
    const repo = new RegistryImportRepository(tx.db);
    const now = ctx.now();
    const writing = w.plan.households.filter((h) => !h.problems.length);
    const changes = await write(repo, writing, ctx.actor.id, now);
    const touched = [...new Set(changes.map((c) => c.householdId))];
    await repo.touch(touched, now);
    await repo.recordChanges(b.id, changes);
    const fps = await repo.fingerprints(touched);
    const noOf = new Map(writing.map((h) => [h.existing?.id ?? String(h.household?.values.id), h.householdNo]));
    await repo.recordFingerprints(
      b.id,
      touched.map((hid) => ({ householdId: hid, householdNo: noOf.get(hid) ?? '', fingerprint: fps.get(hid)! })),
    );
    const counts = { ...w.counts, skippedProblems: w.problems.length };
    const patch = { status: 'committed', committedAt: now, committedBy: ctx.actor.id, counts: JSON.stringify(counts) };
    await repo.update(b.id, patch);
    await repo.dropRows(b.id);
    await appendAudit(tx, ctx, {
      action: 'registry.import',
      targetType: 'registry_import',
      targetId: b.id,
      regionCode: b.regionCode,
      detail: { fileName: b.fileName, counts, households: touched.length },
    });
    return { ...b, ...patch, counts };
  });
  return settledView(ctx, batch);
}

/** Write the households' plans; answers every row written, with what an update replaced. */
async function write(
  repo: RegistryImportRepository,
  plans: readonly HouseholdPlan[],
  userId: string,
  now: Date,
): Promise<Change[]> {
  const changes: Change[] = [];
  const newHouseholds: Record<string, unknown>[] = [];
  const newMembers: Record<string, unknown>[] = [];
  const newIncomes: Record<string, unknown>[] = [];
  for (const h of plans) {
    let hid = h.existing?.id;
    const countyCode = (h.existing?.regionCode ?? h.regionCode).slice(0, 6);
    if (h.household?.op === 'create') {
      hid = randomUUID();
      h.household.values.id = hid;
      newHouseholds.push({ ...h.household.values, id: hid, countyCode, createdAt: now, updatedAt: now });
      changes.push({ entity: 'household', rowId: hid, householdId: hid, op: 'create', before: null });
    } else if (h.household?.op === 'update') {
      await repo.patch('household', h.household.id, h.household.values, now);
      changes.push({ entity: 'household', rowId: hid!, householdId: hid!, op: 'update', before: h.household.before });
    }
    const rest = { householdId: hid!, countyCode };
    for (const w of h.members) {
      changes.push(
        await rowWrite(repo, 'member', w, rest, now, (id) =>
          newMembers.push({ ...w.values, ...rest, id, createdAt: now, updatedAt: now }),
        ),
      );
    }
    for (const w of h.incomes) {
      changes.push(
        await rowWrite(repo, 'income', w, rest, now, (id) =>
          newIncomes.push({ ...w.values, ...rest, id, recordedBy: userId, createdAt: now }),
        ),
      );
    }
  }
  await repo.insertHouseholds(newHouseholds as never[]);
  await repo.insertMembers(newMembers as never[]);
  await repo.insertIncomes(newIncomes as never[]);
  return changes;
}

async function rowWrite(
  repo: RegistryImportRepository,
  entity: ChangeEntity,
  w: RowWrite,
  rest: { householdId: string },
  now: Date,
  create: (id: string) => void,
): Promise<Change> {
  if (w.op === 'create') {
    const id = randomUUID();
    create(id);
    return { entity, rowId: id, householdId: rest.householdId, op: 'create', before: null };
  }
  await repo.patch(entity, w.id, w.values, now);
  return { entity, rowId: w.id, householdId: rest.householdId, op: 'update', before: w.before };
}

/**
 * Undo a committed batch as a whole, in one transaction: created rows removed, updated columns put back. Refused,
 * naming the households, when anything has touched one of them since (an edit of the household, a member or an
 * income record; a later import), or when a created household has since gained a lead, a case, a visit or any
 * other record that points at it.
 */
export async function undoRegistryImport(ctx: ServiceContext, id: string): Promise<RegistryImportView> {
  const batch = await ctx.store.transaction(async (tx) => {
    const b = await loadImport(ctx, id, tx.db, true);
    if (b.status !== 'committed') {
      throw b.status === 'undone'
        ? settled('undone')
        : new AppError('conflict', { zh: '该批次尚未导入,无需撤销', en: 'this batch was never committed' });
    }
    const repo = new RegistryImportRepository(tx.db);
    const households = await repo.committedHouseholds(b.id);
    const now = await repo.fingerprints(households.map((h) => h.householdId));
    const changed = households.filter((h) => now.get(h.householdId) !== h.fingerprint).map((h) => h.householdNo);
    const changes = await repo.changes(b.id);
    const created = changes.filter((c) => c.entity === 'household' && c.op === 'create').map((c) => c.rowId);
    const referenced = await repo.referenced(created);
    const blocked = [...new Set([...changed, ...referenced])];
    if (blocked.length) throw blockedUndo(blocked);
    for (const entity of ['income', 'member', 'household'] as const) {
      const ids = changes.filter((c) => c.entity === entity && c.op === 'create').map((c) => c.rowId);
      await repo.deleteRows(entity, ids);
    }
    const at = ctx.now();
    for (const c of changes.filter((x) => x.op === 'update')) {
      await repo.patch(c.entity as ChangeEntity, c.rowId, c.before as Record<string, unknown>, at);
    }
    const patch = { status: 'undone', undoneAt: at, undoneBy: ctx.actor.id };
    await repo.update(b.id, patch);
    await appendAudit(tx, ctx, {
      action: 'registry.undo',
      targetType: 'registry_import',
      targetId: b.id,
      regionCode: b.regionCode,
      detail: { fileName: b.fileName, households: households.length, rows: changes.length },
    });
    return { ...b, ...patch };
  });
  return settledView(ctx, batch);
}

function blockedUndo(householdNos: string[]): AppError {
  const shown = householdNos.slice(0, 5).join('、') + (householdNos.length > 5 ? ` 等 ${householdNos.length} 户` : '');
  return new AppError(
    'conflict',
    {
      zh: `户 ${shown} 在导入后已被修改或已有后续记录,不能撤销本批次`,
      en: `household ${shown} changed after the import (or has later records): the batch cannot be undone`,
    },
    householdNos.map((no) => ({
      path: 'householdNo',
      message: `户 ${no} 在导入后已被修改 / changed since the import`,
    })),
  );
}
