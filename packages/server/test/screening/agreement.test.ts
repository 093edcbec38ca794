/**
 * One rule, two engines (issue 5 §4; ARCHITECTURE "The same rule, two engines"): generated households are written
 * to the registry tables; the set-based SQL screening evaluates them, and core's assess() and
 * evaluateEliminationGuards() evaluate the same households loaded back through the facts repository, each under
 * the policy of its own region (national 6000; a township override; 陕西 7300 without the risk requirement).
 * Both must give the same category, grounds, exclusions, risk types, failed guards and findings.
 */
import {
  parseHouseholdFacts,
  resolvePolicy,
  RULE_BY_ID,
  RULES,
  type Explanation,
  type HouseholdFacts,
  type HouseholdFactsInput,
  type PolicyRecord,
  type ScreeningFinding,
} from '@dixian/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawClient } from '../../src/db/driver.js';
import type { Store } from '../../src/db/store.js';
import { builtinPolicyFiles, readPolicyFile } from '../../src/policies/builtin.js';
import { HouseholdFactsRepository } from '../../src/repositories/household-facts.repository.js';
import { PolicyRepository } from '../../src/repositories/policy.repository.js';
import { executeRun } from '../../src/screening/engine.js';
import { evaluateHouseholds, type EvaluatedHousehold } from '../../src/screening/evaluate.js';
import { evaluationQuery } from '../../src/screening/evaluate.sql.js';
import { readExplanation } from '../../src/screening/explain.sql.js';
import { screeningPolicies } from '../../src/screening/policy-params.js';
import { screenHousehold, type ReferenceOutcome } from '../../src/screening/reference.js';
import { ScreeningRunRepository } from '../../src/screening/runs.js';
import { createTestStore, engines } from '../support/db.js';
import { batchArb, type GeneratedBatch } from './arbitraries.js';
import { setupScreening, TOWNSHIP_POLICY, writeHousehold } from './support.js';

const RECORDS: PolicyRecord[] = [...builtinPolicyFiles().map(readPolicyFile), TOWNSHIP_POLICY];
const lineOf = (village: string, asOf: string) => resolvePolicy(RECORDS, village, asOf).monitoringIncomeLineFen;
const RUNS = Number(process.env.DIXIAN_PROPERTY_RUNS ?? 60);

/** What both engines conclude about a household. */
function fromReference(r: ReferenceOutcome) {
  return {
    inScope: r.assessment.inScope,
    category: r.assessment.category,
    grounds: r.assessment.grounds,
    exclusions: r.assessment.exclusions,
    riskTypes: r.assessment.riskTypes,
    disasterSubtype: r.assessment.disasterSubtype,
    guardsFailed: r.guards.failedRuleIds,
    findings: r.findings,
    countedMembers: r.assessment.income.countedMembers,
    belowLine: r.assessment.income.belowLine,
    noLaborCapacity: r.assessment.wholeHouseholdNoLabor.noLaborCapacity,
    livesOnSocialSecurity: r.assessment.wholeHouseholdNoLabor.livesOnSocialSecurity,
    lastVisitOn: r.visit.lastVisitOn,
  };
}

function fromSql(e: EvaluatedHousehold) {
  return {
    inScope: e.inScope,
    category: e.category,
    grounds: e.grounds,
    exclusions: e.exclusions,
    riskTypes: e.riskTypes,
    disasterSubtype: e.disasterSubtype,
    guardsFailed: e.guardsFailed,
    findings: e.findings,
    countedMembers: e.countedMembers,
    belowLine: e.belowLine,
    noLaborCapacity: e.noLaborCapacity,
    livesOnSocialSecurity: e.livesOnSocialSecurity,
    lastVisitOn: e.lastVisitOn,
  };
}

/**
 * Rule by rule (issue 13 §2): every rule unit's SQL half over the evaluation row, per household, as
 * { ruleId: holds }. A unit without an SQL half, or whose SQL decides otherwise than its core half, fails here.
 */
async function unitsInSql(
  client: RawClient,
  asOf: string,
  policies: ReturnType<typeof screeningPolicies>,
  ids: string[],
): Promise<Map<string, Record<string, boolean>>> {
  const q = evaluationQuery(
    '',
    asOf,
    policies.map((p) => p.params),
    { householdIds: ids },
  );
  const r = await client.query<{ id: string; holds: boolean[] }>(
    `select x.id, array[${RULES.map((u) => `coalesce((${u.sql('x')}), false)`).join(', ')}] as holds
     from (${q.text}) x`,
    q.params,
  );
  return new Map(r.rows.map((row) => [row.id, Object.fromEntries(RULES.map((u, i) => [u.id, row.holds[i]!]))]));
}

/** The same from core: a unit holds when its explanation's outcome is 'yes' (a unit that did not speak: no). */
function unitsInCore(explanations: readonly Explanation[]): Record<string, boolean> {
  const said = new Map(explanations.map((e) => [e.ruleId, e.outcome === 'yes']));
  return Object.fromEntries(RULES.map((u) => [u.id, said.get(u.id) ?? false]));
}

const sorted = <T>(xs: T[]) => [...xs].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

/** The facts without what the registry adds (ids, names, household numbers), lists in a fixed order. */
function comparable(f: HouseholdFacts) {
  return {
    ...f,
    monitoring: { ...f.monitoring, measures: sorted(f.monitoring.measures) },
    householdNo: undefined,
    waterIssue: f.waterIssue ?? null,
    members: f.members.map((m) => ({
      ...m,
      id: undefined,
      name: undefined,
      idNumber: undefined,
      disease: m.disease ?? null,
    })),
    separateRelatives: sorted(f.separateRelatives.map((r) => ({ ...r, name: undefined }))),
    incomes: sorted(f.incomes.map((r) => ({ ...r, note: r.note ?? null }))),
    riskEvents: sorted(
      f.riskEvents.map((e) => ({
        ...e,
        memberId: e.memberId ?? null,
        source: e.source ?? null,
        note: e.note ?? null,
      })),
    ),
  };
}

describe.each(engines)('one rule, two engines on %s', (engine) => {
  let store: Store;
  let records: PolicyRecord[];

  beforeAll(async () => {
    store = await createTestStore(engine);
    await setupScreening(store);
    records = await new PolicyRepository(store.db).all();
  });
  afterAll(async () => {
    await store?.close();
  });

  /** Write a batch, evaluate it with both engines, return both answers per household. */
  async function bothEngines(batch: GeneratedBatch) {
    const written = await store.transaction(async (tx) => {
      const out: { id: string; input: HouseholdFactsInput }[] = [];
      for (const h of batch.households)
        out.push({ id: (await writeHousehold(tx, h.facts, h.extras)).id, input: h.facts });
      return out;
    });
    const ids = written.map((w) => w.id);
    const policies = screeningPolicies(records, '', batch.asOf);
    const sql = await store.transaction((tx) => evaluateHouseholds(tx.client, '', batch.asOf, policies, ids));
    const units = await store.transaction((tx) => unitsInSql(tx.client, batch.asOf, policies, ids));
    // and the run path: only candidate households evaluated, findings stored with their explanations
    // The run row is committed first, as the service does: partitions on PostgreSQL write from connections of
    // their own, which must see it.
    const run = await store.transaction((tx) =>
      new ScreeningRunRepository(tx.client).create({
        scopeCode: '',
        asOf: batch.asOf,
        policies,
        triggeredBy: null,
        startedAt: new Date(),
      }),
    );
    const stored = await store.transaction(async (tx) => {
      await executeRun(store, tx, { id: run.id, scopeCode: '', asOf: batch.asOf, previousRunId: null }, policies, {
        householdIds: ids,
        partitions: 2,
      });
      const r = await tx.client.query<{ household_id: string; finding: ScreeningFinding; explanation: unknown }>(
        'select household_id, finding, explanation from screening_result where run_id = $1 order by finding',
        [run.id],
      );
      return r.rows.map((x) => ({ ...x, explanation: readExplanation(x.finding, false, x.explanation) }));
    });
    const loaded = await new HouseholdFactsRepository(store.db).load(ids, { regionPrefix: '' }, batch.asOf);
    return written.map((w) => {
      const l = loaded.find((x) => x.id === w.id)!;
      const e = sql.find((x) => x.id === w.id)!;
      const policy = resolvePolicy(records, l.regionCode, batch.asOf);
      const run = stored.filter((r) => r.household_id === w.id);
      return {
        w,
        l,
        e,
        run,
        ref: screenHousehold(l.facts, policy, batch.asOf, l.context),
        policy,
        units: units.get(w.id)!,
      };
    });
  }

  it(
    'generated households: same category, grounds, exclusions, risk types, guards and findings (S0 方案二 §二, S1 §三–§四, S3 §三)',
    async () => {
      await fc.assert(
        fc.asyncProperty(batchArb(lineOf), async (batch) => {
          for (const { w, l, e, run, ref, policy, units } of await bothEngines(batch)) {
            // the registry holds exactly the generated facts, and the run used the village's own policy
            expect(comparable(l.facts)).toEqual(comparable(parseHouseholdFacts(w.input)));
            expect(e.policyVersion).toBe(policy.versionLabel);
            expect(fromSql(e), `household ${e.householdNo} on ${batch.asOf}`).toEqual(fromReference(ref));
            expect(
              run.map((r) => r.finding),
              `run of ${e.householdNo}`,
            ).toEqual(ref.findings);
            for (const r of run) expect(r.explanation.reasons.length).toBeGreaterThan(0);
            // each rule, one by one: its SQL half holds exactly when its core half says 'yes'
            const core = [...ref.assessment.explanations, ...ref.guards.explanations];
            expect(units, `rules of ${e.householdNo} on ${batch.asOf}`).toEqual(unitsInCore(core));
            // every rule id core emits is a unit's
            const emitted = [...core.map((x) => x.ruleId), ...ref.assessment.risks.map((x) => x.ruleId)];
            for (const id of emitted) expect(RULE_BY_ID.has(id), id).toBe(true);
          }
        }),
        { numRuns: RUNS },
      );
    },
    60_000 + RUNS * 2_000,
  );

  it('every finding and every outcome occurs in the generated households (the property is not vacuous)', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(batchArb(lineOf, 12), async (batch) => {
        for (const { e } of await bothEngines(batch)) {
          for (const f of e.findings) seen.add(f);
          if (e.category) seen.add(e.category);
          for (const x of e.exclusions) seen.add(x);
          for (const g of e.grounds) seen.add(g);
          if (e.belowLine === null) seen.add('income unknown');
        }
      }),
      { numRuns: 40, seed: 20240630 },
    );
    for (const expected of [
      'should_include',
      'should_eliminate',
      'should_flag_no_labor',
      'visit_overdue',
      'unstable_lifted',
      'marginal_vulnerable',
      'sudden_hardship',
      'S0.2.2.1.private_car',
      'S0.2.2.2.mud_brick_stable_income',
      'S0.2.2.3.elderly_well_off_children',
      'S1.3.1.sudden_hardship',
      'S3.3.1.guarantees_unresolved',
      'income unknown',
    ]) {
      expect(seen, expected).toContain(expected);
    }
  });
});
