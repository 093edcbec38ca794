/**
 * The demo county's exchange history (S1 §四(二)3: departments exchange data at least every two months): every feed
 * department has exchanged lately except one, so the dashboard's card shows both an on-time and an overdue row.
 */
import { FEED_DEPARTMENTS } from '@dixian/core';
import type { DepartmentExchangeList } from '@dixian/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoExchanges } from '../../src/seed/demo.js';
import { createTestbed, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

describe.each(engines)('demo data exchanges on %s', (engine) => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await createTestbed(engine);
    await seedDemoExchanges(tb.store, '220681', '2024-06-03');
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('S1 四(二)3: one department overdue after 75 days silent, the others on time with their next day due', async () => {
    const r = await (await tb.as('officer')).get<DepartmentExchangeList>('/api/exchanges');
    expect(r.status).toBe(200);
    const overdue = r.body.items.filter((i) => i.overdue).map((i) => i.department);
    expect(overdue).toEqual([FEED_DEPARTMENTS.at(-1)]);
    const first = r.body.items.find((i) => i.department === FEED_DEPARTMENTS[0])!;
    expect(first).toMatchObject({ lastExchangeOn: '2024-05-31', nextDueOn: '2024-07-31', overdue: false });
  });
});
