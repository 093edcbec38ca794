/**
 * Faults of the feed upload found by outside testers (issue 12): requests that must be refused cleanly, and
 * nothing personal left behind in the temporary directory.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { makeIdNumber } from '@dixian/core';
import type { ErrorBody, FeedBatchDetail, FeedRowsPage, FeedUndoResult, FeedUploadResult } from '@dixian/core/api';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestbed, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';
import { processTempDir, tempRoot } from '../../src/feeds/temp.js';
import { messyMedicalCsv, seedRegistry, tmpDir, type Registry } from '../feeds/support.js';

const q = (department: string, fileName: string) =>
  `/api/feeds?department=${department}&fileName=${encodeURIComponent(fileName)}`;

describe.each(engines)('feed upload faults on %s (issue 12)', (engine) => {
  let tb: Testbed;
  let reg: Registry;
  const dir = tmpDir();
  const count = async (table: string, where = 'true') =>
    Number(
      (
        await tb.store.transaction((tx) =>
          tx.client.query<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`),
        )
      ).rows[0]!.n,
    );
  /** what this process has in its temporary directory (uploads, spools, reports in progress) */
  const leftovers = () => fs.readdirSync(processTempDir());

  beforeAll(async () => {
    tb = await createTestbed(engine);
    reg = await seedRegistry(tb.store);
  });
  afterAll(async () => {
    await tb?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('issue 12 #1: an upload without a body, or with a JSON body, is a 4xx in the error shape; the server stays up', async () => {
    const dept = await tb.as('dept');
    const none = await dept.request<ErrorBody>('POST', q('medical_insurance', 'a.csv'));
    const json = await dept.request<ErrorBody>(
      'POST',
      q('medical_insurance', 'a.csv'),
      {},
      {
        headers: { 'content-type': 'application/json' },
      },
    );
    const empty = await dept.request<ErrorBody>('POST', q('medical_insurance', 'a.csv'), Buffer.alloc(0), {
      headers: { 'content-type': 'application/octet-stream' },
    });
    const csvType = await dept.request<ErrorBody>('POST', q('medical_insurance', 'a.csv'), 'a,b\r\n', {
      headers: { 'content-type': 'text/csv' },
    });
    for (const res of [none, json, empty, csvType]) {
      expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fff].* \/ [a-z]/);
      expect(Array.isArray(res.body.error.issues)).toBe(true);
    }
    // still serving, and nothing was stored
    expect((await tb.anonymous().get<{ status: string }>('/api/health')).body.status).toBe('ok');
    const ok = await dept.request<FeedUploadResult>('POST', q('medical_insurance', 'b.csv'), Buffer.from('x'), {
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(ok.status).toBe(400);
    // give a stray stream error a turn to surface before the test ends
    await new Promise((r) => setTimeout(r, 50));
  });

  it('issue 12 #8: an aborted upload and a failed import leave no file behind', async () => {
    const dept = await tb.as('dept');
    const csv = fs.readFileSync(messyMedicalCsv(reg, dir));
    // the client goes away in the middle of the body
    const aborted = Readable.from(
      (async function* () {
        yield csv.subarray(0, 100);
        await new Promise((r) => setTimeout(r, 20));
        throw new Error('client went away');
      })(),
    );
    await tb.app
      .inject({
        method: 'POST',
        url: q('medical_insurance', 'aborted.csv'),
        headers: {
          'content-type': 'application/octet-stream',
          cookie: `dixian_session=${dept.cookie}`,
          'x-csrf-token': dept.csrfToken!,
        },
        payload: aborted,
      })
      .catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    expect(leftovers()).toEqual([]);
    // a file the import refuses (no header) after it was stored and parsed
    const refused = await dept.request<ErrorBody>(
      'POST',
      q('medical_insurance', 'bad.csv'),
      Buffer.from('a,b\r\n1,2\r\n'),
      {
        headers: { 'content-type': 'application/octet-stream' },
      },
    );
    expect(refused.status).toBe(400);
    expect(leftovers()).toEqual([]);
    // the report download removes its file once sent (a list naming nobody registered: no warning)
    const stranger = `身份证号码,姓名,结算日期,个人自付费用\r\n${makeIdNumber('220681', '1991-02-03', 7, 'male')},路人,2024-05-08,25000\r\n`;
    const ok = await dept.request<FeedUploadResult>('POST', q('medical_insurance', 'ok.csv'), Buffer.from(stranger), {
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(ok.status).toBe(200);
    expect((await dept.get(`/api/feeds/${ok.body.batch.id}/report.xlsx`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(leftovers()).toEqual([]);
  });

  it('issue 12 #8: the spool directory of a process that died (SIGKILL) is removed at the next import', async () => {
    // a pid that surely no longer runs: a child that has exited
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(child.stdout.toString());
    const stale = path.join(tempRoot(), `${deadPid}-0badc0de`);
    fs.mkdirSync(path.join(stale, 'feed-x'), { recursive: true });
    fs.writeFileSync(path.join(stale, 'feed-x', 'rows.copy'), '张三\t220681199001011234\n');
    // a live process's directory is kept
    const live = path.join(tempRoot(), `${process.ppid}-00c0ffee`);
    fs.mkdirSync(live, { recursive: true });
    const dept = await tb.as('dept');
    await dept.request('POST', q('medical_insurance', 'again.csv'), Buffer.from('a,b\r\n'), {
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(live)).toBe(true);
    fs.rmSync(live, { recursive: true });
  });

  it('issue 12 #11: undo a whole batch: its warnings and unworked leads go, what others opened stays; audited', async () => {
    const dept = await tb.as('dept');
    const csv = fs.readFileSync(messyMedicalCsv(reg, dir, '-undo'));
    const up = await dept.request<FeedUploadResult>('POST', q('medical_insurance', 'undo.csv'), csv, {
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(up.status).toBe(200);
    const id = up.body.batch.id;
    expect(up.body.batch).toMatchObject({ warningsCreated: 5, leadsCreated: 2, attachedToLead: 1 });
    const leadsBefore = await count('lead');
    const casesBefore = await count('monitoring_case');

    const undo = await dept.post<FeedUndoResult>(`/api/feeds/${id}/undo`);
    expect(undo.status, JSON.stringify(undo.body)).toBe(200);
    expect(undo.body).toMatchObject({ warningsRemoved: 5, leadsRemoved: 2, batch: { status: 'undone' } });
    expect(await count('department_warning', `batch_id = '${id}'`)).toBe(0);
    expect(await count('lead')).toBe(leadsBefore - 2);
    // the self-application lead and the case the batch attached to are untouched
    expect(await count('lead', `id = '${reg.leadId}'`)).toBe(1);
    expect(await count('monitoring_case')).toBe(casesBefore);
    const audit = await tb.store.transaction((tx) =>
      tx.client.query<{ actor_id: string; detail: Record<string, unknown> }>(
        `select actor_id, detail from audit_log where action = 'feed.undo' and target_id = $1`,
        [id],
      ),
    );
    expect(audit.rows).toEqual([
      { actor_id: tb.users.dept.id, detail: expect.objectContaining({ warningsRemoved: 5, leadsRemoved: 2 }) },
    ]);
    // the batch is kept, marked undone; undoing again is refused; the same file may be imported again
    expect((await dept.get<FeedBatchDetail>(`/api/feeds/${id}`)).body.batch.status).toBe('undone');
    const again = await dept.post<ErrorBody>(`/api/feeds/${id}/undo`);
    expect([again.status, again.body.error.code]).toEqual([422, 'precondition_failed']);
    const reimport = await dept.request<FeedUploadResult>('POST', q('medical_insurance', 'undo.csv'), csv, {
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(reimport.body).toMatchObject({ alreadyImported: false, batch: { warningsCreated: 5, leadsCreated: 2 } });
  });

  it('issue 12 #11: a batch whose lead someone has worked is not undone (422 naming the row), and nothing changes', async () => {
    const dept = await tb.as('dept');
    // 张三's costs of 2023: a fact no earlier batch warned about
    const csv = Buffer.from(
      `身份证号码,姓名,结算日期,个人自付费用\r\n${reg.zhang.id},张三,2023-11-08,30000\r\n${reg.wang.id},王五,2023-11-09,8000\r\n`,
    );
    // a fresh registry state: undo whatever earlier tests left open on these households
    await tb.store.transaction((tx) =>
      tx.client.query(`update lead set status = 'dismissed', version = version + 1 where id <> $1`, [reg.leadId]),
    );
    const up = await dept.request<FeedUploadResult>('POST', q('medical_insurance', 'worked.csv'), csv, {
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(up.status).toBe(200);
    const id = up.body.batch.id;
    const leads = await tb.store.transaction((tx) =>
      tx.client.query<{ lead_id: string }>(
        `select distinct lead_id from department_warning where batch_id = $1 and status = 'lead_created'`,
        [id],
      ),
    );
    expect(leads.rows.length).toBeGreaterThan(0);
    // a township officer has started verifying one lead
    await tb.store.transaction((tx) =>
      tx.client.query(`update lead set version = version + 1, updated_at = now() where id = $1`, [
        leads.rows[0]!.lead_id,
      ]),
    );
    const warnings = await count('department_warning');
    const res = await dept.post<ErrorBody>(`/api/feeds/${id}/undo`);
    expect([res.status, res.body.error.code]).toEqual([422, 'precondition_failed']);
    expect(res.body.error.message).toMatch(/无法撤销.* \/ .*cannot be undone/);
    expect(res.body.error.issues[0]).toMatchObject({
      row: expect.any(Number),
      message: expect.stringMatching(/线索已有人处理/),
    });
    expect(await count('department_warning')).toBe(warnings);
    expect(await count('audit_log', `action = 'feed.undo' and target_id = '${id}'`)).toBe(0);
  });

  it('issue 12 #12: the report and the rows view speak Chinese: labels not codes, yuan not fen, China time', async () => {
    const dept = await tb.as('dept');
    // 2022 costs: facts no earlier test warned about; 刘六 has an open case (stage verifying)
    await tb.store.transaction((tx) =>
      tx.client.query(`update lead set status = 'dismissed', version = version + 1 where status = 'open'`),
    );
    const csv = Buffer.from(
      `身份证号码,姓名,结算日期,个人自付费用\r\n${reg.zhang.id},张三,2022-11-08,"26,000.50"\r\n${reg.liu.id},刘六,2022-11-09,30000\r\n`,
    );
    const up = await dept.request<FeedUploadResult>('POST', q('medical_insurance', 'labels.csv'), csv, {
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(up.status).toBe(200);
    const id = up.body.batch.id;

    const page = await dept.get<FeedRowsPage>(`/api/feeds/${id}/rows`);
    const [zhang, liu] = page.body.items;
    expect(zhang).toMatchObject({
      leadStatus: 'open',
      amountYuan: '26000.50',
      labels: { leadStatus: { zh: '待核实', en: 'Open' }, warningStatus: { zh: expect.any(String) } },
    });
    expect(liu).toMatchObject({
      caseStage: 'verifying',
      labels: { caseStage: { zh: '入户核实', en: 'Verifying at home' } },
    });

    const report = await dept.get(`/api/feeds/${id}/report.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(report.raw.rawPayload as unknown as ArrayBuffer);
    const cells = (sheet: string) =>
      (wb.getWorksheet(sheet)!.getSheetValues() as unknown[][]).slice(2).map((r) => (r ?? []).slice(1));
    const summary = Object.fromEntries(cells('概况').map((r) => [String(r[0]).split(' / ')[0], r[1]]));
    // received 2024-06-03 10:00 in China (02:00 UTC), said so
    expect(summary['接收时间']).toBe('2024-06-03 10:00:00(北京时间)');
    expect(summary['状态']).toBe('完成');
    const outcomes = cells('处理结果');
    const values = outcomes.flat().map(String);
    expect(values).toContain('待核实');
    expect(values).toContain('入户核实');
    expect(values).toContain('26000.50');
    // no code, no fen, no UTC among the values
    for (const raw of ['open', 'verifying', 'lead_created', '2600050']) expect(values).not.toContain(raw);
    expect(values.some((v) => /T\d{2}:\d{2}|Z$/.test(v))).toBe(false);
  });

  it('issue 12 #11: a batch a later batch relies on (its rows were not warned again) is undone only after that one', async () => {
    const dept = await tb.as('dept');
    await tb.store.transaction((tx) =>
      tx.client.query(`update lead set status = 'dismissed', version = version + 1 where status = 'open'`),
    );
    const send = (name: string, body: string) =>
      dept.request<FeedUploadResult>('POST', q('medical_insurance', name), Buffer.from(body), {
        headers: { 'content-type': 'application/octet-stream' },
      });
    const head = '身份证号码,姓名,结算日期,个人自付费用\r\n';
    const first = await send('a.csv', `${head}${reg.zhang.id},张三,2021-03-08,30000\r\n`);
    // the same fact again, in a file with one more row: no second warning, the row points at the first
    const later = await send(
      'b.csv',
      `${head}${reg.zhang.id},张三,2021-03-08,30000\r\n${reg.wang.id},王五,2020-01-01,10\r\n`,
    );
    expect(later.body.batch).toMatchObject({ warningsCreated: 0, duplicates: 1 });
    const refused = await dept.post<ErrorBody>(`/api/feeds/${first.body.batch.id}/undo`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.issues).toEqual([
      expect.objectContaining({ row: 2, message: expect.stringMatching(/之后的推送依赖此预警/) }),
    ]);
    expect((await dept.post(`/api/feeds/${later.body.batch.id}/undo`)).status).toBe(200);
    expect((await dept.post<FeedUndoResult>(`/api/feeds/${first.body.batch.id}/undo`)).body).toMatchObject({
      warningsRemoved: 1,
      leadsRemoved: 1,
    });
  });
});
