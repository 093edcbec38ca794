/**
 * The phases of the county's 2024 special rectification (S3 §四 时间安排), the defaults a campaign opens with: each
 * phase ends on its day of the campaign's year and begins the day after the previous one (the first on the day the
 * campaign opens).
 */
export interface RectificationPhaseDefault {
  seq: number;
  name: string;
  task: string;
  /** MM-DD in the campaign's year */
  endsMonthDay: string;
}

export const RECTIFICATION_PHASES: readonly RectificationPhaseDefault[] = [
  {
    seq: 1,
    name: '聚焦重点,自查自纠',
    task: '围绕八个方面拉网式自查,建立问题清单,实行销号管理',
    endsMonthDay: '05-31',
  },
  {
    seq: 2,
    name: '建立机制,巩固成果',
    task: '聚焦突出问题督促整改,建章立制,建立长效机制',
    endsMonthDay: '11-30',
  },
  { seq: 3, name: '总结归纳,宣传引导', task: '总结整改问题和成效,转入常态化监督', endsMonthDay: '12-31' },
];
