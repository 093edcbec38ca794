import type { DibaoRoute } from './assistance-eligibility.js';
import type { LocalizedText } from './errors.js';
import type { ExplanationOutcome } from './explain.js';

/**
 * What a policy scenario's reason (issue 20 §1) says of a household under each policy: a rule's outcome, or for
 * 低保 the route it qualifies by. The judge writes these codes; the scenario page and its Excel file say them in
 * these words. (The changes themselves are core's `ScenarioChange` enum.)
 */
export type ScenarioOutcome = ExplanationOutcome | DibaoRoute;

export const SCENARIO_OUTCOME_LABELS: Record<ScenarioOutcome, LocalizedText> = {
  yes: { zh: '成立', en: 'holds' },
  no: { zh: '不成立', en: 'does not hold' },
  disabled: { zh: '未启用', en: 'switched off' },
  unknown: { zh: '缺少数据', en: 'data missing' },
  ordinary: { zh: '低保', en: 'dibao' },
  expenditure: { zh: '支出型低保', en: 'expenditure-type dibao' },
  grace: { zh: '低保渐退', en: 'grace period' },
  single_person: { zh: '单人保', en: 'single-person dibao' },
  none: { zh: '不符合', en: 'not eligible' },
};

/** One reason a household moves under a draft: the rule, its message, and its outcome under each policy. */
export interface ScenarioReasonOf<Outcome = ScenarioOutcome> {
  ruleId: string;
  source: string;
  message: LocalizedText;
  base: Outcome;
  draft: Outcome;
}

/** A stored outcome code in words; a code this module does not know is shown as stored. */
export function scenarioOutcomeText(code: string): LocalizedText {
  return Object.hasOwn(SCENARIO_OUTCOME_LABELS, code)
    ? SCENARIO_OUTCOME_LABELS[code as ScenarioOutcome]
    : { zh: code, en: code };
}

/** A reason's outcome under both policies: "现行：不成立；草案：成立". */
export function scenarioSidesText(r: Pick<ScenarioReasonOf<string>, 'base' | 'draft'>): LocalizedText {
  const base = scenarioOutcomeText(r.base);
  const draft = scenarioOutcomeText(r.draft);
  return { zh: `现行：${base.zh}；草案：${draft.zh}`, en: `now: ${base.en}; draft: ${draft.en}` };
}
