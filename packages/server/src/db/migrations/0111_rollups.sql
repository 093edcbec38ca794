-- Daily rollups for areas too large to judge live on every request (issue 19 §1): the households due a visit as
-- the nightly build found them, and the dashboard of a large area. Readers fall back to the live definition
-- whenever a build is missing, older than a day or made under other visit intervals.

-- One row per household due a visit under the policy in force on as_of (visit-due.sql.ts), by county, so a
-- county's rows live together (the sharding key of the large tables).
create table visit_due_rollup (
  county_code char(6) collate "C" not null,
  household_id uuid not null,
  region_code varchar(12) collate "C" not null,
  household_no varchar(32) collate "C" not null,
  household_type text not null,
  monitoring_status text not null,
  need_lifted boolean not null,
  need_monitored boolean not null,
  need_assistance boolean not null,
  last_visit date,
  -- null: never visited, so overdue whatever the day
  due_on date,
  reasons text not null,
  primary key (county_code, household_id)
);
create index visit_due_rollup_region_idx on visit_due_rollup (county_code, region_code, due_on);

-- The build of each rollup per county: when, as of which day, under which parameters (a fingerprint of the
-- visit intervals in force), over how many households.
create table rollup_build (
  kind text not null,
  county_code char(6) collate "C" not null,
  as_of date not null,
  built_at timestamptz not null,
  fingerprint text not null,
  households integer not null,
  primary key (kind, county_code)
);

-- The dashboard of a large area on a day, as computed at computed_at.
create table stats_snapshot (
  region_prefix varchar(12) collate "C" not null,
  as_of date not null,
  within_days integer not null,
  computed_at timestamptz not null default now(),
  body jsonb not null,
  primary key (region_prefix, as_of, within_days)
);

-- the visits recorded since a build are judged live (their households leave the rollup's answer)
create index visit_created_idx on visit (created_at);
