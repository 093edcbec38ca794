import { AppError, can, type AccessTarget, type Action, type LocalizedText } from '@dixian/core';
import type { ServiceContext } from './context.js';

/**
 * Access checks, in one place (STYLE habit 2). A service first asks whether the role may do the action at
 * all (403: that says nothing about any record), then loads the record with the scope applied in SQL and,
 * when it needs the target's region or department, asks `can` with the target. A record outside the scope
 * answers exactly like a missing one, so existence never leaks.
 */
export function requireRole(ctx: ServiceContext, action: Action): void {
  if (!can(ctx.actor, action)) {
    throw new AppError('forbidden', {
      zh: `当前角色无权执行此操作(${action})`,
      en: `your role may not do this (${action})`,
    });
  }
}

/** The "not found" of one kind of record; the same body whether the id is missing or out of scope. */
export function notFound(what: LocalizedText): AppError {
  return new AppError('not_found', { zh: `${what.zh}不存在`, en: `${what.en} not found` });
}

/** Throw the not-found of `what` unless the actor may do `action` to `target` (present or not). */
export function requireTarget(
  ctx: ServiceContext,
  action: Action,
  target: AccessTarget | undefined | null,
  what: LocalizedText,
): asserts target is AccessTarget {
  if (!target || !can(ctx.actor, action, target)) throw notFound(what);
}

/** Names used in not-found messages, so every route says the same thing for the same kind of record. */
export const RECORD = {
  household: { zh: '农户', en: 'household' },
  member: { zh: '家庭成员', en: 'member' },
  income: { zh: '收支记录', en: 'income record' },
  user: { zh: '用户', en: 'user' },
  region: { zh: '区划', en: 'region' },
  policy: { zh: '政策', en: 'policy' },
  lead: { zh: '风险线索', en: 'lead' },
  case: { zh: '监测案件', en: 'case' },
  plan: { zh: '帮扶计划', en: 'assistance plan' },
  measure: { zh: '帮扶措施', en: 'assistance measure' },
  application: { zh: '申报记录', en: 'application' },
} as const satisfies Record<string, LocalizedText>;
