-- A running screening run's heartbeat: the process executing it writes it every 20 s, so a run whose process died
-- (crash, kill, power) is recognised as interrupted on every engine and by any server sharing the database, instead
-- of blocking its area's next run (issue 12 §7).
alter table screening_run add column heartbeat_at timestamptz;
update screening_run set heartbeat_at = coalesce(finished_at, started_at);
