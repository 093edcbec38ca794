import type { RawClient } from '../db/driver.js';

/** The tables the screening reads a household's facts from (evaluate.sql.ts). */
export interface FactSources {
  household: string;
  member: string;
  separateRelative: string;
  incomeRecord: string;
}

/** The rows stored now. */
export const STORED_FACTS: FactSources = {
  household: 'household',
  member: 'member',
  separateRelative: 'separate_relative',
  incomeRecord: 'income_record',
};

/** The same facts as they held on a past day: temporary tables of this transaction (factsAsOfTables). */
const AS_OF: FactSources = {
  household: 'pg_temp.fact_household_as_of',
  member: 'pg_temp.fact_member_as_of',
  separateRelative: 'pg_temp.fact_separate_relative_as_of',
  incomeRecord: 'pg_temp.fact_income_record_as_of',
};

/**
 * Build the fact tables of a scope as they held on `asOf` (issue 20 §2), set-based, with the same reading as
 * the per-household one (repositories/facts-as-of.ts): per row the earliest fact_history entry dated after the
 * day decides (ties: the lower id); an I marker means the row did not exist yet, an image is what it was, and a
 * row without an entry is as stored. Removed rows come back from their images. Images hold only the columns a
 * rule reads, laid over the stored row by jsonb_populate_record, so the tables have the base tables' shape.
 *
 * Temporary tables dropped at commit: only the run's own session and transaction see them, so a run that reads
 * them is one statement on one connection (no parallel partitions).
 */
export async function factsAsOfTables(client: RawClient, scopeCode: string, asOf: string): Promise<FactSources> {
  // the history of the counties the scope lies in (the scope's own filter on region_code comes in evaluate.sql.ts)
  const counties = `${scopeCode.slice(0, 6)}%`;
  await client.query(`drop table if exists pg_temp.fact_first_after`);
  await client.query(
    `create temp table fact_first_after on commit drop as
     select distinct on (f.fact_table, f.row_id) f.fact_table, f.row_id, f.county_code, f.image
     from fact_history f
     where f.valid_to > $1::date and f.county_code like $2
     order by f.fact_table, f.row_id, f.valid_to, f.id`,
    [asOf, counties],
  );
  for (const key of Object.keys(STORED_FACTS) as (keyof FactSources)[]) {
    const base = STORED_FACTS[key];
    const target = AS_OF[key];
    await client.query(`drop table if exists ${target}`);
    // the household row itself is never removed or marked as added: only its images apply
    const removed =
      key === 'household'
        ? ''
        : `union all
       select (jsonb_populate_record(null::${base},
               f.image || jsonb_build_object('id', f.row_id, 'county_code', f.county_code))).*
       from pg_temp.fact_first_after f
       where f.fact_table = '${base}' and f.image is not null
         and not exists (select 1 from ${base} b where b.id = f.row_id)`;
    await client.query(
      `create temp table ${target.slice('pg_temp.'.length)} on commit drop as
       select (jsonb_populate_record(b, coalesce(f.image, '{}'::jsonb))).*
       from ${base} b
       left join pg_temp.fact_first_after f on f.fact_table = '${base}' and f.row_id = b.id
       where b.county_code like $1 and (f.row_id is null or f.image is not null)
       ${removed}`,
      [counties],
    );
    // the evaluation's plan depends on the row counts (hash joins by household)
    await client.query(`analyze ${target}`);
  }
  return AS_OF;
}

/** Whether any fact of the scope's counties changed after the day: only then does a run of that day rebuild them. */
export async function factsChangedAfterDay(client: RawClient, scopeCode: string, asOf: string): Promise<boolean> {
  const r = await client.query(`select 1 from fact_history where valid_to > $1::date and county_code like $2 limit 1`, [
    asOf,
    `${scopeCode.slice(0, 6)}%`,
  ]);
  return r.rows.length > 0;
}
