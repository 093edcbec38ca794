import * as enums from '@dixian/core/enums';
import type { Label } from '@dixian/core';

type Unit = 'fen' | 'share' | 'months' | 'age' | 'count' | 'ages';
type EnumDef = { labels: Record<string, Label> };

export interface FactLabel {
  label: Label;
  unit?: Unit;
  /** the vocabulary a code value (or a list of them) comes from */
  of?: EnumDef;
}

const f = (zh: string, en: string, unit?: Unit, of?: EnumDef): FactLabel => ({
  label: { zh, en },
  ...(unit ? { unit } : {}),
  ...(of ? { of } : {}),
});
const { RiskType, Relation, HealthStatus, LaborCapacity, IncomeRecordKind, HouseholdType, MeasureType } = enums;
const { MeasureStatus, DisabilityCategory, DisasterSubtype, HousingStructure, HousingSafetyGrade } = enums;

/**
 * The facts and thresholds core's rules read (explanation `facts` / `threshold`), in words: what an officer sees
 * when a rule is opened on the household page. Keys are core's field names; values are shown with their unit.
 */
export const FACT_LABELS: Record<string, FactLabel> = {
  regionCode: f('区划代码', 'Region code'),
  regionIsRural: f('农村地区', 'Rural area'),
  inResettlementSite: f('易地搬迁安置点', 'In a resettlement site'),
  relocatedMembers: f('搬迁人口', 'Relocated members'),
  members: f('家庭成员', 'Members'),
  index: f('序号', 'No.'),
  relation: f('与户主关系', 'Relation', undefined, Relation),
  registeredHere: f('户籍在本户', 'Registered here'),
  livesAndShares: f('共同生活', 'Lives in the household'),
  deceasedOn: f('死亡日期', 'Died on'),
  counted: f('计入家庭人口', 'Counted'),
  record: f('收入记录', 'Income record'),
  components: f('收入构成', 'Income components'),
  wageFen: f('工资性收入', 'Wages', 'fen'),
  businessGrossFen: f('经营性收入', 'Business income', 'fen'),
  businessCostFen: f('经营费用', 'Business costs', 'fen'),
  propertyFen: f('财产性收入', 'Property income', 'fen'),
  transferFen: f('转移性收入', 'Transfers', 'fen'),
  netIncomeFen: f('家庭纯收入', 'Net income', 'fen'),
  grossIncomeFen: f('家庭总收入', 'Gross income', 'fen'),
  countedMembers: f('家庭人口', 'People counted', 'count'),
  perCapitaFen: f('人均纯收入', 'Net income per person', 'fen'),
  monitoringIncomeLineFen: f('监测范围', 'Monitoring line', 'fen'),
  lineTimesPeopleFen: f('监测范围×家庭人口', 'Line × people', 'fen'),
  comparison: f('比较', 'Comparison'),
  medicalOutOfPocketFen: f('医疗自付', 'Medical out of pocket', 'fen'),
  schoolingExpenseFen: f('教育支出', 'Schooling costs', 'fen'),
  disasterLossFen: f('灾害损失', 'Disaster loss', 'fen'),
  insuranceClaimFen: f('保险理赔', 'Insurance claims', 'fen'),
  rigidExpenseFen: f('刚性支出', 'Rigid expenses', 'fen'),
  previousYearNetFen: f('上年家庭纯收入', 'Last year’s net income', 'fen'),
  rigidExpenseShareOfPreviousIncome: f('刚性支出占上年收入比例', 'Rigid expenses / last year’s income', 'share'),
  netOfInsuranceClaims: f('扣除保险理赔', 'Net of insurance claims'),
  incomeDropToShare: f('收入降至上年比例', 'Income dropped to', 'share'),
  foodClothingSecure: f('吃穿不愁', 'Food and clothing secure'),
  compulsoryAgeDropouts: f('义务教育阶段失学辍学', 'Compulsory-age dropouts'),
  membersWithoutBasicMedicalInsurance: f('未参加基本医疗保险', 'Without basic medical insurance'),
  housingSafetyGrade: f('住房安全等级', 'Housing grade', undefined, HousingSafetyGrade),
  drinkingWaterSafe: f('饮水安全', 'Drinking water safe'),
  electricityOk: f('通生活用电', 'Electricity'),
  telecomOk: f('通信网络', 'Telecoms'),
  guaranteesSelfResolvable: f('可自行解决', 'Self-resolvable'),
  unsafeHousingGrades: f('危房等级', 'Unsafe grades'),
  compulsoryEducationAges: f('义务教育年龄', 'Compulsory-school ages', 'ages'),
  riskType: f('风险类型', 'Risk type', undefined, RiskType),
  age: f('年龄', 'Age', 'age'),
  healthStatus: f('健康状况', 'Health', undefined, HealthStatus),
  liftedOrMonitored: f('脱贫户或监测户', 'Lifted or monitored'),
  medicalOutOfPocketLimitFen: f('医疗自付预警线', 'Medical out-of-pocket limit', 'fen'),
  medicalShareOfPreviousIncome: f('医疗自付占上年收入比例', 'Medical share of last year’s income', 'share'),
  schoolingSelfPayFen: f('教育自付预警线', 'Schooling self-pay limit', 'fen'),
  severeDisabilityMaxGrade: f('重度残疾等级(含)以上', 'Severe disability grades up to', 'count'),
  elderlyAge: f('老年人年龄', 'Elderly from age', 'age'),
  laborCapacities: f('劳动能力', 'Labour capacities'),
  laborCapacity: f('劳动能力', 'Labour capacity', undefined, LaborCapacity),
  workingCapacities: f('有劳动能力', 'Working capacities', undefined, LaborCapacity),
  housingStructure: f('住房结构', 'Housing structure', undefined, HousingStructure),
  waterIssue: f('饮水问题', 'Water issue'),
  events: f('风险事件', 'Risk events'),
  eventLookbackMonths: f('回溯月数', 'Look-back months', 'months'),
  lookbackAfter: f('回溯起始日', 'Look back after'),
  receivesDibaoOrTekun: f('享受低保或特困', 'Receives dibao or tekun'),
  flagged: f('已标注', 'Flagged'),
  noCapacity: f('无劳动能力', 'No capacity', undefined, LaborCapacity),
  mainlyTransfers: f('收入主要来自转移性收入', 'Mainly transfers'),
  hasPrivateCar: f('有家用汽车', 'Private car'),
  enabled: f('启用', 'Enabled'),
  hasCommercialHousing: f('有商品房', 'Commercial housing'),
  hasPublicServant: f('有公职人员', 'Public servant'),
  publicServantMembers: f('公职人员', 'Public servants'),
  hasBusiness: f('经营公司', 'Business'),
  onlyHomeMudBrick: f('仅有土坯房', 'Only a mud-brick house'),
  stableIncome: f('收入稳定', 'Stable income'),
  holds: f('成立', 'Holds'),
  windowStart: f('起始日', 'Since'),
  seriouslyIll: f('患大病', 'Seriously ill'),
  disabled: f('残疾', 'Disabled'),
  lostLabor: f('丧失劳动能力', 'Lost labour'),
  stableIncomeMonths: f('稳定月数', 'Months stable', 'months'),
  ages: f('年龄', 'Ages', 'ages'),
  wellOffChildren: f('有赡养能力的子女', 'Well-off children'),
  assetKindsCounted: f('计入的资产', 'Assets counted'),
  householdType: f('户类型', 'Household type', undefined, HouseholdType),
  belowLine: f('低于监测范围', 'Below the line'),
  riskTypes: f('风险类型', 'Risk types', undefined, RiskType),
  belowLineRequiresRisk: f('低于监测范围须有风险', 'Below the line needs a risk'),
  rigidExpenseAbovePreviousIncome: f('刚性支出超过上年收入', 'Rigid expenses above last year’s income'),
  sharpIncomeDrop: f('收入大幅缩减', 'Sharp income drop'),
  secured: f('已保障', 'Secured'),
  selfResolvable: f('可自行解决', 'Self-resolvable'),
  population: f('属于监测人群', 'In the population'),
  grounds: f('依据', 'Grounds'),
  exclusions: f('排除情形', 'Exclusions'),
  records: f('收入记录', 'Income records'),
  year: f('年度', 'Year'),
  kind: f('类别', 'Kind', undefined, IncomeRecordKind),
  periodStart: f('起始日', 'From'),
  periodEnd: f('截止日', 'To'),
  netFen: f('纯收入', 'Net income', 'fen'),
  aboveLine: f('高于监测范围', 'Above the line'),
  foodClothing: f('吃穿', 'Food and clothing'),
  compulsoryEducation: f('义务教育', 'Compulsory education'),
  basicMedical: f('基本医疗', 'Basic medical care'),
  housing: f('住房安全', 'Safe housing'),
  water: f('饮水安全', 'Safe water'),
  recordedRiskTypes: f('已登记风险', 'Recorded risks', undefined, RiskType),
  activeRiskTypes: f('仍存在的风险', 'Active risks', undefined, RiskType),
  lastingConditions: f('长期状况', 'Lasting conditions', undefined, RiskType),
  riskTypesFound: f('发现的风险', 'Risks found', undefined, RiskType),
  confirmedOn: f('认定日期', 'Confirmed on'),
  firstIdentifiedOn: f('首次识别日期', 'First identified on'),
  monthsMonitored: f('已监测月数', 'Months monitored', 'months'),
  minMonthsMonitored: f('最少监测月数', 'Minimum months', 'months'),
  measuresInPlace: f('落实的帮扶措施', 'Measures in place'),
  measuresRecorded: f('帮扶措施数', 'Measures recorded', 'count'),
  minMeasures: f('最少帮扶措施数', 'Minimum measures', 'count'),
  wholeHouseholdNoLabor: f('整户无劳动能力', 'Whole household without labour'),
  noLaborCapacity: f('无劳动能力', 'No labour capacity'),
  disabilityCategory: f('残疾类别', 'Disability category', undefined, DisabilityCategory),
  disabilityGrade: f('残疾等级', 'Disability grade', 'count'),
  disasterSubtype: f('灾害类型', 'Disaster type', undefined, DisasterSubtype),
  occurredOn: f('发生日期', 'Occurred on'),
  lossFen: f('损失', 'Loss', 'fen'),
  type: f('措施类型', 'Measure type', undefined, MeasureType),
  status: f('状态', 'Status', undefined, MeasureStatus),
  startOn: f('开始日期', 'Started on'),
};

/** Formulas some rules state as text, in words. */
export const FACT_PHRASES: Record<string, Label> = {
  'net > line × people': { zh: '家庭纯收入高于监测范围×家庭人口', en: 'net income above line × people' },
  'net ≤ line × people': { zh: '家庭纯收入不高于监测范围×家庭人口', en: 'net income at most line × people' },
  'net < line × people': { zh: '家庭纯收入低于监测范围×家庭人口', en: 'net income below line × people' },
  'rigid > share × previous net': {
    zh: '刚性支出超过上年家庭纯收入的规定比例',
    en: 'rigid expenses above the share of last year’s net income',
  },
  'net ≤ share × previous net': {
    zh: '家庭纯收入降至上年的规定比例及以下',
    en: 'net income at or below the share of last year’s',
  },
  'transfer × 2 ≥ gross income': {
    zh: '转移性收入占总收入一半及以上',
    en: 'transfers are half the gross income or more',
  },
};

/** A code of any of core's vocabularies (when the fact names none), e.g. an asset kind. */
export const ANY_CODE: ReadonlyMap<string, Label> = new Map(
  (Object.values(enums) as unknown[])
    .filter((e): e is EnumDef => typeof e === 'object' && e !== null && 'labels' in e)
    .flatMap((e) => Object.entries(e.labels)),
);
