-- Background exports (issue 19 §2, the month-start peak): a long list exported in the background is written here,
-- sealed with the field keys like a visit photo, and fetched from the 下载中心 when ready. Only masked exports are
-- kept; an export with personal data in clear is always streamed straight to its requester and never stored.
-- Rows expire after a day and are deleted by the export-files job.
create table export_file (
  id uuid primary key default gen_random_uuid(),
  created_by uuid not null references app_user (id) on delete cascade,
  -- the list exported (households, cases, …) and the file's names, as a direct download would give them
  list text not null,
  title text not null,
  file_name text not null,
  ascii_name text not null,
  region_code varchar(12) collate "C",
  status text not null default 'queued' check (status in ('queued', 'running', 'ready', 'failed')),
  -- the sealed .xlsx (null until ready)
  content bytea,
  size_bytes integer,
  error text,
  created_at timestamptz not null,
  heartbeat_at timestamptz not null,
  finished_at timestamptz,
  expires_at timestamptz not null
);
create index export_file_user_idx on export_file (created_by, created_at desc);
create index export_file_expiry_idx on export_file (expires_at);
