import type {
  CampaignCheckView,
  CampaignPendingPage,
  CampaignProgress,
  CampaignView,
  LeadView,
} from '@dixian/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTY, createHouseholdIn, createTestbed, VILLAGE_A, VILLAGE_B, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

/**
 * Issue 15 §3, S3 §三(二) (每年开展一次集中排查): the county opens the yearly full screening for a window, every rural
 * household is checked once, progress is counted village by village, the households not yet checked are listed,
 * and a risk found becomes a lead. S3 (坚决杜绝以落实低保为由不识别监测对象): households new to 低保 or 特困 since a
 * date are listed apart and screened the same way.
 */
describe.each(engines)('the yearly full screening on %s (issue 15 §3)', (engine) => {
  let tb: Testbed;
  let campaign: CampaignView;
  let a1: string;
  let a2: string;
  let b1: string;

  beforeAll(async () => {
    tb = await createTestbed(engine);
    a1 = (await createHouseholdIn(tb, VILLAGE_A)).household.id;
    a2 = (await createHouseholdIn(tb, VILLAGE_A, { receivesDibao: true, dibaoSince: '2024-03-01' })).household.id;
    b1 = (await createHouseholdIn(tb, VILLAGE_B)).household.id;
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('S3 §三(二): the county officer opens the year’s campaign once; a township officer may not open one', async () => {
    const officer = await tb.as('officer');
    const opened = await officer.post<CampaignView>('/api/campaigns', {
      year: 2024,
      opensOn: '2024-05-01',
      closesOn: '2024-08-31',
      newAssistanceSince: '2024-01-01',
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    campaign = opened.body;
    expect(campaign).toMatchObject({ countyCode: COUNTY, households: 3, checked: 0, risksFound: 0 });
    const again = await officer.post('/api/campaigns', { year: 2024, opensOn: '2024-05-01', closesOn: '2024-08-31' });
    expect(again.status).toBe(409);
    const backwards = await officer.post('/api/campaigns', {
      year: 2025,
      opensOn: '2025-05-01',
      closesOn: '2025-04-30',
    });
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(backwards.body)).toContain('closesOn');
    expect(
      (
        await (
          await tb.as('township')
        ).post('/api/campaigns', { year: 2026, opensOn: '2026-05-01', closesOn: '2026-06-01' })
      ).status,
    ).toBe(403);
  });

  it('a cadre records a check once, inside the window; last_full_screening_on moves and progress counts it', async () => {
    const cadre = await tb.as('cadre');
    const check = await cadre.post<CampaignCheckView>(`/api/campaigns/${campaign.id}/checks`, {
      householdId: a1,
      checkedOn: '2024-06-01',
      method: 'visit',
      outcome: 'no_risk',
    });
    expect(check.status, JSON.stringify(check.body)).toBe(201);
    expect(check.body).toMatchObject({ householdId: a1, outcome: 'no_risk', leadId: null });
    const [h] = await tb.store.db.selectFrom('household').select('lastFullScreeningOn').where('id', '=', a1).execute();
    expect(h!.lastFullScreeningOn).toBe('2024-06-01');

    const twice = await cadre.post(`/api/campaigns/${campaign.id}/checks`, {
      householdId: a1,
      method: 'desk',
      outcome: 'no_risk',
    });
    expect(twice.status).toBe(409);
    const early = await cadre.post(`/api/campaigns/${campaign.id}/checks`, {
      householdId: a2,
      checkedOn: '2024-04-30',
      method: 'visit',
      outcome: 'no_risk',
    });
    expect(early.status).toBe(400);
    expect(JSON.stringify(early.body)).toContain('checkedOn');
    const future = await cadre.post(`/api/campaigns/${campaign.id}/checks`, {
      householdId: a2,
      checkedOn: '2024-06-04',
      method: 'visit',
      outcome: 'no_risk',
    });
    expect(future.status).toBe(400);
  });

  it('S3 §三(二): a risk found opens a lead of cadre screening on the household, with the risk types', async () => {
    const township = await tb.as('township');
    const found = await township.post<CampaignCheckView>(`/api/campaigns/${campaign.id}/checks`, {
      householdId: a2,
      method: 'visit',
      outcome: 'risk_found',
      riskTypes: ['illness'],
      note: '户主新患重病',
    });
    expect(found.status, JSON.stringify(found.body)).toBe(201);
    expect(found.body.leadId).toBeTruthy();
    const lead = await township.get<LeadView>(`/api/leads/${found.body.leadId}`);
    expect(lead.body).toMatchObject({
      householdId: a2,
      channel: 'cadre_screening',
      subChannel: 'full_screening',
      riskTypes: ['illness'],
    });
    expect(lead.body.description).toContain('年度集中排查发现');
    const none = await township.post(`/api/campaigns/${campaign.id}/checks`, {
      householdId: b1,
      method: 'visit',
      outcome: 'risk_found',
    });
    expect(none.status).toBe(400); // a risk found names its risk types
  });

  it('progress village by village, the households not yet checked, and the new 低保 households apart', async () => {
    const officer = await tb.as('officer');
    const p = (await officer.get<CampaignProgress>(`/api/campaigns/${campaign.id}`)).body;
    expect(p.campaign).toMatchObject({ households: 3, checked: 2, risksFound: 1 });
    expect(p.villages).toEqual([
      expect.objectContaining({
        regionCode: VILLAGE_A,
        households: 2,
        checked: 2,
        risksFound: 1,
        newAssistance: 1,
        newAssistanceChecked: 1,
      }),
      expect.objectContaining({ regionCode: VILLAGE_B, households: 1, checked: 0, newAssistance: 0 }),
    ]);
    const pending = (await officer.get<CampaignPendingPage>(`/api/campaigns/${campaign.id}/pending`)).body;
    expect(pending.items.map((i) => i.householdId)).toEqual([b1]);
    expect(pending.items[0]).toMatchObject({ regionCode: VILLAGE_B, headName: '王建国', newAssistance: false });
    const onlyNew = (await officer.get<CampaignPendingPage>(`/api/campaigns/${campaign.id}/pending?newAssistance=true`))
      .body;
    expect(onlyNew.total).toBe(0);
  });

  it('a village cadre sees only their village; another village’s household is outside their area', async () => {
    const cadre = await tb.as('cadre');
    const p = (await cadre.get<CampaignProgress>(`/api/campaigns/${campaign.id}`)).body;
    expect(p.villages.map((v) => v.regionCode)).toEqual([VILLAGE_A]);
    expect(p.campaign).toMatchObject({ households: 2, checked: 2 });
    const b = await (
      await tb.as('cadreB')
    ).post(`/api/campaigns/${campaign.id}/checks`, {
      householdId: a1,
      method: 'visit',
      outcome: 'no_risk',
    });
    expect(b.status).toBe(404);
    const audit = await tb.store.db
      .selectFrom('auditLog')
      .select('action')
      .where('action', 'like', 'campaign.%')
      .execute();
    expect(audit.map((x) => x.action).sort()).toEqual(['campaign.check', 'campaign.check', 'campaign.open']);
  });
});
