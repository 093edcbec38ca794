import type { StatsOverview, VisitDuePage } from '@dixian/core/api';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedHouseholds } from '../../src/seed/seed.js';
import { COUNTY, createTestbed, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

describe.each(engines)(
  'overdue visits: one definition for the dashboard and the visits page (issue 12 §14) on %s',
  (engine) => {
    let tb: Testbed;
    beforeAll(async () => {
      tb = await createTestbed(engine);
      await seedHouseholds(tb.store, { counties: [COUNTY], households: 400, seed: 21, asOf: '2024-06-03' });
    });
    afterAll(async () => {
      await tb?.close();
    });

    it('S3 §三(二), S2 §二(二)8: the dashboard’s overdue visits are the visits page’s overdue households', async () => {
      const admin = await tb.as('admin');
      const stats = (await admin.get<StatsOverview>('/api/stats/overview')).body;
      const dashboard = stats.deadlines.find((d) => d.kind === 'visit')!.overdue.value;
      const page = (await admin.get<VisitDuePage>('/api/visits/due?pageSize=1')).body;
      expect(dashboard).toBeGreaterThan(0);
      expect(page.overdueCount).toBe(dashboard);
      // the seeded data has 低保/特困 households that are neither lifted nor monitored: they count in both
      const assistanceOnly = await sql<{ n: number }>`
      select count(*)::int as n from household
       where (receives_dibao or is_tekun) and household_type <> 'lifted_household'
         and monitoring_status <> 'monitoring_unresolved'`.execute(tb.store.db);
      expect(assistanceOnly.rows[0]!.n).toBeGreaterThan(0);
    });
  },
);
