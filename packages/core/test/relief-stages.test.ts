import { describe, expect, it } from 'vitest';
import nationalRecord from '../policies/national-2021.json' with { type: 'json' };
import {
  checkReliefStages,
  decisionLevel,
  isReturnedToPoverty,
  parsePolicyRecord,
  payableInMonth,
  PolicyBodySchema,
  recoveryDue,
  type PayableCase,
} from '../src/index.js';

// S0 plan one 二 五是: "对返贫人口,根据致贫原因和困难程度,采取一次审批、分阶段救助方式,适当提高救助标准".
const policy = PolicyBodySchema.parse(parsePolicyRecord(nationalRecord, 'national-2021.json').body);
const STD = policy.dibao.ruralMonthlyFen;

const staged = (patch: Partial<PayableCase> = {}): PayableCase => ({
  id: 'r1',
  kind: 'temp_relief',
  status: 'approved',
  decidedOn: '2024-03-10',
  monthlyAmountFen: null,
  graceStartOn: null,
  graceEndOn: null,
  endedOn: null,
  endReason: null,
  reliefStages: [
    { payOn: '2024-03-15', amountFen: 100_000 },
    { payOn: '2024-04-15', amountFen: 100_000 },
    { payOn: '2024-05-15', amountFen: 50_000 },
  ],
  ...patch,
});

describe('who is paid in stages: 返贫人口 (S0 plan one 二 五是)', () => {
  it('a lifted household being identified or monitored fell back; a general household or a lifted one not monitored did not', () => {
    expect(isReturnedToPoverty({ householdType: 'lifted_household', monitoringStatus: 'monitoring_unresolved' })).toBe(
      true,
    );
    expect(isReturnedToPoverty({ householdType: 'lifted_household', monitoringStatus: 'identifying' })).toBe(true);
    expect(isReturnedToPoverty({ householdType: 'lifted_household', monitoringStatus: 'risk_eliminated' })).toBe(false);
    expect(isReturnedToPoverty({ householdType: 'general_household', monitoringStatus: 'monitoring_unresolved' })).toBe(
      false,
    );
  });

  it('适当提高救助标准: the per-case cap of a returned household is raised by the policy uplift', () => {
    const cap = (STD * policy.tempRelief.maxMultipleOfMonthlyStandard) | 0;
    const raised = Math.floor(cap * policy.tempRelief.staged.capUplift);
    expect(decisionLevel('temp_relief', cap + 1, policy).aboveCap).toBe(true);
    expect(decisionLevel('temp_relief', cap + 1, policy, true).aboveCap).toBe(false);
    expect(decisionLevel('temp_relief', raised, policy, true)).toMatchObject({ aboveCap: false, capFen: raised });
    expect(decisionLevel('temp_relief', raised + 1, policy, true).aboveCap).toBe(true);
  });
});

describe('an instalment plan (一次审批、分阶段救助)', () => {
  const plan = staged().reliefStages!;
  it('instalments on or after the decision, one a month, adding up to the amount granted, are accepted', () => {
    expect(checkReliefStages(plan, 250_000, '2024-03-10', policy)).toEqual([]);
    // on the decision day itself and on the last day allowed (12 months later by the default)
    const edge = [
      { payOn: '2024-03-10', amountFen: 1 },
      { payOn: '2025-03-10', amountFen: 1 },
    ];
    expect(checkReliefStages(edge, 2, '2024-03-10', policy)).toEqual([]);
  });

  it('one fen short of the amount granted is refused with both sums', () => {
    const issues = checkReliefStages(plan, 250_001, '2024-03-10', policy);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toContain('2500.00');
    expect(issues[0]!.message).toContain('2500.01');
  });

  it('a day before the decision, a day past the last month, two in one month, or one instalment are refused where they are', () => {
    const at = (stages: typeof plan, total: number) =>
      checkReliefStages(stages, total, '2024-03-10', policy).map((i) => i.path);
    expect(at([{ payOn: '2024-03-09', amountFen: 1 }, plan[1]!], 100_001)).toEqual(['stages.0.payOn']);
    expect(at([plan[0]!, { payOn: '2025-03-11', amountFen: 1 }], 100_001)).toEqual(['stages.1.payOn']);
    expect(at([plan[0]!, { payOn: '2024-03-20', amountFen: 1 }], 100_001)).toEqual(['stages.1.payOn']);
    expect(at([plan[0]!], 100_000)).toEqual(['stages']);
    const seven = Array.from({ length: 7 }, (_, i) => ({ payOn: `2024-0${i + 3}-15`, amountFen: 1 }));
    expect(at(seven, 7)).toEqual(['stages']);
  });
});

describe('the payroll pays each instalment in its month', () => {
  it('month by month: the instalment due, nothing in a month without one', () => {
    expect(payableInMonth(staged(), '2024-03')).toEqual({ payable: true, amountFen: 100_000, reason: 'stage_due' });
    expect(payableInMonth(staged(), '2024-05').amountFen).toBe(50_000);
    expect(payableInMonth(staged(), '2024-06')).toMatchObject({ payable: false, reason: 'no_stage' });
  });

  it('a one-off temporary assistance stays outside the payroll', () => {
    expect(payableInMonth(staged({ reliefStages: null }), '2024-03').reason).toBe('not_monthly');
  });

  it('ended (no longer eligible) on 2024-04-15: the April instalment on that day and later ones stop; March stays paid', () => {
    const ended = staged({ status: 'ended', endedOn: '2024-04-15', endReason: 'no_longer_eligible' });
    expect(payableInMonth(ended, '2024-03').payable).toBe(true);
    expect(payableInMonth(ended, '2024-04')).toMatchObject({ payable: false, reason: 'ended_before' });
    expect(recoveryDue(ended, [{ month: '2024-03', paidFen: 100_000 }], 0)).toBe(0);
  });

  it('ended for an integrity violation: every instalment already paid is recovered (S2 §二(三)12)', () => {
    const ended = staged({ status: 'ended', endedOn: '2024-04-20', endReason: 'integrity_violation' });
    const paid = [
      { month: '2024-03', paidFen: 100_000 },
      { month: '2024-04', paidFen: 100_000 },
    ];
    expect(recoveryDue(ended, paid, 0)).toBe(200_000);
  });
});
