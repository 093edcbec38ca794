/**
 * Verifying a department warning (issue 15 §5; S1 §四(二)3: "组织开展预警信息核实,并及时将核实确定的监测对象名单反馈
 * 各行业部门"): the township or village records what it found and why. That closes the verification deadline (the
 * deadline list reads `verified_at is null`) and is the feedback the department reads on its batch. A result of no
 * risk or no such person closes the warning's lead too when nothing else keeps it open, so its verification and
 * 15-day deadlines close with it.
 */
import { AppError, WARNING_STATUS_AFTER_VERIFICATION } from '@dixian/core';
import type { WarningListItem, WarningVerifyBody } from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import { LeadRepository } from '../repositories/lead.repository.js';
import { WarningListRepository } from '../repositories/warning-list.repository.js';
import { RECORD } from './access.js';
import { areaOf } from './area.js';
import type { ServiceContext } from './context.js';
import { versionConflict } from './errors.js';
import { toWarningListItem } from './warning-list.service.js';

function alreadyVerified(): AppError {
  return new AppError('conflict', {
    zh: '该预警已核实,不能重复核实',
    en: 'this warning has already been verified; it cannot be verified again',
  });
}

/** POST /api/warnings/:id/verify: the result, the reason, who and when; once, at the version read. */
export async function verifyWarning(
  ctx: ServiceContext,
  id: string,
  body: WarningVerifyBody,
): Promise<WarningListItem> {
  const area = areaOf(ctx);
  const load = (repo: WarningListRepository) =>
    area.load('warning.verify', RECORD.warning, id, (scope) => repo.get(scope, id));
  return ctx.store.transaction(async (tx) => {
    const repo = new WarningListRepository(tx.db);
    const before = await load(repo);
    if (before.verifiedAt) throw alreadyVerified();
    const status = WARNING_STATUS_AFTER_VERIFICATION[body.result];
    const ok = await repo.verify(area.scope, id, body.version, {
      status,
      result: body.result,
      reason: body.reason,
      by: ctx.actor.id,
      at: ctx.now(),
    });
    if (!ok) throw versionConflict();
    const leadDismissed =
      (body.result === 'no_risk' || body.result === 'not_found') &&
      before.leadId !== null &&
      (await new LeadRepository(tx.db).dismissWithWarning(before.leadId, id, body.reason, ctx.now()));
    if (leadDismissed) {
      await appendAudit(tx, ctx, {
        action: 'lead.dismiss',
        targetType: 'lead',
        targetId: before.leadId!,
        regionCode: before.regionCode,
        after: { status: 'dismissed', dismissedReason: body.reason },
        detail: { warningId: id, verificationResult: body.result },
      });
    }
    await appendAudit(tx, ctx, {
      action: 'warning.verify',
      targetType: 'department_warning',
      targetId: id,
      regionCode: before.regionCode,
      before: { status: before.status },
      after: { status, verificationResult: body.result, verificationReason: body.reason },
      detail: { department: before.department },
    });
    return toWarningListItem((await repo.get(area.scope, id))!);
  });
}
