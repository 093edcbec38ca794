import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  actionAvailability,
  CASE_ACTION_ROLES,
  CASE_ACTION_TYPES,
  CaseActionBodySchemas,
  deadlineStatus,
  monitoringCategoriesFor,
  monitoringStatusOf,
  refusalToAppError,
  transition,
  type CaseAction,
  type CaseState,
} from '../src/case-machine.js';
import { addDays } from '../src/dates.js';
import { AppError } from '../src/errors.js';
import type { HouseholdType, MonitoringCategory } from '../src/enums.js';
import {
  actors,
  D0,
  deepFreeze,
  eliminate,
  expectOk,
  expectRefused,
  GUARDS_MET,
  HOUSEHOLD,
  identify,
  OTHER_VILLAGE,
  POLICY,
  step,
  VILLAGE,
} from './case-machine.support.js';

const start = (over: Partial<Extract<CaseAction, { type: 'start_verification' }>> = {}): CaseAction => ({
  type: 'start_verification',
  householdId: HOUSEHOLD,
  regionCode: VILLAGE,
  channel: 'cadre_screening',
  subChannel: 'visit',
  discoveredOn: D0,
  ...over,
});

describe('opening a case and its deadlines', () => {
  it('S3 §三(四): a lead starts the 15-day identification clock; verification is due after the policy days', () => {
    const r = expectOk(transition(null, start(), actors.village, D0, POLICY));
    expect(r.opened).toBe(true);
    expect(r.state).toMatchObject({
      stage: 'verifying',
      episode: 1,
      version: 1,
      discoveredOn: D0,
      identificationDueOn: '2024-03-16',
      verificationDueOn: '2024-03-04',
      currentDueOn: '2024-03-04',
      currentDueKind: 'verification',
    });
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({ type: 'verification_started', fromStage: null, toStage: 'verifying' });
    expect(r.events[0]!.payload).toMatchObject({
      deadlines: {
        opened: [
          { kind: 'verification', dueOn: '2024-03-04' },
          { kind: 'identification', dueOn: '2024-03-16' },
        ],
        closed: [],
      },
      policy: POLICY.versionLabel,
    });
  });

  it('S3 §三(四) "不超过15天": day 15 is still in time, day 16 is overdue', () => {
    const s = step(step(null, start(), actors.village, D0), signed(D0), actors.village, D0);
    const verified = step(s, atRisk(D0), actors.village, D0);
    expect(verified.currentDueKind).toBe('identification');
    const onDay15 = deadlineStatus(verified, '2024-03-16').current!;
    expect(onDay15).toMatchObject({ kind: 'identification', daysLeft: 0, overdue: false });
    const onDay16 = deadlineStatus(verified, '2024-03-17').current!;
    expect(onDay16).toMatchObject({ kind: 'identification', daysLeft: -1, overdue: true });
  });

  it('S1 §四(二): every discovery channel opens a case (app, 12317, paper; cadre screening; department warning)', () => {
    const channels = [
      { channel: 'self_application', subChannel: 'app' },
      { channel: 'self_application', subChannel: 'hotline_12317' },
      { channel: 'self_application', subChannel: 'written' },
      { channel: 'cadre_screening', subChannel: 'visit' },
      { channel: 'department_warning', subChannel: 'department_feed' },
    ] as const;
    for (const c of channels) {
      const r = expectOk(transition(null, start(c), actors.village, D0, POLICY));
      expect(r.events[0]!.payload).toMatchObject(c);
    }
    expectRefused(
      transition(null, { ...start(), channel: 'rumour' } as unknown as CaseAction, actors.village, D0, POLICY),
      'validation_failed',
      'invalid_action',
    );
  });

  it('takes `now` as the China calendar day (UTC+8) when given an instant', () => {
    const r = expectOk(
      transition(null, start({ discoveredOn: '2024-03-02' }), actors.village, new Date('2024-03-01T17:00:00Z'), POLICY),
    );
    expect(r.events[0]!.on).toBe('2024-03-02');
    expectRefused(transition(null, start(), actors.village, 'yesterday', POLICY), 'validation_failed', 'invalid_date');
  });

  it('refuses a discovery date in the future and names the field', () => {
    const r = expectRefused(
      transition(null, start({ discoveredOn: '2024-03-02' }), actors.village, D0, POLICY),
      'validation_failed',
      'date_in_future',
    );
    expect(r.issues[0]!.path).toBe('discoveredOn');
  });

  it('an open case refuses a second opening (the lead is attached to it instead)', () => {
    const s = identify(D0, 'publicizing');
    expectRefused(transition(s, start(), actors.village, D0, POLICY), 'invalid_transition', 'stage_not_allowed');
  });
});

function signed(on: string): CaseAction {
  return { type: 'sign_commitment', signedOn: on, signerName: '王某', authorizesAssetCheck: true };
}
function atRisk(on: string): CaseAction {
  return {
    type: 'record_verification',
    result: 'at_risk',
    verifiedOn: on,
    verifiers: ['村委委员'],
    findings: '因病支出大',
    riskTypes: ['illness'],
  };
}

describe('verification and the commitment (S1 §四(三))', () => {
  it('S1 §四(三): a household found at risk cannot go on the list without the signed commitment', () => {
    const s = identify(D0, 'verifying');
    expectRefused(transition(s, atRisk(D0), actors.village, D0, POLICY), 'precondition_failed', 'commitment_missing');
    const withCommitment = step(s, signed(D0), actors.village, D0);
    expect(withCommitment).toMatchObject({
      stage: 'verifying',
      commitmentSignedOn: D0,
      facts: { commitmentOnFile: true },
    });
    const listed = step(withCommitment, atRisk('2024-03-02'), actors.village, '2024-03-02');
    expect(listed).toMatchObject({ stage: 'commitment_signed', verifiedOn: '2024-03-02', riskTypes: ['illness'] });
    // the first home visit closes the verification deadline; identification is now the nearest
    expect(listed).toMatchObject({ currentDueKind: 'identification', currentDueOn: '2024-03-16' });
  });

  it('S1 §四(三): the commitment must authorise the lawful check of household assets', () => {
    const s = identify(D0, 'verifying');
    const r = expectRefused(
      transition(s, { ...signed(D0), authorizesAssetCheck: false } as CaseAction, actors.village, D0, POLICY),
      'precondition_failed',
      'authorization_missing',
    );
    expect(r.issues[0]!.path).toBe('authorizesAssetCheck');
    const twice = step(s, signed(D0), actors.village, D0);
    expectRefused(
      transition(twice, signed(D0), actors.village, D0, POLICY),
      'precondition_failed',
      'commitment_already_on_file',
    );
  });

  it('S1 §四(三)1: verification finding no risk closes the case with the finding as the reason', () => {
    const s = identify(D0, 'verifying');
    const r = expectOk(
      transition(
        s,
        {
          type: 'record_verification',
          result: 'no_risk',
          verifiedOn: D0,
          verifiers: ['网格员'],
          findings: '已外出务工，收入稳定',
        },
        actors.village,
        '2024-03-02',
        POLICY,
      ),
    );
    expect(r.state).toMatchObject({
      stage: 'rejected',
      rejectedOn: '2024-03-02',
      rejectionReason: '已外出务工，收入稳定',
    });
    expect(r.state.currentDueOn).toBeNull();
    const id = deadlineStatus(r.state, '2024-03-20').deadlines.find((d) => d.kind === 'identification')!;
    expect(id).toMatchObject({ open: false, metOn: '2024-03-02', late: false });
  });

  it('requires risk types when the household is at risk (the schema names the field)', () => {
    const s = step(identify(D0, 'verifying'), signed(D0), actors.village, D0);
    const r = expectRefused(
      transition(s, { ...atRisk(D0), riskTypes: [] } as CaseAction, actors.village, D0, POLICY),
      'validation_failed',
      'invalid_action',
    );
    expect(r.issues.map((i) => i.path)).toContain('riskTypes');
  });

  it('refuses a visit dated before the lead was discovered', () => {
    const s = step(identify(D0, 'verifying'), signed(D0), actors.village, D0);
    const r = expectRefused(
      transition(s, atRisk('2024-02-28'), actors.village, D0, POLICY),
      'validation_failed',
      'date_before_previous_step',
    );
    expect(r.issues[0]!.path).toBe('verifiedOn');
  });
});

describe('village democratic review (S1 §四(三)1)', () => {
  const review = (votesFor: number, attendees: number, votesAgainst = 0): CaseAction => ({
    type: 'record_village_review',
    heldOn: '2024-03-03',
    attendees,
    votesFor,
    votesAgainst,
    abstentions: 0,
  });

  it('S1 §四(三)1: the votes are recorded and more than half of those present nominate the household', () => {
    const s = identify(D0, 'commitment_signed');
    const r = expectOk(transition(s, review(5, 9, 4), actors.village, '2024-03-03', POLICY));
    expect(r.state).toMatchObject({ stage: 'village_reviewed', villageReviewedOn: '2024-03-03' });
    expect(r.state.facts.latestReview).toEqual({
      purpose: 'identification',
      heldOn: '2024-03-03',
      attendees: 9,
      votesFor: 5,
      votesAgainst: 4,
      abstentions: 0,
      passed: true,
    });
  });

  it('S1 §四(三)1: exactly half is not a majority: the household is not nominated and the case is rejected with the count', () => {
    const s = identify(D0, 'commitment_signed');
    const r = expectOk(transition(s, review(4, 8, 4), actors.village, '2024-03-03', POLICY));
    expect(r.state.stage).toBe('rejected');
    expect(r.state.rejectionReason).toContain('4 of 8');
    expect(r.events[0]).toMatchObject({ type: 'village_review_failed' });
  });

  it('refuses more votes than attendees, naming the field', () => {
    const s = identify(D0, 'commitment_signed');
    const r = expectRefused(
      transition(s, review(8, 7), actors.village, '2024-03-03', POLICY),
      'validation_failed',
      'invalid_action',
    );
    expect(r.issues[0]).toMatchObject({ path: 'votesFor' });
  });

  it('S1 §四(三): no review without the commitment on file, even if a stored case claims the stage', () => {
    const s = identify(D0, 'commitment_signed');
    const tampered: CaseState = { ...s, facts: { ...s.facts, commitmentOnFile: false } };
    expectRefused(
      transition(tampered, review(6, 9), actors.village, '2024-03-03', POLICY),
      'precondition_failed',
      'commitment_missing',
    );
  });
});

describe('public notice (S3 §三(四))', () => {
  it('S3 §三(四): the notice lasts at least 5 days: posted on the 3rd, it may end on the 8th, not the 7th', () => {
    const s = identify(D0, 'village_reviewed');
    const notice = (endOn: string): CaseAction => ({
      type: 'start_public_notice',
      startOn: '2024-03-03',
      endOn,
      place: '村委会公示栏',
    });
    const r = expectRefused(
      transition(s, notice('2024-03-07'), actors.village, '2024-03-03', POLICY),
      'precondition_failed',
      'notice_too_short',
    );
    expect(r.details).toMatchObject({ earliestEndOn: '2024-03-08', noticeMinDays: 5 });
    expect(r.issues[0]!.path).toBe('endOn');
    const ok = step(s, notice('2024-03-08'), actors.village, '2024-03-03');
    expect(ok).toMatchObject({ stage: 'publicizing', noticeStartOn: '2024-03-03', noticeEndOn: '2024-03-08' });
  });

  it('S3 §三(四): the notice length is policy: a 7-day local rule refuses a 5-day notice', () => {
    const s = identify(D0, 'village_reviewed');
    const local = { deadlines: { ...POLICY.deadlines, noticeMinDays: 7 } };
    const notice: CaseAction = {
      type: 'start_public_notice',
      startOn: '2024-03-03',
      endOn: '2024-03-08',
      place: '公示栏',
    };
    expectRefused(
      transition(s, notice, actors.village, '2024-03-03', local),
      'precondition_failed',
      'notice_too_short',
    );
  });

  it('S3 §三(四): the township may review only after the last day of the notice has passed', () => {
    const s = identify(D0, 'publicizing'); // notice 03-03 … 03-08
    const r = expectRefused(
      transition(s, { type: 'township_review', decision: 'approve' }, actors.township, '2024-03-08', POLICY),
      'precondition_failed',
      'notice_not_elapsed',
    );
    expect(r.details).toMatchObject({ noticeEndOn: '2024-03-08', reviewFrom: '2024-03-09' });
    const ok = step(s, { type: 'township_review', decision: 'approve' }, actors.township, '2024-03-09');
    expect(ok).toMatchObject({ stage: 'township_reviewed', townshipReviewedOn: '2024-03-09' });
  });

  it('S3 §三(四): an objection sends the case back to verification and blocks every decision until resolved', () => {
    const s = identify(D0, 'publicizing');
    const objected = step(
      s,
      { type: 'record_objection', raisedOn: '2024-03-05', content: '该户子女在城区有商品房', raisedBy: '村民李某' },
      actors.village,
      '2024-03-05',
    );
    expect(objected).toMatchObject({
      stage: 'verifying',
      noticeStartOn: null,
      noticeEndOn: null,
      villageReviewedOn: null,
      commitmentSignedOn: s.commitmentSignedOn,
      facts: { openObjections: 1, commitmentOnFile: true },
    });
    // the verification deadline stays met; the 15-day clock keeps running from discovery
    expect(objected).toMatchObject({ currentDueKind: 'identification', identificationDueOn: '2024-03-16' });
    const reverified = step(objected, atRisk('2024-03-06'), actors.village, '2024-03-06');
    const review: CaseAction = {
      type: 'record_village_review',
      heldOn: '2024-03-06',
      attendees: 9,
      votesFor: 7,
      votesAgainst: 2,
      abstentions: 0,
    };
    expectRefused(
      transition(reverified, review, actors.village, '2024-03-06', POLICY),
      'precondition_failed',
      'open_objection',
    );
    const resolved = step(
      reverified,
      {
        type: 'resolve_objection',
        resolvedOn: '2024-03-06',
        resolution: '经核实商品房为子女婚前购置且已分户，不影响认定',
        upheld: false,
      },
      actors.township,
      '2024-03-06',
    );
    expect(resolved.facts.openObjections).toBe(0);
    expect(step(resolved, review, actors.village, '2024-03-06').stage).toBe('village_reviewed');
  });

  it('refuses to resolve an objection when none is open', () => {
    const s = identify(D0, 'publicizing');
    expectRefused(
      transition(
        s,
        { type: 'resolve_objection', resolvedOn: '2024-03-05', resolution: '—', upheld: false },
        actors.township,
        '2024-03-05',
        POLICY,
      ),
      'precondition_failed',
      'no_open_objection',
    );
  });
});

describe('township review and county decision (S1 §四(三)2–3)', () => {
  it('S1 §四(三)2: the township may return the case to the village, which verifies again', () => {
    const s = identify(D0, 'publicizing');
    const r = expectOk(
      transition(
        s,
        { type: 'township_review', decision: 'return', opinion: '风险类型判断有误，请重新核实' },
        actors.township,
        '2024-03-09',
        POLICY,
      ),
    );
    expect(r.state).toMatchObject({ stage: 'verifying', noticeEndOn: null });
    expect(r.events[0]!.type).toBe('township_returned');
    expectRefused(
      transition(s, { type: 'township_review', decision: 'reject' }, actors.township, '2024-03-09', POLICY),
      'validation_failed',
      'invalid_action',
    );
  });

  it('S1 §四(三)3, S3 §三(五): county confirmation classifies the household and sets the plan due 10 days later', () => {
    const s = identify(D0, 'township_reviewed');
    const r = expectOk(
      transition(
        s,
        {
          type: 'county_confirm',
          category: 'sudden_hardship',
          riskTypes: ['illness', 'accident'],
          dataComparisonNote: '比对无异常',
        },
        actors.admin,
        '2024-03-10',
        POLICY,
      ),
    );
    expect(r.state).toMatchObject({
      stage: 'monitoring',
      confirmedOn: '2024-03-10',
      category: 'sudden_hardship',
      riskTypes: ['illness', 'accident'],
      planDueOn: '2024-03-20',
      currentDueKind: 'assistance_plan',
      currentDueOn: '2024-03-20',
      identificationDueOn: '2024-03-16',
    });
    expect(r.events[0]!.payload).toMatchObject({
      withinDeadline: true,
      deadlines: { opened: [{ kind: 'assistance_plan', dueOn: '2024-03-20' }], closed: [{ kind: 'identification' }] },
    });
    expect(monitoringStatusOf(r.state.stage)).toBe('monitoring_unresolved');
  });

  it('S3 §三(四): a confirmation after day 15 is recorded as late, and the deadline shows it was missed', () => {
    const s = identify(D0, 'township_reviewed');
    const late = step(
      s,
      { type: 'county_confirm', category: 'marginal_vulnerable', riskTypes: ['illness'], dataComparisonNote: '—' },
      actors.county,
      '2024-03-18',
    );
    const id = deadlineStatus(late, '2024-03-18').deadlines.find((d) => d.kind === 'identification')!;
    expect(id).toMatchObject({ open: false, metOn: '2024-03-18', late: true });
  });

  it('S0 plan three §二(一)1–2, S1 §三(一): 脱贫不稳定户 only for lifted households, 边缘易致贫户 only for ordinary ones', () => {
    const s = identify(D0, 'township_reviewed');
    const confirm = (category: MonitoringCategory, householdType: HouseholdType) =>
      transition(
        s,
        { type: 'county_confirm', category, riskTypes: ['illness'], dataComparisonNote: '—' },
        actors.county,
        '2024-03-10',
        POLICY,
        { householdType },
      );
    expect(confirm('unstable_lifted', 'general_household')).toMatchObject({
      ok: false,
      code: 'precondition_failed',
      reason: 'category_not_for_household_type',
    });
    expect(confirm('marginal_vulnerable', 'lifted_household')).toMatchObject({
      ok: false,
      code: 'precondition_failed',
    });
    for (const [category, type] of [
      ['unstable_lifted', 'lifted_household'],
      ['marginal_vulnerable', 'general_household'],
      ['sudden_hardship', 'lifted_household'],
      ['sudden_hardship', 'general_household'],
    ] as const) {
      expect(confirm(category, type)).toMatchObject({ ok: true, state: { category } });
    }
    expect(monitoringCategoriesFor('lifted_household')).toEqual(['unstable_lifted', 'sudden_hardship']);
  });

  it('issue 3 §4: rejection with a reason at any step; the county rejects after the township review', () => {
    const s = identify(D0, 'township_reviewed');
    const r = step(
      s,
      { type: 'county_reject', reason: '家庭成员为公职人员（S0 方案二 §二(二)）' },
      actors.county,
      '2024-03-10',
    );
    expect(r).toMatchObject({
      stage: 'rejected',
      rejectedOn: '2024-03-10',
      rejectionReason: '家庭成员为公职人员（S0 方案二 §二(二)）',
    });
    expectRefused(
      transition(s, { type: 'county_reject', reason: '  ' }, actors.county, '2024-03-10', POLICY),
      'validation_failed',
      'invalid_action',
    );
  });

  it('reject_case: the village only before its own review, the township before its review, the county throughout', () => {
    const reject: CaseAction = { type: 'reject_case', reason: '农户主动撤回申请' };
    expect(step(identify(D0, 'verifying'), reject, actors.village, D0).stage).toBe('rejected');
    const reviewed = identify(D0, 'village_reviewed');
    expectRefused(transition(reviewed, reject, actors.village, '2024-03-04', POLICY), 'forbidden', 'role_not_allowed');
    expect(step(reviewed, reject, actors.township, '2024-03-04').stage).toBe('rejected');
    const atTownship = identify(D0, 'township_reviewed');
    expectRefused(
      transition(atTownship, reject, actors.township, '2024-03-09', POLICY),
      'forbidden',
      'role_not_allowed',
    );
    expect(step(atTownship, reject, actors.county, '2024-03-09').stage).toBe('rejected');
  });
});

describe('who may take each step', () => {
  it('departments and inspectors never move a case', () => {
    for (const type of CASE_ACTION_TYPES) {
      expect(CASE_ACTION_ROLES[type]).not.toContain('department_officer');
      expect(CASE_ACTION_ROLES[type]).not.toContain('inspector');
    }
    const s = identify(D0, 'township_reviewed');
    const confirm: CaseAction = {
      type: 'county_confirm',
      category: 'marginal_vulnerable',
      riskTypes: ['illness'],
      dataComparisonNote: '—',
    };
    expectRefused(transition(s, confirm, actors.department, '2024-03-10', POLICY), 'forbidden', 'role_not_allowed');
    expectRefused(transition(s, confirm, actors.inspector, '2024-03-10', POLICY), 'forbidden', 'role_not_allowed');
    expect(allowedActions(s, actors.inspector)).toEqual([]);
    expect(allowedActions(s, actors.department)).toEqual([]);
  });

  it('a village cadre cannot confirm, a township officer cannot run the village review', () => {
    const s = identify(D0, 'township_reviewed');
    const confirm: CaseAction = {
      type: 'county_confirm',
      category: 'marginal_vulnerable',
      riskTypes: ['illness'],
      dataComparisonNote: '—',
    };
    expectRefused(transition(s, confirm, actors.village, '2024-03-10', POLICY), 'forbidden', 'role_not_allowed');
    const c = identify(D0, 'commitment_signed');
    const review: CaseAction = {
      type: 'record_village_review',
      heldOn: '2024-03-03',
      attendees: 5,
      votesFor: 5,
      votesAgainst: 0,
      abstentions: 0,
    };
    expectRefused(transition(c, review, actors.township, '2024-03-03', POLICY), 'forbidden', 'role_not_allowed');
  });

  it('a cadre of another village is out of scope, both for an existing case and for opening one', () => {
    const s = identify(D0, 'commitment_signed');
    const review: CaseAction = {
      type: 'record_village_review',
      heldOn: '2024-03-03',
      attendees: 5,
      votesFor: 5,
      votesAgainst: 0,
      abstentions: 0,
    };
    expectRefused(transition(s, review, actors.otherVillage, '2024-03-03', POLICY), 'forbidden', 'out_of_scope');
    expectRefused(transition(null, start(), actors.otherVillage, D0, POLICY), 'forbidden', 'out_of_scope');
    expectOk(transition(null, start({ regionCode: OTHER_VILLAGE }), actors.otherVillage, D0, POLICY));
  });

  it('a step out of order is an invalid transition', () => {
    const s = identify(D0, 'verifying');
    const confirm: CaseAction = {
      type: 'county_confirm',
      category: 'marginal_vulnerable',
      riskTypes: ['illness'],
      dataComparisonNote: '—',
    };
    const r = expectRefused(
      transition(s, confirm, actors.county, D0, POLICY),
      'invalid_transition',
      'stage_not_allowed',
    );
    expect(refusalToAppError(r)).toBeInstanceOf(AppError);
    expect(refusalToAppError(r).details).toMatchObject({ reason: 'stage_not_allowed', stage: 'verifying' });
  });

  it('allowedActions lists the buttons each role sees, and hides the township review until the notice has run', () => {
    const v = identify(D0, 'verifying');
    expect(allowedActions(v, actors.village)).toEqual(['record_verification', 'sign_commitment', 'reject_case']);
    expect(allowedActions(v, actors.township)).toEqual(['reject_case']);
    const p = identify(D0, 'publicizing');
    expect(allowedActions(p, actors.township, { today: '2024-03-08' })).toEqual(['record_objection', 'reject_case']);
    expect(allowedActions(p, actors.township, { today: '2024-03-09' })).toContain('township_review');
    const why = actionAvailability(p, actors.township, { today: '2024-03-08' }).find(
      (a) => a.type === 'township_review',
    )!;
    expect(why).toMatchObject({ allowed: false, refusal: { reason: 'notice_not_elapsed' } });
    expect(allowedActions(null, actors.village)).toEqual(['start_verification']);
  });
});

describe('assistance plan (S3 §三(五))', () => {
  it('S3 §三(五): recording the plan closes the plan deadline; a late plan is shown as late', () => {
    const m = identify(); // confirmed 2024-03-10, plan due 03-20
    expect(m.currentDueKind).toBe('assistance_plan');
    const inTime = step(m, { type: 'record_assistance_plan', createdOn: '2024-03-15' }, actors.village, '2024-03-15');
    expect(inTime).toMatchObject({
      currentDueOn: null,
      currentDueKind: null,
      planDueOn: '2024-03-20',
      facts: { planCreatedOn: '2024-03-15' },
    });
    expect(deadlineStatus(m, '2024-03-21').current).toMatchObject({
      kind: 'assistance_plan',
      overdue: true,
      daysLeft: -1,
    });
    const late = step(m, { type: 'record_assistance_plan', createdOn: '2024-03-25' }, actors.township, '2024-03-25');
    expect(deadlineStatus(late, '2024-03-25').deadlines.find((d) => d.kind === 'assistance_plan')).toMatchObject({
      late: true,
      metOn: '2024-03-25',
    });
    expectRefused(
      transition(
        inTime,
        { type: 'record_assistance_plan', createdOn: '2024-03-16' },
        actors.village,
        '2024-03-16',
        POLICY,
      ),
      'precondition_failed',
      'plan_already_recorded',
    );
  });
});

describe('risk elimination (S1 §四(四); S3 §三(六)(七))', () => {
  const monitored = () =>
    step(identify(), { type: 'record_assistance_plan', createdOn: '2024-03-12' }, actors.village, '2024-03-12');
  const propose: CaseAction = {
    type: 'propose_elimination',
    method: 'assisted',
    proposedOn: '2024-10-08',
    findings: '务工收入稳定超过监测线',
  };

  it('S1 §四(四), S3 §三(六): elimination needs the guards evaluated and met', () => {
    const m = monitored();
    expectRefused(
      transition(m, propose, actors.village, '2024-10-08', POLICY),
      'precondition_failed',
      'elimination_guards_not_evaluated',
    );
    const r = expectRefused(
      transition(m, propose, actors.village, '2024-10-08', POLICY, {
        eliminationGuards: { met: false, failedRuleIds: ['guard.months_monitored'] },
      }),
      'precondition_failed',
      'elimination_guards_not_met',
    );
    expect(r.details).toEqual({ failedRuleIds: ['guard.months_monitored'] });
    const p = step(m, propose, actors.village, '2024-10-08', GUARDS_MET);
    expect(p).toMatchObject({
      stage: 'elimination_proposed',
      eliminationProposedOn: '2024-10-08',
      eliminationMethod: 'assisted',
    });
  });

  it('S1 §四(三): elimination goes through the same review, notice, township and county steps, and the county re-checks the guards', () => {
    const m = monitored();
    const e = eliminate(m, '2024-10-08', 'natural');
    expect(e).toMatchObject({
      stage: 'eliminated',
      eliminatedOn: '2024-10-15',
      eliminationMethod: 'natural',
      currentDueOn: null,
    });
    expect(monitoringStatusOf(e.stage)).toBe('risk_eliminated');
    // the identification dates stay; the elimination round has its own
    expect(e).toMatchObject({
      villageReviewedOn: '2024-03-03',
      eliminationVillageReviewedOn: '2024-10-08',
      eliminationNoticeEndOn: '2024-10-13',
    });
    let s = step(m, propose, actors.village, '2024-10-08', GUARDS_MET);
    s = step(
      s,
      {
        type: 'record_village_review',
        heldOn: '2024-10-08',
        attendees: 7,
        votesFor: 6,
        votesAgainst: 1,
        abstentions: 0,
      },
      actors.village,
      '2024-10-08',
    );
    s = step(
      s,
      { type: 'start_public_notice', startOn: '2024-10-08', endOn: '2024-10-13', place: '公示栏' },
      actors.village,
      '2024-10-08',
    );
    expectRefused(
      transition(s, { type: 'township_review', decision: 'approve' }, actors.township, '2024-10-13', POLICY),
      'precondition_failed',
      'notice_not_elapsed',
    );
    s = step(s, { type: 'township_review', decision: 'approve' }, actors.township, '2024-10-14');
    expectRefused(
      transition(s, { type: 'county_approve_elimination' }, actors.county, '2024-10-15', POLICY, {
        eliminationGuards: { met: false, failedRuleIds: ['guard.new_risk'] },
      }),
      'precondition_failed',
      'elimination_guards_not_met',
    );
    const refused = step(s, { type: 'county_reject_elimination', reason: '新增因学支出' }, actors.county, '2024-10-15');
    expect(refused).toMatchObject({
      stage: 'monitoring',
      eliminationProposedOn: null,
      eliminationMethod: null,
      eliminationNoticeEndOn: null,
    });
  });

  it('S1 §四(三): an objection to the elimination notice sends it back to its proposal; a failed vote back to monitoring', () => {
    let s = step(monitored(), propose, actors.village, '2024-10-08', GUARDS_MET);
    const review: CaseAction = {
      type: 'record_village_review',
      heldOn: '2024-10-09',
      attendees: 7,
      votesFor: 3,
      votesAgainst: 4,
      abstentions: 0,
    };
    expect(step(s, review, actors.village, '2024-10-09')).toMatchObject({
      stage: 'monitoring',
      eliminationProposedOn: null,
    });
    s = step(s, { ...review, votesFor: 5, votesAgainst: 2 } as CaseAction, actors.village, '2024-10-09');
    s = step(
      s,
      { type: 'start_public_notice', startOn: '2024-10-09', endOn: '2024-10-14', place: '公示栏' },
      actors.village,
      '2024-10-09',
    );
    s = step(
      s,
      { type: 'record_objection', raisedOn: '2024-10-10', content: '该户仍有大额医疗支出' },
      actors.village,
      '2024-10-10',
    );
    expect(s).toMatchObject({
      stage: 'elimination_proposed',
      eliminationNoticeStartOn: null,
      facts: { openObjections: 1 },
    });
  });

  it('S1 §四(四), S3 §三(七): a whole-household-no-labour case is not marked eliminated', () => {
    const m = monitored();
    const flagged = step(
      m,
      { type: 'set_no_labor_flag', determinedOn: '2024-05-01', basis: '户内2人均为失能老人' },
      actors.township,
      '2024-05-01',
    );
    expect(flagged.wholeHouseholdNoLabor).toBe(true);
    expectRefused(
      transition(flagged, propose, actors.village, '2024-10-08', POLICY, GUARDS_MET),
      'precondition_failed',
      'no_labor_flag_set',
    );
    // flagged during the elimination procedure: the elimination is withdrawn
    let s = step(m, propose, actors.village, '2024-10-08', GUARDS_MET);
    s = step(
      s,
      {
        type: 'record_village_review',
        heldOn: '2024-10-08',
        attendees: 7,
        votesFor: 7,
        votesAgainst: 0,
        abstentions: 0,
      },
      actors.village,
      '2024-10-08',
    );
    const r = expectOk(
      transition(
        s,
        { type: 'set_no_labor_flag', determinedOn: '2024-10-09', basis: '户主确诊失能' },
        actors.village,
        '2024-10-09',
        POLICY,
      ),
    );
    expect(r.state).toMatchObject({
      stage: 'monitoring',
      wholeHouseholdNoLabor: true,
      eliminationProposedOn: null,
      eliminationVillageReviewedOn: null,
    });
    expect(r.events[0]!.payload).toMatchObject({ eliminationWithdrawn: true });
    // an eliminated case must be rolled back before it can be flagged
    const e = eliminate(m, '2024-10-08');
    expectRefused(
      transition(
        e,
        { type: 'set_no_labor_flag', determinedOn: '2024-11-01', basis: '—' },
        actors.township,
        '2024-11-01',
        POLICY,
      ),
      'invalid_transition',
      'stage_not_allowed',
    );
    // clearing takes the township or the county, not the village
    expectRefused(
      transition(
        flagged,
        { type: 'clear_no_labor_flag', reason: '子女返乡务工' },
        actors.village,
        '2024-06-01',
        POLICY,
      ),
      'forbidden',
      'role_not_allowed',
    );
    expect(
      step(flagged, { type: 'clear_no_labor_flag', reason: '子女返乡务工' }, actors.township, '2024-06-01')
        .wholeHouseholdNoLabor,
    ).toBe(false);
  });

  it('风险消除回退 (W7/W8): a rollback returns the household to monitoring in the same episode', () => {
    const e = eliminate(monitored(), '2024-10-08');
    expectRefused(
      transition(e, { type: 'rollback_elimination', reason: '务工中断' }, actors.village, '2024-11-01', POLICY),
      'forbidden',
      'role_not_allowed',
    );
    const r = expectOk(
      transition(
        e,
        { type: 'rollback_elimination', reason: '务工中断，收入再次低于监测线' },
        actors.county,
        '2024-11-01',
        POLICY,
      ),
    );
    expect(r.state).toMatchObject({
      stage: 'monitoring',
      episode: 1,
      rolledBackOn: '2024-11-01',
      eliminatedOn: null,
      eliminationMethod: null,
    });
    expect(r.events[0]!.payload).toMatchObject({ eliminatedOn: '2024-10-15', method: 'assisted' });
    // proposing again cannot be dated before the rollback
    expectRefused(
      transition(
        r.state,
        { ...propose, proposedOn: '2024-10-30' } as CaseAction,
        actors.village,
        '2024-11-02',
        POLICY,
        GUARDS_MET,
      ),
      'validation_failed',
      'date_before_previous_step',
    );
  });

  it('风险再标注 (W7/W8): a new risk after elimination opens a new episode linked to the old case, which stays unchanged', () => {
    const e = deepFreeze(eliminate(monitored(), '2024-10-08'));
    const remark: CaseAction = {
      type: 'remark_risk',
      channel: 'department_warning',
      subChannel: 'department_feed',
      discoveredOn: '2025-01-05',
      riskTypes: ['natural_disaster'],
    };
    const r = expectOk(transition(e, remark, actors.village, '2025-01-06', POLICY));
    expect(r.opened).toBe(true);
    expect(r.state).toMatchObject({
      stage: 'verifying',
      episode: 2,
      previousCaseId: e.id,
      householdId: e.householdId,
      regionCode: e.regionCode,
      version: 1,
      identificationDueOn: '2025-01-20',
      wholeHouseholdNoLabor: false,
      facts: { commitmentOnFile: false, planCreatedOn: null },
    });
    expect(r.events[0]).toMatchObject({ type: 'risk_remarked', fromStage: null, toStage: 'verifying' });
    expect(e.stage).toBe('eliminated');
    expectRefused(
      transition(e, { ...remark, discoveredOn: '2024-10-01' } as CaseAction, actors.village, '2025-01-06', POLICY),
      'validation_failed',
      'date_before_previous_step',
    );
  });

  it('a new lead after a rejection opens a linked case in the same episode', () => {
    const rejected = step(identify(D0, 'verifying'), { type: 'reject_case', reason: '农户撤回' }, actors.village, D0);
    const r = expectOk(
      transition(rejected, start({ discoveredOn: '2024-04-01' }), actors.village, '2024-04-01', POLICY),
    );
    expect(r.state).toMatchObject({ episode: 1, previousCaseId: rejected.id, stage: 'verifying' });
    expectRefused(
      transition(
        rejected,
        start({ householdId: '00000000-0000-4000-8000-0000000000ff' }),
        actors.village,
        '2024-04-01',
        POLICY,
      ),
      'validation_failed',
      'household_mismatch',
    );
  });
});

describe('request bodies', () => {
  it('each step has a strict body schema that names the offending field', () => {
    const r = CaseActionBodySchemas.start_public_notice.safeParse({
      startOn: '2024-02-30',
      endOn: '2024-03-08',
      place: '公示栏',
      extra: 1,
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.') || i.code);
    expect(paths).toContain('startOn');
    expect(paths).toContain('unrecognized_keys');
    expect(CaseActionBodySchemas.county_reject.safeParse({ reason: '不符合条件' }).success).toBe(true);
  });

  it('version increases by one per step and the input is never modified', () => {
    const s = deepFreeze(identify(D0, 'publicizing'));
    const next = expectOk(
      transition(s, { type: 'township_review', decision: 'approve' }, actors.township, '2024-03-09', POLICY),
    );
    expect(next.state.version).toBe(s.version + 1);
    expect(s.stage).toBe('publicizing');
    expect(addDays(s.noticeEndOn!, 1)).toBe('2024-03-09');
  });
});
