import { describe, expect, it } from 'vitest';
import {
  canChangeMeasureStatus,
  defaultMeasureDepartment,
  MEASURE_CATEGORIES,
  MEASURE_TYPES,
  MeasureCategory,
  measureCategoryOf,
  MeasureStatus,
  MeasureType,
} from '../src/index.js';

describe('the assistance-measure catalogue (S1 §五)', () => {
  it('S1 §五: every national measure type belongs to one of the five kinds, and every kind has a type', () => {
    for (const t of MeasureType.values) expect(MeasureCategory.values).toContain(measureCategoryOf(t));
    const used = new Set(MeasureType.values.map(measureCategoryOf));
    expect([...used].sort()).toEqual([...MeasureCategory.values].sort());
  });

  it('S1 §五(一)–(五): the lead units of each kind as the plan names them', () => {
    expect(MEASURE_CATEGORIES.industry.leadDepartments).toEqual(['agriculture', 'rural_revitalization']);
    expect(MEASURE_CATEGORIES.industry.otherLeads.map((l) => l.zh)).toEqual(['市财政局', '市民宗局', '市农商行']);
    expect(MEASURE_CATEGORIES.employment.leadDepartments).toEqual(['human_resources']);
    expect(MEASURE_CATEGORIES.comprehensive_security.leadDepartments).toEqual(['civil_affairs']);
    expect(MEASURE_CATEGORIES.morale_and_skills.otherLeads.map((l) => l.zh)).toEqual(['市委宣传部']);
    expect(MEASURE_CATEGORIES.social_assistance.leadDepartments).toEqual(['rural_revitalization']);
  });

  it('S1 §五: small loans are industry help, public-welfare posts employment help, the guarantees comprehensive security', () => {
    expect(measureCategoryOf('finance')).toBe('industry');
    expect(measureCategoryOf('public_welfare_job')).toBe('employment');
    for (const t of ['health', 'compulsory_education', 'housing_security', 'water_security'] as const) {
      expect(measureCategoryOf(t)).toBe('comprehensive_security');
    }
    expect(defaultMeasureDepartment('housing_security')).toBe('housing');
    expect(defaultMeasureDepartment('water_security')).toBe('water');
    expect(defaultMeasureDepartment('public_welfare_job')).toBe('human_resources');
    // 扶志扶智 is led by the publicity department, which has no department code: no default
    expect(defaultMeasureDepartment('morale_and_skills')).toBeNull();
    for (const t of MeasureType.values) expect(MEASURE_TYPES[t].basis).toMatch(/^S1 §五/);
  });

  it('a measure goes planned → implementing → done, either unfinished state may stop, nothing comes back', () => {
    const allowed = MeasureStatus.values.flatMap((from) =>
      MeasureStatus.values.filter((to) => canChangeMeasureStatus(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed.sort()).toEqual(
      ['planned→implementing', 'planned→stopped', 'implementing→done', 'implementing→stopped'].sort(),
    );
  });
});
