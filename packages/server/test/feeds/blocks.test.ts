/**
 * A large CSV parsed in blocks on several threads (issue 19 §5) gives exactly what one parser gives: the same rows
 * with the same numbers, the same problems, the same counts, the same refusals. The files are cut into many small
 * blocks here, so every kind of record boundary (CRLF split between reads, newlines inside quotes, a village
 * carried down over a block's first rows) falls on a cut somewhere.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeIdNumber } from '@dixian/core';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planBlocks, readBlocks } from '../../src/feeds/blocks.js';
import { CsvSplitter } from '../../src/feeds/csv.js';
import { runParse, type ParseJob } from '../../src/feeds/parse.js';
import { probeSource } from '../../src/feeds/source.js';
import { decodeBlock } from '../../src/feeds/text-rows.js';
import { openToken } from '../../src/security/field-keys.js';
import { SEALED_DETAIL_KEYS } from '../../src/security/sealed-columns.js';
import type { Store } from '../../src/db/store.js';
import { importFeed } from '../../src/services/feed.service.js';
import { createTestStore, engines } from '../support/db.js';
import { departmentOfficer, RECEIVED_AT, seedRegistry, tmpDir, type Registry } from './support.js';

/** A small seeded generator, so a failure can be reproduced. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const FIELDS = [
  '张三',
  '',
  '12,345.50',
  '"六道沟村,三组"',
  '"他说""好"""',
  '"第一行\n第二行"',
  '"CRLF\r\n在引号里"',
  '"收尾"后缀',
  '5"3',
  '临江市人民医院',
  '"',
];

function randomCsv(rnd: () => number, records: number): string {
  let text = rnd() < 0.5 ? '\uFEFF' : '';
  for (let r = 0; r < records; r++) {
    if (rnd() < 0.05) {
      text += '\n'; // a blank line
      continue;
    }
    const n = 1 + Math.floor(rnd() * 6);
    const cells: string[] = [];
    // a lone quote only ever ends a file's last record (it opens a field that never closes)
    for (let i = 0; i < n; i++) cells.push(FIELDS[Math.floor(rnd() * (FIELDS.length - 1))]!);
    const end = rnd();
    text += cells.join(',') + (end < 0.5 ? '\r\n' : end < 0.9 ? '\n' : '\r');
  }
  return text;
}

describe('cutting a CSV into blocks of whole records', () => {
  const dir = tmpDir();

  it('gives every block the number of its first record, and together the records of the whole file', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rnd = random(seed);
      const text = randomCsv(rnd, 60) + (seed % 3 === 0 ? 'last,row,without,line,end' : '');
      const gbk = seed % 2 === 0;
      const file = path.join(dir, `random-${seed}.csv`);
      fs.writeFileSync(file, gbk ? iconv.encode(text.replace('\uFEFF', ''), 'gb18030') : Buffer.from(text));
      const whole = new CsvSplitter(',');
      const expected = [...whole.push(text.replace(/^\uFEFF/, '')), ...whole.end()];

      const got: string[][] = [];
      for await (const block of readBlocks(file, ',', 3 + Math.floor(rnd() * 200))) {
        // a block starts where the records before it end
        expect(block.firstRowNo, `seed ${seed}, block ${block.index}`).toBe(got.length + 1);
        const s = new CsvSplitter(',', block.firstRowNo - 1);
        const blockText = decodeBlock(block.bytes, gbk ? 'gb18030' : 'utf-8', block.index === 0);
        got.push(...s.push(blockText), ...s.end());
      }
      expect(got, `seed ${seed}`).toEqual(expected);
    }
  });
});

describe('a feed file parsed in blocks on two threads', () => {
  const dir = tmpDir();
  const villages = ['六道沟村', '三道阳岔村', '东岗村'];

  /** A 医保 list of `rows` people in GBK with CRLF: title rows, the village only on each group's first row. */
  function medicalFile(name: string, rows: number, extra: string[] = []): string {
    const lines = [
      '2024年高额医疗费用预警名单',
      '填报单位:临江市医疗保障局,,,,,',
      '序号,患者姓名,公民身份号码,所在村,结算时间,个人负担(元)',
    ];
    for (let i = 0; i < rows; i++) {
      const id = makeIdNumber(
        '220681',
        `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`,
        100 + (i % 800),
        i % 2 ? 'male' : 'female',
      );
      const village = i % 37 === 0 ? villages[(i / 37) % 3]! : ''; // long groups, so a village carries over cuts
      const wrong = i % 53 === 7 ? `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}` : id;
      const amount = i % 11 === 3 ? `"${(20000 + i).toLocaleString('en')}.50元"` : String(1000 + i);
      const name = i % 29 === 5 ? '"姓名\r\n换行"' : `病人${i}`;
      lines.push(`${i + 1},${name},${wrong},${village},2024-05-${String(1 + (i % 28)).padStart(2, '0')},${amount}`);
      if (i % 97 === 50) lines.push('');
    }
    lines.push(...extra, '合计,,,,,', '');
    const file = path.join(dir, name);
    fs.writeFileSync(file, iconv.encode(lines.join('\r\n'), 'gbk'));
    return file;
  }

  function job(file: string, department: ParseJob['department'] = 'medical_insurance'): ParseJob {
    const spoolDir = fs.mkdtempSync(path.join(dir, 'spool-'));
    return {
      file,
      department,
      info: probeSource(file),
      receivedOn: '2024-06-03',
      today: '2024-06-03',
      batchId: '00000000-0000-4000-8000-000000000001',
      spoolDir,
    };
  }

  /** A row line with its sealed values opened: sealing is randomised, what it seals is not. */
  function opened(line: string): string {
    const cols = line.split('\t');
    if (cols[2] !== '\\N') cols[2] = String(openToken(cols[2]!));
    const detail = JSON.parse(cols[10]!.replace(/\\\\/g, '\\')) as Record<string, unknown>;
    for (const k of SEALED_DETAIL_KEYS) if (typeof detail[k] === 'string') detail[k] = openToken(detail[k]);
    cols[10] = JSON.stringify(detail);
    return cols.join('\t');
  }

  async function parse(j: ParseJob, opts: Parameters<typeof runParse>[1]) {
    // the files here are cut in blocks, not given to one parser
    if (opts?.parsers) expect(planBlocks(j)).not.toBeNull();
    const run = runParse(j, opts);
    const rows: string[] = [];
    const ids: unknown[] = [];
    for await (const chunk of run.chunks) {
      rows.push(...chunk.rows.split('\n').filter(Boolean).map(opened));
      ids.push(...chunk.ids.rowNo.map((r, i) => [r, chunk.ids.index[i], chunk.ids.name[i]]));
    }
    const outcome = await run.done;
    return { rows, ids, stats: outcome.stats, issues: fs.readFileSync(outcome.issuesFile, 'utf8') };
  }

  it('makes the same rows, ids, problems and counts as one parser, the village carried over the cuts', async () => {
    const file = medicalFile('medical.csv', 600);
    const one = await parse(job(file), { worker: false });
    const blocks = await parse(job(file), { worker: true, parsers: 2, blockBytes: 700 });
    expect(one.stats.rowsTotal).toBe(600);
    expect(one.stats.rowsInvalid).toBeGreaterThan(5);
    // rows whose village is written further up, in an earlier block, still carry it
    expect(blocks.rows.filter((r) => r.split('\t')[5] === '\\N')).toEqual([]);
    expect(blocks.rows).toEqual(one.rows);
    expect(blocks.ids).toEqual(one.ids);
    expect(blocks.issues).toBe(one.issues);
    expect(blocks.stats).toEqual(one.stats);
  });

  it('names the row of a quote never closed, as one parser does', async () => {
    const file = medicalFile('unclosed.csv', 300, ['999,"未闭合,110101199001011234,东岗村,2024-05-01,100']);
    const one = await parse(job(file), { worker: false }).catch((e: unknown) => e);
    const blocks = await parse(job(file), { worker: true, parsers: 2, blockBytes: 500 }).catch((e: unknown) => e);
    expect(one).toMatchObject({ code: 'validation_failed' });
    expect((one as { issues: unknown }).issues).toEqual([
      { row: 307, column: 'B', message: '引号未闭合 / unclosed quote' },
    ]);
    expect(blocks).toMatchObject({ code: 'validation_failed', issues: (one as { issues: unknown }).issues });
  });

  it('refuses another department’s list in blocks as one parser does (ages of an education file)', async () => {
    const lines = ['学生姓名,身份证号,学校,就读状态'];
    for (let i = 0; i < 400; i++) {
      lines.push(`学生${i},${makeIdNumber('220681', '1960-03-01', 100 + i, 'male')},临江市第一中学,辍学`);
    }
    const file = path.join(dir, 'adults.csv');
    fs.writeFileSync(file, lines.join('\n'));
    const one = await parse(job(file, 'education'), { worker: false }).catch((e: unknown) => e);
    const blocks = await parse(job(file, 'education'), { worker: true, parsers: 2, blockBytes: 600 }).catch(
      (e: unknown) => e,
    );
    expect(one).toMatchObject({ code: 'validation_failed', text: { zh: expect.stringMatching(/不是在读学生的年龄/) } });
    expect(blocks).toMatchObject({ code: 'validation_failed', text: (one as { text: unknown }).text });
  });
});

describe.each(engines)('a department file imported in blocks on %s', (engine) => {
  let store: Store;
  let reg: Registry;
  const dir = tmpDir();
  beforeAll(async () => {
    store = await createTestStore(engine);
    reg = await seedRegistry(store);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('stores every row once with its number, match and carried village, its problems, and raises the warnings', async () => {
    const lines = ['2024年高额医疗费用预警名单', '序号,患者姓名,公民身份号码,所在村,结算时间,个人负担(元)'];
    lines.push(`1,路人,${makeIdNumber('220681', '1990-01-01', 555, 'male')},六道沟村,2024-05-02,100`);
    for (let i = 2; i <= 400; i++)
      lines.push(`${i},路人${i},${makeIdNumber('220681', '1980-02-02', i, 'female')},,2024-05-02,100`);
    // rows 402-404, hundreds of rows below the last village written: 张三 and 李梅 over the general bar (S3 §三(四))
    lines.push(
      `401,张三,${reg.zhang.id},,2024-05-08,"26,000.50元"`,
      `402,李梅,${reg.zhangSpouse.id},,2024-05-09,21000`,
    );
    lines.push(`403,错号,${reg.zhang.id.slice(0, 17)}${reg.zhang.id[17] === '0' ? '1' : '0'},,2024-05-12,25000`);
    const file = path.join(dir, 'medical-blocks.csv');
    fs.writeFileSync(file, iconv.encode(lines.join('\r\n'), 'gbk'));
    const actor = await departmentOfficer(store, 'medical_insurance');
    const { batch } = await importFeed(
      { store, actor, now: () => RECEIVED_AT },
      { department: 'medical_insurance', file, worker: true, parsers: 2, blockBytes: 1024 },
    );
    expect(batch).toMatchObject({ status: 'done', rowsTotal: 403, rowsValid: 402, rowsInvalid: 1, rowsMatched: 2 });
    expect(batch.warningsCreated).toBe(2);
    const rows = (
      await store.transaction((tx) =>
        tx.client.query<{ row_no: number; region_hint: string; outcome: string }>(
          `select row_no, region_hint, outcome from feed_row where batch_id = $1 order by row_no`,
          [batch.id],
        ),
      )
    ).rows;
    expect(rows.map((r) => r.row_no)).toEqual(Array.from({ length: 403 }, (_, i) => i + 3));
    expect(rows.filter((r) => r.region_hint !== '六道沟村')).toEqual([]);
    expect(rows.filter((r) => r.outcome === 'matched').map((r) => r.row_no)).toEqual([403, 404]);
    const issues = (
      await store.transaction((tx) =>
        tx.client.query<{ row_no: number; column_name: string }>(
          `select row_no, column_name from feed_issue where batch_id = $1 and severity = 'error'`,
          [batch.id],
        ),
      )
    ).rows;
    expect(issues).toEqual([{ row_no: 405, column_name: 'C 公民身份号码' }]);
  });
});
