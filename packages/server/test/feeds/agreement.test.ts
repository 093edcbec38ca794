/**
 * One rule, two engines (issue 5 §4, for the warning rules): generated households and department rows go through
 * the real import, whose SQL decides which rows become warnings; the core's evaluateSignal decides the same rows
 * from the generated facts. Both must agree on every row, and on the threshold, under a township whose policy
 * overrides the county's.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  ageFromId,
  STUDENT_AGES,
  evaluateSignal,
  isMainEarner,
  makeIdNumber,
  parsePolicyRecord,
  resolvePolicy,
  signalFactOf,
  type Department,
  type SignalContext,
  type SignalType,
} from '@dixian/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/store.js';
import { PolicyRepository } from '../../src/repositories/policy.repository.js';
import { importFeed } from '../../src/services/feed.service.js';
import { createTestStore, engines } from '../support/db.js';
import { countyAdmin, RECEIVED_AT, seedRegistry, tmpDir, TOWN_B, VILLAGE_A, VILLAGE_B } from './support.js';

/** mulberry32: small, seeded, reproducible */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}

interface GenMember {
  id: string;
  householdId: string;
  idNumber: string;
  name: string;
  birth: string;
  healthStatus: string;
  disabilityGrade: number | null;
  deceased: boolean;
  workMonths: number | null;
  laborCapacity: string;
}
interface GenHousehold {
  id: string;
  region: string;
  type: string;
  status: string;
  prevNet: number | null;
  members: GenMember[];
}

const uuid = (kind: number, n: number) =>
  `${String(kind).padStart(8, '0')}-0000-4000-9000-${String(n).padStart(12, '0')}`;

// A township with its own, stricter thresholds: its households must be judged by it, the others by the county's.
const TOWNSHIP_POLICY = {
  regionPrefix: TOWN_B,
  year: 2024,
  version: 1,
  effectiveFrom: '2024-01-01',
  docNo: 'test township override',
  docTitle: 'stricter township thresholds',
  body: {
    warnings: {
      medicalOutOfPocketFen: 1_000_000,
      medicalOutOfPocketLiftedFen: 300_000,
      medicalShareOfPreviousIncome: 0.3,
      schoolingSelfPayFen: 500_000,
      unsafeHousingGrades: ['D'],
      severeDisabilityMaxGrade: 1,
      disasterLossFen: 200_000,
      waterOutageDays: 15,
    },
  },
};

describe.each(engines)('warning rules: SQL and core agree on %s', (engine) => {
  let store: Store;
  const r = rng(20240603);
  const households: GenHousehold[] = [];

  beforeAll(async () => {
    store = await createTestStore(engine);
    await seedRegistry(store);
    await new PolicyRepository(store.db).insertIfAbsent(parsePolicyRecord(TOWNSHIP_POLICY), 'test');
    let m = 0;
    for (let h = 0; h < 70; h++) {
      const hh: GenHousehold = {
        id: uuid(11, h),
        region: r.pick([VILLAGE_A, VILLAGE_B]),
        type: r.pick(['general_household', 'lifted_household']),
        status: r.pick(['not_monitored', 'not_monitored', 'identifying', 'monitoring_unresolved', 'risk_eliminated']),
        prevNet: r.chance(0.7) ? r.int(0, 6_000_000) : null,
        members: [],
      };
      const size = r.int(1, 4);
      for (let i = 0; i < size; i++) {
        const birth = `${r.int(1940, 2017)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
        hh.members.push({
          id: uuid(12, m),
          householdId: hh.id,
          idNumber: makeIdNumber('220681', birth, 100 + (m % 800), r.chance(0.5) ? 'male' : 'female'),
          name: `成员${m}`,
          birth,
          healthStatus: r.pick(['healthy', 'healthy', 'chronic_illness', 'serious_illness']),
          disabilityGrade: r.chance(0.3) ? r.int(1, 4) : null,
          deceased: r.chance(0.1),
          workMonths: r.chance(0.3) ? null : r.int(0, 12),
          laborCapacity: r.pick(['skilled', 'ordinary', 'weak_or_half', 'lost', 'none']),
        });
        m++;
      }
      households.push(hh);
    }
    await store.transaction(async (tx) => {
      await tx.copyInto(
        'household',
        ['id', 'county_code', 'region_code', 'household_no', 'household_type', 'monitoring_status'],
        households.map((h, i) => [h.id, '220681', h.region, `GEN-${i}`, h.type, h.status]),
      );
      await tx.copyInto(
        'member',
        [
          'id',
          'household_id',
          'county_code',
          'name',
          'id_number',
          'sex',
          'birth_date',
          'relation',
          'health_status',
          'disability_grade',
          'deceased_on',
          'work_months',
          'labor_capacity',
        ],
        households.flatMap((h) =>
          h.members.map((x, i) => [
            x.id,
            h.id,
            '220681',
            x.name,
            x.idNumber,
            Number(x.idNumber[16]) % 2 ? 'male' : 'female',
            x.birth,
            i === 0 ? 'head' : 'other',
            x.healthStatus,
            x.disabilityGrade,
            x.deceased ? '2023-12-01' : null,
            x.workMonths,
            x.laborCapacity,
          ]),
        ),
      );
      // The previous year's annual record: its net (wage + business − cost + property + transfer) is prevNet.
      const withIncome = households.filter((h) => h.prevNet !== null);
      await tx.copyInto(
        'income_record',
        [
          'household_id',
          'county_code',
          'year',
          'kind',
          'period_start',
          'period_end',
          'wage_fen',
          'business_gross_fen',
          'business_cost_fen',
          'transfer_fen',
        ],
        withIncome.map((h) => {
          const cost = r.int(0, 500_000);
          const wage = Math.floor(h.prevNet! / 2);
          return [h.id, '220681', 2023, 'annual', '2023-01-01', '2023-12-31', wage, h.prevNet! - wage + cost, cost, 0];
        }),
      );
    });
  });
  afterAll(async () => {
    await store?.close();
  });

  const yuan = (fen: number) => (fen / 100).toFixed(2);
  const members = () => households.flatMap((h) => h.members.map((m) => ({ h, m })));
  const studentMembers = () =>
    members().filter(({ m }) => {
      const age = ageFromId(m.idNumber, '2024-03-01');
      return age >= STUDENT_AGES.min && age <= STUDENT_AGES.max;
    });

  /** Rows per department: header and one generated row per sampled member. */
  const files: Record<Exclude<Department, 'rural_revitalization'>, () => string[][]> = {
    medical_insurance: () => [
      ['姓名', '身份证号码', '结算日期', '个人自付费用'],
      ...members().map(({ m }) => [
        m.name,
        m.idNumber,
        `2024-0${r.int(1, 5)}-1${r.int(0, 9)}`,
        `${yuan(r.int(0, 4_000_000))}元`,
      ]),
    ],
    health: () => [
      ['姓名', '身份证号码', '疾病名称', '确诊日期'],
      ...members().map(({ m }) => [m.name, m.idNumber, r.pick(['肺癌', '尿毒症']), '2024-04-01']),
    ],
    disabled_federation: () => [
      ['姓名', '身份证号码', '残疾类别', '残疾等级', '发证日期'],
      ...members().map(({ m }) => [
        m.name,
        m.idNumber,
        r.pick(['肢体', '智力', '精神', '视力']),
        r.pick(['一级', '二级', '三级', '四级']),
        '2024-03-01',
      ]),
    ],
    housing: () => [
      ['身份证号码', '鉴定等级', '鉴定日期'],
      ...members().map(({ m }) => [m.idNumber, r.pick(['A级', 'B级', 'C级', 'D级']), '2024-02-01']),
    ],
    emergency: () => [
      ['身份证号码', '灾害类型', '发生日期', '直接经济损失', '房屋受损情况'],
      ...members().map(({ m }) => [
        m.idNumber,
        r.pick(['洪涝', '火灾']),
        '2024-05-01',
        `${yuan(r.int(0, 1_000_000))}`,
        r.pick(['', '一般损坏', '倒塌']),
      ]),
    ],
    education: () => [
      ['身份证号码', '是否失学辍学', '个人自付费用', '统计日期'],
      // students' ages only: a school list of adults is refused as a whole (issue 12 #11)
      ...studentMembers().map(({ m }) => [
        m.idNumber,
        r.pick(['是', '否']),
        r.chance(0.5) ? yuan(r.int(0, 2_000_000)) : '',
        '2024-03-01',
      ]),
    ],
    human_resources: () => [
      ['身份证号码', '失业日期', '是否家庭主要劳动力'],
      ...members().map(({ m }) => [m.idNumber, '2024-04-15', r.pick(['是', '否', '', ''])]),
    ],
    civil_affairs: () => [
      ['身份证号码', '业务类型', '起始日期'],
      ...members().map(({ m }) => [m.idNumber, r.pick(['新增低保', '新增特困(分散)', '死亡']), '2024-04-01']),
    ],
    water: () => [
      ['身份证号码', '问题类型', '停水天数', '发生日期'],
      ...members().map(({ m }) => [
        m.idNumber,
        r.pick(['停水', '停水', '水质不达标']),
        String(r.int(0, 60)),
        '2024-04-01',
      ]),
    ],
    agriculture: () => [
      ['身份证号码', '产业项目', '损失金额', '发生日期'],
      ...members().map(({ m }) => [m.idNumber, '木耳种植', yuan(r.int(0, 300_000)), '2024-04-01']),
    ],
  };

  it('every staged row is judged the same by evaluateSignal and by the warning SQL, per region policy', async () => {
    const dir = tmpDir();
    const records = await new PolicyRepository(store.db).all();
    const byMember = new Map(members().map(({ h, m }) => [m.idNumber, { h, m }]));
    const signalsSeen = new Set<SignalType>();
    let compared = 0;
    let fired = 0;
    for (const [department, make] of Object.entries(files)) {
      const file = path.join(dir, `${department}.csv`);
      fs.writeFileSync(
        file,
        make()
          .map((row) => row.join(','))
          .join('\n'),
      );
      const { batch } = await importFeed({ store, actor: countyAdmin, now: () => RECEIVED_AT }, { department, file });
      expect(batch.rowsInvalid).toBe(0);
      const rows = (
        await store.transaction((tx) =>
          tx.client.query<{
            row_no: number;
            id_number: string;
            signal_type: SignalType | null;
            metric_fen: number | null;
            metric_value: number | null;
            detail: Record<string, unknown>;
            threshold: number | null;
            warned: boolean;
          }>(
            `select r.row_no, r.id_number, r.signal_type, r.metric_fen, r.metric_value, r.detail, w.threshold,
                    w.id is not null as warned
               from feed_row r left join department_warning w on w.batch_id = r.batch_id and w.source_row_no = r.row_no
              where r.batch_id = $1 and r.outcome = 'matched'`,
            [batch.id],
          ),
        )
      ).rows;
      for (const row of rows) {
        if (!row.signal_type) {
          expect(row.warned).toBe(false);
          continue;
        }
        const { h, m } = byMember.get(row.id_number)!;
        const ctx: SignalContext = {
          householdType: h.type,
          monitoringStatus: h.status,
          previousYearNetIncomeFen: h.prevNet,
          memberHealthStatus: m.healthStatus,
          memberDisabilityGrade: m.disabilityGrade,
          memberDeceased: m.deceased,
          otherLivingMembers: h.members.filter((o) => o.id !== m.id && !o.deceased).length,
          isMainEarner: isMainEarner(
            { id: m.id, workMonths: m.workMonths, laborCapacity: m.laborCapacity, deceased: m.deceased },
            h.members.map((o) => ({
              id: o.id,
              workMonths: o.workMonths,
              laborCapacity: o.laborCapacity,
              deceased: o.deceased,
            })),
          ),
        };
        const policy = resolvePolicy(records, h.region, '2024-06-03');
        const fact = signalFactOf({
          signalType: row.signal_type,
          metricFen: row.metric_fen,
          metricValue: row.metric_value,
          detail: row.detail,
        });
        const core = evaluateSignal(fact, ctx, policy);
        expect({ row: row.row_no, department, fires: row.warned }).toEqual({
          row: row.row_no,
          department,
          fires: core.fires,
        });
        if (core.fires) {
          expect(row.threshold).toBe(core.threshold);
          fired++;
        }
        signalsSeen.add(row.signal_type);
        compared++;
      }
    }
    // every rule was exercised, and both answers occurred
    expect([...signalsSeen].sort()).toEqual(
      [
        'death_changes_size',
        'disaster_loss',
        'industry_failure',
        'main_earner_unemployed',
        'medical_out_of_pocket',
        'new_dibao_not_monitored',
        'school_dropout',
        'schooling_self_pay',
        'serious_illness',
        'severe_disability',
        'unsafe_housing',
        'water_outage',
      ].sort(),
    );
    expect(fired).toBeGreaterThan(50);
    expect(compared - fired).toBeGreaterThan(50);
  });
});
