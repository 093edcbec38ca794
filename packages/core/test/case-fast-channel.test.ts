import { describe, expect, it } from 'vitest';
import { allowedActions, deadlineStatus, transition } from '../src/index.js';
import { actors, D0, expectRefused, identify, POLICY, step } from './case-machine.support.js';

/**
 * 绿色通道 (issue 15 §6; DOMAIN: "for disasters and accidents, help is given first and the procedure is completed
 * afterwards" [W12, W43]; S0 plan two is written for disaster-hit households). With CaseContext.fastChannel the
 * assistance plan may come during identification; every statutory step still follows, and the confirmation then
 * opens no plan deadline. Without it the plan waits for the county's confirmation (S3 §三(五)).
 */
describe('the green channel for disaster cases [W12, W43]', () => {
  const plan = (on: string) => ({ type: 'record_assistance_plan' as const, createdOn: on });

  it('without the fast channel, a plan during verification is refused (S3 §三(五): after confirmation)', () => {
    const s = identify(D0, 'verifying');
    expectRefused(transition(s, plan(D0), actors.village, D0, POLICY), 'invalid_transition', 'stage_not_allowed');
    expect(allowedActions(s, actors.village, { today: D0 })).not.toContain('record_assistance_plan');
  });

  it('with it, the plan is recorded while verifying; the stage does not move and the county still confirms', () => {
    const s = identify(D0, 'verifying');
    expect(allowedActions(s, actors.village, { today: D0, context: { fastChannel: true } })).toContain(
      'record_assistance_plan',
    );
    const r = transition(s, plan(D0), actors.village, D0, POLICY, { fastChannel: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.state.stage).toBe('verifying');
    expect(r.state.facts.planCreatedOn).toBe(D0);
    expect(r.events[0]!.payload).toMatchObject({ fastChannel: true });
    // the statutory steps remain: the county confirmation is not skipped
    expect(allowedActions(r.state, actors.county, { today: D0 })).not.toContain('county_confirm');
  });

  it('a plan dated before the discovery is refused, and a second plan too', () => {
    const s = identify(D0, 'publicizing');
    expectRefused(
      transition(s, plan('2024-02-28'), actors.village, '2024-03-03', POLICY, { fastChannel: true }),
      'validation_failed',
      'date_before_previous_step',
    );
    const planned = step(s, plan('2024-03-03'), actors.township, '2024-03-03', { fastChannel: true });
    expectRefused(
      transition(planned, plan('2024-03-04'), actors.village, '2024-03-04', POLICY, { fastChannel: true }),
      'precondition_failed',
      'plan_already_recorded',
    );
  });

  it('after the confirmation, the plan made first leaves no plan deadline open', () => {
    const s = identify(D0, 'township_reviewed');
    const planned = step(s, plan('2024-03-09'), actors.village, '2024-03-09', { fastChannel: true });
    const confirmed = step(
      planned,
      {
        type: 'county_confirm',
        category: 'marginal_vulnerable',
        riskTypes: ['illness'],
        dataComparisonNote: '比对无异常',
      },
      actors.county,
      '2024-03-10',
    );
    expect(confirmed.stage).toBe('monitoring');
    expect(confirmed.currentDueKind).toBeNull();
    expect(deadlineStatus(confirmed, '2024-03-30').current).toBeNull();
  });
});
