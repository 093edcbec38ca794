/**
 * The domain vocabulary: every enumerated value the system stores, with its zh-CN and en label.
 * Identifiers follow the glossary of docs/DOMAIN.md (shared/docs/DOMAIN.md §1–§2); once chosen they are used
 * everywhere: database columns, API payloads, the UI and the policy files.
 */

export interface Label {
  zh: string;
  en: string;
}

/** Build a typed enum from a record of labels: the values tuple for zod, and the labels for display. */
function defineEnum<const T extends Record<string, Label>>(labels: T) {
  const values = Object.keys(labels) as [keyof T & string, ...(keyof T & string)[]];
  return { values, labels };
}

/** 户类型 */
export const HouseholdType = defineEnum({
  lifted_household: { zh: '脱贫户', en: 'Lifted household' },
  general_household: { zh: '一般农户', en: 'General household' },
});
export type HouseholdType = (typeof HouseholdType.values)[number];

/** 监测对象类别 (S0 plan two §二(一); S1 §三(一)) */
export const MonitoringCategory = defineEnum({
  unstable_lifted: { zh: '脱贫不稳定户', en: 'Unstable lifted household' },
  marginal_vulnerable: { zh: '边缘易致贫户', en: 'Marginal household vulnerable to poverty' },
  sudden_hardship: { zh: '突发严重困难户', en: 'Household in sudden severe hardship' },
});
export type MonitoringCategory = (typeof MonitoringCategory.values)[number];

/** Where a household stands in the national-system sense. */
export const MonitoringStatus = defineEnum({
  not_monitored: { zh: '未纳入监测', en: 'Not monitored' },
  identifying: { zh: '识别认定中', en: 'Being identified' },
  monitoring_unresolved: { zh: '风险未消除', en: 'Monitored, risk not eliminated' },
  risk_eliminated: { zh: '风险已消除', en: 'Risk eliminated' },
});
export type MonitoringStatus = (typeof MonitoringStatus.values)[number];

/** 致贫/返贫风险类型 (DOMAIN §4.4; S1 §四(一)) */
export const RiskType = defineEnum({
  illness: { zh: '因病', en: 'Illness' },
  disability: { zh: '因残', en: 'Disability' },
  education: { zh: '因学', en: 'Schooling costs' },
  natural_disaster: { zh: '因自然灾害', en: 'Natural disaster' },
  accident: { zh: '因意外事故', en: 'Accident' },
  industry_failure: { zh: '因产业项目失败', en: 'Failed industry project' },
  unstable_employment: { zh: '因务工就业不稳', en: 'Unstable employment' },
  lack_of_labor: { zh: '缺劳动力', en: 'Lack of labour' },
  housing_unsafe: { zh: '住房出现安全问题', en: 'Unsafe housing' },
  water_unsafe: { zh: '饮水安全问题', en: 'Unsafe drinking water' },
  school_dropout: { zh: '义务教育阶段适龄儿童失学辍学', en: 'Compulsory-age child out of school' },
  epidemic: { zh: '因疫', en: 'Epidemic' },
  other: { zh: '其他', en: 'Other' },
});
export type RiskType = (typeof RiskType.values)[number];

/** 自然灾害子类 (DOMAIN §4.4, R4 100A271) */
export const DisasterSubtype = defineEnum({
  flood: { zh: '洪涝', en: 'Flood' },
  geological: { zh: '地质灾害', en: 'Geological' },
  drought: { zh: '旱灾', en: 'Drought' },
  biological: { zh: '生物灾害', en: 'Biological' },
  meteorological: { zh: '气象灾害', en: 'Meteorological' },
  earthquake: { zh: '地震', en: 'Earthquake' },
  other: { zh: '其他', en: 'Other' },
});
export type DisasterSubtype = (typeof DisasterSubtype.values)[number];

/** 发现渠道 (S1 §四(二)) */
export const LeadChannel = defineEnum({
  self_application: { zh: '农户自主申报', en: 'Self-application' },
  cadre_screening: { zh: '基层干部排查', en: 'Cadre screening' },
  department_warning: { zh: '部门筛查预警', en: 'Department warning' },
});
export type LeadChannel = (typeof LeadChannel.values)[number];

export const LeadSubChannel = defineEnum({
  app: { zh: '手机APP', en: 'App' },
  hotline_12317: { zh: '12317服务平台', en: '12317 hotline' },
  written: { zh: '书面申请', en: 'Written application' },
  visit: { zh: '入户走访', en: 'Home visit' },
  screening_run: { zh: '系统筛查', en: 'Screening run' },
  /** set by an approved split of a monitored household (issue 14 §3), never chosen by staff */
  household_split: { zh: '分户后研判', en: 'Assessment after a household split' },
  department_feed: { zh: '部门数据推送', en: 'Department feed' },
  full_screening: { zh: '年度集中排查', en: 'Annual full screening' },
  /** the screening of a recorded disaster's affected households (issue 15 §6) */
  disaster: { zh: '灾害受灾排查', en: 'Disaster screening' },
});
export type LeadSubChannel = (typeof LeadSubChannel.values)[number];

/** How a household was checked in the yearly full screening (S3 §三(二)) */
export const CampaignCheckMethod = defineEnum({
  visit: { zh: '入户走访', en: 'Home visit' },
  desk: { zh: '比对核查', en: 'Desk check' },
});
export type CampaignCheckMethod = (typeof CampaignCheckMethod.values)[number];

export const CampaignCheckOutcome = defineEnum({
  no_risk: { zh: '未发现风险', en: 'No risk found' },
  risk_found: { zh: '发现风险', en: 'Risk found' },
  already_monitored: { zh: '已是监测对象', en: 'Already monitored' },
});
export type CampaignCheckOutcome = (typeof CampaignCheckOutcome.values)[number];

/** 行业部门 (S1 §四(二)3, DOMAIN §6) */
export const Department = defineEnum({
  education: { zh: '教育局', en: 'Education' },
  housing: { zh: '住建局', en: 'Housing and construction' },
  health: { zh: '卫生健康局', en: 'Health' },
  medical_insurance: { zh: '医保局', en: 'Medical insurance' },
  water: { zh: '水利局', en: 'Water resources' },
  civil_affairs: { zh: '民政局', en: 'Civil affairs' },
  agriculture: { zh: '农业农村局', en: 'Agriculture and rural affairs' },
  emergency: { zh: '应急管理局', en: 'Emergency management' },
  disabled_federation: { zh: '残联', en: "Disabled persons' federation" },
  human_resources: { zh: '人社局', en: 'Human resources and social security' },
  rural_revitalization: { zh: '乡村振兴局', en: 'Rural revitalization bureau' },
});
export type Department = (typeof Department.values)[number];

export const Sex = defineEnum({
  male: { zh: '男', en: 'Male' },
  female: { zh: '女', en: 'Female' },
});
export type Sex = (typeof Sex.values)[number];

/** 与户主关系 (DOMAIN §2.3, R6/R9) */
export const Relation = defineEnum({
  head: { zh: '户主', en: 'Head' },
  spouse: { zh: '配偶', en: 'Spouse' },
  son: { zh: '之子', en: 'Son' },
  daughter: { zh: '之女', en: 'Daughter' },
  daughter_in_law: { zh: '之儿媳', en: 'Daughter-in-law' },
  son_in_law: { zh: '之女婿', en: 'Son-in-law' },
  grandson: { zh: '之孙子', en: 'Grandson' },
  granddaughter: { zh: '之孙女', en: 'Granddaughter' },
  father: { zh: '之父', en: 'Father' },
  mother: { zh: '之母', en: 'Mother' },
  sibling: { zh: '之兄弟姐妹', en: 'Sibling' },
  other: { zh: '其他', en: 'Other' },
});
export type Relation = (typeof Relation.values)[number];

/** Why a member left the household (the member stays on its record) */
export const MemberLeftReason = defineEnum({
  marriage_out: { zh: '婚出', en: 'Married out' },
  moved_out: { zh: '迁出', en: 'Moved away' },
  other: { zh: '其他原因', en: 'Other reason' },
});
export type MemberLeftReason = (typeof MemberLeftReason.values)[number];

/** 健康状况 (DOMAIN §2.3); disability is recorded separately. */
export const HealthStatus = defineEnum({
  healthy: { zh: '健康', en: 'Healthy' },
  chronic_illness: { zh: '长期慢性病', en: 'Chronic illness' },
  serious_illness: { zh: '患有大病', en: 'Serious illness' },
});
export type HealthStatus = (typeof HealthStatus.values)[number];

/** 残疾类别 */
export const DisabilityCategory = defineEnum({
  visual: { zh: '视力', en: 'Visual' },
  hearing: { zh: '听力', en: 'Hearing' },
  speech: { zh: '言语', en: 'Speech' },
  physical: { zh: '肢体', en: 'Physical' },
  intellectual: { zh: '智力', en: 'Intellectual' },
  mental: { zh: '精神', en: 'Mental' },
  multiple: { zh: '多重', en: 'Multiple' },
});
export type DisabilityCategory = (typeof DisabilityCategory.values)[number];

/** 劳动技能 (DOMAIN §2.3, R5/R6) */
export const LaborCapacity = defineEnum({
  skilled: { zh: '技能劳动力', en: 'Skilled labour' },
  ordinary: { zh: '普通劳动力', en: 'Ordinary labour' },
  weak_or_half: { zh: '弱劳动力或半劳动力', en: 'Weak or half labour' },
  lost: { zh: '丧失劳动力', en: 'Lost labour capacity' },
  none: { zh: '无劳动力', en: 'No labour capacity' },
});
export type LaborCapacity = (typeof LaborCapacity.values)[number];

/** 在校生状况, coarse grouping of R6's list */
export const SchoolStatus = defineEnum({
  not_in_school: { zh: '非在校生', en: 'Not a student' },
  preschool_age: { zh: '学龄前儿童', en: 'Pre-school age' },
  preschool: { zh: '学前教育', en: 'Pre-school education' },
  primary: { zh: '小学', en: 'Primary school' },
  junior_secondary: { zh: '七年级至九年级', en: 'Junior secondary (grades 7–9)' },
  senior_secondary: { zh: '普通高中', en: 'Senior secondary' },
  vocational_secondary: { zh: '中职', en: 'Secondary vocational' },
  higher_vocational: { zh: '高职高专', en: 'Higher vocational' },
  undergraduate: { zh: '本科', en: 'Undergraduate' },
  postgraduate: { zh: '硕士研究生及以上', en: 'Postgraduate' },
  dropout: { zh: '失学辍学', en: 'Out of school (dropout)' },
});
export type SchoolStatus = (typeof SchoolStatus.values)[number];

/** 住房安全等级 (住建 appraisal, A–D; C and D are unsafe) */
export const HousingSafetyGrade = defineEnum({
  A: { zh: 'A级', en: 'Grade A' },
  B: { zh: 'B级', en: 'Grade B' },
  C: { zh: 'C级(局部危险)', en: 'Grade C (partly unsafe)' },
  D: { zh: 'D级(整体危险)', en: 'Grade D (unsafe)' },
});
export type HousingSafetyGrade = (typeof HousingSafetyGrade.values)[number];

export const HousingStructure = defineEnum({
  brick_concrete: { zh: '砖混', en: 'Brick and concrete' },
  brick_wood: { zh: '砖木', en: 'Brick and wood' },
  mud_brick: { zh: '土坯', en: 'Mud brick' },
  wood: { zh: '木结构', en: 'Wood' },
  other: { zh: '其他', en: 'Other' },
});
export type HousingStructure = (typeof HousingStructure.values)[number];

/** Income-record kind (处理类型, DOMAIN §2.4) */
export const IncomeRecordKind = defineEnum({
  annual: { zh: '年度', en: 'Annual' },
  at_identification: { zh: '识别时', en: 'At identification' },
  after_elimination: { zh: '风险消除后', en: 'After elimination' },
  visit_estimate: { zh: '走访估算', en: 'Visit estimate' },
});
export type IncomeRecordKind = (typeof IncomeRecordKind.values)[number];

/** 风险消除方式 */
export const EliminationMethod = defineEnum({
  assisted: { zh: '帮扶消除', en: 'Eliminated through assistance' },
  natural: { zh: '自然消除', en: 'Eliminated naturally' },
});
export type EliminationMethod = (typeof EliminationMethod.values)[number];

/** 帮扶措施大类 (S1 §五) with their lead departments */
export const MeasureCategory = defineEnum({
  industry: { zh: '产业帮扶', en: 'Industry assistance' },
  employment: { zh: '就业帮扶', en: 'Employment assistance' },
  comprehensive_security: { zh: '综合保障', en: 'Comprehensive security' },
  morale_and_skills: { zh: '扶志扶智', en: 'Motivation and skills' },
  social_assistance: { zh: '社会帮扶', en: 'Social assistance (society)' },
});
export type MeasureCategory = (typeof MeasureCategory.values)[number];

/** National measure types (DOMAIN §2.6, R4 100A39–100A55) */
export const MeasureType = defineEnum({
  industry: { zh: '产业帮扶', en: 'Industry' },
  employment: { zh: '就业帮扶', en: 'Employment' },
  finance: { zh: '金融帮扶(小额信贷)', en: 'Finance (small loans)' },
  public_welfare_job: { zh: '公益岗位帮扶', en: 'Public-welfare job' },
  housing_security: { zh: '住房安全保障', en: 'Housing security' },
  water_security: { zh: '饮水安全保障', en: 'Water security' },
  health: { zh: '健康帮扶', en: 'Health' },
  compulsory_education: { zh: '义务教育保障', en: 'Compulsory education' },
  other_education: { zh: '其他教育帮扶(雨露计划等)', en: 'Other education (e.g. Yulu plan)' },
  comprehensive_security: {
    zh: '综合保障(低保、特困、残疾人补贴等)',
    en: 'Comprehensive security (dibao, tekun, disability allowance)',
  },
  morale_and_skills: { zh: '扶志扶智', en: 'Motivation and skills' },
  social_assistance: { zh: '社会帮扶', en: 'Social assistance (society)' },
  relocation: { zh: '搬迁', en: 'Relocation' },
  living_conditions: { zh: '生产生活条件改善', en: 'Living conditions' },
  infrastructure: { zh: '基础设施建设', en: 'Infrastructure' },
});
export type MeasureType = (typeof MeasureType.values)[number];

export const MeasureStatus = defineEnum({
  planned: { zh: '计划中', en: 'Planned' },
  implementing: { zh: '实施中', en: 'Implementing' },
  done: { zh: '已完成', en: 'Done' },
  stopped: { zh: '已终止', en: 'Stopped' },
});
export type MeasureStatus = (typeof MeasureStatus.values)[number];

export const VisitMethod = defineEnum({
  home: { zh: '入户', en: 'Home visit' },
  phone: { zh: '电话', en: 'Phone' },
});
export type VisitMethod = (typeof VisitMethod.values)[number];

/** Roles (issue 4; ARCHITECTURE "who") */
export const Role = defineEnum({
  county_admin: { zh: '县级管理员', en: 'County administrator' },
  county_officer: { zh: '县乡村振兴局', en: 'County officer (rural revitalization)' },
  township_officer: { zh: '乡镇干部', en: 'Township officer' },
  village_cadre: { zh: '村干部/网格员', en: 'Village cadre / grid worker' },
  department_officer: { zh: '行业部门', en: 'Department officer' },
  inspector: { zh: '纪检督查', en: 'Inspector' },
});
export type Role = (typeof Role.values)[number];

/**
 * Why someone is on the 失信 list: S0 plan one 三 (故意隐瞒…申请社会救助, 具有赡养能力却不履行赡养义务, 虚报冒领扶贫资金,
 * 严重违反公序良俗) and S2 §二(三)12 (骗取、套取救助资金, 不当得利刻意不归还).
 */
export const IntegrityKind = defineEnum({
  concealment: { zh: '故意隐瞒个人和家庭重要信息申请社会救助', en: 'Hid important facts to obtain assistance' },
  refused_support: { zh: '具有赡养能力却不履行赡养义务', en: 'Able to support their parents but refuses' },
  false_claim: { zh: '虚报冒领扶贫资金', en: 'False claims of poverty-relief funds' },
  fraud: { zh: '以虚报、隐瞒、伪造等手段骗取救助', en: 'Obtained assistance by false statements or forgery' },
  not_returned: { zh: '不当得利刻意不归还', en: 'Keeps aid wrongly received and will not return it' },
  public_order: { zh: '严重违反公序良俗', en: 'Serious breach of public order and good customs' },
});
export type IntegrityKind = (typeof IntegrityKind.values)[number];

/** How 低保 and 特困 are paid each month (社会化发放 to a card in the payee's name) */
export const PayMethod = defineEnum({
  social_security_card: { zh: '社会保障卡', en: 'Social security card' },
  yikatong: { zh: '惠民惠农财政补贴"一卡通"', en: 'Subsidy card (yikatong)' },
  bank_card: { zh: '银行卡', en: 'Bank card' },
});
export type PayMethod = (typeof PayMethod.values)[number];

/** A screening run: running, done, or failed (with its error) */
export const ScreeningRunStatus = defineEnum({
  running: { zh: '进行中', en: 'Running' },
  done: { zh: '已完成', en: 'Done' },
  failed: { zh: '已失败', en: 'Failed' },
});
export type ScreeningRunStatus = (typeof ScreeningRunStatus.values)[number];

/** A township's monthly payroll: prepared, approved by the county, paid by finance */
export const PayrollStatus = defineEnum({
  draft: { zh: '待审核', en: 'Draft' },
  approved: { zh: '已审核', en: 'Approved' },
  paid: { zh: '已发放', en: 'Paid' },
});
export type PayrollStatus = (typeof PayrollStatus.values)[number];

/** A line of a payroll: paid this month, or stopped with a reason */
export const PayrollLineStatus = defineEnum({
  included: { zh: '发放', en: 'Paid' },
  stopped: { zh: '停发', en: 'Stopped' },
});
export type PayrollLineStatus = (typeof PayrollLineStatus.values)[number];

/** 社会救助 kinds (S2) */
export const SocialAssistanceKind = defineEnum({
  dibao: { zh: '最低生活保障', en: 'Minimum living allowance (dibao)' },
  tekun: { zh: '特困人员救助供养', en: 'Support for extremely poor people (tekun)' },
  temp_relief: { zh: '临时救助', en: 'Temporary assistance' },
});
export type SocialAssistanceKind = (typeof SocialAssistanceKind.values)[number];

export const DibaoClassification = defineEnum({
  dibao: { zh: '低保', en: 'Dibao' },
  single_person: { zh: '单人户', en: 'Single-person inclusion' },
  rigid_expense: { zh: '支出型', en: 'Expenditure-type' },
  tekun_dispersed: { zh: '分散特困', en: 'Tekun at home' },
  tekun_centralized: { zh: '集中特困', en: 'Tekun in an institution' },
});
export type DibaoClassification = (typeof DibaoClassification.values)[number];

export const TempReliefKind = defineEnum({
  emergency: { zh: '急难型', en: 'Emergency' },
  expense: { zh: '支出型', en: 'Expense-driven' },
});
export type TempReliefKind = (typeof TempReliefKind.values)[number];

/** 自理能力评估 of a person on 特困 support (S2 §二(一)4 "自理能力评估"): sets the care allowance (DOMAIN §4.8). */
export const SelfCareLevel = defineEnum({
  full: { zh: '全自理', en: 'Fully self-caring' },
  partial: { zh: '部分自理', en: 'Partly self-caring' },
  none: { zh: '完全不能自理', en: 'Not self-caring' },
});
export type SelfCareLevel = (typeof SelfCareLevel.values)[number];

/** Where a social-assistance case stands (S2 §三(二)); a grace period (渐退) runs while the case is approved. */
export const SocialAssistanceStatus = defineEnum({
  applied: { zh: '已申请', en: 'Applied' },
  approved: { zh: '已批准', en: 'Approved' },
  rejected: { zh: '不予批准', en: 'Rejected' },
  ended: { zh: '已退出', en: 'Ended' },
});
export type SocialAssistanceStatus = (typeof SocialAssistanceStatus.values)[number];

/** Who decided a case: the township (低保 and temporary assistance up to its limit, S2 §三(二)) or the county. */
export const ApprovalLevel = defineEnum({
  township: { zh: '乡镇确认', en: 'Township' },
  county: { zh: '县级审批', en: 'County' },
});
export type ApprovalLevel = (typeof ApprovalLevel.values)[number];

/** 满意程度 of a temporary-assistance recipient (S0 plan one §二: the township ledger records it). */
export const ReliefSatisfaction = defineEnum({
  satisfied: { zh: '满意', en: 'Satisfied' },
  basically_satisfied: { zh: '基本满意', en: 'Basically satisfied' },
  dissatisfied: { zh: '不满意', en: 'Dissatisfied' },
});
export type ReliefSatisfaction = (typeof ReliefSatisfaction.values)[number];

/** Why a 低保 or 特困 case ended (S2 §二(一)1, §二(三)12; S0 plan one §一: leave only once stably out of poverty). */
export const AssistanceEndReason = defineEnum({
  grace_period_ended: { zh: '渐退期满', en: 'Grace period ended' },
  income_above_grace_limit: { zh: '收入超过渐退上限', en: 'Income above the grace-period limit' },
  no_longer_eligible: { zh: '不再符合条件', en: 'No longer eligible' },
  death: { zh: '死亡', en: 'Death' },
  moved_away: { zh: '迁出', en: 'Moved away' },
  withdrawn: { zh: '本人申请退出', en: 'Withdrawn at own request' },
  integrity_violation: { zh: '骗取救助(失信)', en: 'Obtained by deception (integrity record)' },
  other: { zh: '其他', en: 'Other' },
});
export type AssistanceEndReason = (typeof AssistanceEndReason.values)[number];

/** 专项整治的八个方面 (S3 §三) */
export const RectificationArea = defineEnum({
  publicity: { zh: '防返贫宣传', en: 'Publicity' },
  visits_and_screening: { zh: '日常走访和集中排查', en: 'Visits and screening' },
  warning_push: { zh: '风险预警推送', en: 'Warning push' },
  inclusion: { zh: '监测对象纳入', en: 'Inclusion' },
  assistance: { zh: '帮扶及时精准', en: 'Timely assistance' },
  elimination: { zh: '风险消除应消尽消', en: 'Elimination' },
  no_labor_flag: { zh: '整户无劳动能力应标尽标', en: 'No-labour flag' },
  data_quality: { zh: '系统数据精准', en: 'Data quality' },
  /** S3 二: 优亲厚友, flagged by the system, cleared or confirmed by an inspector (issue 17 §3) */
  favouritism: { zh: '优亲厚友', en: 'Favouritism' },
});
export type RectificationArea = (typeof RectificationArea.values)[number];

/** 三个台账 (S3 §五) */
export const LedgerKind = defineEnum({
  screening_task: { zh: '排查任务台账', en: 'Screening task ledger' },
  suspected_issue: { zh: '疑似问题台账', en: 'Suspected issue ledger' },
  rectification: { zh: '整改工作台账', en: 'Rectification ledger' },
});
export type LedgerKind = (typeof LedgerKind.values)[number];

export const LedgerItemStatus = defineEnum({
  open: { zh: '待整改', en: 'Open' },
  rectifying: { zh: '整改中', en: 'Rectifying' },
  verified: { zh: '已核实', en: 'Verified' },
  closed: { zh: '已销号', en: 'Closed' },
});
export type LedgerItemStatus = (typeof LedgerItemStatus.values)[number];

/** Steps of a ledger item (S3 §五: 销号 only after verification). */
export const LedgerAction = defineEnum({
  start: { zh: '开始整改', en: 'Start rectification' },
  record_rectification: { zh: '登记整改情况', en: 'Record the rectification' },
  verify: { zh: '核实', en: 'Verify' },
  close: { zh: '销号', en: 'Close out' },
});
export type LedgerAction = (typeof LedgerAction.values)[number];

/** What a deadline list holds: the case deadlines, notices awaiting the township, visits, warnings to verify. */
export const DeadlineKind = defineEnum({
  verification: { zh: '入户核实', en: 'Home verification' },
  identification: { zh: '识别认定(15天)', en: 'Identification (15 days)' },
  assistance_plan: { zh: '制定帮扶计划(10天)', en: 'Assistance plan (10 days)' },
  notice: { zh: '公示期满待乡镇审核', en: 'Notice ending, township review' },
  visit: { zh: '走访', en: 'Visit' },
  warning: { zh: '部门预警待核实', en: 'Department warning to verify' },
  /** an affected household of a recorded disaster not yet visited since it (issue 15 §6) */
  disaster_visit: { zh: '受灾入户走访', en: 'Visit after a disaster' },
});
export type DeadlineKind = (typeof DeadlineKind.values)[number];

/** What a screening run finds (issue 5; S3 §三(四)(六)(七)(二)) */
export const ScreeningFinding = defineEnum({
  should_include: { zh: '应纳未纳', en: 'Should be monitored but is not' },
  should_eliminate: { zh: '应消未消', en: 'Should be eliminated but is not' },
  should_flag_no_labor: { zh: '应标未标', en: 'Should carry the no-labour flag' },
  visit_overdue: { zh: '走访逾期', en: 'Visit overdue' },
});
export type ScreeningFinding = (typeof ScreeningFinding.values)[number];

/**
 * Stages of a monitoring case (one episode of a household: identification, monitoring, elimination).
 * S1 §四(三); S3 §三(四)(六); DOMAIN §3.1 and §3.3.
 */
export const CaseStage = defineEnum({
  verifying: { zh: '入户核实', en: 'Verifying at home' },
  commitment_signed: { zh: '已签承诺授权书', en: 'Commitment and authorisation signed' },
  village_reviewed: { zh: '已民主评议', en: 'Reviewed by the village' },
  publicizing: { zh: '公示中', en: 'Public notice' },
  township_reviewed: { zh: '乡镇已复核', en: 'Reviewed by the township' },
  monitoring: { zh: '风险未消除(监测帮扶中)', en: 'Monitored, risk not eliminated' },
  rejected: { zh: '不予认定', en: 'Rejected' },
  elimination_proposed: { zh: '拟风险消除', en: 'Elimination proposed' },
  elimination_village_reviewed: { zh: '消除已民主评议', en: 'Elimination reviewed by the village' },
  elimination_publicizing: { zh: '消除公示中', en: 'Elimination public notice' },
  elimination_township_reviewed: { zh: '消除乡镇已复核', en: 'Elimination reviewed by the township' },
  eliminated: { zh: '风险已消除', en: 'Risk eliminated' },
});
export type CaseStage = (typeof CaseStage.values)[number];

/** What became of a lead (风险线索). */
export const LeadStatus = defineEnum({
  open: { zh: '待核实', en: 'Open' },
  converted: { zh: '已立案核实', en: 'Case opened' },
  attached: { zh: '已并入在办案件', en: 'Attached to an open case' },
  dismissed: { zh: '核实无风险', en: 'Dismissed after verification' },
});
export type LeadStatus = (typeof LeadStatus.values)[number];

/** What became of a department warning (DOMAIN §2.8). */
export const WarningStatus = defineEnum({
  received: { zh: '已接收', en: 'Received' },
  lead_created: { zh: '已生成线索', en: 'Became a lead' },
  attached: { zh: '已并入在办线索或案件', en: 'Attached to an open lead or case' },
  verified_risk: { zh: '核实有风险', en: 'Verified: at risk' },
  verified_no_risk: { zh: '核实无风险', en: 'Verified: no risk' },
  included: { zh: '已纳入监测', en: 'Included in monitoring' },
  dismissed: { zh: '不予处理', en: 'Dismissed' },
});
export type WarningStatus = (typeof WarningStatus.values)[number];

/**
 * What the township or village found when it verified a department warning (S1 §四(二)3: "组织开展预警信息核实,
 * 并及时将核实确定的监测对象名单反馈各行业部门"); the department reads it back on its batch.
 */
export const WarningVerificationResult = defineEnum({
  included: { zh: '纳入监测', en: 'Included in monitoring' },
  already_monitored: { zh: '已是监测对象', en: 'Already monitored' },
  no_risk: { zh: '核实无风险', en: 'Verified: no risk' },
  not_found: { zh: '查无此人', en: 'Person not found' },
});
export type WarningVerificationResult = (typeof WarningVerificationResult.values)[number];

/** The warning's status once verified with a result. */
export const WARNING_STATUS_AFTER_VERIFICATION: Record<WarningVerificationResult, WarningStatus> = {
  included: 'included',
  already_monitored: 'verified_risk',
  no_risk: 'verified_no_risk',
  not_found: 'dismissed',
};

/** A change to a household that needs the township's approval (变更, issue 14 §3). */
export const ChangeRequestKind = defineEnum({
  split: { zh: '分户', en: 'Split the household' },
  merge: { zh: '合户', en: 'Merge two households' },
  move: { zh: '迁移到其他村', en: 'Move to another village' },
  category: { zh: '变更监测对象类别', en: 'Change the monitoring category' },
  members: { zh: '监测户成员增减', en: 'Members join or leave a monitored household' },
});
export type ChangeRequestKind = (typeof ChangeRequestKind.values)[number];

/** Where a change request stands. */
export const ChangeRequestStatus = defineEnum({
  pending: { zh: '待审批', en: 'Waiting for a decision' },
  approved: { zh: '已批准', en: 'Approved' },
  refused: { zh: '已退回', en: 'Refused' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
});
export type ChangeRequestStatus = (typeof ChangeRequestStatus.values)[number];

/** 排访评录测补销: the monthly seven-step method (S0 plan two 五), in its order */
export const SevenStep = defineEnum({
  screen: { zh: '排(初筛上报)', en: 'Screen (list and report)' },
  visit: { zh: '访(入户走访)', en: 'Visit (home visits)' },
  evaluate: { zh: '评(民主评议)', en: 'Evaluate (village review)' },
  record: { zh: '录(录入系统)', en: 'Record (enter into the system)' },
  monitor: { zh: '测(动态监测)', en: 'Monitor (follow-up)' },
  supplement: { zh: '补(补齐短板)', en: 'Supplement (fill the gaps)' },
  close: { zh: '销(销号)', en: 'Close out' },
});
export type SevenStep = (typeof SevenStep.values)[number];

/** A monthly step's state: open until its day, late after it, done once someone marks it */
export const RhythmTaskStatus = defineEnum({
  open: { zh: '待完成', en: 'Open' },
  done: { zh: '已完成', en: 'Done' },
  late: { zh: '已逾期', en: 'Late' },
});
export type RhythmTaskStatus = (typeof RhythmTaskStatus.values)[number];

/**
 * What a policy scenario (issue 20 §1) finds for a household against the policy in force: the screening's
 * findings it would gain or lose, 低保 it would gain or lose, or a near miss just above the draft's line.
 */
export const ScenarioChange = defineEnum({
  enter_monitoring: { zh: '新增应纳入监测', en: 'Would newly be monitored' },
  include_dropped: { zh: '不再应纳入监测', en: 'Would no longer be monitored' },
  leave_monitoring: { zh: '新增应消除风险', en: 'Risk would newly be eliminated' },
  eliminate_dropped: { zh: '不再应消除风险', en: 'Risk would no longer be eliminated' },
  enter_dibao: { zh: '新增符合低保', en: 'Would newly qualify for dibao' },
  leave_dibao: { zh: '不再符合低保', en: 'Would no longer qualify for dibao' },
  near_miss: { zh: '临界户(略高于监测线)', en: 'Near miss (just above the line)' },
});
export type ScenarioChange = (typeof ScenarioChange.values)[number];
