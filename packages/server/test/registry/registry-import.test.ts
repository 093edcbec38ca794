import { makeIdNumber } from '@dixian/core';
import type { ErrorBody, HouseholdDetail, RegistryImportList, RegistryImportView } from '@dixian/core/api';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COUNTY,
  createHouseholdIn,
  createTestbed,
  OTHER_TOWNSHIP_VILLAGE,
  VILLAGE_A,
  VILLAGE_B,
  type ApiClient,
  type Testbed,
} from '../support/api.js';
import { expireRegistryPreviews } from '../../src/services/registry-import.service.js';
import { engines } from '../support/db.js';
import { DEFAULT_HEADERS, registerRows, registryFile } from '../support/registry-file.js';

const OCTET = { 'content-type': 'application/octet-stream' };

async function upload(client: ApiClient, file: Buffer, name = '农户档案.xlsx') {
  return client.request<RegistryImportView & ErrorBody>(
    'POST',
    `/api/registry/imports?fileName=${encodeURIComponent(name)}`,
    file,
    { headers: OCTET },
  );
}

const count = async (tb: Testbed, table: 'household' | 'member' | 'income_record', prefix: string) =>
  Number(
    (
      await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} t
        where ${sql.raw(table === 'household' ? 't.household_no' : '(select household_no from household h where h.id = t.household_id)')} like ${`${prefix}%`}`.execute(
        tb.store.db,
      )
    ).rows[0]!.n,
  );
const audits = async (tb: Testbed, action: string) =>
  Number(
    (await sql<{ n: number }>`select count(*)::int as n from audit_log where action = ${action}`.execute(tb.store.db))
      .rows[0]!.n,
  );

/**
 * Register import (issue 14 §4). S1 §六(三) asks to make full use of the data counties already hold and avoid
 * re-entering it (避免重复填表报数采集信息); S3 §三(八) that the system's household, income and member data be
 * exact (精准详实): so an import is previewed with every problem on its row and column before anything is written,
 * written in one transaction, and can be undone as a batch.
 */
describe.each(engines)('register import on %s (issue 14 §4)', (engine) => {
  let tb: Testbed;
  let officer: ApiClient;
  beforeAll(async () => {
    tb = await createTestbed(engine);
    officer = await tb.as('officer');
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('offers a template with the three sheets, Chinese headers and lists of labels', async () => {
    const res = await officer.request('GET', '/api/registry/template.xlsx');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['户信息', '家庭成员', '收入', '说明']);
    const members = wb.getWorksheet('家庭成员')!;
    expect(members.getRow(1).values).toEqual(expect.arrayContaining(['户编号', '姓名', '身份证号', '与户主关系']));
    const xml = JSON.stringify((members as unknown as { dataValidations: { model: unknown } }).dataValidations.model);
    expect(xml).toContain('户主,配偶');
    expect(xml).not.toContain('head');
  });

  it('previews problems by sheet, row and column, and writes nothing', async () => {
    const r = registerRows(VILLAGE_A, 3, 'PV');
    r.households[1]![1] = '220681100999'; // row 3: no such village
    r.members[4]![2] = '220681196001011235'; // row 6: a wrong check digit
    const before = await count(tb, 'household', 'PV');
    const res = await upload(officer, await registryFile(r));
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('preview');
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sheet: 'households', row: 3, column: '所在村区划代码', field: 'regionCode' }),
        expect.objectContaining({ sheet: 'members', row: 6, column: '身份证号', field: 'idNumber' }),
      ]),
    );
    expect(res.body.problems.find((p) => p.row === 3 && p.sheet === 'households')!.message).toMatch(/不存在/);
    expect(res.body.householdsWithProblems).toBe(2);
    expect(res.body.counts.households).toEqual({ create: 1, update: 0, unchanged: 0 });
    expect(res.body.counts.members.create).toBe(2);
    expect(await count(tb, 'household', 'PV')).toBe(before);
    // a commit is refused while problems remain
    const refused = await officer.post<ErrorBody>(`/api/registry/imports/${res.body.id}/commit`, {});
    expect(refused.status).toBe(422);
    expect(await count(tb, 'household', 'PV')).toBe(0);
  });

  it('maps an unknown header by hand, remembers it for the county, and commits skipping problem households', async () => {
    const r = registerRows(VILLAGE_A, 4, 'MP');
    const headers = { members: ['户编号', '姓名', '户主身份证', '与户主关系', '健康状况'] };
    const file = await registryFile({
      households: { rows: r.households },
      members: { headers: headers.members, rows: r.members },
      incomes: { rows: r.incomes },
    });
    const first = await upload(officer, file);
    const col = first.body.sheets.find((s) => s.sheet === 'members')!.columns.find((c) => c.header === '户主身份证');
    expect(col).toEqual({ header: '户主身份证', field: null, source: null });
    // without its ID number a member needs sex and birth date: every member row has a problem
    expect(first.body.problems.filter((p) => p.sheet === 'members' && p.field === 'sex')).toHaveLength(8);

    const mapped = await officer.post<RegistryImportView>(`/api/registry/imports/${first.body.id}/mapping`, {
      mappings: [{ sheet: 'members', header: '户主身份证', field: 'idNumber' }],
    });
    expect(mapped.status).toBe(200);
    expect(mapped.body.problems).toEqual([]);
    expect(mapped.body.counts).toMatchObject({
      households: { create: 4 },
      members: { create: 8 },
      incomes: { create: 4 },
    });

    // the next file with that header maps it by itself
    const again = await upload(officer, file);
    const remembered = again.body.sheets
      .find((s) => s.sheet === 'members')!
      .columns.find((c) => c.header === '户主身份证');
    expect(remembered).toEqual({ header: '户主身份证', field: 'idNumber', source: 'alias' });

    const done = await officer.post<RegistryImportView>(`/api/registry/imports/${first.body.id}/commit`, {});
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('committed');
    expect(await count(tb, 'household', 'MP')).toBe(4);
    expect(await count(tb, 'member', 'MP')).toBe(8);
    const income = await sql<{ wage: number; transfer: number }>`select wage_fen as wage, transfer_fen as transfer
      from income_record i join household h on h.id = i.household_id where h.household_no = 'MP0001'`.execute(
      tb.store.db,
    );
    expect(income.rows).toEqual([{ wage: 1200100, transfer: 150050 }]);
    expect(await audits(tb, 'registry.import')).toBeGreaterThanOrEqual(1);

    // committing twice writes nothing more; the same file again finds nothing to create or change
    expect((await officer.post(`/api/registry/imports/${first.body.id}/commit`, {})).status).toBe(409);
    const same = await officer.get<RegistryImportView>(`/api/registry/imports/${again.body.id}`);
    expect(same.body.counts).toEqual({
      households: { create: 0, update: 0, unchanged: 4 },
      members: { create: 0, update: 0, unchanged: 8 },
      incomes: { create: 0, update: 0, unchanged: 4 },
    });
    const list = await officer.get<RegistryImportList>('/api/registry/imports');
    expect(list.body.items.find((i) => i.id === first.body.id)).toMatchObject({
      status: 'committed',
      createdBy: expect.any(String),
    });
  });

  it('updates what changed, and an undo puts it back', async () => {
    const h = await createHouseholdIn(tb, VILLAGE_B);
    const head = h.members[0]!;
    const file = await registryFile({
      households: {
        headers: ['户编号', '所在村区划代码', '脱贫年度'],
        rows: [[h.household.householdNo, VILLAGE_B, 2018]],
      },
      members: {
        headers: ['户编号', '姓名', '身份证号', '与户主关系', '务工地点'],
        rows: [[h.household.householdNo, head.name, await clearId(tb, head.id), '户主', '苏州']],
      },
    });
    const pre = await upload(officer, file);
    expect(pre.body.counts.households).toEqual({ create: 0, update: 1, unchanged: 0 });
    expect(pre.body.counts.members).toEqual({ create: 0, update: 1, unchanged: 0 });
    expect((await officer.post(`/api/registry/imports/${pre.body.id}/commit`, {})).status).toBe(200);
    const after = await officer.get<HouseholdDetail>(`/api/households/${h.household.id}`);
    expect(after.body.household.liftedYear).toBe(2018);
    expect(after.body.members.find((m) => m.id === head.id)!.workPlace).toBe('苏州');

    const undone = await officer.post<RegistryImportView>(`/api/registry/imports/${pre.body.id}/undo`, {});
    expect(undone.status).toBe(200);
    expect(undone.body.status).toBe('undone');
    const back = await officer.get<HouseholdDetail>(`/api/households/${h.household.id}`);
    expect(back.body.household.liftedYear).toBe(h.household.liftedYear);
    expect(back.body.members.find((m) => m.id === head.id)!.workPlace).toBe(head.workPlace);
    expect(await audits(tb, 'registry.undo')).toBeGreaterThanOrEqual(1);
    expect((await officer.post(`/api/registry/imports/${pre.body.id}/undo`, {})).status).toBe(409);
  });

  it('undoes a batch of created households, but not once one of them was edited since', async () => {
    const r = registerRows(VILLAGE_A, 3, 'UD');
    const pre = await upload(officer, await registryFile(r));
    expect((await officer.post(`/api/registry/imports/${pre.body.id}/commit`, {})).status).toBe(200);
    const id = (
      await sql<{
        id: string;
        version: number;
      }>`select id::text, version from household where household_no = 'UD0001'`.execute(tb.store.db)
    ).rows[0]!;
    const edit = await officer.patch(`/api/households/${id.id}`, { version: id.version, address: '村东头' });
    expect(edit.status).toBe(200);
    const refused = await officer.post<ErrorBody>(`/api/registry/imports/${pre.body.id}/undo`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('UD0001');
    expect(await count(tb, 'household', 'UD')).toBe(3);

    const other = await upload(officer, await registryFile(registerRows(VILLAGE_A, 2, 'UE')));
    await officer.post(`/api/registry/imports/${other.body.id}/commit`, {});
    expect(await count(tb, 'member', 'UE')).toBe(4);
    expect((await officer.post(`/api/registry/imports/${other.body.id}/undo`, {})).status).toBe(200);
    expect(await count(tb, 'household', 'UE')).toBe(0);
    expect(await count(tb, 'member', 'UE')).toBe(0);
    expect(await count(tb, 'income_record', 'UE')).toBe(0);
  });

  it('refuses rows in villages outside the caller’s area as problems on their rows', async () => {
    const township = await tb.as('township');
    const r = registerRows(VILLAGE_A, 2, 'XA');
    r.households[1]![1] = OTHER_TOWNSHIP_VILLAGE;
    const pre = await upload(township, await registryFile(r));
    expect(pre.status).toBe(200);
    expect(pre.body.problems).toEqual([
      expect.objectContaining({
        sheet: 'households',
        row: 3,
        column: '所在村区划代码',
        message: expect.stringMatching(/管辖范围/),
      }),
    ]);
    const done = await township.post<RegistryImportView>(`/api/registry/imports/${pre.body.id}/commit`, {
      skipProblems: true,
    });
    expect(done.status).toBe(200);
    expect(await count(tb, 'household', 'XA')).toBe(1);
    // a village cadre may not import at all
    expect((await upload(await tb.as('cadre'), await registryFile(r))).status).toBe(403);
    // a batch of the township is not the other county's
    expect((await (await tb.as('otherAdmin')).get(`/api/registry/imports/${pre.body.id}`)).status).toBe(404);
  });

  it('writes everything in one transaction: a failure midway leaves nothing and the batch in preview', async () => {
    const r = registerRows(VILLAGE_A, 5, 'TX');
    r.members[7]![1] = '触发失败';
    const pre = await upload(officer, await registryFile(r));
    expect(pre.body.problems).toEqual([]);
    await sql`create function fail_member() returns trigger language plpgsql as $$
      begin if new.name = '触发失败' then raise exception 'injected failure'; end if; return new; end $$`.execute(
      tb.store.db,
    );
    await sql`create trigger fail_member before insert on member for each row execute function fail_member()`.execute(
      tb.store.db,
    );
    const before = await audits(tb, 'registry.import');
    try {
      const res = await officer.post(`/api/registry/imports/${pre.body.id}/commit`, {});
      expect(res.status).toBe(500);
    } finally {
      await sql`drop trigger fail_member on member`.execute(tb.store.db);
      await sql`drop function fail_member()`.execute(tb.store.db);
    }
    expect(await count(tb, 'household', 'TX')).toBe(0);
    expect(await count(tb, 'income_record', 'TX')).toBe(0);
    expect(await audits(tb, 'registry.import')).toBe(before);
    const still = await officer.get<RegistryImportView>(`/api/registry/imports/${pre.body.id}`);
    expect(still.body.status).toBe('preview');
    expect((await officer.post(`/api/registry/imports/${pre.body.id}/commit`, {})).status).toBe(200);
    expect(await count(tb, 'household', 'TX')).toBe(5);
  });

  it('exports the register in the template’s sheets, masked unless unmasked with a reason, and it imports again', async () => {
    const masked = await officer.request('GET', `/api/registry/export.xlsx?region=${VILLAGE_A}`);
    expect(masked.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(masked.raw.rawPayload as unknown as ArrayBuffer);
    const ids = (wb.getWorksheet('家庭成员')!.getColumn(3).values as unknown[]).slice(2).map(String);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((x) => x.includes('*'))).toBe(true);
    // what officers read: labels, 是/否, yuan with two decimals, China time; never a code or fen
    const cells = (sheet: string) =>
      (wb.getWorksheet(sheet)!.getSheetValues() as unknown[][]).slice(1).map((r) => (r ?? []).slice(1).map(String));
    const [head, ...households] = cells('户信息');
    expect(households.map((r) => r[head!.indexOf('户类型')])).toContain('一般农户');
    const [mHead, ...members] = cells('家庭成员');
    expect(members.map((r) => r[mHead!.indexOf('与户主关系')])).toContain('户主');
    const [iHead, ...incomes] = cells('收入');
    expect(incomes.map((r) => r[iHead!.indexOf('工资性收入(元)')]).every((x) => /^\d+\.\d{2}$/.test(x!))).toBe(true);
    expect(JSON.stringify([households, members, incomes])).not.toMatch(
      /general_household|"head"|Fen|\d{4}-\d{2}-\d{2}T/,
    );
    expect(cells('说明')[1]![0]).toMatch(/^导出时间\uff1a\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\uff08北京时间\uff09/);

    expect((await officer.request('GET', `/api/registry/export.xlsx?unmask=true`)).status).toBe(400);
    const clear = await officer.request(
      'GET',
      `/api/registry/export.xlsx?region=${VILLAGE_A}&unmask=true&reason=${encodeURIComponent('核对档案')}`,
    );
    expect(clear.status).toBe(200);
    const audit = await sql<{
      detail: { reason?: string };
    }>`select detail from audit_log where action = 'export.register' order by seq desc limit 1`.execute(tb.store.db);
    expect(audit.rows[0]!.detail.reason).toBe('核对档案');
    // export → import: nothing to create or change
    const round = await upload(officer, clear.raw.rawPayload);
    expect(round.status).toBe(200);
    expect(round.body.problems).toEqual([]);
    expect(round.body.counts.households.create + round.body.counts.households.update).toBe(0);
    expect(round.body.counts.members.create + round.body.counts.members.update).toBe(0);
    expect(round.body.counts.incomes.create + round.body.counts.incomes.update).toBe(0);
    expect(round.body.counts.households.unchanged).toBeGreaterThan(3);
  });

  it('a preview never committed is discarded, by the user or after the retention, and its staged rows go with it', async () => {
    const staged = async (id: string) =>
      Number(
        (
          await sql<{ n: number }>`select count(*)::int as n from registry_import_row where import_id = ${id}`.execute(
            tb.store.db,
          )
        ).rows[0]!.n,
      );
    const first = await upload(officer, await registryFile(registerRows(VILLAGE_A, 2, 'DS')));
    expect(await staged(first.body.id)).toBeGreaterThan(0);
    const gone = await officer.post<RegistryImportView>(`/api/registry/imports/${first.body.id}/discard`, {});
    expect(gone.status).toBe(200);
    expect(gone.body.status).toBe('discarded');
    expect(await staged(first.body.id)).toBe(0);
    expect(await audits(tb, 'registry.discard')).toBe(1);
    expect((await officer.post<ErrorBody>(`/api/registry/imports/${first.body.id}/commit`, {})).status).toBe(409);
    // one left for longer than the retention is discarded by the scheduled expiry, a fresh one is kept
    const left = await upload(officer, await registryFile(registerRows(VILLAGE_A, 2, 'DT')));
    const now = tb.clock.now();
    expect(await expireRegistryPreviews(tb.store, new Date(now.getTime() + 6 * 86_400_000), 7)).toBe(0);
    // (earlier tests of this file left previews too: they all go)
    expect(await expireRegistryPreviews(tb.store, new Date(now.getTime() + 8 * 86_400_000), 7)).toBeGreaterThanOrEqual(
      1,
    );
    expect(await staged(left.body.id)).toBe(0);
    expect((await officer.get<RegistryImportView>(`/api/registry/imports/${left.body.id}`)).body.status).toBe(
      'discarded',
    );
  });

  it('refuses a body that is not a workbook', async () => {
    const res = await upload(officer, Buffer.from('not a workbook'));
    expect(res.status).toBe(400);
    expect(DEFAULT_HEADERS.households[0]).toBe('户编号');
    expect(makeIdNumber(COUNTY, '1970-01-01', 1, 'male')).toHaveLength(18);
  });
});

/** A member's ID number in clear, as the county's own file holds it. */
async function clearId(tb: Testbed, memberId: string): Promise<string> {
  return (await sql<{ id: string }>`select id_number as id from member where id = ${memberId}`.execute(tb.store.db))
    .rows[0]!.id;
}
