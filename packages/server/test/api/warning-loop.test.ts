import type { DeadlinePage, DepartmentExchangeList, ErrorBody, FeedRowsPage, WarningListItem } from '@dixian/core/api';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHouseholdIn, createTestbed, OTHER_TOWNSHIP_VILLAGE, VILLAGE_A, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

type Answer = WarningListItem & ErrorBody;
const S = 'S1 四(二)3';

describe.each(engines)('department warnings, closed loop (issue 15 §5) on %s', (engine) => {
  let tb: Testbed;
  let seq = 0;
  beforeAll(async () => {
    tb = await createTestbed(engine);
  });
  afterAll(async () => {
    await tb?.close();
  });

  /** A 医保 batch received on `day` with one row that raised a warning in `village`; ids of both. */
  async function warned(village = VILLAGE_A, day = '2024-06-01') {
    const h = await createHouseholdIn(tb, village);
    const key = `loop-${++seq}-${h.household.id}`;
    const batch = await tb.store.db
      .insertInto('feedBatch')
      .values({
        department: 'medical_insurance',
        countyCode: '220681',
        fileName: `医保-${seq}.csv`,
        fileSha256: key,
        format: 'csv',
        status: 'done',
        startedAt: new Date(`${day}T02:00:00Z`),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tb.store.db
      .insertInto('feedRow')
      .values({ batchId: batch.id, rowNo: 1, personName: '张三', outcome: 'matched', dedupeKey: key })
      .execute();
    const w = await tb.store.db
      .insertInto('departmentWarning')
      .values({
        batchId: batch.id,
        department: 'medical_insurance',
        countyCode: '220681',
        regionCode: village,
        householdId: h.household.id,
        personName: '张三',
        signalType: 'medical_out_of_pocket',
        metricValue: 3_000_000,
        threshold: 2_000_000,
        eventDate: '2024-05-20',
        verifyDueOn: '2024-06-04',
        dedupeKey: key,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { warningId: w.id, batchId: batch.id };
  }

  const verify = async (who: 'township' | 'cadre' | 'dept' | 'inspector', id: string, body: object) =>
    (await tb.as(who)).post<Answer>(`/api/warnings/${id}/verify`, body);

  it(`${S}: the township records the result and the reason; who and when are kept, the deadline closes`, async () => {
    const { warningId } = await warned();
    const admin = await tb.as('admin');
    const due = async () =>
      (await admin.get<DeadlinePage>('/api/deadlines?pageSize=100&kind=warning')).body.items.some(
        (d) => d.refId === warningId,
      );
    expect(await due()).toBe(true);
    const r = await verify('township', warningId, { result: 'included', reason: '入户核实:住院自付超标', version: 1 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      status: 'included',
      verificationResult: 'included',
      verificationReason: '入户核实:住院自付超标',
      verifiedByName: expect.any(String),
      fedBackOn: '2024-06-03',
      version: 2,
    });
    expect(r.body.verifiedAt).toBe('2024-06-03T02:00:00.000Z');
    expect(await due()).toBe(false);
    const audit = await sql<{ action: string; actor: string | null }>`
      select action, actor_id as actor from audit_log where target_id = ${warningId}`.execute(tb.store.db);
    expect(audit.rows.map((a) => a.action)).toEqual(['warning.verify']);
  });

  /** An open lead of the warning's household, its verification due, linked to the warning (as the feed raises it). */
  async function withLead(warningId: string) {
    const w = await tb.store.db
      .selectFrom('departmentWarning')
      .select(['householdId', 'regionCode'])
      .where('id', '=', warningId)
      .executeTakeFirstOrThrow();
    const lead = await tb.store.db
      .insertInto('lead')
      .values({
        countyCode: '220681',
        regionCode: w.regionCode,
        householdId: w.householdId,
        channel: 'department_warning',
        department: 'medical_insurance',
        riskTypes: ['illness'],
        discoveredAt: new Date('2024-06-01T02:00:00Z'),
        verifyDueOn: '2024-06-04',
        identificationDueOn: '2024-06-16',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tb.store.db.updateTable('departmentWarning').set({ leadId: lead.id }).where('id', '=', warningId).execute();
    return lead.id;
  }
  const leadOf = (id: string) =>
    tb.store.db.selectFrom('lead').select(['status', 'dismissedReason']).where('id', '=', id).executeTakeFirstOrThrow();
  const leadDue = async (id: string) =>
    (await (await tb.as('admin')).get<DeadlinePage>('/api/deadlines?pageSize=100&kind=verification')).body.items.some(
      (d) => d.refId === id,
    );

  it(`${S}: no risk closes the warning's lead and its deadlines, when the warning was all it stood on`, async () => {
    const { warningId } = await warned();
    const leadId = await withLead(warningId);
    expect(await leadDue(leadId)).toBe(true);
    const r = await verify('township', warningId, { result: 'no_risk', reason: '已报销,自付不高', version: 1 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(await leadOf(leadId)).toEqual({ status: 'dismissed', dismissedReason: '已报销,自付不高' });
    expect(await leadDue(leadId)).toBe(false);
    const audit = await sql<{ action: string }>`
      select action from audit_log where target_id = ${leadId}`.execute(tb.store.db);
    expect(audit.rows.map((a) => a.action)).toEqual(['lead.dismiss']);
  });

  it(`${S}: a lead another warning still waits on, or found at risk, stays open`, async () => {
    const first = await warned();
    const leadId = await withLead(first.warningId);
    const second = await warned();
    await tb.store.db.updateTable('departmentWarning').set({ leadId }).where('id', '=', second.warningId).execute();
    await verify('township', first.warningId, { result: 'not_found', reason: '查无此人', version: 1 });
    expect((await leadOf(leadId)).status).toBe('open');
    const third = await warned();
    const atRisk = await withLead(third.warningId);
    await verify('township', third.warningId, { result: 'included', reason: '住院自付超标', version: 1 });
    expect((await leadOf(atRisk)).status).toBe('open');
  });

  it(`${S}: a second verification is refused in words, a stale version answers 409`, async () => {
    const { warningId } = await warned();
    expect((await verify('cadre', warningId, { result: 'no_risk', reason: '家庭收入稳定', version: 1 })).status).toBe(
      200,
    );
    const again = await verify('township', warningId, { result: 'included', reason: '再次核实', version: 2 });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      '该预警已核实,不能重复核实 / this warning has already been verified; it cannot be verified again',
    );
    const { warningId: other } = await warned();
    expect((await verify('township', other, { result: 'no_risk', reason: '无风险', version: 7 })).status).toBe(409);
  });

  it(`${S}: the reason is required and the result must be one of the four`, async () => {
    const { warningId } = await warned();
    expect((await verify('township', warningId, { result: 'included', reason: '  ', version: 1 })).status).toBe(400);
    expect((await verify('township', warningId, { result: '纳入监测', reason: '理由', version: 1 })).status).toBe(400);
  });

  it(`${S}: a department or inspector may not verify (403); a village cadre elsewhere finds nothing (404)`, async () => {
    const { warningId } = await warned();
    const body = { result: 'no_risk', reason: '无风险', version: 1 };
    expect((await verify('dept', warningId, body)).status).toBe(403);
    expect((await verify('inspector', warningId, body)).status).toBe(403);
    const far = await warned(OTHER_TOWNSHIP_VILLAGE);
    expect((await verify('township', far.warningId, body)).status).toBe(404);
    expect((await verify('cadre', far.warningId, body)).status).toBe(404);
  });

  it(`${S}: the department reads the outcome of each record it sent on its batch, and in the export`, async () => {
    const { warningId, batchId } = await warned();
    await verify('township', warningId, { result: 'not_found', reason: '本村无此人', version: 1 });
    const dept = await tb.as('dept');
    const rows = await dept.get<FeedRowsPage>(`/api/feeds/${batchId}/rows`);
    expect(rows.status).toBe(200);
    expect(rows.body.items[0]).toMatchObject({
      warningId,
      warningStatus: 'dismissed',
      verificationResult: 'not_found',
      verificationReason: '本村无此人',
      verifiedOn: '2024-06-03',
      fedBackOn: '2024-06-03',
    });
    expect(rows.body.items[0]!.labels.verificationResult).toEqual({ zh: '查无此人', en: 'Person not found' });
    const list = await dept.get<{ items: WarningListItem[] }>('/api/warnings?status=dismissed');
    expect(list.body.items.find((w) => w.id === warningId)?.verificationResult).toBe('not_found');
    const file = await dept.get('/api/warnings/export.xlsx?status=dismissed');
    expect(file.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.raw.rawPayload as unknown as ArrayBuffer);
    const values: unknown[][] = [];
    wb.worksheets[0]!.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    const header = values[4]!.map(String);
    const row = values.find((r) => r.includes('本村无此人'))!;
    expect(row[header.indexOf('核实结果')]).toBe('查无此人');
    expect(row[header.indexOf('反馈部门日期')]).toBe('2024-06-03');
  });

  it(`${S}: a department is overdue after departmentExchangeMonths without a feed; a 零报告 counts as one`, async () => {
    // 医保 sent a feed on 2024-06-01 above; 教育 sent one on 2024-03-20 (due 2024-05-20: overdue on 2024-06-03)
    await tb.store.db
      .insertInto('feedBatch')
      .values({
        department: 'education',
        countyCode: '220681',
        fileName: '教育.csv',
        fileSha256: 'edu-1',
        format: 'csv',
        status: 'done',
        startedAt: new Date('2024-03-20T02:00:00Z'),
      })
      .execute();
    const officer = await tb.as('officer');
    const before = await officer.get<DepartmentExchangeList>('/api/exchanges');
    expect(before.status).toBe(200);
    expect(before.body.intervalMonths).toBe(2);
    const of = (l: DepartmentExchangeList, d: string) => l.items.find((i) => i.department === d)!;
    expect(of(before.body, 'education')).toMatchObject({
      lastFeedOn: '2024-03-20',
      nextDueOn: '2024-05-20',
      overdue: true,
    });
    expect(of(before.body, 'medical_insurance')).toMatchObject({ lastExchangeOn: '2024-06-01', overdue: false });
    expect(of(before.body, 'water')).toMatchObject({ lastExchangeOn: null, nextDueOn: null, overdue: true });

    const zero = await officer.post<DepartmentExchangeList>('/api/exchanges/zero-reports', {
      department: 'education',
      note: '本期无预警人员',
    });
    expect(zero.status, JSON.stringify(zero.body)).toBe(200);
    expect(of(zero.body, 'education')).toMatchObject({
      lastZeroReportOn: '2024-06-03',
      lastExchangeOn: '2024-06-03',
      nextDueOn: '2024-08-03',
      overdue: false,
    });
    const audit = await sql<{ n: number }>`
      select count(*)::int as n from audit_log where action = 'feed.zero_report'`.execute(tb.store.db);
    expect(Number(audit.rows[0]!.n)).toBe(1);
  });

  it(`${S}: a department officer sees and reports only its own; a township may not`, async () => {
    const dept = await tb.as('dept');
    const own = await dept.get<DepartmentExchangeList>('/api/exchanges');
    expect(own.body.items.map((i) => i.department)).toEqual(['medical_insurance']);
    expect((await dept.post('/api/exchanges/zero-reports', { department: 'water' })).status).toBe(403);
    expect((await dept.post('/api/exchanges/zero-reports', { department: 'medical_insurance' })).status).toBe(200);
    expect((await (await tb.as('township')).get('/api/exchanges')).status).toBe(403);
    expect((await (await tb.as('township')).post('/api/exchanges/zero-reports', { department: 'water' })).status).toBe(
      403,
    );
  });
});
