import type { HouseholdDetail } from '@dixian/core/api';
import { sql } from 'kysely';
import { annualIncome, createHouseholdIn, VILLAGE_A, VILLAGE_B, type Testbed } from '../support/api.js';
import { insertCase } from '../support/records.js';
import { createIncome } from '../../src/services/income.service.js';

/**
 * A hand-built village for the data-quality rules (S3 §三(八)) on 2024-06-03: one household per rule, a clean one,
 * and one in village B. `expected` is what each household must be found for, counted by hand.
 */
export interface DqFixture {
  ids: Record<string, string>;
  expected: Record<string, string[]>;
}

async function income(tb: Testbed, h: HouseholdDetail, year: number, wageFen: number) {
  await createIncome(tb.system, h.household.id, annualIncome(year, wageFen));
}

const head = (h: HouseholdDetail) => h.members.find((m) => m.relation === 'head')!.id;
const spouse = (h: HouseholdDetail) => h.members.find((m) => m.relation === 'spouse')!.id;

export async function buildDqFixture(tb: Testbed): Promise<DqFixture> {
  const db = tb.store.db;
  const ids: Record<string, string> = {};
  const make = async (key: string, village = VILLAGE_A, withIncome = true) => {
    const h = await createHouseholdIn(tb, village);
    ids[key] = h.household.id;
    if (withIncome) await income(tb, h, 2023, 3_000_000);
    return h;
  };
  await make('clean');
  const noId = await make('noId');
  await sql`update member set id_number = null, id_number_index = null where id = ${spouse(noId)}`.execute(db);
  const young = await make('youngSpouse');
  await sql`update member set birth_date = '2007-01-01' where id = ${spouse(young)}`.execute(db);
  await make('noIncome', VILLAGE_A, false);
  const drop = await make('drop', VILLAGE_A, false);
  await income(tb, drop, 2022, 3_000_000);
  await income(tb, drop, 2023, 300_000);
  const mon = await make('monitored');
  await insertCase(tb, mon.household.id, {
    stage: 'monitoring',
    discoveredOn: '2024-04-01',
    confirmedOn: '2024-05-01',
  });
  const longM = await make('longMeasure');
  const caseId = await insertCase(tb, longM.household.id, {
    stage: 'monitoring',
    discoveredOn: '2022-11-01',
    confirmedOn: '2022-12-01',
  });
  await sql`with p as (
      insert into assistance_plan (case_id, household_id, county_code, created_on)
      values (${caseId}, ${longM.household.id}, '220681', '2022-12-05') returning id)
    insert into assistance_measure (plan_id, household_id, county_code, category, type, start_on, status)
    select p.id, ${longM.household.id}, '220681', 'industry', 'industry_support', '2023-01-01', 'implementing' from p`.execute(
    db,
  );
  const empty = await make('emptyVisit');
  await sql`insert into visit (household_id, county_code, region_code, visited_on, note)
    values (${empty.household.id}, '220681', ${VILLAGE_A}, '2024-05-10', ' ')`.execute(db);
  const dupA = await make('dupA');
  const dupB = await make('dupB');
  await sql`update member set id_number = o.id_number, id_number_index = o.id_number_index
    from member o where member.id = ${spouse(dupB)} and o.id = ${spouse(dupA)}`.execute(db);
  const dead = await make('deceased');
  await sql`update member set deceased_on = '2024-01-05', receives_dibao = true where id = ${spouse(dead)}`.execute(db);
  const fed = await make('feed');
  await sql`with b as (
      insert into feed_batch (department, county_code, file_name, file_sha256, format, status, finished_at)
      values ('civil_affairs', '220681', 'dibao.xlsx', ${'a'.repeat(64)}, 'xlsx', 'done', now()) returning id)
    insert into feed_row (batch_id, row_no, signal_type, household_id, member_id)
    select b.id, 1, 'new_dibao_not_monitored', ${fed.household.id}, ${head(fed)} from b`.execute(db);
  await make('otherVillage', VILLAGE_B);
  const expected: Record<string, string[]> = {
    noId: ['S3.3.8.member_without_id'],
    youngSpouse: ['S3.3.8.age_relation_impossible'],
    noIncome: ['S3.3.8.no_income_record'],
    drop: ['S3.3.2.income_drop_unattended'],
    monitored: ['S3.3.5.monitored_without_measure'],
    longMeasure: ['S3.3.8.measure_long_implementing'],
    emptyVisit: ['S3.3.2.visit_without_content'],
    dupA: ['S3.3.8.same_person_two_households'],
    dupB: ['S3.3.8.same_person_two_households'],
    deceased: ['S3.3.8.deceased_still_counted'],
    feed: ['S3.3.3.feed_disagrees'],
  };
  return { ids, expected };
}
