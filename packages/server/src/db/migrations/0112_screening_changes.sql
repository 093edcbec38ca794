-- Screening that judges again only what changed (issue 19 §3). A daily run judges again the households whose
-- inputs were written since the run before, and copies the others' findings from it; it must know which were
-- written. Every write to a table the screening reads marks the household here with the writing transaction's
-- id (one statement per write statement, however many rows it touched, by the triggers below: whichever
-- service, import, feed or hand-written statement wrote). A run records the snapshot it read
-- (screening_run.input_snapshot); the next run of the scope takes as written exactly the marks whose transaction
-- that snapshot did not see, so a write committed while a run was reading is never lost, whatever its clock said.
-- The SQL that reads this table is packages/server/src/screening/incremental.ts.
create table household_screening_change (
  household_id uuid primary key,
  -- the last transaction that wrote one of the household's rows (no foreign key: a deleted household stays
  -- marked, so the next run records its departure)
  xid xid8 not null
);
create index household_screening_change_xid_idx on household_screening_change (xid);

-- pg_current_snapshot() of the run's own transaction as text, taken before it read any household; null for
-- runs before this migration (the run after them judges every household again)
alter table screening_run add column input_snapshot text;

-- tg_argv[0]: the column holding the household's id
create function household_screening_mark() returns trigger language plpgsql as $$
declare
  col text := tg_argv[0];
begin
  if tg_op = 'INSERT' then
    execute format('insert into household_screening_change (household_id, xid)
      select distinct %I, pg_current_xact_id() from new_rows where %I is not null
      on conflict (household_id) do update set xid = excluded.xid
      where household_screening_change.xid <> excluded.xid', col, col);
  elsif tg_op = 'UPDATE' then
    execute format('insert into household_screening_change (household_id, xid)
      select id, pg_current_xact_id() from (select %I as id from old_rows union select %I from new_rows) u
      where id is not null
      on conflict (household_id) do update set xid = excluded.xid
      where household_screening_change.xid <> excluded.xid', col, col);
  else
    execute format('insert into household_screening_change (household_id, xid)
      select distinct %I, pg_current_xact_id() from old_rows where %I is not null
      on conflict (household_id) do update set xid = excluded.xid
      where household_screening_change.xid <> excluded.xid', col, col);
  end if;
  return null;
end $$;

do $$
declare
  t record;
begin
  for t in select * from (values
    ('household', 'id'), ('member', 'household_id'), ('income_record', 'household_id'),
    ('separate_relative', 'household_id'), ('household_risk_event', 'household_id'),
    ('monitoring_case', 'household_id'), ('assistance_plan', 'household_id'),
    ('assistance_measure', 'household_id'), ('visit', 'household_id')) as v(tab, col)
  loop
    execute format('create trigger %I after insert on %I referencing new table as new_rows
      for each statement execute function household_screening_mark(%L)', t.tab || '_screening_insert', t.tab, t.col);
    execute format('create trigger %I after update on %I referencing old table as old_rows new table as new_rows
      for each statement execute function household_screening_mark(%L)', t.tab || '_screening_update', t.tab, t.col);
    execute format('create trigger %I after delete on %I referencing old table as old_rows
      for each statement execute function household_screening_mark(%L)', t.tab || '_screening_delete', t.tab, t.col);
  end loop;
end $$;

-- A village's rural flag decides its households' population: a change to a region marks its households.
create function region_screening_mark() returns trigger language plpgsql as $$
begin
  insert into household_screening_change (household_id, xid)
  select h.id, pg_current_xact_id() from household h join (select distinct code from old_rows) r on r.code = h.region_code
  on conflict (household_id) do update set xid = excluded.xid where household_screening_change.xid <> excluded.xid;
  return null;
end $$;
create trigger region_screening_update after update on region referencing old table as old_rows new table as new_rows
  for each statement execute function region_screening_mark();
