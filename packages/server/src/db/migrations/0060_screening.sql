-- Screening runs (issue 5 §3): what 0001's screening_run / screening_result need to answer "why was this household
-- flagged on that date" and "who entered, who left, and why" between two runs.

-- The policy of every region the run covered (prefix, version label, record ids) and the exact parameters the
-- set-based SQL read, so a run can be explained and re-checked later; the run it was compared with when it
-- recorded departures; the error of a failed run.
alter table screening_run
  add column policies jsonb not null default '[]',
  add column previous_run_id uuid references screening_run (id),
  add column error text;

-- A row of a run is either a finding (cleared = false) or a departure (cleared = true): a household flagged for
-- that finding by the previous run of the same scope and no longer flagged, with this run's explanation of why.
alter table screening_result add column cleared boolean not null default false;

create index screening_run_scope_idx on screening_run (scope_code, as_of, finished_at);
-- the household page shows the latest findings of a household
create index screening_result_household_idx on screening_result (household_id, run_id);
