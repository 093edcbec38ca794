import { chinaDateTime, fenToYuan } from '@dixian/core';
import * as enums from '@dixian/core/enums';
import type { ScreeningRunView, WarningPage } from '@dixian/core/api';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedHouseholds } from '../../src/seed/seed.js';
import { settleScreeningRuns } from '../../src/services/screening-views.service.js';
import { COUNTY, createTestbed, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

/** Every stored code of core's vocabulary (enums.ts): none may reach a cell an officer reads. */
const CODES = new Set(
  (Object.values(enums) as unknown[])
    .filter((e): e is { values: string[] } => typeof e === 'object' && e !== null && 'values' in e)
    .flatMap((e) => e.values),
);

/** Each sheet's cells as text, rows from 1 (four preamble lines, the header on row 5). */
async function cellsOf(buf: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const rows: string[][] = [];
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: false }, (row) => {
      rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v))));
    });
  }
  return rows;
}

/** Codes in a cell: the whole cell, or any snake_case word in it. */
function codesIn(cell: string): string[] {
  const words = [cell.trim(), ...(cell.match(/[a-z]+(?:_[a-z]+)+/g) ?? [])];
  return words.filter((w) => CODES.has(w));
}

describe.each(engines)('what an export shows an officer (issue 12 §13) on %s', (engine) => {
  let tb: Testbed;
  let runId = '';
  beforeAll(async () => {
    tb = await createTestbed(engine);
    await seedHouseholds(tb.store, { counties: [COUNTY], households: 400, seed: 21, asOf: '2024-06-03' });
    const started = await (
      await tb.as('admin')
    ).post<ScreeningRunView>('/api/screening/runs', {
      scopeCode: COUNTY,
      asOf: '2024-06-03',
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    await settleScreeningRuns();
    runId = started.body.id;
  });
  afterAll(async () => {
    await tb?.close();
  });

  const download = async (url: string) => {
    const r = await (await tb.as('admin')).get(url);
    expect(r.status, url).toBe(200);
    return cellsOf(r.raw.rawPayload);
  };

  async function everyExport(): Promise<[string, string[][]][]> {
    const village = await sql<{ regionCode: string }>`
      select region_code from public_notice group by region_code order by count(*) desc limit 1`.execute(tb.store.db);
    const urls = [
      '/api/households/export.xlsx',
      '/api/leads/export.xlsx',
      '/api/cases/export.xlsx',
      '/api/visits/due/export.xlsx',
      '/api/deadlines/export.xlsx',
      '/api/deadlines/export.xlsx?status=overdue&kind=visit',
      '/api/warnings/export.xlsx',
      '/api/warnings/export.xlsx?status=to_verify&department=medical_insurance',
      '/api/ledgers/export.xlsx',
      '/api/assistance/export.xlsx',
      '/api/assistance/export.xlsx?kind=temp_relief',
      `/api/notices/export.xlsx?region=${village.rows[0]!.regionCode}`,
      `/api/screening/runs/${runId}/results/export.xlsx`,
    ];
    const out: [string, string[][]][] = [];
    for (const url of urls) out.push([url, await download(url)]);
    return out;
  }

  it('no cell holds a code of the vocabulary, an amount in fen or a UTC time', async () => {
    for (const [url, rows] of await everyExport()) {
      expect(rows.length, url).toBeGreaterThan(5);
      const header = rows[4]!;
      const found = rows.flatMap((r, i) => r.flatMap((c) => codesIn(c).map((code) => `row ${i + 1}: ${code}`)));
      expect(found, url).toEqual([]);
      expect(
        header.filter((h) => /fen/i.test(h)),
        url,
      ).toEqual([]);
      // an instant is China time without a zone letter; a column of instants says it is Beijing time
      expect(
        rows.flat().filter((c) => /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(c)),
        url,
      ).toEqual([]);
      expect(rows[1]![0], url).toMatch(/^导出时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}（北京时间）.*范围：[^\d]/);
      // amount columns (元) are yuan with two decimals
      header.forEach((h, col) => {
        if (!h.includes('元')) return;
        const bad = rows.slice(5).filter((r) => r[col] && !/^-?\d+\.\d{2}$/.test(r[col]!));
        expect(
          bad.map((r) => r[col]),
          `${url} ${h}`,
        ).toEqual([]);
      });
      // no English in a Chinese sheet's preamble
      expect(rows.slice(0, 4).flat().join(' '), url).not.toMatch(/ \/ [a-z]/);
    }
  });

  it('the warnings sheet: signals in words, amounts in yuan, times in China time', async () => {
    const list = await (
      await tb.as('admin')
    ).get<WarningPage>('/api/warnings?pageSize=100&department=medical_insurance');
    const rows = await download('/api/warnings/export.xlsx');
    const header = rows[4]!;
    const col = (name: string) => header.findIndex((h) => h.startsWith(name));
    expect(header[col('接收时间')]).toBe('接收时间（北京时间）');
    const byMetric = list.body.items.find((w) => w.signalType === 'medical_out_of_pocket' && w.metricValue);
    expect(byMetric, 'the seed has a medical warning').toBeDefined();
    const line = rows.find(
      (r) => r[col('户编号')] === byMetric!.householdNo && r[col('预警类型')] === '医疗个人自付费用过高',
    );
    expect(line).toBeDefined();
    expect(line![col('指标值')]).toBe(`${fenToYuan(byMetric!.metricValue!)} 元`);
    const times = list.body.items.map((w) => chinaDateTime(new Date(w.createdAt)));
    expect(times).toContain(line![col('接收时间')]);
  });
});
