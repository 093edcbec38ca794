/**
 * The assistance-measure catalogue (帮扶措施, DOMAIN §2.6): the national measure types grouped into the five
 * kinds of assistance of S1 §五, with the departments that lead each kind and the department usually responsible
 * for each type. A plan's measures (一户一策, S3 §三(五)) are checked against it.
 */
import type { Department, Label, MeasureCategory, MeasureStatus, MeasureType } from './enums.js';

export interface MeasureCategoryInfo {
  /** the S1 §五 paragraph that names the kind and its lead units */
  source: string;
  /** 牵头单位 that are departments of this system (Department codes), first the main one */
  leadDepartments: readonly Department[];
  /** 牵头单位 the system has no department code for (财政局, 民宗局, 农商行, 宣传部) */
  otherLeads: readonly Label[];
}

/** S1 §五(一)–(五): each kind of assistance and who leads it. */
export const MEASURE_CATEGORIES: Record<MeasureCategory, MeasureCategoryInfo> = {
  industry: {
    source: 'S1 §五(一)',
    leadDepartments: ['agriculture', 'rural_revitalization'],
    otherLeads: [
      { zh: '市财政局', en: 'Finance bureau' },
      { zh: '市民宗局', en: 'Ethnic and religious affairs bureau' },
      { zh: '市农商行', en: 'Rural commercial bank' },
    ],
  },
  employment: { source: 'S1 §五(二)', leadDepartments: ['human_resources'], otherLeads: [] },
  comprehensive_security: { source: 'S1 §五(三)', leadDepartments: ['civil_affairs'], otherLeads: [] },
  morale_and_skills: {
    source: 'S1 §五(四)',
    leadDepartments: [],
    otherLeads: [{ zh: '市委宣传部', en: 'Publicity department of the Party committee' }],
  },
  social_assistance: { source: 'S1 §五(五)', leadDepartments: ['rural_revitalization'], otherLeads: [] },
};

export interface MeasureTypeInfo {
  category: MeasureCategory;
  /** departments that may carry out this type, the usual one first (the default of a new measure) */
  departments: readonly Department[];
  /** why the type belongs to its kind, with the seed paragraph */
  basis: string;
}

/**
 * Each national measure type (R4 100A39–100A55) under its S1 §五 kind. The 三保障 and water measures are the
 * "两不愁三保障存在问题…多渠道采取有力举措加以解决" of 综合保障 (S1 §五(三)), carried out by the department that
 * owns each guarantee among its co-responsible units.
 */
export const MEASURE_TYPES: Record<MeasureType, MeasureTypeInfo> = {
  industry: { category: 'industry', departments: ['agriculture', 'rural_revitalization'], basis: 'S1 §五(一)' },
  finance: {
    category: 'industry',
    departments: ['rural_revitalization', 'agriculture'],
    basis: 'S1 §五(一) 提供小额信贷扶贫政策支持',
  },
  employment: { category: 'employment', departments: ['human_resources'], basis: 'S1 §五(二)' },
  public_welfare_job: {
    category: 'employment',
    departments: ['human_resources', 'rural_revitalization'],
    basis: 'S1 §五(二) 村级保洁、治安、护路、管水等公益性岗位',
  },
  comprehensive_security: {
    category: 'comprehensive_security',
    departments: ['civil_affairs', 'disabled_federation'],
    basis: 'S1 §五(三) 农村低保、养老保障和特困人员救助',
  },
  health: {
    category: 'comprehensive_security',
    departments: ['medical_insurance', 'health'],
    basis: 'S1 §五(三) 三保障: 基本医疗',
  },
  compulsory_education: {
    category: 'comprehensive_security',
    departments: ['education'],
    basis: 'S1 §五(三) 三保障: 义务教育',
  },
  housing_security: {
    category: 'comprehensive_security',
    departments: ['housing'],
    basis: 'S1 §五(三) 三保障: 住房安全',
  },
  water_security: { category: 'comprehensive_security', departments: ['water'], basis: 'S1 §五(三) 饮水安全' },
  relocation: {
    category: 'comprehensive_security',
    departments: ['housing', 'rural_revitalization'],
    basis: 'S1 §五(三) 住房安全 (易地搬迁)',
  },
  living_conditions: {
    category: 'comprehensive_security',
    departments: ['agriculture', 'housing', 'water'],
    basis: 'S1 §五(三) 多渠道解决生活困难',
  },
  infrastructure: {
    category: 'comprehensive_security',
    departments: ['agriculture', 'water'],
    basis: 'S1 §五(三) 多渠道解决生活困难',
  },
  other_education: {
    category: 'morale_and_skills',
    departments: ['education', 'human_resources'],
    basis: 'S1 §五(四) 扶智 (雨露计划等职业教育)',
  },
  morale_and_skills: { category: 'morale_and_skills', departments: [], basis: 'S1 §五(四)' },
  social_assistance: {
    category: 'social_assistance',
    departments: ['rural_revitalization'],
    basis: 'S1 §五(五) 社会力量、公益资源',
  },
};

/** The kind a measure type belongs to. */
export function measureCategoryOf(type: MeasureType): MeasureCategory {
  return MEASURE_TYPES[type].category;
}

/** The department a new measure of this type goes to when none is named (null: a unit without a code). */
export function defaultMeasureDepartment(type: MeasureType): Department | null {
  return MEASURE_TYPES[type].departments[0] ?? MEASURE_CATEGORIES[measureCategoryOf(type)].leadDepartments[0] ?? null;
}

/**
 * Status changes of a measure: planned → implementing → done, and either unfinished state may stop.
 * A measure counts as "in place" for the elimination guards once implementing or done (elimination.ts).
 */
export const MEASURE_STATUS_NEXT: Record<MeasureStatus, readonly MeasureStatus[]> = {
  planned: ['implementing', 'stopped'],
  implementing: ['done', 'stopped'],
  done: [],
  stopped: [],
};

export function canChangeMeasureStatus(from: MeasureStatus, to: MeasureStatus): boolean {
  return MEASURE_STATUS_NEXT[from].includes(to);
}
