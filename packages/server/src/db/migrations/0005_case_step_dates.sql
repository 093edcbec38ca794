-- The state machine (packages/core/src/case) records the dates of every step, including verification and the
-- elimination's own review, notice and township steps, so a case round-trips without reading side tables.
alter table monitoring_case
  add column verified_on date,
  add column verification_due_on date,
  add column elimination_village_reviewed_on date,
  add column elimination_notice_start_on date,
  add column elimination_notice_end_on date,
  add column elimination_township_reviewed_on date;
