import { memberRef, yes, type ReadingUnit } from './unit.js';

const PARTS = [
  ['foodClothing', '吃穿', 'food and clothing'],
  ['compulsoryEducation', '义务教育', 'compulsory education'],
  ['basicMedical', '基本医疗', 'basic medical care'],
  ['housing', '住房安全', 'safe housing'],
  ['water', '饮水安全', 'safe drinking water'],
] as const;

/** 两不愁三保障 and safe water (S0 plan two §三(二); S1 §三(二); S3 §三(一)); electricity and telecom are noted. */
export const guarantees: ReadingUnit = {
  id: 'S3.3.1.guarantees',
  source: 'S0 方案二 §三(二)；S1 §三(二)；S3 §三(一)',
  label: { zh: '"两不愁三保障"及饮水安全', en: 'the guarantees and safe water' },
  reads: [
    'foodClothingSecure',
    'members[].schoolStatus',
    'members[].medicalInsurance',
    'housingSafetyGrade',
    'drinkingWaterSafe',
    'guaranteesSelfResolvable',
  ],
  stage: 'reading',
  decide: ({ h, policy, guarantees: g, dropouts, uninsured }) => {
    const failed = PARTS.filter(([k]) => !g[k]);
    const inc = policy.inclusion;
    return {
      verdict: {
        outcome: yes(g.secured),
        message: g.secured
          ? {
              zh: `两不愁三保障及饮水安全均有保障${g.electricity && g.telecom ? '' : `（另：${g.electricity ? '' : '生活用电'}${g.electricity || g.telecom ? '' : '、'}${g.telecom ? '' : '通讯'}未达标）`}`,
              en: `food, clothing, the three guarantees and water are secured${g.electricity && g.telecom ? '' : ` (note: ${[g.electricity ? '' : 'electricity', g.telecom ? '' : 'telecom'].filter(Boolean).join(' and ')} not up to standard)`}`,
            }
          : {
              zh: `未保障：${failed.map((f) => f[1]).join('、')}；${g.selfResolvable ? '经核实农户可自身解决' : '农户自身无法解决'}`,
              en: `not secured: ${failed.map((f) => f[2]).join(', ')}; ${g.selfResolvable ? 'the household can solve it itself' : 'the household cannot solve it itself'}`,
            },
        facts: {
          foodClothingSecure: h.foodClothingSecure,
          compulsoryAgeDropouts: dropouts.map(memberRef),
          membersWithoutBasicMedicalInsurance: uninsured.map(memberRef),
          housingSafetyGrade: h.housingSafetyGrade,
          drinkingWaterSafe: h.drinkingWaterSafe,
          electricityOk: h.electricityOk,
          telecomOk: h.telecomOk,
          guaranteesSelfResolvable: h.guaranteesSelfResolvable,
        },
        threshold: {
          unsafeHousingGrades: policy.warnings.unsafeHousingGrades,
          compulsoryEducationAges: [inc.compulsoryEducationMinAge, inc.compulsoryEducationMaxAge],
        },
      },
    };
  },
  sql: (x) => `${x}.secured`,
};
