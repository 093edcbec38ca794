-- Draft policies and scenarios (issue 20 §1). A draft is a policy record body kept out of force: the rules never
-- read it except in a scenario, which judges every household of an area under the policy in force and under
-- the draft merged over it, and stores here only the households whose outcome differs (and the near misses).
-- Nothing here touches screening_run, cases or the register: a scenario is seen only on its own pages.
create table policy_draft (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  region_prefix varchar(12) collate "C" not null,
  -- the parameters the draft changes, merged over the policy in force like a policy record's body
  body jsonb not null,
  created_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- the version it was put in force as
  published_policy_id uuid references policy (id)
);
create index policy_draft_region_idx on policy_draft (region_prefix, created_at);

create table policy_scenario (
  id uuid primary key default gen_random_uuid(),
  draft_id uuid not null references policy_draft (id) on delete cascade,
  scope_code varchar(12) collate "C" not null,
  as_of date not null,
  -- near misses: income per head above the draft's line by at most this share, in basis points
  near_miss_bp integer not null,
  status text not null default 'running' check (status in ('running', 'done', 'failed')),
  households_total integer,
  households_done integer not null default 0,
  base_policy text,
  draft_policy text,
  -- the draft as it was run (a draft may be edited afterwards)
  draft_body jsonb not null,
  summary jsonb,
  error text,
  created_by uuid references app_user (id),
  started_at timestamptz not null,
  heartbeat_at timestamptz not null,
  finished_at timestamptz
);
create index policy_scenario_draft_idx on policy_scenario (draft_id, started_at);
create index policy_scenario_scope_idx on policy_scenario (scope_code, started_at);

create table policy_scenario_result (
  scenario_id uuid not null references policy_scenario (id) on delete cascade,
  change text not null,
  household_id uuid not null,
  region_code varchar(12) collate "C" not null,
  people integer not null,
  category text,
  risk_types text[] not null default '{}',
  income_per_capita_fen bigint,
  base_top_up_fen integer not null default 0,
  draft_top_up_fen integer not null default 0,
  -- the rules whose outcome differs between the two policies (or the 低保 verdict's reasons): no personal data
  reasons jsonb not null default '[]',
  primary key (scenario_id, change, household_id)
);
create index policy_scenario_result_region_idx on policy_scenario_result (scenario_id, region_code);
