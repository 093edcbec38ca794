/**
 * A 特困 household in the yearly full screening (issue 15 §3; S3 "坚决杜绝以落实低保为由不识别监测对象": households new
 * to 低保 or 特困 since a date are listed apart). A 特困 household has no 低保 date: it used to make "new to
 * assistance" unknown (null), and the pending list answered 500 (found by the 特困 browser test).
 */
import type { CampaignPendingPage, CampaignView } from '@dixian/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHouseholdIn, createTestbed, VILLAGE_A, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

describe.each(engines)('a 特困 household in the full screening on %s', (engine) => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await createTestbed(engine);
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('S3 §三(二): is listed as pending, not new to assistance without a date, and the list answers', async () => {
    const h = await createHouseholdIn(tb, VILLAGE_A, { isTekun: true });
    const officer = await tb.as('officer');
    const c = (
      await officer.post<CampaignView>('/api/campaigns', {
        year: 2024,
        opensOn: '2024-05-01',
        closesOn: '2024-08-31',
        newAssistanceSince: '2024-01-01',
      })
    ).body;
    const pending = await officer.get<CampaignPendingPage>(`/api/campaigns/${c.id}/pending`);
    expect(pending.status, JSON.stringify(pending.body)).toBe(200);
    expect(pending.body.items.find((i) => i.householdId === h.household.id)).toMatchObject({ newAssistance: false });
    const progress = await officer.get(`/api/campaigns/${c.id}`);
    expect(progress.status).toBe(200);
  });
});
