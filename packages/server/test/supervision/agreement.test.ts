/**
 * Data-quality rules, two engines on generated households (issue 17 §2; S3 §三(八)): random members (relations, birth
 * dates around month ends and 29 February, missing ID numbers, deaths), income records and visits are written to the
 * register; the set-based statement and core's evaluateDataQuality must find the same rules for every household.
 */
import { makeIdNumber } from '@dixian/core';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countDataQualityFindings, dataQualityOfHousehold } from '../../src/services/data-quality.service.js';
import { createHouseholdIn, createTestbed, VILLAGE_A, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

const AS_OF = '2024-02-29';
let seq = 0;
const DAYS = ['01-01', '02-28', '02-29', '03-01', '02-29', '12-31', '06-15'];

// relations and ages near the rules' lines: one living head, a spouse around the marriage ages, children and
// parents around the 15-year gap, now and then a second head, a death or a missing ID number
const other = fc.record({
  relation: fc.constantFrom('spouse', 'spouse', 'son', 'daughter', 'grandson', 'father', 'mother', 'sibling', 'head'),
  delta: fc.oneof(fc.integer({ min: -20, max: 33 }), fc.constantFrom(14, 15, 16, -14, -15, -16, 30)),
  spouseYear: fc.constantFrom(2001, 2002, 2003, 2004, 2005, 1975),
  day: fc.constantFrom(...DAYS),
  sex: fc.constantFrom('male', 'female'),
  noId: fc.boolean(),
  deceased: fc.constantFrom(null, null, null, '2023-05-01', '2024-03-01'),
  dibao: fc.boolean(),
});
const household = fc.record({
  head: fc.record({ year: fc.integer({ min: 1950, max: 2010 }), day: fc.constantFrom(...DAYS), noId: fc.boolean() }),
  members: fc.array(other, { minLength: 0, maxLength: 2 }),
  incomes: fc.array(fc.record({ year: fc.constantFrom(2021, 2022, 2023), wage: fc.integer({ min: 0, max: 40_000 }) }), {
    maxLength: 3,
  }),
  visit: fc.constantFrom(
    null,
    { on: '2023-12-01', note: null },
    { on: '2024-01-10', note: '正常' },
    { on: '2024-01-10', note: '' },
  ),
});

const validDate = (year: number, day: string) =>
  day === '02-29' && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? `${year}-02-28` : `${year}-${day}`;

describe.each(engines)('data quality, core and SQL agree on generated households on %s', (engine) => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await createTestbed(engine);
  });
  afterAll(() => tb?.close());

  it('every household: the same rules found by both engines', async () => {
    const households = fc.sample(household, { numRuns: Number(process.env.DIXIAN_PROPERTY_RUNS ?? 400), seed: 17 });
    const db = tb.store.db;
    const ids: string[] = [];
    for (const g of households) {
      const h = await createHouseholdIn(tb, VILLAGE_A);
      const id = h.household.id;
      ids.push(id);
      await sql`delete from member where household_id = ${id}`.execute(db);
      const rows = [
        {
          relation: 'head',
          birth: validDate(g.head.year, g.head.day),
          sex: 'male',
          noId: g.head.noId,
          deceased: null,
          dibao: false,
        },
        ...g.members.map((m) => ({
          relation: m.relation,
          birth: validDate(m.relation === 'spouse' ? m.spouseYear : g.head.year + m.delta, m.day),
          sex: m.sex,
          noId: m.noId,
          deceased: m.deceased,
          dibao: m.dibao,
        })),
      ];
      for (const m of rows) {
        const idNumber =
          m.noId || m.birth > AS_OF ? null : makeIdNumber('220681', m.birth, ++seq % 1000, m.sex as 'male');
        await sql`insert into member (household_id, county_code, name, sex, birth_date, relation, deceased_on,
            receives_dibao, id_number)
          values (${id}, '220681', '测试', ${m.sex}, ${m.birth}::date, ${m.relation}, ${m.deceased}::date, ${m.dibao},
            ${idNumber})`.execute(db);
      }
      for (const [i, r] of g.incomes.entries()) {
        await sql`insert into income_record (household_id, county_code, year, kind, period_start, period_end, wage_fen)
          values (${id}, '220681', ${r.year}, 'annual', ${`${r.year}-01-01`}::date, ${`${r.year}-12-31`}::date, ${r.wage * 100})
          on conflict do nothing`.execute(db);
        void i;
      }
      if (g.visit) {
        await sql`insert into visit (household_id, county_code, region_code, visited_on, note)
          values (${id}, '220681', ${VILLAGE_A}, ${g.visit.on}::date, ${g.visit.note})`.execute(db);
      }
    }
    const found = await countDataQualityFindings(db, { regionPrefix: VILLAGE_A }, AS_OF);
    let findings = 0;
    for (const [i, id] of ids.entries()) {
      const core = await dataQualityOfHousehold(db, id, AS_OF);
      findings += core.ruleIds.length;
      expect({ i, g: households[i], ruleIds: found.get(id) ?? [] }).toEqual({
        i,
        g: households[i],
        ruleIds: core.ruleIds,
      });
    }
    // the generated households do reach the rules
    expect(findings).toBeGreaterThan(ids.length / 4);
  }, 300_000);
});
