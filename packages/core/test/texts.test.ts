import { describe, expect, it } from 'vitest';
import { assess } from '../src/assess.js';
import { chinaDateTime } from '../src/dates.js';
import { evaluateEliminationGuards } from '../src/elimination.js';
import type { Explanation } from '../src/explain.js';
import { citeSource, policyVersionText } from '../src/explain.js';
import { SIGNAL_RULES } from '../src/feeds/signals.js';
import { fenToYuanText } from '../src/policy.js';
import { policyFor } from './assess.support.js';
import { ELIMINATION_AS_OF, FIXTURES, IDENTIFICATION_AS_OF } from './fixtures/index.js';

/** Our design documents (DOMAIN.md sections like §3.3, its W#/R# tags): never cited to an officer. */
const DESIGN_DOC = /DOMAIN|§\s*\d|\b[WR]\d+\b|guard \d/;

function everyExplanation(): Explanation[] {
  const out: Explanation[] = [];
  for (const h of Object.values(FIXTURES)) {
    for (const asOf of [IDENTIFICATION_AS_OF, ELIMINATION_AS_OF]) {
      const policy = policyFor(h.regionCode, asOf);
      out.push(...assess(h, policy, asOf).explanations, ...evaluateEliminationGuards(h, policy, asOf).explanations);
    }
  }
  return out;
}

describe('texts an officer reads (issue 12 §13)', () => {
  const all = everyExplanation();

  it('no explanation of the assessment or the elimination guards cites our design documents', () => {
    expect(all.length).toBeGreaterThan(100);
    const cited = all.filter(
      (e) => DESIGN_DOC.test(e.source) || DESIGN_DOC.test(e.message.zh) || DESIGN_DOC.test(e.message.en),
    );
    expect(cited.map((e) => `${e.ruleId}: ${e.source}`)).toEqual([]);
  });

  it('no department signal rule cites our design documents', () => {
    const cited = Object.values(SIGNAL_RULES).filter((r) => DESIGN_DOC.test(r.source));
    expect(cited.map((r) => `${r.signal}: ${r.source}`)).toEqual([]);
  });

  it('a seed citation reads as the document’s title and paragraph, never as S0–S3', () => {
    const c = citeSource('S1 §四(四)；S3 §三(六)');
    expect(c.zh).toBe(
      '《临江市关于健全防止返贫动态监测和帮扶机制工作的实施方案》第四(四)条；《防止返贫动态监测帮扶专项整治工作方案》第三(六)条',
    );
    expect(citeSource('S0 方案二 §二(二)1').zh).toBe('《防止返贫监测和帮扶工作方案三篇》方案二 第二(二)1条');
    for (const e of all) expect(citeSource(e.source).zh, e.source).not.toMatch(/\bS\d\b|§/);
  });

  it('a policy version reads in words: 国家 2021 年第 1 版', () => {
    expect(policyVersionText('national 2021 v1 + 61 2024 v1')).toEqual({
      zh: '国家 2021 年第 1 版 + 地方(区划 61) 2024 年第 1 版',
      en: 'national 2021 version 1 + regional (61) 2024 version 1',
    });
  });

  it('an instant in China time (UTC+8), to the second', () => {
    expect(chinaDateTime(new Date('2024-06-02T17:30:05Z'))).toBe('2024-06-03 01:30:05');
  });
});

describe('amounts in sentences', () => {
  it('read in yuan with thousands separators, never in fen', () => {
    expect(fenToYuanText(680_000)).toBe('6,800.00');
    expect(fenToYuanText(123_456_789)).toBe('1,234,567.89');
    expect(fenToYuanText(5)).toBe('0.05');
    expect(fenToYuanText(-100_000_00)).toBe('-100,000.00');
    const h = FIXTURES['s3-elimination-due'];
    const guards = evaluateEliminationGuards(h, policyFor(h.regionCode, ELIMINATION_AS_OF), ELIMINATION_AS_OF);
    expect(JSON.stringify(guards)).toMatch(/\d,\d{3}\.\d{2}元/);
  });
});
