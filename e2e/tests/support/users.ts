import type { Role } from '@dixian/core';

/** The demo accounts `dixian start` creates in 临江市 (README "Demo accounts"), one per role. */
export const DEMO_PASSWORD = 'Demo#Linjiang2024';

export const DEMO_USERS = {
  admin: { role: 'county_admin', roleZh: '县级管理员' },
  xian: { role: 'county_officer', roleZh: '县乡村振兴局' },
  xiang: { role: 'township_officer', roleZh: '乡镇干部' },
  cun: { role: 'village_cadre', roleZh: '村干部/网格员' },
  yibao: { role: 'department_officer', roleZh: '行业部门' },
  jiancha: { role: 'inspector', roleZh: '纪检督查' },
} as const satisfies Record<string, { role: Role; roleZh: string }>;

export type DemoUser = keyof typeof DEMO_USERS;
export const DEMO_USER_NAMES = Object.keys(DEMO_USERS) as DemoUser[];
