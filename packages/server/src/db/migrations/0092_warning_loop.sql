-- Department warnings, closed loop (issue 15 §5; S1 §四(二)3). A verification records a result code and the reason
-- in words; results written before as free text keep their words as the reason and get the code their status
-- implies. A department with nothing to report files a 零报告, which counts as a data exchange like a feed.
alter table department_warning add column verification_reason text;

update department_warning
   set verification_reason = verification_result,
       verification_result = case status
         when 'included' then 'included'
         when 'verified_risk' then 'already_monitored'
         when 'verified_no_risk' then 'no_risk'
         else 'not_found' end
 where verification_result is not null
   and verification_result not in ('included', 'already_monitored', 'no_risk', 'not_found');

alter table department_warning add constraint department_warning_verification_result_check
  check (verification_result in ('included', 'already_monitored', 'no_risk', 'not_found'));

create table department_zero_report (
  id uuid primary key default gen_random_uuid(),
  county_code char(6) collate "C" not null,
  department text not null,
  reported_on date not null,
  note text,
  recorded_by uuid references app_user (id),
  created_at timestamptz not null default now()
);
create index department_zero_report_idx on department_zero_report (county_code, department, reported_on);
