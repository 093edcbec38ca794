/**
 * A rule is one unit (issue 13 §2): every rule unit has both halves — a decision with its zh/en explanation and
 * the seed paragraph it cites, and the SQL the screening assembles — and every rule id the engines emit is a
 * unit's. That both halves decide alike is server/test/screening/agreement.test.ts, rule by rule.
 */
import { describe, expect, it } from 'vitest';
import { assess } from '../src/assess.js';
import { evaluateEliminationGuards } from '../src/elimination.js';
import { reasonText } from '../src/rule-labels.js';
import { RULE_BY_ID, RULES } from '../src/rules/index.js';
import { policyFor, policyWith } from './assess.support.js';
import { ELIMINATION_AS_OF, FIXTURES, IDENTIFICATION_AS_OF } from './fixtures/index.js';

describe('rule units', () => {
  it('every unit has an id of its own, a decision, texts in both languages, a seed citation and an SQL half', () => {
    expect(new Set(RULES.map((u) => u.id)).size).toBe(RULES.length);
    for (const u of RULES) {
      expect(typeof u.decide, u.id).toBe('function');
      expect(u.label.zh.trim(), u.id).not.toBe('');
      expect(u.label.en.trim(), u.id).not.toBe('');
      expect(reasonText(u.id), u.id).toEqual(u.label);
      // a seed paragraph ('S1 §四(四)'), or a working rule of ours that says why it cites none
      if (u.source) expect(u.source, u.id).toMatch(/\bS[0-3]\b.*§/);
      else expect(u.workingRule?.trim(), u.id).toBeTruthy();
      expect(u.reads.length, u.id).toBeGreaterThan(0);
      // the SQL half is text over the evaluation row's alias, never a constant
      const sql = u.sql('x');
      expect(sql, u.id).toMatch(/\bx\.[a-z_]+/);
      expect(sql, u.id).not.toMatch(/\bundefined\b/);
      if (u.stage === 'ground')
        expect(u.categorySql('x'), u.id).toMatch(/'(unstable_lifted|sudden_hardship|marginal_vulnerable)'/);
      if (u.stage === 'reading' && u.risk) expect(u.risk.type ?? u.risk.mask?.('x'), u.id).toBeTruthy();
    }
  });

  it('every rule id assess and the guards emit (explanations, risks, grounds, exclusions, failures) is a unit', () => {
    const spoke = new Set<string>();
    const policies = [policyFor(), policyWith({ inclusion: { belowLineRequiresRisk: false } })];
    for (const [name, facts] of Object.entries(FIXTURES)) {
      for (const policy of policies) {
        for (const asOf of [IDENTIFICATION_AS_OF, ELIMINATION_AS_OF]) {
          const a = assess(facts, policy, asOf);
          const g = evaluateEliminationGuards(facts, policy, asOf);
          const ids = [
            ...a.explanations.map((e) => e.ruleId),
            ...a.risks.map((r) => r.ruleId),
            ...a.grounds,
            ...a.exclusions,
            ...g.explanations.map((e) => e.ruleId),
            ...g.failedRuleIds,
          ];
          for (const id of ids) expect(RULE_BY_ID.has(id), `${name}: ${id}`).toBe(true);
          for (const e of [...a.explanations, ...g.explanations]) {
            spoke.add(e.ruleId);
            expect(e.message.zh.trim(), `${name}: ${e.ruleId}`).not.toBe('');
            expect(e.message.en.trim(), `${name}: ${e.ruleId}`).not.toBe('');
            expect(e.source, e.ruleId).toBe(RULE_BY_ID.get(e.ruleId)!.source);
          }
        }
      }
    }
    // and every unit speaks for some example household
    expect([...spoke].sort()).toEqual(RULES.map((u) => u.id).sort());
  });
});
