-- Department feed import (issue 5 §1–2): what the staging and the department's outcome view need beyond 0001.

-- Counts and facts of one import: header row, columns, encoding confidence, leads created, attachments.
alter table feed_batch add column stats jsonb not null default '{}';

-- Each staged row says what became of it (invalid, unmatched, outside_scope, matched) and carries the key of
-- the warning it stands for, so a department sees the outcome of every row, even when the same fact was
-- already pushed in an earlier file.
alter table feed_row add column outcome text not null default 'matched';
alter table feed_row add column dedupe_key text;

-- Errors reject a row; notices only say what was changed or assumed (a 15-digit number upgraded, a name that
-- differs from the registry).
alter table feed_issue add column severity text not null default 'error';

create index feed_batch_department_idx on feed_batch (department, started_at);

-- feed_row is written only by the import, in the transaction that creates its batch, a million rows at a time;
-- the per-row foreign-key check cost more than the insert itself (bench/reports/import.md). The batch's rows are
-- deleted with it by the repository instead of by cascade.
alter table feed_row drop constraint feed_row_batch_id_fkey;
