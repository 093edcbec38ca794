import { describe, expect, it } from 'vitest';
import { ELIMINATION_GUARD_RULE_IDS, evaluateEliminationGuards, isMeasureInPlace } from '../src/elimination.js';
import { MeasureFactsSchema, type HouseholdFactsInput } from '../src/household-facts.js';
import { policyFor, policyWith } from './assess.support.js';
import { ELIMINATION_AS_OF, FIXTURES } from './fixtures/index.js';

const ALL_GUARDS = [
  'S3.3.6.income_stably_above_line',
  'S3.3.6.guarantees_secured',
  'S1.4.4.rigid_expense_controlled',
  'S3.3.6.recorded_risk_gone',
  'S3.3.6.no_new_risk',
  'W3.min_months_monitored',
  'W3.min_measures',
  'S3.3.7.not_no_labor_household',
];

const due = () => structuredClone(FIXTURES['s3-elimination-due']);
const policy = policyFor(FIXTURES['s3-elimination-due'].regionCode, ELIMINATION_AS_OF);
const run = (h: HouseholdFactsInput, asOf = ELIMINATION_AS_OF, p = policy) => evaluateEliminationGuards(h, p, asOf);
/** the latest income record of the elimination example (the visit estimate ending 2024-05-31) */
const latest = (h: HouseholdFactsInput) => h.incomes!.at(-1)!;

describe('elimination guards (issue 3 §5; S1 §四(四); S3 §三(六)(七); DOMAIN §3.3)', () => {
  it('S3 §三(六): a household with stable income, secured guarantees, its risk gone, 6 months and measures in place meets every guard', () => {
    const r = run(due());
    expect(r).toMatchObject({ met: true, failedRuleIds: [] });
    expect(r.explanations.map((e) => e.ruleId)).toEqual(ALL_GUARDS);
    // the list other engines read (the set-based screening) is the one reported, in the same order
    expect([...ELIMINATION_GUARD_RULE_IDS]).toEqual(ALL_GUARDS);
    expect(
      r.explanations.every((e) => e.outcome === 'yes' && e.policyVersion === 'national 2021 v1 + 61 2024 v1'),
    ).toBe(true);
    // the recorded illness is a lasting condition of the spouse, no longer an acute risk
    expect(r.explanations.find((e) => e.ruleId === 'S3.3.6.recorded_risk_gone')!.facts).toMatchObject({
      recordedRiskTypes: ['illness'],
      activeRiskTypes: [],
      lastingConditions: ['illness'],
    });
  });

  it('S3 §三(六) "收入稳定超过监测范围": on the 7300 line exactly the guard fails; one fen above it holds', () => {
    const h = due();
    Object.assign(latest(h), { wageFen: 730_000 * 3 - 400_000, businessGrossFen: 550_000, businessCostFen: 150_000 });
    expect(run(h).failedRuleIds).toEqual(['S3.3.6.income_stably_above_line']);
    latest(h).wageFen! += 1;
    expect(run(h).met).toBe(true);
  });

  it('S3 §三(六): stability needs the policy months; the identification snapshot (below the line) must be out of force for 6 months', () => {
    const h = due();
    // drop the annual 2023 record: from 2023-08-31 to 2024-05-31 the below-line identification record is in force
    h.incomes = h.incomes!.filter((r) => !(r.kind === 'annual' && r.year === 2023));
    expect(run(h).failedRuleIds).toContain('S3.3.6.income_stably_above_line');
    // the estimate (above) came into force on 2024-05-31: six months later the window starts after it
    expect(run(h, '2024-11-30').failedRuleIds).toContain('S3.3.6.income_stably_above_line');
    expect(run(h, '2024-12-01').failedRuleIds).not.toContain('S3.3.6.income_stably_above_line');
    // with 3 stable months in the policy, the estimate alone suffices three months earlier
    const shorter = policyWith({ eliminationGuards: { stableIncomeMonths: 3 } }, policy);
    expect(run(h, '2024-08-31', shorter).failedRuleIds).not.toContain('S3.3.6.income_stably_above_line');
  });

  it('S3 §三(六): unsafe water fails the guarantees and is a new risk', () => {
    const h = { ...due(), drinkingWaterSafe: false };
    expect(run(h).failedRuleIds).toEqual(['S3.3.6.guarantees_secured', 'S3.3.6.no_new_risk']);
  });

  it('S1 §四(四) "刚性支出不可控": medical costs still above last year’s income keep the case open, and the recorded illness is still active', () => {
    const h = due();
    latest(h).medicalOutOfPocketFen = 2_400_001; // last year's net income is 24,000 yuan
    expect(run(h).failedRuleIds).toEqual(['S1.4.4.rigid_expense_controlled', 'S3.3.6.recorded_risk_gone']);
    latest(h).medicalOutOfPocketFen = 2_400_000;
    expect(run(h).failedRuleIds).toEqual(['S3.3.6.recorded_risk_gone']); // still a heavy burden (> 5000 yuan)
  });

  it('S3 §三(六) "不存在新增致贫返贫风险": a landslide after identification is a new risk', () => {
    const r = run(FIXTURES['s3-elimination-new-risk']);
    expect(r).toMatchObject({ met: false, failedRuleIds: ['S3.3.6.no_new_risk'] });
    expect(r.explanations.find((e) => e.ruleId === 'S3.3.6.no_new_risk')!.message.zh).toMatch(/因自然灾害/);
  });

  it('DOMAIN §3.3 guard 5 (W3): at least 6 months monitored, counted in calendar months from confirmation', () => {
    const h = due();
    h.monitoring!.confirmedOn = '2024-01-16';
    expect(run(h).failedRuleIds).toEqual(['W3.min_months_monitored']);
    h.monitoring!.confirmedOn = '2024-01-15';
    expect(run(h).met).toBe(true);
    h.monitoring!.confirmedOn = null;
    h.monitoring!.firstIdentifiedOn = null;
    expect(run(h).failedRuleIds).toEqual(['W3.min_months_monitored']);
  });

  it('DOMAIN §3.3 guard 5 (W3): at least one measure implemented or done by the date; a planned one does not count', () => {
    const h = due();
    h.monitoring!.measures = [
      { category: 'industry', type: 'industry', status: 'planned', startOn: '2024-01-01' },
      { category: 'employment', type: 'public_welfare_job', status: 'implementing', startOn: '2024-07-16' },
    ];
    expect(run(h).failedRuleIds).toEqual(['W3.min_measures']);
    h.monitoring!.measures[1]!.startOn = '2024-07-15';
    expect(run(h).met).toBe(true);
    // a region that requires no measure (natural elimination) sets the minimum to 0 in its policy
    h.monitoring!.measures = [];
    expect(run(h, ELIMINATION_AS_OF, policyWith({ eliminationGuards: { minMeasures: 0 } }, policy)).met).toBe(true);
  });

  it('S1 §四(四): a household where nobody can work is not marked eliminated, even with every other guard met', () => {
    const r = run(
      FIXTURES['s1-no-labor-not-eliminated'],
      ELIMINATION_AS_OF,
      policyFor(FIXTURES['s1-no-labor-not-eliminated'].regionCode),
    );
    expect(r).toMatchObject({ met: false, failedRuleIds: ['S3.3.7.not_no_labor_household'] });
  });

  it('S3 §三(七): the whole-household-no-labour flag keeps the household under monitoring', () => {
    const r = run(FIXTURES['s3-no-labor-flag']);
    expect(r).toMatchObject({ met: false, failedRuleIds: ['S3.3.7.not_no_labor_household'] });
    expect(r.explanations.at(-1)!.facts).toEqual({ wholeHouseholdNoLabor: true, noLaborCapacity: false });
  });

  it('a measure is in place once implementing or done and started by the date', () => {
    const m = (status: string, startOn: string | null) =>
      MeasureFactsSchema.parse({ category: 'industry', type: 'industry', status, startOn });
    expect(isMeasureInPlace(m('implementing', '2024-07-15'), '2024-07-15')).toBe(true);
    expect(isMeasureInPlace(m('done', null), '2024-07-15')).toBe(true);
    expect(isMeasureInPlace(m('stopped', '2024-01-01'), '2024-07-15')).toBe(false);
    expect(isMeasureInPlace(m('planned', '2024-01-01'), '2024-07-15')).toBe(false);
  });
});
