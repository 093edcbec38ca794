import type { LocalizedText } from './errors.js';
import type { ResolvedPolicy } from './policy.js';

/**
 * Every conclusion the rules draw carries an Explanation: which rule (a stable id naming its seed paragraph,
 * e.g. `S0.2.1.unstable_lifted` for seed 000 plan two §二(一)), what it concluded, the facts it read, the
 * threshold it compared them with and the policy version. Screening stores these per household, so "why was
 * this household flagged on that date" can always be answered.
 */

/**
 * `yes`: the rule's statement holds for these facts (the income is below the line, the exclusion applies, the
 * guard is met); `no`: it does not; `disabled`: the policy switches the rule off; `unknown`: a fact it needs is
 * missing (e.g. no income record), and the message says which.
 */
export type ExplanationOutcome = 'yes' | 'no' | 'disabled' | 'unknown';

export interface Explanation {
  /** stable id: seed, section path, short name; see docs/assessment.md for the list */
  ruleId: string;
  /** where the rule comes from, as a person would cite it: 'S0 方案二 §二(一)1' */
  source: string;
  outcome: ExplanationOutcome;
  message: LocalizedText;
  /** the facts the rule read (money in fen, dates YYYY-MM-DD); never names, ID or phone numbers */
  facts: Record<string, unknown>;
  /** the policy values it compared them with */
  threshold: Record<string, unknown>;
  /** the policy records used, e.g. 'national 2021 v1 + 61 2024 v1' */
  policyVersion: string;
}

/** Build explanations against one policy, so the version label is never forgotten. */
export function explainer(policy: Pick<ResolvedPolicy, 'versionLabel'>) {
  return (
    ruleId: string,
    source: string,
    outcome: ExplanationOutcome,
    message: LocalizedText,
    facts: Record<string, unknown> = {},
    threshold: Record<string, unknown> = {},
  ): Explanation => ({ ruleId, source, outcome, message, facts, threshold, policyVersion: policy.versionLabel });
}

/** `yes`/`no` from a boolean. */
export function yesNo(b: boolean): ExplanationOutcome {
  return b ? 'yes' : 'no';
}

/** The policy seeds by the short names rule sources use (shared/seeds/README.md), as an officer knows them. */
export const SEED_TITLES: Record<string, LocalizedText> = {
  S0: { zh: '《防止返贫监测和帮扶工作方案三篇》', en: 'Three work plans for monitoring and assistance' },
  S1: {
    zh: '《临江市关于健全防止返贫动态监测和帮扶机制工作的实施方案》',
    en: 'Linjiang implementation plan for dynamic monitoring and assistance',
  },
  S2: {
    zh: '《珙县后扶贫时代基本生活困难群众兜底保障试点工作方案》',
    en: 'Gong County pilot plan for bottom-line assistance',
  },
  S3: {
    zh: '《防止返贫动态监测帮扶专项整治工作方案》',
    en: 'Special rectification plan for monitoring and assistance',
  },
};

/**
 * A rule's source ('S1 §四(四)；S3 §三(六)') in words: each seed by its title and each paragraph as 第…条, so
 * the short names S0–S3 of our docs never reach a screen or an export. An empty source cites nothing.
 */
export function citeSource(source: string): LocalizedText {
  const cite = (lang: 'zh' | 'en') =>
    source
      .replace(/\bS([0-3])\b\s*/g, (_, n: string) => `${SEED_TITLES[`S${n}`]![lang]}${lang === 'en' ? ' ' : ''}`)
      .replace(/§([^\s；;、,]+)/g, (_, para: string) => (lang === 'zh' ? `第${para}条` : `para. ${para}`));
  return { zh: cite('zh'), en: cite('en') };
}

/**
 * A resolved policy's version label ('national 2021 v1 + 61 2024 v1', the stable form stored with every
 * explanation) in words: '国家 2021 年第 1 版 + 地方(区划 61) 2024 年第 1 版'. Parts it does not know stay as written.
 */
export function policyVersionText(label: string): LocalizedText {
  const parts = label.split(' + ').map((part) => /^(\S+) (\d{4}) v(\d+)(.*)$/.exec(part) ?? part);
  const say = (lang: 'zh' | 'en') =>
    parts
      .map((m) => {
        if (typeof m === 'string') return m;
        const [, prefix, year, version, rest] = m as unknown as [string, string, string, string, string];
        const national = prefix === 'national';
        if (lang === 'zh') return `${national ? '国家' : `地方(区划 ${prefix})`} ${year} 年第 ${version} 版${rest}`;
        return `${national ? 'national' : `regional (${prefix})`} ${year} version ${version}${rest}`;
      })
      .join(' + ');
  return { zh: say('zh'), en: say('en') };
}
