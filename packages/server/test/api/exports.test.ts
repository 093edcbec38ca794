import type { ErrorBody } from '@dixian/core/api';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedHouseholds } from '../../src/seed/seed.js';
import { COUNTY, createTestbed, TOWNSHIP, VILLAGE_A, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

type User = Parameters<Testbed['as']>[0];

/** The header row and the data rows of the first sheet (four lines of title and filters come first). */
async function readXlsx(
  buf: Buffer,
): Promise<{ preamble: string[]; header: string[]; rows: (string | number | null)[][] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const values: (string | number | null)[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    values.push((row.values as (string | number | null)[]).slice(1).map((v) => (v === undefined ? null : v)));
  });
  return {
    preamble: values.slice(0, 4).map((r) => String(r[0])),
    header: values[4]!.map(String),
    rows: values.slice(5),
  };
}

describe.each(engines)('Excel exports on %s', (engine) => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await createTestbed(engine);
    await seedHouseholds(tb.store, { counties: [COUNTY], households: 400, seed: 21, asOf: '2024-06-03' });
  });
  afterAll(async () => {
    await tb?.close();
  });

  const download = async (user: User, url: string) => {
    const r = await (await tb.as(user)).get<ErrorBody>(url);
    return { status: r.status, headers: r.headers, body: r.body, file: r.status === 200 ? r.raw.rawPayload : null };
  };
  const total = async (user: User, url: string) => (await (await tb.as(user)).get<{ total: number }>(url)).body.total;

  it('every list exports as a real .xlsx with Chinese headers and exactly the rows of the list', async () => {
    const cases: [url: string, list: string, header: string][] = [
      [
        '/api/households/export.xlsx?status=monitoring_unresolved',
        '/api/households?status=monitoring_unresolved',
        '户编号',
      ],
      ['/api/leads/export.xlsx?status=open', '/api/leads?status=open', '发现日期'],
      ['/api/cases/export.xlsx', '/api/cases', '户编号'],
      ['/api/visits/due/export.xlsx', '/api/visits/due', '户编号'],
      ['/api/deadlines/export.xlsx?status=overdue', '/api/deadlines?status=overdue', '事项'],
      ['/api/warnings/export.xlsx', '/api/warnings', '推送部门'],
      ['/api/ledgers/export.xlsx', '/api/ledgers', '台账'],
      ['/api/assistance/export.xlsx?kind=dibao', '/api/assistance?kind=dibao', '救助类别'],
    ];
    for (const [url, list, first] of cases) {
      const d = await download('admin', url);
      expect(d.status, url).toBe(200);
      expect(d.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(String(d.headers['content-disposition'])).toMatch(
        /^attachment; filename="[\w.-]+\.xlsx"; filename\*=UTF-8''/,
      );
      const x = await readXlsx(d.file!);
      expect(x.header[0], url).toBe(first);
      expect(x.preamble[3]).toBe('个人信息已脱敏');
      const n = await total('admin', list);
      expect(n, `${list} is not empty`).toBeGreaterThan(0);
      expect(x.rows.length, url).toBe(n);
    }
  });

  it('follows the list’s filters and the caller’s area: a township exports its own households', async () => {
    const d = await download('township', '/api/households/export.xlsx?householdType=lifted_household');
    const x = await readXlsx(d.file!);
    expect(x.rows.length).toBe(await total('township', '/api/households?householdType=lifted_household'));
    const codeCol = x.header.indexOf('区划代码');
    expect(x.rows.every((r) => String(r[codeCol]).startsWith(TOWNSHIP))).toBe(true);
    expect(x.rows.every((r) => r[x.header.indexOf('户类型')] === '脱贫户')).toBe(true);
    expect(x.preamble[2]).toContain('户类型：脱贫户');
  });

  it('masks ID numbers and phones unless asked in clear with a reason by a role that may, and audits every export', async () => {
    const masked = await readXlsx((await download('officer', `/api/households/export.xlsx?region=${VILLAGE_A}`)).file!);
    const idCol = masked.header.indexOf('户主身份证号');
    const phoneCol = masked.header.indexOf('联系电话');
    expect(masked.rows.length).toBeGreaterThan(0);
    for (const r of masked.rows) expect(String(r[idCol])).toMatch(/^\d{3}\*{13}\d[\dX]$/);
    expect(masked.rows.filter((r) => r[phoneCol]).every((r) => /\*{4}/.test(String(r[phoneCol])))).toBe(true);

    const noReason = await download('officer', `/api/households/export.xlsx?region=${VILLAGE_A}&unmask=true`);
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.issues[0]!.path).toBe('querystring.reason');

    const clear = await download(
      'officer',
      `/api/households/export.xlsx?region=${VILLAGE_A}&unmask=true&reason=${encodeURIComponent('核对低保名单')}`,
    );
    const x = await readXlsx(clear.file!);
    const heads = await sql<{ householdNo: string; idNumber: string }>`
      select h.household_no, m.id_number from household h join member m on m.household_id = h.id and m.relation = 'head'
      where h.region_code = ${VILLAGE_A}`.execute(tb.store.db);
    const byNo = new Map(heads.rows.map((r) => [r.householdNo, r.idNumber]));
    for (const r of x.rows) expect(r[idCol]).toBe(byNo.get(String(r[0])));
    expect(x.preamble[3]).toContain('核对低保名单');

    // department officers may not unmask; their warnings export shows only their department, masked
    expect((await download('dept', '/api/warnings/export.xlsx?unmask=true&reason=check')).status).toBe(403);
    const warnings = await readXlsx((await download('dept', '/api/warnings/export.xlsx')).file!);
    expect(warnings.rows.length).toBe(await total('dept', '/api/warnings'));
    expect(new Set(warnings.rows.map((r) => r[0]))).toEqual(new Set(['医保局']));
    expect(warnings.rows.every((r) => /\*/.test(String(r[warnings.header.indexOf('身份证号')])))).toBe(true);
    expect((await download('dept', '/api/households/export.xlsx')).status).toBe(403);

    const audit = await sql<{
      action: string;
      actorUsername: string;
      detail: { unmasked: boolean; reason?: string; filters: Record<string, string> };
    }>`
      select action, actor_username, detail from audit_log where action like 'export.%' order by seq`.execute(
      tb.store.db,
    );
    const mine = audit.rows.filter((a) => a.actorUsername === 'officer');
    expect(mine.map((a) => [a.action, a.detail.unmasked])).toEqual([
      ['export.households', false],
      ['export.households', true],
    ]);
    expect(mine[1]!.detail).toMatchObject({ reason: '核对低保名单', filters: { region: VILLAGE_A } });
    // a refused export leaves no record
    expect(audit.rows.filter((a) => a.actorUsername === 'dept').map((a) => a.action)).toEqual(['export.warnings']);
  });

  it('exports the village notice with masked names only', async () => {
    const village = await sql<{ regionCode: string }>`
      select region_code from public_notice where purpose = 'identification' group by region_code order by count(*) desc limit 1`.execute(
      tb.store.db,
    );
    const code = village.rows[0]!.regionCode;
    const d = await download('admin', `/api/notices/export.xlsx?region=${code}`);
    expect(d.status).toBe(200);
    const x = await readXlsx(d.file!);
    expect(x.preamble[0]).toMatch(/防止返贫监测对象识别认定公示$/);
    expect(x.rows.length).toBeGreaterThan(0);
    expect(x.rows.every((r) => /^\S\*+$/.test(String(r[x.header.indexOf('户主(脱敏)')])))).toBe(true);
  });
});
