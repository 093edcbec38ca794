/**
 * Staged temporary assistance (issue 16 §5). S0 plan one 二 五是: "对返贫人口,根据致贫原因和困难程度,采取一次审批、分阶段
 * 救助方式,适当提高救助标准" — for people who fell back into poverty, one approval is paid in instalments and the
 * standard may be higher. Pure: the decision service checks a plan here, the payroll pays each instalment in the
 * month it falls due (core `payroll.ts`).
 */
import { addMonths, isIsoDate, type IsoDate } from './dates.js';
import type { HouseholdType, MonitoringStatus } from './enums.js';
import type { PolicyBody } from './policy.js';

export interface ReliefStage {
  payOn: IsoDate;
  amountFen: number;
}

export interface StageIssue {
  path: string;
  message: string;
}

/**
 * A household that fell back into poverty (返贫): lifted out of poverty (脱贫户) and now being identified or monitored
 * with its risk not eliminated. Households that were never poor are 致贫, not 返贫, and are paid at once.
 */
export function isReturnedToPoverty(h: {
  householdType: HouseholdType | string;
  monitoringStatus: MonitoringStatus | string;
}) {
  return (
    h.householdType === 'lifted_household' &&
    (h.monitoringStatus === 'identifying' || h.monitoringStatus === 'monitoring_unresolved')
  );
}

const yuan = (fen: number) => (fen / 100).toFixed(2);

/**
 * What is wrong with an instalment plan for an approval of `grantedFen` decided on `decidedOn`: at least two
 * instalments and at most `maxStages`, each a positive amount on a real day from the decision to `maxMonths` after
 * it, in order, one per month (the payroll pays by month), adding up to exactly the amount granted.
 */
export function checkReliefStages(
  stages: readonly ReliefStage[],
  grantedFen: number,
  decidedOn: IsoDate,
  policy: Pick<PolicyBody, 'tempRelief'>,
): StageIssue[] {
  const { maxStages, maxMonths } = policy.tempRelief.staged;
  const issues: StageIssue[] = [];
  if (stages.length < 2 || stages.length > maxStages) {
    issues.push({
      path: 'stages',
      message: `分阶段救助应分 2 至 ${maxStages} 期 / between 2 and ${maxStages} instalments`,
    });
  }
  const last = addMonths(decidedOn, maxMonths);
  stages.forEach((s, i) => {
    const at = `stages.${i}.payOn`;
    if (!isIsoDate(s.payOn)) issues.push({ path: at, message: '日期无效 / not a valid date' });
    else if (s.payOn < decidedOn) {
      issues.push({ path: at, message: `不能早于审批日 ${decidedOn} / before the decision` });
    } else if (s.payOn > last) {
      issues.push({ path: at, message: `不能晚于审批后 ${maxMonths} 个月(${last}) / after ${last}` });
    }
    const prev = stages[i - 1];
    if (prev && isIsoDate(prev.payOn) && isIsoDate(s.payOn) && s.payOn.slice(0, 7) <= prev.payOn.slice(0, 7)) {
      issues.push({ path: at, message: '各期应按月份先后排列,每月至多一期 / one instalment a month, in order' });
    }
    if (!Number.isInteger(s.amountFen) || s.amountFen <= 0) {
      issues.push({ path: `stages.${i}.amountFen`, message: '每期金额应大于 0 / each instalment must be positive' });
    }
  });
  const total = stages.reduce((a, s) => a + s.amountFen, 0);
  if (issues.length === 0 && total !== grantedFen) {
    issues.push({
      path: 'stages',
      message: `各期合计 ${yuan(total)} 元,应等于批准金额 ${yuan(grantedFen)} 元 / instalments add up to ${yuan(total)}, not ${yuan(grantedFen)}`,
    });
  }
  return issues;
}

/** The instalments falling due in a month ('YYYY-MM'), summed. */
export function stagesDueIn(stages: readonly ReliefStage[], month: string): number {
  return stages.filter((s) => s.payOn.slice(0, 7) === month).reduce((a, s) => a + s.amountFen, 0);
}
