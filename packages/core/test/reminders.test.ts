import { describe, expect, it } from 'vitest';
import {
  deadlineOwnerLevel,
  maskName,
  reminderText,
  PolicyBodySchema,
  recipientLevel,
  regionOfLevel,
  reminderKey,
  reminderStage,
  REMINDER_DEFAULTS,
} from '../src/index.js';

const policy = { beforeDays: 3, escalateAfterDays: 3 };

describe('reminders and escalation (issue 15 §4)', () => {
  it('S3 §三(四): a verification due on the 10th reminds from the 7th, is overdue on the 11th, rises on the 13th and 16th', () => {
    const stage = (today: string) => reminderStage('2024-06-10', today, policy);
    expect(stage('2024-06-06')).toBeNull();
    expect(stage('2024-06-07')).toBe('remind');
    expect(stage('2024-06-10')).toBe('remind');
    expect(stage('2024-06-11')).toBe('overdue');
    expect(stage('2024-06-12')).toBe('overdue');
    expect(stage('2024-06-13')).toBe('escalate_township');
    expect(stage('2024-06-15')).toBe('escalate_township');
    expect(stage('2024-06-16')).toBe('escalate_county');
    expect(reminderStage(null, '2024-06-16', policy)).toBeNull();
  });

  it('the policy sets the days: no advance reminder with beforeDays 0, escalation after one day', () => {
    const p = { beforeDays: 0, escalateAfterDays: 1 };
    expect(reminderStage('2024-06-10', '2024-06-09', p)).toBeNull();
    expect(reminderStage('2024-06-10', '2024-06-10', p)).toBe('remind');
    expect(reminderStage('2024-06-10', '2024-06-11', p)).toBe('escalate_township');
    expect(reminderStage('2024-06-10', '2024-06-12', p)).toBe('escalate_county');
  });

  it('S1 §四(二)1–2: the village verifies, the township identifies, reviews the notice and plans; a new kind is the village’s', () => {
    expect(deadlineOwnerLevel('verification')).toBe('village');
    expect(deadlineOwnerLevel('warning')).toBe('village');
    expect(deadlineOwnerLevel('visit')).toBe('village');
    expect(deadlineOwnerLevel('identification')).toBe('township');
    expect(deadlineOwnerLevel('notice')).toBe('township');
    expect(deadlineOwnerLevel('assistance_plan')).toBe('township');
    expect(deadlineOwnerLevel('disaster_visit')).toBe('village');
  });

  it('an overdue village item rises to the township, then the county; a township’s seven-step task (S0 plan two 五) only to the county', () => {
    expect(recipientLevel('village', 'remind')).toBe('village');
    expect(recipientLevel('village', 'overdue')).toBe('village');
    expect(recipientLevel('village', 'escalate_township')).toBe('township');
    expect(recipientLevel('village', 'escalate_county')).toBe('county');
    expect(recipientLevel('township', 'escalate_township')).toBe('county');
    expect(recipientLevel('township', 'escalate_county')).toBeNull();
    expect(regionOfLevel('220681100200', 'township')).toBe('220681100');
    expect(regionOfLevel('220681100200', 'county')).toBe('220681');
    expect(regionOfLevel('220681100', 'village')).toBeNull();
    expect(reminderKey('visit', 'h1', '2024-06-10', 'overdue')).toBe('visit:h1:2024-06-10:overdue');
  });

  it('a stored policy without the group reads the local defaults [INF]', () => {
    const shape = PolicyBodySchema.shape.reminders;
    expect(shape.parse(undefined)).toEqual(REMINDER_DEFAULTS);
    expect(() => shape.parse({ beforeDays: 3, escalateAfterDays: 0 })).toThrow();
  });
});

describe('reminder texts carry nothing personal', () => {
  it('a household by number and masked head name; the days left or overdue in the title', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    const s = {
      label: '入户核实',
      dueOn: '2024-06-05',
      regionName: '桦树村',
      householdNo: '2206811002000001',
      maskedHeadName: maskName('张三'),
    };
    expect(reminderText(s, 'remind', '2024-06-03')).toEqual({
      title: '【到期提醒】入户核实 · 2天后到期',
      body: '户号 2206811002000001 张* · 桦树村 · 入户核实 · 到期日 2024-06-05',
    });
    expect(reminderText(s, 'escalate_township', '2024-06-09').title).toBe('【督办(升至乡镇)】入户核实 · 已逾期4天');
    expect(
      reminderText({ label: '访(入户走访)', dueOn: '2024-06-10', regionName: '桦树镇' }, 'remind', '2024-06-10').body,
    ).toBe('桦树镇 · 访(入户走访) · 到期日 2024-06-10');
  });
});
