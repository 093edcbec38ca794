/**
 * The register's workbook (issue 14 §4): three sheets as counties keep them today — 户信息 (households), 家庭成员
 * (members) and 收入 (income records) — tied together by 户编号. One table of columns serves the template, the
 * register export and the import, so an exported register imports again unchanged. Headers are Chinese; enum
 * columns take core's Chinese labels (never codes); money is in yuan (元), stored in fen.
 */
import {
  DisabilityCategory,
  HealthStatus,
  HouseholdType,
  HousingSafetyGrade,
  HousingStructure,
  IncomeRecordKind,
  LaborCapacity,
  Relation,
  SchoolStatus,
  Sex,
} from '../enums.js';
import type { Label } from '../enums.js';

export const REGISTRY_SHEETS = ['households', 'members', 'incomes'] as const;
export type RegistrySheet = (typeof REGISTRY_SHEETS)[number];

/** How a cell is read: text, a code kept as text (ID numbers, household numbers), a whole number, 元, 是/否, a day, a label. */
export type RegistryCellKind = 'text' | 'code' | 'int' | 'yuan' | 'bool' | 'date' | 'enum';

export interface RegistryColumn {
  /** the field of the API body the column fills (HouseholdCreateBody, MemberFields, IncomeFields) */
  field: string;
  /** the header in the template and the export */
  header: string;
  kind: RegistryCellKind;
  /** the labels of an enum column: cells hold the Chinese label */
  labels?: Readonly<Record<string, Label>>;
  required?: boolean;
  /** the note on the template's header cell */
  hint?: string;
  /** other headers counties use for this column (matched like the header itself) */
  synonyms?: readonly string[];
}

export interface RegistrySheetSpec {
  sheet: RegistrySheet;
  /** the worksheet's name */
  name: string;
  label: Label;
  columns: readonly RegistryColumn[];
}

const bool = (field: string, header: string, synonyms?: string[]): RegistryColumn => ({
  field,
  header,
  kind: 'bool',
  hint: '填“是”或“否”',
  ...(synonyms ? { synonyms } : {}),
});
const yuan = (field: string, header: string, synonyms?: string[]): RegistryColumn => ({
  field,
  header,
  kind: 'yuan',
  hint: '单位:元,最多两位小数',
  ...(synonyms ? { synonyms } : {}),
});
const HOUSEHOLD_NO: RegistryColumn = {
  field: 'householdNo',
  header: '户编号',
  kind: 'code',
  required: true,
  hint: '每户唯一;三张表以户编号关联',
  synonyms: ['户号', '农户编号'],
};

const HOUSEHOLDS: RegistrySheetSpec = {
  sheet: 'households',
  name: '户信息',
  label: { zh: '户信息', en: 'Households' },
  columns: [
    HOUSEHOLD_NO,
    {
      field: 'regionCode',
      header: '所在村区划代码',
      kind: 'code',
      required: true,
      hint: '12位村级区划代码,须在您的管辖范围内',
      synonyms: ['区划代码', '村代码', '行政村代码'],
    },
    { field: 'naturalVillage', header: '自然村/组', kind: 'text', synonyms: ['自然村', '村民小组', '组'] },
    { field: 'address', header: '详细地址', kind: 'text', synonyms: ['住址', '地址'] },
    { field: 'phone', header: '联系电话', kind: 'code', synonyms: ['电话', '户联系电话'] },
    { field: 'householdType', header: '户类型', kind: 'enum', labels: HouseholdType.labels, synonyms: ['户属性'] },
    { field: 'liftedYear', header: '脱贫年度', kind: 'int', hint: '如 2016', synonyms: ['脱贫年份'] },
    { field: 'monitorContact', header: '帮扶联系人', kind: 'text', synonyms: ['监测联系人'] },
    { field: 'monitorContactPhone', header: '帮扶联系人电话', kind: 'code' },
    bool('foodClothingSecure', '不愁吃不愁穿'),
    { field: 'housingStructure', header: '住房结构', kind: 'enum', labels: HousingStructure.labels },
    { field: 'housingSafetyGrade', header: '住房安全等级', kind: 'enum', labels: HousingSafetyGrade.labels },
    bool('onlyHomeMudBrick', '唯一住房为土坯房'),
    bool('drinkingWaterSafe', '饮水安全', ['饮水安全有保障']),
    { field: 'waterIssue', header: '饮水问题说明', kind: 'text' },
    bool('electricityOk', '通生活用电'),
    bool('telecomOk', '通广播电视或网络'),
    bool('inResettlementSite', '易地搬迁安置'),
    bool('isMilitaryMartyrFamily', '军烈属'),
    bool('hasPrivateCar', '有家用小汽车'),
    bool('hasCommercialHousing', '有商品房'),
    bool('hasPublicServant', '有财政供养人员'),
    bool('hasBusiness', '有经营实体'),
    bool('receivesDibao', '享受低保', ['低保户']),
    bool('isTekun', '特困供养', ['特困户']),
    { field: 'dibaoSince', header: '纳入低保日期', kind: 'date', hint: '如 2021-03-01' },
  ],
};

const MEMBERS: RegistrySheetSpec = {
  sheet: 'members',
  name: '家庭成员',
  label: { zh: '家庭成员', en: 'Members' },
  columns: [
    HOUSEHOLD_NO,
    { field: 'name', header: '姓名', kind: 'text', required: true, synonyms: ['成员姓名'] },
    {
      field: 'idNumber',
      header: '身份证号',
      kind: 'code',
      hint: '18位居民身份证号;有则性别和出生日期可不填',
      synonyms: ['身份证号码', '证件号码', '公民身份号码'],
    },
    { field: 'sex', header: '性别', kind: 'enum', labels: Sex.labels },
    { field: 'birthDate', header: '出生日期', kind: 'date', hint: '如 1968-03-15' },
    {
      field: 'relation',
      header: '与户主关系',
      kind: 'enum',
      labels: Relation.labels,
      required: true,
      hint: '每户须有且只有一名户主',
    },
    { field: 'ethnicity', header: '民族', kind: 'text' },
    { field: 'politicalStatus', header: '政治面貌', kind: 'text' },
    { field: 'education', header: '文化程度', kind: 'text' },
    { field: 'schoolStatus', header: '在校生状况', kind: 'enum', labels: SchoolStatus.labels, synonyms: ['在校情况'] },
    { field: 'healthStatus', header: '健康状况', kind: 'enum', labels: HealthStatus.labels },
    { field: 'disease', header: '所患疾病', kind: 'text' },
    { field: 'disabilityCategory', header: '残疾类别', kind: 'enum', labels: DisabilityCategory.labels },
    { field: 'disabilityGrade', header: '残疾等级', kind: 'int', hint: '1–4' },
    { field: 'laborCapacity', header: '劳动技能', kind: 'enum', labels: LaborCapacity.labels, synonyms: ['劳动能力'] },
    { field: 'workPlace', header: '务工地点', kind: 'text' },
    { field: 'workMonths', header: '务工时间(月)', kind: 'int', hint: '0–12', synonyms: ['务工月数'] },
    { field: 'publicWelfareJob', header: '公益性岗位', kind: 'text' },
    { field: 'publicWelfareJobMonths', header: '公益性岗位时间(月)', kind: 'int', hint: '0–12' },
    { field: 'medicalInsurance', header: '医疗保险', kind: 'text', synonyms: ['参加城乡居民基本医疗保险'] },
    bool('criticalIllnessInsurance', '大病保险'),
    { field: 'pensionInsurance', header: '养老保险', kind: 'text' },
    bool('receivesDibao', '享受低保'),
    bool('isTekun', '特困供养'),
    { field: 'phone', header: '联系电话', kind: 'code' },
  ],
};

const INCOMES: RegistrySheetSpec = {
  sheet: 'incomes',
  name: '收入',
  label: { zh: '收入', en: 'Incomes' },
  columns: [
    HOUSEHOLD_NO,
    { field: 'year', header: '年度', kind: 'int', required: true, hint: '如 2023', synonyms: ['年份'] },
    {
      field: 'kind',
      header: '记录类型',
      kind: 'enum',
      labels: IncomeRecordKind.labels,
      hint: '不填为“年度”',
    },
    { field: 'periodStart', header: '统计起日', kind: 'date', hint: '不填为当年1月1日' },
    { field: 'periodEnd', header: '统计止日', kind: 'date', hint: '不填为当年12月31日' },
    yuan('wageFen', '工资性收入(元)', ['工资性收入']),
    yuan('businessGrossFen', '生产经营性收入(元)', ['生产经营性收入']),
    yuan('businessCostFen', '生产经营性支出(元)', ['生产经营性支出']),
    yuan('propertyFen', '财产性收入(元)', ['财产性收入']),
    yuan('transferFen', '转移性收入(元)', ['转移性收入']),
    yuan('medicalOutOfPocketFen', '医疗自付支出(元)', ['医疗自付支出']),
    yuan('schoolingExpenseFen', '教育支出(元)', ['教育支出']),
    yuan('disasterLossFen', '灾害损失(元)', ['灾害损失']),
    yuan('insuranceClaimFen', '保险理赔(元)', ['保险理赔']),
    { field: 'memberCount', header: '计算人口', kind: 'int', synonyms: ['家庭人口'] },
    { field: 'note', header: '备注', kind: 'text' },
  ],
};

export const REGISTRY_TEMPLATE: Readonly<Record<RegistrySheet, RegistrySheetSpec>> = {
  households: HOUSEHOLDS,
  members: MEMBERS,
  incomes: INCOMES,
};

/** A header as compared: no spaces or asterisks, full-width brackets and slashes as ASCII. */
export function normalizeHeader(h: string): string {
  return h
    .normalize('NFKC')
    .replace(/[\s*＊]/g, '')
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .toLowerCase();
}

/** The column of a sheet a header names by itself (the template's header or a synonym), if any. */
export function knownColumn(sheet: RegistrySheet, header: string): RegistryColumn | undefined {
  const h = normalizeHeader(header);
  return REGISTRY_TEMPLATE[sheet].columns.find(
    (c) => normalizeHeader(c.header) === h || (c.synonyms ?? []).some((s) => normalizeHeader(s) === h),
  );
}

/** The column of a sheet for a field. */
export function columnOf(sheet: RegistrySheet, field: string): RegistryColumn | undefined {
  return REGISTRY_TEMPLATE[sheet].columns.find((c) => c.field === field);
}

/** The sheet a worksheet name stands for (the template's names, or the English keys). */
export function sheetOfName(name: string): RegistrySheet | undefined {
  const n = normalizeHeader(name);
  return REGISTRY_SHEETS.find((s) => normalizeHeader(REGISTRY_TEMPLATE[s].name) === n || s === n);
}
