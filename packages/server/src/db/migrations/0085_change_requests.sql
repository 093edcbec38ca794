-- Changes that need approval (变更, issue 14 §3): a split (分户), a merge (合户), a move to another village (迁移) or
-- a change of a monitored household's category or members, requested by the village and approved or refused with a
-- reason by the township (or the county). The household's version when requested makes a request stale once the
-- household changed; the before and after snapshots are what the decider compares side by side. region_code and
-- county_code are the household's village when requested, so the scope of the other records applies (inScope).
create table change_request (
  id uuid primary key default gen_random_uuid(),
  county_code char(6) collate "C" not null,
  region_code varchar(12) collate "C" not null,
  kind text not null check (kind in ('split', 'merge', 'move', 'category', 'members')),
  household_id uuid not null references household (id),
  household_version integer not null,
  -- a merge: the household whose members join this one (it is closed, not deleted)
  other_household_id uuid references household (id),
  other_household_version integer,
  target_region_code varchar(12) collate "C" references region (code),
  payload jsonb not null,
  before jsonb not null,
  after jsonb not null,
  note text,
  status text not null default 'pending' check (status in ('pending', 'approved', 'refused', 'withdrawn')),
  requested_by uuid not null,
  requested_at timestamptz not null,
  decided_by uuid,
  decided_at timestamptz,
  reason text,
  -- the household a split created
  result_household_id uuid references household (id),
  version integer not null default 1,
  constraint change_request_move_target check ((kind = 'move') = (target_region_code is not null)),
  constraint change_request_merge_other check ((kind = 'merge') = (other_household_id is not null)),
  constraint change_request_decided check ((status in ('pending', 'withdrawn')) = (decided_at is null)),
  constraint change_request_refusal_reason check (status <> 'refused' or reason is not null)
);
create index change_request_region_idx on change_request (region_code, status);
create index change_request_household_idx on change_request (household_id);
-- one pending request per household: a second would be judged against a household the first may change
create unique index change_request_pending_uq on change_request (household_id) where status = 'pending';

-- A household merged into another is closed, not deleted: its record, income history and closed cases stay, it
-- leaves the registry's lists, the screening and the visits due, and says where its members went.
alter table household add column closed_on date;
alter table household add column merged_into_id uuid references household (id);
alter table household add constraint household_closed_merged check ((closed_on is null) = (merged_into_id is null));
