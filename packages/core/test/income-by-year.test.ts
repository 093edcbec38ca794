import { describe, expect, it } from 'vitest';
import { assess } from '../src/assess.js';
import { parseHouseholdFacts } from '../src/household-facts.js';
import { incomeByYear } from '../src/income.js';
import { policyFor } from './assess.support.js';
import { FIXTURES, IDENTIFICATION_AS_OF } from './fixtures/index.js';

describe('income by year, as the household page charts it (issue 12 §14)', () => {
  it('S0 方案二 注意2: per-capita income over the members the assessment counts, not the living members or the record’s own count', () => {
    const input = structuredClone(FIXTURES['s0-counted-members']);
    // the record says 5 people (everyone alive), the rules count 4 (the daughter neither registered nor sharing)
    input.incomes = input.incomes!.map((r) => ({ ...r, memberCount: 5 }));
    const facts = parseHouseholdFacts(input);
    const a = assess(input, policyFor(input.regionCode, IDENTIFICATION_AS_OF), IDENTIFICATION_AS_OF);
    const rule = a.explanations.find((e) => e.facts.countedMembers !== undefined)!;
    const years = incomeByYear(facts.incomes, facts.members, IDENTIFICATION_AS_OF);
    const latest = years.at(-1)!;
    expect(latest.people).toBe(rule.facts.countedMembers);
    expect(latest.people).toBe(4);
    expect(latest.perCapitaFen).toBe(rule.facts.perCapitaFen);
    expect(years.map((y) => y.year)).toEqual([2022, 2023]);
  });
});
