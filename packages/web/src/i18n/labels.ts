import type { CaseEventType, Label } from '@dixian/core';

/**
 * Labels the UI needs that core does not carry as enums: the case events of the timeline, audit actions and
 * the policy parameters. Core's enums (enums.ts) and CASE_ACTION_LABELS / CASE_DEADLINE_LABELS are used
 * directly wherever they exist.
 */

export const CASE_EVENT_LABELS: Record<CaseEventType, Label> = {
  verification_started: { zh: '立案入户核实', en: 'Home verification started' },
  risk_remarked: { zh: '风险再标注', en: 'New risk marked' },
  verification_at_risk: { zh: '核实:存在风险', en: 'Verified: at risk' },
  verification_no_risk: { zh: '核实:无风险', en: 'Verified: no risk' },
  commitment_signed: { zh: '签订承诺授权书', en: 'Commitment and authorisation signed' },
  village_review_passed: { zh: '民主评议通过', en: 'Village review passed' },
  village_review_failed: { zh: '民主评议未通过', en: 'Village review failed' },
  public_notice_started: { zh: '村内公示', en: 'Public notice started' },
  objection_recorded: { zh: '登记公示异议', en: 'Objection recorded' },
  objection_resolved: { zh: '公示异议办结', en: 'Objection resolved' },
  township_approved: { zh: '乡镇复核同意', en: 'Township approved' },
  township_returned: { zh: '乡镇退回', en: 'Township returned the case' },
  township_rejected: { zh: '乡镇不予认定', en: 'Township rejected' },
  county_confirmed: { zh: '县级确定为监测对象', en: 'County confirmed' },
  county_rejected: { zh: '县级不予认定', en: 'County rejected' },
  case_rejected: { zh: '不予认定', en: 'Rejected' },
  assistance_plan_recorded: { zh: '登记帮扶计划', en: 'Assistance plan recorded' },
  elimination_proposed: { zh: '拟风险消除', en: 'Elimination proposed' },
  elimination_approved: { zh: '县级确认风险消除', en: 'Elimination approved' },
  elimination_refused: { zh: '县级不同意风险消除', en: 'Elimination refused' },
  elimination_rolled_back: { zh: '风险消除回退', en: 'Elimination rolled back' },
  no_labor_flag_set: { zh: '标注整户无劳动能力', en: 'No-labour flag set' },
  no_labor_flag_cleared: { zh: '取消整户无劳动能力标注', en: 'No-labour flag cleared' },
};

export const AUDIT_ACTION_LABELS: Record<string, Label> = {
  'household.create': { zh: '建档', en: 'Household registered' },
  'household.update': { zh: '修改农户信息', en: 'Household updated' },
  'member.create': { zh: '新增家庭成员', en: 'Member added' },
  'member.update': { zh: '修改家庭成员', en: 'Member updated' },
  'member.delete': { zh: '删除家庭成员', en: 'Member removed' },
  'income.create': { zh: '新增收支记录', en: 'Income record added' },
  'income.update': { zh: '修改收支记录', en: 'Income record updated' },
  'income.delete': { zh: '删除收支记录', en: 'Income record removed' },
  'personal_data.unmask': { zh: '查看明文个人信息', en: 'Personal data shown in clear' },
  'policy.create': { zh: '发布政策版本', en: 'Policy version published' },
  'policy_draft.create': { zh: '新建政策草案', en: 'Policy draft created' },
  'policy_draft.update': { zh: '修改政策草案', en: 'Policy draft changed' },
  'policy_draft.delete': { zh: '删除政策草案', en: 'Policy draft deleted' },
  'policy_draft.publish': { zh: '政策草案转为正式版本', en: 'Policy draft put in force' },
  'scenario.run': { zh: '政策模拟测算', en: 'Policy scenario run' },
  'export.scenario': { zh: '导出政策模拟结果', en: 'Policy scenario exported' },
  'plan.create': { zh: '制定帮扶计划', en: 'Assistance plan drawn up' },
  'plan.update': { zh: '修改帮扶计划', en: 'Assistance plan updated' },
  'measure.create': { zh: '新增帮扶措施', en: 'Measure added' },
  'measure.update': { zh: '修改帮扶措施', en: 'Measure updated' },
  'measure.delete': { zh: '删除帮扶措施', en: 'Measure removed' },
  'integrity.record': { zh: '记入失信名单', en: 'Recorded on the integrity list' },
  'visit.create': { zh: '登记走访', en: 'Visit recorded' },
  visit: { zh: '走访', en: 'Visit' },
  'member.leave': { zh: '成员迁出', en: 'Member left the household' },
  'change.request': { zh: '申请变更', en: 'Change requested' },
  'change.approve': { zh: '批准变更', en: 'Change approved' },
  'change.refuse': { zh: '退回变更申请', en: 'Change refused' },
  'change.withdraw': { zh: '撤回变更申请', en: 'Change withdrawn' },
  'household.split': { zh: '分户', en: 'Household split' },
  'household.merge': { zh: '合户', en: 'Households merged' },
  'household.close': { zh: '合户注销', en: 'Household closed by a merge' },
  'household.move': { zh: '迁移到其他村', en: 'Household moved' },
  'household.category': { zh: '变更监测对象类别', en: 'Category changed' },
  'access.refused': { zh: '越权或无效访问被拒绝', en: 'Access refused' },
  'auth.login': { zh: '登录', en: 'Signed in' },
  'auth.logout': { zh: '退出登录', en: 'Signed out' },
  'auth.failed': { zh: '登录失败', en: 'Sign-in failed' },
  'auth.locked': { zh: '登录锁定', en: 'Sign-in locked' },
  'auth.password_change': { zh: '修改本人密码', en: 'Own password changed' },
  'user.create': { zh: '新建用户', en: 'User created' },
  'user.update': { zh: '修改用户', en: 'User updated' },
  'user.password_reset': { zh: '重置用户密码', en: 'Password reset' },
  'user.unlock': { zh: '解除登录锁定', en: 'Lockout ended' },
  'user.session_end': { zh: '强制下线', en: 'Session ended' },
  'auth.second_factor_enrol': { zh: '绑定二次验证', en: 'Second factor enrolled' },
  'auth.second_factor_disable': { zh: '停用二次验证', en: 'Second factor turned off' },
  'auth.recovery_code_used': { zh: '使用恢复码登录', en: 'Recovery code used' },
  'auth.recovery_codes_renew': { zh: '重新生成恢复码', en: 'Recovery codes renewed' },
  'auth.session_limit': { zh: '超出同时登录数,最早的会话下线', en: 'Oldest session ended (session limit)' },
  'auth.password_expired': { zh: '密码过期须修改', en: 'Password expired' },
  'user.second_factor_reset': { zh: '重置用户二次验证', en: 'Second factor reset' },
  'user.disable_inactive': { zh: '长期未登录停用账号', en: 'Account disabled for inactivity' },
  'audit.verify': { zh: '校验审计链', en: 'Audit chain verified' },
  'assistance.income_assessed': { zh: '低保收入核算', en: 'Dibao income assessed' },
  'assistance.apply': { zh: '受理救助申请', en: 'Assistance application' },
  'assistance.approve': { zh: '批准救助', en: 'Assistance approved' },
  'assistance.reject': { zh: '不予批准救助', en: 'Assistance refused' },
  'assistance.grace': { zh: '救助渐退', en: 'Assistance phased out' },
  'assistance.end': { zh: '终止救助', en: 'Assistance ended' },
  'assistance.satisfaction': { zh: '登记救助满意度', en: 'Satisfaction recorded' },
  'feed.import': { zh: '导入部门数据', en: 'Department file imported' },
  'feed.undo': { zh: '撤销导入批次', en: 'Import undone' },
  'feed.zero_report': { zh: '登记部门零报告', en: 'Department zero report recorded' },
  'warning.verify': { zh: '核实部门预警', en: 'Department warning verified' },
  'registry.upload': { zh: '上传户籍文件(预览)', en: 'Register file uploaded for preview' },
  'registry.mapping': { zh: '指定表头对应', en: 'Register headers mapped' },
  'registry.import': { zh: '导入户籍', en: 'Register imported' },
  'registry.undo': { zh: '撤销户籍导入', en: 'Register import undone' },
  'registry.discard': { zh: '放弃户籍导入预览', en: 'Register import discarded' },
  'export.register': { zh: '导出农户档案', en: 'Register exported' },
  'lead.create': { zh: '登记风险线索', en: 'Lead recorded' },
  'lead.dismiss': { zh: '线索核实无风险', en: 'Lead closed: no risk' },
  'ledger.create': { zh: '新增台账事项', en: 'Ledger item added' },
  'ledger.update': { zh: '修改台账事项', en: 'Ledger item updated' },
  'ledger.raise_from_screening': { zh: '排查结果转入台账', en: 'Screening findings raised' },
  'ledger.raise_from_point': { zh: '八项重点未达标户转入台账', en: 'Eight-point households raised' },
  'ledger.tasks_from_points': { zh: '生成八项重点排查任务', en: 'Eight-point screening tasks created' },
  'ledger.raise_from_deadlines': { zh: '逾期事项转入台账', en: 'Overdue deadlines raised' },
  'publicity.deliver': { zh: '登记明白纸发放', en: 'Leaflet delivery recorded' },
  'publicity.survey': { zh: '登记政策知晓率调查', en: 'Awareness survey recorded' },
  'rectification.open': { zh: '开展专项整治', en: 'Rectification campaign opened' },
  'ledger.raise_from_data_quality': { zh: '数据质量问题转入台账', en: 'Data-quality findings raised' },
  'favouritism.check': { zh: '优亲厚友检查', en: 'Favouritism check' },
  'campaign.open': { zh: '开展年度集中排查', en: 'Yearly full screening opened' },
  'campaign.check': { zh: '登记集中排查结果', en: 'Full screening check recorded' },
  'disaster.record': { zh: '登记灾害或突发事件', en: 'Disaster recorded' },
  'disaster.screen': { zh: '受灾户研判', en: 'Disaster households screened' },
  'rhythm.complete': { zh: '完成每月工作步骤', en: 'Monthly step done' },
  'rhythm.generate': { zh: '生成本月七步任务', en: "Month's seven-step tasks generated" },
  'halfmonth.open': { zh: '开启半月报期', en: 'Half-month report period opened' },
  'halfmonth.report': { zh: '上报半月预警名单', en: 'Half-month warning list reported' },
  'reminder.generate': { zh: '生成到期提醒和督办消息', en: 'Reminders and escalations written' },
  'message.read': { zh: '阅读提醒消息', en: 'Reminder read' },
  'message.read_all': { zh: '全部提醒标为已读', en: 'All reminders marked read' },
  'screening.start': { zh: '发起排查', en: 'Screening started' },
  'screening.run': { zh: '完成排查', en: 'Screening run' },
  'payroll.prepare': { zh: '编制资金发放名册', en: 'Payroll prepared' },
  'payroll.stop': { zh: '名册停发一户', en: 'Payroll line stopped' },
  'payroll.approve': { zh: '审核资金发放名册', en: 'Payroll approved' },
  'payroll.paid': { zh: '登记资金已发放', en: 'Payroll marked paid' },
  'export.payroll': { zh: '导出资金发放名册', en: 'Payroll exported' },
  'export.report': { zh: '导出统计报告', en: 'Report exported' },
  'assistance.payment_account': { zh: '登记救助金发放账号', en: 'Payment account recorded' },
  'export_file.download': { zh: '从下载中心下载文件', en: 'File downloaded from the download centre' },
  'export_file.delete': { zh: '删除下载中心的文件', en: 'File deleted from the download centre' },
  'nation.shard_attach': { zh: '接入分片数据库', en: 'Shard attached' },
  'nation.shard_detach': { zh: '移除分片数据库', en: 'Shard detached' },
  'schema.partition': { zh: '按省或地市对大表分区', en: 'Large tables partitioned' },
};

/** An audit action in words for the audit log: the label, or the family of actions it belongs to. */
export function auditActionLabel(action: string): Label {
  const known = AUDIT_ACTION_LABELS[action];
  if (known) return known;
  const family = AUDIT_FAMILIES[action.split('.')[0]!];
  return family ?? { zh: '其他操作', en: 'Other action' };
}

const AUDIT_FAMILIES: Record<string, Label> = {
  case: { zh: '监测案件办理', en: 'Case step' },
  export: { zh: '导出名单', en: 'List exported' },
  ledger: { zh: '台账办理', en: 'Ledger step' },
  measure: { zh: '帮扶措施状态变更', en: 'Measure status changed' },
  warning: { zh: '预警核实', en: 'Warning handled' },
};

/** An audit action in words; one without a label is a change of the household's records, never its code. */
export const OTHER_AUDIT_ACTION: Label = { zh: '修改农户档案', en: 'Household records changed' };

export type PolicyUnit = 'fen' | 'ratio' | 'days' | 'months' | 'years' | 'count' | 'grade' | 'bool' | 'grades';

export interface PolicyParam {
  /** dotted path in the policy body */
  path: string;
  label: Label;
  unit: PolicyUnit;
}

export interface PolicyGroup {
  key: string;
  label: Label;
  params: PolicyParam[];
}

const p = (path: string, zh: string, en: string, unit: PolicyUnit): PolicyParam => ({ path, label: { zh, en }, unit });

/** Every parameter of core's PolicyBodySchema, grouped as the schema groups them, with its unit. */
export const POLICY_GROUPS: PolicyGroup[] = [
  {
    key: 'line',
    label: { zh: '监测范围', en: 'Monitoring line' },
    params: [
      p(
        'monitoringIncomeLineFen',
        '监测范围(人均纯收入,元/人·年)',
        'Monitoring line (net income per person per year)',
        'fen',
      ),
    ],
  },
  {
    key: 'suddenHardship',
    label: { zh: '突发严重困难户', en: 'Sudden severe hardship' },
    params: [
      p(
        'suddenHardship.rigidExpenseShareOfPreviousIncome',
        '刚性支出超过上年家庭纯收入的比例',
        'Rigid expenditure above this share of last year’s income',
        'ratio',
      ),
      p(
        'suddenHardship.incomeDropToShare',
        '收入降至上年的比例(含)以下视为大幅缩减',
        'Income at or below this share of last year’s counts as a sharp drop',
        'ratio',
      ),
      p(
        'suddenHardship.netOfInsuranceClaims',
        '刚性支出扣除保险理赔',
        'Rigid expenditure net of insurance payouts',
        'bool',
      ),
    ],
  },
  {
    key: 'inclusion',
    label: { zh: '纳入研判', en: 'Inclusion' },
    params: [
      p('inclusion.belowLineRequiresRisk', '低于监测范围还须存在风险', 'Below the line also requires a risk', 'bool'),
      p(
        'inclusion.eventLookbackMonths',
        '突发事件视为当前风险的月数',
        'Months an event counts as a current risk',
        'months',
      ),
      p('inclusion.compulsoryEducationMinAge', '义务教育适龄下限(岁)', 'Compulsory-education age from', 'years'),
      p('inclusion.compulsoryEducationMaxAge', '义务教育适龄上限(岁)', 'Compulsory-education age to', 'years'),
      p('inclusion.elderlyAge', '老年人年龄(岁)', 'Elderly from age', 'years'),
    ],
  },
  {
    key: 'dibao',
    label: { zh: '低保', en: 'Dibao' },
    params: [
      p('dibao.ruralMonthlyFen', '农村低保标准(元/人·月)', 'Rural dibao standard (per person per month)', 'fen'),
      p('dibao.urbanMonthlyFen', '城市低保标准(元/人·月)', 'Urban dibao standard (per person per month)', 'fen'),
      p('dibao.marginalMultiple', '低保边缘倍数', 'Marginal multiple of the standard', 'ratio'),
      p('dibao.grace.maxMultiple', '渐退:收入不超过标准的倍数', 'Grace: income at most this multiple', 'ratio'),
      p('dibao.grace.minMonths', '渐退期最短月数', 'Grace period, shortest (months)', 'months'),
      p('dibao.grace.maxMonths', '渐退期最长月数', 'Grace period, longest (months)', 'months'),
      p('dibao.grace.defaultMonths', '渐退期默认月数', 'Grace period, default (months)', 'months'),
      p('dibao.tekunMinorAgeLimit', '特困供养未成年人年龄上限', 'Tekun covers minors up to age', 'years'),
      p('dibao.income.minimumWageMonthlyFen', '当地最低工资标准(元/月)', 'Local minimum wage (a month)', 'fen'),
      p(
        'dibao.income.imputeMinimumWage',
        '有劳动能力未就业按最低工资计算收入',
        'Count the minimum wage for months without work',
        'bool',
      ),
      p('dibao.income.workingAgeMin', '劳动年龄下限', 'Working age from', 'years'),
      p('dibao.income.workingAgeMax', '劳动年龄上限', 'Working age to', 'years'),
      p('dibao.income.deductMedical', '扣减患病刚性支出', 'Deduct illness spending', 'bool'),
      p('dibao.income.deductDisability', '扣减残疾刚性支出', 'Deduct disability spending', 'bool'),
      p('dibao.income.deductSchooling', '扣减就学刚性支出', 'Deduct schooling spending', 'bool'),
      p(
        'dibao.income.workCostCapMonthlyFen',
        '就业成本扣减上限(元/人·月)',
        'Work-cost deduction cap (per worker a month)',
        'fen',
      ),
      p(
        'dibao.income.expenditureMaxIncomeMultiple',
        '支出型低保:收入不超过标准的倍数',
        'Expenditure-type: income at most this multiple',
        'ratio',
      ),
      p('dibao.hardship.weights.economic', '多维指标权重:经济状况', 'Hardship weight: economic', 'ratio'),
      p('dibao.hardship.weights.health', '多维指标权重:健康状况', 'Hardship weight: health', 'ratio'),
      p('dibao.hardship.weights.education', '多维指标权重:教育状况', 'Hardship weight: education', 'ratio'),
      p('dibao.hardship.weights.housing', '多维指标权重:居住状况', 'Hardship weight: housing', 'ratio'),
      p('dibao.hardship.weights.employment', '多维指标权重:就业状况', 'Hardship weight: employment', 'ratio'),
      p('dibao.hardship.weights.social', '多维指标权重:社会参与', 'Hardship weight: social participation', 'ratio'),
      p('dibao.hardship.someFrom', '一般困难起始得分', 'Some hardship from score', 'count'),
      p('dibao.hardship.considerableFrom', '比较困难起始得分', 'Considerable hardship from score', 'count'),
      p('dibao.hardship.severeFrom', '特别困难起始得分', 'Severe hardship from score', 'count'),
    ],
  },
  {
    key: 'tekun',
    label: { zh: '特困供养', en: 'Tekun support' },
    params: [
      p(
        'tekun.careMonthlyFen.full',
        '照料护理补贴:全自理(元/人·月)',
        'Care allowance: fully self-caring (a month)',
        'fen',
      ),
      p(
        'tekun.careMonthlyFen.partial',
        '照料护理补贴:部分自理(元/人·月)',
        'Care allowance: partly self-caring (a month)',
        'fen',
      ),
      p(
        'tekun.careMonthlyFen.none',
        '照料护理补贴:完全不能自理(元/人·月)',
        'Care allowance: not self-caring (a month)',
        'fen',
      ),
    ],
  },
  {
    key: 'tempRelief',
    label: { zh: '临时救助', en: 'Temporary assistance' },
    params: [
      p('tempRelief.townshipLimitFen', '乡镇审批额度(元)', 'Township decides up to', 'fen'),
      p(
        'tempRelief.maxMultipleOfMonthlyStandard',
        '单次救助上限(低保月标准的倍数)',
        'Cap per case (multiple of the monthly standard)',
        'ratio',
      ),
      p('tempRelief.staged.maxStages', '返贫户分阶段救助:最多期数', 'Staged assistance: most instalments', 'count'),
      p(
        'tempRelief.staged.maxMonths',
        '返贫户分阶段救助:末期距审批最多月数',
        'Staged assistance: last instalment within (months)',
        'months',
      ),
      p(
        'tempRelief.staged.capUplift',
        '返贫户单次救助上限提高倍数',
        'Cap uplift for a household that fell back into poverty',
        'ratio',
      ),
    ],
  },
  {
    key: 'deadlines',
    label: { zh: '办理时限', en: 'Deadlines' },
    params: [
      p('deadlines.identificationDays', '识别认定时限(天)', 'Identification, from discovery (days)', 'days'),
      p('deadlines.noticeMinDays', '公示最短天数', 'Public notice, at least (days)', 'days'),
      p('deadlines.planDays', '制定帮扶计划时限(天)', 'Assistance plan after confirmation (days)', 'days'),
      p('deadlines.verificationDays', '入户核实时限(天)', 'Home verification (days)', 'days'),
      p('deadlines.reportingIntervalDays', '线索汇总上报间隔(天)', 'Lead reporting interval (days)', 'days'),
      p(
        'deadlines.departmentExchangeMonths',
        '部门数据比对间隔(月)',
        'Department data exchange, at least every (months)',
        'months',
      ),
    ],
  },
  {
    key: 'sevenSteps',
    label: { zh: '每月七步工作法(每月几日前)', en: 'Monthly seven steps (due day of the month)' },
    params: [
      p('sevenSteps.screen', '排:村级初筛上报', 'Screen: the village lists and reports', 'count'),
      p('sevenSteps.visit', '访:乡镇组织入户走访', 'Visit: the township visits', 'count'),
      p('sevenSteps.evaluate', '评:民主评议', 'Evaluate: village review', 'count'),
      p('sevenSteps.record', '录:录入系统', 'Record: entered into the system', 'count'),
      p('sevenSteps.monitor', '测:动态监测', 'Monitor: follow-up', 'count'),
      p('sevenSteps.supplement', '补:补齐短板', 'Supplement: fill the gaps', 'count'),
      p('sevenSteps.close', '销:销号', 'Close out', 'count'),
    ],
  },
  {
    key: 'reminders',
    label: { zh: '提醒与逐级督办', en: 'Reminders and escalation' },
    params: [
      p('reminders.beforeDays', '到期前提醒(天)', 'Remind before due (days)', 'days'),
      p('reminders.escalateAfterDays', '逾期后升级督办(天)', 'Escalate after overdue (days)', 'days'),
    ],
  },
  {
    key: 'supervision',
    label: { zh: '专项整治八项重点', en: 'The eight inspection points' },
    params: [
      p('supervision.awarenessTarget', '政策知晓率目标', 'Policy awareness target', 'ratio'),
      p('supervision.pointTarget', '其他各项达标比例', 'Target share of the other points', 'ratio'),
    ],
  },
  {
    key: 'dataQuality',
    label: { zh: '数据质量', en: 'Data quality' },
    params: [
      p('dataQuality.headMinAge', '户主最低年龄(岁)', 'Head of household at least (years)', 'years'),
      p('dataQuality.spouseMinAgeMale', '男性配偶最低年龄(岁)', 'Male spouse at least (years)', 'years'),
      p('dataQuality.spouseMinAgeFemale', '女性配偶最低年龄(岁)', 'Female spouse at least (years)', 'years'),
      p(
        'dataQuality.parentChildMinGapYears',
        '父母与子女最小年龄差(岁)',
        'Parent older than child by at least (years)',
        'years',
      ),
      p(
        'dataQuality.incomeYearLag',
        '应有收入记录的年度(前几年)',
        'Income record due for the year (years back)',
        'years',
      ),
      p(
        'dataQuality.measureImplementingMaxMonths',
        '措施"实施中"最长(月)',
        'Measure implementing at most (months)',
        'months',
      ),
      p('dataQuality.visitLookbackMonths', '走访内容检查范围(月)', 'Visits checked over (months)', 'months'),
      p('dataQuality.measureGraceDays', '监测户落实措施时限(天)', 'Measure due after confirmation (days)', 'days'),
    ],
  },
  {
    key: 'disaster',
    label: { zh: '灾害与突发事件', en: 'Disasters and emergencies' },
    params: [
      p('disaster.visitDays', '受灾户入户走访时限(天)', 'Affected households visited within (days)', 'days'),
      p(
        'disaster.fastChannel',
        '受灾户绿色通道(先帮扶后完善程序)',
        'Green channel: help first, procedure after',
        'bool',
      ),
    ],
  },
  {
    key: 'visits',
    label: { zh: '走访频次', en: 'Visits' },
    params: [
      p('visits.liftedHouseholdMonths', '脱贫户走访间隔(月)', 'Lifted households, every (months)', 'months'),
      p('visits.monitoredHouseholdMonths', '监测户走访间隔(月)', 'Monitored households, every (months)', 'months'),
      p(
        'visits.socialAssistanceMonths',
        '社会救助对象走访间隔(月)',
        'Social-assistance households, every (months)',
        'months',
      ),
      p('visits.fullScreeningMonths', '集中排查间隔(月)', 'Full screening, every (months)', 'months'),
    ],
  },
  {
    key: 'warnings',
    label: { zh: '部门预警阈值', en: 'Warning thresholds' },
    params: [
      p('warnings.medicalOutOfPocketFen', '医疗自付费用(一般人群,元)', 'Medical out of pocket, general (yuan)', 'fen'),
      p(
        'warnings.medicalOutOfPocketLiftedFen',
        '医疗自付费用(脱贫和监测人口,元)',
        'Medical out of pocket, lifted and monitored',
        'fen',
      ),
      p(
        'warnings.medicalShareOfPreviousIncome',
        '医疗自付占上年家庭纯收入比例',
        'Medical out of pocket as a share of last year’s income',
        'ratio',
      ),
      p('warnings.schoolingSelfPayFen', '非义务教育自付费用(元)', 'Non-compulsory schooling self-pay', 'fen'),
      p('warnings.unsafeHousingGrades', '危房等级', 'Unsafe housing grades', 'grades'),
      p('warnings.severeDisabilityMaxGrade', '重度残疾(等级不高于)', 'Severe disability (grade at most)', 'grade'),
      p('warnings.disasterLossFen', '灾害事故损失(元)', 'Disaster or accident loss', 'fen'),
      p('warnings.waterOutageDays', '停水天数', 'Water outage (days)', 'days'),
    ],
  },
  {
    key: 'exclusions',
    label: { zh: '不纳入情形', en: 'Exclusions' },
    params: [
      p('exclusions.privateCar.enabled', '家庭有非营运车辆', 'Household owns a private car', 'bool'),
      p('exclusions.commercialHousing.enabled', '在城镇购买商品房', 'Bought commercial housing in town', 'bool'),
      p('exclusions.publicServant.enabled', '有财政供养人员', 'Has a public servant', 'bool'),
      p('exclusions.business.enabled', '经营公司或个体工商户', 'Runs a company or business', 'bool'),
      p(
        'exclusions.elderlyWithWellOffChildren.enabled',
        '老年人子女有上述情形',
        'Elderly whose children have one of the above',
        'bool',
      ),
      p('exclusions.elderlyWithWellOffChildren.elderlyAge', '老年人年龄(岁)', 'Elderly from age', 'years'),
      p(
        'exclusions.mudBrickStableIncome.enabled',
        '仅住土坯房但收入稳定',
        'Only a mud-brick home but stable income',
        'bool',
      ),
    ],
  },
  {
    key: 'eliminationGuards',
    label: { zh: '风险消除条件', en: 'Elimination guards' },
    params: [
      p(
        'eliminationGuards.stableIncomeMonths',
        '收入稳定超过监测范围的月数',
        'Months of income stably above the line',
        'months',
      ),
      p('eliminationGuards.minMonthsMonitored', '最短监测月数', 'Months monitored, at least', 'months'),
      p('eliminationGuards.minMeasures', '最少帮扶措施数', 'Measures in place, at least', 'count'),
    ],
  },
];

export const POLICY_PARAMS: PolicyParam[] = POLICY_GROUPS.flatMap((g) => g.params);

/** The value at a dotted path of an object. */
export function getPath(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const k of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** Set the value at a dotted path, creating objects on the way. */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    if (!o[k] || typeof o[k] !== 'object') o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys.at(-1)!] = value;
}
