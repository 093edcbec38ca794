/**
 * Stored per-household facts (household_screening_facts, issue 5): a run reads the counted members and the income
 * in force from the facts a previous run stored wherever they still hold, and derives them again elsewhere. The
 * evaluation from stored facts must equal the full derivation column for column: on the date they were derived,
 * on later dates inside and outside their validity, on an earlier date, and after writes through the services.
 */
import { addDays } from '@dixian/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawClient } from '../../src/db/driver.js';
import type { Store } from '../../src/db/store.js';
import { PolicyRepository } from '../../src/repositories/policy.repository.js';
import { evaluationQuery, factsRefreshQuery, staleFactsQuery } from '../../src/screening/evaluate.sql.js';
import { screeningPolicies } from '../../src/screening/policy-params.js';
import { createIncome, deleteIncome, updateIncome } from '../../src/services/income.service.js';
import { createMember, updateMember } from '../../src/services/member.service.js';
import {
  annualIncome,
  createHouseholdIn,
  createTestbed,
  memberInput,
  VILLAGE_A,
  type Testbed,
} from '../support/api.js';
import { createTestStore, engines } from '../support/db.js';
import { batchArb } from './arbitraries.js';
import { setupScreening, writeHousehold } from './support.js';

const RUNS = Math.max(10, Math.round(Number(process.env.DIXIAN_PROPERTY_RUNS ?? 60) / 3));

/**
 * Every household of `ids` evaluated on `asOf` twice, every output column: from the stored facts (brought up to
 * date first, as a run does) and by the full derivation. Also how many facts were derived on an earlier date.
 */
async function bothPaths(store: Store, ids: string[], asOf: string, few = false) {
  const records = await new PolicyRepository(store.db).all();
  const params = screeningPolicies(records, '', asOf).map((p) => p.params);
  return store.transaction(async (tx) => {
    const rows = async (facts: boolean) => {
      const q = evaluationQuery('', asOf, params, { householdIds: ids, facts });
      const r = await tx.client.query<Record<string, unknown>>(`select * from (${q.text}) x order by id`, q.params);
      return r.rows;
    };
    // both ways a run derives stale facts: for the stale households named (few), or for all in one pass
    const stale = staleFactsQuery('', asOf, params, { householdIds: ids }, few ? ids.length : 0);
    const found = (await tx.client.query<{ ids: string[] | null }>(stale.text, stale.params)).rows[0]!;
    const refresh = factsRefreshQuery('', asOf, params, { householdIds: few ? (found.ids ?? []) : ids });
    await tx.client.query(refresh.text, refresh.params);
    const reused = await count(tx.client, ids, `as_of < $2::date`, asOf);
    const valid = await count(tx.client, ids, `as_of <= $2::date and $2::date < valid_until`, asOf);
    return { facts: await rows(true), derived: await rows(false), reused, valid };
  });
}

async function count(client: RawClient, ids: string[], where: string, asOf: string): Promise<number> {
  const r = await client.query<{ n: number }>(
    `select count(*)::int as n from household_screening_facts where household_id = any($1::uuid[]) and ${where}`,
    [ids, asOf],
  );
  return r.rows[0]!.n;
}

describe.each(engines)('stored screening facts on %s', (engine) => {
  let store: Store;

  beforeAll(async () => {
    store = await createTestStore(engine);
    await setupScreening(store);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('the evaluation from stored facts equals the full derivation on later, far and earlier dates', async () => {
    let reusedSomewhere = 0;
    let derivedAgainSomewhere = 0;
    await fc.assert(
      fc.asyncProperty(
        batchArb(() => 600_000),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        async (batch, step, few) => {
          const ids = await store.transaction(async (tx) => {
            const out: string[] = [];
            for (const h of batch.households) out.push((await writeHousehold(tx, h.facts, h.extras)).id);
            return out;
          });
          // derived on the batch's date, then read on dates after it (days, a season, years), on the last day
          // each household's facts were said to hold (the exact boundaries), and on a date before it
          const first = await bothPaths(store, ids, batch.asOf, few);
          expect(first.facts).toEqual(first.derived);
          const lastDays = await store.transaction(async (tx) => {
            const r = await tx.client.query<{ d: string }>(
              `select distinct (valid_until - 1)::text as d from household_screening_facts
               where household_id = any($1::uuid[]) and valid_until < 'infinity' order by 1 limit 6`,
              [ids],
            );
            return r.rows.map((x) => x.d);
          });
          const later = [addDays(batch.asOf, 1), addDays(batch.asOf, step * 9), addDays(batch.asOf, step * 60)];
          for (const asOf of [...new Set([...later, ...lastDays])].sort().concat(addDays(batch.asOf, -1))) {
            const r = await bothPaths(store, ids, asOf, few);
            expect(r.valid, `every household has facts valid on ${asOf}`).toBe(ids.length);
            expect(r.facts, `facts path on ${asOf} (first derived on ${batch.asOf})`).toEqual(r.derived);
            reusedSomewhere += r.reused;
            derivedAgainSomewhere += ids.length - r.reused;
          }
        },
      ),
      { numRuns: RUNS },
    );
    // the property is not vacuous: facts were both reused and derived again
    expect(reusedSomewhere).toBeGreaterThan(0);
    expect(derivedAgainSomewhere).toBeGreaterThan(0);
  }, 120_000);
});

describe.each(engines)('stored screening facts after writes through the services on %s', (engine) => {
  let tb: Testbed;
  const AS_OF = '2024-06-30';

  beforeAll(async () => {
    tb = await createTestbed(engine);
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('a write to members or income records forgets the household’s facts, and the next run agrees', async () => {
    const h = await createHouseholdIn(tb, VILLAGE_A, {
      members: [memberInput('head', { seq: 71 }), memberInput('spouse', { seq: 72, birthDate: '1970-08-09' })],
    });
    const other = await createHouseholdIn(tb, VILLAGE_A, { members: [memberInput('head', { seq: 73 })] });
    const id = h.household.id;
    const ids = [id, other.household.id];
    const i2022 = await createIncome(tb.system, id, annualIncome(2022, 2_000_000));
    await createIncome(tb.system, id, annualIncome(2023, 1_500_000));
    await createIncome(tb.system, other.household.id, annualIncome(2023, 900_000));

    const stored = async () =>
      (
        await tb.store.db
          .selectFrom('household_screening_facts' as never)
          .select(['household_id' as never])
          .execute()
      ).map((r) => (r as { householdId: string }).householdId);
    const check = async () => {
      const r = await bothPaths(tb.store, ids, AS_OF);
      expect(r.facts).toEqual(r.derived);
      return r;
    };

    await check();
    expect((await stored()).sort()).toEqual([...ids].sort());

    // each write through a service forgets this household's facts and only its own
    const writes: [string, () => Promise<unknown>][] = [
      ['income created', () => createIncome(tb.system, id, annualIncome(2021, 100_000))],
      ['income updated', () => updateIncome(tb.system, id, i2022.id, { wageFen: 50_000 })],
      ['income deleted', () => deleteIncome(tb.system, id, i2022.id)],
      ['member created', () => createMember(tb.system, id, memberInput('son', { seq: 74, birthDate: '2012-03-01' }))],
      [
        'member updated',
        async () => {
          const m = h.members.find((x) => x.relation === 'spouse')!;
          return updateMember(tb.system, id, m.id, { version: m.version, healthStatus: 'serious_illness' });
        },
      ],
    ];
    for (const [what, write] of writes) {
      await write();
      expect(await stored(), what).toEqual([other.household.id]);
      const r = await check();
      expect(r.reused, what).toBe(0);
    }
  });
});
