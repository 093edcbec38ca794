import { CaseStage, MonitoringStatus } from './enums.js';
import type { LocalizedText } from './errors.js';

/** Short names of the rule ids a screening explanation cites (shown in words wherever an officer reads them). */
export const RULE_LABELS: Record<string, LocalizedText> = {
  'S0.2.1.unstable_lifted': { zh: '脱贫不稳定户（收入低于监测范围且有风险）', en: 'unstable lifted household' },
  'S0.2.1.marginal_vulnerable': { zh: '边缘易致贫户（收入低于监测范围且有风险）', en: 'marginal household' },
  'S1.3.1.sudden_hardship': { zh: '突发严重困难户（刚性支出骤增或收入骤减）', en: 'sudden severe hardship' },
  'S3.3.1.guarantees_unresolved': { zh: '"三保障"或饮水安全有问题且自身无法解决', en: 'a guarantee fails' },
  'S1.3.2.rural_population': { zh: '不属于农村人口或搬迁人口', en: 'outside the rural population' },
  'assess.conclusion': { zh: '不再符合纳入监测条件', en: 'no longer meets the conditions' },
  'S0.2.2.1.private_car': { zh: '家庭有消费型车辆', en: 'has a private car' },
  'S0.2.2.1.commercial_housing': { zh: '家庭有商品房', en: 'has commercial housing' },
  'S0.2.2.1.public_servant': { zh: '家庭有公职人员', en: 'has a public servant' },
  'S0.2.2.1.business': { zh: '家庭实质性经商办企业', en: 'runs a business' },
  'S0.2.2.2.mud_brick_stable_income': { zh: '土坯房但收入稳定超过监测范围', en: 'mud-brick home, stable income' },
  'S0.2.2.3.elderly_well_off_children': { zh: '老人户子女条件较好', en: 'elderly with well-off children' },
  'S3.3.6.income_stably_above_line': { zh: '收入未稳定超过监测范围', en: 'income not stably above the line' },
  'S3.3.6.guarantees_secured': { zh: '"两不愁三保障"或饮水安全仍有问题', en: 'a guarantee still fails' },
  'S1.4.4.rigid_expense_controlled': { zh: '刚性支出未可控', en: 'rigid expenditure not under control' },
  'S3.3.6.recorded_risk_gone': { zh: '识别时的风险仍存在', en: 'the recorded risk persists' },
  'S3.3.6.no_new_risk': { zh: '出现新的风险', en: 'a new risk' },
  'W3.min_months_monitored': { zh: '监测时间不足', en: 'not monitored long enough' },
  'W3.min_measures': { zh: '帮扶措施未落实', en: 'no measure in place' },
  'S3.3.7.not_no_labor_household': { zh: '整户无劳动能力，暂不消除', en: 'no-labour household' },
  'S3.3.7.whole_household_no_labor': { zh: '家中有劳动能力的成员', en: 'some member can work' },
  'S3.3.2.monthly_visits': { zh: '每月走访', en: 'monthly visits' },
  out_of_scope: { zh: '已不在排查范围内（迁出或注销）', en: 'no longer within the scope' },
  not_recorded: { zh: '未记录离开原因', en: 'no reason recorded' },
  'whole_household_no_labor:flagged': { zh: '已标注整户无劳动能力', en: 'the no-labour flag is set' },
  'lives_on_social_security:no': { zh: '不再主要依靠社会保障', en: 'no longer lives mainly on social security' },
};

/** A reason token in words: a rule id, or a state change (`monitoring_status:…`, `open_case:…`, `visited:…`). */
export function reasonText(reason: string): LocalizedText {
  const known = RULE_LABELS[reason];
  if (known) return known;
  const [kind, value = ''] = reason.split(':');
  if (kind === 'monitoring_status') {
    const l = MonitoringStatus.labels[value as MonitoringStatus];
    return { zh: `监测状态为"${l?.zh ?? value}"`, en: `monitoring status is ${value}` };
  }
  if (kind === 'open_case') {
    const l = CaseStage.labels[value as CaseStage];
    return { zh: `已有在办案件（${l?.zh ?? value}）`, en: `a case is open (${value})` };
  }
  if (kind === 'visited') return { zh: `已于 ${value} 走访`, en: `visited on ${value}` };
  return { zh: reason, en: reason };
}
