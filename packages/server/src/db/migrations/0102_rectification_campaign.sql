-- The special rectification campaign of a county and year (S3 §四): its phases and their closing dates (self-check
-- by the end of May, mechanisms by the end of November, summary by the end of December), so the ledgers page can
-- show what was opened and closed in each phase. One campaign per county and year.
create table rectification_campaign (
  id uuid primary key default gen_random_uuid(),
  county_code char(6) collate "C" not null,
  year smallint not null,
  name text not null,
  opens_on date not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  unique (county_code, year)
);

create table rectification_phase (
  campaign_id uuid not null references rectification_campaign (id) on delete cascade,
  seq smallint not null check (seq between 1 and 9),
  name text not null,
  task text,
  ends_on date not null,
  primary key (campaign_id, seq)
);
