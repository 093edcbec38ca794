import type { HouseholdDetail, HouseholdView, VisitDuePage } from '@dixian/core/api';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHouseholdIn, createTestbed, VILLAGE_A, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

/**
 * Issue 16 §8, S2 §二(二)8: "每个社会救助家庭至少落实1名党员结对帮扶,每季度至少探访一次" — the paired party member is named
 * on the household (audited like any change) and shown on the visits-due list, where 低保/特困 households are due
 * quarterly.
 */
describe.each(engines)('the party member paired with a social-assistance household on %s', (engine) => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await createTestbed(engine);
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('S2 §二(二)8: the cadre names the paired member; the visits-due list shows it beside the quarterly visit', async () => {
    const h: HouseholdDetail = await createHouseholdIn(tb, VILLAGE_A);
    const cadre = await tb.as('cadre');
    const r = await cadre.patch<HouseholdView>(`/api/households/${h.household.id}`, {
      version: h.household.version,
      receivesDibao: true,
      pairedPartyMember: '李党员',
    });
    expect(r.status).toBe(200);
    expect(r.body.pairedPartyMember).toBe('李党员');
    const detail = await cadre.get<HouseholdDetail>(`/api/households/${h.household.id}`);
    expect(detail.body.household.pairedPartyMember).toBe('李党员');
    const audit = await sql<{ after: { pairedPartyMember?: string } }>`
      select after from audit_log where action = 'household.update' and target_id = ${h.household.id}`.execute(
      tb.store.db,
    );
    expect(audit.rows.map((a) => a.after.pairedPartyMember)).toContain('李党员');

    const due = await cadre.get<VisitDuePage>('/api/visits/due?month=2024-06&pageSize=100');
    expect(due.status).toBe(200);
    expect(due.body.items.find((i) => i.householdId === h.household.id)).toMatchObject({
      socialAssistance: true,
      pairedPartyMember: '李党员',
    });
  });
});
