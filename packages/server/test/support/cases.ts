import { addDays, type Actor, type CaseAction, type CaseStage } from '@dixian/core';
import type { CaseDetail, CaseStepType, HouseholdDetail, LeadView } from '@dixian/core/api';
import { datedStore } from '../../src/db/dated-store.js';
import { CaseRepository } from '../../src/repositories/case.repository.js';
import { HouseholdRepository } from '../../src/repositories/household.repository.js';
import { startVerification, takeCaseStep } from '../../src/services/case.service.js';
import { applyStep } from '../../src/services/case-step.js';
import type { ServiceContext } from '../../src/services/context.js';
import { createIncome } from '../../src/services/income.service.js';
import { createLead } from '../../src/services/lead.service.js';
import { changeMeasureStatus, createPlan } from '../../src/services/plan.service.js';
import { annualIncome, createHouseholdIn, memberInput, type FixtureUser, type Testbed } from './api.js';

/**
 * Arranging cases for API tests: the fixture users' service contexts at any day (the steps carry field dates and
 * the machine dates decisions by "now", so a case confirmed months ago is played at those days), and the
 * identification procedure played through the real services, step by step, by the role that takes each step.
 */

export function actorOf(tb: Testbed, user: FixtureUser): Actor {
  const u = tb.users[user];
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    scopeCode: u.scopeCode,
    ...(u.department ? { department: u.department } : {}),
  };
}

/** A fixture user's context; with `day`, its clock stands at 10:00 China time that day. */
export function ctxAs(tb: Testbed, user: FixtureUser, day?: string): ServiceContext {
  const now = day ? () => new Date(`${day}T10:00:00+08:00`) : tb.clock.now;
  // the fact changes it writes are dated by its day, as a service running on that day would (db/dated-store.ts)
  return { ...tb.deps, store: datedStore(tb.store, now), now, actor: actorOf(tb, user), requestId: null };
}

export async function caseVersion(tb: Testbed, caseId: string): Promise<number> {
  const r = await tb.store.db
    .selectFrom('monitoringCase')
    .select('version')
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  return r.version;
}

/**
 * A step taken by a fixture user on a day, stored by the same code as the API (applyStep) but without building
 * the case page afterwards: arranging a case takes one transaction per step.
 */
export async function step(
  tb: Testbed,
  user: FixtureUser,
  caseId: string,
  type: CaseStepType,
  body: Record<string, unknown>,
  day?: string,
): Promise<void> {
  const ctx = ctxAs(tb, user, day);
  await ctx.store.transaction(async (tx) => {
    const before = await new CaseRepository(tx.db).get({ regionPrefix: '' }, caseId);
    const household = await new HouseholdRepository(tx.db).get({ regionPrefix: '' }, before!.householdId);
    await applyStep(tx, ctx, { before: before!, action: { type, ...body } as CaseAction, household: household! });
  });
}

/** The same step through the service, as a request would take it (version checked, case page returned). */
export async function stepChecked(
  tb: Testbed,
  user: FixtureUser,
  caseId: string,
  type: CaseStepType,
  body: Record<string, unknown>,
  day?: string,
): Promise<CaseDetail> {
  return takeCaseStep(ctxAs(tb, user, day), caseId, type, { ...body, version: await caseVersion(tb, caseId) });
}

/** A cadre's lead about a household, discovered on `day`. */
export async function leadOn(
  tb: Testbed,
  householdId: string,
  day: string,
  cadre: FixtureUser = 'cadre',
): Promise<LeadView> {
  return createLead(ctxAs(tb, cadre, day), {
    channel: 'cadre_screening',
    subChannel: 'visit',
    householdId,
    riskTypes: ['illness'],
    description: '入户走访发现家庭成员患病 / illness found on a visit',
  });
}

/** The days of an identification that starts on d0 (each step in order, the notice lasting 5 days). */
export function identificationDays(d0: string) {
  return {
    discovered: d0,
    signed: addDays(d0, 1),
    verified: addDays(d0, 1),
    reviewed: addDays(d0, 3),
    noticeStart: addDays(d0, 4),
    noticeEnd: addDays(d0, 9),
    township: addDays(d0, 10),
    county: addDays(d0, 12),
  };
}

const ORDER: CaseStage[] = [
  'verifying',
  'commitment_signed',
  'village_reviewed',
  'publicizing',
  'township_reviewed',
  'monitoring',
];

/**
 * Play a household's identification from a lead discovered on d0 up to `until` (default: confirmed), each step
 * by its role on its day: the village's cadre (`cadre`) verifies, takes the commitment, holds the review and posts the notice; the
 * township reviews; the county confirms.
 */
export async function identify(
  tb: Testbed,
  householdId: string,
  d0: string,
  until: CaseStage = 'monitoring',
  cadre: FixtureUser = 'cadre',
): Promise<string> {
  const d = identificationDays(d0);
  const lead = await leadOn(tb, householdId, d.discovered, cadre);
  const opened = await startVerification(ctxAs(tb, cadre, d.discovered), lead.id, { version: lead.version });
  const id = opened.case.id;
  const upTo = ORDER.indexOf(until);
  if (upTo >= 1) {
    await step(
      tb,
      cadre,
      id,
      'sign_commitment',
      { signedOn: d.signed, signerName: '王建国', authorizesAssetCheck: true },
      d.signed,
    );
    await step(
      tb,
      cadre,
      id,
      'record_verification',
      {
        result: 'at_risk',
        verifiedOn: d.verified,
        verifiers: ['村支书', '网格员'],
        findings: '家庭成员患病,支出大',
        riskTypes: ['illness'],
      },
      d.verified,
    );
  }
  if (upTo >= 2) {
    await step(
      tb,
      cadre,
      id,
      'record_village_review',
      { heldOn: d.reviewed, attendees: 21, votesFor: 18, votesAgainst: 2, abstentions: 1 },
      d.reviewed,
    );
  }
  if (upTo >= 3) {
    await step(
      tb,
      cadre,
      id,
      'start_public_notice',
      { startOn: d.noticeStart, endOn: d.noticeEnd, place: '村务公开栏' },
      d.noticeStart,
    );
  }
  if (upTo >= 4) await step(tb, 'township', id, 'township_review', { decision: 'approve' }, d.township);
  if (upTo >= 5) {
    await step(
      tb,
      'officer',
      id,
      'county_confirm',
      { category: 'marginal_vulnerable', riskTypes: ['illness'], dataComparisonNote: '经部门数据比对无不予纳入情形' },
      d.county,
    );
  }
  return id;
}

let prosperousSeq = 600;

/**
 * A household that meets every elimination guard in 2024 (S1 §四(四); S3 §三(六)): three insured, healthy
 * members who can work, income well above the 6000-yuan line in 2022, 2023 and the twelve months to May 2024,
 * no rigid expenditure, safe housing and water.
 */
export async function prosperousHousehold(tb: Testbed, village: string): Promise<HouseholdDetail> {
  const county = village.slice(0, 6);
  const seq = (prosperousSeq += 4);
  const h = await createHouseholdIn(tb, village, {
    housingSafetyGrade: 'A',
    members: [
      { ...memberInput('head', { county, seq: seq + 1, birthDate: '1972-01-01' }), medicalInsurance: 'resident' },
      {
        ...memberInput('spouse', { county, seq: seq + 2, birthDate: '1973-02-02' }),
        medicalInsurance: 'resident',
      },
      {
        ...memberInput('son', { county, seq: seq + 3, birthDate: '1998-03-03', name: '王小军' }),
        medicalInsurance: 'resident',
      },
    ],
  });
  const id = h.household.id;
  for (const year of [2022, 2023]) await createIncome(tb.system, id, annualIncome(year, 4_500_000));
  await createIncome(
    tb.system,
    id,
    annualIncome(2024, 4_800_000, { kind: 'visit_estimate', periodStart: '2023-06-01', periodEnd: '2024-05-31' }),
  );
  return h;
}

const ELIMINATION_ORDER: CaseStage[] = [
  'monitoring',
  'elimination_proposed',
  'elimination_village_reviewed',
  'elimination_publicizing',
  'elimination_township_reviewed',
  'eliminated',
];

/**
 * A prosperous household identified in September 2023 with a plan and one measure in place, taken through the
 * elimination procedure from a proposal on `proposedOn` up to `until` (the guards hold throughout).
 */
export async function eliminationCase(
  tb: Testbed,
  village: string,
  until: CaseStage,
  proposedOn = '2024-05-04',
): Promise<{ household: HouseholdDetail; caseId: string }> {
  const household = await prosperousHousehold(tb, village);
  const id = await identify(tb, household.household.id, '2023-09-01');
  const plan = await createPlan(ctxAs(tb, 'cadre', '2023-09-15'), id, {
    version: await caseVersion(tb, id),
    measures: [{ type: 'public_welfare_job', description: '村级保洁公益岗位' }],
  });
  await changeMeasureStatus(ctxAs(tb, 'cadre', '2023-09-20'), plan.id, plan.measures[0]!.id, {
    status: 'implementing',
    version: plan.measures[0]!.version,
  });
  const upTo = ELIMINATION_ORDER.indexOf(until);
  const p = proposedOn;
  if (upTo >= 1) {
    await step(
      tb,
      'cadre',
      id,
      'propose_elimination',
      { method: 'assisted', proposedOn: p, findings: '收入稳定超过监测范围,三保障和饮水安全巩固' },
      p,
    );
  }
  if (upTo >= 2) {
    const day = addDays(p, 2);
    await step(
      tb,
      'cadre',
      id,
      'record_village_review',
      { heldOn: day, attendees: 19, votesFor: 17, votesAgainst: 1, abstentions: 1 },
      day,
    );
  }
  if (upTo >= 3) {
    const day = addDays(p, 3);
    await step(
      tb,
      'cadre',
      id,
      'start_public_notice',
      { startOn: day, endOn: addDays(day, 5), place: '村务公开栏' },
      day,
    );
  }
  if (upTo >= 4) await step(tb, 'township', id, 'township_review', { decision: 'approve' }, addDays(p, 10));
  if (upTo >= 5) await step(tb, 'officer', id, 'county_approve_elimination', { note: '同意风险消除' }, addDays(p, 14));
  return { household, caseId: id };
}
