/**
 * What each department sends (DOMAIN §6; S1 §四(二)3): the columns of its feed with the Chinese headers found in
 * real files, and how a row becomes a candidate signal. The template (`dixian feed template`) is generated from
 * these definitions, and header detection accepts every synonym.
 */
import type { Department, Label } from '../enums.js';
import { Department as DepartmentEnum } from '../enums.js';

export type FieldKind =
  | 'id_number'
  | 'text'
  | 'amount'
  | 'date'
  | 'month_or_date'
  | 'year'
  | 'count'
  | 'yes_no'
  | 'disability_grade'
  | 'disability_cert'
  | 'housing_grade';

export interface FieldDef {
  key: string;
  /** the header written into the template */
  zh: string;
  en: string;
  kind: FieldKind;
  /** other headers that mean the same column in real files */
  synonyms: readonly string[];
  required?: boolean;
  /** an empty cell takes the value above it (vertically merged cells, or a list grouped by village) */
  carryDown?: boolean;
  /** instructions in the template */
  note?: string;
  /** allowed values shown as a drop-down in the template */
  choices?: readonly string[];
  /**
   * optional and read by no rule: a value that cannot be read is a notice and is ignored, never a rejected row
   * (issue 12 #12)
   */
  lenient?: boolean;
}

export interface FeedSpec {
  department: Department;
  title: Label;
  /** what the department screens for (DOMAIN §6) */
  purpose: Label;
  fields: readonly FieldDef[];
  /** at least one of these groups must be present as columns (besides the required fields) */
  oneOf?: readonly (readonly string[])[];
}

const ID: FieldDef = {
  key: 'id_number',
  zh: '身份证号码',
  en: 'ID number',
  kind: 'id_number',
  required: true,
  synonyms: [
    '身份证号',
    '身份证',
    '公民身份号码',
    '公民身份证号',
    '公民身份证号码',
    '居民身份证号',
    '居民身份证号码',
    '身份证件号码',
    '证件号码',
    '证件号',
    '身份号码',
    '患者身份证号',
    '参保人身份证号',
    '学生身份证号',
    '残疾人身份证号',
    '死者身份证号',
    '救助对象身份证号',
    '户主身份证号',
    'idnumber',
    'id_number',
  ],
  note: '18位(15位旧号自动升级);请将此列设为文本,否则Excel会丢失末几位',
};

const NAME: FieldDef = {
  key: 'person_name',
  zh: '姓名',
  en: 'Name',
  kind: 'text',
  synonyms: [
    '人员姓名',
    '患者姓名',
    '参保人姓名',
    '学生姓名',
    '残疾人姓名',
    '死者姓名',
    '救助对象姓名',
    '户主姓名',
    '受灾人姓名',
    '失业人员姓名',
    '名字',
    'name',
  ],
};

const REGION: FieldDef = {
  key: 'region_hint',
  zh: '所在村(社区)',
  en: 'Village',
  kind: 'text',
  carryDown: true,
  synonyms: [
    '所在村',
    '村(社区)',
    '村(居)',
    '行政村',
    '所属村',
    '村名',
    '村',
    '乡镇村',
    '乡镇(街道)村',
    '所在乡镇村',
    '家庭住址',
    '住址',
    '地址',
    '户籍地址',
    '户籍所在地',
    '居住地址',
  ],
  note: '可合并单元格或只在每村第一行填写',
};

const common = [ID, NAME, REGION] as const;

const f = (
  key: string,
  zh: string,
  en: string,
  kind: FieldKind,
  synonyms: string[],
  extra: Partial<FieldDef> = {},
): FieldDef => ({ key, zh, en, kind, synonyms, ...extra });

export const FEED_SPECS: Record<Department, FeedSpec> = {
  medical_insurance: {
    department: 'medical_insurance',
    title: { zh: '医保高额医疗费用预警名单', en: 'Medical insurance: high out-of-pocket costs' },
    purpose: {
      zh: '基本医保、大病保险、医疗救助报销后个人自付费用(年度累计)',
      en: 'year-to-date out-of-pocket cost after basic insurance, critical-illness insurance and medical aid',
    },
    fields: [
      ...common,
      f('settled_on', '结算日期', 'Settlement date', 'month_or_date', [
        '结算时间',
        '出院日期',
        '就诊日期',
        '费用发生日期',
        '费用发生时间',
        '统计截止日期',
        '截止日期',
        '统计期间',
      ]),
      f('year', '统计年度', 'Year', 'year', ['年度', '结算年度', '费用年度']),
      f('total_cost', '医疗总费用', 'Total cost', 'amount', ['总费用', '费用总额', '医疗费用总额', '住院总费用']),
      f('basic_reimbursed', '基本医保报销', 'Basic insurance paid', 'amount', [
        '基本医保支付',
        '统筹支付',
        '基本医疗保险支付',
        '基本医保报销金额',
        '统筹基金支付',
      ]),
      f('critical_paid', '大病保险支付', 'Critical-illness insurance paid', 'amount', [
        '大病保险报销',
        '大病保险',
        '大额医疗补助',
      ]),
      f('medical_aid', '医疗救助', 'Medical aid', 'amount', ['医疗救助支付', '医疗救助金额', '民政医疗救助']),
      f(
        'out_of_pocket',
        '个人自付费用',
        'Out of pocket',
        'amount',
        ['个人自付', '个人负担', '自付费用', '个人自付金额', '个人自付合计', '个人负担费用', '个人承担', '自付金额'],
        { note: '空时按 总费用−基本医保−大病保险−医疗救助 计算' },
      ),
      f('hospital', '就诊医院', 'Hospital', 'text', ['医疗机构', '医院名称', '就诊机构', '定点医疗机构']),
      f('diagnosis', '疾病诊断', 'Diagnosis', 'text', ['诊断', '疾病名称', '病种', '主要诊断', '出院诊断']),
    ],
    oneOf: [
      ['settled_on', 'year'],
      ['out_of_pocket', 'total_cost'],
    ],
  },
  health: {
    department: 'health',
    title: { zh: '卫健新增大病患者名单', en: 'Health: newly diagnosed serious illness' },
    purpose: { zh: '新确诊的大病、重病患者', en: 'patients newly diagnosed with a serious illness' },
    fields: [
      ...common,
      f('disease', '疾病名称', 'Disease', 'text', ['大病病种', '病种', '诊断', '疾病诊断', '所患疾病'], {
        required: true,
      }),
      f('diagnosed_on', '确诊日期', 'Diagnosed on', 'month_or_date', ['诊断日期', '确诊时间', '发病日期'], {
        required: true,
      }),
      f('hospital', '确诊医院', 'Hospital', 'text', ['医疗机构', '就诊医院']),
    ],
  },
  education: {
    department: 'education',
    title: { zh: '教育失学辍学及高额自付学生名单', en: 'Education: dropouts and high self-paid costs' },
    purpose: {
      zh: '义务教育阶段失学辍学学生;非义务教育阶段资助后个人自付费用',
      en: 'compulsory-age dropouts; self-paid costs of non-compulsory students after aid',
    },
    fields: [
      ...common,
      f('school', '就读学校', 'School', 'text', ['学校', '学校名称', '原就读学校']),
      f('stage', '学段', 'Stage', 'text', ['就读阶段', '年级', '就读年级', '教育阶段']),
      f('dropout', '是否失学辍学', 'Out of school', 'yes_no', ['是否辍学', '失学辍学', '辍学', '是否失学'], {
        choices: ['是', '否'],
      }),
      f('self_pay', '个人自付费用', 'Self-paid cost', 'amount', [
        '自付费用',
        '学生自付费用',
        '资助后自付',
        '个人承担费用',
      ]),
      f('event_on', '统计日期', 'Date', 'month_or_date', ['辍学日期', '辍学时间', '统计时间', '学期', '日期'], {
        lenient: true,
      }),
      f('difficulty', '困难类别', 'Difficulty category', 'text', ['家庭困难类别', '资助类别', '困难类型']),
    ],
    oneOf: [['dropout', 'self_pay']],
  },
  civil_affairs: {
    department: 'civil_affairs',
    title: { zh: '民政救助对象及死亡人员变动名单', en: 'Civil affairs: assistance and death records' },
    purpose: {
      zh: '新增低保、特困、临时救助对象;死亡人员',
      en: 'new dibao, tekun and temporary-relief recipients; deaths',
    },
    fields: [
      ...common,
      f(
        'record_type',
        '业务类型',
        'Record type',
        'text',
        ['救助类型', '变动类型', '保障类别', '类别', '类型', '人员类别', '救助类别'],
        { required: true, choices: ['新增低保', '新增特困(分散)', '新增特困(集中)', '临时救助', '死亡'] },
      ),
      f(
        'event_on',
        '起始日期',
        'Start or event date',
        'month_or_date',
        ['批准日期', '享受日期', '享受时间', '救助日期', '开始日期', '死亡日期', '死亡时间', '变动日期', '审批日期'],
        { required: true },
      ),
      f('amount', '金额', 'Amount', 'amount', ['救助金额', '月保障金', '保障金额', '月救助金'], { lenient: true }),
      f('stopped_on', '停保日期', 'Stopped on', 'month_or_date', ['停止日期', '退出日期', '注销日期']),
    ],
  },
  disabled_federation: {
    department: 'disabled_federation',
    title: { zh: '残联新办或换发残疾人证名单', en: "Disabled persons' federation: new certificates" },
    purpose: { zh: '新办或升级的残疾人证,尤其一、二级', en: 'new or upgraded certificates, especially grades 1–2' },
    fields: [
      { ...ID, required: false },
      NAME,
      REGION,
      f('cert_no', '残疾人证号', 'Certificate number', 'disability_cert', ['残疾证号', '残疾人证编号', '证号'], {
        note: '20位:身份证号+类别+等级',
      }),
      f('category', '残疾类别', 'Category', 'text', ['残疾类型', '类别'], {
        choices: ['视力', '听力', '言语', '肢体', '智力', '精神', '多重'],
      }),
      f('grade', '残疾等级', 'Grade', 'disability_grade', ['等级', '残疾级别'], {
        choices: ['一级', '二级', '三级', '四级'],
      }),
      f('issued_on', '发证日期', 'Issued on', 'month_or_date', ['办证日期', '持证日期', '换证日期', '发证时间'], {
        required: true,
      }),
    ],
    oneOf: [['id_number', 'cert_no']],
  },
  human_resources: {
    department: 'human_resources',
    title: { zh: '人社失业人员名单', en: 'Human resources: unemployment' },
    purpose: { zh: '失业、公益性岗位到期、欠薪', en: 'unemployment, end of public-welfare posts, wage arrears' },
    fields: [
      ...common,
      f(
        'lost_job_on',
        '失业日期',
        'Lost job on',
        'month_or_date',
        ['登记失业日期', '离岗日期', '失业时间', '解除劳动合同日期'],
        { required: true },
      ),
      f('benefit', '失业保险金', 'Unemployment benefit', 'amount', ['失业金', '月失业保险金'], { lenient: true }),
      f('main_earner', '是否家庭主要劳动力', 'Main earner', 'yes_no', ['家庭主要劳动力', '是否主要劳动力'], {
        choices: ['是', '否'],
        note: '空时按家庭成员务工月数判断',
      }),
      f('employer', '原工作单位', 'Former employer', 'text', ['工作单位', '原单位', '用工单位']),
    ],
  },
  housing: {
    department: 'housing',
    title: { zh: '住建农村房屋安全鉴定名单', en: 'Housing: house safety appraisals' },
    purpose: { zh: '鉴定为C级、D级的危房', en: 'houses appraised grade C or D' },
    fields: [
      ...common,
      f(
        'grade',
        '鉴定等级',
        'Appraised grade',
        'housing_grade',
        ['危房等级', '房屋安全等级', '安全性鉴定等级', '鉴定结果', '房屋等级'],
        { required: true, choices: ['A级', 'B级', 'C级', 'D级'] },
      ),
      f('appraised_on', '鉴定日期', 'Appraised on', 'month_or_date', ['鉴定时间', '评定日期'], { required: true }),
      f('structure', '房屋结构', 'Structure', 'text', ['结构类型', '结构']),
    ],
  },
  emergency: {
    department: 'emergency',
    title: { zh: '应急受灾及意外事故农户名单', en: 'Emergency: households hit by disaster or accident' },
    purpose: { zh: '受灾、意外事故造成的损失', en: 'losses from disasters and accidents' },
    fields: [
      ...common,
      f('disaster_type', '灾害类型', 'Disaster type', 'text', ['灾种', '事故类型', '灾害种类', '受灾类型'], {
        required: true,
      }),
      f(
        'occurred_on',
        '发生日期',
        'Occurred on',
        'month_or_date',
        ['受灾日期', '灾害发生时间', '发生时间', '事发日期'],
        {
          required: true,
        },
      ),
      f('loss', '直接经济损失', 'Direct loss', 'amount', ['经济损失', '损失金额', '直接损失']),
      f('house_damage', '房屋受损情况', 'House damage', 'text', ['房屋倒损情况', '房屋损坏情况', '住房受损'], {
        choices: ['倒塌', '严重损坏', '一般损坏', '无'],
      }),
    ],
  },
  water: {
    department: 'water',
    title: { zh: '水利农村饮水问题名单', en: 'Water: drinking-water problems' },
    purpose: { zh: '停水超过规定天数或水质问题', en: 'supply cut beyond the policy limit, or water quality' },
    fields: [
      ...common,
      f('issue', '问题类型', 'Issue', 'text', ['供水问题', '存在问题', '饮水问题'], {
        required: true,
        choices: ['停水', '水量不足', '水质不达标'],
      }),
      f('days', '停水天数', 'Days without water', 'count', ['断水天数', '缺水天数', '持续天数']),
      f('occurred_on', '发生日期', 'Occurred on', 'month_or_date', ['开始日期', '发现日期'], { required: true }),
    ],
  },
  agriculture: {
    department: 'agriculture',
    title: { zh: '农业农村产业项目失败及农业损失名单', en: 'Agriculture: failed projects and farm losses' },
    purpose: { zh: '产业项目失败、农业生产损失', en: 'failed industry projects, agricultural losses' },
    fields: [
      ...common,
      f('project', '产业项目', 'Project', 'text', ['项目名称', '产业名称'], { required: true }),
      f('loss', '损失金额', 'Loss', 'amount', ['经济损失', '直接经济损失'], { required: true }),
      f('occurred_on', '发生日期', 'Occurred on', 'month_or_date', ['发生时间', '统计日期'], { required: true }),
    ],
  },
  rural_revitalization: {
    department: 'rural_revitalization',
    title: { zh: '(乡村振兴局不推送部门预警)', en: '(the rural revitalization bureau receives warnings)' },
    purpose: { zh: '', en: '' },
    fields: [],
  },
};

/** Departments that push feeds (the bureau itself receives them). */
export const FEED_DEPARTMENTS = DepartmentEnum.values.filter((d) => FEED_SPECS[d].fields.length > 0);

export function feedSpec(department: string): FeedSpec | undefined {
  const d = department as Department;
  return FEED_DEPARTMENTS.includes(d) ? FEED_SPECS[d] : undefined;
}
