import { text } from 'node:stream/consumers';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { xlsxStream, WORKER_MIN_ROWS, type ExportSheet } from '../../src/exports/xlsx-writer.js';

/** The Excel writer on this thread and on a worker thread (a county's long export): the same file either way. */

interface Row {
  no: number;
  idNumber: string;
  name: string;
  incomeYuan: number | null;
}

const SHEET: ExportSheet<Row> = {
  name: '农户',
  preamble: ['农户名单', '筛选条件:全部'],
  columns: [
    { header: '序号', value: (r) => r.no },
    { header: '身份证号', value: (r) => r.idNumber, text: true },
    { header: '姓名', value: (r) => r.name },
    { header: '人均纯收入(元)', value: (r) => r.incomeYuan },
  ],
};

const rows = (from: number, n: number): Row[] =>
  Array.from({ length: n }, (_, i) => ({
    no: from + i,
    idNumber: `22068119680315${String((from + i) % 10000).padStart(4, '0')}`,
    name: `王建国${from + i}`,
    incomeYuan: (from + i) % 7 === 0 ? null : 6000 + ((from + i) % 500),
  }));

async function* batches(sizes: number[], failAfter?: number): AsyncGenerator<Row[]> {
  let from = 1;
  for (const [i, n] of sizes.entries()) {
    if (failAfter === i) throw new Error('数据库连接中断');
    yield rows(from, n);
    from += n;
  }
}

async function read(stream: Readable): Promise<(string | number | null)[][]> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const out: (string | number | null)[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const values = (row.values as unknown[]).slice(1).map((v) => (v === undefined ? null : (v as string | number)));
    out.push(values);
  });
  return out;
}

describe('xlsxStream', () => {
  it('writes the same workbook on a worker thread as on this one: preamble, header, every row and cell', async () => {
    const sizes = [1200, 1200, 37];
    const here = await read(xlsxStream(SHEET, batches(sizes), { worker: false }));
    const there = await read(xlsxStream(SHEET, batches(sizes), { worker: true }));
    expect(there).toEqual(here);
    expect(there.length).toBe(2 + 1 + 2437);
    expect(there[2]).toEqual(['序号', '身份证号', '姓名', '人均纯收入(元)']);
    // an ID number stays text with every digit; an empty amount stays empty
    expect(there[3]).toEqual([1, '220681196803150001', '王建国1', 6001]);
    expect(there[9]![0]).toBe(7);
    expect(there[9]![3] ?? null).toBeNull();
  });

  it('sends a long list to the worker by itself, and a short one not (both complete)', async () => {
    const long = await read(xlsxStream(SHEET, batches([WORKER_MIN_ROWS, 5])));
    const short = await read(xlsxStream(SHEET, batches([WORKER_MIN_ROWS - 1])));
    expect(long.length).toBe(3 + WORKER_MIN_ROWS + 5);
    expect(short.length).toBe(3 + WORKER_MIN_ROWS - 1);
  });

  it('writes several workbooks on the one thread at once, each whole and apart', async () => {
    const [a, b] = await Promise.all([
      read(xlsxStream(SHEET, batches([1100, 900]), { worker: true })),
      read(xlsxStream({ ...SHEET, preamble: ['另一份'] }, batches([1300]), { worker: true })),
    ]);
    expect(a.length).toBe(3 + 2000);
    expect(b.length).toBe(2 + 1300);
    expect(b[0]).toEqual(['另一份']);
    expect(a.at(-1)![0]).toBe(2000);
  });

  it.each([true, false])('breaks the download when the rows fail midway (worker: %s)', async (worker) => {
    const stream = xlsxStream(SHEET, batches([1500, 1500], 1), { worker });
    await expect(text(stream)).rejects.toThrow('数据库连接中断');
  });
});
