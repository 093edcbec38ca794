-- Sensitive fields sealed at rest (issue 21 §3, 等保 2.0 level 3 数据保密性): ID numbers, phones and diagnoses
-- are stored as tokens sealed with SM4 (or AES-256-GCM) under keys kept outside the database; an ID number is
-- found by its blind index (a keyed HMAC), never by its value. A token is longer than the 18 characters of a
-- number, so the columns become text. The application seals what is still clear on its first start after this
-- migration (field_seal_pending lists the tables it has still to do), because the keys never reach SQL.
alter table member alter column id_number type text;
alter table member add column id_number_index varchar(32) collate "C";
drop index member_id_number_idx;
create index member_id_number_index_idx on member (id_number_index);

alter table separate_relative alter column id_number type text;
alter table separate_relative add column id_number_index varchar(32) collate "C";

alter table lead alter column applicant_id_number type text;
alter table lead add column applicant_id_index varchar(32) collate "C";
create index lead_applicant_id_index_idx on lead (county_code, applicant_id_index) where applicant_id_index is not null;

alter table feed_row alter column id_number type text;
alter table feed_row add column id_number_index varchar(32) collate "C";

alter table department_warning alter column id_number type text;

create table field_seal_pending (
  table_name text primary key
);
insert into field_seal_pending (table_name)
values ('member'), ('separate_relative'), ('household'), ('lead'), ('app_user'), ('feed_row'), ('department_warning'),
  ('registry_import_row'), ('change_request');
