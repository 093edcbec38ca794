import { describe, expect, it } from 'vitest';
import { exchangeDue } from '../src/dates.js';

/** S1 §四(二)3: 行业部门每2个月至少与市乡村振兴局进行一次数据交换 (a 零报告 counts as an exchange). */
describe('a department’s data exchange (S1 §四(二)3)', () => {
  it('is due two months after the later of its last feed and its last 零报告', () => {
    expect(exchangeDue('2024-03-10', '2024-04-02', 2, '2024-06-01')).toEqual({
      lastExchangeOn: '2024-04-02',
      nextDueOn: '2024-06-02',
      overdue: false,
    });
    expect(exchangeDue('2024-03-10', null, 2, '2024-05-11').overdue).toBe(true);
  });
  it('a department that never exchanged is overdue', () => {
    expect(exchangeDue(null, undefined, 2, '2024-06-01')).toEqual({
      lastExchangeOn: null,
      nextDueOn: null,
      overdue: true,
    });
  });
});
