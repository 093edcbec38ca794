import type { AuditEntryView, AuditPage, AuditQuery, AuditVerifyResult } from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import { checkAnchor } from '../audit/anchor.js';
import { verifyAuditChains } from '../audit/audit-verify.js';
import { AuditRepository } from '../repositories/audit.repository.js';
import { areaOf, type Refusal } from './area.js';
import type { ServiceContext } from './context.js';

/**
 * Reading and verifying the audit log (inspectors and county administrators). A chain is a county, so a
 * county-scoped reader sees their county's chain ('chain like 220681%'); the 'system' chain matches only the
 * whole-country scope.
 */
function chainPrefixOf(scopeCode: string): string {
  return scopeCode.length >= 6 ? scopeCode.slice(0, 6) : scopeCode;
}

export async function listAudit(ctx: ServiceContext, q: AuditQuery): Promise<AuditPage> {
  areaOf(ctx).allow('audit.read');
  const prefix = chainPrefixOf(ctx.actor.scopeCode);
  const { rows, total } = await new AuditRepository(ctx.store.db).page(prefix, q, q.page, q.pageSize);
  const items: AuditEntryView[] = rows.map((r) => ({ ...r, seq: Number(r.seq), at: r.at.toISOString() }));
  return { items, total, page: q.page, pageSize: q.pageSize };
}

/** Verify the chains the caller may read; the verification itself is recorded afterwards. */
export async function verifyAudit(ctx: ServiceContext): Promise<AuditVerifyResult> {
  areaOf(ctx).allow('audit.verify');
  const prefix = chainPrefixOf(ctx.actor.scopeCode);
  const result = await verifyAuditChains(ctx.store, prefix);
  const anchor = await checkAnchor(ctx.store, ctx.config.auditAnchorDir, ctx.config.auditAnchorKeyFile);
  // only the caller's chains: a county inspector is not told about another county's log
  const mine = anchor && {
    ...anchor,
    problems: anchor.problems.filter((p) => p.reason === 'bad_signature' || p.chain.startsWith(prefix)),
  };
  const mineOk = mine ? mine.problems.length === 0 : true;
  const answer = { ...result, ok: result.ok && mineOk, anchor: mine && { ...mine, ok: mineOk } };
  const visible = result.chains;
  await ctx.store.transaction((tx) =>
    appendAudit(tx, ctx, {
      action: 'audit.verify',
      regionCode: ctx.actor.scopeCode,
      detail: {
        ok: answer.ok,
        anchorAt: mine?.at ?? null,
        chains: visible.map((c) => ({ chain: c.chain, records: c.records, ok: c.ok })),
      },
    }),
  );
  return answer;
}

/**
 * A refusal of the area gateway (a role without the right, a record missing or outside the area), in its own
 * transaction: the request's own has rolled back with the error. On the actor's chain, so a county's inspector
 * sees who probed their county.
 */
export async function recordRefusal(ctx: ServiceContext, refusal: Refusal): Promise<void> {
  await ctx.store.transaction((tx) =>
    appendAudit(tx, ctx, {
      action: 'access.refused',
      targetType: refusal.targetType ?? null,
      targetId: refusal.targetId ?? null,
      regionCode: ctx.actor.scopeCode,
      detail: { action: refusal.action, reason: refusal.reason, ip: ctx.ip ?? null },
    }),
  );
}
