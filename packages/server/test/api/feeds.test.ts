import fs from 'node:fs';
import { Readable } from 'node:stream';
import type {
  ErrorBody,
  FeedBatchDetail,
  FeedBatchList,
  FeedRowsPage,
  FeedUploadResult,
  LeadView,
} from '@dixian/core/api';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { createUser } from '../../src/services/user.service.js';
import { createTestbed, login, TEST_PASSWORD, type ApiClient, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';
import { messyMedicalCsv, seedRegistry, tmpDir, VILLAGE_A, type Registry } from '../feeds/support.js';

const OCTET = { 'content-type': 'application/octet-stream' };
const q = (department: string, fileName: string) =>
  `/api/feeds?department=${department}&fileName=${encodeURIComponent(fileName)}`;

/** Read an .xlsx answer back, sheet by sheet, as rows of cell values (ExcelJS, as the project writes them). */
async function workbookOf(body: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}
const rowsOf = (wb: ExcelJS.Workbook, sheet: string) =>
  (wb.getWorksheet(sheet)!.getSheetValues() as unknown[][]).slice(1).map((r) => (r ?? []).slice(1));

describe.each(engines)('department feeds over HTTP on %s (issue 5 §1–2)', (engine) => {
  let tb: Testbed;
  let reg: Registry;
  let csv: Buffer;
  let batchId: string;
  const dir = tmpDir();

  const upload = (client: ApiClient, url: string, body: Buffer, opts: { csrf?: boolean } = {}) =>
    client.request<FeedUploadResult & ErrorBody>('POST', url, body, { headers: OCTET, ...opts });
  const count = async (table: string, where = 'true') =>
    Number(
      (
        await tb.store.transaction((tx) =>
          tx.client.query<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`),
        )
      ).rows[0]!.n,
    );

  beforeAll(async () => {
    tb = await createTestbed(engine);
    reg = await seedRegistry(tb.store);
    csv = fs.readFileSync(messyMedicalCsv(reg, dir));
  });
  afterAll(async () => {
    await tb?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('S1 §四(二)3: the 医保 officer uploads a messy GBK CSV and gets the batch, its problems and the report', async () => {
    const dept = await tb.as('dept');
    const res = await upload(dept, q('medical_insurance', '医保高额费用名单.csv'), csv);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.alreadyImported).toBe(false);
    const b = res.body.batch;
    batchId = b.id;
    expect(b).toMatchObject({
      status: 'done',
      department: 'medical_insurance',
      countyCode: '220681',
      fileName: '医保高额费用名单.csv',
      format: 'csv',
      encoding: 'gb18030',
      headerRow: 3,
      rowsTotal: 9,
      rowsValid: 7,
      rowsInvalid: 2,
      rowsSkipped: 3,
      rowsMatched: 5,
      rowsUnmatched: 2,
      outsideScope: 1,
      warningsCreated: 5,
      leadsCreated: 2,
      attachedToCase: 1,
      attachedToLead: 1,
      uploadedBy: tb.users.dept.id,
      receivedOn: '2024-06-03',
    });

    // the batch with its problems by row and column, as Excel numbers them
    const detail = await dept.get<FeedBatchDetail>(`/api/feeds/${batchId}`);
    expect(detail.status).toBe(200);
    const errors = detail.body.problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => [p.rowNo, p.column])).toEqual([
      [9, 'C 公民身份号码'],
      [12, 'E 结算时间'],
    ]);
    expect(errors[0]!.problem).toMatch(/校验位/);
    expect(detail.body.problemsTotal).toBe(detail.body.problems.length);
    expect(detail.body.statusCounts).toMatchObject({ lead_created: 3, attached: 2 });

    // the validation report, downloadable and naming row, column and problem
    const report = await dept.get(`/api/feeds/${batchId}/report.xlsx`);
    expect(report.status).toBe(200);
    expect(report.headers['content-type']).toMatch(/spreadsheetml/);
    expect(String(report.headers['content-disposition'])).toContain(
      encodeURIComponent('医保高额费用名单-校验报告.xlsx'),
    );
    const wb = await workbookOf(report.raw.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概况', '问题清单', '未匹配人员', '处理结果']);
    const problem9 = rowsOf(wb, '问题清单').find((r) => r[0] === 9)!;
    expect(problem9.slice(0, 3)).toEqual([9, 'C 公民身份号码', '错误']);
    expect(String(problem9[3])).toMatch(/校验位/);
    const row12 = rowsOf(wb, '问题清单').find((r) => r[0] === 12 && r[2] === '错误')!;
    expect(row12[1]).toBe('E 结算时间');
    expect(String(row12[3])).toContain('2024-13-01');
    expect(
      rowsOf(wb, '未匹配人员')
        .slice(1)
        .map((r) => r[0]),
    ).toEqual([10, 11]);

    // the import is in the audit log: who, which department, which file, its hash and what it did
    const audit = await tb.store.transaction((tx) =>
      tx.client.query<{ actor_id: string; target_id: string; detail: Record<string, unknown> }>(
        `select actor_id, target_id, detail from audit_log where action = 'feed.import'`,
      ),
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({ actor_id: tb.users.dept.id, target_id: batchId });
    expect(audit.rows[0]!.detail).toMatchObject({
      department: 'medical_insurance',
      fileName: '医保高额费用名单.csv',
      sha256: b.fileSha256,
      rows: 9,
      matched: 5,
      warnings: 5,
      leads: 2,
    });
  });

  it('S1 §四(二)3, S3 §三(四): the department sees what became of each row; the township sees the new lead', async () => {
    const dept = await tb.as('dept');
    const page = await dept.get<FeedRowsPage>(`/api/feeds/${batchId}/rows?page=1&pageSize=50`);
    expect(page.status).toBe(200);
    expect(page.body.total).toBe(9);
    const byRow = Object.fromEntries(page.body.items.map((r) => [r.rowNo, r]));
    expect(byRow[4]).toMatchObject({
      personName: '张三',
      outcome: 'matched',
      signalType: 'medical_out_of_pocket',
      warningStatus: 'lead_created',
      leadStatus: 'open',
      verifyDueOn: '2024-06-06',
      identificationDueOn: '2024-06-18',
      warnedEarlier: false,
    });
    expect(byRow[7]).toMatchObject({ warningStatus: 'attached', caseStage: 'verifying' });
    expect(byRow[10]).toMatchObject({ outcome: 'unmatched', warningStatus: null });
    expect(byRow[11]).toMatchObject({ outcome: 'outside_scope' });
    // ID numbers are masked: a department officer may not unmask
    expect(byRow[4]!.idNumber).toMatch(/^\d{3}\*{13}\d[\dX]$/);
    expect(byRow[4]!.idNumber).not.toBe(reg.zhang.id);
    const second = await dept.get<FeedRowsPage>(`/api/feeds/${batchId}/rows?page=2&pageSize=5`);
    expect(second.body.items.map((r) => r.rowNo)).toEqual([9, 10, 11, 12]);

    // a county administrator sees the same rows masked too (a clear read goes through the audited unmask)
    const admin = await tb.as('admin');
    const adminPage = await admin.get<FeedRowsPage>(`/api/feeds/${batchId}/rows`);
    expect(adminPage.body.items.find((r) => r.rowNo === 4)!.idNumber).not.toBe(reg.zhang.id);

    // the township of village A has the lead on its desk, with the 15 days from receipt (S3 §三(四))
    const township = await tb.as('township');
    const leads = await township.get<{ items: LeadView[] }>('/api/leads?channel=department_warning');
    expect(leads.status).toBe(200);
    const lead = leads.body.items.find((l) => l.householdId === reg.zhang.householdId);
    expect(lead).toMatchObject({
      regionCode: VILLAGE_A,
      department: 'medical_insurance',
      status: 'open',
      identificationDueOn: '2024-06-18',
    });
    // feed batches are county records: the township is refused them
    expect((await township.get<ErrorBody>('/api/feeds')).status).toBe(403);
    expect((await township.get<ErrorBody>(`/api/feeds/${batchId}`)).status).toBe(403);
  });

  it('issue 5 §1: the same file again changes nothing', async () => {
    const dept = await tb.as('dept');
    const before = [
      await count('feed_batch'),
      await count('department_warning'),
      await count('lead'),
      await count('audit_log', `action = 'feed.import'`),
    ];
    const again = await upload(dept, q('medical_insurance', '又一次.csv'), csv);
    expect(again.status).toBe(200);
    expect(again.body.alreadyImported).toBe(true);
    expect(again.body.batch.id).toBe(batchId);
    const after = [
      await count('feed_batch'),
      await count('department_warning'),
      await count('lead'),
      await count('audit_log', `action = 'feed.import'`),
    ];
    expect(after).toEqual(before);
    const list = await dept.get<FeedBatchList>('/api/feeds');
    expect(list.body.items.map((x) => x.id)).toEqual([batchId]);
  });

  it('a department officer uploads and sees only their own department’s feeds; other ids answer not found', async () => {
    const dept = await tb.as('dept');
    const wrong = await upload(dept, q('health', '卫健.csv'), csv);
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('forbidden');
    const unknown = await upload(dept, q('nowhere', 'x.csv'), csv);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues.map((i) => i.path)).toContain('querystring.department');

    await createUser(tb.system, {
      username: 'weijian',
      displayName: '卫健局',
      role: 'department_officer',
      scopeCode: '220681',
      department: 'health',
      password: TEST_PASSWORD,
    });
    const health = await login(tb.app, 'weijian');
    expect((await health.get<FeedBatchList>('/api/feeds')).body.items).toEqual([]);
    for (const url of [`/api/feeds/${batchId}`, `/api/feeds/${batchId}/rows`, `/api/feeds/${batchId}/report.xlsx`]) {
      const r = await health.get<ErrorBody>(url);
      expect([url, r.status, r.body.error.code]).toEqual([url, 404, 'not_found']);
    }
    // the same answer as an id that does not exist, and as another county's administrator gets
    const none = await dept.get<ErrorBody>('/api/feeds/00000000-0000-4000-8000-000000000000');
    expect(none.status).toBe(404);
    const other = await tb.as('otherAdmin');
    expect((await other.get<ErrorBody>(`/api/feeds/${batchId}`)).status).toBe(404);
    expect((await other.get<FeedBatchList>('/api/feeds')).body.items).toEqual([]);
    // and the health officer may not download the 医保 template
    expect((await health.get('/api/feeds/templates/medical_insurance.xlsx')).status).toBe(403);
  });

  it('an upload without the CSRF token is refused and stores nothing', async () => {
    const dept = await tb.as('dept');
    const before = await count('feed_batch');
    const res = await upload(dept, q('medical_insurance', 'csrf.csv'), Buffer.from('身份证号码,姓名\r\n'), {
      csrf: false,
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf_failed');
    expect(await count('feed_batch')).toBe(before);
  });

  it('the OpenAPI document describes the upload as a raw file body', async () => {
    const doc = await tb.anonymous().get<{
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
    }>('/api/docs/json');
    expect(Object.keys(doc.body.paths['/api/feeds']!.post!.requestBody!.content)).toEqual(['application/octet-stream']);
  });

  it('the department’s template downloads with its required columns', async () => {
    const dept = await tb.as('dept');
    const res = await dept.get('/api/feeds/templates/medical_insurance.xlsx');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    const wb = await workbookOf(res.raw.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['数据', '填表说明']);
    expect(rowsOf(wb, '数据')[0]).toContain('*身份证号码');
  });

  it('refuses a file over the feed limit (declared or streamed) with 413, and a file-level problem with 400', async () => {
    const app: FastifyInstance = await buildApp({
      store: tb.store,
      config: { ...tb.deps.config, feedMaxBytes: 1024 },
      hasher: tb.deps.hasher,
      now: tb.deps.now,
      limits: { requestsPerMinute: 100_000, loginsPerMinute: 1000 },
      webDist: '/nonexistent',
    });
    try {
      const dept = await login(app, tb.users.dept.username);
      const big = Buffer.alloc(4096, 'a');
      const declared = await upload(dept, q('medical_insurance', 'big.csv'), big);
      expect([declared.status, declared.body.error.code]).toEqual([413, 'payload_too_large']);
      // no Content-Length: counted while it streams
      const streamed = await app.inject({
        method: 'POST',
        url: q('medical_insurance', 'big.csv'),
        headers: { ...OCTET, cookie: `dixian_session=${dept.cookie}`, 'x-csrf-token': dept.csrfToken! },
        payload: Readable.from([big.subarray(0, 1000), big.subarray(1000)]),
      });
      expect(streamed.statusCode).toBe(413);
      // a file with no header row: 400, naming the problem
      const noHeader = await upload(dept, q('medical_insurance', 'empty.csv'), Buffer.from('a,b\r\n1,2\r\n'));
      expect(noHeader.status).toBe(400);
      expect(noHeader.body.error.code).toBe('validation_failed');
    } finally {
      await app.close();
    }
  });
});
