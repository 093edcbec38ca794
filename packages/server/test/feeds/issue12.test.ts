/**
 * Import faults found by outside testers (issue 12 #10–#12): files that must be refused, and values that must be
 * read as the department meant them. Real files: GBK CSV through iconv-lite, .xlsx through exceljs.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/store.js';
import { importFeed } from '../../src/services/feed.service.js';
import { createTestStore, engines } from '../support/db.js';
import { departmentOfficer, RECEIVED_AT, seedRegistry, tmpDir, type Registry } from './support.js';

describe.each(engines)('feed import faults on %s (issue 12)', (engine) => {
  let store: Store;
  let reg: Registry;
  const dir = tmpDir();
  const now = () => RECEIVED_AT;
  let n = 0;
  const gbkCsv = (lines: string[]) => {
    const file = path.join(dir, `f${++n}.csv`);
    fs.writeFileSync(file, iconv.encode(lines.join('\r\n') + '\r\n', 'gbk'));
    return file;
  };
  const count = async (table: string) =>
    Number(
      (await store.transaction((tx) => tx.client.query<{ n: number }>(`select count(*)::int as n from ${table}`)))
        .rows[0]!.n,
    );

  beforeAll(async () => {
    store = await createTestStore(engine);
    reg = await seedRegistry(store);
  });
  afterAll(async () => {
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('issue 12 #10: an unclosed quote refuses the file, naming row and column, instead of dropping the rows after it', async () => {
    const actor = await departmentOfficer(store, 'medical_insurance');
    const file = gbkCsv([
      '姓名,身份证号码,所在村,结算日期,个人自付费用',
      `张三,${reg.zhang.id},六道沟村,2024-05-08,"26000`,
      `李梅,${reg.zhangSpouse.id},六道沟村,2024-05-09,21000`,
      `王五,${reg.wang.id},三道阳岔村,2024-05-10,6000`,
    ]);
    const rowsBefore = await count('feed_row');
    await expect(importFeed({ store, actor, now }, { department: 'medical_insurance', file })).rejects.toMatchObject({
      code: 'validation_failed',
      text: { zh: expect.stringContaining('第2行E列'), en: expect.stringContaining('row 2, column E') },
      issues: [expect.objectContaining({ row: 2, column: 'E' })],
    });
    expect(await count('feed_row')).toBe(rowsBefore);
  });
});
