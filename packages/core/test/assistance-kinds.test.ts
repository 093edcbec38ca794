import { describe, expect, it } from 'vitest';
import { applicableAssistance } from '../src/assistance-kinds.js';

const m = (laborCapacity: 'skilled' | 'ordinary' | 'weak_or_half' | 'lost' | 'none', counted = true) => ({
  laborCapacity,
  counted,
});
const kinds = (h: Parameters<typeof applicableAssistance>[0]) => applicableAssistance(h).map((a) => a.category);

describe('the policies a household file lists (S1 §五 帮扶措施)', () => {
  it('S1 §五(一)(二): a household with labour gets industry and employment help, not the security net', () => {
    expect(kinds({ members: [m('ordinary'), m('none')], riskTypes: [], monitored: false })).toEqual([
      'industry',
      'employment',
    ]);
  });

  it('S1 §五(三): a member who lost labour capacity brings 低保, pension and 特困 support', () => {
    expect(kinds({ members: [m('ordinary'), m('lost')], riskTypes: [], monitored: false })).toContain(
      'comprehensive_security',
    );
  });

  it('S1 §五(三): a household with nobody able to work gets the security net and no job help', () => {
    expect(kinds({ members: [m('none'), m('lost')], riskTypes: [], monitored: false })).toEqual([
      'comprehensive_security',
    ]);
  });

  it('S1 §五(三): serious illness, accident or disaster brings emergency aid even with labour', () => {
    expect(kinds({ members: [m('skilled')], riskTypes: ['illness'], monitored: false })).toContain(
      'comprehensive_security',
    );
  });

  it('S1 §五(四)(五): a monitored household also gets motivation and help from society; a member who left does not count', () => {
    expect(kinds({ members: [m('lost'), m('skilled', false)], riskTypes: [], monitored: true })).toEqual([
      'comprehensive_security',
      'morale_and_skills',
      'social_assistance',
    ]);
  });
});
