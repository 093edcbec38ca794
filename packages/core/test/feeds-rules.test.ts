import { describe, expect, it } from 'vitest';
import {
  evaluateSignal,
  FEED_SPECS,
  FeedRowNormaliser,
  findHeader,
  idCheckChar,
  isMainEarner,
  makeIdNumber,
  parsePolicyRecord,
  resolvePolicy,
  type Cell,
  type SignalContext,
  type SignalFact,
} from '../src/index.js';
import national from '../policies/national-2021.json' with { type: 'json' };

const policy = resolvePolicy([parsePolicyRecord(national)], '220681', '2024-06-01');
const opts = { receivedOn: '2024-06-01', today: '2024-06-01' };

const ctx = (over: Partial<SignalContext> = {}): SignalContext => ({
  householdType: 'general_household',
  monitoringStatus: 'not_monitored',
  previousYearNetIncomeFen: null,
  memberHealthStatus: 'healthy',
  memberDisabilityGrade: null,
  memberDeceased: false,
  otherLivingMembers: 2,
  isMainEarner: false,
  ...over,
});
const fact = (f: Partial<SignalFact> & Pick<SignalFact, 'signal'>): SignalFact => ({
  metricFen: null,
  metricValue: null,
  ...f,
});

describe('header detection below title rows', () => {
  const spec = FEED_SPECS.medical_insurance;
  it('finds the header under two title rows and binds synonyms to fields', () => {
    const rows: Cell[][] = [
      ['2024年1-5月临江市医保高额医疗费用预警名单'],
      ['填报单位:临江市医疗保障局', null, null, '单位:元'],
      ['序号', '患者姓名', '公民身份号码', '所在村', '结算时间', '个人自付\n(元)', '医疗机构'],
      [1, '张三', '220681198001010041', '六道沟村', '2024-05-01', '12,000.00', '临江市医院'],
    ];
    const h = findHeader(rows, spec);
    expect(h.ok).toBe(true);
    if (!h.ok) return;
    expect(h.lastHeaderIndex).toBe(2);
    expect(Object.fromEntries(h.columns.map((c) => [c.field.key, c.letter]))).toEqual({
      person_name: 'B',
      id_number: 'C',
      region_hint: 'D',
      settled_on: 'E',
      out_of_pocket: 'F',
      hospital: 'G',
    });
    expect(h.ignored).toEqual(['序号']);
  });

  it('reads a two-row header whose group cell is merged across the columns below it', () => {
    const rows: Cell[][] = [
      ['姓名', '身份证号', '结算日期', '医疗费用', null, null],
      [null, null, null, '总费用', '统筹支付', '个人负担'],
    ];
    const h = findHeader(rows, spec);
    expect(h.ok && h.rowsSpanned).toBe(2);
    if (h.ok) expect(h.columns.map((c) => c.field.key)).toContain('out_of_pocket');
  });

  it('names the missing required column when the header is incomplete', () => {
    const h = findHeader([['姓名', '所在村', '结算日期', '个人自付']], spec);
    // closestIndex: the problems are about that row (issue 12 #12: reported with its real row number)
    expect(h).toEqual({ ok: false, problems: [expect.stringMatching(/缺少必填列"身份证号码"/)], closestIndex: 0 });
  });
});

describe('row normalisation', () => {
  const spec = FEED_SPECS.medical_insurance;
  const header: Cell[] = [
    '姓名',
    '身份证号码',
    '所在村',
    '结算日期',
    '医疗总费用',
    '基本医保报销',
    '大病保险',
    '医疗救助',
    '个人自付',
  ];
  const h = findHeader([header], spec);
  if (!h.ok) throw new Error('header');
  const id = makeIdNumber('220681', '1960-02-03', 11, 'male');

  it('carries a merged village cell down and computes out-of-pocket from the total when it is empty', () => {
    const n = new FeedRowNormaliser(spec, h.columns, opts);
    const a = n.normalise(2, ['张三', id, '六道沟村', '2024/5/1', '1.2万', '3,000', '1000元', '500', '']);
    const b = n.normalise(3, ['李四', id, null, '2024年5月2日', null, null, null, null, '6,000.50元']);
    expect(a).toMatchObject({ valid: true, regionHint: '六道沟村', metricFen: 750000, eventDate: '2024-05-01' });
    expect(a!.issues).toEqual([expect.objectContaining({ severity: 'notice', field: 'out_of_pocket' })]);
    expect(b).toMatchObject({
      valid: true,
      regionHint: '六道沟村',
      metricFen: 600050,
      signal: 'medical_out_of_pocket',
    });
    expect(b!.dedupeKey).toBe(`medical_insurance|medical_out_of_pocket|${id}|2024`);
  });

  it('skips blank rows, footers and repeated headers, and reports errors with row, column and problem', () => {
    const n = new FeedRowNormaliser(spec, h.columns, opts);
    expect(n.normalise(9, [null, '', '  '])).toBeNull();
    expect(n.normalise(10, ['合计', null, null, null, null, null, null, null, '99999'])).toBeNull();
    expect(n.normalise(11, header)).toBeNull();
    const bad = n.normalise(12, ['王五', '220681198001010041', '村', '2025-13-01', null, null, null, null, '-5'])!;
    expect(bad.valid).toBe(false);
    expect(bad.signal).toBeNull();
    // the report shows the number as the department wrote it
    expect(bad.detail.rawId).toBe('220681198001010041');
    expect(bad.issues.map((i) => [i.column, i.severity])).toEqual([
      ['B 身份证号码', 'error'],
      ['D 结算日期', 'error'],
      ['I 个人自付', 'error'],
    ]);
  });

  it('accepts a 15-digit number with a notice and takes the ID from a 20-digit disability certificate', () => {
    const n = new FeedRowNormaliser(spec, h.columns, opts);
    const old = `220681${'600203'}${'011'}`;
    const r = n.normalise(2, ['赵六', old, '村', '2024-05-01', null, null, null, null, '100'])!;
    expect(r.idNumber).toBe(`22068119600203011${idCheckChar('22068119600203011')}`);
    expect(r.issues[0]).toMatchObject({ severity: 'notice', problem: expect.stringMatching(/15位旧号/) });

    const ds = FEED_SPECS.disabled_federation;
    const dh = findHeader([['姓名', '残疾人证号', '发证日期']], ds);
    if (!dh.ok) throw new Error('header');
    const d = new FeedRowNormaliser(ds, dh.columns, opts).normalise(2, ['钱七', `${id}52`, '2024-04-01'])!;
    expect(d).toMatchObject({ valid: true, idNumber: id, signal: 'severe_disability', metricValue: 2 });
    expect(d.detail).toMatchObject({ category: 'intellectual', grade: 2 });
  });

  it('DOMAIN §6 教育: a dropout counts only at compulsory-school age (6–15), computed from the ID number', () => {
    const es = FEED_SPECS.education;
    const eh = findHeader([['学生姓名', '学生身份证号', '是否辍学', '辍学日期']], es);
    if (!eh.ok) throw new Error('header');
    const n = new FeedRowNormaliser(es, eh.columns, opts);
    const child = makeIdNumber('220681', '2012-09-01', 21, 'female');
    const adult = makeIdNumber('220681', '2006-01-01', 21, 'female');
    expect(n.normalise(2, ['甲', child, '是', '2024-03-01'])).toMatchObject({
      signal: 'school_dropout',
      metricValue: 11,
    });
    expect(n.normalise(3, ['乙', adult, '是', '2024-03-01'])).toMatchObject({ signal: null, detail: { age: 18 } });
  });

  it('S3 §三(二): new 低保 and 分散特困 are candidates; 集中特困, stops and 临时救助 are not', () => {
    const cs = FEED_SPECS.civil_affairs;
    const ch = findHeader([['姓名', '身份证号', '救助类型', '批准日期']], cs);
    if (!ch.ok) throw new Error('header');
    const n = new FeedRowNormaliser(cs, ch.columns, opts);
    const sig = (t: string) => n.normalise(2, ['甲', id, t, '2024-03-01'])!.signal;
    expect(sig('新增低保')).toBe('new_dibao_not_monitored');
    expect(sig('分散特困')).toBe('new_dibao_not_monitored');
    expect(sig('集中供养特困')).toBeNull();
    expect(sig('低保停保')).toBeNull();
    expect(sig('临时救助')).toBeNull();
    expect(sig('死亡注销')).toBe('death_changes_size');
    expect(n.normalise(2, ['甲', id, '五保', '2024-03-01'])!.issues[0]!.problem).toMatch(/业务类型无法识别/);
  });
});

describe('signal rules against the national policy', () => {
  const w = policy.warnings;
  it('DOMAIN §6 医保 (W22–W25): a lower out-of-pocket bar for lifted and monitored households', () => {
    const f = fact({ signal: 'medical_out_of_pocket', metricFen: w.medicalOutOfPocketLiftedFen + 1 });
    expect(evaluateSignal(f, ctx(), policy).fires).toBe(false);
    expect(evaluateSignal(f, ctx({ householdType: 'lifted_household' }), policy)).toMatchObject({
      fires: true,
      threshold: w.medicalOutOfPocketLiftedFen,
    });
    expect(evaluateSignal(f, ctx({ monitoringStatus: 'risk_eliminated' }), policy).fires).toBe(true);
    const g = fact({ signal: 'medical_out_of_pocket', metricFen: w.medicalOutOfPocketFen });
    expect(evaluateSignal(g, ctx(), policy).fires).toBe(false);
    expect(evaluateSignal({ ...g, metricFen: w.medicalOutOfPocketFen + 1 }, ctx(), policy).fires).toBe(true);
  });

  it('S1 §三(二): out-of-pocket above a share of the previous year household net income', () => {
    const f = fact({ signal: 'medical_out_of_pocket', metricFen: 300_001 });
    const share = w.medicalShareOfPreviousIncome;
    expect(evaluateSignal(f, ctx({ previousYearNetIncomeFen: 300_000 / share }), policy).fires).toBe(true);
    expect(
      evaluateSignal({ ...f, metricFen: 300_000 }, ctx({ previousYearNetIncomeFen: 300_000 / share }), policy).fires,
    ).toBe(false);
  });

  it('S1 §四(一)3 and DOMAIN §2.3 (R2): new severe disability, grade 3 intellectual or mental included', () => {
    const f = (g: number, category = 'physical') =>
      fact({ signal: 'severe_disability', metricValue: g, disabilityCategory: category });
    expect(evaluateSignal(f(2), ctx(), policy).fires).toBe(true);
    expect(evaluateSignal(f(3), ctx(), policy).fires).toBe(false);
    expect(evaluateSignal(f(3, 'mental'), ctx(), policy).fires).toBe(true);
    expect(evaluateSignal(f(2), ctx({ memberDisabilityGrade: 2 }), policy).fires).toBe(false);
    expect(evaluateSignal(f(1), ctx({ memberDisabilityGrade: 2 }), policy).fires).toBe(true);
  });

  it('DOMAIN §6 住建: grades C and D are unsafe', () => {
    for (const [g, fires] of [
      ['B', false],
      ['C', true],
      ['D', true],
    ] as const) {
      expect(evaluateSignal(fact({ signal: 'unsafe_housing', housingGrade: g }), ctx(), policy).fires).toBe(fires);
    }
  });

  it('DOMAIN §6 应急: a loss above the threshold or a collapsed house', () => {
    const f = fact({ signal: 'disaster_loss', metricFen: w.disasterLossFen });
    expect(evaluateSignal(f, ctx(), policy).fires).toBe(false);
    expect(evaluateSignal({ ...f, metricFen: w.disasterLossFen + 1 }, ctx(), policy).fires).toBe(true);
    expect(evaluateSignal({ ...f, metricFen: 0, houseDestroyed: true }, ctx(), policy).fires).toBe(true);
  });

  it('S1 §四(一)1: unemployment matters for the main earner', () => {
    const f = fact({ signal: 'main_earner_unemployed' });
    expect(evaluateSignal(f, ctx({ isMainEarner: true }), policy).fires).toBe(true);
    expect(evaluateSignal(f, ctx({ isMainEarner: false }), policy).fires).toBe(false);
    expect(evaluateSignal({ ...f, mainEarnerFlag: true }, ctx(), policy).fires).toBe(true);
    expect(evaluateSignal({ ...f, mainEarnerFlag: false }, ctx({ isMainEarner: true }), policy).fires).toBe(false);
    const m = (id: string, workMonths: number | null, laborCapacity = 'ordinary', deceased = false) => ({
      id,
      workMonths,
      laborCapacity,
      deceased,
    });
    const hh = [m('a', 10), m('b', 6), m('c', null, 'none')];
    expect(isMainEarner(hh[0]!, hh)).toBe(true);
    expect(isMainEarner(hh[1]!, hh)).toBe(false);
    const idle = [m('a', 0), m('b', null, 'weak_or_half')];
    expect(isMainEarner(idle[0]!, idle)).toBe(true);
    expect(isMainEarner(idle[1]!, idle)).toBe(false);
  });

  it('S3 §三(二): a new 低保 household not under monitoring must be screened ("坚决杜绝以落实低保为由不识别监测对象")', () => {
    const f = fact({ signal: 'new_dibao_not_monitored' });
    expect(evaluateSignal(f, ctx(), policy).fires).toBe(true);
    expect(evaluateSignal(f, ctx({ monitoringStatus: 'monitoring_unresolved' }), policy).fires).toBe(false);
  });

  it('DOMAIN §6 民政: a death warns only when it changes the size of a household that goes on', () => {
    const f = fact({ signal: 'death_changes_size' });
    expect(evaluateSignal(f, ctx({ otherLivingMembers: 1 }), policy).fires).toBe(true);
    expect(evaluateSignal(f, ctx({ otherLivingMembers: 0 }), policy).fires).toBe(false);
    expect(evaluateSignal(f, ctx({ memberDeceased: true }), policy).fires).toBe(false);
  });

  it('DOMAIN §6 水利 (W16): more than the policy days without water, or a quality problem', () => {
    const f = fact({ signal: 'water_outage', metricValue: w.waterOutageDays });
    expect(evaluateSignal(f, ctx(), policy).fires).toBe(false);
    expect(evaluateSignal({ ...f, metricValue: w.waterOutageDays + 1 }, ctx(), policy).fires).toBe(true);
    expect(evaluateSignal({ ...f, metricValue: 0, waterQualityProblem: true }, ctx(), policy).fires).toBe(true);
  });

  it('DOMAIN §6 卫健: a diagnosis already on record raises nothing new', () => {
    const f = fact({ signal: 'serious_illness' });
    expect(evaluateSignal(f, ctx(), policy).fires).toBe(true);
    expect(evaluateSignal(f, ctx({ memberHealthStatus: 'serious_illness' }), policy).fires).toBe(false);
  });
});
