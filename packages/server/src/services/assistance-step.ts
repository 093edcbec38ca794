/** What the steps on an assistance case share: the check of a day, the refusal of a wrong status, the save. */
import { AppError, SocialAssistanceStatus, type ErrorIssue } from '@dixian/core';
import type { AssistanceCaseView } from '@dixian/core/api';
import type { Updateable } from 'kysely';
import { appendAudit } from '../audit/audit-log.js';
import type { Tx } from '../db/store.js';
import type { SocialAssistanceCase } from '../db/types.js';
import { AssistanceRepository, type AssistanceRow } from '../repositories/assistance.repository.js';
import { getAssistance } from './assistance.service.js';
import type { ServiceContext } from './context.js';
import { versionConflict } from './errors.js';

/** A step's day: not after today, nor before the step it follows. */
export function checkDay(path: string, day: string, notBefore: string | null, today: string): ErrorIssue[] {
  if (day > today) return [{ path, message: `日期不能晚于今天 / ${path} cannot be after today (${today})` }];
  if (notBefore && day < notBefore) {
    return [{ path, message: `日期不能早于 ${notBefore} / ${path} cannot be before ${notBefore}` }];
  }
  return [];
}

export function wrongStatus(r: AssistanceRow, want: SocialAssistanceStatus): AppError {
  const zh = (s: string) => SocialAssistanceStatus.labels[s as SocialAssistanceStatus]?.zh ?? s;
  return new AppError('invalid_transition', {
    zh: `案件状态为“${zh(r.status)}”，此操作需要“${zh(want)}”`,
    en: `the case is ${r.status}; this needs it ${want}`,
  });
}

/** Store a change, keep the household's flags in step, and audit both, in one transaction. */
export async function saveStep(
  ctx: ServiceContext,
  r: AssistanceRow,
  version: number,
  patch: Updateable<SocialAssistanceCase>,
  audit: { action: string; detail?: unknown },
  also?: (tx: Tx) => Promise<void>,
): Promise<AssistanceCaseView> {
  await ctx.store.transaction(async (tx) => {
    const repo = new AssistanceRepository(tx.db);
    if (!(await repo.updateVersioned(r.id, version, { ...patch, updatedAt: ctx.now() }))) throw versionConflict();
    await also?.(tx);
    const flags = r.kind === 'temp_relief' ? null : await repo.syncHouseholdFlags(r.householdId, ctx.now());
    await appendAudit(tx, ctx, {
      action: audit.action,
      targetType: 'social_assistance_case',
      targetId: r.id,
      regionCode: r.regionCode,
      before: { status: r.status },
      after: { status: patch.status ?? r.status },
      detail: { ...(audit.detail as object), ...(flags ? { householdFlags: flags } : {}) },
    });
  });
  return getAssistance(ctx, r.id);
}
