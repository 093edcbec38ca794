/**
 * Screening that judges again only what changed (issue 19 §3): a next-day run judges again the households written
 * since the run before, or whose dates passed, and copies the others' findings from it. Whatever was written and
 * whichever dates passed, its rows (findings, categories, explanations, departures) must be exactly those of a
 * full run on the same day compared with the same run before.
 */
import { addDays, addMonths, resolvePolicy, type PolicyRecord } from '@dixian/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/store.js';
import { builtinPolicyFiles, readPolicyFile } from '../../src/policies/builtin.js';
import { PolicyRepository } from '../../src/repositories/policy.repository.js';
import { executeRun, type RunOutcome } from '../../src/screening/engine.js';
import { screeningPolicies } from '../../src/screening/policy-params.js';
import { ScreeningRunRepository } from '../../src/screening/runs.js';
import { createTestStore, engines } from '../support/db.js';
import { batchArb } from './arbitraries.js';
import { FIXTURES } from '../../../core/test/fixtures/index.js';
import { setupScreening, TOWNSHIP_POLICY, VILLAGES, writeHousehold } from './support.js';

const RECORDS: PolicyRecord[] = [...builtinPolicyFiles().map(readPolicyFile), TOWNSHIP_POLICY];
const lineOf = (village: string, asOf: string) => resolvePolicy(RECORDS, village, asOf).monitoringIncomeLineFen;
const RUNS = Math.max(8, Math.round((Number(process.env.DIXIAN_PROPERTY_RUNS ?? 60) * 2) / 3));

/** Writes a day can bring to one household (each through the tables, as any service, feed or import writes). */
const WRITES = [
  `update income_record set wage_fen = wage_fen + 400000 where household_id = $1`,
  `update income_record set wage_fen = 0, business_gross_fen = 0 where household_id = $1`,
  `update member set labor_capacity = 'lost' where household_id = $1`,
  `update household set last_visit_on = $2::date where id = $1`,
  `update household set closed_on = $2::date, merged_into_id = id where id = $1`,
  `update household set region_code = '${VILLAGES.shaanxi}', county_code = '610424' where id = $1`,
  // into a village whose policy has other stable-income months and school ages than the facts were derived under
  `update household set region_code = '${VILLAGES.township}', county_code = '220681' where id = $1`,
  // a village merged into that one: the day's households of the village of $1 move together
  `update household h set region_code = '${VILLAGES.township}', county_code = '220681' from household o
   where o.id = $1 and h.region_code = o.region_code and h.id = any($2::uuid[])`,
  `delete from household_risk_event where household_id = $1`,
  `update monitoring_case set confirmed_on = $2::date - 400 where household_id = $1`,
] as const;

describe.each(engines)('screening that judges only what changed, on %s', (engine) => {
  let store: Store;

  beforeAll(async () => {
    store = await createTestStore(engine);
    await setupScreening(store);
  });
  afterAll(async () => {
    await store?.close();
  });

  /** A run of the whole country on `asOf` compared with `previousRunId`, executed and finished as the service does. */
  async function run(asOf: string, previousRunId: string | null, incremental: boolean) {
    const policies = screeningPolicies(await new PolicyRepository(store.db).all(), '', asOf);
    // recorded in a transaction of its own first: the partitions store their rows in theirs
    const created = await store.transaction((tx) =>
      new ScreeningRunRepository(tx.client).create({
        scopeCode: '',
        asOf,
        policies,
        triggeredBy: null,
        startedAt: new Date(),
      }),
    );
    const outcome: RunOutcome = await store.transaction(async (tx) => {
      const o = await executeRun(store, tx, { id: created.id, scopeCode: '', asOf, previousRunId }, policies, {
        incremental,
        partitions: 2,
        // the machinery of judging only what changed, over the facts stored now (the random writes are dated by
        // the database's clock, after every day screened here)
        factsAsOf: false,
        // these few households are mostly judged again: incremental all the same
        mostlyChanged: Number.MAX_SAFE_INTEGER,
      });
      await new ScreeningRunRepository(tx.client).finish(created.id, { ...o, previousRunId, finishedAt: new Date() });
      return o;
    });
    const rows = (
      await store.transaction((tx) =>
        tx.client.query<Record<string, unknown>>(
          `select household_id, county_code, region_code, finding, category, cleared, explanation::text as explanation
           from screening_result where run_id = $1 order by household_id, finding, cleared`,
          [created.id],
        ),
      )
    ).rows;
    return { id: created.id, outcome, rows };
  }

  // On PostgreSQL this property found incremental runs missing rows of the full run: a household moved to a village
  // of another policy was judged with facts derived under the old policy's stable-income months and school ages (the
  // deterministic test below, which fails without the fix every time; this property found it only now and then,
  // even with the moves into the township's village). The households accumulate from case to case, so a failing
  // case cannot be shrunk: it is reported as found (replay with FC_SEED).
  it('a next-day run after writes and passing dates stores exactly the rows of a full run on that day', async () => {
    await fc.assert(
      fc.asyncProperty(
        batchArb(lineOf, 10),
        fc.constantFrom(1, 2, 31),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: WRITES.length - 1 })), { maxLength: 4 }),
        async (batch, gap, writes) => {
          const ids = await store.transaction(async (tx) => {
            const out: string[] = [];
            for (const h of batch.households) out.push((await writeHousehold(tx, h.facts, h.extras)).id);
            return out;
          });
          // the generated dates cluster around batch.asOf: the run before is a little earlier, so they pass
          const day = batch.asOf;
          const before = await run(addDays(day, -gap), null, false);
          await store.transaction(async (tx) => {
            for (const [i, w] of writes) {
              const text = WRITES[w]!;
              const id = ids[i % ids.length];
              await tx.client.query(
                text,
                text.includes('$2::uuid[]') ? [id, ids] : text.includes('$2') ? [id, day] : [id],
              );
            }
          });
          const next = await run(day, before.id, true);
          const full = await run(day, before.id, false);
          // an empty scope (every household closed or moved away) is judged in full: there is nothing to copy
          if (next.outcome.householdsScanned > 0) expect(next.outcome.judged).not.toBeNull();
          expect(full.outcome.judged).toBeNull();
          expect(next.rows).toEqual(full.rows);
        },
      ),
      { numRuns: RUNS, endOnFailure: true, ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) },
    );
  }, 300_000);

  it('S3 §三(二): a lifted household whose visit falls due between two runs is judged again without any write', async () => {
    const d1 = '2024-06-30';
    const d2 = '2024-07-01';
    const months = screeningPolicies(await new PolicyRepository(store.db).all(), VILLAGES.jilin, d1)[0]!.params
      .visitLiftedMonths;
    const lifted = {
      ...FIXTURES['s0-excluded-private-car'],
      householdNo: 'DUE-1',
      householdType: 'lifted_household' as const,
      hasPrivateCar: false,
      incomes: [],
    };
    // due on d1 exactly (not yet overdue), overdue on d2
    const due = await store.transaction((tx) => writeHousehold(tx, lifted, { visits: [addMonths(d1, -months)] }));
    const quiet = await store.transaction((tx) =>
      writeHousehold(tx, { ...lifted, householdNo: 'QUIET-1' }, { visits: [d1] }),
    );
    const before = await run(d1, null, false);
    const next = await run(d2, before.id, true);
    const flagged = (r: typeof next, id: string) =>
      r.rows.filter((x) => x.household_id === id && !x.cleared).map((x) => x.finding);
    expect(flagged(before, due.id)).toEqual([]);
    expect(flagged(next, due.id)).toEqual(['visit_overdue']);
    expect(flagged(next, quiet.id)).toEqual([]);
    // only some households were judged again: the others' findings were copied
    expect(next.outcome.judged).toBeGreaterThan(0);
    expect(next.outcome.judged!).toBeLessThan(next.outcome.householdsScanned);
    const full = await run(d2, before.id, false);
    expect(next.rows).toEqual(full.rows);
  });

  it('a household moved to a village of another policy is judged with facts derived under that policy', async () => {
    // a son of 16 who left school: past the township's compulsory-education age (15), within 陕西's (16)
    const d1 = '2024-06-29';
    const d2 = '2024-06-30';
    const moved = await store.transaction((tx) =>
      writeHousehold(tx, {
        ...FIXTURES['s3-school-dropout'],
        householdNo: 'MOVED-1',
        regionCode: VILLAGES.township,
        members: FIXTURES['s3-school-dropout'].members!.map((m) =>
          m.relation === 'son' ? { ...m, birthDate: '2008-01-01' } : m,
        ),
      }),
    );
    const before = await run(d1, null, false);
    await store.transaction((tx) =>
      tx.client.query(`update household set region_code = $2, county_code = '610424' where id = $1`, [
        moved.id,
        VILLAGES.shaanxi,
      ]),
    );
    const next = await run(d2, before.id, true);
    const full = await run(d2, before.id, false);
    const flagged = (r: typeof next) =>
      r.rows.filter((x) => x.household_id === moved.id && !x.cleared).map((x) => x.finding);
    expect(flagged(before)).toEqual([]);
    expect(flagged(full)).toEqual(['should_include']);
    expect(next.outcome.judged).not.toBeNull();
    expect(next.rows).toEqual(full.rows);
  });

  it('a run before the marks existed makes the next run judge everyone; the one after judges only what changed', async () => {
    const first = await run('2024-08-01', null, false);
    await store.transaction((tx) =>
      tx.client.query('update screening_run set input_snapshot = null where id = $1', [first.id]),
    );
    const next = await run('2024-08-02', first.id, true);
    expect(next.outcome.judged).toBeNull();
    const again = await run('2024-08-03', next.id, true);
    expect(again.outcome.judged).not.toBeNull();
  });
});
