-- Register import (issue 14 §4): a workbook of 户信息, 家庭成员 and 收入 is staged here row by row (the personal
-- data it holds stays inside the database, never in a temporary file), previewed, committed in one transaction and
-- undone as a batch. `registry_import_change` keeps what each write replaced (before-images) so the undo can put it
-- back; `registry_import_household` keeps a fingerprint of each household after the commit, so an undo is refused
-- once anything else has touched the household, its members or its incomes.
create table registry_import (
  id uuid primary key default gen_random_uuid(),
  county_code char(6) collate "C" not null,
  -- the uploader's area: the batch is seen and undone within it
  region_code varchar(12) collate "C" not null,
  file_name text not null,
  status text not null default 'preview' check (status in ('preview', 'committed', 'undone')),
  -- per sheet: the worksheet's name, header row and headers in order
  sheets jsonb not null,
  -- per sheet: headers mapped by hand for this file ({ "members": { "户主身份证": "idNumber" } }, null = ignore)
  manual jsonb not null default '{}',
  -- the counts of the last preview, or of the commit
  counts jsonb,
  created_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  committed_by uuid references app_user (id),
  committed_at timestamptz,
  undone_by uuid references app_user (id),
  undone_at timestamptz
);
create index registry_import_region_idx on registry_import (region_code collate "C", created_at desc);

-- the cells of each data row by header, as text; removed once the batch is committed
create table registry_import_row (
  import_id uuid not null references registry_import (id) on delete cascade,
  sheet text not null check (sheet in ('households', 'members', 'incomes')),
  row_no integer not null,
  cells jsonb not null,
  primary key (import_id, sheet, row_no)
);

-- a county's own headers, mapped by hand once and remembered for its next files
create table registry_header_alias (
  county_code char(6) collate "C" not null,
  sheet text not null check (sheet in ('households', 'members', 'incomes')),
  header text not null,
  field text not null,
  created_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  primary key (county_code, sheet, header)
);

-- every row a commit wrote: created, or updated with the columns it changed as they were before
create table registry_import_change (
  import_id uuid not null references registry_import (id) on delete cascade,
  entity text not null check (entity in ('household', 'member', 'income')),
  row_id uuid not null,
  household_id uuid not null,
  op text not null check (op in ('create', 'update')),
  before jsonb,
  primary key (import_id, entity, row_id)
);

create table registry_import_household (
  import_id uuid not null references registry_import (id) on delete cascade,
  household_id uuid not null,
  household_no varchar(32) collate "C" not null,
  fingerprint text not null,
  primary key (import_id, household_id)
);
create index registry_import_household_idx on registry_import_household (household_id);
