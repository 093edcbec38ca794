-- Social assistance (低保, 特困, 临时救助; S2, S0 plan one): who applied, decided and ended a case, the decision's
-- note (a rejection's reason, a 一事一议 justification), and the income that started a 低保 grace period.
alter table social_assistance_case
  add column created_by uuid,
  add column updated_at timestamptz not null default now(),
  add column decided_by uuid,
  add column decision_note text,
  add column ended_by uuid,
  add column end_note text,
  -- annual per-capita income (fen) found when the grace period (渐退, S2 §二(一)1) was granted
  add column grace_income_fen bigint;

alter table social_assistance_case
  add constraint social_assistance_case_kind_check check (kind in ('dibao', 'tekun', 'temp_relief')),
  add constraint social_assistance_case_status_check check (status in ('applied', 'approved', 'rejected', 'ended')),
  add constraint social_assistance_case_level_check check (approval_level is null
    or approval_level in ('township', 'county')),
  add constraint social_assistance_case_amounts_check check (coalesce(amount_fen, 0) >= 0
    and coalesce(monthly_amount_fen, 0) >= 0 and coalesce(standard_fen, 0) >= 0),
  add constraint social_assistance_case_grace_check check (grace_end_on is null or grace_end_on >= grace_start_on);

-- At most one 低保 and one 特困 case in progress per household: two concurrent applications cannot both pass.
create unique index social_assistance_case_active_uq on social_assistance_case (household_id, kind)
  where kind in ('dibao', 'tekun') and status in ('applied', 'approved');
-- the township ledger of temporary assistance and the lists read by county, kind and decision date
create index social_assistance_case_decided_idx on social_assistance_case (county_code, kind, decided_on);
