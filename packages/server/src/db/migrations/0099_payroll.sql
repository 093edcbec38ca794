-- The monthly payroll of 低保 and 特困 per township (issue 16 §6; S0 plan one 四(一): the financial ledger agrees with
-- the business ledger; 二, 五: one approval, payments in stages). A township prepares the month from the cases in force,
-- the county approves it, finance marks it paid; a line can be stopped with a reason; a recovery line takes back what
-- was paid and is not due (a case ended for an integrity violation recovers every month paid).
-- The payee's account is kept on the case (pay_method, pay_account sealed at rest, payee_member_id).
alter table social_assistance_case add column pay_method text;
alter table social_assistance_case add column pay_account text;
alter table social_assistance_case add column payee_member_id uuid references member (id);

create table payroll (
  id uuid primary key default gen_random_uuid(),
  county_code char(6) collate "C" not null,
  region_code varchar(12) collate "C" not null references region (code),
  month char(7) collate "C" not null check (month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  status text not null default 'draft' check (status in ('draft', 'approved', 'paid')),
  line_count integer not null default 0,
  people_count integer not null default 0,
  total_fen bigint not null default 0,
  recovery_fen bigint not null default 0,
  prepared_by uuid references app_user (id),
  prepared_at timestamptz not null default now(),
  approved_by uuid references app_user (id),
  approved_at timestamptz,
  paid_on date,
  version integer not null default 1,
  unique (region_code, month)
);
create index payroll_county_month_idx on payroll (county_code, month);

create table payroll_line (
  id uuid primary key default gen_random_uuid(),
  payroll_id uuid not null references payroll (id) on delete cascade,
  case_id uuid not null references social_assistance_case (id),
  household_id uuid not null references household (id),
  village_code varchar(12) collate "C" not null,
  kind text not null,
  people_count integer not null default 0,
  monthly_amount_fen bigint not null default 0 check (monthly_amount_fen >= 0),
  amount_fen bigint not null default 0 check (amount_fen >= 0),
  payee_member_id uuid references member (id),
  payee_name text,
  pay_method text,
  account_no text,
  status text not null default 'included' check (status in ('included', 'stopped')),
  stop_reason text,
  recovery_fen bigint not null default 0 check (recovery_fen >= 0),
  note text,
  unique (payroll_id, case_id)
);
create index payroll_line_case_idx on payroll_line (case_id);
