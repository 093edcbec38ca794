import { describe, expect, it } from 'vitest';
import { transition, type CaseAction } from '../src/case-machine.js';
import { addDays } from '../src/dates.js';
import { evaluateEliminationGuards } from '../src/elimination.js';
import { policyFor } from './assess.support.js';
import { actors, eliminate, expectOk, expectRefused, identify, POLICY, step } from './case-machine.support.js';
import { ELIMINATION_AS_OF, FIXTURES } from './fixtures/index.js';

/** The machine takes evaluateEliminationGuards' result as it is (issue 3 §4–5). */
const guardsFor = (name: keyof typeof FIXTURES) =>
  evaluateEliminationGuards(FIXTURES[name], policyFor(FIXTURES[name].regionCode, ELIMINATION_AS_OF), ELIMINATION_AS_OF);

const propose: CaseAction = {
  type: 'propose_elimination',
  method: 'assisted',
  proposedOn: ELIMINATION_AS_OF,
  findings: '务工收入稳定超过监测线，三保障和饮水安全巩固',
};

describe('the case machine with the elimination guards of elimination.ts', () => {
  const monitored = () =>
    step(identify(), { type: 'record_assistance_plan', createdOn: '2024-03-12' }, actors.village, '2024-03-12');

  it('S3 §三(六): a household meeting every guard goes through the elimination procedure to eliminated', () => {
    const guards = guardsFor('s3-elimination-due');
    expect(guards.met).toBe(true);
    const s = step(monitored(), propose, actors.village, ELIMINATION_AS_OF, { eliminationGuards: guards });
    expect(s.stage).toBe('elimination_proposed');
    const e = eliminate(monitored(), ELIMINATION_AS_OF);
    expect(e).toMatchObject({ stage: 'eliminated', eliminatedOn: addDays(ELIMINATION_AS_OF, 7) });
  });

  it('S3 §三(七), S1 §四(四): the no-labour guard refuses the proposal and names the failed rule', () => {
    const guards = guardsFor('s3-no-labor-flag');
    const r = expectRefused(
      transition(monitored(), propose, actors.village, ELIMINATION_AS_OF, POLICY, { eliminationGuards: guards }),
      'precondition_failed',
      'elimination_guards_not_met',
    );
    expect(r.details).toEqual({ failedRuleIds: ['S3.3.7.not_no_labor_household'] });
    expect(r.message.zh).toContain('S3.3.7.not_no_labor_household');
  });

  it('S1 §四(四): guards that stop holding between proposal and decision stop the county', () => {
    let s = step(monitored(), propose, actors.village, ELIMINATION_AS_OF, {
      eliminationGuards: guardsFor('s3-elimination-due'),
    });
    const on = ELIMINATION_AS_OF;
    s = step(
      s,
      { type: 'record_village_review', heldOn: on, attendees: 7, votesFor: 7, votesAgainst: 0, abstentions: 0 },
      actors.village,
      on,
    );
    s = step(
      s,
      { type: 'start_public_notice', startOn: on, endOn: addDays(on, 5), place: '公示栏' },
      actors.village,
      on,
    );
    s = step(s, { type: 'township_review', decision: 'approve' }, actors.township, addDays(on, 6));
    const later = guardsFor('s1-no-labor-not-eliminated');
    expectRefused(
      transition(s, { type: 'county_approve_elimination' }, actors.county, addDays(on, 7), POLICY, {
        eliminationGuards: later,
      }),
      'precondition_failed',
      'elimination_guards_not_met',
    );
    const ok = expectOk(
      transition(s, { type: 'county_approve_elimination' }, actors.county, addDays(on, 7), POLICY, {
        eliminationGuards: guardsFor('s3-elimination-due'),
      }),
    );
    // the event keeps the guard outcome the decision was taken on
    expect(ok.events[0]!.payload.guards).toMatchObject({ met: true, failedRuleIds: [] });
  });
});
