/**
 * Faults of the feed upload found by outside testers (issue 12): requests that must be refused cleanly, and
 * nothing personal left behind in the temporary directory.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ErrorBody, FeedUploadResult } from '@dixian/core/api';
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
    for (const res of [none, json, empty]) {
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
    // the report download removes its file once sent
    const ok = await dept.request<FeedUploadResult>('POST', q('medical_insurance', 'ok.csv'), csv, {
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
});
