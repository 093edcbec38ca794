-- The hashes of a user's last passwords, so a password change cannot go back to one of them (issue 12 §9).
alter table app_user add column previous_password_hashes text[] not null default '{}';
