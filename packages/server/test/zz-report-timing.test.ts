import { it } from 'vitest';
import { runScreening } from '../src/services/screening.service.js';
import { SYSTEM_ACTOR } from '../src/services/context.js';
import { seedHouseholds } from '../src/seed/seed.js';
import { COUNTY, TOWNSHIP, createTestbed } from './support/api.js';
import { engines } from './support/db.js';

it('times the report on a 20,000-household county', async () => {
  const engine = engines.at(-1)!;
  const tb = await createTestbed(engine);
  let t = Date.now();
  await seedHouseholds(tb.store, { counties: [COUNTY], households: 20000, seed: 42, asOf: '2024-06-03' });
  console.log('seed ms', Date.now() - t);
  await runScreening(tb.store, SYSTEM_ACTOR, { scopeCode: COUNTY, asOf: '2024-06-03' }, { now: tb.clock.now });
  const officer = await tb.as('officer');
  for (const url of [
    '/api/reports/2024-05',
    '/api/reports/2024-05',
    '/api/reports/2024',
    '/api/reports/2023',
    `/api/reports/2024-05?region=${TOWNSHIP}`,
    '/api/reports/2024/export.xlsx',
    '/api/reports/2024/report.pdf',
    '/api/stats/overview',
    '/api/supervision/eight-points?asOf=2024-05-31',
  ]) {
    t = Date.now();
    const r = await officer.get<{ population?: unknown }>(url);
    console.log(engine, url, r.status, Date.now() - t, 'ms', url.endsWith('2024') ? JSON.stringify(r.body).slice(0, 400) : '');
  }
  await tb.close();
}, 1_800_000);
