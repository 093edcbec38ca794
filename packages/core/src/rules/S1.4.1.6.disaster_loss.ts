import { yes, yuan, yuanEn, type ReadingUnit } from './unit.js';

/** A disaster loss above the warning amount (S0 plan two §一, §三(二); S1 §四(一)6): a current disaster risk. */
export const disasterLoss: ReadingUnit = {
  id: 'S1.4.1.6.disaster_loss',
  source: 'S0 方案二 §一、§三(二)；S1 §四(一)6',
  label: { zh: '灾害损失较大', en: 'heavy disaster loss' },
  reads: ['incomes[].disasterLossFen', 'policy.warnings.disasterLossFen'],
  stage: 'reading',
  risk: { kind: 'acute', type: 'natural_disaster' },
  decide: ({ policy, current }) => {
    if (!current) return null;
    const limit = policy.warnings.disasterLossFen;
    const loss = current.disasterLossFen;
    const found = loss > limit;
    return {
      risks: found ? ['natural_disaster'] : [],
      verdict: {
        outcome: yes(found),
        message: {
          zh: `灾害损失 ${yuan(loss)}，${found ? '超过' : '未超过'} ${yuan(limit)}`,
          en: `disaster loss ${yuanEn(loss)}: ${found ? 'above' : 'not above'} ${yuanEn(limit)}`,
        },
        facts: { riskType: 'natural_disaster', disasterLossFen: loss },
        threshold: { disasterLossFen: limit },
      },
    };
  },
  sql: (x) => `${x}.loss_over`,
};
