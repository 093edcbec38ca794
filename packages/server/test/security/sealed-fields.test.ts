import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { HouseholdPage, UnmaskResponse } from '@dixian/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFeed } from '../../src/services/feed.service.js';
import { openWith, sealWith } from '../../src/security/field-cipher.js';
import {
  activeFieldKeys,
  addFieldKey,
  idIndex,
  loadFieldKeys,
  newKeyFile,
  parseKeyring,
  useFieldKeys,
  type FieldKeyring,
} from '../../src/security/field-keys.js';
import { refuseForeignKeys, resealAll, sealPendingFields, tokensByKey } from '../../src/security/reseal.js';
import { COUNTY, createHouseholdIn, createTestbed, VILLAGE_A, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

/**
 * Issue 21 §3: ID numbers, phones and diagnoses are sealed in the database (SM4 by default, AES-256-GCM as a
 * setting) under keys kept outside it; search by ID number and feed matching go through a keyed blind index.
 */
describe.each(engines)('sealed sensitive fields on %s (issue 21 §3)', (engine) => {
  let tb: Testbed;
  let headId: string;
  let householdId: string;
  const raw = async <R>(sql: string, params: unknown[] = []) =>
    (await tb.store.transaction((tx) => tx.client.query<R>(sql, params))).rows;

  beforeAll(async () => {
    tb = await createTestbed(engine);
    const h = await createHouseholdIn(tb, VILLAGE_A);
    householdId = h.household.id;
    // read through the store: opened
    headId = (
      await raw<{ id: string }>(`select id_number as id from member where household_id = $1 and relation = 'head'`, [
        householdId,
      ])
    )[0]!.id;
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('the database holds tokens, not the ID number, phone or diagnosis, and the API still reads them', async () => {
    expect(headId).toMatch(/^\d{17}[\dX]$/);
    // 'x' || value: a string the store does not open, so the stored form shows
    const [m] = await raw<{ id: string; phone: string; disease: string; idx: string }>(
      `select 'x' || id_number as id, 'x' || phone as phone, 'x' || disease as disease, id_number_index as idx
         from member where household_id = $1 and relation = 'head'`,
      [householdId],
    );
    expect(m!.id).toMatch(/^xenc1:k[0-9a-f]{8}:s:[A-Za-z0-9_-]+$/);
    expect(m!.phone).toMatch(/^xenc1:k[0-9a-f]{8}:s:/);
    expect(m!.disease).toMatch(/^xenc1:k[0-9a-f]{8}:s:/);
    expect(m!.id).not.toContain(headId);
    expect(m!.idx).toBe(idIndex(headId));
    const [h] = await raw<{ phone: string }>(`select 'x' || phone as phone from household where id = $1`, [
      householdId,
    ]);
    expect(h!.phone).toMatch(/^xenc1:k[0-9a-f]{8}:s:/);
    // two seals of one value differ (a fresh IV each), so equal numbers cannot be spotted in the table
    expect(sealWith(activeFieldKeys()!.current, headId)).not.toBe(sealWith(activeFieldKeys()!.current, headId));

    const cadre = await tb.as('cadre');
    const [head] = await raw<{ id: string }>(`select id from member where household_id = $1 and relation = 'head'`, [
      householdId,
    ]);
    const unmasked = await cadre.post<UnmaskResponse>(`/api/households/${householdId}/unmask`, {
      reason: '核实身份 / verifying identity',
      memberIds: [head!.id],
    });
    expect(unmasked.body.members[0]).toMatchObject({
      idNumber: headId,
      phone: '13804390001',
      disease: '高血压',
    });
  });

  it.runIf(engine === 'pglite')('no file of the database holds the ID number, the phone or the diagnosis', async () => {
    const files = gunzipSync(Buffer.from(await (await tb.store.dumpDataDir!()).arrayBuffer()));
    expect(files.length).toBeGreaterThan(1_000_000);
    for (const secret of [headId, '13804390001', '高血压']) expect(files.indexOf(Buffer.from(secret)), secret).toBe(-1);
    // the proof that the search works: the household number, stored in clear, is found
    expect(files.indexOf(Buffer.from(`${VILLAGE_A}0001`))).toBeGreaterThan(-1);
  });

  it('search by ID number finds the household through the blind index, and only by the whole number', async () => {
    const cadre = await tb.as('cadre');
    const found = (await cadre.get<HouseholdPage>(`/api/households?q=${headId}`)).body;
    expect(found.items.map((i) => i.id)).toEqual([householdId]);
    expect(found.items[0]!.headIdNumber).toMatch(/^\d{3}\*+\d[\dX]$/);
    const other = `${headId.slice(0, 16)}${headId[16] === '1' ? '2' : '1'}${headId[17]}`;
    expect((await cadre.get<HouseholdPage>(`/api/households?q=${other}`)).body.total).toBe(0);
  });

  it('a department feed matches by the blind index and keeps no ID number in clear, nor in its dedupe key', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-sealed-feed-'));
    const file = path.join(dir, 'medical.csv');
    fs.writeFileSync(
      file,
      [
        '序号,姓名,身份证号码,结算日期,医疗总费用,个人自付(元),疾病诊断',
        `1,王建国,${headId},2024-05-10,90000,60000,肺癌`,
      ].join('\n'),
    );
    const actor = { ...tb.system.actor, scopeCode: COUNTY };
    const { batch } = await importFeed(
      { store: tb.store, actor, now: () => tb.clock.now() },
      { department: 'medical_insurance', file },
    );
    expect(batch.rowsMatched).toBe(1);
    const [row] = await raw<{ id: string; dedupe: string; detail: string; diagnosis: string }>(
      `select 'x' || id_number as id, dedupe_key as dedupe, 'x' || detail::text as detail, detail->>'diagnosis' as diagnosis
         from feed_row where batch_id = $1`,
      [batch.id],
    );
    expect(row!.id).toMatch(/^xenc1:/);
    expect(row!.dedupe).not.toContain(headId);
    expect(row!.dedupe).toContain(idIndex(headId));
    expect(row!.detail).not.toContain('肺癌');
    expect(row!.diagnosis).toBe('肺癌'); // opened on the way out
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a database from before the sealing is sealed at the next start, its index filled, and found again', async () => {
    const id = `${COUNTY}19500101003X`.slice(0, 17) + 'X';
    await raw(
      `insert into member (household_id, county_code, name, id_number, sex, birth_date, relation, phone, disease)
       values ($1, $2, '旧数据', $3, 'male', '1950-01-01', 'other', '13900000000', '糖尿病')`,
      [householdId, COUNTY, id],
    );
    await raw(`insert into field_seal_pending (table_name) values ('member') on conflict do nothing`);
    expect((await tokensByKey(tb.store)).get('clear')).toBeGreaterThan(0);
    await sealPendingFields(tb.store);
    const [m] = await raw<{ id: string; idx: string; phone: string }>(
      `select 'x' || id_number as id, id_number_index as idx, 'x' || phone as phone from member where name = '旧数据'`,
    );
    expect(m).toMatchObject({ idx: idIndex(id) });
    expect(m!.id).toMatch(/^xenc1:/);
    expect(m!.phone).toMatch(/^xenc1:/);
    expect((await raw(`select * from field_seal_pending where table_name = 'member'`)).length).toBe(0);
    expect((await tokensByKey(tb.store)).get('clear') ?? 0).toBe(0);
  });

  it('a sealed column cannot be set by an SQL expression through the typed builder', async () => {
    const { sql } = await import('kysely');
    await expect(
      tb.store.db
        .updateTable('member')
        .set({ phone: sql<string>`'13700000000'` })
        .where('householdId', '=', householdId)
        .execute(),
    ).rejects.toThrow(/member.phone is sealed/);
  });

  it('rotation re-seals every value under the new key; the old key can then go, and a keyring without the key is refused', async () => {
    const before = activeFieldKeys()!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-keys-'));
    const file = path.join(dir, 'field-keys.json');
    // the test keyring as a key file, as `start` creates one
    fs.writeFileSync(file, exportRing(before));
    let rotated: FieldKeyring | undefined;
    try {
      useFieldKeys(parseKeyring(fs.readFileSync(file, 'utf8'), file));
      const id = addFieldKey(file, 'aes-256-gcm');
      rotated = loadFieldKeys({ dataDir: dir, fieldKeysFile: file, fieldKeys: undefined, fieldCipher: 'sm4' });
      useFieldKeys(rotated);
      await resealAll(tb.store);
      const counts = await tokensByKey(tb.store);
      expect(counts.get(before.current.id) ?? 0).toBe(0);
      expect(counts.get(id)).toBeGreaterThan(0);
      // the blind index key did not change: search still finds the household
      const cadre = await tb.as('cadre');
      expect((await cadre.get<HouseholdPage>(`/api/households?q=${headId}`)).body.items.map((i) => i.id)).toEqual([
        householdId,
      ]);
      const [m] = await raw<{ id: string }>(
        `select id_number as id from member where household_id = $1 and relation = 'head'`,
        [householdId],
      );
      expect(m!.id).toBe(headId);

      // a keyring that has never seen these keys is refused before serving
      useFieldKeys(parseKeyring(JSON.stringify(newKeyFile('sm4')), undefined));
      await expect(refuseForeignKeys(tb.store)).rejects.toThrow(/lacks/);
    } finally {
      // back under the test keyring's key, opening with both
      useFieldKeys({ ...before, keys: new Map([...(rotated?.keys ?? []), ...before.keys]) });
      await resealAll(tb.store);
      useFieldKeys(before);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the field cipher', () => {
  it('SM4 and AES-256-GCM tokens open with their key only, and an altered token does not open', () => {
    for (const cipher of ['sm4', 'aes-256-gcm'] as const) {
      const ring = parseKeyring(JSON.stringify(newKeyFile(cipher)), undefined);
      const other = parseKeyring(JSON.stringify(newKeyFile(cipher)), undefined);
      const token = sealWith(ring.current, '220681196803150016');
      expect(openWith(ring.current, token)).toEqual({ kind: 's', plain: '220681196803150016' });
      expect(openWith(other.current, token)).toBeUndefined();
      const body = token.slice(token.lastIndexOf(':') + 1);
      const flipped = body[5] === 'A' ? 'B' : 'A';
      const altered = token.slice(0, token.length - body.length) + body.slice(0, 5) + flipped + body.slice(6);
      expect(openWith(ring.current, altered)).toBeUndefined();
    }
  });

  it('SM4 tokens sealed in a run (keystream made ahead) each open, and no two share a counter block', () => {
    const ring = parseKeyring(JSON.stringify(newKeyFile('sm4')), undefined);
    const used = new Set<bigint>();
    // values of 1 to 100 bytes, several keystream runs of 4,096 blocks, and one value longer than a run
    const values = Array.from({ length: 12_000 }, (_, i) => `${i}:${'病'.repeat(i % 33)}`);
    values.push('x'.repeat(70_000));
    for (const v of values) {
      const token = sealWith(ring.current, v);
      expect(openWith(ring.current, token)).toEqual({ kind: 's', plain: v });
      const raw = Buffer.from(token.slice(token.lastIndexOf(':') + 1), 'base64url');
      const iv = BigInt(`0x${raw.subarray(0, 16).toString('hex')}`);
      const blocks = Math.max(1, Math.ceil((raw.length - 32) / 16));
      for (let b = 0; b < blocks; b++) {
        const counter = (iv + BigInt(b)) % 2n ** 128n;
        expect(used.has(counter)).toBe(false);
        used.add(counter);
      }
    }
  });
});

/** A keyring as the key file holds it. */
function exportRing(ring: FieldKeyring): string {
  const entry = (k: { id: string; cipher: string; secret: Buffer }) => ({
    id: k.id,
    cipher: k.cipher,
    secret: k.secret.toString('base64'),
    created: '2024-06-03T00:00:00.000Z',
  });
  return JSON.stringify({
    version: 1,
    current: ring.current.id,
    index: entry(ring.index),
    keys: [...ring.keys.values()].map(entry),
  });
}
