/** Texts of the history of the facts (issue 20 §2): the assessment of a chosen day and what changed since. */
export const historyMessages = {
  'history.effectiveOnLabel': { zh: '生效日期', en: 'Effective on' },
  'history.effectiveOnHelp': {
    zh: '变更实际发生的日期（如上月已卖车），不填为今天；不能晚于今天，也不能早于建档日期',
    en: 'The day the change actually happened (e.g. the car was sold last month); today when empty; not in the future nor before registration',
  },
  'history.assessOn': { zh: '研判日期', en: 'Assess on' },
  'history.changesSince': { zh: '{date} 以来的变更', en: 'Changed since {date}' },
  'history.noChanges': {
    zh: '该日以来规则所读的家庭信息没有变更',
    en: 'Nothing a rule reads has changed since that day',
  },
  'history.effectiveOn': { zh: '{date} 起', en: 'from {date}' },
  'history.household': { zh: '家庭', en: 'Household' },
  'history.member': { zh: '成员 {name}', en: 'Member {name}' },
  'history.relative': { zh: '分户子女 {name}', en: 'Relative living apart {name}' },
  'history.income': { zh: '{year} 年{kind}', en: '{year} {kind}' },
  'history.added': { zh: '新增', en: 'added' },
  'history.removed': { zh: '删除', en: 'removed' },
  'history.masked': { zh: '已变更(敏感信息不显示)', en: 'changed (sensitive, not shown)' },
  'history.truncated': { zh: '仅列出最近 200 项变更', en: 'Only the latest 200 changes are listed' },
  'history.screeningFactsChanged': {
    zh: '{n} 户的家庭信息在 {asOf} 之后有变更：本次筛查按 {asOf} 当日的信息研判，与农户现在的情况可能不同。',
    en: '{n} households had facts change after {asOf}: this screening judged them with the facts as they were on {asOf}, which may differ from today.',
  },
} as const;
