import type { EightPointsReport, Report } from '@dixian/core/api';
import * as enums from '@dixian/core/enums';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COUNTY,
  createHouseholdIn,
  createTestbed,
  OTHER_TOWNSHIP_VILLAGE,
  TOWNSHIP,
  VILLAGE_A,
  VILLAGE_B,
  type Testbed,
} from '../support/api.js';
import { engines } from '../support/db.js';
import { insertCase } from '../support/records.js';
import { pdfText } from '../support/pdf-text.js';

/**
 * Issue 17 §5: the monthly and year-end report of a county and a township. A small fixture with every date fixed
 * (the test clock's day is 2024-06-03, national policy: identification within 15 days, plan within 10, S3 §三(四)(五));
 * each figure of May 2024 is counted here by hand.
 *
 * TOWNSHIP: village A a1..a4, village B b1 (two members each); o1 in another township of the county.
 * - a1 confirmed 05-10 (found 05-01: in time), plan 05-15 (in time), illness; visited 05-11 and 05-28; a measure
 *   (industry, agriculture bureau) started 05-16.
 * - a2 confirmed 05-25 (found 05-02: 23 days, late), no plan (late), disability; temporary assistance 2,000 元
 *   decided 05-08; a suspected problem opened 05-06 and closed (销号) 05-20.
 * - a3 confirmed 01-10, eliminated 05-20 through assistance; a rectification item opened 05-10, still open.
 * - a4 not monitored. b1 confirmed 03-01, schooling; visited 05-05; 低保 approved 03-01.
 * - o1 confirmed 05-12 (the county's report only).
 * - payrolls of the township: May paid (2 lines, 3 people, 1,234.50 元), April paid (1 line, 2 people, 600 元),
 *   a May payroll of the other township approved but not paid.
 */
describe.each(engines)('monthly and year-end reports on %s (issue 17 §5)', (engine) => {
  let tb: Testbed;
  const h: Record<string, string> = {};
  let may: Report;

  const exec = (q: ReturnType<typeof sql>) => q.execute(tb.store.db);
  const visit = (id: string, on: string) =>
    exec(sql`insert into visit (household_id, county_code, region_code, visited_on)
      select id, county_code, region_code, ${on}::date from household where id = ${id}`);
  const plan = async (caseId: string, on: string) =>
    (
      await sql<{ id: string }>`insert into assistance_plan (case_id, household_id, county_code, created_on)
      select c.id, c.household_id, c.county_code, ${on}::date from monitoring_case c where c.id = ${caseId} returning id`.execute(
        tb.store.db,
      )
    ).rows[0]!.id;
  const ledgerItem = (id: string, ledger: string, createdOn: string, closedOn: string | null) =>
    exec(sql`insert into ledger_item (ledger, area, county_code, region_code, household_id, title, status, created_at, closed_on)
      select ${ledger}, 'inclusion', county_code, region_code, id, '测试', ${closedOn ? 'closed' : 'open'},
        (${createdOn}::date + time '10:00') at time zone 'Asia/Shanghai', ${closedOn}::date
      from household where id = ${id}`);
  const payroll = (region: string, month: string, status: string, lines: number, people: number, fen: number) =>
    exec(sql`insert into payroll (county_code, region_code, month, status, line_count, people_count, total_fen)
      values (${COUNTY}, ${region}, ${month}, ${status}, ${lines}, ${people}, ${fen})`);
  const assistance = (id: string, kind: string, decidedOn: string, amountFen: number | null) =>
    exec(sql`insert into social_assistance_case (household_id, county_code, kind, status, applied_on, decided_on, amount_fen)
      select id, county_code, ${kind}, 'approved', ${decidedOn}::date, ${decidedOn}::date, ${amountFen}
      from household where id = ${id}`);

  beforeAll(async () => {
    tb = await createTestbed(engine);
    for (const k of ['a1', 'a2', 'a3', 'a4']) h[k] = (await createHouseholdIn(tb, VILLAGE_A)).household.id;
    h.b1 = (await createHouseholdIn(tb, VILLAGE_B)).household.id;
    h.o1 = (await createHouseholdIn(tb, OTHER_TOWNSHIP_VILLAGE)).household.id;

    const c1 = await insertCase(tb, h.a1!, {
      stage: 'monitoring',
      discoveredOn: '2024-05-01',
      confirmedOn: '2024-05-10',
      category: 'marginal_vulnerable',
      riskTypes: ['illness'],
    });
    await insertCase(tb, h.a2!, {
      stage: 'monitoring',
      discoveredOn: '2024-05-02',
      confirmedOn: '2024-05-25',
      category: 'sudden_hardship',
      riskTypes: ['disability'],
    });
    await insertCase(tb, h.a3!, {
      stage: 'eliminated',
      discoveredOn: '2024-01-02',
      confirmedOn: '2024-01-10',
      eliminatedOn: '2024-05-20',
      eliminationMethod: 'assisted',
      category: 'marginal_vulnerable',
      riskTypes: ['illness'],
    });
    await insertCase(tb, h.b1!, {
      stage: 'monitoring',
      discoveredOn: '2024-02-20',
      confirmedOn: '2024-03-01',
      category: 'unstable_lifted',
      riskTypes: ['education'],
    });
    await insertCase(tb, h.o1!, {
      stage: 'monitoring',
      discoveredOn: '2024-05-05',
      confirmedOn: '2024-05-12',
      category: 'marginal_vulnerable',
      riskTypes: ['illness'],
    });
    const p1 = await plan(c1, '2024-05-15');
    await exec(sql`insert into assistance_measure (plan_id, household_id, county_code, category, type, department,
      start_on, status) select ${p1}, id, county_code, 'industry', 'industry', 'agriculture', '2024-05-16', 'implementing'
      from household where id = ${h.a1!}`);

    await visit(h.a1!, '2024-05-11');
    await visit(h.a1!, '2024-05-28');
    await visit(h.b1!, '2024-05-05');
    await visit(h.a4!, '2024-04-30');

    await ledgerItem(h.a2!, 'suspected_issue', '2024-05-06', '2024-05-20');
    await ledgerItem(h.a3!, 'rectification', '2024-05-10', null);

    await payroll(TOWNSHIP, '2024-05', 'paid', 2, 3, 123450);
    await payroll(TOWNSHIP, '2024-04', 'paid', 1, 2, 60000);
    await payroll(OTHER_TOWNSHIP_VILLAGE.slice(0, 9), '2024-05', 'approved', 1, 1, 50000);
    await assistance(h.b1!, 'dibao', '2024-03-01', null);
    await assistance(h.a2!, 'temp_relief', '2024-05-08', 200000);

    const officer = await tb.as('officer');
    const r = await officer.get<Report>(`/api/reports/2024-05?region=${TOWNSHIP}`);
    expect(r.status).toBe(200);
    may = r.body;
  });
  afterAll(() => tb.close());

  it('counts the monitored households and people and their share of the rural population on the last day', () => {
    expect(may.kind).toBe('month');
    expect(may.title).toBe('2024年5月月度报告');
    expect([may.start, may.end, may.complete]).toEqual(['2024-05-01', '2024-05-31', true]);
    expect(may.population).toEqual({ households: 5, people: 10 });
    expect(may.monitored).toMatchObject({ households: 4, people: 8, householdShare: 0.8, peopleShare: 0.8 });
    expect(may.monitored.byCategory.find((c) => c.category === 'marginal_vulnerable')).toMatchObject({ households: 2 });
    expect(may.unresolved).toEqual({ households: 3, people: 6 });
  });

  it('counts the new, the eliminated by method and the risk types', () => {
    expect(may.identified.households).toBe(2);
    expect(may.eliminated.households).toBe(1);
    expect(may.eliminated.byMethod).toEqual([
      { method: 'assisted', households: 1 },
      { method: 'natural', households: 0 },
    ]);
    expect(may.riskTypes).toEqual([
      { riskType: 'disability', households: 1 },
      { riskType: 'education', households: 1 },
      { riskType: 'illness', households: 1 },
    ]);
  });

  it('counts measures by type and department, visits and the statutory deadlines (S3 §三(四)(五))', () => {
    expect(may.measures.byType).toEqual([{ type: 'industry', started: 1, inForce: 1 }]);
    expect(may.measures.byDepartment).toEqual([{ department: 'agriculture', started: 1, inForce: 1 }]);
    expect(may.visits).toEqual({ visits: 3, households: 2 });
    expect(may.deadlines.identification).toEqual({ total: 2, met: 1, days: 15 });
    expect(may.deadlines.plan).toEqual({ total: 2, met: 1, days: 10 });
  });

  it('counts the ledgers opened and closed (S3 §五) and the social assistance in force and paid', () => {
    expect(may.ledgers).toEqual([
      { ledger: 'screening_task', opened: 0, closed: 0, openAtEnd: 0 },
      { ledger: 'suspected_issue', opened: 1, closed: 1, openAtEnd: 0 },
      { ledger: 'rectification', opened: 1, closed: 0, openAtEnd: 1 },
    ]);
    expect(may.assistance.inForce).toEqual([
      { kind: 'dibao', cases: 1, people: 2 },
      { kind: 'tekun', cases: 0, people: 0 },
    ]);
    expect(may.assistance.paid).toEqual({ payrolls: 1, lines: 2, people: 3, amountFen: 123450 });
    expect(may.assistance.tempRelief).toEqual({ cases: 1, amountFen: 200000 });
  });

  it('gives each village its figures and takes the eight points from their service on the last day', async () => {
    // every village of the township is listed; those of the fixture carry its figures
    expect(may.byRegion.every((r) => r.code.startsWith(TOWNSHIP))).toBe(true);
    const fixture = may.byRegion.filter((r) => r.code === VILLAGE_A || r.code === VILLAGE_B);
    expect(
      fixture.map((r) => [r.code, r.monitoredHouseholds, r.unresolvedHouseholds, r.identified, r.eliminated, r.visits]),
    ).toEqual([
      [VILLAGE_A, 3, 2, 2, 1, 2],
      [VILLAGE_B, 1, 1, 0, 0, 1],
    ]);
    const points = await (
      await tb.as('officer')
    ).get<EightPointsReport>(`/api/supervision/eight-points?region=${TOWNSHIP}&asOf=2024-05-31`);
    expect(may.eightPoints).toEqual(points.body);
  });

  it('covers the county and the year so far', async () => {
    const officer = await tb.as('officer');
    const county = (await officer.get<Report>('/api/reports/2024-05')).body;
    expect(county.region.code).toBe(COUNTY);
    expect(county.identified.households).toBe(3);
    expect(county.assistance.paid.payrolls).toBe(1);
    const year = (await officer.get<Report>(`/api/reports/2024?region=${TOWNSHIP}`)).body;
    expect([year.kind, year.title, year.start, year.end, year.complete]).toEqual([
      'year',
      '2024年度报告',
      '2024-01-01',
      '2024-06-03',
      false,
    ]);
    expect(year.identified.households).toBe(4);
    expect(year.assistance.paid).toEqual({ payrolls: 2, lines: 3, people: 5, amountFen: 183450 });
  });

  it('refuses a period not begun or malformed, and keeps a township officer inside the township', async () => {
    const officer = await tb.as('officer');
    expect((await officer.get('/api/reports/2024-07')).status).toBe(400);
    expect((await officer.get('/api/reports/2024-13')).status).toBe(400);
    const township = await tb.as('township');
    expect((await township.get<Report>('/api/reports/2024-05')).body.region.code).toBe(TOWNSHIP);
    expect((await township.get(`/api/reports/2024-05?region=${OTHER_TOWNSHIP_VILLAGE.slice(0, 9)}`)).status).toBe(404);
    expect((await (await tb.as('cadre')).get('/api/reports/2024-05')).status).toBe(403);
  });

  it('writes the workbook: one sheet per section, Chinese headers, amounts in 元, audited', async () => {
    const officer = await tb.as('officer');
    const res = await officer.get(`/api/reports/2024-05/export.xlsx?region=${TOWNSHIP}`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '监测对象概况',
      '新增与风险消除',
      '风险类型',
      '帮扶措施',
      '走访与排查',
      '时限落实',
      '八项重点',
      '问题台账',
      '社会救助',
      '分区域',
    ]);
    const rows = (name: string) =>
      (wb.getWorksheet(name)!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    expect(rows('监测对象概况')[0]![0]).toBe('桦树镇2024年5月月度报告');
    expect(rows('监测对象概况')).toContainEqual(['监测对象', 4, 8, '80.00%', '80.00%']);
    expect(rows('新增与风险消除')).toContainEqual(['其中：帮扶消除', 1]);
    expect(rows('帮扶措施')).toContainEqual(['按责任部门', '农业农村局', 1, 1]);
    expect(rows('时限落实')).toContainEqual(['识别认定（15天内）', 2, 1, '50.00%']);
    expect(rows('问题台账')).toContainEqual(['疑似问题台账', 1, 1, 0]);
    expect(rows('社会救助')).toContainEqual(['本期已发放（低保、特困）', 2, 3, 1234.5]);
    expect(rows('社会救助')).toContainEqual(['本期临时救助（审批）', 1, '', 2000]);
    expect(rows('分区域')).toContainEqual(['西大川村', 3, 2, 2, 1, 2]);
    // no stored code of core's vocabulary in any cell (issue 12: what officers read)
    const codes = new Set(
      (Object.values(enums) as unknown[])
        .filter((e): e is { values: string[] } => typeof e === 'object' && e !== null && 'values' in e)
        .flatMap((e) => e.values),
    );
    const cells = wb.worksheets.flatMap((w) => (w.getSheetValues() as unknown[][]).filter(Boolean).flatMap((r) => r));
    expect(cells.filter((c) => typeof c === 'string' && codes.has(c))).toEqual([]);
    expect(JSON.stringify(cells)).not.toMatch(/[a-z]+_[a-z]+|Fen\b/);
    const audit = await tb.store.db
      .selectFrom('auditLog')
      .select(['action', 'detail'])
      .where('action', '=', 'export.report')
      .execute();
    expect(audit.map((a) => (a.detail as { format: string }).format)).toContain('xlsx');
  });

  it('writes a PDF whose text is the Chinese of the report', async () => {
    const officer = await tb.as('officer');
    const res = await officer.get(`/api/reports/2024/report.pdf?region=${TOWNSHIP}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const bytes = res.raw.rawPayload;
    expect(bytes.subarray(0, 4).toString()).toBe('%PDF');
    const text = await pdfText(bytes);
    expect(text).toContain('桦树镇2024年度报告');
    expect(text).toContain('监测对象概况');
    expect(text).toContain('疑似问题台账');
    expect(text).toMatch(/第 1 页 共 \d+ 页/);
  });

  it('without a Chinese font refuses the PDF in words, before auditing anything', async () => {
    const officer = await tb.as('officer');
    const audited = async () =>
      (await tb.store.db.selectFrom('auditLog').select('action').where('action', '=', 'export.report').execute())
        .length;
    const before = await audited();
    const saved = process.env.DIXIAN_PDF_FONT;
    process.env.DIXIAN_PDF_FONT = '/nonexistent/NotoSansCJK-Regular.ttc';
    try {
      const res = await officer.get<{ error: { message: string } }>('/api/reports/2024/report.pdf');
      expect(res.status).toBe(422);
      expect(res.body.error.message).toContain('服务器未安装中文字体');
      expect(res.body.error.message).toContain('fonts-noto-cjk');
    } finally {
      if (saved === undefined) delete process.env.DIXIAN_PDF_FONT;
      else process.env.DIXIAN_PDF_FONT = saved;
    }
    expect(await audited()).toBe(before);
  });
});
