-- Issue 21 §2 and §5 (等保 2.0 level 3): a second factor at sign-in and sessions and accounts.

-- One second factor per account. kind 'totp' (RFC 6238) today; an SM2 certificate can be another kind later.
-- The secret is stored sealed with AES-256-GCM under the server's secret key (never in clear); recovery codes
-- are random, so a SHA-256 of each is enough (like session tokens). confirmed_at is null while an enrolment
-- waits for its first code; last_step is the newest time step accepted, so a code is never accepted twice.
create table user_second_factor (
  user_id uuid primary key references app_user (id) on delete cascade,
  kind text not null default 'totp',
  secret_sealed text not null,
  confirmed_at timestamptz,
  last_step bigint,
  recovery_code_hashes text[] not null default '{}',
  created_at timestamptz not null default now()
);

-- A sign-in whose password was right and whose second step is still to come (five minutes at most). Only the
-- SHA-256 of its token is stored; 'enrol' marks a first enrolment that the sign-in itself must finish.
create table login_challenge (
  token_hash char(64) primary key,
  user_id uuid not null references app_user (id) on delete cascade,
  step text not null,
  failures integer not null default 0,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  ip text,
  user_agent text
);
create index login_challenge_user_idx on login_challenge (user_id);

-- The account's recent sign-ins page shows the device and which step failed.
alter table login_attempt add column user_agent text;
alter table login_attempt add column reason text;
