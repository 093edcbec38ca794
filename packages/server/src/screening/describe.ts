import {
  fenToYuanText,
  MonitoringCategory,
  MonitoringStatus,
  RiskType,
  reasonText,
  RULE_LABELS,
  ScreeningFinding,
  type LocalizedText,
} from '@dixian/core';

/**
 * The zh/en message of a stored screening explanation, written from its facts and reasons when a run is read
 * (the SQL stores only facts, thresholds and rule ids; see ./explain.sql.ts).
 */

// the rules' short names live in core (the pages show them too)
export { reasonText, RULE_LABELS };

type Facts = Record<string, unknown>;
const num = (v: unknown) => (typeof v === 'number' ? v : null);
const yuan = (fen: number | null) => (fen === null ? '—' : `${fenToYuanText(fen)}元`);
const yen = (fen: number | null) => (fen === null ? '—' : `¥${fenToYuanText(fen)}`);
const risks = (v: unknown, lang: 'zh' | 'en') =>
  (Array.isArray(v) ? (v as RiskType[]) : [])
    .map((t) => RiskType.labels[t]?.[lang] ?? t)
    .join(lang === 'zh' ? '、' : ', ');

/** The message of one stored finding (or departure). */
export function describeFinding(
  finding: ScreeningFinding,
  cleared: boolean,
  explanation: { facts?: Facts; threshold?: Facts; reasons?: string[] },
): LocalizedText {
  const f = explanation.facts ?? {};
  const t = explanation.threshold ?? {};
  const reasons = explanation.reasons ?? [];
  const label = ScreeningFinding.labels[finding];
  if (cleared) {
    const r = reasons.map(reasonText);
    return {
      zh: `不再${label.zh}：${r.map((x) => x.zh).join('；') || '原因未记录'}`,
      en: `no longer "${label.en}": ${r.map((x) => x.en).join('; ') || 'no reason recorded'}`,
    };
  }
  switch (finding) {
    case 'should_include': {
      const cat = MonitoringCategory.labels[f.category as MonitoringCategory];
      const people = num(f.countedMembers);
      const net = num(f.netIncomeFen);
      const line = num(t.monitoringIncomeLineFen);
      const perCapita = net !== null && people ? Math.floor(net / people) : null;
      const status = MonitoringStatus.labels[f.monitoringStatus as MonitoringStatus];
      return {
        zh: `符合纳入监测条件（${cat?.zh ?? '类别待定'}：${reasons.map((x) => reasonText(x).zh).join('；')}${
          perCapita !== null ? `；人均纯收入 ${yuan(perCapita)}，监测范围 ${yuan(line)}` : ''
        }${f.riskTypes && risks(f.riskTypes, 'zh') ? `；风险：${risks(f.riskTypes, 'zh')}` : ''}），但${status?.zh ?? String(f.monitoringStatus)}，应纳未纳`,
        en: `meets the conditions for monitoring (${cat?.en ?? 'category to be decided'}: ${reasons
          .map((x) => reasonText(x).en)
          .join('; ')}${perCapita !== null ? `; ${yen(perCapita)} per person against ${yen(line)}` : ''}${
          risks(f.riskTypes, 'en') ? `; risks: ${risks(f.riskTypes, 'en')}` : ''
        }) but is not monitored (${String(f.monitoringStatus)})`,
      };
    }
    case 'should_eliminate':
      return {
        zh: `风险消除条件均已满足：收入稳定超过监测范围 ${yuan(num(t.monitoringIncomeLineFen))}/人·年，"三保障"和饮水安全巩固，风险已消除且无新增风险，已监测 ${String(f.monthsMonitored)} 个月，已落实措施 ${String(f.measuresInPlace)} 项；应启动风险消除程序（应消未消）`,
        en: `every elimination guard is met: income stably above ${yen(num(t.monitoringIncomeLineFen))} per person, guarantees and water secured, risks gone and none new, monitored for ${String(f.monthsMonitored)} month(s), ${String(f.measuresInPlace)} measure(s) in place: elimination should be proposed`,
      };
    case 'should_flag_no_labor':
      return {
        zh: `监测对象全户 ${String(f.countedMembers)} 人均无劳动能力，主要依靠社会保障维持基本生活，但未标注整户无劳动能力兜底保障户（应标未标）`,
        en: `all ${String(f.countedMembers)} counted member(s) of this monitored household lack labour capacity and it lives mainly on social security, but the whole-household-no-labour flag is not set`,
      };
    case 'visit_overdue': {
      const who = f.householdType === 'lifted_household' ? '脱贫户' : '监测对象';
      return {
        zh: `${who}走访逾期：${f.lastVisitOn ? `上次走访 ${String(f.lastVisitOn)}` : '没有走访记录'}${f.dueOn ? `，应于 ${String(f.dueOn)} 前走访` : ''}`,
        en: `visit overdue (${String(f.householdType)}, ${String(f.monitoringStatus)}): ${f.lastVisitOn ? `last visit ${String(f.lastVisitOn)}` : 'no visit recorded'}${f.dueOn ? `, due by ${String(f.dueOn)}` : ''}`,
      };
    }
  }
}
