-- Disasters and emergencies (issue 15 §6; S0 plan two is written for disaster-hit households). The county records
-- an event (its risk type, 自然灾害 sub-type, date, affected villages); its affected households are every household
-- of those villages plus any named from a department list (the 应急 feed or household numbers), each with the loss
-- when known. Each household must be visited by `visit_due_on` (the date plus the policy's disaster.visitDays, fixed
-- when recorded, like a case's deadlines); "visited" is read from the visits since the date, so it cannot drift. The
-- screening writes its outcome per household: whether the household meets the monitoring criteria with the
-- disaster as its risk, and the lead it opened.
create table disaster (
  id uuid primary key default gen_random_uuid(),
  county_code char(6) collate "C" not null,
  name text not null,
  risk_type text not null check (risk_type in ('natural_disaster', 'accident', 'epidemic')),
  disaster_subtype text check (disaster_subtype is null or risk_type = 'natural_disaster'),
  occurred_on date not null,
  visit_due_on date not null check (visit_due_on >= occurred_on),
  note text,
  screened_at timestamptz,
  created_by uuid references app_user (id),
  created_at timestamptz not null default now()
);
create index disaster_county_idx on disaster (county_code, occurred_on desc);

create table disaster_village (
  disaster_id uuid not null references disaster (id) on delete cascade,
  region_code varchar(12) collate "C" not null references region (code),
  primary key (disaster_id, region_code)
);

create table disaster_household (
  disaster_id uuid not null references disaster (id) on delete cascade,
  household_id uuid not null references household (id),
  county_code char(6) collate "C" not null,
  region_code varchar(12) collate "C" not null,
  -- how the household came in: its village was affected, or a department list or the request named it
  source text not null check (source in ('village', 'list')),
  loss_fen bigint check (loss_fen >= 0),
  screened_on date,
  outcome text check (outcome in ('at_risk', 'not_at_risk', 'excluded', 'already_monitored')),
  category text,
  lead_id uuid references lead (id),
  primary key (disaster_id, household_id)
);
create index disaster_household_region_idx on disaster_household (disaster_id, region_code);
create index disaster_household_household_idx on disaster_household (household_id);
