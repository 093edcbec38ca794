import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { CsvSplitter, detectDelimiter } from '../../src/feeds/csv.js';
import { openSource, type SourceRow } from '../../src/feeds/source.js';
import { tmpDir } from './support.js';

function splitInChunks(text: string, cuts: number[]): string[][] {
  const s = new CsvSplitter(',');
  const out: string[][] = [];
  let pos = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    const at = Math.min(text.length, c);
    out.push(...s.push(text.slice(pos, at)));
    pos = at;
  }
  out.push(...s.push(text.slice(pos)));
  out.push(...s.end());
  return out;
}

const collect = async (rows: AsyncIterable<SourceRow[]>) => {
  const out: SourceRow[] = [];
  for await (const batch of rows) out.push(...batch);
  return out;
};

describe('CSV splitter', () => {
  it('agrees with csv-parse on any RFC 4180 text, however the stream is chunked', () => {
    const field = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', '张', ' ', '1', '.', '元') }),
      fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r\n', '三') }).map((s) => `"${s.replace(/"/g, '""')}"`),
    );
    const record = fc.array(field, { minLength: 1, maxLength: 6 }).map((f) => f.join(','));
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 12 }),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.nat({ max: 400 }), { maxLength: 6 }),
        (records, eol, cuts) => {
          const text = records.join(eol) + eol;
          const expected = parse(text, { relax_column_count: true, skip_empty_lines: false }) as string[][];
          expect(splitInChunks(text, cuts)).toEqual(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('keeps the last record without a final line break', () => {
    expect(splitInChunks('a,b\nc,"d"', [3])).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('issue 12 #10: an unclosed quote names its record and field instead of swallowing the rows after it', () => {
    for (const cuts of [[], [3], [5, 9], [12]]) {
      expect(() => splitInChunks('a,b\nc,"d\ne,f\ng,h\n', cuts)).toThrow(
        expect.objectContaining({ name: 'CsvUnclosedQuote', record: 2, field: 1 }),
      );
    }
  });

  it('detects tab and semicolon delimiters below a title line', () => {
    expect(detectDelimiter('名单\n姓名\t身份证号\t村\n张三\t1\t2\n')).toBe('\t');
    expect(detectDelimiter('姓名;身份证号;村\n张三;1;2\n')).toBe(';');
    expect(detectDelimiter('标题,\n姓名,身份证号\n张三,1\n')).toBe(',');
  });
});

describe('encodings as departments save them', () => {
  const text =
    '序号,姓名,身份证号码,所在村\n1,张三,22068119800101004X,六道沟村\n2,䶮䶮,220681198001010041,三道阳岔村\n';

  it('reads GBK (Excel on Chinese Windows), GB18030 with four-byte characters, UTF-8 with BOM and UTF-16LE', async () => {
    const dir = tmpDir();
    const cases: [string, Buffer, string][] = [
      ['gbk', iconv.encode(text.replace(/䶮/g, '龙'), 'gbk'), 'gb18030'],
      ['gb18030', iconv.encode(text, 'gb18030'), 'gb18030'],
      ['utf8bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'utf-8'],
      [
        'utf16',
        Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text.replace(/,/g, '\t'), 'utf16le')]),
        'utf-16le',
      ],
    ];
    for (const [name, bytes, encoding] of cases) {
      const file = path.join(dir, `${name}.csv`);
      fs.writeFileSync(file, bytes);
      const src = openSource(file);
      expect(src.info.encoding).toBe(encoding);
      const rows = await collect(src.rows);
      expect(rows.map((r) => r.cells[1])).toEqual(['姓名', '张三', name === 'gbk' ? '龙龙' : '䶮䶮']);
      expect(rows.at(-1)!.rowNo).toBe(3);
    }
  });

  it('decodes a GBK character split across 1 MiB read chunks', async () => {
    // one ASCII byte first, so a two-byte character straddles the chunk boundary
    const file = path.join(tmpDir(), 'big.csv');
    fs.writeFileSync(file, iconv.encode(`a${'张'.repeat(600_000)},尾\n`, 'gbk'));
    const rows = await collect(openSource(file).rows);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.cells[0]).toBe(`a${'张'.repeat(600_000)}`);
    expect(rows[0]!.cells[1]).toBe('尾');
  });

  it('refuses the old binary .xls with advice', () => {
    const file = path.join(tmpDir(), 'old.xls');
    fs.writeFileSync(file, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    expect(() => openSource(file)).toThrow(/另存为 \.xlsx/);
  });
});

describe('.xlsx streaming', () => {
  it('gives rich text, formulas and dates as plain values with Excel row numbers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('数据');
    ws.addRow(['标题']);
    ws.addRow(['姓名', '金额', '日期']);
    ws.addRow([
      { richText: [{ text: '张' }, { text: '三' }] },
      { formula: '1+1', result: 2 },
      new Date(Date.UTC(2024, 4, 6)),
    ]);
    const file = path.join(tmpDir(), 'x.xlsx');
    await wb.xlsx.writeFile(file);
    const rows = await collect(openSource(file).rows);
    expect(rows.map((r) => r.rowNo)).toEqual([1, 2, 3]);
    expect(rows[2]!.cells[0]).toBe('张三');
    expect(rows[2]!.cells[1]).toBe(2);
    expect((rows[2]!.cells[2] as Date).toISOString().slice(0, 10)).toBe('2024-05-06');
  });

  it('reads a workbook whose zip stores the sheets after the shared strings and before xl/workbook.xml', async () => {
    // exceljs's streaming reader fails on this valid order (CI once caught exceljs's own writer producing it)
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['填表说明']);
    const ws = wb.addWorksheet('数据');
    ws.addRow(['姓名', '身份证号码', '金额']);
    ws.addRow(['张三', '220681198001010012', '1,234.50元']);
    ws.addRow(['李四', '220681198001010039', 12]);
    const file = path.join(tmpDir(), 'order.xlsx');
    await wb.xlsx.writeFile(file);
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
    const rank = (n: string) =>
      n === 'xl/workbook.xml'
        ? 4
        : n.startsWith('xl/worksheets/sheet')
          ? 3
          : n === 'xl/sharedStrings.xml' || n === 'xl/_rels/workbook.xml.rels'
            ? 2
            : 1;
    const reordered = new JSZip();
    for (const n of [...names].sort((a, b) => rank(a) - rank(b))) {
      reordered.file(n, await zip.file(n)!.async('nodebuffer'));
    }
    expect(names).toContain('xl/sharedStrings.xml');
    fs.writeFileSync(file, await reordered.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));

    const rows = await collect(openSource(file, { sheet: '数据' }).rows);
    expect(rows.map((r) => [r.sheet, r.rowNo, r.cells])).toEqual([
      ['数据', 1, ['姓名', '身份证号码', '金额']],
      ['数据', 2, ['张三', '220681198001010012', '1,234.50元']],
      ['数据', 3, ['李四', '220681198001010039', 12]],
    ]);
    const all = await collect(openSource(file).rows);
    expect(all.map((r) => r.sheet)).toEqual(['说明', '数据', '数据', '数据']);
  });
});
