/**
 * A small registry and messy department files for the feed tests: real GBK bytes (iconv-lite) and real .xlsx
 * (exceljs) with the faults departments' files have: title rows, merged cells, trailing blank rows, footers,
 * amounts with separators and units, dates in several formats, full-width, lower-case and 15-digit ID numbers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeIdNumber, type Actor } from '@dixian/core';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Store } from '../../src/db/store.js';
import { ensureBuiltinPolicies } from '../../src/policies/builtin.js';
import { idIndex, sealField } from '../../src/security/field-keys.js';

export const COUNTY = '220681';
export const TOWN_A = '220681100';
export const TOWN_B = '220681101';
export const VILLAGE_A = '220681100201';
export const VILLAGE_B = '220681101202';
export const OTHER_COUNTY_VILLAGE = '220621100201';

/** 2024-06-03 10:00 in China: receipt day 2024-06-03. */
export const RECEIVED_AT = new Date('2024-06-03T02:00:00Z');

export interface Person {
  memberId: string;
  householdId: string;
  id: string;
  name: string;
}

export interface Registry {
  /** general household, not monitored, village A: 张三 (head), 李梅 (spouse), 张小明 (child) */
  zhang: Person;
  zhangSpouse: Person;
  zhangChild: Person;
  /** lifted household, village B */
  wang: Person;
  /** household with an open monitoring case (stage verifying) */
  liu: Person;
  caseId: string;
  /** household with an open self-application lead */
  chen: Person;
  leadId: string;
  /** a registered person in another county */
  outsider: Person;
}

let seq = 0;
const uuid = (prefix: number) => {
  seq++;
  return `${String(prefix).padStart(8, '0')}-0000-4000-8000-${String(seq).padStart(12, '0')}`;
};

export async function seedRegistry(store: Store): Promise<Registry> {
  await ensureBuiltinPolicies(store.db);
  return store.transaction(async (tx) => {
    const q = (sql: string, params: unknown[] = []) => tx.client.query(sql, params);
    const regions: [string, string, string, string | null][] = [
      ['22', '吉林省', 'province', null],
      ['2206', '白山市', 'prefecture', '22'],
      [COUNTY, '临江市', 'county', '2206'],
      ['220621', '抚松县', 'county', '2206'],
      [TOWN_A, '大栗子街道', 'township', COUNTY],
      [TOWN_B, '建国街道', 'township', COUNTY],
      [VILLAGE_A, '六道沟村', 'village', TOWN_A],
      [VILLAGE_B, '三道阳岔村', 'village', TOWN_B],
      ['220621100', '抚松镇', 'township', '220621'],
      [OTHER_COUNTY_VILLAGE, '东岗村', 'village', '220621100'],
    ];
    for (const [code, name, level, parent] of regions) {
      await q(
        `insert into region (code, name, level, parent_code, county_code, is_rural) values ($1, $2, $3, $4, $5, true)
         on conflict (code) do nothing`,
        [code, name, level, parent, code.length >= 6 ? code.slice(0, 6) : null],
      );
    }
    const household = async (
      region: string,
      no: string,
      extra: { type?: string; status?: string } = {},
    ): Promise<string> => {
      const id = uuid(1);
      await q(
        `insert into household (id, county_code, region_code, household_no, household_type, monitoring_status)
         values ($1, $2, $3, $4, $5, $6)`,
        [id, region.slice(0, 6), region, no, extra.type ?? 'general_household', extra.status ?? 'not_monitored'],
      );
      return id;
    };
    const member = async (
      householdId: string,
      region: string,
      name: string,
      birth: string,
      sex: 'male' | 'female',
      relation: string,
      extra: { workMonths?: number; labor?: string } = {},
    ): Promise<Person> => {
      const memberId = uuid(2);
      const id = makeIdNumber(region.slice(0, 6), birth, seq % 900, sex);
      await q(
        `insert into member (id, household_id, county_code, name, id_number, sex, birth_date, relation, work_months,
           labor_capacity, id_number_index) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          memberId,
          householdId,
          region.slice(0, 6),
          name,
          sealField(id),
          sex,
          birth,
          relation,
          extra.workMonths ?? null,
          extra.labor ?? 'ordinary',
          idIndex(id),
        ],
      );
      return { memberId, householdId, id, name };
    };

    const hZhang = await household(VILLAGE_A, 'H-ZHANG');
    const zhang = await member(hZhang, VILLAGE_A, '张三', '1968-04-12', 'male', 'head', { workMonths: 10 });
    const zhangSpouse = await member(hZhang, VILLAGE_A, '李梅', '1970-09-30', 'female', 'spouse', { workMonths: 4 });
    const zhangChild = await member(hZhang, VILLAGE_A, '张小明', '2012-05-01', 'male', 'son', { labor: 'none' });
    const hWang = await household(VILLAGE_B, 'H-WANG', { type: 'lifted_household' });
    const wang = await member(hWang, VILLAGE_B, '王五', '1955-01-20', 'male', 'head');
    await member(hWang, VILLAGE_B, '赵兰', '1957-03-03', 'female', 'spouse');
    const hLiu = await household(VILLAGE_A, 'H-LIU', { status: 'identifying' });
    const liu = await member(hLiu, VILLAGE_A, '刘六', '1962-07-07', 'male', 'head');
    const caseId = uuid(3);
    await q(
      `insert into monitoring_case (id, household_id, county_code, region_code, stage, discovered_at)
       values ($1, $2, $3, $4, 'verifying', '2024-05-20T00:00:00Z')`,
      [caseId, hLiu, COUNTY, VILLAGE_A],
    );
    const hChen = await household(VILLAGE_B, 'H-CHEN');
    const chen = await member(hChen, VILLAGE_B, '陈七', '1980-10-10', 'female', 'head');
    const leadId = uuid(4);
    await q(
      `insert into lead (id, county_code, region_code, household_id, channel, sub_channel, discovered_at, status)
       values ($1, $2, $3, $4, 'self_application', 'app', '2024-05-30T00:00:00Z', 'open')`,
      [leadId, COUNTY, VILLAGE_B, hChen],
    );
    const hOut = await household(OTHER_COUNTY_VILLAGE, 'H-OUT');
    const outsider = await member(hOut, OTHER_COUNTY_VILLAGE, '孙八', '1975-02-02', 'male', 'head');
    return { zhang, zhangSpouse, zhangChild, wang, liu, caseId, chen, leadId, outsider };
  });
}

export function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-feed-'));
}

export const countyAdmin: Actor = {
  id: '00000000-0000-0000-0000-000000000000',
  username: 'system',
  role: 'county_admin',
  scopeCode: COUNTY,
};

/** A department officer of 医保 in 临江市, stored as a user so uploaded_by can point at it. */
export async function departmentOfficer(store: Store, department: Actor['department'] & string): Promise<Actor> {
  const id = uuid(9);
  await store.transaction((tx) =>
    tx.client.query(
      `insert into app_user (id, username, display_name, role, scope_code, department, password_hash)
       values ($1, $2, $3, 'department_officer', $4, $5, 'x')`,
      [id, `dept-${department}-${seq}`, `${department} officer`, COUNTY, department],
    ),
  );
  return { id, username: `dept-${department}`, role: 'department_officer', scopeCode: COUNTY, department };
}

const toFullWidth = (s: string) => s.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/**
 * A 医保 list as a county bureau exports it from Excel on Chinese Windows: GBK, CRLF, two title lines, the
 * village only on the first row of each group, quoted amounts with thousands separators, a footer and blank
 * lines at the end. Row numbers below are the file's record numbers (what Excel shows).
 */
export function messyMedicalCsv(reg: Registry, dir: string, variant = ''): string {
  const legacy15 = reg.wang.id.slice(0, 6) + reg.wang.id.slice(8, 17); // 15-digit form of 王五's number
  const lines = [
    `2024年1-5月临江市医疗保障局高额医疗费用预警名单${variant}`,
    '填报单位:临江市医疗保障局,,,,,,单位:元',
    '序号,患者姓名,公民身份号码,所在村,结算时间,医疗总费用,统筹支付,个人负担(元),就诊医院',
    // row 4: 张三, general household, 26,000.50 > 20,000 (general bar) → warning, new lead on village A
    `1,张三,${toFullWidth(reg.zhang.id)},六道沟村,2024/5/8,"40,000.00","13,999.50","26,000.50元",临江市人民医院`,
    // row 5: 李梅, same household, 21000 > 20000 → second warning, same new lead; village carried down
    `2,李梅,${reg.zhangSpouse.id},,2024年5月9日,,,"21,000",临江市人民医院`,
    // row 6: 王五, lifted household, 15-digit number, 6,000 > 5,000 (lifted bar) → warning
    `3,王五,${legacy15},三道阳岔村,20240510,,,6000元,白山市中心医院`,
    // row 7: 刘六 has an open case → attached to it
    `4,刘六,${reg.liu.id.toLowerCase()},六道沟村,2024-05-11,,,"30,000.00",临江市人民医院`,
    // row 8: 陈七 has an open lead → attached to it
    `5,陈七,${reg.chen.id},三道阳岔村,2024-05-12,,,25000,临江市人民医院`,
    // row 9: a wrong check digit → error on column C
    `6,错号,${reg.zhang.id.slice(0, 17)}${reg.zhang.id[17] === '0' ? '1' : '0'},六道沟村,2024-05-12,,,25000,临江市人民医院`,
    // row 10: a valid number that is not in the registry → unmatched
    `7,路人,${makeIdNumber('220681', '1990-01-01', 555, 'male')},六道沟村,2024-05-12,,,25000,临江市人民医院`,
    // row 11: registered in another county → outside the scope
    `8,孙八,${reg.outsider.id},东岗村,2024-05-12,,,25000,抚松县医院`,
    // row 12: 赵某 below the bar and a bad date → error on column E
    `9,张三,${reg.zhang.id},六道沟村,2024-13-01,,,"1,234.50元",临江市人民医院`,
    '合计,,,,,,,"134,235.00",',
    '',
    ',,,,,,,,',
    '',
  ];
  const file = path.join(dir, `medical${variant}.csv`);
  fs.writeFileSync(file, iconv.encode(lines.join('\r\n'), 'gbk'));
  return file;
}

/**
 * A 民政 list as .xlsx: a merged title row, a two-row header whose group cell is merged, the village merged
 * down over a household's rows, real date cells, an ID stored as a number (digits lost), trailing blank rows.
 */
export async function messyCivilAffairsXlsx(reg: Registry, dir: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('说明').addRow(['本表为民政局每月推送名单']);
  const ws = wb.addWorksheet('名单');
  ws.addRow(['临江市民政局2024年5月救助对象变动名单']);
  ws.mergeCells('A1:F1');
  ws.addRow(['序号', '人员信息', null, null, '变动情况', null]);
  ws.mergeCells('B2:D2');
  ws.mergeCells('E2:F2');
  ws.addRow([null, '姓名', '身份证号', '所在村', '救助类型', '批准日期']);
  // row 4: 张三's household gets 低保 and is not monitored → S3 §三(二) warning
  ws.addRow([1, '张三', reg.zhang.id, '六道沟村', '新增低保', new Date(Date.UTC(2024, 4, 6))]);
  // row 5: 李梅 died → the household goes on with 2 members → warning; village merged from row 4
  ws.addRow([2, '李梅', reg.zhangSpouse.id, null, '死亡', '2024.5.20']);
  ws.mergeCells('D4:D5');
  // row 6: 临时救助: kept, no warning
  ws.addRow([3, '王五', reg.wang.id, '三道阳岔村', '临时救助', '2024-05-07']);
  // row 7: ID typed as a number: Excel kept 15 significant digits
  ws.addRow([4, '陈七', Number(reg.chen.id.slice(0, 17)) * 10, '三道阳岔村', '新增特困(分散)', '2024-05-08']);
  ws.addRow([]);
  ws.addRow([]);
  ws.addRow([null, null, null, null, null, null]);
  const file = path.join(dir, 'civil.xlsx');
  await wb.xlsx.writeFile(file);
  return file;
}
