-- The audit log lasts (issue 21 §4, 等保 2.0 level 3 安全审计): no row is changed, and none is deleted before it
-- is 180 days old (the retention the rules ask for), whoever connects; TRUNCATE is refused outright. An owner can
-- still disable a trigger, which is why the application should connect as dixian_app (below), which may not
-- update or delete audit rows at all, and why the chain's head is anchored outside the database.
create function audit_log_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' then
    raise exception '审计记录不可修改 / audit records cannot be changed (seq %)', old.seq
      using errcode = 'insufficient_privilege';
  elsif tg_op = 'DELETE' then
    if old.at > now() - interval '180 days' then
      raise exception '审计记录须保留至少180天 / audit records are kept at least 180 days (seq %, %)', old.seq, old.at
        using errcode = 'insufficient_privilege';
    end if;
    return old;
  end if;
  raise exception '审计日志不可清空 / the audit log cannot be truncated' using errcode = 'insufficient_privilege';
end $$;

create trigger audit_log_no_update before update on audit_log for each row execute function audit_log_guard();
create trigger audit_log_retention before delete on audit_log for each row execute function audit_log_guard();
create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_guard();

-- The application role: everything it needs, but only select and insert on the audit log. The operator creates a
-- login role in it (create role dixian login password '…' in role dixian_app) for the server's DATABASE_URL and
-- runs `dixian migrate` as the owner. Roles are cluster-wide: another database of the cluster may have made it.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'dixian_app') then
    create role dixian_app nologin;
  end if;
exception when duplicate_object or unique_violation then
  null;
end $$;
grant usage on schema public to dixian_app;
grant select, insert, update, delete on all tables in schema public to dixian_app;
grant usage, select on all sequences in schema public to dixian_app;
revoke update, delete, truncate on audit_log from dixian_app;
alter default privileges in schema public grant select, insert, update, delete on tables to dixian_app;
alter default privileges in schema public grant usage, select on sequences to dixian_app;
