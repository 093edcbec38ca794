import { AppError, type LocalizedText } from '@dixian/core';

// Who may do what is checked by the area gateway (./area.ts); this file names the records its answers speak of.

/** The "not found" of one kind of record; the same body whether the id is missing or out of scope. */
export function notFound(what: LocalizedText): AppError {
  return new AppError('not_found', { zh: `${what.zh}不存在`, en: `${what.en} not found` });
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
  changeRequest: { zh: '变更申请', en: 'change request' },
  campaign: { zh: '集中排查', en: 'full screening campaign' },
  disaster: { zh: '灾害事件', en: 'disaster' },
  warning: { zh: '部门预警', en: 'department warning' },
  visit: { zh: '走访记录', en: 'visit' },
  photo: { zh: '走访照片', en: 'visit photo' },
} as const satisfies Record<string, LocalizedText>;
