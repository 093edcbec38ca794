/**
 * A scenario's households as Excel (issue 20 §1): one row per household and change, with its reasons in words.
 * No names or ID numbers: a scenario is a planning figure, and the household number leads to the record.
 */
import { fenToYuan, MonitoringCategory, RiskType, ScenarioChange, scenarioSidesText } from '@dixian/core';
import type { ScenarioHouseholdItem, ScenarioHouseholdQuery } from '@dixian/core/api';
import type { ExportColumn } from '../exports/xlsx-types.js';
import type { ServiceContext } from './context.js';
import { startExport, type ExportDownload } from './export.service.js';
import { getScenario, scenarioHouseholds } from './scenario.service.js';

const yuan = (fen: number | null): string => (fen === null ? '' : fenToYuan(fen));

const COLUMNS: ExportColumn<ScenarioHouseholdItem>[] = [
  { header: '变化', value: (r) => ScenarioChange.labels[r.change].zh, width: 18 },
  { header: '户编号', value: (r) => r.householdNo ?? '', text: true, width: 22 },
  { header: '村', value: (r) => r.villageName ?? '', width: 16 },
  { header: '人口', value: (r) => r.people, width: 6 },
  { header: '监测对象类别', value: (r) => (r.category ? MonitoringCategory.labels[r.category].zh : ''), width: 16 },
  { header: '风险类型', value: (r) => r.riskTypes.map((t) => RiskType.labels[t].zh).join('、'), width: 20 },
  { header: '人均纯收入（元）', value: (r) => yuan(r.incomePerCapitaFen), width: 14 },
  { header: '现行低保月补差（元）', value: (r) => yuan(r.baseTopUpFen), width: 14 },
  { header: '草案低保月补差（元）', value: (r) => yuan(r.draftTopUpFen), width: 14 },
  {
    header: '原因',
    value: (r) => r.reasons.map((x) => `${x.message.zh}（${scenarioSidesText(x).zh}）`).join('；'),
    width: 60,
  },
];

export async function exportScenario(
  ctx: ServiceContext,
  id: string,
  q: Pick<ScenarioHouseholdQuery, 'change' | 'township'>,
): Promise<ExportDownload> {
  const s = await getScenario(ctx, id);
  return startExport(ctx, {
    list: 'scenario',
    title: `政策模拟-${s.draftName}-${s.asOf}`,
    action: 'scenario.run',
    filters: { change: q.change, region: q.township },
    region: s.scopeCode,
    sheet: { name: '政策模拟', columns: COLUMNS },
    rows: async function* () {
      for (let page = 1; ; page++) {
        const r = await scenarioHouseholds(ctx, id, { ...q, page, pageSize: 100 });
        if (r.items.length) yield r.items;
        if (page * 100 >= r.total) return;
      }
    },
  });
}
