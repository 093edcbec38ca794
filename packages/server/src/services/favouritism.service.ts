import { citeSource, type Scope } from '@dixian/core';
import type { FavouritismCheckBody, FavouritismCheckResult } from '@dixian/core/api';
import { appendAudit, type AuditContext } from '../audit/audit-log.js';
import type { Store } from '../db/store.js';
import {
  FavouritismRepository,
  type FavouritismFlag,
  type FavouritismKind,
} from '../repositories/favouritism.repository.js';
import { LedgerRepository, type SuspectedIssueInput } from '../repositories/ledger.repository.js';
import { notFound, RECORD } from './access.js';
import { areaOf } from './area.js';
import { staffId, type ServiceContext } from './context.js';

/**
 * 优亲厚友 (issue 17 §3; S3 二 "着力解决优亲厚友等微腐败问题"). The system only flags: every case, measure or social
 * assistance a linked cadre handled for his own household or a registered relative's, and his own household's
 * monitoring or assistance in force, becomes a suspected problem (疑似问题台账, area favouritism) that an inspector
 * clears or confirms through the ledger's steps. One open item per household and flag (ledger_item_open_finding_uq),
 * so the daily job and an inspector's check may run any number of times.
 */
const KIND_TEXT: Record<FavouritismKind, { zh: string; en: string }> = {
  case: { zh: '经办监测案件', en: 'handled the monitoring case' },
  measure: { zh: '落实帮扶措施', en: 'gave the assistance measure' },
  assistance: { zh: '经办社会救助', en: 'handled the social assistance' },
  own_case: { zh: '本人家庭纳入监测', en: 'own household monitored' },
  own_assistance: { zh: '本人家庭享受社会救助', en: 'own household receives social assistance' },
};
const RELATION_TEXT = {
  same_household: { zh: '本人家庭', en: 'his or her own household' },
  registered_relative: { zh: '登记的近亲属家庭', en: 'a registered close relative' },
};

function issueOf(f: FavouritismFlag): SuspectedIssueInput {
  const k = KIND_TEXT[f.kind];
  const r = RELATION_TEXT[f.relation];
  return {
    householdId: f.householdId,
    area: 'favouritism',
    sourceFinding: `favouritism:${f.kind}:${f.recordId}:${f.userId}`,
    title: `疑似优亲厚友:${k.zh}:户编号 ${f.householdNo}`,
    description:
      `工作人员 ${f.displayName} ${k.zh},该户为其${r.zh}(${citeSource('S3 §二').zh} 优亲厚友)。系统仅提示,须由纪检人员核实后排除或确认。` +
      ` / Staff member ${f.displayName}: ${k.en}; the household is ${r.en}. Flagged only: an inspector clears or confirms it.`,
  };
}

/** Flag the scope's cases into the suspected-problem ledger; the actor (null: the system) is audited. */
export async function flagFavouritism(
  store: Store,
  audit: AuditContext,
  scope: Scope,
  createdBy: string | null,
): Promise<FavouritismCheckResult> {
  const flags = await new FavouritismRepository(store.db).flags(scope);
  const items = flags.map(issueOf);
  return store.transaction(async (tx) => {
    const created = await new LedgerRepository(tx.db).raiseItems(items, {
      deadline: null,
      createdBy,
      at: audit.now(),
    });
    const result = { flagged: flags.length, created: created.length, alreadyOpen: items.length - created.length };
    await appendAudit(tx, audit, {
      action: 'favouritism.check',
      targetType: 'region',
      targetId: scope.regionPrefix,
      regionCode: scope.regionPrefix,
      detail: { ...result, itemIds: created.map((c) => c.id) },
    });
    return result;
  });
}

/** POST /api/supervision/favouritism/check: an inspector (or county, or township officer in the area) runs it now. */
export async function checkFavouritism(
  ctx: ServiceContext,
  body: FavouritismCheckBody,
): Promise<FavouritismCheckResult> {
  const scope = areaOf(ctx).list('ledger.write', body.region);
  if (scope === null) throw notFound(RECORD.region);
  return flagFavouritism(ctx.store, ctx, scope, staffId(ctx));
}
