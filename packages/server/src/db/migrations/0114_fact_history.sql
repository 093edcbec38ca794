-- History of the facts a rule reads (issue 20 §2). The current row stays in its base table; this table holds
-- what held *before* a change, with the first day it no longer held (valid_to, exclusive):
--   U: the row's rule-read columns before an update that changed one of them (image),
--   D: the same image of a removed row,
--   I: a row added to an already registered household did not exist before valid_to (no image).
-- The facts of a day D are, per row, the image of its earliest entry with valid_to > D (ties: the lower id), or
-- the base row when it has none (household-facts.repository.ts, fact-history.ts). One table for the four fact
-- tables: the reading joins one index, and the changes list of a household page is one query.
--
-- Written by statement-level triggers with transition tables, so no write path (service, change request, import,
-- feed, offline sync, hand-written SQL) can forget it and a bulk statement pays one insert..select, not a
-- trigger call per row. Updates that change only columns no rule reads (a phone, an address) write nothing.
--
-- The day a change takes effect comes from the writing transaction: `dixian.effective_on` (set_config(..., true)),
-- set at the start of every service transaction from the service clock's China day and overridden by a date the
-- user gave (生效日期). Unset (a raw statement outside the services), it is the database clock's China day. Rows
-- inserted without it (the seed, bulk loads) get no I marker: they count as held since the household was
-- registered, which keeps the seed's cost at one cheap trigger call per statement.
create table fact_history (
  id bigint generated always as identity primary key,
  county_code char(6) not null,
  household_id uuid not null,
  fact_table text not null check (fact_table in ('household', 'member', 'separate_relative', 'income_record')),
  row_id uuid not null,
  change char(1) not null check (change in ('I', 'U', 'D')),
  image jsonb,
  valid_to date not null,
  recorded_at timestamptz not null default now()
);
create index fact_history_household_idx on fact_history (household_id, valid_to);
create index fact_history_row_idx on fact_history (row_id, valid_to);

create function fact_effective_on() returns date language sql stable as $$
  select coalesce(nullif(current_setting('dixian.effective_on', true), '')::date,
                  (now() at time zone 'Asia/Shanghai')::date)
$$;

-- tg_argv[0]: the column holding the household's id; tg_argv[1]: the rule-read columns (compared and kept);
-- tg_argv[2]: columns kept in the image but not compared (the order a list is read in)
create function fact_history_write() returns trigger language plpgsql as $$
declare
  hcol text := tg_argv[0];
  cols text[] := string_to_array(tg_argv[1], ',');
  kept text[] := cols || string_to_array(coalesce(tg_argv[2], ''), ',');
  image text;
  eff date;
begin
  if tg_op = 'INSERT' then
    -- only a dated write (a service) marks an insert, and only into a household registered before that day
    if nullif(current_setting('dixian.effective_on', true), '') is null or tg_table_name = 'household' then
      return null;
    end if;
    eff := fact_effective_on();
    execute format('insert into fact_history (county_code, household_id, fact_table, row_id, change, valid_to)
      select n.county_code, n.%I, %L, n.id, ''I'', $1 from new_rows n join household h on h.id = n.%I
      where (h.created_at at time zone ''Asia/Shanghai'')::date < $1', hcol, tg_table_name, hcol) using eff;
    return null;
  end if;
  eff := fact_effective_on();
  select 'jsonb_build_object(' || string_agg(format('%L, o.%I', c, c), ', ') || ')' into image
    from unnest(kept) c where c <> '';
  if tg_op = 'UPDATE' then
    execute format('insert into fact_history (county_code, household_id, fact_table, row_id, change, image, valid_to)
      select o.county_code, o.%I, %L, o.id, ''U'', %s, $1 from old_rows o join new_rows n on n.id = o.id
      where (%s) is distinct from (%s)', hcol, tg_table_name, image,
      (select string_agg(format('o.%I', c), ', ') from unnest(cols) c),
      (select string_agg(format('n.%I', c), ', ') from unnest(cols) c)) using eff;
  else
    execute format('insert into fact_history (county_code, household_id, fact_table, row_id, change, image, valid_to)
      select o.county_code, o.%I, %L, o.id, ''D'', %s, $1 from old_rows o', hcol, tg_table_name, image) using eff;
  end if;
  return null;
end $$;

do $$
declare
  t record;
begin
  for t in select * from (values
    ('household', 'id',
     'region_code,household_type,lifted_year,in_resettlement_site,receives_dibao,is_tekun,food_clothing_secure,'
     'housing_structure,housing_safety_grade,only_home_mud_brick,drinking_water_safe,water_issue,electricity_ok,'
     'telecom_ok,guarantees_self_resolvable,has_private_car,has_commercial_housing,has_public_servant,has_business,'
     'monitoring_status,monitoring_category,risk_types,disaster_subtype,first_identified_on,risk_eliminated_on,'
     'elimination_method,whole_household_no_labor', ''),
    ('member', 'household_id',
     'household_id,name,sex,birth_date,relation,school_status,health_status,disease,disability_category,'
     'disability_grade,disability_cert_year,labor_capacity,work_months,medical_insurance,receives_dibao,is_tekun,'
     'is_relocated,is_public_servant,is_carer,registered_here,lives_and_shares,deceased_on', 'created_at'),
    ('separate_relative', 'household_id',
     'household_id,name,relation,has_private_car,has_commercial_housing,has_public_servant,has_business', ''),
    ('income_record', 'household_id',
     'household_id,year,kind,period_start,period_end,wage_fen,business_gross_fen,business_cost_fen,property_fen,'
     'transfer_fen,medical_out_of_pocket_fen,schooling_expense_fen,disaster_loss_fen,insurance_claim_fen,'
     'member_count,note', '')) as v(tab, hcol, cols, kept)
  loop
    execute format('create trigger %I after insert on %I referencing new table as new_rows
      for each statement execute function fact_history_write(%L, %L, %L)', t.tab || '_history_insert', t.tab,
      t.hcol, t.cols, t.kept);
    execute format('create trigger %I after update on %I referencing old table as old_rows new table as new_rows
      for each statement execute function fact_history_write(%L, %L, %L)', t.tab || '_history_update', t.tab,
      t.hcol, t.cols, t.kept);
    execute format('create trigger %I after delete on %I referencing old table as old_rows
      for each statement execute function fact_history_write(%L, %L, %L)', t.tab || '_history_delete', t.tab,
      t.hcol, t.cols, t.kept);
  end loop;
end $$;

-- A screening of a past day judges with the facts stored now (the set-based engine does not read this history):
-- the run records how many of its households had facts change after that day, so the page says so instead of
-- silently answering with today's facts (null: runs before this migration).
create index fact_history_valid_to_idx on fact_history (valid_to);
alter table screening_run add column facts_changed_after integer;
