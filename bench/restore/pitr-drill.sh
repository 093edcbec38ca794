#!/usr/bin/env bash
# Point-in-time recovery drill on PostgreSQL (issue 21 §1), the operator procedure of docs/ARCHITECTURE.md run end
# to end on a private PostgreSQL 15 cluster (its own directory and port; the machine's server is not touched):
# continuous WAL archiving (archive_command), a base backup (pg_basebackup), writes after it, recovery to a time
# between two writes (recovery_target_time), and dixian's audit verification on the recovered database.
#
#   bash bench/restore/pitr-drill.sh            # as root (runs PostgreSQL as the postgres user) or as postgres
#
# PG_BIN (default /usr/lib/postgresql/15/bin), PORT (default 55432). Everything is removed at the end.
set -euo pipefail
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PORT=${PORT:-55432}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
W=$(mktemp -d /tmp/dixian-pitr-XXXXXX)
chmod 755 "$W"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$W"
cleanup() {
  as_pg "$PG_BIN/pg_ctl" -D "$W/primary" -m immediate stop >/dev/null 2>&1 || true
  as_pg "$PG_BIN/pg_ctl" -D "$W/recovered" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$W"
}
trap cleanup EXIT
dixian() { (cd "$ROOT" && DIXIAN_LOG_LEVEL=warn node packages/server/bin/dixian.js "$@"); }
sql() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d dixian -Atqc "$1"; }
step() { printf '\n== %s\n' "$*"; }

step "a cluster with continuous archiving: wal_level=replica, archive_mode=on, archive_command"
as_pg mkdir "$W/wal"
as_pg "$PG_BIN/initdb" -D "$W/primary" -U postgres --auth=trust >/dev/null
as_pg tee -a "$W/primary/postgresql.conf" >/dev/null <<CONF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$W'
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $W/wal/%f && cp %p $W/wal/%f'
archive_timeout = 60
CONF
as_pg "$PG_BIN/pg_ctl" -D "$W/primary" -l "$W/primary.log" -w start >/dev/null
as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres dixian
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/dixian"

step "before the base backup: the schema and one account (audited)"
dixian migrate >/dev/null
dixian regions load --county 220681 >/dev/null
add_user() { echo 'Pitr#Recovery2026' | dixian user add --username "$1" --role county_officer --scope 220681 --name "$2" >/dev/null; }
add_user before 基线前

step "base backup (pg_basebackup, tar, compressed)"
as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PORT" -U postgres -D "$W/base" -Ft -z -X fetch -c fast >/dev/null

step "after it: an account that must come back, the recovery target time, then one that must not"
add_user kept 保留
sleep 1.1
TARGET=$(sql "select now()")
sleep 1.1
add_user lost 丢失
sql "select pg_switch_wal()" >/dev/null
sleep 2
echo "target: $TARGET; archived WAL files: $(ls "$W/wal" | wc -l)"

step "the disk is lost: stop the primary; recover the base backup with restore_command and recovery_target_time"
as_pg "$PG_BIN/pg_ctl" -D "$W/primary" -m immediate stop >/dev/null
as_pg mkdir -m 700 "$W/recovered"
as_pg tar -xzf "$W/base/base.tar.gz" -C "$W/recovered"
as_pg tee -a "$W/recovered/postgresql.conf" >/dev/null <<CONF
archive_mode = off
restore_command = 'cp $W/wal/%f %p'
recovery_target_time = '$TARGET'
recovery_target_action = 'promote'
CONF
as_pg touch "$W/recovered/recovery.signal"
START=$(date +%s.%N)
as_pg "$PG_BIN/pg_ctl" -D "$W/recovered" -l "$W/recovered.log" -w -t 120 start >/dev/null
until [ "$(sql 'select pg_is_in_recovery()')" = "f" ]; do sleep 0.2; done
echo "recovery time: $(echo "$(date +%s.%N) - $START" | bc) s"

step "what came back"
USERS=$(sql "select string_agg(username, ',' order by username) from app_user")
echo "accounts: $USERS"
dixian audit verify
case ",$USERS," in *,before,*) ;; *) echo "FAIL: the account made before the base backup is missing"; exit 1 ;; esac
case ",$USERS," in *,kept,*) ;; *) echo "FAIL: the account made before the target time is missing"; exit 1 ;; esac
case ",$USERS," in *,lost,*) echo "FAIL: the account made after the target time came back"; exit 1 ;; esac
echo "PASS: recovered to $TARGET — kept the writes before it, not the one after, audit chains intact"
