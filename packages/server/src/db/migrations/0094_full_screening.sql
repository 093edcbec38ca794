-- The yearly full screening (issue 15 §3, S3 §三(二) 每年开展一次集中排查): one campaign a county a year, open for
-- a window, and one check a household in it (a visit or a desk check, with its outcome and the lead a finding
-- opened). Progress is counted from the checks, so there is no counter to drift.
create table screening_campaign (
  id uuid primary key default gen_random_uuid(),
  county_code char(6) collate "C" not null,
  year smallint not null,
  opens_on date not null,
  closes_on date not null check (closes_on >= opens_on),
  -- households on 低保 or 特困 since this day are listed apart (S3: 坚决杜绝以落实低保为由不识别监测对象)
  new_assistance_since date,
  created_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  unique (county_code, year)
);

create table campaign_check (
  campaign_id uuid not null references screening_campaign (id) on delete cascade,
  household_id uuid not null references household (id),
  county_code char(6) collate "C" not null,
  region_code varchar(12) collate "C" not null,
  checked_on date not null,
  method text not null check (method in ('visit', 'desk')),
  outcome text not null check (outcome in ('no_risk', 'risk_found', 'already_monitored')),
  risk_types text[] not null default '{}',
  note text,
  lead_id uuid references lead (id),
  checked_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  primary key (campaign_id, household_id)
);
create index campaign_check_region_idx on campaign_check (campaign_id, region_code);
