-- Three more large tables keyed by county (issue 19 §4, after 0116): the screening's change marks and a policy
-- scenario's results carry their household's county code in their primary key, so they live with the
-- household's rows when the tables are partitioned by province (`dixian partition`) or distributed by Citus; the
-- audit log is keyed by its chain too, which is already the county (or 'system', for what has no county).
-- feed_row and feed_issue stay keyed by their batch: a prefecture's department may send one file for several
-- counties, and an unmatched row has no county; under Citus they are distributed by batch (docs/sharding.md).

-- 1. the change marks: the household's county, from the household, or for one deleted since from its last finding
alter table household_screening_change add column county_code char(6) collate "C";
update household_screening_change c set county_code = h.county_code from household h where h.id = c.household_id;
update household_screening_change c set county_code = r.county_code
  from (select distinct on (household_id) household_id, county_code from screening_result order by household_id) r
 where c.county_code is null and r.household_id = c.household_id;
-- never screened and gone: no run has a finding whose departure it would record
delete from household_screening_change where county_code is null;
alter table household_screening_change alter column county_code set not null;
alter table household_screening_change drop constraint household_screening_change_pkey;
alter table household_screening_change add primary key (household_id, county_code);

-- tg_argv[0]: the column holding the household's id; every table it is set on has the household's county_code
create or replace function household_screening_mark() returns trigger language plpgsql as $$
declare
  col text := tg_argv[0];
begin
  if tg_op = 'INSERT' then
    execute format('insert into household_screening_change (household_id, county_code, xid)
      select distinct %I, county_code, pg_current_xact_id() from new_rows where %I is not null
      on conflict (household_id, county_code) do update set xid = excluded.xid
      where household_screening_change.xid <> excluded.xid', col, col);
  elsif tg_op = 'UPDATE' then
    execute format('insert into household_screening_change (household_id, county_code, xid)
      select id, county, pg_current_xact_id()
        from (select %I as id, county_code as county from old_rows union select %I, county_code from new_rows) u
      where id is not null
      on conflict (household_id, county_code) do update set xid = excluded.xid
      where household_screening_change.xid <> excluded.xid', col, col);
  else
    execute format('insert into household_screening_change (household_id, county_code, xid)
      select distinct %I, county_code, pg_current_xact_id() from old_rows where %I is not null
      on conflict (household_id, county_code) do update set xid = excluded.xid
      where household_screening_change.xid <> excluded.xid', col, col);
  end if;
  return null;
end $$;

create or replace function region_screening_mark() returns trigger language plpgsql as $$
begin
  insert into household_screening_change (household_id, county_code, xid)
  select h.id, h.county_code, pg_current_xact_id()
    from household h join (select distinct code from old_rows) r on r.code = h.region_code
  on conflict (household_id, county_code) do update set xid = excluded.xid
  where household_screening_change.xid <> excluded.xid;
  return null;
end $$;

-- 2. a scenario's results: the county of the household's village
alter table policy_scenario_result add column county_code char(6) collate "C";
update policy_scenario_result set county_code = left(region_code, 6);
alter table policy_scenario_result alter column county_code set not null;
alter table policy_scenario_result drop constraint policy_scenario_result_pkey;
alter table policy_scenario_result add primary key (scenario_id, change, household_id, county_code);

-- 3. the audit log: the sequence first (look-ups by it still read the key), then the chain, its county
alter table audit_log drop constraint audit_log_pkey;
alter table audit_log add primary key (seq, chain);
