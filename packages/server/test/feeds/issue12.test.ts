/**
 * Import faults found by outside testers (issue 12 #10–#12): files that must be refused, and values that must be
 * read as the department meant them. Real files: GBK CSV through iconv-lite, .xlsx through exceljs.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/store.js';
import { importFeed } from '../../src/services/feed.service.js';
import { createTestStore, engines } from '../support/db.js';
import { departmentOfficer, messyMedicalCsv, RECEIVED_AT, seedRegistry, tmpDir, type Registry } from './support.js';

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

  it('issue 12 #11: a 医保 file sent as 教育 is refused before anything is written, naming 医保局', async () => {
    const actor = await departmentOfficer(store, 'education');
    // the 医保 columns; 个人自付费用 is also an education column, so the file alone is "valid" for 教育
    const file = gbkCsv([
      '姓名,身份证号码,所在村,结算日期,医疗总费用,统筹支付,个人自付费用,就诊医院',
      `张三,${reg.zhang.id},六道沟村,2024-05-08,40000,14000,26000,临江市人民医院`,
      `王五,${reg.wang.id},三道阳岔村,2024-05-10,9000,3000,16000,白山市中心医院`,
    ]);
    const before = [await count('feed_row'), await count('department_warning'), await count('lead')];
    await expect(importFeed({ store, actor, now }, { department: 'education', file })).rejects.toMatchObject({
      code: 'validation_failed',
      text: { zh: expect.stringContaining('医保局'), en: expect.stringContaining('Medical insurance') },
    });
    expect([await count('feed_row'), await count('department_warning'), await count('lead')]).toEqual(before);
  });

  it('issue 12 #11: an education list of adults is refused; one adult among students is a row error, not a lead', async () => {
    const actor = await departmentOfficer(store, 'education');
    // registry people are adults (born before 1990): as "students" with a self-paid cost above 10,000 yuan
    const adults = gbkCsv([
      '姓名,身份证号码,所在村,学段,个人自付费用',
      `张三,${reg.zhang.id},六道沟村,高中,26000`,
      `王五,${reg.wang.id},三道阳岔村,大学,16000`,
    ]);
    const leads = await count('lead');
    await expect(importFeed({ store, actor, now }, { department: 'education', file: adults })).rejects.toMatchObject({
      code: 'validation_failed',
      issues: [expect.objectContaining({ message: expect.stringMatching(/不是在读学生的年龄/) })],
    });
    expect(await count('lead')).toBe(leads);

    // a child with a cost, and one adult: the adult's row is an error and raises nothing
    const mixed = gbkCsv([
      '姓名,身份证号码,所在村,学段,个人自付费用',
      `张小明,${reg.zhangChild.id},六道沟村,初中,12000`,
      `张三,${reg.zhang.id},六道沟村,高中,26000`,
    ]);
    const { batch } = await importFeed({ store, actor, now }, { department: 'education', file: mixed });
    expect([batch.rowsValid, batch.rowsInvalid]).toEqual([1, 1]);
    const issues = await store.transaction((tx) =>
      tx.client.query<{ row_no: number; problem: string }>(
        `select row_no, problem from feed_issue where batch_id = $1 and severity = 'error'`,
        [batch.id],
      ),
    );
    expect(issues.rows).toEqual([{ row_no: 3, problem: expect.stringMatching(/56岁,不是在读学生的年龄/) }]);
  });

  it('issue 12 #12: an .xlsx with numbers in date columns, 低保边缘, "650元/月"; a CSV with "无倒损": read as meant', async () => {
    const civil = await departmentOfficer(store, 'civil_affairs');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['姓名', '身份证号', '救助类型', '批准日期', '月保障金']);
    // typed without a date format: 202405 (YYYYMM) and 20240506 (YYYYMMDD) are numbers in the file
    ws.addRow(['张三', reg.zhang.id, '新增低保', 202405, '650元/月']);
    ws.addRow(['王五', reg.wang.id, '低保边缘家庭', 20240506, 500]);
    const file = path.join(dir, 'civil-numbers.xlsx');
    await wb.xlsx.writeFile(file);
    const { batch } = await importFeed({ store, actor: civil, now }, { department: 'civil_affairs', file });
    expect(batch).toMatchObject({ rowsTotal: 2, rowsValid: 2, rowsInvalid: 0, warningsCreated: 1 });
    const rows = await store.transaction((tx) =>
      tx.client.query<{ row_no: number; signal_type: string | null; event_date: string; metric_fen: number | null }>(
        `select row_no, signal_type, event_date, metric_fen from feed_row where batch_id = $1 order by row_no`,
        [batch.id],
      ),
    );
    expect(rows.rows).toEqual([
      { row_no: 2, signal_type: 'new_dibao_not_monitored', event_date: '2024-05-01', metric_fen: 65000 },
      { row_no: 3, signal_type: null, event_date: '2024-05-06', metric_fen: null },
    ]);

    const emergency = await departmentOfficer(store, 'emergency');
    const csv = gbkCsv([
      '姓名,身份证号码,灾害类型,发生日期,直接经济损失,房屋受损情况',
      `张三,${reg.zhang.id},洪涝,2024-05-01,800,无倒损`,
      `王五,${reg.wang.id},洪涝,2024-05-01,800,房屋未倒塌`,
    ]);
    const r = await importFeed({ store, actor: emergency, now }, { department: 'emergency', file: csv });
    expect(r.batch).toMatchObject({ rowsValid: 2, warningsCreated: 0 });
  });

  it('issue 12 #12: a truncated .xlsx is "文件已损坏或不完整 / damaged or incomplete", a file-level refusal', async () => {
    const actor = await departmentOfficer(store, 'medical_insurance');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['姓名', '身份证号码', '结算日期', '个人自付费用']);
    for (let i = 0; i < 200; i++) ws.addRow(['张三', reg.zhang.id, '2024-05-08', 26000 + i]);
    const whole = await wb.xlsx.writeBuffer();
    for (const keep of [0.5, 0.9]) {
      const file = path.join(dir, `truncated-${keep}.xlsx`);
      fs.writeFileSync(file, Buffer.from(whole).subarray(0, Math.floor(whole.byteLength * keep)));
      await expect(importFeed({ store, actor, now }, { department: 'medical_insurance', file })).rejects.toMatchObject({
        code: 'validation_failed',
        text: {
          zh: expect.stringContaining('文件已损坏或不完整'),
          en: expect.stringContaining('damaged or incomplete'),
        },
      });
    }
  });

  it('issue 12 #12: a file-level problem names the real header row (3, below two title rows), also in the failed batch', async () => {
    const actor = await departmentOfficer(store, 'housing');
    const file = messyMedicalCsv(reg, dir, '-row');
    const err = await importFeed({ store, actor, now }, { department: 'housing', file }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'validation_failed',
      issues: expect.arrayContaining([
        expect.objectContaining({ row: 3, message: expect.stringMatching(/缺少必填列"鉴定等级"/) }),
      ]),
    });
    expect((err as { issues: { row?: number }[] }).issues.every((i) => i.row !== 1)).toBe(true);
    const failed = await store.transaction((tx) =>
      tx.client.query<{ error: string }>(
        `select error from feed_batch where department = 'housing' and status = 'failed' order by started_at desc limit 1`,
      ),
    );
    expect(failed.rows[0]!.error).toContain('第3行');
  });
});

describe('dixian feed import: a damaged file exits 2 with a clear message (issue 12 #12)', () => {
  const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/dixian.js');
  const run = promisify(execFile);
  const dir = tmpDir();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a truncated .xlsx: 文件已损坏或不完整, exit 2 (not a raw FILE_ENDED, exit 1)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['姓名', '身份证号码', '结算日期', '个人自付费用']);
    for (let i = 0; i < 200; i++) ws.addRow(['张三', '220681196804120011', '2024-05-08', 26000 + i]);
    const whole = Buffer.from(await wb.xlsx.writeBuffer());
    const file = path.join(dir, 'cut.xlsx');
    fs.writeFileSync(file, whole.subarray(0, whole.length >> 1));
    const env: NodeJS.ProcessEnv = { ...process.env, DIXIAN_DATA_DIR: path.join(dir, 'data') };
    delete env.DATABASE_URL;
    const r = await run(
      process.execPath,
      [bin, 'feed', 'import', '--dept', 'medical_insurance', '--county', '220681', file],
      {
        env,
      },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('文件已损坏或不完整');
  }, 60_000);
});
