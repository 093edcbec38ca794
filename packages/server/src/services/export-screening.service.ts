/** The export of a screening run's findings. */
import {
  citeSource,
  maskIdNumber,
  MonitoringCategory,
  policyVersionText,
  reasonText,
  ScreeningFinding,
} from '@dixian/core';
import type { ScreeningResultExportQuery, ScreeningResultItem } from '@dixian/core/api';
import type { ExportColumn } from '../exports/xlsx-writer.js';
import { householdHeads } from '../screening/runs.js';
import { areaOf } from './area.js';
import type { ServiceContext } from './context.js';
import { startExport, type ExportDownload } from './export.service.js';
import { yes, zh } from './export-texts.js';
import { listScreeningResults } from './screening.service.js';

type ScreeningExportRow = ScreeningResultItem & { headName: string | null; headIdNumber: string | null };

/**
 * GET /api/screening/runs/:id/results/export.xlsx: a run's findings (or departures) in the reader's area, each with
 * its explanation in Chinese, the rules it names and the policy version; heads' ID numbers masked unless asked for
 * in clear with a reason.
 */
export async function exportScreeningResults(
  ctx: ServiceContext,
  runId: string,
  q: ScreeningResultExportQuery,
): Promise<ExportDownload> {
  const { unmask, reason, ...filters } = q;
  const clear = !!unmask;
  areaOf(ctx).allow('household.read');
  // the run decides access (404 outside the area) and must be finished, before anything is audited or written
  const first = await listScreeningResults(ctx.store, ctx.actor, runId, { ...filters, page: 1, pageSize: 1 });
  const columns: ExportColumn<ScreeningExportRow>[] = [
    { header: '排查结论', value: (r) => zh(ScreeningFinding.labels, r.finding), width: 14 },
    { header: '已离开(较上次)', value: (r) => yes(r.cleared) },
    { header: '户编号', value: (r) => r.householdNo, text: true, width: 20 },
    { header: '所在村', value: (r) => r.villageName, width: 14 },
    { header: '区划代码', value: (r) => r.regionCode, text: true, width: 14 },
    { header: '户主姓名', value: (r) => r.headName },
    {
      header: '户主身份证号',
      value: (r) => (clear ? r.headIdNumber : maskIdNumber(r.headIdNumber)),
      text: true,
      width: 22,
    },
    { header: '监测对象类别', value: (r) => zh(MonitoringCategory.labels, r.category), width: 16 },
    { header: '说明', value: (r) => r.explanation.message.zh, width: 60 },
    // the rules and the seed paragraph in words; rule ids are for developers (the API keeps them)
    { header: '依据规则', value: (r) => r.explanation.reasons.map((x) => reasonText(x).zh).join('；'), width: 40 },
    { header: '依据', value: (r) => citeSource(r.explanation.source).zh, width: 40 },
    { header: '政策版本', value: (r) => policyVersionText(r.explanation.policyVersion).zh, width: 30 },
  ];
  return startExport(ctx, {
    list: 'screening_results',
    title: `排查结果-${first.run.asOf}`,
    action: 'household.read',
    filters: { runId, ...filters },
    region: first.run.scopeCode,
    unmask,
    reason,
    sheet: { name: '排查结果', columns },
    rows: async function* () {
      // the results service pages by at most 500
      for (let page = 1; ; page++) {
        const r = await listScreeningResults(ctx.store, ctx.actor, runId, { ...filters, page, pageSize: 500 });
        const heads = await ctx.store.transaction((tx) =>
          householdHeads(
            tx.client,
            r.items.map((i) => i.householdId),
          ),
        );
        if (r.items.length) {
          yield r.items.map((i) => ({
            ...(i as ScreeningResultItem),
            headName: heads.get(i.householdId)?.name ?? null,
            headIdNumber: heads.get(i.householdId)?.idNumber ?? null,
          }));
        }
        if (page * 500 >= r.total) return;
      }
    },
  });
}
