import type { GuardUnit } from './unit.js';

/** 两不愁三保障 and safe water secured (S1 §四(四); S3 §三(六)). */
export const guaranteesSecured: GuardUnit = {
  id: 'S3.3.6.guarantees_secured',
  source: 'S1 §四(四)；S3 §三(六)',
  label: { zh: '"两不愁三保障"或饮水安全仍有问题', en: 'a guarantee still fails' },
  reads: ['foodClothingSecure', 'members[]', 'housingSafetyGrade', 'drinkingWaterSafe'],
  stage: 'guard',
  decide: ({ r }) => {
    const gu = r.guarantees;
    return {
      outcome: gu.secured ? 'yes' : 'no',
      message: gu.secured
        ? { zh: '"三保障"和饮水安全持续巩固', en: 'the guarantees and safe water are secured' }
        : { zh: '"两不愁三保障"或饮水安全仍有问题', en: 'a guarantee or safe water still fails' },
      facts: {
        foodClothing: gu.foodClothing,
        compulsoryEducation: gu.compulsoryEducation,
        basicMedical: gu.basicMedical,
        housing: gu.housing,
        water: gu.water,
      },
    };
  },
  sql: (x) => `${x}.secured`,
};
