/**
 * The demo county's disaster (issue 15 §6; S0 plan two is written for disaster-hit households): `npm start` on an
 * empty database records a flood five days before today over the two busiest villages outside the demo users' township, so
 * the disaster page has affected households, screened at once, and their visits due from the start.
 */
import type { DeadlinePage, DisasterList } from '@dixian/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoDisaster } from '../../src/seed/demo.js';
import { seedHouseholds } from '../../src/seed/seed.js';
import { COUNTY, createTestbed, TOWNSHIP, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

describe.each(engines)('the demo disaster on %s', (engine) => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await createTestbed(engine);
    await seedHouseholds(tb.store, { counties: [COUNTY], households: 300, seed: 7, asOf: '2024-06-03' });
    await seedDemoDisaster(tb.store, { ...tb.deps.config, demoCounty: COUNTY }, '2024-06-03');
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('is one flood outside the demo users’ township, its households affected, screened and due a visit', async () => {
    const officer = await tb.as('officer');
    const list = (await officer.get<DisasterList>('/api/disasters')).body;
    expect(list.items).toHaveLength(1);
    const d = list.items[0]!;
    expect(d).toMatchObject({ name: '暴雨洪涝', disasterSubtype: 'flood', occurredOn: '2024-05-29' });
    // the test tree has one village outside the busiest township; the demo county's tree has many
    expect(d.villages.length).toBeGreaterThanOrEqual(1);
    expect(d.villages.length).toBeLessThanOrEqual(2);
    for (const v of d.villages) expect(v.regionCode.startsWith(TOWNSHIP)).toBe(false);
    expect(d.figures.affected).toBeGreaterThan(0);
    expect(d.screenedAt).not.toBeNull();
    const due = await officer.get<DeadlinePage>('/api/deadlines?kind=disaster_visit&pageSize=1');
    expect(due.body.total).toBeGreaterThan(0);
  });
});
