-- Leads from every channel, the case side tables and visits (issue 4 §1): what the lead, case, plan and visit
-- services need beyond 0001 and 0005.

-- A self-application answers a receipt number; the farmer quotes it with their ID number to see the status
-- (GET /api/public/applications/:receipt). Unique among the leads that have one.
alter table lead add column receipt_no varchar(24) collate "C";
create unique index lead_receipt_uq on lead (receipt_no) where receipt_no is not null;

-- A second report about a household whose lead is still open joins that lead instead of opening another (the
-- rule department warnings follow, issue 5 §2); it points at the lead it joined and follows its fate.
alter table lead add column attached_to_lead_id uuid references lead (id);
create index lead_attached_idx on lead (attached_to_lead_id) where attached_to_lead_id is not null;

-- Lists of leads, newest discovery first, within a county.
create index lead_county_discovered_idx on lead (county_code, discovered_at desc);

-- S3 §三(四): who raised an objection to a notice, and whether it was upheld when it was resolved.
alter table notice_objection add column raised_by text, add column upheld boolean;

-- The case page reads these per case; 0001 indexed only the keys.
create index commitment_authorization_case_idx on commitment_authorization (case_id);
create index review_meeting_case_idx on review_meeting (case_id, held_on);
create index public_notice_case_idx on public_notice (case_id, start_on);
create index notice_objection_notice_idx on notice_objection (notice_id);
create index assistance_measure_plan_idx on assistance_measure (plan_id);
