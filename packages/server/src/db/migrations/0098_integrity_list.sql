-- The 失信 list (issue 16 §7; S0 plan one 三, S2 §二(三)12): why someone is on it, what is to be recovered and what
-- was, the case it came from, and the removal with its day and reason. A record counts while removed_on is null.
-- Every application carries the signed honesty pledge (诚信申报承诺制度) as the day it was signed.
alter table integrity_record add column kind text not null default 'fraud';
alter table integrity_record add column case_id uuid references social_assistance_case (id);
alter table integrity_record add column recovery_fen bigint not null default 0 check (recovery_fen >= 0);
alter table integrity_record add column recovered_fen bigint not null default 0 check (recovered_fen >= 0);
alter table integrity_record add column listed_by uuid references app_user (id);
alter table integrity_record add column removed_on date;
alter table integrity_record add column removal_reason text;
alter table integrity_record add column removed_by uuid references app_user (id);
alter table integrity_record add column created_at timestamptz not null default now();
alter table integrity_record add column version integer not null default 1;
create index integrity_record_active_idx on integrity_record (household_id) where removed_on is null;

alter table social_assistance_case add column pledge_signed_on date;
