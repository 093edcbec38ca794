/**
 * 优亲厚友 (issue 17 §3). Seed 003 二: "着力解决优亲厚友等微腐败问题". A village cadre linked to his own person record
 * monitors his brother's household and gives it a measure: both reach the suspected-problem ledger (疑似问题台账,
 * S3 §五 二) for an inspector to clear or confirm, once however often the check runs; the same work for an unrelated
 * household is not flagged; his own household's monitoring is.
 */
import { makeIdNumber } from '@dixian/core';
import type { FavouritismCheckResult, HouseholdDetail, LedgerPage, UserView } from '@dixian/core/api';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagFavouritism } from '../../src/services/favouritism.service.js';
import { createHouseholdIn, memberInput, TOWNSHIP, VILLAGE_A, type Testbed, createTestbed } from '../support/api.js';
import { engines } from '../support/db.js';
import { insertCase } from '../support/records.js';

const CADRE_ID = makeIdNumber('220681', '1975-04-02', 517, 'male');

/** A monitored case of the household with a plan and a measure, both handled by `userId`. */
async function monitoredWithMeasureBy(tb: Testbed, h: HouseholdDetail, userId: string): Promise<void> {
  const id = h.household.id;
  const caseId = await insertCase(tb, id, {
    stage: 'monitoring',
    discoveredOn: '2024-04-01',
    confirmedOn: '2024-05-01',
  });
  await sql`insert into case_event (case_id, county_code, seq, action, to_stage, actor_id, actor_role)
    values (${caseId}, '220681', 1, 'verify', 'verifying', ${userId}, 'village_cadre')`.execute(tb.store.db);
  await sql`with p as (
      insert into assistance_plan (case_id, household_id, county_code, created_on, contact_user_id)
      values (${caseId}, ${id}, '220681', '2024-05-05', ${userId}) returning id)
    insert into assistance_measure (plan_id, household_id, county_code, category, type, start_on, status)
    select p.id, ${id}, '220681', 'industry', 'industry_support', '2024-05-06', 'implementing' from p`.execute(
    tb.store.db,
  );
}

describe.each(engines)('优亲厚友 on %s (S3 二)', (engine) => {
  let tb: Testbed;
  let own: HouseholdDetail;
  let brother: HouseholdDetail;
  let unrelated: HouseholdDetail;
  beforeAll(async () => {
    tb = await createTestbed(engine);
    own = await createHouseholdIn(tb, VILLAGE_A, {
      members: [{ ...memberInput('head', { name: '王建国' }), idNumber: CADRE_ID }],
    });
    brother = await createHouseholdIn(tb, VILLAGE_A);
    unrelated = await createHouseholdIn(tb, VILLAGE_A);
    // the cadre's household registers his brother's household as a relative's (separate_relative)
    await sql`insert into separate_relative (household_id, county_code, name, relation, other_household_id)
      values (${own.household.id}, '220681', '王建军', 'sibling', ${brother.household.id})`.execute(tb.store.db);
    const cadre = tb.users.cadre.id;
    await monitoredWithMeasureBy(tb, brother, cadre);
    await monitoredWithMeasureBy(tb, unrelated, cadre);
  }, 120_000);
  afterAll(() => tb?.close());

  it('an administrator links the cadre to his own person record by ID number, audited', async () => {
    const admin = await tb.as('admin');
    const bad = await admin.patch(`/api/users/${tb.users.cadre.id}`, {
      version: 1,
      personIdNumber: makeIdNumber('220681', '1990-01-01', 3, 'male'),
    });
    expect(bad.status).toBe(400);
    const res = await admin.patch<UserView>(`/api/users/${tb.users.cadre.id}`, {
      version: 1,
      personIdNumber: CADRE_ID,
    });
    expect(res.status).toBe(200);
    const head = own.members.find((m) => m.relation === 'head')!;
    expect(res.body.personMemberId).toBe(head.id);
    const audit = await sql<{ after: Record<string, unknown> }>`
      select after from audit_log where action = 'user.update' and target_id = ${tb.users.cadre.id}`.execute(
      tb.store.db,
    );
    expect(audit.rows.at(-1)!.after).toEqual({ personMemberId: head.id });
  });

  it('a new account may be linked when it is created', async () => {
    const admin = await tb.as('admin');
    const res = await admin.post<UserView>('/api/users', {
      username: 'linked1',
      displayName: '关联测试',
      role: 'township_officer',
      scopeCode: TOWNSHIP,
      password: 'Huashu#Town2024x',
      personIdNumber: CADRE_ID,
    });
    expect(res.status).toBe(201);
    expect(res.body.personMemberId).toBe(own.members.find((m) => m.relation === 'head')!.id);
    // and unlinked again (so it adds nothing to the checks below)
    const off = await admin.patch<UserView>(`/api/users/${res.body.id}`, {
      version: res.body.version,
      personIdNumber: null,
    });
    expect(off.body.personMemberId).toBeNull();
  });

  it("the brother's case and measure reach the suspected-problem ledger as open items; the unrelated household does not", async () => {
    const inspector = await tb.as('inspector');
    const res = await inspector.post<FavouritismCheckResult>('/api/supervision/favouritism/check', {});
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ flagged: 2, created: 2, alreadyOpen: 0 });
    const ledger = await inspector.get<LedgerPage>('/api/ledgers?ledger=suspected_issue&area=favouritism');
    expect(ledger.body.total).toBe(2);
    for (const item of ledger.body.items) {
      expect(item.householdId).toBe(brother.household.id);
      expect(item.status).toBe('open');
      expect(item.title).toContain('疑似优亲厚友');
    }
    expect(ledger.body.items.map((i) => i.title).sort()).toEqual([
      `疑似优亲厚友:经办监测案件:户编号 ${brother.household.householdNo}`,
      `疑似优亲厚友:落实帮扶措施:户编号 ${brother.household.householdNo}`,
    ]);
  });

  it('running again, by hand or as the daily job, adds no duplicate open item', async () => {
    const inspector = await tb.as('inspector');
    const again = await inspector.post<FavouritismCheckResult>('/api/supervision/favouritism/check', {});
    expect(again.body).toEqual({ flagged: 2, created: 0, alreadyOpen: 2 });
    const job = await flagFavouritism(
      tb.store,
      { actor: null, requestId: null, now: tb.clock.now },
      { regionPrefix: '' },
      null,
    );
    expect(job.created).toBe(0);
  });

  it("the cadre's own household, monitored, is flagged too", async () => {
    await insertCase(tb, own.household.id, {
      stage: 'monitoring',
      discoveredOn: '2024-04-01',
      confirmedOn: '2024-05-01',
    });
    const township = await tb.as('township');
    const res = await township.post<FavouritismCheckResult>('/api/supervision/favouritism/check', { region: TOWNSHIP });
    expect(res.body).toEqual({ flagged: 3, created: 1, alreadyOpen: 2 });
  });

  it('低保 the cadre decided for his brother is flagged; for the unrelated household it is not', async () => {
    for (const h of [brother, unrelated]) {
      await sql`insert into social_assistance_case (household_id, county_code, kind, status, applied_on, decided_on,
          created_by, decided_by)
        values (${h.household.id}, '220681', 'dibao', 'approved', '2024-05-01', '2024-05-20', ${tb.users.cadre.id},
          ${tb.users.cadre.id})`.execute(tb.store.db);
    }
    const inspector = await tb.as('inspector');
    const res = await inspector.post<FavouritismCheckResult>('/api/supervision/favouritism/check', {});
    expect(res.body).toEqual({ flagged: 4, created: 1, alreadyOpen: 3 });
    const ledger = await inspector.get<LedgerPage>('/api/ledgers?ledger=suspected_issue&area=favouritism');
    expect(ledger.body.items.filter((i) => i.title.includes('经办社会救助')).map((i) => i.householdId)).toEqual([
      brother.household.id,
    ]);
  });

  it('a village cadre may not run the check', async () => {
    const cadre = await tb.as('cadre');
    expect((await cadre.post('/api/supervision/favouritism/check', {})).status).toBe(403);
  });
});
