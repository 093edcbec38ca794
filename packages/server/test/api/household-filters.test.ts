import type { HouseholdPage } from '@dixian/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHouseholdIn, createTestbed, VILLAGE_A, VILLAGE_B, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

/** The registry's filters by risk type and household type (issue 6 §3), as the web's URL filters send them. */
describe.each(engines)('household search filters on %s', (engine) => {
  let tb: Testbed;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    tb = await createTestbed(engine);
    const make = async (key: string, village: string, householdType: string, riskTypes: string[]) => {
      const h = await createHouseholdIn(tb, village, { householdType: householdType as 'lifted_household' });
      // risk types are the case services' to set; arrange them directly
      await tb.store.db
        .updateTable('household')
        .set({ riskTypes, monitoringStatus: riskTypes.length ? 'monitoring_unresolved' : 'not_monitored' })
        .where('id', '=', h.household.id)
        .execute();
      ids[key] = h.household.id;
    };
    await make('liftedIll', VILLAGE_A, 'lifted_household', ['illness', 'education']);
    await make('generalIll', VILLAGE_A, 'general_household', ['illness']);
    await make('liftedNone', VILLAGE_A, 'lifted_household', []);
    await make('otherVillageIll', VILLAGE_B, 'general_household', ['illness']);
  });
  afterAll(async () => {
    await tb?.close();
  });

  const found = async (query: string) => {
    const r = await (await tb.as('township')).get<HouseholdPage>(`/api/households?pageSize=100&${query}`);
    expect(r.status).toBe(200);
    return r.body.items.map((h) => h.id).sort();
  };

  it('riskType keeps households whose current risks include it, combined with the other filters', async () => {
    expect(await found('riskType=illness')).toEqual([ids.liftedIll, ids.generalIll, ids.otherVillageIll].sort());
    expect(await found('riskType=education')).toEqual([ids.liftedIll]);
    expect(await found(`riskType=illness&region=${VILLAGE_B}`)).toEqual([ids.otherVillageIll]);
  });

  it('householdType=lifted_household keeps lifted households (脱贫户) only', async () => {
    expect(await found('householdType=lifted_household')).toEqual([ids.liftedIll, ids.liftedNone].sort());
    expect(await found('householdType=lifted_household&riskType=illness')).toEqual([ids.liftedIll]);
  });

  it('refuses unknown values, naming the field', async () => {
    const r = await (
      await tb.as('township')
    ).get<{ error: { issues: { path: string }[] } }>('/api/households?riskType=bad_luck');
    expect(r.status).toBe(400);
    expect(r.body.error.issues[0]!.path).toBe('querystring.riskType');
  });
});
