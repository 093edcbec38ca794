-- dixian schema, version 1: the whole domain of shared/docs/DOMAIN.md §2, so later work adds behaviour
-- rather than redoing tables.
-- Conventions:
--   * ids are uuid (the seeder derives them deterministically; the API uses gen_random_uuid());
--   * money is integer fen (bigint), never a float; columns end in _fen;
--   * calendar dates are `date`, instants are `timestamptz`;
--   * every large table carries county_code char(6) so it can be partitioned by province/county and, at
--     national scale, distributed (docs/ARCHITECTURE.md "Scale");
--   * region codes are canonical prefixes (2/4/6/9/12 digits) in the C collation, so `like '220681100%'`
--     uses a plain btree index and scopes are code prefixes (DOMAIN §8.2);
--   * enumerated values are the identifiers of packages/core/src/enums.ts, validated at the boundary by zod.

-- ---------------------------------------------------------------------------------------------------
-- Region tree (统计用区划代码)
create table region (
  code varchar(12) collate "C" primary key,
  name text not null,
  level text not null check (level in ('province', 'prefecture', 'county', 'township', 'village')),
  parent_code varchar(12) collate "C",
  -- 6-digit county code for county, township and village rows
  county_code char(6) collate "C",
  -- 村 (rural village committee) versus 社区 / 居委会 (urban community)
  is_rural boolean not null default false,
  urban_rural_code char(3),
  valid_from date,
  valid_to date
);
create index region_parent_idx on region (parent_code);
create index region_county_idx on region (county_code, level);

-- ---------------------------------------------------------------------------------------------------
-- Policy as versioned data (issue 3; DOMAIN §10.1). body is validated by the core zod schema.
create table policy (
  id uuid primary key default gen_random_uuid(),
  region_prefix varchar(12) collate "C" not null default '',
  year smallint not null,
  version integer not null,
  effective_from date not null,
  doc_no text,
  doc_title text,
  source text not null default 'builtin',
  body jsonb not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  unique (region_prefix, year, version)
);

-- ---------------------------------------------------------------------------------------------------
-- Users, roles, scopes and sessions (issue 4)
create table app_user (
  id uuid primary key default gen_random_uuid(),
  username text not null unique,
  display_name text not null,
  role text not null,
  -- region prefix the user works in: county (6), township (9) or village (12)
  scope_code varchar(12) collate "C" not null,
  department text,
  phone text,
  password_hash text not null,
  must_change_password boolean not null default false,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  disabled boolean not null default false,
  password_changed_at timestamptz not null default now(),
  last_login_at timestamptz,
  created_at timestamptz not null default now(),
  version integer not null default 1
);

create table user_session (
  -- sha-256 of the opaque token held in the cookie, so a database read does not yield live sessions
  token_hash char(64) primary key,
  user_id uuid not null references app_user (id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ip text,
  user_agent text
);
create index user_session_user_idx on user_session (user_id);

create table login_attempt (
  id bigint generated always as identity primary key,
  username text not null,
  at timestamptz not null default now(),
  ok boolean not null,
  ip text
);
create index login_attempt_user_idx on login_attempt (username, at);

-- ---------------------------------------------------------------------------------------------------
-- Registry: households, members, relatives, incomes
create table household (
  id uuid primary key default gen_random_uuid(),
  county_code char(6) collate "C" not null,
  region_code varchar(12) collate "C" not null references region (code),
  household_no varchar(32) collate "C" not null unique,
  natural_village text,
  address text,
  phone text,
  household_type text not null default 'general_household',
  lifted_year smallint,
  -- national-system status flags (DOMAIN §10.2 (b)); maintained by the case services
  monitoring_status text not null default 'not_monitored',
  monitoring_category text,
  risk_types text[] not null default '{}',
  disaster_subtype text,
  risk_note text,
  first_identified_on date,
  identified_month char(6),
  risk_eliminated_on date,
  elimination_method text,
  whole_household_no_labor boolean not null default false,
  monitor_contact text,
  monitor_contact_phone text,
  -- living conditions and the guarantees (两不愁三保障 + water, S1 §三(二))
  food_clothing_secure boolean not null default true,
  housing_structure text,
  housing_safety_grade char(1),
  only_home_mud_brick boolean not null default false,
  drinking_water_safe boolean not null default true,
  water_issue text,
  electricity_ok boolean not null default true,
  telecom_ok boolean not null default true,
  in_resettlement_site boolean not null default false,
  is_military_martyr_family boolean not null default false,
  -- exclusion facts (S0 plan two §二(二)); kept up to date by department exclusion checks
  has_private_car boolean not null default false,
  has_commercial_housing boolean not null default false,
  has_public_servant boolean not null default false,
  has_business boolean not null default false,
  -- the social-assistance links most rules read; the cases themselves are in social_assistance_case
  receives_dibao boolean not null default false,
  is_tekun boolean not null default false,
  dibao_since date,
  last_visit_on date,
  last_full_screening_on date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1
);
create index household_region_idx on household (region_code);
create index household_county_status_idx on household (county_code, monitoring_status);

create table member (
  id uuid primary key default gen_random_uuid(),
  household_id uuid not null references household (id) on delete cascade,
  county_code char(6) collate "C" not null,
  person_no varchar(32),
  name text not null,
  id_type text not null default 'resident_id',
  -- normalised: 18 characters, upper-case X
  id_number varchar(18) collate "C",
  sex text not null,
  birth_date date not null,
  relation text not null,
  ethnicity text,
  political_status text,
  education text,
  school_status text not null default 'not_in_school',
  dropout_reason text,
  health_status text not null default 'healthy',
  disease text,
  disability_category text,
  disability_grade smallint check (disability_grade between 1 and 4),
  disability_cert_year smallint,
  labor_capacity text not null default 'ordinary',
  work_place text,
  work_months smallint,
  employer text,
  public_welfare_job text,
  public_welfare_job_months smallint,
  medical_insurance text,
  critical_illness_insurance boolean not null default false,
  pension_insurance text,
  receives_medical_aid boolean not null default false,
  receives_dibao boolean not null default false,
  is_tekun boolean not null default false,
  is_relocated boolean not null default false,
  is_public_servant boolean not null default false,
  -- a working-age carer of a disabled, seriously ill or infant member (S2 §二(一)3: no minimum-wage income imputed)
  is_carer boolean not null default false,
  -- membership for per-capita income: same registration, or living and sharing income (S0 plan two note 2)
  registered_here boolean not null default true,
  lives_and_shares boolean not null default true,
  phone text,
  deceased_on date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1
);
create index member_household_idx on member (household_id);
create index member_id_number_idx on member (id_number);
create index member_name_idx on member (name text_pattern_ops);
create index member_county_idx on member (county_code);

-- Children who live in separate households (S0 plan two §二(二)3 and note 1): their assets exclude an
-- elderly parent's household.
create table separate_relative (
  id uuid primary key default gen_random_uuid(),
  household_id uuid not null references household (id) on delete cascade,
  county_code char(6) collate "C" not null,
  name text not null,
  id_number varchar(18) collate "C",
  relation text not null default 'child',
  other_household_id uuid references household (id),
  has_private_car boolean not null default false,
  has_commercial_housing boolean not null default false,
  has_public_servant boolean not null default false,
  has_business boolean not null default false
);
create index separate_relative_household_idx on separate_relative (household_id);

-- 收支情况: one row per household per year (annual) or per snapshot; components, never only a total
create table income_record (
  id uuid primary key default gen_random_uuid(),
  household_id uuid not null references household (id) on delete cascade,
  county_code char(6) collate "C" not null,
  year smallint not null,
  kind text not null default 'annual',
  period_start date not null,
  period_end date not null,
  wage_fen bigint not null default 0,
  business_gross_fen bigint not null default 0,
  business_cost_fen bigint not null default 0,
  property_fen bigint not null default 0,
  transfer_fen bigint not null default 0,
  -- rigid expenditure (S1 §三(二): 刚性支出明显超过上年度收入)
  medical_out_of_pocket_fen bigint not null default 0,
  schooling_expense_fen bigint not null default 0,
  disaster_loss_fen bigint not null default 0,
  insurance_claim_fen bigint not null default 0,
  -- people counted when the record was taken
  member_count smallint,
  note text,
  recorded_by uuid,
  created_at timestamptz not null default now(),
  check (wage_fen >= 0 and business_gross_fen >= 0 and business_cost_fen >= 0 and property_fen >= 0
    and transfer_fen >= 0 and medical_out_of_pocket_fen >= 0 and schooling_expense_fen >= 0
    and disaster_loss_fen >= 0 and insurance_claim_fen >= 0)
);
create unique index income_record_annual_uq on income_record (household_id, year) where kind = 'annual';
create index income_record_household_idx on income_record (household_id, period_end);
create index income_record_county_idx on income_record (county_code, year);

-- ---------------------------------------------------------------------------------------------------
-- Leads and cases (DOMAIN §2.5, §3)
create table lead (
  id uuid primary key default gen_random_uuid(),
  county_code char(6) collate "C" not null,
  region_code varchar(12) collate "C" not null,
  household_id uuid references household (id),
  channel text not null,
  sub_channel text,
  department text,
  applicant_name text,
  applicant_id_number varchar(18) collate "C",
  applicant_phone text,
  description text,
  risk_types text[] not null default '{}',
  -- starts the 15-day identification clock (S3 §三(四))
  discovered_at timestamptz not null,
  verify_due_on date,
  identification_due_on date,
  status text not null default 'open',
  dismissed_reason text,
  case_id uuid,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1
);
create index lead_region_status_idx on lead (region_code, status);
create index lead_household_idx on lead (household_id);
create index lead_county_idx on lead (county_code, status);

-- One row per monitoring episode of a household: identification, monitoring and elimination.
-- Re-marking after elimination opens a new episode linked to the previous one.
create table monitoring_case (
  id uuid primary key default gen_random_uuid(),
  household_id uuid not null references household (id),
  county_code char(6) collate "C" not null,
  region_code varchar(12) collate "C" not null,
  lead_id uuid references lead (id),
  previous_case_id uuid references monitoring_case (id),
  episode smallint not null default 1,
  stage text not null,
  category text,
  risk_types text[] not null default '{}',
  -- key dates of the procedure
  discovered_at timestamptz not null,
  commitment_signed_on date,
  village_reviewed_on date,
  notice_start_on date,
  notice_end_on date,
  township_reviewed_on date,
  confirmed_on date,
  rejected_on date,
  rejection_reason text,
  entered_national_system_on date,
  elimination_proposed_on date,
  eliminated_on date,
  elimination_method text,
  rolled_back_on date,
  -- computed deadlines (core `transition` sets and clears them from policy; never typed in)
  identification_due_on date,
  plan_due_on date,
  current_due_on date,
  current_due_kind text,
  policy_id uuid references policy (id),
  whole_household_no_labor boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1
);
create index monitoring_case_household_idx on monitoring_case (household_id);
create index monitoring_case_region_stage_idx on monitoring_case (region_code, stage);
create index monitoring_case_due_idx on monitoring_case (county_code, current_due_on);
alter table lead add constraint lead_case_fk foreign key (case_id) references monitoring_case (id);

-- Every transition of a case, with what it carried (votes, notice dates, objections, reasons).
create table case_event (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references monitoring_case (id) on delete cascade,
  county_code char(6) collate "C" not null,
  seq integer not null,
  action text not null,
  from_stage text,
  to_stage text,
  actor_id uuid,
  actor_role text,
  at timestamptz not null default now(),
  payload jsonb not null default '{}',
  unique (case_id, seq)
);

-- 承诺授权书 (S1 §四(三): before the decision, the household promises and authorises checks)
create table commitment_authorization (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references monitoring_case (id) on delete cascade,
  county_code char(6) collate "C" not null,
  signed_on date not null,
  signer_name text not null,
  signer_member_id uuid references member (id),
  authorizes_asset_check boolean not null default true,
  document_ref text
);

-- 民主评议 (S1 §四(三)1; votes recorded, R4)
create table review_meeting (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references monitoring_case (id) on delete cascade,
  county_code char(6) collate "C" not null,
  purpose text not null check (purpose in ('identification', 'elimination')),
  held_on date not null,
  attendees integer not null check (attendees >= 0),
  votes_for integer not null check (votes_for >= 0),
  votes_against integer not null check (votes_against >= 0),
  abstentions integer not null default 0 check (abstentions >= 0),
  minutes text
);

-- 公示 (S3 §三(四): at least 5 days in the village; no ID, phone, bank or health data in the notice)
create table public_notice (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references monitoring_case (id) on delete cascade,
  county_code char(6) collate "C" not null,
  region_code varchar(12) collate "C" not null,
  purpose text not null check (purpose in ('identification', 'elimination')),
  start_on date not null,
  end_on date not null,
  place text,
  closed_on date,
  check (end_on >= start_on)
);
create index public_notice_region_idx on public_notice (region_code, start_on);

create table notice_objection (
  id uuid primary key default gen_random_uuid(),
  notice_id uuid not null references public_notice (id) on delete cascade,
  county_code char(6) collate "C" not null,
  raised_on date not null,
  content text not null,
  resolved_on date,
  resolution text
);

-- ---------------------------------------------------------------------------------------------------
-- Assistance (DOMAIN §2.6; S1 §五; S3 §三(五): plan within 10 days)
create table assistance_plan (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references monitoring_case (id),
  household_id uuid not null references household (id),
  county_code char(6) collate "C" not null,
  created_on date not null,
  risk_types text[] not null default '{}',
  contact_user_id uuid references app_user (id),
  note text,
  version integer not null default 1
);
create index assistance_plan_case_idx on assistance_plan (case_id);

create table assistance_measure (
  id uuid primary key default gen_random_uuid(),
  plan_id uuid not null references assistance_plan (id) on delete cascade,
  household_id uuid not null references household (id),
  county_code char(6) collate "C" not null,
  category text not null,
  type text not null,
  sub_type text,
  department text,
  description text,
  start_on date,
  end_on date,
  amount_fen bigint check (amount_fen >= 0),
  status text not null default 'planned',
  evidence jsonb not null default '[]',
  updated_at timestamptz not null default now(),
  version integer not null default 1
);
create index assistance_measure_household_idx on assistance_measure (household_id);

-- 走访 (S3 §三(二): lifted and monitored households at least monthly)
create table visit (
  id uuid primary key default gen_random_uuid(),
  household_id uuid not null references household (id),
  county_code char(6) collate "C" not null,
  region_code varchar(12) collate "C" not null,
  visitor_id uuid references app_user (id),
  visited_on date not null,
  method text not null default 'home',
  income_change text,
  estimated_annual_income_fen bigint,
  food_clothing_ok boolean not null default true,
  education_ok boolean not null default true,
  medical_ok boolean not null default true,
  housing_ok boolean not null default true,
  water_ok boolean not null default true,
  new_risks text[] not null default '{}',
  note text,
  geo jsonb,
  created_at timestamptz not null default now()
);
create index visit_household_idx on visit (household_id, visited_on);
create index visit_region_idx on visit (region_code, visited_on);

-- ---------------------------------------------------------------------------------------------------
-- Department feeds and warnings (issue 5; DOMAIN §6)
create table feed_batch (
  id uuid primary key default gen_random_uuid(),
  department text not null,
  county_code char(6) collate "C",
  file_name text not null,
  file_sha256 char(64) not null,
  format text not null,
  encoding text,
  period_start date,
  period_end date,
  status text not null default 'staging',
  rows_total integer not null default 0,
  rows_valid integer not null default 0,
  rows_invalid integer not null default 0,
  rows_matched integer not null default 0,
  rows_unmatched integer not null default 0,
  warnings_created integer not null default 0,
  uploaded_by uuid references app_user (id),
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  error text,
  unique (department, file_sha256)
);

create table feed_row (
  batch_id uuid not null references feed_batch (id) on delete cascade,
  row_no integer not null,
  id_number varchar(18) collate "C",
  person_name text,
  region_hint text,
  signal_type text,
  metric_fen bigint,
  metric_value numeric,
  event_date date,
  detail jsonb not null default '{}',
  member_id uuid,
  household_id uuid,
  primary key (batch_id, row_no)
);

create table feed_issue (
  batch_id uuid not null references feed_batch (id) on delete cascade,
  row_no integer not null,
  column_name text,
  field text,
  problem text not null
);
create index feed_issue_batch_idx on feed_issue (batch_id, row_no);

create table department_warning (
  id uuid primary key default gen_random_uuid(),
  batch_id uuid references feed_batch (id),
  department text not null,
  county_code char(6) collate "C" not null,
  region_code varchar(12) collate "C" not null,
  household_id uuid not null references household (id),
  member_id uuid references member (id),
  person_name text,
  id_number varchar(18) collate "C",
  signal_type text not null,
  metric_value numeric,
  threshold numeric,
  event_date date,
  detail jsonb not null default '{}',
  source_row_no integer,
  status text not null default 'received',
  lead_id uuid references lead (id),
  case_id uuid references monitoring_case (id),
  verification_result text,
  verified_by uuid,
  verified_at timestamptz,
  verify_due_on date,
  feedback_at timestamptz,
  -- one warning per person, signal and period: importing the same facts twice changes nothing
  dedupe_key text not null unique,
  created_at timestamptz not null default now(),
  version integer not null default 1
);
create index department_warning_region_idx on department_warning (region_code, status);
create index department_warning_household_idx on department_warning (household_id);
create index department_warning_batch_idx on department_warning (batch_id);

-- ---------------------------------------------------------------------------------------------------
-- Screening runs (issue 5): stored with the policy used and a per-household explanation
create table screening_run (
  id uuid primary key default gen_random_uuid(),
  scope_code varchar(12) collate "C" not null,
  as_of date not null,
  policy_id uuid references policy (id),
  policy_version text,
  status text not null default 'running',
  households_scanned integer,
  counts jsonb not null default '{}',
  triggered_by uuid,
  started_at timestamptz not null default now(),
  finished_at timestamptz
);

create table screening_result (
  run_id uuid not null references screening_run (id) on delete cascade,
  household_id uuid not null,
  county_code char(6) collate "C" not null,
  region_code varchar(12) collate "C" not null,
  finding text not null,
  category text,
  explanation jsonb not null default '{}',
  primary key (run_id, finding, household_id)
);

-- ---------------------------------------------------------------------------------------------------
-- Social assistance (S2; DOMAIN §2.9, §4.7–4.10)
create table social_assistance_case (
  id uuid primary key default gen_random_uuid(),
  household_id uuid not null references household (id),
  county_code char(6) collate "C" not null,
  kind text not null,
  classification text,
  relief_kind text,
  status text not null default 'applied',
  applied_on date not null,
  decided_on date,
  approval_level text,
  insured_member_ids uuid[] not null default '{}',
  per_capita_income_fen bigint,
  standard_fen bigint,
  monthly_amount_fen bigint,
  amount_fen bigint,
  cause text,
  relief_first boolean not null default false,
  satisfaction text,
  grace_months smallint,
  grace_start_on date,
  grace_end_on date,
  review_due_on date,
  ended_on date,
  end_reason text,
  created_at timestamptz not null default now(),
  version integer not null default 1
);
create index social_assistance_case_household_idx on social_assistance_case (household_id);
create index social_assistance_case_county_idx on social_assistance_case (county_code, kind, status);

-- 失信名单 (S0 plan one §三; S2 §二(三)12)
create table integrity_record (
  id uuid primary key default gen_random_uuid(),
  household_id uuid references household (id),
  member_id uuid references member (id),
  county_code char(6) collate "C" not null,
  reason text not null,
  sanction text,
  decided_on date not null,
  note text
);

-- ---------------------------------------------------------------------------------------------------
-- Supervision: the three ledgers with close-out (S3 §五)
create table ledger_item (
  id uuid primary key default gen_random_uuid(),
  ledger text not null,
  area text not null,
  county_code char(6) collate "C" not null,
  region_code varchar(12) collate "C" not null,
  household_id uuid references household (id),
  source_run_id uuid references screening_run (id),
  parent_item_id uuid references ledger_item (id),
  title text not null,
  description text,
  plan text,
  owner_id uuid references app_user (id),
  deadline date,
  status text not null default 'open',
  evidence jsonb not null default '[]',
  closed_on date,
  closed_by uuid,
  created_at timestamptz not null default now(),
  version integer not null default 1
);
create index ledger_item_region_idx on ledger_item (region_code, ledger, status);

-- ---------------------------------------------------------------------------------------------------
-- Audit: append-only, hash-chained per chain (one chain per county, plus 'system'), so appends in
-- different counties do not wait for each other (issue 4).
create table audit_log (
  seq bigint generated always as identity primary key,
  chain text collate "C" not null,
  at timestamptz not null default now(),
  actor_id uuid,
  actor_username text,
  actor_role text,
  action text not null,
  target_type text,
  target_id text,
  request_id text,
  before jsonb,
  after jsonb,
  detail jsonb,
  prev_hash char(64) not null,
  hash char(64) not null
);
create index audit_log_chain_idx on audit_log (chain, seq);
create index audit_log_target_idx on audit_log (target_type, target_id);

-- Scheduled jobs remember their last run (deadline reminders, screening, exchange checks)
create table job_run (
  name text primary key,
  last_started_at timestamptz,
  last_finished_at timestamptz,
  last_status text,
  last_detail jsonb
);
