import { describe, expect, it } from 'vitest';
import { FINDING_RULES, readExplanation } from '../../src/screening/explain.sql.js';

describe('stored screening explanations (issue 12 §13)', () => {
  it('an explanation stored as an object by an earlier version cites the seeds as its rule does now', () => {
    const old = {
      ruleId: 'S3.3.6.should_eliminate',
      source: 'S3 §三(六)；S1 §四(四)；DOMAIN §3.3',
      outcome: 'yes',
      facts: { monthsMonitored: 14 },
      threshold: {},
      policyVersion: 'national 2021 v1',
      reasons: ['guards_met'],
    };
    const read = readExplanation('should_eliminate', false, old);
    expect(read.source).toBe(FINDING_RULES.should_eliminate.source);
    expect(read.source).not.toMatch(/DOMAIN/);
    expect(read.facts).toEqual({ monthsMonitored: 14 });
  });
});
