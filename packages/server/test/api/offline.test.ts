import { addDays, chinaDate } from '@dixian/core';
import type { OfflinePage, VisitDuePage } from '@dixian/core/api';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHouseholdIn,
  createTestbed,
  VILLAGE_A,
  VILLAGE_B,
  type ApiClient,
  type Testbed,
} from '../support/api.js';
import { addMeasure, deleteMeasure } from '../../src/services/plan.service.js';
import { ctxAs, eliminationCase } from '../support/cases.js';
import { engines } from '../support/db.js';

/** Issue 18 §1, §5: what goes to the phone, the caller's area only, in pages, then only what changed. */
describe.each(engines)('offline download on %s', (engine) => {
  let tb: Testbed;
  const inA: string[] = [];
  const inB: string[] = [];
  beforeAll(async () => {
    tb = await createTestbed(engine);
    for (let i = 0; i < 7; i++) inA.push((await createHouseholdIn(tb, VILLAGE_A)).household.id);
    for (let i = 0; i < 3; i++) inB.push((await createHouseholdIn(tb, VILLAGE_B)).household.id);
    // what follows happens well after the households were registered
    tb.clock.advanceMinutes(60);
  });
  afterAll(async () => {
    await tb?.close();
  });

  /** Every page of a download, following `next`. */
  async function downloadAll(c: ApiClient, query: string): Promise<OfflinePage[]> {
    const pages: OfflinePage[] = [];
    let after: string | null = null;
    do {
      const r: { status: number; body: OfflinePage } = await c.get<OfflinePage>(
        `/api/offline/households?${query}${after ? `&after=${after}` : ''}`,
      );
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      pages.push(r.body);
      after = r.body.next;
    } while (after);
    return pages;
  }

  it("a village cadre gets the village's households only, in pages that join up without duplicates", async () => {
    const cadre = await tb.as('cadre');
    const pages = await downloadAll(cadre, 'limit=3');
    const ids = pages.flatMap((p) => p.households.map((h) => h.id));
    expect(pages).toHaveLength(3);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([...inA].sort());
    expect(ids.some((id) => inB.includes(id))).toBe(false);
    expect(pages[0]).toMatchObject({ scopeCode: VILLAGE_A, total: 7, next: expect.any(String) });
    expect(pages[0]!.allIds!.sort()).toEqual([...inA].sort());
    expect(pages[1]!.allIds).toBeNull();
    expect(pages.at(-1)!.next).toBeNull();
    // a full last page says it is the last: no empty page after it
    expect(await downloadAll(cadre, 'limit=7')).toHaveLength(1);
    // the policy the phone explains: the monitoring line and the visit rhythm in force
    expect(pages[0]!.policy).toMatchObject({ monitoringLineFen: expect.any(Number), visitMonths: 1 });
    const h = pages[0]!.households[0]!;
    expect(h.members).toHaveLength(2);
    // ID numbers masked exactly as the household page masks them
    for (const m of pages.flatMap((p) => p.households.flatMap((x) => x.members))) {
      expect(m.idNumber).toMatch(/^\d{3}\*{13}[\dX]{2}$/);
    }
    expect(h.headName).toBeTruthy();
  });

  it('the township officer gets both villages', async () => {
    const pages = await downloadAll(await tb.as('township'), 'limit=1000');
    const ids = pages.flatMap((p) => p.households.map((h) => h.id));
    expect(ids.sort()).toEqual([...inA, ...inB].sort());
  });

  it('with since: only the households changed after the watermark (a visit, a member corrected)', async () => {
    const cadre = await tb.as('cadre');
    const [first] = await downloadAll(cadre, 'limit=250');
    const watermark = first!.watermark;
    tb.clock.advanceMinutes(10);
    const visited = await cadre.post(`/api/households/${inA[1]}/visits`, {
      visitedOn: chinaDate(tb.clock.now()),
      method: 'home',
    });
    expect(visited.status).toBe(201);
    const member = first!.households.find((h) => h.id === inA[4])!.members[1]!;
    const detail = await cadre.get<{ members: { id: string; version: number }[] }>(`/api/households/${inA[4]}`);
    const version = detail.body.members.find((m) => m.id === member.id)!.version;
    const corrected = await cadre.patch(`/api/households/${inA[4]}/members/${member.id}`, {
      version,
      name: '王改名',
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    tb.clock.advanceMinutes(10);
    const delta = await downloadAll(cadre, `since=${encodeURIComponent(watermark)}`);
    expect(delta.flatMap((p) => p.households.map((h) => h.id)).sort()).toEqual([inA[1], inA[4]].sort());
    expect(delta[0]!.total).toBe(2);
    // still every id of the area, so the phone can drop the ones that left
    expect(delta[0]!.allIds).toHaveLength(7);
    expect(delta[0]!.households.find((h) => h.id === inA[1])!.lastVisitOn).toBe(chinaDate(tb.clock.now()));
    // nothing changed since the second watermark
    const none = await downloadAll(cadre, `since=${encodeURIComponent(delta[0]!.watermark)}`);
    expect(none[0]!.households).toEqual([]);
    expect(none[0]!.total).toBe(0);
  });

  it('the first page is audited once as offline.download; later pages are not', async () => {
    const before = await countDownloads();
    await downloadAll(await tb.as('cadre'), 'limit=2');
    expect((await countDownloads()) - before).toBe(1);
  });

  it('answers are compressed when the phone accepts gzip or br', async () => {
    const cadre = await tb.as('cadre');
    for (const enc of ['gzip', 'br'] as const) {
      const r = await cadre.request('GET', '/api/offline/households?limit=250', undefined, {
        headers: { 'accept-encoding': enc },
      });
      expect(r.status).toBe(200);
      expect(r.headers['content-encoding']).toBe(enc);
      const plain = enc === 'gzip' ? zlib.gunzipSync(r.raw.rawPayload) : zlib.brotliDecompressSync(r.raw.rawPayload);
      expect((JSON.parse(plain.toString()) as OfflinePage).households).toHaveLength(7);
    }
  });

  it('a monitored household comes with its case, its measures (by plan) and the visits-due rule of the list', async () => {
    const cadre = await tb.as('cadre');
    const [before] = await downloadAll(cadre, 'limit=250');
    tb.clock.advanceMinutes(10);
    const { household, caseId } = await eliminationCase(tb, VILLAGE_A, 'monitoring');
    tb.clock.advanceMinutes(10);
    const delta = await downloadAll(cadre, `since=${encodeURIComponent(before!.watermark)}`);
    const h = delta.flatMap((p) => p.households).find((x) => x.id === household.household.id);
    expect(h?.openCase).toMatchObject({ id: caseId, stage: 'monitoring' });
    expect(h?.measures).toEqual([
      expect.objectContaining({ planId: expect.any(String), type: 'public_welfare_job', status: 'implementing' }),
    ]);
    // a measure deleted leaves no row behind: the household still comes down, without it
    const plan = await addMeasure(ctxAs(tb, 'cadre'), h!.measures[0]!.planId, {
      type: 'health',
      description: '家庭医生签约',
    });
    tb.clock.advanceMinutes(10);
    const [mid] = await downloadAll(cadre, 'limit=250');
    tb.clock.advanceMinutes(10);
    expect(mid!.households.find((x) => x.id === h!.id)!.measures).toHaveLength(2);
    await deleteMeasure(ctxAs(tb, 'cadre'), plan.planId, plan.id, plan.version);
    tb.clock.advanceMinutes(10);
    const afterDelete = await downloadAll(cadre, `since=${encodeURIComponent(mid!.watermark)}`);
    expect(afterDelete.flatMap((p) => p.households).map((x) => [x.id, x.measures.length])).toEqual([[h!.id, 1]]);
    // the one visits-due definition: what the phone shows is what the visits-due page lists
    const due = await cadre.get<VisitDuePage>('/api/visits/due?pageSize=100');
    const all = (await downloadAll(cadre, 'limit=250')).flatMap((p) => p.households);
    const listed = all.filter((x) => x.visitOverdue || x.visitDueOn !== null);
    expect(listed.map((x) => x.id).sort()).toEqual(due.body.items.map((i) => i.householdId).sort());
    for (const i of due.body.items) {
      const x = all.find((y) => y.id === i.householdId)!;
      expect([x.visitDueOn, x.visitOverdue]).toEqual([i.dueOn, i.overdue]);
    }
    expect(listed.length).toBeGreaterThan(0);
  });

  it('an xlsx export is not compressed again when the client accepts gzip', async () => {
    const r = await (
      await tb.as('cadre')
    ).request('GET', '/api/households/export.xlsx', undefined, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.raw.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  async function countDownloads(): Promise<number> {
    const r = await tb.store.db
      .selectFrom('auditLog')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('action', '=', 'offline.download')
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  it('the income is the record in force today, per person counted today, as the desk and the assessment read it', async () => {
    const cadre = await tb.as('cadre');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const today = chinaDate(tb.clock.now());
    const year = Number(today.slice(0, 4)) - 1;
    const income = (kind: string, periodEnd: string, wageFen: number) =>
      cadre.post(`/api/households/${h.household.id}/incomes`, {
        year,
        kind,
        periodStart: `${year}-01-01`,
        periodEnd,
        wageFen,
        // the record's own head count is informational: the rules count today's members (income.ts)
        memberCount: 5,
      });
    // same period end: the identification snapshot outranks the annual record (INCOME_KIND_RANK); a record whose
    // period has not ended is not in force yet, however recent
    expect((await income('annual', `${year}-12-31`, 900_000)).status).toBe(201);
    expect((await income('at_identification', `${year}-12-31`, 600_000)).status).toBe(201);
    expect((await income('visit_estimate', addDays(today, 20), 100_000)).status).toBe(201);
    const pages = await downloadAll(cadre, 'limit=1000');
    const got = pages.flatMap((p) => p.households).find((x) => x.id === h.household.id)!;
    expect(got.latestIncome).toEqual({ periodEnd: `${year}-12-31`, netFen: 600_000, perCapitaFen: 300_000 });
  });
});
