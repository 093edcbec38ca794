import type { ExportFileList, ExportFileView } from '@dixian/core/api';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportFilesJob } from '../../src/jobs/export-files.job.js';
import { JobRunRepository } from '../../src/repositories/job-run.repository.js';
import { seedHouseholds } from '../../src/seed/seed.js';
import { exportFileKeyCounts, settleExports } from '../../src/services/export-file.service.js';
import { activeFieldKeys } from '../../src/security/field-keys.js';
import { COUNTY, createTestbed, VILLAGE_A, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

const ASYNC = { prefer: 'respond-async' };

/** Every row of the first sheet, as text (the preamble, the header and the data). */
async function sheetOf(buf: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow({ includeEmpty: false }, (row) => {
    rows.push((row.values as unknown[]).slice(1).map((v) => (v === undefined || v === null ? '' : String(v))));
  });
  return rows;
}

/**
 * The 下载中心 (issue 19 §2): an export asked for with `Prefer: respond-async` is answered 202 at once, written in
 * the background, kept sealed for its requester only, and is the same file a direct download gives.
 */
describe.each(engines)('background exports on %s', (engine) => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await createTestbed(engine);
    await seedHouseholds(tb.store, { counties: [COUNTY], households: 300, seed: 7, asOf: '2024-06-03' });
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('answers 202, writes the file in the background, and it is the direct download’s file', async () => {
    const officer = await tb.as('officer');
    const url = '/api/households/export.xlsx?householdType=lifted_household';
    const queued = await officer.request<ExportFileView>('GET', url, undefined, { headers: ASYNC });
    expect(queued.status).toBe(202);
    expect(queued.headers['preference-applied']).toBe('respond-async');
    expect(queued.headers['content-location']).toBe(`/api/export-files/${queued.body.id}`);
    expect(queued.body).toMatchObject({ list: 'households', title: '农户名单', sizeBytes: null });
    expect(['queued', 'running']).toContain(queued.body.status);

    await settleExports();
    const ready = await officer.get<ExportFileView>(`/api/export-files/${queued.body.id}`);
    expect(ready.body.status).toBe('ready');
    expect(ready.body.sizeBytes).toBeGreaterThan(1000);
    expect(Date.parse(ready.body.expiresAt) - Date.parse(ready.body.createdAt)).toBe(24 * 3_600_000);

    const file = await officer.get(`/api/export-files/${queued.body.id}/file`);
    expect(file.status, JSON.stringify(file.body)).toBe(200);
    expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(String(file.headers['content-disposition'])).toMatch(/^attachment; filename="households-[\d-]+\.xlsx"/);
    const direct = await officer.get(url);
    // the same rows under the same header; only the preamble's time of export differs
    const [a, b] = [await sheetOf(file.raw.rawPayload), await sheetOf(direct.raw.rawPayload)];
    expect(a.slice(4)).toEqual(b.slice(4));
    expect(a.length).toBe(
      4 + 1 + (await officer.get<{ total: number }>('/api/households?householdType=lifted_household')).body.total,
    );

    // sealed at rest: the stored bytes are not a zip (an .xlsx begins "PK")
    const stored = await sql<{ content: Buffer }>`select content from export_file where id = ${queued.body.id}`.execute(
      tb.store.db,
    );
    expect(stored.rows[0]!.content.subarray(0, 2).toString('latin1')).not.toBe('PK');
    expect(stored.rows[0]!.content.length).toBeGreaterThan(ready.body.sizeBytes!);

    // the key that sealed it is counted, so `dixian keys retire` refuses that key while the file lives
    const keys = await exportFileKeyCounts(tb.store);
    expect(keys.get(activeFieldKeys()!.current.id)).toBeGreaterThanOrEqual(1);

    const list = await officer.get<ExportFileList>('/api/export-files');
    expect(list.body.items.map((f) => f.id)).toContain(queued.body.id);
  });

  it('is seen and fetched by its requester only; deleting it is audited', async () => {
    const officer = await tb.as('officer');
    const q = await officer.request<ExportFileView>('GET', '/api/cases/export.xlsx', undefined, { headers: ASYNC });
    await settleExports();
    const admin = await tb.as('admin');
    expect((await admin.get(`/api/export-files/${q.body.id}`)).status).toBe(404);
    expect((await admin.get(`/api/export-files/${q.body.id}/file`)).status).toBe(404);
    expect((await admin.get<ExportFileList>('/api/export-files')).body.items.map((f) => f.id)).not.toContain(q.body.id);
    expect((await admin.delete(`/api/export-files/${q.body.id}`)).status).toBe(404);

    expect((await officer.get(`/api/export-files/${q.body.id}/file`)).status).toBe(200);
    expect((await officer.delete(`/api/export-files/${q.body.id}`)).status).toBe(204);
    expect((await officer.get(`/api/export-files/${q.body.id}`)).status).toBe(404);
    const audit = await sql<{ action: string; actorUsername: string }>`
      select action, actor_username from audit_log where target_id = ${q.body.id} order by seq`.execute(tb.store.db);
    expect(audit.rows).toEqual([
      { action: 'export_file.download', actorUsername: 'officer' },
      { action: 'export_file.delete', actorUsername: 'officer' },
    ]);
  });

  it('never keeps an export in clear: it is answered at once, as without the preference', async () => {
    const officer = await tb.as('officer');
    const before = await sql<{ n: number }>`select count(*)::int as n from export_file`.execute(tb.store.db);
    const clear = await officer.request(
      'GET',
      `/api/households/export.xlsx?region=${VILLAGE_A}&unmask=true&reason=${encodeURIComponent('核对低保名单')}`,
      undefined,
      { headers: ASYNC },
    );
    expect(clear.status).toBe(200);
    expect(clear.headers['preference-applied']).toBeUndefined();
    expect((await sheetOf(clear.raw.rawPayload))[3]![0]).toContain('核对低保名单');
    const after = await sql<{ n: number }>`select count(*)::int as n from export_file`.execute(tb.store.db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('refuses in the background what it refuses directly, and keeps nothing', async () => {
    const dept = await tb.as('dept');
    const before = await sql<{ n: number }>`select count(*)::int as n from export_file`.execute(tb.store.db);
    const r = await dept.request('GET', '/api/households/export.xlsx', undefined, { headers: ASYNC });
    expect(r.status).toBe(403);
    const after = await sql<{ n: number }>`select count(*)::int as n from export_file`.execute(tb.store.db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('a file whose server stopped is shown failed, and files past their day are deleted by the job', async () => {
    const officer = await tb.as('officer');
    const q = await officer.request<ExportFileView>('GET', '/api/leads/export.xlsx', undefined, { headers: ASYNC });
    await settleExports();
    // a file left running by a server that stopped beating ten minutes ago
    const t = tb.clock.now().getTime();
    const tenMinutesAgo = new Date(t - 600_000);
    const stale = await sql<{ id: string }>`
      insert into export_file (created_by, list, title, file_name, ascii_name, status, created_at, heartbeat_at, expires_at)
      select created_by, 'cases', '案件', 'a.xlsx', 'a.xlsx', 'running', ${tenMinutesAgo}, ${tenMinutesAgo},
             ${new Date(t + 86_400_000)}
      from export_file where id = ${q.body.id} returning id`.execute(tb.store.db);
    // the key that sealed it is counted, so `dixian keys retire` refuses that key while the file lives
    const keys = await exportFileKeyCounts(tb.store);
    expect(keys.get(activeFieldKeys()!.current.id)).toBeGreaterThanOrEqual(1);

    const list = await officer.get<ExportFileList>('/api/export-files');
    const failed = list.body.items.find((f) => f.id === stale.rows[0]!.id)!;
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^服务器重启/);

    const job = exportFilesJob();
    const ctx = { store: tb.store, log: () => undefined, runs: new JobRunRepository(tb.store) };
    expect(await job.run({ ...ctx, now: () => new Date(t + 23 * 3_600_000) })).toBe('nothing due');
    const left = await sql<{ n: number }>`select count(*)::int as n from export_file`.execute(tb.store.db);
    const later = await job.run({ ...ctx, now: () => new Date(t + 25 * 3_600_000) });
    expect(later).toBe(`deleted ${left.rows[0]!.n} export files older than 24 hours`);
    expect((await officer.get(`/api/export-files/${q.body.id}`)).status).toBe(404);
  });
});
