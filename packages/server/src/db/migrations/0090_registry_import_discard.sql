-- A register import's preview holds the file's rows, personal data included, inside the database until it is
-- committed. One never committed is discarded (issue 14 §4): by the user, or when it is older than the preview
-- retention, and its staged rows go with it.
alter table registry_import drop constraint registry_import_status_check;
alter table registry_import add constraint registry_import_status_check
  check (status in ('preview', 'committed', 'undone', 'discarded'));
