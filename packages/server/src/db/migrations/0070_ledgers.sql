-- The three ledgers of S3 §五 (排查任务台账, 疑似问题台账, 整改工作台账) with close-out (销号 only after verification):
-- who created an item, who recorded its rectification and who verified it, so the service can demand that an item
-- is verified and closed by someone other than the one who rectified it. Actor ids carry no foreign key: the system
-- actor (CLI, screening) is not a row of app_user, as for closed_by in 0001.
alter table ledger_item
  add column created_by uuid,
  add column updated_at timestamptz not null default now(),
  add column rectification text,
  add column rectified_by uuid,
  add column rectified_on date,
  add column verification_note text,
  add column verified_by uuid,
  add column verified_on date,
  add column close_note text,
  -- the screening finding (ScreeningFinding) an item was raised from, so a second raise adds no duplicate
  add column source_finding text;

alter table ledger_item
  add constraint ledger_item_ledger_check check (ledger in ('screening_task', 'suspected_issue', 'rectification')),
  add constraint ledger_item_area_check check (area in ('publicity', 'visits_and_screening', 'warning_push',
    'inclusion', 'assistance', 'elimination', 'no_labor_flag', 'data_quality')),
  add constraint ledger_item_status_check check (status in ('open', 'rectifying', 'verified', 'closed'));

create index ledger_item_county_idx on ledger_item (county_code, ledger, status);
create index ledger_item_household_idx on ledger_item (household_id) where household_id is not null;
create index ledger_item_parent_idx on ledger_item (parent_item_id) where parent_item_id is not null;
-- one item still open per household and screening finding: raising the same run twice (or a later run that
-- finds the same problem) adds nothing until the first item is closed
create unique index ledger_item_open_finding_uq on ledger_item (household_id, source_finding)
  where source_finding is not null and status <> 'closed';
