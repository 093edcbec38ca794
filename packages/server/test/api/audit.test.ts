import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditPage, AuditVerifyResult, HouseholdDetail } from '@dixian/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, auditHash, GENESIS_HASH } from '../../src/audit/audit-log.js';
import { checkAnchor, writeAnchor } from '../../src/audit/anchor.js';
import { verifyAuditChains } from '../../src/audit/audit-verify.js';
import { formatAnchor, formatVerification } from '../../src/cli/commands/audit.js';
import { openStore } from '../../src/db/store.js';
import { SYSTEM_ACTOR } from '../../src/services/context.js';
import { updateHousehold } from '../../src/services/household.service.js';
import {
  createHouseholdIn,
  createTestbed,
  OTHER_COUNTY,
  OTHER_COUNTY_VILLAGE,
  VILLAGE_A,
  type Testbed,
} from '../support/api.js';
import { engines } from '../support/db.js';
import { tamper } from '../support/tamper.js';
import { templatePath } from '../support/template.js';

const addDaysIso = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/dixian.js');

/** Issue 4 §4: every write and sensitive read is in a hash-chained log; tampering is found and named. */
describe.each(engines)('the audit log on %s (issue 4 §4)', (engine) => {
  let tb: Testbed;
  let households: HouseholdDetail[];
  beforeAll(async () => {
    tb = await createTestbed(engine);
    households = [];
    for (let i = 0; i < 3; i++) households.push(await createHouseholdIn(tb, VILLAGE_A));
    households.push(await createHouseholdIn(tb, OTHER_COUNTY_VILLAGE));
  });
  afterAll(async () => {
    await tb?.close();
  });

  const rows = (chain: string) =>
    tb.store.db
      .selectFrom('auditLog')
      .select(['seq', 'prevHash', 'hash'])
      .where('chain', '=', chain)
      .orderBy('seq')
      .execute();

  it('keeps one chain per county, each record linked to the one before, and verifies', async () => {
    const chain = await rows('220681');
    expect(chain.length).toBeGreaterThanOrEqual(3);
    expect(chain[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.prevHash).toBe(chain[i - 1]!.hash);
    expect((await rows(OTHER_COUNTY)).length).toBeGreaterThan(0);
    const r = await verifyAuditChains(tb.store);
    expect(r.ok).toBe(true);
    expect(r.chains.map((c) => c.chain)).toEqual(expect.arrayContaining(['220681', OTHER_COUNTY]));
  });

  it('serialises concurrent appends to one chain (per-chain advisory lock) so the chain stays whole', async () => {
    const ctx = { ...tb.system, actor: SYSTEM_ACTOR };
    // Three household updates (each its own transaction) and twelve bare appends, all on chain 220681 at once.
    await Promise.all([
      ...households
        .slice(0, 3)
        .map((h, i) => updateHousehold(ctx, h.household.id, { version: 1, address: `并发${i}` })),
      ...Array.from({ length: 12 }, (_, i) =>
        tb.store.transaction((tx) =>
          appendAudit(tx, ctx, { action: 'test.concurrent', regionCode: VILLAGE_A, detail: { i } }),
        ),
      ),
    ]);
    const r = await verifyAuditChains(tb.store, '220681');
    expect(r).toMatchObject({ ok: true });
    const concurrent = await tb.store.db
      .selectFrom('auditLog')
      .select('detail')
      .where('action', '=', 'test.concurrent')
      .execute();
    expect(concurrent).toHaveLength(12);
  });

  it('a change and its audit record commit or roll back together', async () => {
    const before = (await rows('220681')).length;
    await expect(
      tb.store.transaction(async (tx) => {
        await appendAudit(tx, tb.system, { action: 'test.rolled_back', regionCode: VILLAGE_A });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect((await rows('220681')).length).toBe(before);
  });

  it('inspectors and county administrators read the log, filtered; a cadre may not', async () => {
    const inspector = await tb.as('inspector');
    const page = await inspector.get<AuditPage>(`/api/audit?action=household.create&pageSize=2`);
    expect(page.status).toBe(200);
    expect(page.body.total).toBe(3); // the three households of 临江市, not the one of 浑江区
    expect(page.body.items).toHaveLength(2);
    expect(page.body.items[0]!.seq).toBeGreaterThan(page.body.items[1]!.seq);
    expect(page.body.items.every((e) => e.chain === '220681' && e.targetType === 'household')).toBe(true);
    expect((await (await tb.as('cadre')).get('/api/audit')).status).toBe(403);
  });

  it('issue 14 §6: the inspector finds records by user and by China calendar day', async () => {
    const inspector = await tb.as('inspector');
    const all = (await inspector.get<AuditPage>('/api/audit?pageSize=100')).body.items;
    const someone = all.find((e) => e.actorUsername)!;
    const byUser = (await inspector.get<AuditPage>(`/api/audit?actor=${someone.actorUsername}&pageSize=100`)).body;
    expect(byUser.total).toBe(all.filter((e) => e.actorUsername === someone.actorUsername).length);
    // the test bed's clock is 2024-06-03 10:00 in China: that day holds the records, the day before none
    const day = new Date(new Date(someone.at).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const thatDay = (await inspector.get<AuditPage>(`/api/audit?dayFrom=${day}&dayTo=${day}&pageSize=1`)).body;
    expect(thatDay.total).toBeGreaterThan(0);
    const before = addDaysIso(day, -1);
    expect((await inspector.get<AuditPage>(`/api/audit?dayFrom=${before}&dayTo=${before}`)).body.total).toBe(0);
  });

  it('tampering with a record makes verification fail and names it (seq, chain); other chains stay intact', async () => {
    const chain = await rows('220681');
    const victim = chain[Math.floor(chain.length / 2)]!;
    await tamper(tb.store, `update audit_log set detail = '{"reason":"改过了"}' where seq = $1`, [victim.seq]);
    const r = await verifyAuditChains(tb.store);
    expect(r.ok).toBe(false);
    const broken = r.chains.find((c) => c.chain === '220681')!;
    expect(broken.firstBroken).toEqual({ seq: Number(victim.seq), reason: 'hash_mismatch' });
    expect(r.chains.find((c) => c.chain === OTHER_COUNTY)!.ok).toBe(true);
    expect(formatVerification(r).join('\n')).toContain(`链 220681: 第一个损坏的记录 seq ${victim.seq}`);

    const api = await (await tb.as('inspector')).post<AuditVerifyResult>('/api/audit/verify');
    expect(api.body.ok).toBe(false);
    expect(api.body.chains).toEqual([expect.objectContaining({ chain: '220681', firstBroken: broken.firstBroken })]);
  });

  it('a deleted record breaks the link of the next one, which is named', async () => {
    const chain = await rows(OTHER_COUNTY);
    expect(chain.length).toBeGreaterThanOrEqual(2);
    await tamper(tb.store, 'delete from audit_log where seq = $1', [chain[0]!.seq]);
    const r = await verifyAuditChains(tb.store, OTHER_COUNTY);
    expect(r.chains[0]!.firstBroken).toEqual({ seq: Number(chain[1]!.seq), reason: 'prev_hash_mismatch' });
  });
});

describe.each(engines)('an audit log that lasts on %s (issue 21 §4)', (engine) => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await createTestbed(engine);
    for (let i = 0; i < 3; i++) await createHouseholdIn(tb, VILLAGE_A);
  });
  afterAll(async () => {
    await tb?.close();
  });
  const sql = (q: string, params: unknown[] = []) => tb.store.transaction((tx) => tx.client.query(q, params));

  it('no record is changed, none younger than 180 days deleted, the log never truncated (等保 安全审计)', async () => {
    // a record of today (the test bed's clock is in 2024, past the retention now)
    const newest = await tb.store.transaction((tx) =>
      appendAudit(tx, { actor: SYSTEM_ACTOR, requestId: null, now: () => new Date() }, { action: 'test.new' }),
    );
    await expect(sql(`update audit_log set action = 'x' where seq = $1`, [newest.seq])).rejects.toThrow(
      /审计记录不可修改/,
    );
    await expect(sql('delete from audit_log where seq = $1', [newest.seq])).rejects.toThrow(/保留至少180天/);
    await expect(sql('truncate audit_log')).rejects.toThrow(/不可清空/);
    // a record past the retention may go
    const old = await tb.store.transaction((tx) =>
      appendAudit(
        tx,
        { actor: SYSTEM_ACTOR, requestId: null, now: () => new Date('2020-01-01T00:00:00Z') },
        {
          action: 'test.old',
          regionCode: OTHER_COUNTY_VILLAGE,
        },
      ),
    );
    expect((await sql('delete from audit_log where seq = $1', [old.seq])).affectedRows).toBe(1);
  });

  it.runIf(engine === 'postgres')(
    'the application role may read and append the log but not change or delete it',
    async () => {
      await tb.store.transaction(async (tx) => {
        await tx.client.exec('set local role dixian_app');
        const r = await tx.client.query<{ n: string }>('select count(*) as n from audit_log');
        expect(Number(r.rows[0]!.n)).toBeGreaterThan(0);
        await tx.client.exec('savepoint s');
        await expect(
          tx.client.query('delete from audit_log where seq = (select min(seq) from audit_log)'),
        ).rejects.toThrow(/permission denied/);
        await tx.client.exec('rollback to savepoint s');
        await appendAudit(tx, { actor: SYSTEM_ACTOR, requestId: null, now: () => new Date() }, { action: 'test.role' });
      });
    },
  );

  it('deleting the newest records is found against the signed anchor outside the database', async () => {
    const { auditAnchorDir: dir, auditAnchorKeyFile: key } = tb.deps.config;
    const [head] = (await sql(`select seq from audit_log where chain = '220681' order by seq desc limit 1`)).rows as {
      seq: number;
    }[];
    const file = await writeAnchor(tb.store, dir, key);
    expect(fs.statSync(key).mode & 0o777).toBe(0o600);
    expect((await checkAnchor(tb.store, dir, key))!.ok).toBe(true);
    const inspector = await tb.as('inspector');
    expect((await inspector.post<AuditVerifyResult>('/api/audit/verify')).body.anchor).toMatchObject({ ok: true });
    // an owner removes the county's records from the anchored head on: every chain still links, only the anchor
    // shows the loss
    await tamper(tb.store, `delete from audit_log where chain = '220681' and seq > $1`, [head!.seq]);
    await tamper(tb.store, 'delete from audit_log where seq = $1', [head!.seq]);
    expect((await verifyAuditChains(tb.store, '220681')).ok).toBe(true);
    const check = await checkAnchor(tb.store, dir, key);
    expect(check!.problems).toEqual([{ chain: '220681', seq: Number(head!.seq), reason: 'deleted_after_anchor' }]);
    expect(formatAnchor(check)).toEqual([
      `锚定 ${check!.at}: 链 220681 seq ${head!.seq} 锚定后被删除 / deleted after the anchor`,
    ]);
    const api = await inspector.post<AuditVerifyResult>('/api/audit/verify');
    expect(api.body.ok).toBe(false);
    expect(api.body.anchor!.problems).toEqual(check!.problems);
    // a forged anchor (heads edited to hide the loss) fails its signature
    const forged = JSON.parse(fs.readFileSync(file, 'utf8')) as { heads: { chain: string; seq: number }[] };
    forged.heads = forged.heads.filter((h) => h.chain !== '220681');
    fs.writeFileSync(file, JSON.stringify(forged));
    expect((await checkAnchor(tb.store, dir, key))!.problems[0]!.reason).toBe('bad_signature');
  });
});

describe('dixian audit verify (the command, on a PGlite data directory)', () => {
  it('exits 1 naming the first broken record and chain, and reports the intact chains', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-audit-cli-'));
    try {
      const store = await openStore({ dataDir: dir, loadDataDir: new Blob([fs.readFileSync(templatePath())]) });
      const ctx = { actor: SYSTEM_ACTOR, requestId: null, now: () => new Date('2024-06-03T02:00:00Z') };
      const seqs: number[] = [];
      for (const regionCode of [VILLAGE_A, VILLAGE_A, VILLAGE_A, OTHER_COUNTY_VILLAGE]) {
        const r = await store.transaction((tx) => appendAudit(tx, ctx, { action: 'test.cli', regionCode }));
        seqs.push(r.seq);
      }
      await tamper(store, `update audit_log set action = 'test.forged' where seq = $1`, [seqs[1]]);
      await store.close();
      const run = spawnSync(process.execPath, [BIN, 'audit', 'verify'], {
        env: { ...process.env, DATABASE_URL: '', DIXIAN_DATA_DIR: dir },
        encoding: 'utf8',
      });
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toContain(`chain 220681: first broken record seq ${seqs[1]} (hash_mismatch)`);
      expect(run.stderr).toContain(`chain ${OTHER_COUNTY}: 1 records, intact`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('hashes the same content the same way whatever the key order', () => {
    const base = {
      prevHash: GENESIS_HASH,
      chain: '220681',
      at: new Date('2024-06-03T02:00:00Z'),
      actorId: null,
      actorUsername: null,
      actorRole: null,
      action: 'x',
      targetType: null,
      targetId: null,
      requestId: null,
      before: null,
      after: null,
    };
    expect(auditHash({ ...base, detail: { a: 1, b: [1, { c: 2, d: 3 }] } })).toBe(
      auditHash({ ...base, detail: { b: [1, { d: 3, c: 2 }], a: 1 } }),
    );
    expect(auditHash({ ...base, detail: { a: 1 } })).not.toBe(auditHash({ ...base, detail: { a: 2 } }));
  });
});
