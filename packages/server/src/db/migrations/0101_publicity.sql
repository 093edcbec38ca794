-- Publicity records (S3 §三(一)): the application leaflet (申报政策明白纸) handed to every rural household and the
-- assistance-policy leaflet (主要帮扶政策明白纸) to every monitored household, one row per household, leaflet and
-- year (a second delivery the same year is refused), with who handed it over and the signed receipt or a photo;
-- and awareness surveys (知晓率, target 95%) with their respondents and how many knew the policy.
create table publicity_delivery (
  id uuid primary key default gen_random_uuid(),
  county_code char(6) collate "C" not null,
  region_code varchar(12) collate "C" not null,
  household_id uuid not null references household (id),
  leaflet text not null check (leaflet in ('application', 'assistance_policy')),
  delivered_on date not null,
  year smallint not null,
  delivered_by text not null,
  signature_ref text,
  photo_ref text,
  recorded_by uuid,
  created_at timestamptz not null default now(),
  check (signature_ref is not null or photo_ref is not null),
  unique (household_id, leaflet, year)
);
create index publicity_delivery_region_idx on publicity_delivery (region_code, year);

create table awareness_survey (
  id uuid primary key default gen_random_uuid(),
  county_code char(6) collate "C" not null,
  region_code varchar(12) collate "C" not null references region (code),
  surveyed_on date not null,
  respondents integer not null check (respondents > 0),
  aware integer not null check (aware >= 0 and aware <= respondents),
  conducted_by text not null,
  note text,
  recorded_by uuid,
  created_at timestamptz not null default now()
);
create index awareness_survey_region_idx on awareness_survey (region_code, surveyed_on);
