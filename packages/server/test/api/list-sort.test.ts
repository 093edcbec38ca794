import { addDays, chinaDate } from '@dixian/core';
import {
  ASSISTANCE_SORT,
  DEADLINE_SORT,
  LEAD_SORT,
  LEDGER_SORT,
  VISIT_DUE_SORT,
  WARNING_SORT,
  type CasePage,
  type ErrorBody,
  type HouseholdPage,
} from '@dixian/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHouseholdIn, createTestbed, VILLAGE_A, VILLAGE_B, type Testbed } from '../support/api.js';
import { identify } from '../support/cases.js';
import { engines } from '../support/db.js';

type Client = Awaited<ReturnType<Testbed['as']>>;

/** Every page of a list walked with a small page size, in order. */
async function walk<T>(client: Client, url: string, pageSize: number): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const r = await client.get<{ items: T[]; total: number }>(`${url}&page=${page}&pageSize=${pageSize}`);
    expect(r.status).toBe(200);
    out.push(...r.body.items);
    if (page * pageSize >= r.body.total) return out;
  }
}

const cmp = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);

describe.each(engines)('server-side sort of the lists on %s', (engine) => {
  let tb: Testbed;
  let today: string;
  beforeAll(async () => {
    tb = await createTestbed(engine);
    today = chinaDate(tb.clock.now());
    for (const [village, type] of [
      [VILLAGE_B, 'general_household'],
      [VILLAGE_A, 'lifted_household'],
      [VILLAGE_B, 'lifted_household'],
      [VILLAGE_A, 'general_household'],
      [VILLAGE_B, 'general_household'],
    ] as const) {
      await createHouseholdIn(tb, village, { householdType: type });
    }
    for (const days of [-20, -3, -9]) {
      const h = await createHouseholdIn(tb, VILLAGE_A);
      await identify(tb, h.household.id, addDays(today, days), 'verifying');
    }
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('sorts households by a column both ways, ties broken by household number, and pages the same order', async () => {
    const township = await tb.as('township');
    const base = '/api/households?q=';
    const first = await township.get<HouseholdPage>(`${base}&pageSize=100`);
    const byNo = first.body.items;
    expect(byNo.length).toBeGreaterThanOrEqual(8);
    // absent: the default order (household number) is kept
    expect(byNo.map((h) => h.householdNo)).toEqual(byNo.map((h) => h.householdNo).sort());
    const desc = (await township.get<HouseholdPage>(`${base}&sort=-householdNo&pageSize=100`)).body.items;
    expect(desc.map((h) => h.householdNo)).toEqual(byNo.map((h) => h.householdNo).reverse());
    for (const field of ['regionCode', 'householdType'] as const) {
      const expected = (dir: 1 | -1) =>
        [...byNo].sort((a, b) => dir * cmp(a[field], b[field]) || cmp(a.householdNo, b.householdNo)).map((h) => h.id);
      const up = await township.get<HouseholdPage>(`${base}&sort=${field}&pageSize=100`);
      expect(up.body.items.map((h) => h.id)).toEqual(expected(1));
      const down = await township.get<HouseholdPage>(`${base}&sort=-${field}&pageSize=100`);
      expect(down.body.items.map((h) => h.id)).toEqual(expected(-1));
      // paging keeps the order: pages of 3 put together are the whole list, nothing twice, nothing skipped
      const paged = await walk<{ id: string }>(township, `${base}&sort=-${field}`, 3);
      expect(paged.map((h) => h.id)).toEqual(expected(-1));
    }
  });

  it('sorts cases by discovery day and by household number both ways', async () => {
    const cadre = await tb.as('cadre');
    const all = (await cadre.get<CasePage>('/api/cases?pageSize=100')).body.items;
    expect(all.length).toBe(3);
    const up = (await cadre.get<CasePage>('/api/cases?sort=discoveredOn&pageSize=100')).body.items;
    expect(up.map((c) => c.discoveredOn)).toEqual(all.map((c) => c.discoveredOn).sort());
    const down = (await cadre.get<CasePage>('/api/cases?sort=-discoveredOn&pageSize=100')).body.items;
    expect(down.map((c) => c.id)).toEqual(up.map((c) => c.id).reverse());
    const byNo = (await cadre.get<CasePage>('/api/cases?sort=-householdNo&pageSize=100')).body.items;
    expect(byNo.map((c) => c.householdNo)).toEqual(
      all
        .map((c) => c.householdNo)
        .sort()
        .reverse(),
    );
    const paged = await walk<{ id: string }>(cadre, '/api/cases?sort=discoveredOn', 2);
    expect(paged.map((c) => c.id)).toEqual(up.map((c) => c.id));
  });

  it('every other list takes each of its sort fields both ways (values in one order reversed by the other)', async () => {
    const county = await tb.as('officer');
    const lists: [url: string, fields: string[], dated: string[]][] = [
      ['/api/leads', [...LEAD_SORT], ['discoveredOn', 'verifyDueOn', 'regionCode']],
      ['/api/warnings', [...WARNING_SORT], ['createdAt', 'eventDate', 'verifyDueOn', 'regionCode']],
      ['/api/ledgers', [...LEDGER_SORT], ['deadline', 'createdAt', 'regionCode']],
      ['/api/assistance', [...ASSISTANCE_SORT], ['appliedOn', 'decidedOn', 'regionCode']],
      ['/api/visits/due', [...VISIT_DUE_SORT], ['dueOn', 'lastVisitOn', 'householdNo', 'regionCode']],
      ['/api/deadlines', [...DEADLINE_SORT], ['dueOn', 'householdNo', 'regionCode']],
    ];
    let seen = 0;
    for (const [url, fields, dated] of lists) {
      for (const field of fields) {
        const values = async (sort: string) => {
          const r = await county.get<{ items: Record<string, unknown>[] }>(`${url}?sort=${sort}&pageSize=100`);
          expect(r.status, `${url}?sort=${sort}`).toBe(200);
          return r.body.items.map((i) => i[field]).filter((v) => v !== null && v !== undefined);
        };
        const up = await values(field);
        const down = await values(`-${field}`);
        expect(down.reverse(), `${url} ${field}`).toEqual(up);
        if (dated.includes(field)) expect(up).toEqual([...up].sort());
        seen += up.length;
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('refuses a sort field the list does not offer, naming querystring.sort', async () => {
    const township = await tb.as('township');
    for (const url of ['/api/households?sort=headIdNumber', '/api/cases?sort=-version', '/api/cases?sort=--stage']) {
      const r = await township.get<ErrorBody>(url);
      expect(r.status).toBe(400);
      expect(r.body.error.issues.map((i) => i.path)).toContain('querystring.sort');
    }
  });
});
