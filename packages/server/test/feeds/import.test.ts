import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/store.js';
import { writeFeedReport } from '../../src/feeds/report.js';
import type { FeedImportStats } from '../../src/services/feed-pipeline.js';
import { importFeed } from '../../src/services/feed.service.js';
import { listBatchOutcomes } from '../../src/services/warning.service.js';
import { createTestStore, engines } from '../support/db.js';
import {
  countyAdmin,
  departmentOfficer,
  messyCivilAffairsXlsx,
  messyMedicalCsv,
  RECEIVED_AT,
  seedRegistry,
  tmpDir,
  VILLAGE_A,
  VILLAGE_B,
  type Registry,
} from './support.js';
import { idIndex, sealField } from '../../src/security/field-keys.js';

describe.each(engines)('department feed import on %s', (engine) => {
  let store: Store;
  let reg: Registry;
  const dir = tmpDir();
  const now = () => RECEIVED_AT;
  const q = async <R>(sql: string, params: unknown[] = []) =>
    (await store.transaction((tx) => tx.client.query<R>(sql, params))).rows;

  beforeAll(async () => {
    store = await createTestStore(engine);
    reg = await seedRegistry(store);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('imports a messy GBK CSV with a precise report, and leads on the right village with deadlines (S3 §三(四))', async () => {
    const actor = await departmentOfficer(store, 'medical_insurance');
    const file = messyMedicalCsv(reg, dir);
    const { batch, alreadyImported } = await importFeed(
      { store, actor, now },
      { department: 'medical_insurance', file },
    );
    expect(alreadyImported).toBe(false);
    const stats = batch.stats as unknown as FeedImportStats;
    expect(batch).toMatchObject({
      status: 'done',
      format: 'csv',
      encoding: 'gb18030',
      countyCode: '220681',
      rowsTotal: 9,
      rowsValid: 7,
      rowsInvalid: 2,
      rowsMatched: 5,
      rowsUnmatched: 2,
      warningsCreated: 5,
      uploadedBy: actor.id,
    });
    expect(stats).toMatchObject({ headerRow: 3, rowsSkipped: 3, outsideScope: 1, leadsCreated: 2 });
    expect(stats.attachedToCase).toBe(1);
    expect(stats.attachedToLead).toBe(1);

    const issues = await q<{ row_no: number; column_name: string; problem: string; severity: string }>(
      `select row_no, column_name, problem, severity from feed_issue where batch_id = $1 order by row_no, severity`,
      [batch.id],
    );
    expect(issues.filter((i) => i.severity === 'error').map((i) => [i.row_no, i.column_name])).toEqual([
      [9, 'C 公民身份号码'],
      [12, 'E 结算时间'],
    ]);
    expect(issues.find((i) => i.row_no === 9)!.problem).toMatch(/校验位/);
    expect(issues.find((i) => i.row_no === 12 && i.severity === 'error')!.problem).toMatch(/2024-13-01/);
    // notices: the 15-digit number upgraded (row 6)
    expect(issues.filter((i) => i.severity === 'notice').map((i) => i.row_no)).toContain(6);

    const leads = await q<{
      household_id: string;
      region_code: string;
      channel: string;
      sub_channel: string;
      department: string;
      verify_due_on: string;
      identification_due_on: string;
      risk_types: string[];
      description: string;
    }>(`select * from lead where channel = 'department_warning' order by region_code`);
    expect(leads.map((l) => [l.household_id, l.region_code])).toEqual([
      [reg.zhang.householdId, VILLAGE_A],
      [reg.wang.householdId, VILLAGE_B],
    ]);
    for (const l of leads) {
      expect(l).toMatchObject({
        sub_channel: 'department_feed',
        department: 'medical_insurance',
        // national policy: verification 3 days, identification 15 days from receipt (2024-06-03)
        verify_due_on: '2024-06-06',
        identification_due_on: '2024-06-18',
        risk_types: ['illness'],
      });
    }
    expect(leads[0]!.description).toMatch(/张三.*李梅|李梅.*张三/);

    const warnings = await q<{ status: string; household_id: string; lead_id: string | null; case_id: string | null }>(
      `select status, household_id, lead_id, case_id from department_warning where batch_id = $1`,
      [batch.id],
    );
    expect(warnings.find((w) => w.household_id === reg.liu.householdId)).toMatchObject({
      status: 'attached',
      case_id: reg.caseId,
    });
    expect(warnings.find((w) => w.household_id === reg.chen.householdId)).toMatchObject({
      status: 'attached',
      lead_id: reg.leadId,
    });
    expect(warnings.filter((w) => w.status === 'lead_created')).toHaveLength(3);

    // the department sees what became of each row it sent
    const view = await listBatchOutcomes({ store, actor, now }, batch.id, { page: 1, pageSize: 50 });
    const byRow = Object.fromEntries(view.rows.map((r) => [r.rowNo, r]));
    expect(byRow[4]).toMatchObject({ outcome: 'matched', warningStatus: 'lead_created', leadStatus: 'open' });
    expect(byRow[7]).toMatchObject({ warningStatus: 'attached', caseStage: 'verifying' });
    expect(byRow[10]).toMatchObject({ outcome: 'unmatched', warningStatus: null });
    expect(byRow[11]).toMatchObject({ outcome: 'outside_scope' });
    expect(byRow[9]).toMatchObject({ outcome: 'invalid' });
    // a department officer may not unmask: ID numbers are masked in the view
    expect(byRow[4]!.idNumber).toMatch(/^\d{3}\*{13}\d[\dX]$/);

    // the report: summary, problems with row and column, unmatched people, outcomes
    const out = path.join(dir, 'report.xlsx');
    await writeFeedReport({ store, actor, now }, batch.id, out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概况', '问题清单', '未匹配人员', '处理结果']);
    const problems = wb.getWorksheet('问题清单')!;
    const problemRows = problems.getSheetValues().slice(2) as unknown[][];
    const row9 = problemRows.find((r) => r[1] === 9)!;
    expect(row9.slice(1, 4)).toEqual([9, 'C 公民身份号码', '错误']);
    // an invalid number is shown as written, so the department can find and fix it
    expect(row9[6]).toMatch(/^220681\d{12}$/);
    const unmatched = wb.getWorksheet('未匹配人员')!.getSheetValues().slice(2) as unknown[][];
    expect(unmatched.map((r) => r[1])).toEqual([10, 11]);
  });

  it('importing the same file again changes nothing; the same facts in another file raise no new warning', async () => {
    const actor = await departmentOfficer(store, 'medical_insurance');
    const before = await q<{ n: number }>(
      `select (select count(*) from department_warning) + (select count(*) from lead) * 1000 as n`,
    );
    const again = await importFeed(
      { store, actor, now },
      { department: 'medical_insurance', file: messyMedicalCsv(reg, dir) },
    );
    expect(again.alreadyImported).toBe(true);
    const other = await importFeed(
      { store, actor, now },
      { department: 'medical_insurance', file: messyMedicalCsv(reg, dir, '(更正版)') },
    );
    expect(other.alreadyImported).toBe(false);
    expect(other.batch.warningsCreated).toBe(0);
    expect((other.batch.stats as unknown as FeedImportStats).duplicates).toBe(5);
    const after = await q<{ n: number }>(
      `select (select count(*) from department_warning) + (select count(*) from lead) * 1000 as n`,
    );
    expect(after[0]!.n).toBe(before[0]!.n);
    const batches = await q<{ n: number }>(
      `select count(*)::int as n from feed_batch where department = 'medical_insurance'`,
    );
    expect(batches[0]!.n).toBe(2);
  });

  it('imports a messy .xlsx: S3 §三(二) new 低保 not monitored, a death that changes the size; attaches to the lead opened before', async () => {
    const file = await messyCivilAffairsXlsx(reg, dir);
    const { batch } = await importFeed({ store, actor: countyAdmin, now }, { department: 'civil_affairs', file });
    const stats = batch.stats as unknown as FeedImportStats;
    expect(batch).toMatchObject({ status: 'done', format: 'xlsx', rowsTotal: 4, rowsInvalid: 1, warningsCreated: 2 });
    // the first sheet holds only a note: it is skipped and named in the report
    expect(stats).toMatchObject({ sheet: '名单', headerRow: 3, skippedSheets: ['说明'] });
    const issue = await q<{ row_no: number; column_name: string; problem: string }>(
      `select row_no, column_name, problem from feed_issue where batch_id = $1 and severity = 'error'`,
      [batch.id],
    );
    expect(issue).toEqual([{ row_no: 7, column_name: 'C 身份证号', problem: expect.stringMatching(/存成了数字/) }]);
    // 张三's household already has the open lead from the 医保 import: both warnings join it
    const warnings = await q<{ signal_type: string; status: string; lead_id: string; region_code: string }>(
      `select signal_type, status, lead_id, region_code from department_warning where batch_id = $1 order by signal_type`,
      [batch.id],
    );
    const zhangLead = await q<{ id: string }>(
      `select id from lead where household_id = $1 and channel = 'department_warning'`,
      [reg.zhang.householdId],
    );
    expect(warnings).toEqual([
      { signal_type: 'death_changes_size', status: 'attached', lead_id: zhangLead[0]!.id, region_code: VILLAGE_A },
      { signal_type: 'new_dibao_not_monitored', status: 'attached', lead_id: zhangLead[0]!.id, region_code: VILLAGE_A },
    ]);
    const rows = await q<{ row_no: number; signal_type: string | null; detail: { noSignal?: { zh: string } } }>(
      `select row_no, signal_type, detail from feed_row where batch_id = $1 and row_no = 6`,
      [batch.id],
    );
    expect(rows[0]).toMatchObject({
      signal_type: null,
      detail: { noSignal: { zh: expect.stringMatching(/临时救助/) } },
    });
  });

  it('a failure mid-import leaves nothing half-written, records why, and a retry succeeds', async () => {
    const actor = await departmentOfficer(store, 'housing');
    const dir2 = tmpDir();
    const file = path.join(dir2, 'housing.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      file,
      [
        '姓名,身份证号码,所在村,鉴定等级,鉴定日期',
        `王五,${reg.wang.id},三道阳岔村,D级,2024-05-02`,
        `张三,${reg.zhang.id},六道沟村,B级,2024-05-02`,
      ].join('\n'),
    );
    await store.transaction(async (tx) => {
      await tx.client.exec(`create function fail_warning() returns trigger language plpgsql as $$
        begin raise exception 'disk full (simulated)'; end $$`);
      await tx.client.exec(
        `create trigger fail_warning before insert on department_warning for each row execute function fail_warning()`,
      );
    });
    await expect(importFeed({ store, actor, now }, { department: 'housing', file })).rejects.toThrow(/disk full/);
    const failed = await q<{ id: string; status: string; error: string }>(
      `select id, status, error from feed_batch where department = 'housing'`,
    );
    expect(failed).toEqual([{ id: expect.any(String), status: 'failed', error: expect.stringMatching(/disk full/) }]);
    const left = await q<{ n: number }>(
      `select (select count(*) from feed_row where batch_id = $1) + (select count(*) from department_warning where department = 'housing') as n`,
      [failed[0]!.id],
    );
    expect(Number(left[0]!.n)).toBe(0);

    await store.transaction((tx) =>
      tx.client.exec(`drop trigger fail_warning on department_warning; drop function fail_warning()`),
    );
    const retry = await importFeed({ store, actor, now }, { department: 'housing', file });
    expect(retry.batch).toMatchObject({ status: 'done', warningsCreated: 1, rowsTotal: 2 });
    const all = await q<{ status: string }>(`select status from feed_batch where department = 'housing'`);
    expect(all).toEqual([{ status: 'done' }]);
  });

  it('an ID number the registry holds twice matches the living member inside the county', async () => {
    // the same number also on a deceased member of another household in the county, and on a member in another county
    await store.transaction(async (tx) => {
      await tx.client.query(
        `insert into member (household_id, county_code, name, id_number, sex, birth_date, relation, deceased_on,
           id_number_index)
         values ($1, '220681', '王五', $2, 'male', '1955-01-20', 'other', '2020-01-01', $4),
                ($3, '220621', '王五', $2, 'male', '1955-01-20', 'other', null, $4)`,
        [reg.chen.householdId, sealField(reg.wang.id), reg.outsider.householdId, idIndex(reg.wang.id)],
      );
    });
    const file = path.join(tmpDir(), 'water.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, ['身份证号码,问题类型,停水天数,发生日期', `${reg.wang.id},停水,45,2024-05-01`].join('\n'));
    const { batch } = await importFeed({ store, actor: countyAdmin, now }, { department: 'water', file });
    const rows = await q<{ member_id: string; household_id: string; outcome: string }>(
      `select member_id, household_id, outcome from feed_row where batch_id = $1`,
      [batch.id],
    );
    expect(rows).toEqual([{ member_id: reg.wang.memberId, household_id: reg.wang.householdId, outcome: 'matched' }]);
    expect(batch.warningsCreated).toBe(1);
  });

  it('refuses a department officer importing for another department, and names a missing column', async () => {
    const actor = await departmentOfficer(store, 'housing');
    const file = messyMedicalCsv(reg, dir, '-x');
    await expect(importFeed({ store, actor, now }, { department: 'medical_insurance', file })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(importFeed({ store, actor, now }, { department: 'housing', file })).rejects.toMatchObject({
      code: 'validation_failed',
      issues: [
        expect.objectContaining({ message: expect.stringMatching(/缺少必填列"鉴定等级"/) }),
        expect.objectContaining({ message: expect.stringMatching(/缺少必填列"鉴定日期"/) }),
        // issue 12 #11: and whose file it looks like
        expect.objectContaining({ message: expect.stringMatching(/表头更像医保局的数据/) }),
      ],
    });
  });
});
