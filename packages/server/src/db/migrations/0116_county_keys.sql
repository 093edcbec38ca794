-- Rows of one county live together (issue 19 §4): the large tables are keyed by their id together with their
-- county code, and every foreign key between two of them names the county code too, so a child row can only
-- point at a parent of its own county. That is what declarative partitioning by county or province and Citus
-- (`create_distributed_table(..., 'county_code')`, docs/sharding.md) both require: the distribution column in every
-- primary key, unique constraint and foreign key between distributed tables. A household never changes county
-- (a move to another county is a transfer: out of one, into the other); should a county code still be corrected,
-- the foreign keys carry it to the household's rows (`on update cascade`), so they stay together.
--
-- The key is (id, county_code), the id first, so `where id = $1` still reads the primary key's index alone.
-- Foreign keys to the small reference tables (region, policy, app_user, feed_batch, screening_run, payroll,
-- disaster, screening_campaign) keep the id alone.

-- 1. the two tables that lacked the county code get it from their parents
alter table payroll_line add column county_code char(6) collate "C";
update payroll_line l set county_code = p.county_code from payroll p where p.id = l.payroll_id;
alter table payroll_line alter column county_code set not null;

alter table household_screening_facts add column county_code char(6) collate "C";
update household_screening_facts f set county_code = h.county_code from household h where h.id = f.household_id;
delete from household_screening_facts where county_code is null;
alter table household_screening_facts alter column county_code set not null;

-- 2. the foreign keys that point at a re-keyed table (made again in step 5). A user's link to the member they are
-- (app_user.person_member_id) is not made again: users are a reference table, and a reference table cannot point
-- into a county's rows. The link is checked where it is set (user.service.ts `personOf`), and the trigger below
-- clears it when the member is deleted, as the foreign key's `on delete set null` did.
alter table app_user drop constraint app_user_person_member_id_fkey;
create function member_deleted_unlink_user() returns trigger language plpgsql as $$
begin
  update app_user set person_member_id = null where person_member_id in (select id from gone);
  return null;
end $$;
create trigger member_deleted_unlink_user after delete on member
  referencing old table as gone for each statement execute function member_deleted_unlink_user();
alter table assistance_measure drop constraint assistance_measure_household_id_fkey,
  drop constraint assistance_measure_plan_id_fkey;
alter table assistance_plan drop constraint assistance_plan_case_id_fkey,
  drop constraint assistance_plan_household_id_fkey;
alter table campaign_check drop constraint campaign_check_household_id_fkey,
  drop constraint campaign_check_lead_id_fkey;
alter table case_event drop constraint case_event_case_id_fkey;
alter table change_request drop constraint change_request_household_id_fkey,
  drop constraint change_request_other_household_id_fkey,
  drop constraint change_request_result_household_id_fkey;
alter table commitment_authorization drop constraint commitment_authorization_case_id_fkey,
  drop constraint commitment_authorization_signer_member_id_fkey;
alter table department_warning drop constraint department_warning_case_id_fkey,
  drop constraint department_warning_household_id_fkey,
  drop constraint department_warning_lead_id_fkey,
  drop constraint department_warning_member_id_fkey;
alter table disaster_household drop constraint disaster_household_household_id_fkey,
  drop constraint disaster_household_lead_id_fkey;
alter table household drop constraint household_merged_into_id_fkey;
alter table household_risk_event drop constraint household_risk_event_household_id_fkey,
  drop constraint household_risk_event_member_id_fkey;
alter table household_screening_facts drop constraint household_screening_facts_household_id_fkey;
alter table income_record drop constraint income_record_household_id_fkey;
alter table integrity_record drop constraint integrity_record_case_id_fkey,
  drop constraint integrity_record_household_id_fkey,
  drop constraint integrity_record_member_id_fkey;
alter table lead drop constraint lead_attached_to_lead_id_fkey,
  drop constraint lead_case_fk,
  drop constraint lead_household_id_fkey;
alter table ledger_item drop constraint ledger_item_household_id_fkey,
  drop constraint ledger_item_parent_item_id_fkey;
alter table member drop constraint member_household_id_fkey;
alter table monitoring_case drop constraint monitoring_case_household_id_fkey,
  drop constraint monitoring_case_lead_id_fkey,
  drop constraint monitoring_case_previous_case_id_fkey;
alter table notice_objection drop constraint notice_objection_notice_id_fkey;
alter table payroll_line drop constraint payroll_line_case_id_fkey,
  drop constraint payroll_line_household_id_fkey,
  drop constraint payroll_line_payee_member_id_fkey;
alter table public_notice drop constraint public_notice_case_id_fkey;
alter table publicity_delivery drop constraint publicity_delivery_household_id_fkey;
alter table review_meeting drop constraint review_meeting_case_id_fkey;
alter table separate_relative drop constraint separate_relative_household_id_fkey,
  drop constraint separate_relative_other_household_id_fkey;
alter table social_assistance_case drop constraint social_assistance_case_household_id_fkey,
  drop constraint social_assistance_case_payee_member_id_fkey;
alter table visit drop constraint visit_household_id_fkey;
alter table visit_photo drop constraint visit_photo_household_id_fkey,
  drop constraint visit_photo_visit_id_fkey;

-- 3. the primary keys
alter table household drop constraint household_pkey, add primary key (id, county_code);
alter table member drop constraint member_pkey, add primary key (id, county_code);
alter table income_record drop constraint income_record_pkey, add primary key (id, county_code);
alter table monitoring_case drop constraint monitoring_case_pkey, add primary key (id, county_code);
alter table case_event drop constraint case_event_pkey, add primary key (id, county_code);
alter table visit drop constraint visit_pkey, add primary key (id, county_code);
alter table visit_photo drop constraint visit_photo_pkey, add primary key (id, county_code);
alter table assistance_plan drop constraint assistance_plan_pkey, add primary key (id, county_code);
alter table assistance_measure drop constraint assistance_measure_pkey, add primary key (id, county_code);
alter table department_warning drop constraint department_warning_pkey, add primary key (id, county_code);
alter table lead drop constraint lead_pkey, add primary key (id, county_code);
alter table social_assistance_case drop constraint social_assistance_case_pkey, add primary key (id, county_code);
alter table separate_relative drop constraint separate_relative_pkey, add primary key (id, county_code);
alter table household_risk_event drop constraint household_risk_event_pkey, add primary key (id, county_code);
alter table integrity_record drop constraint integrity_record_pkey, add primary key (id, county_code);
alter table ledger_item drop constraint ledger_item_pkey, add primary key (id, county_code);
alter table commitment_authorization drop constraint commitment_authorization_pkey,
  add primary key (id, county_code);
alter table public_notice drop constraint public_notice_pkey, add primary key (id, county_code);
alter table notice_objection drop constraint notice_objection_pkey, add primary key (id, county_code);
alter table review_meeting drop constraint review_meeting_pkey, add primary key (id, county_code);
alter table publicity_delivery drop constraint publicity_delivery_pkey, add primary key (id, county_code);
alter table change_request drop constraint change_request_pkey, add primary key (id, county_code);
alter table fact_history drop constraint fact_history_pkey, add primary key (id, county_code);
alter table payroll_line drop constraint payroll_line_pkey, add primary key (id, county_code);
alter table screening_result drop constraint screening_result_pkey,
  add primary key (run_id, finding, household_id, county_code);
alter table campaign_check drop constraint campaign_check_pkey, add primary key (campaign_id, household_id, county_code);
alter table disaster_household drop constraint disaster_household_pkey,
  add primary key (disaster_id, household_id, county_code);
alter table household_screening_facts drop constraint household_screening_facts_pkey,
  add primary key (household_id, county_code);

-- 4. the unique constraints. Where the other columns name a household or a case the county adds nothing; a
-- household number, a warning's dedupe key and a lead's receipt number are now unique within their county.
alter table household drop constraint household_household_no_key,
  add constraint household_household_no_key unique (household_no, county_code);
alter table case_event drop constraint case_event_case_id_seq_key,
  add constraint case_event_case_id_seq_key unique (case_id, seq, county_code);
alter table department_warning drop constraint department_warning_dedupe_key_key,
  add constraint department_warning_dedupe_key_key unique (dedupe_key, county_code);
alter table payroll_line drop constraint payroll_line_payroll_id_case_id_key,
  add constraint payroll_line_payroll_id_case_id_key unique (payroll_id, case_id, county_code);
alter table publicity_delivery drop constraint publicity_delivery_household_id_leaflet_year_key,
  add constraint publicity_delivery_household_id_leaflet_year_key unique (household_id, leaflet, year, county_code);
drop index change_request_pending_uq;
create unique index change_request_pending_uq on change_request (household_id, county_code) where status = 'pending';
drop index income_record_annual_uq;
create unique index income_record_annual_uq on income_record (household_id, year, county_code) where kind = 'annual';
drop index lead_receipt_uq;
create unique index lead_receipt_uq on lead (receipt_no, county_code) where receipt_no is not null;
drop index ledger_item_open_finding_uq;
create unique index ledger_item_open_finding_uq on ledger_item (household_id, source_finding, county_code)
  where source_finding is not null and status <> 'closed';
drop index social_assistance_case_active_uq;
create unique index social_assistance_case_active_uq on social_assistance_case (household_id, kind, county_code)
  where kind in ('dibao', 'tekun') and status in ('applied', 'approved');

-- 5. the foreign keys again, each naming the county (a corrected county code follows to the rows below)
alter table assistance_measure
  add constraint assistance_measure_household_id_fkey foreign key (household_id, county_code)
    references household (id, county_code) on update cascade,
  add constraint assistance_measure_plan_id_fkey foreign key (plan_id, county_code)
    references assistance_plan (id, county_code) on update cascade on delete cascade;
alter table assistance_plan
  add constraint assistance_plan_case_id_fkey foreign key (case_id, county_code)
    references monitoring_case (id, county_code) on update cascade,
  add constraint assistance_plan_household_id_fkey foreign key (household_id, county_code)
    references household (id, county_code) on update cascade;
alter table campaign_check
  add constraint campaign_check_household_id_fkey foreign key (household_id, county_code)
    references household (id, county_code) on update cascade,
  add constraint campaign_check_lead_id_fkey foreign key (lead_id, county_code)
    references lead (id, county_code) on update cascade;
alter table case_event
  add constraint case_event_case_id_fkey foreign key (case_id, county_code)
    references monitoring_case (id, county_code) on update cascade on delete cascade;
alter table change_request
  add constraint change_request_household_id_fkey foreign key (household_id, county_code)
    references household (id, county_code) on update cascade,
  add constraint change_request_other_household_id_fkey foreign key (other_household_id, county_code)
    references household (id, county_code) on update cascade,
  add constraint change_request_result_household_id_fkey foreign key (result_household_id, county_code)
    references household (id, county_code) on update cascade;
alter table commitment_authorization
  add constraint commitment_authorization_case_id_fkey foreign key (case_id, county_code)
    references monitoring_case (id, county_code) on update cascade on delete cascade,
  add constraint commitment_authorization_signer_member_id_fkey foreign key (signer_member_id, county_code)
    references member (id, county_code) on update cascade;
alter table department_warning
  add constraint department_warning_case_id_fkey foreign key (case_id, county_code)
    references monitoring_case (id, county_code) on update cascade,
  add constraint department_warning_household_id_fkey foreign key (household_id, county_code)
    references household (id, county_code) on update cascade,
  add constraint department_warning_lead_id_fkey foreign key (lead_id, county_code)
    references lead (id, county_code) on update cascade,
  add constraint department_warning_member_id_fkey foreign key (member_id, county_code)
    references member (id, county_code) on update cascade;
alter table disaster_household
  add constraint disaster_household_household_id_fkey foreign key (household_id, county_code)
    references household (id, county_code) on update cascade,
  add constraint disaster_household_lead_id_fkey foreign key (lead_id, county_code)
    references lead (id, county_code) on update cascade;
alter table household
  add constraint household_merged_into_id_fkey foreign key (merged_into_id, county_code)
    references household (id, county_code) on update cascade;
alter table household_risk_event
  add constraint household_risk_event_household_id_fkey foreign key (household_id, county_code)
    references household (id, county_code) on update cascade on delete cascade,
  add constraint household_risk_event_member_id_fkey foreign key (member_id, county_code)
    references member (id, county_code) on update cascade;
alter table household_screening_facts
  add constraint household_screening_facts_household_id_fkey foreign key (household_id, county_code)
    references household (id, county_code) on update cascade on delete cascade;
alter table income_record
  add constraint income_record_household_id_fkey foreign key (household_id, county_code)
    references household (id, county_code) on update cascade on delete cascade;
alter table integrity_record
  add constraint integrity_record_case_id_fkey foreign key (case_id, county_code)
    references social_assistance_case (id, county_code) on update cascade,
  add constraint integrity_record_household_id_fkey foreign key (household_id, county_code)
    references household (id, county_code) on update cascade,
  add constraint integrity_record_member_id_fkey foreign key (member_id, county_code)
    references member (id, county_code) on update cascade;
alter table lead
  add constraint lead_attached_to_lead_id_fkey foreign key (attached_to_lead_id, county_code)
    references lead (id, county_code) on update cascade,
  add constraint lead_case_fk foreign key (case_id, county_code)
    references monitoring_case (id, county_code) on update cascade,
  add constraint lead_household_id_fkey foreign key (household_id, county_code)
    references household (id, county_code) on update cascade;
alter table ledger_item
  add constraint ledger_item_household_id_fkey foreign key (household_id, county_code)
    references household (id, county_code) on update cascade,
  add constraint ledger_item_parent_item_id_fkey foreign key (parent_item_id, county_code)
    references ledger_item (id, county_code) on update cascade;
alter table member
  add constraint member_household_id_fkey foreign key (household_id, county_code)
    references household (id, county_code) on update cascade on delete cascade;
alter table monitoring_case
  add constraint monitoring_case_household_id_fkey foreign key (household_id, county_code)
    references household (id, county_code) on update cascade,
  add constraint monitoring_case_lead_id_fkey foreign key (lead_id, county_code)
    references lead (id, county_code) on update cascade,
  add constraint monitoring_case_previous_case_id_fkey foreign key (previous_case_id, county_code)
    references monitoring_case (id, county_code) on update cascade;
alter table notice_objection
  add constraint notice_objection_notice_id_fkey foreign key (notice_id, county_code)
    references public_notice (id, county_code) on update cascade on delete cascade;
alter table payroll_line
  add constraint payroll_line_case_id_fkey foreign key (case_id, county_code)
    references social_assistance_case (id, county_code) on update cascade,
  add constraint payroll_line_household_id_fkey foreign key (household_id, county_code)
    references household (id, county_code) on update cascade,
  add constraint payroll_line_payee_member_id_fkey foreign key (payee_member_id, county_code)
    references member (id, county_code) on update cascade;
alter table public_notice
  add constraint public_notice_case_id_fkey foreign key (case_id, county_code)
    references monitoring_case (id, county_code) on update cascade on delete cascade;
alter table publicity_delivery
  add constraint publicity_delivery_household_id_fkey foreign key (household_id, county_code)
    references household (id, county_code) on update cascade;
alter table review_meeting
  add constraint review_meeting_case_id_fkey foreign key (case_id, county_code)
    references monitoring_case (id, county_code) on update cascade on delete cascade;
alter table separate_relative
  add constraint separate_relative_household_id_fkey foreign key (household_id, county_code)
    references household (id, county_code) on update cascade on delete cascade,
  add constraint separate_relative_other_household_id_fkey foreign key (other_household_id, county_code)
    references household (id, county_code) on update cascade;
alter table social_assistance_case
  add constraint social_assistance_case_household_id_fkey foreign key (household_id, county_code)
    references household (id, county_code) on update cascade,
  add constraint social_assistance_case_payee_member_id_fkey foreign key (payee_member_id, county_code)
    references member (id, county_code) on update cascade;
alter table visit
  add constraint visit_household_id_fkey foreign key (household_id, county_code)
    references household (id, county_code) on update cascade;
alter table visit_photo
  add constraint visit_photo_household_id_fkey foreign key (household_id, county_code)
    references household (id, county_code) on update cascade,
  add constraint visit_photo_visit_id_fkey foreign key (visit_id, county_code)
    references visit (id, county_code) on update cascade;
