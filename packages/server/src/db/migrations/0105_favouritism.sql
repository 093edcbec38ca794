-- 优亲厚友 (issue 17 §3, S3 二): a staff account is linked to its holder's own person record (a member of a
-- household of the register), so the system can see when a cadre handles a case, a measure or social assistance of
-- his own household or of a close relative's; each such flag is a suspected problem (area favouritism) for an
-- inspector to clear or confirm.
alter table app_user add column person_member_id uuid references member (id) on delete set null;
create index app_user_person_member_idx on app_user (person_member_id) where person_member_id is not null;

alter table ledger_item drop constraint ledger_item_area_check;
alter table ledger_item
  add constraint ledger_item_area_check check (area in ('publicity', 'visits_and_screening', 'warning_push',
    'inclusion', 'assistance', 'elimination', 'no_labor_flag', 'data_quality', 'favouritism'));

-- relatives registered by id number are looked up by the blind index
create index separate_relative_id_index_idx on separate_relative (id_number_index) where id_number_index is not null;
create index separate_relative_other_household_idx on separate_relative (other_household_id)
  where other_household_id is not null;
