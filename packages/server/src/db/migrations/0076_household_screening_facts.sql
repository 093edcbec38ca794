-- Screening (issue 5): per-household facts a run derives from the members and income records (counted members
-- and what "some member" shows, the income record in force and what the list shows), kept between runs so a
-- run derives them again only for households whose facts no longer hold: written since (the triggers below
-- delete them), or screened on a date outside [as_of, valid_until), or under other policy parameters they
-- depend on. The SQL that fills and reads this table is packages/server/src/screening/evaluate.sql.ts.
create table household_screening_facts (
  household_id uuid primary key references household (id) on delete cascade,
  -- derived for this date, and the same for every date before valid_until (the first date on which a member's
  -- birth, death or school age, or an income record's coming into force or into the stable-income window, could
  -- change them)
  as_of date not null,
  valid_until date not null,
  -- the policy parameters they depend on (the window of stable income, the compulsory-education ages)
  stable_months integer not null,
  edu_min integer not null,
  edu_max integer not null,
  people integer not null,
  any_member integer not null,
  youngest_birth date,
  min_grade smallint,
  oldest_frail_birth date,
  has_dropout boolean not null,
  cur_year smallint,
  cur_kind text,
  cur_start date,
  cur_end date,
  cur_net bigint,
  cur_wage bigint,
  cur_business_gross bigint,
  cur_property bigint,
  cur_transfer bigint,
  cur_med bigint,
  cur_school bigint,
  cur_disaster bigint,
  cur_claim bigint,
  prev_net bigint,
  covers_start boolean,
  start_net bigint,
  window_min_net bigint
);

-- Any write to a household's members or income records deletes its facts (one statement per write statement,
-- however many rows it touched); the next run derives them again.
create function household_screening_facts_forget() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    delete from household_screening_facts f using (select distinct household_id from old_rows) o
      where f.household_id = o.household_id;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    delete from household_screening_facts f using (select distinct household_id from new_rows) n
      where f.household_id = n.household_id;
  end if;
  return null;
end $$;

create trigger member_facts_insert after insert on member referencing new table as new_rows
  for each statement execute function household_screening_facts_forget();
create trigger member_facts_update after update on member referencing old table as old_rows new table as new_rows
  for each statement execute function household_screening_facts_forget();
create trigger member_facts_delete after delete on member referencing old table as old_rows
  for each statement execute function household_screening_facts_forget();
create trigger income_record_facts_insert after insert on income_record referencing new table as new_rows
  for each statement execute function household_screening_facts_forget();
create trigger income_record_facts_update after update on income_record
  referencing old table as old_rows new table as new_rows
  for each statement execute function household_screening_facts_forget();
create trigger income_record_facts_delete after delete on income_record referencing old table as old_rows
  for each statement execute function household_screening_facts_forget();
