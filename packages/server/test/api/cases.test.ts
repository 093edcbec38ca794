import { addDays, chinaDate } from '@dixian/core';
import type { CaseDetail, CasePage, ErrorBody, LeadView } from '@dixian/core/api';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChains } from '../../src/audit/audit-verify.js';
import {
  createHouseholdIn,
  createTestbed,
  VILLAGE_A,
  VILLAGE_B,
  type ApiClient,
  type Testbed,
} from '../support/api.js';
import { caseVersion, eliminationCase, identify } from '../support/cases.js';
import { engines } from '../support/db.js';

const MISSING = '0b6f3c1e-2d4a-4c5b-9e8f-7a6b5c4d3e2f';

/**
 * The case procedure through the API (issue 4 §1; docs/case-procedure.md): every step is its own endpoint that
 * calls core's state machine with the version the client read, and stores the case, its events, the side
 * tables, the household's national-system flags, the lead and the audit record together.
 */
describe.each(engines)('cases through the API on %s', (engine) => {
  let tb: Testbed;
  let today: string;
  beforeAll(async () => {
    tb = await createTestbed(engine);
    today = chinaDate(tb.clock.now());
  });
  afterAll(async () => {
    await tb?.close();
  });

  const auditCount = async () =>
    Number(
      (
        await tb.store.db
          .selectFrom('auditLog')
          .where('action', '<>', 'access.refused')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  async function post<T = CaseDetail>(c: ApiClient, caseId: string, path: string, body: Record<string, unknown>) {
    return c.post<T & ErrorBody>(`/api/cases/${caseId}/${path}`, { ...body, version: await caseVersion(tb, caseId) });
  }

  it('S1 §四(三), S3 §三(四): a lead is identified by the cadre, the township and the county, over HTTP', async () => {
    const cadre = await tb.as('cadre');
    const township = await tb.as('township');
    const county = await tb.as('officer');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const d = (n: number) => addDays(today, n);

    // the cadre records a written application handed in 14 days ago: the 15 days run from that day
    const lead = await cadre.post<LeadView>('/api/leads', {
      channel: 'self_application',
      subChannel: 'written',
      householdId: h.household.id,
      riskTypes: ['illness'],
      discoveredOn: d(-14),
      description: '户主患病,医疗支出大',
    });
    expect(lead.status).toBe(201);
    expect(lead.body).toMatchObject({ status: 'open', verifyDueOn: d(-11), identificationDueOn: d(1) });

    const opened = await cadre.post<CaseDetail>(`/api/leads/${lead.body.id}/start-verification`, {
      version: lead.body.version,
    });
    expect(opened.status).toBe(201);
    const id = opened.body.case.id;
    expect(opened.body.case).toMatchObject({
      stage: 'verifying',
      discoveredOn: d(-14),
      identificationDueOn: d(1),
      verificationDueOn: d(-11),
      leadId: lead.body.id,
      episode: 1,
    });
    expect(opened.body.allowedActions).toEqual(
      expect.arrayContaining(['record_verification', 'sign_commitment', 'reject_case']),
    );
    expect((await cadre.get<LeadView>(`/api/leads/${lead.body.id}`)).body).toMatchObject({
      status: 'converted',
      caseId: id,
      caseStage: 'verifying',
    });

    // S1 §四(三): no "at risk" without the signed commitment; and the township does not take it
    const early = await post(cadre, id, 'record-verification', {
      result: 'at_risk',
      verifiedOn: d(-13),
      verifiers: ['村支书'],
      findings: '患病',
      riskTypes: ['illness'],
    });
    expect(early.status).toBe(422);
    expect(early.body.error.message).toContain('承诺授权书');
    expect(
      (
        await post(township, id, 'sign-commitment', {
          signedOn: d(-13),
          signerName: '王建国',
          authorizesAssetCheck: true,
        })
      ).status,
    ).toBe(403);

    const member = h.members.find((m) => m.relation === 'head')!;
    expect(
      (
        await post(cadre, id, 'sign-commitment', {
          signedOn: d(-13),
          signerName: '王建国',
          signerMemberId: member.id,
          authorizesAssetCheck: true,
          documentRef: '承诺授权书 2024-05',
        })
      ).status,
    ).toBe(200);
    const verified = await post(cadre, id, 'record-verification', {
      result: 'at_risk',
      verifiedOn: d(-13),
      verifiers: ['村支书', '网格员'],
      findings: '户主患病,年医疗自付超过上年收入',
      riskTypes: ['illness'],
    });
    expect(verified.body.case.stage).toBe('commitment_signed');
    const reviewed = await post(cadre, id, 'record-village-review', {
      heldOn: d(-12),
      attendees: 25,
      votesFor: 20,
      votesAgainst: 3,
      abstentions: 2,
      minutes: '村两委、村民代表和第一书记评议',
    });
    expect(reviewed.body.reviews).toEqual([
      expect.objectContaining({ purpose: 'identification', attendees: 25, votesFor: 20, passed: true }),
    ]);

    // S3 §三(四): the notice lasts at least 5 days
    const short = await post(cadre, id, 'start-public-notice', { startOn: d(-11), endOn: d(-7), place: '村务公开栏' });
    expect(short.status).toBe(422);
    expect(short.body.error.issues).toEqual([expect.objectContaining({ path: 'body.endOn' })]);
    // a notice running until today cannot be reviewed today
    await post(cadre, id, 'start-public-notice', { startOn: d(-11), endOn: d(0), place: '村务公开栏' });
    const tooSoon = await post(township, id, 'township-review', { decision: 'approve' });
    expect(tooSoon.status).toBe(422);
    expect(tooSoon.body.error.message).toContain(d(1));

    // an objection sends the case back to verification; resolved, verified again, a new review and notice
    const objected = await post(cadre, id, 'record-objection', {
      raisedOn: d(-10),
      content: '反映该户子女在城里有商品房',
      raisedBy: '村民',
    });
    expect(objected.body.case.stage).toBe('verifying');
    expect(objected.body.facts.openObjections).toBe(1);
    expect(objected.body.notices[0]).toMatchObject({ closedOn: d(-10), objections: [{ resolvedOn: null }] });
    const blocked = await post(cadre, id, 'record-village-review', {
      heldOn: d(-9),
      attendees: 20,
      votesFor: 18,
      votesAgainst: 2,
      abstentions: 0,
    });
    expect(blocked.status).toBe(409); // back at verifying: the review is out of order
    const resolved = await post(township, id, 'resolve-objection', {
      resolvedOn: d(-9),
      resolution: '经乡镇复核,商品房登记在已分户子女名下,异议不成立',
      upheld: false,
    });
    expect(resolved.body.facts.openObjections).toBe(0);
    expect(resolved.body.notices[0]!.objections[0]).toMatchObject({ resolvedOn: d(-9), upheld: false });
    await post(cadre, id, 'record-verification', {
      result: 'at_risk',
      verifiedOn: d(-9),
      verifiers: ['网格员'],
      findings: '复核属实',
      riskTypes: ['illness'],
    });
    await post(cadre, id, 'record-village-review', {
      heldOn: d(-8),
      attendees: 22,
      votesFor: 19,
      votesAgainst: 2,
      abstentions: 1,
    });
    await post(cadre, id, 'start-public-notice', { startOn: d(-8), endOn: d(-3), place: '村务公开栏' });

    expect((await post(cadre, id, 'township-review', { decision: 'approve' })).status).toBe(403);
    const approved = await post(township, id, 'township-review', { decision: 'approve', riskTypes: ['illness'] });
    expect(approved.body.case).toMatchObject({ stage: 'township_reviewed', townshipReviewedOn: today });
    expect(approved.body.allowedActions).toEqual([]); // a township officer has nothing more to do here

    const countyView = await county.get<CaseDetail>(`/api/cases/${id}`);
    expect(countyView.body.allowedActions).toEqual(expect.arrayContaining(['county_confirm', 'county_reject']));
    // S0 plan three §二(一)1–2, S1 §三(一): 脱贫不稳定户 are lifted households, 边缘易致贫户 ordinary ones
    const wrong = h.household.householdType === 'lifted_household' ? 'marginal_vulnerable' : 'unstable_lifted';
    const misfit = await post(county, id, 'county-confirm', {
      category: wrong,
      riskTypes: ['illness'],
      dataComparisonNote: '数据比对无异常',
    });
    expect(misfit.status).toBe(422);
    expect(misfit.body.error.message).toContain('不能确定为');
    expect(misfit.body.error.issues).toEqual([expect.objectContaining({ path: 'body.category' })]);
    const confirmed = await post(county, id, 'county-confirm', {
      category: 'sudden_hardship',
      riskTypes: ['illness'],
      dataComparisonNote: '经与公安、不动产、市场监管数据比对,无不予纳入情形',
    });
    expect(confirmed.status).toBe(200);
    const c = confirmed.body;
    expect(c.case).toMatchObject({
      stage: 'monitoring',
      monitoringStatus: 'monitoring_unresolved',
      confirmedOn: today,
      category: 'sudden_hardship',
      planDueOn: d(10),
      currentDueKind: 'assistance_plan',
    });
    // S3 §三(四): confirmed on day 14 of 15, in time; the plan is due within 10 days (S3 §三(五))
    expect(c.deadlines.deadlines).toEqual([
      expect.objectContaining({ kind: 'verification', metOn: d(-13), late: false }),
      expect.objectContaining({ kind: 'identification', metOn: today, late: false }),
      expect.objectContaining({ kind: 'assistance_plan', open: true, daysLeft: 10 }),
    ]);
    expect(c.events.map((e) => e.type)).toEqual([
      'verification_started',
      'commitment_signed',
      'verification_at_risk',
      'village_review_passed',
      'public_notice_started',
      'objection_recorded',
      'objection_resolved',
      'verification_at_risk',
      'village_review_passed',
      'public_notice_started',
      'township_approved',
      'county_confirmed',
    ]);
    expect(c.events.map((e) => e.seq)).toEqual(c.events.map((_, i) => i + 1));
    expect(c.events.at(-1)).toMatchObject({ actorRole: 'county_officer', payload: { withinDeadline: true } });
    expect(c.commitment).toMatchObject({ signedOn: d(-13), signerName: '王建国', authorizesAssetCheck: true });
    expect(c.notices.map((n) => [n.startOn, n.endOn])).toEqual([
      [d(-11), d(0)],
      [d(-8), d(-3)],
    ]);
    expect(c.guards?.failedRuleIds).toEqual(expect.arrayContaining(['W3.min_months_monitored', 'W3.min_measures']));

    // the household's national-system flags follow the case
    const hh = await cadre.get<{ household: Record<string, unknown> }>(`/api/households/${h.household.id}`);
    expect(hh.body.household).toMatchObject({
      monitoringStatus: 'monitoring_unresolved',
      monitoringCategory: 'sudden_hardship',
      riskTypes: ['illness'],
      identifiedMonth: today.slice(0, 7).replace('-', ''),
      firstIdentifiedOn: today,
    });

    // every step is in the verified audit chain
    expect((await verifyAuditChains(tb.store)).ok).toBe(true);
    const actions = await tb.store.db
      .selectFrom('auditLog')
      .select('action')
      .where('targetId', '=', id)
      .orderBy('seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'case.start_verification',
      'case.sign_commitment',
      'case.record_verification',
      'case.record_village_review',
      'case.start_public_notice',
      'case.record_objection',
      'case.resolve_objection',
      'case.record_verification',
      'case.record_village_review',
      'case.start_public_notice',
      'case.township_review',
      'case.county_confirm',
    ]);
  });

  it('S1 §四(四), S3 §三(六): elimination is refused while a guard fails and goes through once it holds', async () => {
    const cadre = await tb.as('cadre');
    const township = await tb.as('township');
    const county = await tb.as('officer');
    const { caseId: id } = await eliminationCase(tb, VILLAGE_A, 'monitoring');
    // the plan's measure stops: no measure is in place any more (W3: at least one)
    const plan = (await cadre.get<CaseDetail>(`/api/cases/${id}`)).body.plan!;
    const planView = await cadre.get<{ measures: { id: string; version: number }[] }>(`/api/plans/${plan.id}`);
    const m = planView.body.measures[0]!;
    expect(
      (await cadre.post(`/api/plans/${plan.id}/measures/${m.id}/status`, { status: 'stopped', version: m.version }))
        .status,
    ).toBe(200);

    const before = await cadre.get<CaseDetail>(`/api/cases/${id}`);
    expect(before.body.guards).toMatchObject({ met: false, failedRuleIds: ['W3.min_measures'] });
    expect(before.body.actions.find((a) => a.type === 'propose_elimination')).toMatchObject({
      allowed: false,
      reason: 'elimination_guards_not_met',
    });
    const proposal = { method: 'assisted', proposedOn: addDays(today, -30), findings: '收入稳定超过监测范围' };
    const refused = await post(cadre, id, 'propose-elimination', proposal);
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toContain('W3.min_measures');
    expect(await caseVersion(tb, id)).toBe(before.body.case.version);

    // a new measure put in place: the guards hold and the elimination runs its course
    const added = await cadre.post<{ id: string; version: number }>(`/api/plans/${plan.id}/measures`, {
      type: 'industry',
      description: '发展庭院经济',
    });
    await cadre.post(`/api/plans/${plan.id}/measures/${added.body.id}/status`, {
      status: 'implementing',
      version: added.body.version,
      on: addDays(today, -40),
    });
    const ready = await cadre.get<CaseDetail>(`/api/cases/${id}`);
    expect(ready.body.guards).toMatchObject({ met: true, failedRuleIds: [] });
    expect(ready.body.allowedActions).toContain('propose_elimination');
    const proposed = await post(cadre, id, 'propose-elimination', proposal);
    expect(proposed.body.case).toMatchObject({ stage: 'elimination_proposed', eliminationMethod: 'assisted' });
    await post(cadre, id, 'record-village-review', {
      heldOn: addDays(today, -28),
      attendees: 18,
      votesFor: 15,
      votesAgainst: 2,
      abstentions: 1,
    });
    await post(cadre, id, 'start-public-notice', {
      startOn: addDays(today, -27),
      endOn: addDays(today, -22),
      place: '村务公开栏',
    });
    await post(township, id, 'township-review', { decision: 'approve' });
    // the county re-checks the guards on the day it decides: a new risk found on a visit stops it
    const visit = await cadre.post(`/api/households/${ready.body.case.householdId}/visits`, {
      visitedOn: today,
      newRisks: ['accident'],
      note: '户主务工受伤',
    });
    expect(visit.status).toBe(201);
    const stopped = await post(county, id, 'county-approve-elimination', { note: '同意' });
    expect(stopped.status).toBe(422);
    expect(stopped.body.error.message).toContain('S3.3.6.no_new_risk');
    // the accident is resolved (the household's risk event closed): approved
    await tb.store.db
      .updateTable('householdRiskEvent')
      .set({ resolvedOn: today })
      .where('householdId', '=', ready.body.case.householdId)
      .execute();
    const approved = await post(county, id, 'county-approve-elimination', { note: '同意风险消除' });
    expect(approved.status).toBe(200);
    expect(approved.body.case).toMatchObject({ stage: 'eliminated', eliminatedOn: today });
    const hh = await cadre.get<{ household: Record<string, unknown> }>(
      `/api/households/${ready.body.case.householdId}`,
    );
    expect(hh.body.household).toMatchObject({
      monitoringStatus: 'risk_eliminated',
      riskEliminatedOn: today,
      eliminationMethod: 'assisted',
    });
  });

  it('W7/W8: rollback keeps the episode; re-marking opens a new one; S3 §三(七): the flag keeps a household monitored', async () => {
    const cadre = await tb.as('cadre');
    const county = await tb.as('officer');
    const township = await tb.as('township');
    const first = await eliminationCase(tb, VILLAGE_A, 'eliminated');
    const rolled = await post(county, first.caseId, 'rollback-elimination', { reason: '回访发现收入不稳定' });
    expect(rolled.body.case).toMatchObject({
      stage: 'monitoring',
      episode: 1,
      rolledBackOn: today,
      eliminatedOn: null,
      eliminationMethod: null,
    });
    const hh = await cadre.get<{ household: Record<string, unknown> }>(
      `/api/households/${first.household.household.id}`,
    );
    expect(hh.body.household).toMatchObject({ monitoringStatus: 'monitoring_unresolved', riskEliminatedOn: null });
    // the whole-household-no-labour flag: no elimination while it is set
    const flagged = await post(township, first.caseId, 'set-no-labor-flag', {
      determinedOn: today,
      basis: '家庭成员均丧失劳动能力,依靠低保维持生活',
    });
    expect(flagged.body.case.wholeHouseholdNoLabor).toBe(true);
    const refused = await post(cadre, first.caseId, 'propose-elimination', {
      method: 'natural',
      proposedOn: today,
      findings: '收入稳定',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toContain('S3 §三(七)');
    const flaggedHousehold = await cadre.get<{ household: Record<string, unknown> }>(
      `/api/households/${first.household.household.id}`,
    );
    expect(flaggedHousehold.body.household.wholeHouseholdNoLabor).toBe(true);

    const second = await eliminationCase(tb, VILLAGE_A, 'eliminated');
    const hid = second.household.household.id;
    const remark = await cadre.post<CaseDetail & ErrorBody>(`/api/households/${hid}/remark-risk`, {
      version: await caseVersion(tb, second.caseId),
      channel: 'cadre_screening',
      subChannel: 'visit',
      discoveredOn: today,
      riskTypes: ['natural_disaster'],
    });
    expect(remark.status).toBe(201);
    expect(remark.body.case).toMatchObject({
      stage: 'verifying',
      episode: 2,
      previousCaseId: second.caseId,
      riskTypes: ['natural_disaster'],
      identificationDueOn: addDays(today, 15),
    });
    expect(remark.body.events.map((e) => e.type)).toEqual(['risk_remarked']);
    const newLead = await cadre.get<LeadView>(`/api/leads/${remark.body.case.leadId}`);
    expect(newLead.body).toMatchObject({
      status: 'converted',
      channel: 'cadre_screening',
      caseId: remark.body.case.id,
    });
    // the eliminated episode stays as it was and takes no more steps
    const old = await post(county, second.caseId, 'rollback-elimination', { reason: '回退' });
    expect(old.status).toBe(409);
    expect(old.body.error.code).toBe('invalid_transition');
    expect(
      (await cadre.get<{ household: Record<string, unknown> }>(`/api/households/${hid}`)).body.household,
    ).toMatchObject({
      monitoringStatus: 'identifying',
    });
    // rejected at verification, the household is back where the elimination left it
    await post(cadre, remark.body.case.id, 'reject-case', { reason: '灾损已由保险理赔' });
    expect(
      (await cadre.get<{ household: Record<string, unknown> }>(`/api/households/${hid}`)).body.household,
    ).toMatchObject({
      monitoringStatus: 'risk_eliminated',
    });
  });

  it('two transitions of the same case version: exactly one wins, the other gets 409 version_conflict', async () => {
    const cadre = await tb.as('cadre');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const id = await identify(tb, h.household.id, addDays(today, -3), 'verifying');
    const version = await caseVersion(tb, id);
    const events = async () =>
      (await tb.store.db.selectFrom('caseEvent').select('seq').where('caseId', '=', id).execute()).length;
    const eventsBefore = await events();
    const a = { version, signedOn: today, signerName: '王建国', authorizesAssetCheck: true };
    const b = { version, reason: '申请人撤回申请' };
    const send = () =>
      Promise.all([
        cadre.post<ErrorBody>(`/api/cases/${id}/sign-commitment`, a),
        cadre.post<ErrorBody>(`/api/cases/${id}/reject-case`, b),
      ]);
    let pending: ReturnType<typeof send>;
    if (engine === 'postgres') {
      // Hold the case row so both requests have read the same version and wait on the row lock together; then
      // let go: the first UPDATE wins and the second finds the version moved.
      await tb.store.transaction(async (tx) => {
        await tx.client.query('select id from monitoring_case where id = $1 for update', [id]);
        pending = send();
        for (;;) {
          const r = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
            where wait_event_type = 'Lock' and datname = current_database()`.execute(tb.store.db);
          if (Number(r.rows[0]!.n) >= 2) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      });
    } else {
      pending = send();
    }
    const results = await pending!;
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe('version_conflict');
    expect(await caseVersion(tb, id)).toBe(version + 1);
    expect(await events()).toBe(eventsBefore + 1);
  });

  it('cross-area steps answer exactly like a missing case and change nothing', async () => {
    const other = await tb.as('cadreB');
    const otherCounty = await tb.as('otherAdmin');
    const dept = await tb.as('dept');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const id = await identify(tb, h.household.id, addDays(today, -20), 'township_reviewed');
    const version = await caseVersion(tb, id);
    const audit = await auditCount();
    const probe = async (c: ApiClient, caseId: string) => [
      await c.get(`/api/cases/${caseId}`),
      await c.post(`/api/cases/${caseId}/reject-case`, { version, reason: '越权' }),
      await c.post(`/api/cases/${caseId}/record-objection`, { version, raisedOn: today, content: '越权' }),
      await c.post(`/api/cases/${caseId}/plan`, { version }),
    ];
    const strip = (rs: { status: number; body: unknown }[]) => rs.map((r) => [r.status, r.body]);
    for (const c of [other, otherCounty]) {
      const theirs = await probe(c, id);
      const missing = await probe(c, MISSING);
      expect(theirs.map((r) => r.status)).toEqual([404, 404, 404, 404]);
      expect(strip(theirs)).toEqual(strip(missing));
    }
    const county = await probe(otherCounty, id);
    expect((county[0]!.body as ErrorBody).error.message).not.toContain(h.household.householdNo);
    // a role that never takes steps is refused as a role (403), which says nothing about the case
    const confirm = { version, category: 'sudden_hardship', riskTypes: ['illness'], dataComparisonNote: '比对' };
    expect((await dept.post(`/api/cases/${id}/county-confirm`, confirm)).status).toBe(403);
    expect((await dept.post(`/api/cases/${MISSING}/county-confirm`, confirm)).status).toBe(403);
    expect(await caseVersion(tb, id)).toBe(version);
    expect(await auditCount()).toBe(audit);
    // and the lists of another village show none of it
    const list = await other.get<CasePage>('/api/cases');
    expect(list.body.items.map((i) => i.id)).not.toContain(id);
    const leads = await other.get<{ items: LeadView[] }>('/api/leads');
    expect(leads.body.items.every((l) => l.regionCode === VILLAGE_B)).toBe(true);
  });

  it('lists cases nearest deadline first, filtered by stage, due and area', async () => {
    const cadre = await tb.as('cadre');
    const township = await tb.as('township');
    const late = await identify(
      tb,
      (await createHouseholdIn(tb, VILLAGE_A)).household.id,
      addDays(today, -30),
      'verifying',
    );
    const fresh = await identify(tb, (await createHouseholdIn(tb, VILLAGE_A)).household.id, today, 'verifying');
    const inB = await identify(
      tb,
      (await createHouseholdIn(tb, VILLAGE_B)).household.id,
      addDays(today, -1),
      'verifying',
      'cadreB',
    );
    const all = await cadre.get<CasePage>('/api/cases?pageSize=100');
    const dues = all.body.items.map((i) => i.currentDueOn ?? '9999-12-31');
    expect(dues).toEqual([...dues].sort());
    const overdue = await cadre.get<CasePage>('/api/cases?due=overdue&pageSize=100');
    expect(overdue.body.items.map((i) => i.id)).toContain(late);
    expect(overdue.body.items.map((i) => i.id)).not.toContain(fresh);
    expect(overdue.body.items.every((i) => i.overdue && i.daysLeft! < 0)).toBe(true);
    const soon = await cadre.get<CasePage>('/api/cases?dueWithinDays=3&stage=verifying&pageSize=100');
    expect(soon.body.items.map((i) => i.id)).toEqual(expect.arrayContaining([late, fresh]));
    expect(soon.body.items.every((i) => i.stage === 'verifying')).toBe(true);
    expect(all.body.items.every((i) => i.regionCode === VILLAGE_A)).toBe(true);
    const townshipList = await township.get<CasePage>(`/api/cases?region=${VILLAGE_B}&pageSize=100`);
    expect(townshipList.body.items.map((i) => i.id)).toContain(inB);
    expect(townshipList.body.items.every((i) => i.regionCode === VILLAGE_B)).toBe(true);
    const narrowed = await cadre.get<CasePage>(`/api/cases?region=${VILLAGE_B}`);
    expect(narrowed.body.total).toBe(0);
  });
});
