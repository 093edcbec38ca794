/**
 * One household under the policy in force and under a draft (issue 20 §1): the screening's own reference rules
 * (screening/reference.ts, which the set-based screening agrees with), so a scenario lists exactly the findings a
 * screening would gain or lose once the draft is put in force, plus the 低保 verdict of S2 二(一) under both.
 */
import {
  evaluateAssistance,
  fenToYuan,
  type AssistanceInput,
  type DibaoVerdict,
  type Explanation,
  type ResolvedPolicy,
  type ScenarioChange,
  type ScenarioReasonOf,
  type ScreeningFinding,
} from '@dixian/core';
import type { LoadedHousehold } from '../repositories/household-facts.repository.js';
import type { ScenarioResultRow } from '../repositories/scenario.repository.js';
import { screenHousehold, type ReferenceOutcome } from '../screening/reference.js';

export interface JudgedHousehold {
  rows: ScenarioResultRow[];
  /** monthly 低保 top-up under each policy (0 when the household does not qualify) */
  baseTopUpFen: number;
  draftTopUpFen: number;
}

/** A finding gained under the draft, and the same finding lost. */
const FINDING_CHANGES: readonly [ScreeningFinding, ScenarioChange, ScenarioChange][] = [
  ['should_include', 'enter_monitoring', 'include_dropped'],
  ['should_eliminate', 'leave_monitoring', 'eliminate_dropped'],
];

function dibaoOf(h: LoadedHousehold, policy: ResolvedPolicy, asOf: string): DibaoVerdict {
  const input: AssistanceInput = {
    household: h.facts,
    deductionClaims: [],
    standardMonthlyFen: null,
    graceMonths: null,
    selfCare: {},
    tempRelief: null,
  };
  return evaluateAssistance(input, policy, asOf).dibao;
}

/** What the 低保 test reads of a policy (S2 二(一)): equal keys give equal verdicts, judged once. */
const ASSISTANCE_KEYS = new WeakMap<ResolvedPolicy, string>();
function assistanceKey(p: ResolvedPolicy): string {
  let k = ASSISTANCE_KEYS.get(p);
  if (k === undefined) ASSISTANCE_KEYS.set(p, (k = JSON.stringify([p.dibao, p.inclusion, p.tekun, p.tempRelief])));
  return k;
}

/** 低保 for the scenario: the household (ordinary, expenditure-type or in its grace period) or one of its members. */
const qualifies = (v: DibaoVerdict) => v.householdEligible || v.route === 'single_person';

/** The rules whose outcome the draft changes: why the household moves. */
function changedRules(base: readonly Explanation[], draft: readonly Explanation[]): ScenarioReasonOf[] {
  const before = new Map(base.map((e) => [e.ruleId, e.outcome]));
  return draft
    .filter((e) => before.get(e.ruleId) !== e.outcome)
    .map((e) => ({
      ruleId: e.ruleId,
      source: e.source,
      message: e.message,
      base: before.get(e.ruleId) ?? 'unknown',
      draft: e.outcome,
    }));
}

const explanationsOf = (o: ReferenceOutcome) => [...o.assessment.explanations, ...o.guards.explanations];

/**
 * Income per head at or above the draft's line but within `nearMissBp` basis points of it, for a household not
 * monitored: the ones a small fall would bring in (compared exactly, as the rules compare: net against line × people).
 */
function nearMiss(o: ReferenceOutcome, nearMissBp: number): boolean {
  const inc = o.assessment.income;
  const status = o.assessment.monitoringStatus;
  if (o.assessment.inScope || inc.netIncomeFen === null || inc.countedMembers === 0) return false;
  if (status !== 'not_monitored' && status !== 'risk_eliminated') return false;
  const line = BigInt(inc.lineFen) * BigInt(inc.countedMembers);
  const net = BigInt(inc.netIncomeFen);
  return net >= line && net * 10_000n < line * BigInt(10_000 + nearMissBp);
}

export function judgeHousehold(
  h: LoadedHousehold,
  base: ResolvedPolicy,
  draft: ResolvedPolicy,
  asOf: string,
  nearMissBp: number,
): JudgedHousehold {
  const b = screenHousehold(h.facts, base, asOf, h.context);
  const d = screenHousehold(h.facts, draft, asOf, h.context);
  const bd = dibaoOf(h, base, asOf);
  const dd = assistanceKey(base) === assistanceKey(draft) ? bd : dibaoOf(h, draft, asOf);
  const people = d.assessment.income.countedMembers;
  const row = (change: ScenarioChange, reasons: ScenarioReasonOf[]): ScenarioResultRow => ({
    change,
    householdId: h.id,
    regionCode: h.regionCode,
    people,
    category: d.assessment.category ?? b.assessment.category,
    riskTypes: [...new Set([...d.assessment.riskTypes])],
    incomePerCapitaFen: d.assessment.income.perCapitaFen,
    baseTopUpFen: bd.monthlyTopUpFen,
    draftTopUpFen: dd.monthlyTopUpFen,
    reasons,
  });
  const rows: ScenarioResultRow[] = [];
  const ruleDiff = () => changedRules(explanationsOf(b), explanationsOf(d));
  for (const [finding, gained, lost] of FINDING_CHANGES) {
    const was = b.findings.includes(finding);
    const is = d.findings.includes(finding);
    if (is && !was) rows.push(row(gained, ruleDiff()));
    if (was && !is) rows.push(row(lost, ruleDiff()));
  }
  if (qualifies(dd) !== qualifies(bd)) {
    const reasons = (qualifies(dd) ? dd : bd).reasons.map((message): ScenarioReasonOf => ({
      ruleId: 'S2.dibao',
      source: 'S2 二(一)',
      message,
      base: bd.route,
      draft: dd.route,
    }));
    rows.push(row(qualifies(dd) ? 'enter_dibao' : 'leave_dibao', reasons));
  }
  if (nearMiss(d, nearMissBp)) {
    const inc = d.assessment.income;
    rows.push(
      row('near_miss', [
        {
          ruleId: 'scenario.near_miss',
          source: 'S1 §三(二)',
          message: {
            zh: `人均纯收入 ${yuanText(inc.perCapitaFen)} 元，不低于草案监测线 ${yuanText(inc.lineFen)} 元，但高出不到 ${nearMissBp / 100}%`,
            en: `net income per head ¥${yuanText(inc.perCapitaFen)} is at or above the draft line of ¥${yuanText(inc.lineFen)} by less than ${nearMissBp / 100}%`,
          },
          base: b.assessment.income.belowLine ? 'yes' : 'no',
          draft: 'no',
        },
      ]),
    );
  }
  return {
    rows,
    baseTopUpFen: qualifies(bd) ? bd.monthlyTopUpFen : 0,
    draftTopUpFen: qualifies(dd) ? dd.monthlyTopUpFen : 0,
  };
}

const yuanText = (fen: number | null): string => (fen === null ? '—' : fenToYuan(fen));
