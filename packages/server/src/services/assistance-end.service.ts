/**
 * How a 低保 or 特困 case comes to an end: the grace period when a 低保 household's income rises (低保渐退), and
 * the end itself.
 */
import {
  AppError,
  AssistanceEndReason,
  chinaDate,
  dibaoGracePeriod,
  type GraceDecision,
  type ResolvedPolicy,
} from '@dixian/core';
import type { AssistanceCaseView, AssistanceEndBody, AssistanceGraceBody } from '@dixian/core/api';
import { policyAt } from '../policies/policy-at.js';
import { loadCase } from './assistance.service.js';
import { checkDay, saveStep, wrongStatus } from './assistance-step.js';
import type { ServiceContext } from './context.js';
import { validationFailed } from './errors.js';
import { listEndedCase } from './integrity.service.js';

/**
 * POST /api/assistance/:id/grace: the income of a 低保 household rose (S2 §二(一)1). Above the standard and at most
 * `grace.maxMultiple` times it, a grace period of `minMonths`..`maxMonths` begins the next month; at or below the
 * standard nothing changes; above the limit the case is to be ended instead.
 */
export async function graceAssistance(
  ctx: ServiceContext,
  id: string,
  body: AssistanceGraceBody,
): Promise<AssistanceCaseView> {
  const r = await loadCase(ctx, 'assistance.decide', id);
  if (r.kind !== 'dibao') {
    throw new AppError('precondition_failed', { zh: '渐退只适用于低保', en: 'a grace period applies to 低保 only' });
  }
  if (r.status !== 'approved') throw wrongStatus(r, 'approved');
  if (r.graceStartOn) {
    throw new AppError('invalid_transition', {
      zh: `已在渐退期(${r.graceStartOn} 至 ${r.graceEndOn})`,
      en: `already in a grace period (${r.graceStartOn} to ${r.graceEndOn})`,
    });
  }
  const issues = checkDay('assessedOn', body.assessedOn, r.decidedOn, chinaDate(ctx.now()));
  if (issues.length) throw validationFailed(issues);
  const policy: ResolvedPolicy = (await policyAt(ctx.store.db, r.regionCode, body.assessedOn)).policy;
  // "超过当年低保标准" (S2 二(一)1): the standard of the area on the day of the review, not the one approved with
  const standard = policy.dibao.ruralMonthlyFen;
  const g = dibaoGracePeriod(
    {
      perCapitaIncomeFen: body.perCapitaIncomeFen,
      standardMonthlyFen: standard,
      from: body.assessedOn,
      months: body.months ?? null,
    },
    policy.dibao.grace,
  );
  if (g.outcome !== 'grace') throw noGrace(g, policy);
  return saveStep(
    ctx,
    r,
    body.version,
    { graceMonths: g.months, graceStartOn: g.startOn, graceEndOn: g.endOn, graceIncomeFen: body.perCapitaIncomeFen },
    { action: 'assistance.grace', detail: { ...g, perCapitaIncomeFen: body.perCapitaIncomeFen } },
  );
}

/** Why no grace period begins: the months asked for, income not above the standard, or above the limit. */
function noGrace(g: Exclude<GraceDecision, { outcome: 'grace' }>, policy: ResolvedPolicy): AppError {
  if (g.outcome === 'invalid') return validationFailed([{ path: g.path, message: g.message }]);
  if (g.outcome === 'stay') {
    return new AppError(
      'precondition_failed',
      {
        zh: '收入未超过低保标准,继续享受低保,无需渐退',
        en: 'income is not above the standard: the household stays on 低保',
      },
      [],
      { standardAnnualFen: g.standardAnnualFen },
    );
  }
  return new AppError(
    'precondition_failed',
    {
      zh: `收入超过低保标准的${policy.dibao.grace.maxMultiple}倍,不适用渐退,应办理退出`,
      en: `income is above ${policy.dibao.grace.maxMultiple}× the standard: no grace period, end the case instead`,
    },
    [],
    { limitFen: g.limitFen, reason: g.reason },
  );
}

/**
 * POST /api/assistance/:id/end: a 低保 or 特困 case ends. After a grace period, the day after it; obtained by deception,
 * the household is also put on the integrity list (S2 §二(三)12: 记入信用档案, 停止社会救助).
 */
export async function endAssistance(
  ctx: ServiceContext,
  id: string,
  body: AssistanceEndBody,
): Promise<AssistanceCaseView> {
  const r = await loadCase(ctx, 'assistance.decide', id);
  if (r.kind === 'temp_relief') {
    throw new AppError('precondition_failed', {
      zh: '临时救助是一次性救助,无需退出',
      en: 'temporary assistance is one-off',
    });
  }
  if (r.status !== 'approved') throw wrongStatus(r, 'approved');
  const issues = checkDay('endedOn', body.endedOn, r.decidedOn, chinaDate(ctx.now()));
  if (body.reason === 'grace_period_ended' && !(r.graceEndOn && body.endedOn > r.graceEndOn)) {
    issues.push({
      path: 'reason',
      message: r.graceEndOn
        ? `渐退期至 ${r.graceEndOn},须在其后退出 / the grace period runs to ${r.graceEndOn}`
        : '该案件没有渐退期 / the case has no grace period',
    });
  }
  if ((body.reason === 'other' || body.reason === 'integrity_violation') && !body.note) {
    issues.push({ path: 'note', message: '请说明情况 / describe what happened' });
  }
  if (issues.length) throw validationFailed(issues);
  return saveStep(
    ctx,
    r,
    body.version,
    {
      status: 'ended',
      endedOn: body.endedOn,
      endReason: body.reason,
      endNote: body.note ?? null,
      endedBy: ctx.actor.id,
    },
    { action: 'assistance.end', detail: { reason: body.reason, label: AssistanceEndReason.labels[body.reason].zh } },
    // the 失信 record is written with the end, in its transaction: a stale version writes neither
    body.reason === 'integrity_violation' ? (tx) => listEndedCase(tx, ctx, r, body) : undefined,
  );
}
