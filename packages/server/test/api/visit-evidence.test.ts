import { addDays, chinaDate } from '@dixian/core';
import {
  PHOTO_MAX_BYTES,
  PHOTOS_PER_VISIT,
  type ErrorBody,
  type HouseholdDetail,
  type VisitCreated,
  type VisitPage,
  type VisitPhotoView,
} from '@dixian/core/api';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHouseholdIn,
  createTestbed,
  VILLAGE_A,
  VILLAGE_B,
  type ApiClient,
  type Testbed,
} from '../support/api.js';
import { engines } from '../support/db.js';
import { jpegOfSize, tinyPng } from '../support/images.js';

/** Issue 18 §3: a visit's photos and place, for the inspection of S3 §三(二) (每次走访和排查后,要如实、及时纪实). */
describe.each(engines)('visit evidence on %s', (engine) => {
  let tb: Testbed;
  let today: string;
  beforeAll(async () => {
    tb = await createTestbed(engine);
    today = chinaDate(tb.clock.now());
  });
  afterAll(async () => {
    await tb?.close();
  });

  const visit = async (c: ApiClient, householdId: string, extra: Record<string, unknown> = {}) => {
    const r = await c.post<VisitCreated & ErrorBody>(`/api/households/${householdId}/visits`, {
      visitedOn: today,
      method: 'home',
      ...extra,
    });
    return r;
  };
  const upload = (
    c: ApiClient,
    visitId: string,
    bytes: Buffer,
    type = 'image/png',
    headers: Record<string, string> = {},
  ) =>
    c.request<VisitPhotoView & ErrorBody>('POST', `/api/visits/${visitId}/photos`, bytes, {
      headers: { 'content-type': type, ...headers },
    });

  it('a visit keeps the place the phone recorded; a visit with neither photo nor place is marked', async () => {
    const cadre = await tb.as('cadre');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const location = { latitude: 41.81, longitude: 126.91, accuracyM: 12.5, capturedAt: tb.clock.now().toISOString() };
    const located = await visit(cadre, h.household.id, { location });
    expect(located.status).toBe(201);
    expect(located.body.visit).toMatchObject({ location, photos: [], noEvidence: false });
    const bare = await visit(cadre, h.household.id);
    expect(bare.body.visit).toMatchObject({ location: null, photos: [], noEvidence: true });
    const detail = await cadre.get<HouseholdDetail>(`/api/households/${h.household.id}`);
    expect(detail.body.visits.find((v) => v.id === located.body.visit.id)).toMatchObject({
      location,
      noEvidence: false,
    });
    const line = detail.body.timeline.find((t) => t.refId === bare.body.visit.id);
    expect(line?.detail).toMatchObject({ photoIds: [], location: null, noEvidence: true });
  });

  it('a place dated in the future or long before the visit, or (0, 0), is refused by field', async () => {
    const cadre = await tb.as('cadre');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const at = (ms: number) => new Date(tb.clock.now().getTime() + ms).toISOString();
    // a phone's clock half an hour fast is common in villages: its records must not stick in the queue
    const fast = await visit(cadre, h.household.id, {
      location: { latitude: 41.8, longitude: 126.9, accuracyM: null, capturedAt: at(30 * 60_000) },
    });
    expect(fast.status).toBe(201);
    const future = await visit(cadre, h.household.id, {
      location: { latitude: 41.8, longitude: 126.9, accuracyM: null, capturedAt: at(3 * 3_600_000) },
    });
    expect(future.status).toBe(400);
    expect(future.body.error.issues.map((i) => i.path)).toEqual(['body.location.capturedAt']);
    const old = await visit(cadre, h.household.id, {
      visitedOn: addDays(today, -1),
      location: { latitude: 41.8, longitude: 126.9, accuracyM: null, capturedAt: at(-10 * 86_400_000) },
    });
    expect(old.status).toBe(400);
    const zero = await visit(cadre, h.household.id, {
      location: { latitude: 0, longitude: 0, accuracyM: null, capturedAt: at(0) },
    });
    expect(zero.status).toBe(400);
    expect(zero.body.error.issues.map((i) => i.path)).toEqual(['body.location']);
  });

  it('a photo is stored sealed, read back byte for byte by the area, and audited both ways', async () => {
    const cadre = await tb.as('cadre');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const v = (await visit(cadre, h.household.id)).body.visit;
    const png = tinyPng();
    const takenAt = tb.clock.now().toISOString();
    const up = await upload(cadre, v.id, png, 'image/png', { 'x-taken-at': takenAt });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({ visitId: v.id, mime: 'image/png', bytes: png.length, takenAt });
    // on disk: named by its id, sealed (not the PNG's bytes), no temporary file left
    const files = fs.readdirSync(tb.deps.config.photoDir);
    expect(files).toContain(up.body.id);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const onDisk = fs.readFileSync(`${tb.deps.config.photoDir}/${up.body.id}`);
    expect(onDisk.includes(png.subarray(0, 8))).toBe(false);

    for (const user of ['cadre', 'township', 'officer'] as const) {
      const r = await (await tb.as(user)).request('GET', `/api/visit-photos/${up.body.id}`);
      expect(r.status).toBe(200);
      expect(r.raw.rawPayload.equals(png)).toBe(true);
      expect(r.headers['content-type']).toBe('image/png');
      expect(r.headers['cache-control']).toBe('private, max-age=86400');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
    // another village's cadre: not found, as for any record outside the area
    expect((await (await tb.as('cadreB')).get(`/api/visit-photos/${up.body.id}`)).status).toBe(404);
    expect((await upload(await tb.as('cadreB'), v.id, png)).status).toBe(404);

    const visits = await cadre.get<VisitPage>(`/api/households/${h.household.id}/visits`);
    expect(visits.body.items[0]).toMatchObject({ photos: [{ id: up.body.id }], noEvidence: false });
    const detail = await cadre.get<HouseholdDetail>(`/api/households/${h.household.id}`);
    expect(detail.body.timeline.find((t) => t.refId === v.id)?.detail).toMatchObject({
      photoIds: [up.body.id],
      noEvidence: false,
    });
    const audit = await tb.store.db
      .selectFrom('auditLog')
      .select(['action', 'targetId', 'actorUsername'])
      .where('action', 'in', ['visit.photo.add', 'visit.photo.read'])
      .where((eb) => eb.or([eb('targetId', '=', up.body.id), eb('targetId', '=', h.household.id)]))
      .execute();
    expect(audit.filter((a) => a.action === 'visit.photo.add')).toHaveLength(1);
    expect(
      audit
        .filter((a) => a.action === 'visit.photo.read')
        .map((a) => a.actorUsername)
        .sort(),
    ).toEqual(['cadre', 'officer', 'township']);
  });

  it('too large is 413, bytes that are not the type are 400, the seventh photo is 422', async () => {
    const cadre = await tb.as('cadre');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const v = (await visit(cadre, h.household.id)).body.visit;
    const big = await upload(cadre, v.id, jpegOfSize(PHOTO_MAX_BYTES + 1), 'image/jpeg');
    expect(big.status).toBe(413);
    expect(big.body.error.message).toMatch(/800 KB/);
    const wrong = await upload(cadre, v.id, tinyPng(), 'image/jpeg');
    expect(wrong.status).toBe(400);
    expect((await upload(cadre, v.id, Buffer.from('GIF89a'), 'image/gif')).status).toBe(400);
    for (let i = 0; i < PHOTOS_PER_VISIT; i++) {
      expect((await upload(cadre, v.id, jpegOfSize(2000 + i), 'image/jpeg')).status).toBe(201);
    }
    const seventh = await upload(cadre, v.id, jpegOfSize(100), 'image/jpeg');
    expect(seventh.status).toBe(422);
    const rows = await tb.store.db.selectFrom('visitPhoto').select('id').where('visitId', '=', v.id).execute();
    expect(rows).toHaveLength(PHOTOS_PER_VISIT);
    // only the stored photos are on disk: the refused ones left nothing behind
    const files = fs.readdirSync(tb.deps.config.photoDir);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    for (const r of rows) expect(files).toContain(r.id);
  });

  it("a photo follows its household: after a move, the new village's cadre sees it, the old one's does not", async () => {
    const cadre = await tb.as('cadre');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const v = (await visit(cadre, h.household.id)).body.visit;
    const photo = (await upload(cadre, v.id, tinyPng())).body;
    // the household moves (issue 14 §3): its visits stay where they were recorded
    await tb.store.db
      .updateTable('household')
      .set({ regionCode: VILLAGE_B })
      .where('id', '=', h.household.id)
      .execute();
    expect((await (await tb.as('cadreB')).get(`/api/visit-photos/${photo.id}`)).status).toBe(200);
    expect((await cadre.get(`/api/visit-photos/${photo.id}`)).status).toBe(404);
    expect((await upload(await tb.as('cadreB'), v.id, tinyPng())).status).toBe(201);
    expect((await upload(cadre, v.id, tinyPng())).status).toBe(404);
  });

  it('a photo upload is idempotent by key like any write', async () => {
    const cadre = await tb.as('cadre');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const v = (await visit(cadre, h.household.id)).body.visit;
    const key = crypto.randomUUID();
    const a = await upload(cadre, v.id, tinyPng(), 'image/png', { 'idempotency-key': key });
    const b = await upload(cadre, v.id, tinyPng(), 'image/png', { 'idempotency-key': key });
    expect(a.status).toBe(201);
    expect(b.body).toEqual(a.body);
    const rows = await tb.store.db.selectFrom('visitPhoto').select('id').where('visitId', '=', v.id).execute();
    expect(rows).toHaveLength(1);
  });
});
