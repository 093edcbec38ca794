-- Facts the identification and elimination rules read that 0001 did not hold (issue 3; the core schema
-- packages/core/src/household-facts.ts mirrors these columns one to one).

-- S3 §三(一): a household whose 三保障 or water fails is monitored when it "cannot solve it itself". The verifying
-- cadre records that judgement; the default (cannot) keeps every such household in view (应纳尽纳).
alter table household add column guarantees_self_resolvable boolean not null default false;

-- 风险事件: what happened to a household and when (S0 plan two §一; S1 §四(一)1, 6, 7): an accident, a natural
-- disaster with its sub-type, a lost job, a failed industry project, a sudden illness. Written by visits, verified
-- department warnings and applications; a current risk until resolved or older than the policy's look-back.
create table household_risk_event (
  id uuid primary key default gen_random_uuid(),
  household_id uuid not null references household (id) on delete cascade,
  county_code char(6) collate "C" not null,
  member_id uuid references member (id),
  risk_type text not null,
  disaster_subtype text check (disaster_subtype is null or risk_type = 'natural_disaster'),
  occurred_on date not null,
  resolved_on date,
  loss_fen bigint check (loss_fen >= 0),
  -- visit | department_warning | self_application | cadre_screening | import
  source text,
  note text,
  created_by uuid,
  created_at timestamptz not null default now(),
  check (resolved_on is null or resolved_on >= occurred_on)
);
create index household_risk_event_household_idx on household_risk_event (household_id, occurred_on);
create index household_risk_event_county_idx on household_risk_event (county_code, occurred_on);
