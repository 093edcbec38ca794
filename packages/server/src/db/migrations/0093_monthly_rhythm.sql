-- The county's monthly rhythm (issue 15 §1, §2, §7).
-- The seven steps 排访评录测补销 of each month (S0 plan two 五): one task per step, month and village or township.
-- The unique key makes the month-start job idempotent: several servers sharing one database, or a rerun for the
-- same month, insert nothing new.
create table rhythm_task (
  id uuid primary key default gen_random_uuid(),
  county_code char(6) collate "C" not null,
  region_code varchar(12) collate "C" not null references region (code),
  month char(7) not null,
  step text not null check (step in ('screen', 'visit', 'evaluate', 'record', 'monitor', 'supplement', 'close')),
  due_date date not null,
  done_at timestamptz,
  done_by uuid references app_user (id),
  note text,
  created_at timestamptz not null default now(),
  unique (month, step, region_code)
);
create index rhythm_task_county_month_idx on rhythm_task (county_code, month, region_code);

-- Half-monthly warning lists (S1 §四(二)1–2). A period exists once the half-month job opened it (one row per
-- period and county, so a rerun opens nothing new); a village or township reports once per period, an empty list
-- being a 零报告, and a corrected list replaces the earlier one.
create table report_period (
  county_code char(6) collate "C" not null,
  start_date date not null,
  end_date date not null,
  opened_at timestamptz not null,
  primary key (county_code, start_date)
);

create table halfmonth_report (
  id uuid primary key default gen_random_uuid(),
  county_code char(6) collate "C" not null,
  region_code varchar(12) collate "C" not null references region (code),
  period_start date not null,
  household_ids jsonb not null default '[]',
  zero_report boolean not null,
  note text,
  reported_by uuid not null references app_user (id),
  reported_at timestamptz not null,
  unique (period_start, region_code),
  foreign key (county_code, period_start) references report_period (county_code, start_date)
);
create index halfmonth_report_county_idx on halfmonth_report (county_code, period_start);
