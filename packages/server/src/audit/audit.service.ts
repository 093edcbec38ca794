import type { AuditEntryView, AuditPage, AuditQuery, AuditVerifyResult } from '@dixian/core/api';
import { requireRole } from '../services/access.js';
import type { ServiceContext } from '../services/context.js';
import { appendAudit } from './audit-log.js';
import { verifyAuditChains } from './audit-verify.js';
import { likePrefix, pageWindow } from '../repositories/scope.js';

/**
 * Reading and verifying the audit log (inspectors and county administrators). A chain is a county, so a
 * county-scoped reader sees their county's chain ('chain like 220681%'); the 'system' chain matches only the
 * whole-country scope.
 */
function chainPrefixOf(scopeCode: string): string {
  return scopeCode.length >= 6 ? scopeCode.slice(0, 6) : scopeCode;
}

export async function listAudit(ctx: ServiceContext, q: AuditQuery): Promise<AuditPage> {
  requireRole(ctx, 'audit.read');
  const prefix = chainPrefixOf(ctx.actor.scopeCode);
  let base = ctx.store.db.selectFrom('auditLog').where('chain', 'like', likePrefix(prefix));
  if (q.chain) base = base.where('chain', '=', q.chain);
  if (q.action) base = base.where('action', '=', q.action);
  if (q.targetType) base = base.where('targetType', '=', q.targetType);
  if (q.targetId) base = base.where('targetId', '=', q.targetId);
  if (q.actorId) base = base.where('actorId', '=', q.actorId);
  if (q.from) base = base.where('at', '>=', new Date(q.from));
  if (q.to) base = base.where('at', '<', new Date(q.to));
  const { limit, offset } = pageWindow(q.page, q.pageSize);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('seq', 'desc').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const items: AuditEntryView[] = rows.map((r) => ({ ...r, seq: Number(r.seq), at: r.at.toISOString() }));
  return { items, total: Number(count.n), page: q.page, pageSize: q.pageSize };
}

/** Verify the chains the caller may read; the verification itself is recorded afterwards. */
export async function verifyAudit(ctx: ServiceContext): Promise<AuditVerifyResult> {
  requireRole(ctx, 'audit.verify');
  const prefix = chainPrefixOf(ctx.actor.scopeCode);
  const result = await verifyAuditChains(ctx.store, prefix);
  const answer = result;
  const visible = result.chains;
  await ctx.store.transaction((tx) =>
    appendAudit(tx, ctx, {
      action: 'audit.verify',
      regionCode: ctx.actor.scopeCode,
      detail: { ok: answer.ok, chains: visible.map((c) => ({ chain: c.chain, records: c.records, ok: c.ok })) },
    }),
  );
  return answer;
}
