-- Demo accounts (issue 14 §6) are marked as such, so the users page can show them and an administrator can see
-- which accounts sign in with the published demo password and must be disabled before going live.
alter table app_user add column demo boolean not null default false;
