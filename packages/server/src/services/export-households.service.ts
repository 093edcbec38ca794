/** The exports of households: the register, the households due a visit, and a village's notice. */
import {
  EliminationMethod,
  HouseholdType,
  maskIdNumber,
  maskPhone,
  MonitoringCategory,
  MonitoringStatus,
  RiskType,
} from '@dixian/core';
import type { HouseholdExportQuery, NoticeQuery, VisitDueExportQuery, VisitDueItem } from '@dixian/core/api';
import type { ExportColumn } from '../exports/xlsx-writer.js';
import { HouseholdRepository, type HouseholdExportRow } from '../repositories/household.repository.js';
import { areaOf } from './area.js';
import type { ServiceContext } from './context.js';
import { BATCH, pages, startExport, type ExportDownload } from './export.service.js';
import { yes, zh, zhList } from './export-texts.js';
import { villageNotice } from './notice.service.js';
import { visitsDue } from './visit.service.js';

/** GET /api/households/export.xlsx: the households, ID and phone numbers masked unless asked for in clear. */
export async function exportHouseholds(ctx: ServiceContext, q: HouseholdExportQuery): Promise<ExportDownload> {
  const { unmask, reason, ...filters } = q;
  const clear = !!unmask;
  const columns: ExportColumn<HouseholdExportRow>[] = [
    { header: '户编号', value: (r) => r.householdNo, text: true, width: 20 },
    { header: '所在村', value: (r) => r.regionName, width: 14 },
    { header: '区划代码', value: (r) => r.regionCode, text: true, width: 14 },
    { header: '自然村/组', value: (r) => r.naturalVillage },
    { header: '户主姓名', value: (r) => r.headName },
    {
      header: '户主身份证号',
      value: (r) => (clear ? r.headIdNumber : maskIdNumber(r.headIdNumber)),
      text: true,
      width: 22,
    },
    { header: '联系电话', value: (r) => (clear ? r.phone : maskPhone(r.phone)), text: true, width: 14 },
    { header: '家庭人口', value: (r) => r.memberCount },
    { header: '户类型', value: (r) => zh(HouseholdType.labels, r.householdType) },
    { header: '脱贫年度', value: (r) => r.liftedYear },
    { header: '监测状态', value: (r) => zh(MonitoringStatus.labels, r.monitoringStatus), width: 14 },
    { header: '监测对象类别', value: (r) => zh(MonitoringCategory.labels, r.monitoringCategory), width: 16 },
    { header: '风险类型', value: (r) => zhList(RiskType.labels, r.riskTypes), width: 24 },
    { header: '首次识别日期', value: (r) => r.firstIdentifiedOn },
    { header: '风险消除日期', value: (r) => r.riskEliminatedOn },
    { header: '消除方式', value: (r) => zh(EliminationMethod.labels, r.eliminationMethod) },
    { header: '整户无劳动能力', value: (r) => yes(r.wholeHouseholdNoLabor) },
    { header: '低保', value: (r) => yes(r.receivesDibao) },
    { header: '特困', value: (r) => yes(r.isTekun) },
    { header: '最近走访', value: (r) => r.lastVisitOn },
  ];
  const area = areaOf(ctx);
  const scope = area.scope;
  const regionPrefix = area.list('household.read', filters.region)?.regionPrefix ?? null;
  return startExport(ctx, {
    list: 'households',
    title: '农户名单',
    action: 'household.read',
    filters,
    region: filters.region,
    unmask,
    reason,
    sheet: { name: '农户', columns },
    rows: async function* () {
      if (regionPrefix === null) return;
      const repo = new HouseholdRepository(ctx.store.db);
      let after = '';
      for (;;) {
        const rows = await repo.exportPage(scope, { ...filters, regionPrefix }, after, BATCH);
        if (rows.length) yield rows;
        if (rows.length < BATCH) return;
        after = rows.at(-1)!.householdNo;
      }
    },
  });
}

/** GET /api/visits/due/export.xlsx: the households due a visit. */
export async function exportVisitsDue(ctx: ServiceContext, f: VisitDueExportQuery): Promise<ExportDownload> {
  const columns: ExportColumn<VisitDueItem>[] = [
    { header: '户编号', value: (r) => r.householdNo, text: true, width: 20 },
    { header: '户主姓名', value: (r) => r.headName },
    { header: '所在村', value: (r) => r.regionName },
    { header: '户类型', value: (r) => zh(HouseholdType.labels, r.householdType) },
    { header: '监测状态', value: (r) => zh(MonitoringStatus.labels, r.monitoringStatus), width: 14 },
    { header: '最近走访', value: (r) => r.lastVisitOn },
    { header: '应走访日期', value: (r) => r.dueOn ?? '已逾期' },
    { header: '是否逾期', value: (r) => yes(r.overdue) },
  ];
  return startExport(ctx, {
    list: 'visits_due',
    title: '应走访农户清单',
    action: 'household.read',
    filters: f,
    region: f.region,
    sheet: { name: '应走访', columns },
    rows: () => pages((page, pageSize) => visitsDue(ctx, { ...f, page, pageSize })),
  });
}

/** GET /api/notices/export.xlsx: a village's notice, period by period. */
export async function exportNotice(ctx: ServiceContext, q: NoticeQuery): Promise<ExportDownload> {
  // the notice decides access and the village (404 outside the area) before anything is written
  const notice = await villageNotice(ctx, q);
  const rows = notice.periods.flatMap((p) => p.households.map((h) => ({ ...h, startOn: p.startOn, endOn: p.endOn })));
  type Row = (typeof rows)[number];
  const columns: ExportColumn<Row>[] = [
    { header: '公示开始', value: (r) => r.startOn },
    { header: '公示结束', value: (r) => r.endOn },
    { header: '户主(脱敏)', value: (r) => r.headName },
    { header: '自然村/组', value: (r) => r.naturalVillage },
    { header: '家庭人口', value: (r) => r.size },
    { header: '监测对象类别', value: (r) => zh(MonitoringCategory.labels, r.category), width: 16 },
    { header: '消除方式', value: (r) => zh(EliminationMethod.labels, r.eliminationMethod) },
    { header: '已撤回', value: (r) => yes(r.withdrawn) },
  ];
  return startExport(ctx, {
    list: 'notices',
    title: notice.title.zh,
    action: 'case.read',
    filters: q,
    region: q.region,
    sheet: { name: '公示', columns },
    rows: async function* () {
      yield rows;
    },
  });
}
