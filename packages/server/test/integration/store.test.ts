import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMigrations, migrate } from '../../src/db/migrate.js';
import type { Store } from '../../src/db/store.js';
import { createTestStore, engines } from '../support/db.js';

describe.each(engines)('store on %s', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore(engine);
  });
  afterAll(async () => {
    await store.close();
  });

  it('has applied every migration once, and a second run applies nothing', async () => {
    const rows = await store.db
      .selectFrom('schemaMigration' as never)
      .select('version' as never)
      .execute();
    expect(rows.map((r) => (r as { version: string }).version)).toEqual(listMigrations().map((m) => m.version));
    const again = await migrate(store);
    expect(again.applied).toEqual([]);
  });

  it('refuses a migration whose file changed after it was applied', async () => {
    const changed = listMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'x'.repeat(64) } : m));
    await expect(migrate(store, changed)).rejects.toThrow(/changed after it was applied/);
  });

  it('reads int8 as numbers and dates as YYYY-MM-DD text, on both engines', async () => {
    const r = await store.transaction((tx) =>
      tx.client.query<{ big: number; d: string }>(`select 9007199254740991::int8 as big, date '2024-02-29' as d`),
    );
    expect(r.rows[0]).toEqual({ big: 9007199254740991, d: '2024-02-29' });
  });

  it('rolls a failed transaction back completely', async () => {
    await store.db.insertInto('region').values({ code: '99', name: '测试省', level: 'province' }).execute();
    await expect(
      store.transaction(async (tx) => {
        await tx.db
          .insertInto('region')
          .values({ code: '9901', name: '测试市', level: 'prefecture', parentCode: '99' })
          .execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const rows = await store.db.selectFrom('region').select('code').where('code', 'like', '99%').execute();
    expect(rows.map((r) => r.code)).toEqual(['99']);
  });

  it('bulk-loads text with tabs, newlines, backslashes, quotes, arrays and JSON intact', async () => {
    const tricky = 'a\tb\nc\\d"e\'f';
    await store.transaction(async (tx) => {
      await tx.client.exec(
        'create temp table t (s text, arr text[], j jsonb, n int8, b boolean, d date) on commit drop',
      );
      const n = await tx.copyInto(
        't',
        ['s', 'arr', 'j', 'n', 'b', 'd'],
        [
          [tricky, ['x,y', 'q"z', null], { k: tricky }, 12345678901, true, '2021-06-26'],
          [null, [], null, null, false, null],
        ],
      );
      expect(n).toBe(2);
      const r = await tx.client.query<Record<string, unknown>>('select * from t order by n nulls last');
      expect(r.rows[0]).toEqual({
        s: tricky,
        arr: ['x,y', 'q"z', null],
        j: { k: tricky },
        n: 12345678901,
        b: true,
        d: '2021-06-26',
      });
      expect(r.rows[1]).toEqual({ s: null, arr: [], j: null, n: null, b: false, d: null });
    });
  });

  it('streams a large result in batches through a cursor', async () => {
    let total = 0;
    let batches = 0;
    for await (const batch of store.stream<{ i: number }>('select generate_series(1, 12345) as i', [], 1000)) {
      total += batch.length;
      batches++;
    }
    expect(total).toBe(12345);
    expect(batches).toBe(13);
  });
});
