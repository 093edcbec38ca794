-- Reminders and escalation (issue 15 §4) and their delivery (§7).
-- message: one in-app message per recipient. dedupe_key (item kind, reference, due day, stage) is unique per user,
-- so the daily reminders job, rerun or run by several servers on one database, never writes a message twice.
-- Bodies carry a household number and a masked head name at most: never ID numbers or phones.
create table message (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user (id) on delete cascade,
  county_code char(6) collate "C" not null,
  kind text not null check (kind in ('remind', 'overdue', 'escalate_township', 'escalate_county')),
  item_kind text not null,
  item_ref text not null,
  region_code varchar(12) collate "C" not null,
  due_on date not null,
  title text not null,
  body text not null,
  link_list text not null,
  link_query jsonb not null default '{}',
  dedupe_key text not null,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  unique (user_id, dedupe_key)
);
create index message_user_idx on message (user_id, created_at desc, id);
create index message_unread_idx on message (user_id) where read_at is null;

-- outbox: each message's delivery by another channel (e-mail, a webhook where SMS gateways and 政务微信 plug in),
-- one row per message and channel. The delivery job takes due rows with FOR UPDATE SKIP LOCKED, so servers share
-- the queue; every attempt is counted, its error kept, and it is retried with back-off until it gives up (failed).
create table outbox (
  id uuid primary key default gen_random_uuid(),
  message_id uuid not null references message (id) on delete cascade,
  channel text not null check (channel in ('email', 'webhook')),
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  attempts int not null default 0,
  next_attempt_at timestamptz not null,
  last_attempt_at timestamptz,
  last_error text,
  -- every attempt: [{ "at": …, "ok": true|false, "error": … }]
  history jsonb not null default '[]',
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  unique (message_id, channel)
);
create index outbox_due_idx on outbox (next_attempt_at) where status = 'pending';

-- where a user's e-mail reminders go (optional; without it a user gets in-app messages and the webhook only)
alter table app_user add column email text;
