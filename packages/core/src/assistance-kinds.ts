import type { Label, LaborCapacity, MeasureCategory, RiskType } from './enums.js';

/**
 * Which of the five kinds of assistance (S1 §五(一)–(五)) a household's file lists as the policies that apply
 * to it, and what each offers, in one sentence taken from the plan. Pure: the printable household file and any
 * other paper read the same answer.
 */
export interface ApplicableAssistance {
  category: MeasureCategory;
  /** what the plan offers, briefly */
  offer: Label;
}

const OFFERS: Record<MeasureCategory, Label> = {
  industry: {
    zh: '有发展产业条件和意愿的,提供生产经营技能培训、带动发展生产;缺资金的可申请小额信贷。',
    en: 'Training and help to start production for those able and willing; small loans for those short of capital.',
  },
  employment: {
    zh: '有劳动能力的,组织就业技能培训,帮助外出务工或就近就业,必要时安排公益岗位。',
    en: 'Skills training for those able to work, help to find work away or nearby, public-welfare jobs where needed.',
  },
  comprehensive_security: {
    zh: '完全或部分丧失劳动能力的,落实低保、基本养老保险、特困救助;遭遇大病、意外、灾害的,及时给予急难救助。',
    en: 'Dibao, basic pension and tekun support for those who lost labour capacity; emergency aid after illness, accident or disaster.',
  },
  morale_and_skills: {
    zh: '引导主动参加生产就业,增强自我发展能力。',
    en: 'Encouragement to take part in production and work, building the ability to develop.',
  },
  social_assistance: {
    zh: '动员社会力量帮扶,争取公益资源,为监测对象购买保险。',
    en: 'Help from society and charities, and insurance bought for monitored households.',
  },
};

/** Risks a sudden event brings, for which S1 §五(三) promises emergency aid. */
const SUDDEN: ReadonlySet<RiskType> = new Set(['illness', 'accident', 'natural_disaster', 'epidemic', 'disability']);
const CAN_WORK: ReadonlySet<LaborCapacity> = new Set(['skilled', 'ordinary', 'weak_or_half']);

/**
 * S1 §五: members with labour capacity → industry (一) and employment (二); a member without it, or a sudden
 * risk → comprehensive security (三); a monitored household also gets motivation (四) and social help (五).
 */
export function applicableAssistance(h: {
  members: readonly { laborCapacity: LaborCapacity; counted: boolean }[];
  riskTypes: readonly RiskType[];
  monitored: boolean;
}): ApplicableAssistance[] {
  const counted = h.members.filter((m) => m.counted);
  const canWork = counted.some((m) => CAN_WORK.has(m.laborCapacity));
  const cannotWork = counted.some((m) => !CAN_WORK.has(m.laborCapacity) && m.laborCapacity !== 'none');
  const noLabor = counted.length > 0 && !canWork;
  const out: MeasureCategory[] = [];
  if (canWork) out.push('industry', 'employment');
  if (noLabor || cannotWork || h.riskTypes.some((r) => SUDDEN.has(r))) out.push('comprehensive_security');
  if (h.monitored) out.push('morale_and_skills', 'social_assistance');
  return out.map((category) => ({ category, offer: OFFERS[category] }));
}
