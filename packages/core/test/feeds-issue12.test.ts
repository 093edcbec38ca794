/**
 * Values departments write that were misread (issue 12 #12): negations read as damage, 低保边缘 read as 低保,
 * amounts with units, short forms of disability categories and grades, and numbers in date columns.
 */
import { describe, expect, it } from 'vitest';
import {
  FEED_SPECS,
  FeedRowNormaliser,
  findHeader,
  makeIdNumber,
  parseAmountFen,
  parseDisabilityGrade,
  parseFeedDate,
  parseYesNo,
  type Cell,
  type FeedSpec,
} from '../src/index.js';

const opts = { receivedOn: '2024-06-03', today: '2024-06-03' };
const id = makeIdNumber('220681', '1960-02-03', 11, 'male');

function normaliser(spec: FeedSpec, header: Cell[]) {
  const h = findHeader([header], spec);
  if (!h.ok) throw new Error(h.problems.join('; '));
  return new FeedRowNormaliser(spec, h.columns, opts);
}

describe('issue 12 #12: what departments write, read as they mean it', () => {
  it('DOMAIN §6 应急 (S1 §四(一)6): "无倒损" and "房屋未倒塌" are no collapse; "未倒塌但严重损坏" is damage', () => {
    const n = normaliser(FEED_SPECS.emergency, ['身份证号码', '灾害类型', '发生日期', '直接经济损失', '房屋受损情况']);
    const destroyed = (damage: string) =>
      n.normalise(2, [id, '洪涝', '2024-05-01', '100', damage])!.detail.houseDestroyed;
    expect(destroyed('无倒损')).toBe(false);
    expect(destroyed('房屋未倒塌')).toBe(false);
    expect(destroyed('没有倒塌')).toBe(false);
    expect(destroyed('无')).toBe(false);
    expect(destroyed('倒塌')).toBe(true);
    expect(destroyed('房屋倒损')).toBe(true);
    expect(destroyed('未倒塌但严重损坏')).toBe(true);
  });

  it('DOMAIN §6 水利 (W16): "水质达标" is no quality problem, "水质不达标" is', () => {
    const n = normaliser(FEED_SPECS.water, ['身份证号码', '问题类型', '停水天数', '发生日期']);
    const quality = (issue: string) => n.normalise(2, [id, issue, '3', '2024-05-01'])!.detail.waterQualityProblem;
    expect(quality('水质不达标')).toBe(true);
    expect(quality('水质超标')).toBe(true);
    expect(quality('停水,水质达标')).toBe(false);
    expect(quality('水量不足,水质合格')).toBe(false);
  });

  it('S3 §三(二): "低保边缘家庭" is not a new 低保 household; "非低保" is not one either', () => {
    const n = normaliser(FEED_SPECS.civil_affairs, ['姓名', '身份证号', '救助类型', '批准日期']);
    const row = (t: string) => n.normalise(2, ['甲', id, t, '2024-03-01'])!;
    expect(row('低保边缘家庭').signal).toBeNull();
    expect(row('低保边缘家庭').detail.noSignal).toMatchObject({ zh: expect.stringContaining('低保边缘') });
    expect(row('低保边缘家庭').valid).toBe(true);
    expect(row('新增低保').signal).toBe('new_dibao_not_monitored');
    expect(row('非低保').signal).toBeNull();
  });

  it('"650元/月" in an optional amount is read (with a notice) and the row keeps its warning', () => {
    expect(parseAmountFen('650元/月')).toEqual({ ok: true, value: 65000 });
    expect(parseAmountFen('每月650元')).toEqual({ ok: true, value: 65000 });
    expect(parseAmountFen('7800元/年')).toEqual({ ok: true, value: 780000 });
    const n = normaliser(FEED_SPECS.civil_affairs, ['姓名', '身份证号', '救助类型', '批准日期', '月保障金']);
    const r = n.normalise(2, ['甲', id, '新增低保', '2024-03-01', '650元/月'])!;
    expect(r).toMatchObject({ valid: true, signal: 'new_dibao_not_monitored', metricFen: 65000 });
    expect(r.issues).toEqual([
      expect.objectContaining({ severity: 'notice', problem: expect.stringMatching(/每月650.00元/) }),
    ]);
    // an optional amount no rule reads that cannot be read at all: a notice, the row and its warning stay
    const odd = n.normalise(3, ['乙', id, '新增低保', '2024-04-01', '按标准发放'])!;
    expect(odd).toMatchObject({ valid: true, signal: 'new_dibao_not_monitored', metricFen: null });
    expect(odd.issues).toEqual([expect.objectContaining({ severity: 'notice', field: 'amount' })]);
  });

  it('DOMAIN §2.3: "肢残" with "一级", and the other short forms and grade spellings, are accepted', () => {
    const n = normaliser(FEED_SPECS.disabled_federation, ['身份证号码', '残疾类别', '残疾等级', '发证日期']);
    const cases: [string, string, string, number][] = [
      ['肢残', '一级', 'physical', 1],
      ['视残', '1级', 'visual', 1],
      ['听残', 'Ⅱ级', 'hearing', 2],
      ['言残', '三级', 'speech', 3],
      ['智残', '3', 'intellectual', 3],
      ['精残', '二级', 'mental', 2],
      ['多重', '四级', 'multiple', 4],
      ['肢体残疾', 'IV级', 'physical', 4],
    ];
    for (const [category, grade, code, g] of cases) {
      const r = n.normalise(2, [id, category, grade, '2024-03-01'])!;
      expect([category, grade, r.valid, r.detail.category, r.detail.grade]).toEqual([category, grade, true, code, g]);
    }
    expect(parseDisabilityGrade('一级残疾')).toEqual({ ok: true, value: 1 });
  });

  it('a number in a date column reads like the same text; only a plausible Excel serial is a serial', () => {
    const month = { allowMonth: true };
    expect(parseFeedDate(202610, month)).toEqual(parseFeedDate('202610', month));
    expect(parseFeedDate(202610, month)).toEqual({ ok: true, value: '2026-10-01' });
    expect(parseFeedDate(20261005)).toEqual({ ok: true, value: '2026-10-05' });
    // 2026 is a year, never serial day 2026 (1905-07-18)
    expect(parseFeedDate(2026, month)).toEqual(parseFeedDate('2026', month));
    expect(parseFeedDate(2026, month)).toMatchObject({ ok: false, problem: expect.stringMatching(/只有年份/) });
    expect(parseFeedDate(45413)).toEqual({ ok: true, value: '2024-05-01' });
    expect(parseFeedDate(123).ok).toBe(false);
  });

  it('DOMAIN §6 教育: "未辍学" and "不是" answer no, never an unreadable yes/no', () => {
    for (const no of ['未辍学', '未失学', '不是', '未失业']) expect(parseYesNo(no)).toEqual({ ok: true, value: false });
    expect(parseYesNo('辍学')).toEqual({ ok: true, value: true });
  });
});
