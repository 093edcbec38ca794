import type { Label } from '@dixian/core';

/** Texts of the list scaffold (components/list): filters, sorting, selection and its bulk actions, exports. */
export const listMessages = {
  'list.selected': { zh: '已选 {n} 条', en: '{n} selected' },
  'list.clearSelection': { zh: '取消选择', en: 'Clear selection' },
  'list.exportSelected': { zh: '导出所选', en: 'Export selected' },
  'list.bulkActions': { zh: '批量操作', en: 'Bulk actions' },
  'list.selectRow': { zh: '选择此行', en: 'Select this row' },
  'list.exportedAt': { zh: '导出时间', en: 'Exported at' },
  'list.exportRows': { zh: '所选 {n} 条', en: '{n} selected rows' },
  'list.sheetNote': { zh: '说明', en: 'About' },
  'list.sortAsc': { zh: '点击升序', en: 'Sort ascending' },
  'list.sortDesc': { zh: '点击降序', en: 'Sort descending' },
  'list.sortCancel': { zh: '取消排序', en: 'Clear sort' },
  'list.search': { zh: '搜索', en: 'Search' },
  'filter.stage': { zh: '案件阶段', en: 'Stage' },
  'filter.channel': { zh: '发现渠道', en: 'Channel' },
  'filter.department': { zh: '部门', en: 'Department' },
  'filter.kind': { zh: '类型', en: 'Kind' },
  'filter.ledger': { zh: '台账', en: 'Ledger' },
  'filter.area': { zh: '整改领域', en: 'Area' },
  'filter.month': { zh: '月份', en: 'Month' },
  'filter.overdue': { zh: '已逾期', en: 'Overdue' },
  'filter.overdueOnly': { zh: '只看逾期', en: 'Overdue only' },
  'filter.inGrace': { zh: '渐退期内', en: 'In grace period' },
  'filter.noLabor': { zh: '整户无劳动力', en: 'No labour in the household' },
  'filter.q': { zh: '搜索', en: 'Search' },
} satisfies Record<string, Label>;
