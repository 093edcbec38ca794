import { citeSource, eightPoint, EIGHT_POINT_IDS } from '@dixian/core';
import type { BulkRaiseResult, EightPointTasksBody } from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import { LedgerRepository } from '../repositories/ledger.repository.js';
import { areaOf, reportDay } from './area.js';
import type { ServiceContext } from './context.js';
import { eightPointsReport } from './eight-points/eight-points.service.js';
import { checkOwner } from './ledger.service.js';

/**
 * The screening-task ledger (排查任务台账, S3 §五 "建立排查任务台账"; issue 17 §4): what each township (of a county) or
 * village (of a township) must check, by point — one task per child region and point short of its target, naming the
 * households to check, with a time limit and a person responsible. A region with an open task for a point gets no
 * second one. The suspected problems raised from that point in that region become the task's items, so the task is
 * closed out (销号) only after all of them.
 */
export async function createPointTasks(ctx: ServiceContext, body: EightPointTasksBody): Promise<BulkRaiseResult> {
  const area = areaOf(ctx);
  area.allow('supervision.read');
  const scope = area.list('ledger.write', body.region);
  if (!scope) return { created: 0, alreadyOpen: 0, itemIds: [] };
  await checkOwner(ctx, body.ownerId, scope.regionPrefix);
  const asOf = reportDay(ctx, body.asOf);
  const report = await eightPointsReport(ctx, { region: scope.regionPrefix, asOf });
  const repo = new LedgerRepository(ctx.store.db);
  const open = new Set((await repo.openTasks(scope.regionPrefix)).map((t) => `${t.regionCode} ${t.sourceFinding}`));
  const wanted = report.rows.flatMap((row) =>
    EIGHT_POINT_IDS.filter((p) => row.figures[p]?.short).map((p) => {
      const def = eightPoint(p);
      const f = row.figures[p]!;
      return {
        countyCode: row.regionCode.slice(0, 6),
        regionCode: row.regionCode,
        area: def.area,
        sourceKey: `point:${p}`,
        title: `${def.label.zh}:${row.regionName ?? row.regionCode} ${f.denominator - f.met} 户待核查整改`,
        description: `${citeSource(def.seedRef).zh} 截至 ${asOf} 达标 ${f.met} 户 / 应达标 ${f.denominator} 户`,
      };
    }),
  );
  const items = wanted.filter((w) => !open.has(`${w.regionCode} ${w.sourceKey}`));
  return ctx.store.transaction(async (tx) => {
    const txRepo = new LedgerRepository(tx.db);
    const itemIds = await txRepo.insertTasks({
      items,
      deadline: body.deadline,
      ownerId: body.ownerId,
      createdBy: ctx.actor.id,
      at: ctx.now(),
    });
    const attached = await txRepo.attachToTasks(scope.regionPrefix);
    const result = { created: itemIds.length, alreadyOpen: wanted.length - items.length, itemIds };
    await appendAudit(tx, ctx, {
      action: 'ledger.tasks_from_points',
      targetType: 'ledger_item',
      targetId: scope.regionPrefix,
      regionCode: scope.regionPrefix,
      detail: { asOf, ...result, attached, deadline: body.deadline, ownerId: body.ownerId },
    });
    return result;
  });
}
