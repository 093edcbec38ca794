-- The offline field app (issue 18). A queued write carries an idempotency key (the id the phone gave the record);
-- the first successful answer is kept per user and key, so a sync repeated after a lost answer creates nothing
-- twice. `status` null: the first request is still running (a repeat meanwhile is refused, not run twice).
create table idempotency_receipt (
  user_id uuid not null references app_user (id) on delete cascade,
  key uuid not null,
  method text not null,
  path text not null,
  status integer,
  body jsonb,
  created_at timestamptz not null default now(),
  primary key (user_id, key)
);
create index idempotency_receipt_created_idx on idempotency_receipt (created_at);

-- A visit's place (S3 §三(二) "如实、及时纪实"): where the device was, when the user allowed it. Replaces the unused
-- `geo` document of 0001 with typed columns the inspection can query.
alter table visit
  add column latitude double precision check (latitude between -90 and 90),
  add column longitude double precision check (longitude between -180 and 180),
  add column accuracy_m double precision check (accuracy_m >= 0),
  add column located_at timestamptz,
  add constraint visit_location_whole check (
    (latitude is null) = (longitude is null) and (latitude is null) = (located_at is null)
    and (accuracy_m is null or latitude is not null));
alter table visit drop column geo;

-- A visit's photos. The file lives outside the web root under the photo directory, named by this id.
create table visit_photo (
  id uuid primary key default gen_random_uuid(),
  visit_id uuid not null references visit (id),
  household_id uuid not null references household (id),
  county_code char(6) collate "C" not null,
  region_code varchar(12) collate "C" not null,
  mime text not null check (mime in ('image/jpeg', 'image/webp', 'image/png')),
  bytes integer not null check (bytes > 0),
  sha256 char(64) not null,
  taken_at timestamptz,
  created_by uuid references app_user (id),
  created_at timestamptz not null default now()
);
create index visit_photo_visit_idx on visit_photo (visit_id, created_at);
create index visit_photo_household_idx on visit_photo (household_id);
