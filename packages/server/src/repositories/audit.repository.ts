import { addDays, chinaDayStart } from '@dixian/core';
import type { Kysely, Selectable } from 'kysely';
import type { AuditLog, DB } from '../db/types.js';
import { likePrefix, pageWindow } from './scope.js';

export interface AuditFilter {
  chain?: string | undefined;
  action?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  actorId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  actor?: string | undefined;
  /** China calendar days, both included */
  dayFrom?: string | undefined;
  dayTo?: string | undefined;
}

/** Reading the audit log (writing is audit/audit-log.ts, inside each change's transaction). */
export class AuditRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** A page of the records of the chains under `chainPrefix`, newest first, with the total. */
  async page(
    chainPrefix: string,
    f: AuditFilter,
    page: number,
    pageSize: number,
  ): Promise<{ rows: Selectable<AuditLog>[]; total: number }> {
    let base = this.db.selectFrom('auditLog').where('chain', 'like', likePrefix(chainPrefix));
    if (f.chain) base = base.where('chain', '=', f.chain);
    if (f.action) base = base.where('action', '=', f.action);
    if (f.targetType) base = base.where('targetType', '=', f.targetType);
    if (f.targetId) base = base.where('targetId', '=', f.targetId);
    if (f.actorId) base = base.where('actorId', '=', f.actorId);
    if (f.from) base = base.where('at', '>=', new Date(f.from));
    if (f.to) base = base.where('at', '<', new Date(f.to));
    if (f.actor) base = base.where('actorUsername', '=', f.actor.toLowerCase());
    if (f.dayFrom) base = base.where('at', '>=', chinaDayStart(f.dayFrom));
    if (f.dayTo) base = base.where('at', '<', chinaDayStart(addDays(f.dayTo, 1)));
    const { limit, offset } = pageWindow(page, pageSize);
    const [rows, count] = await Promise.all([
      base.selectAll().orderBy('seq', 'desc').limit(limit).offset(offset).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }
}
