#!/bin/bash
# RPO/RTO drill (DEPLOYMENT_PLAN_CLOUD.md "Backups"): a throwaway cluster on PORT (default 55432) with this folder's
# pgbackrest.conf and postgresql.archive.conf (only paths and port changed), a full backup, then a writer commits one
# row every ~0.5 s (BEATS rows, default 300); the host is lost (pg_ctl stop -m immediate, data folder deleted); the
# latest is restored from the repository into the empty folder and started. Prints the commits lost (the RPO) and
# restore + recovery until the cluster is promoted and writable (the RTO). Run as root (Postgres and pgBackRest run as
# the postgres user); removes its folder at the end. ARCHIVE_TIMEOUT=<s> overrides archive_timeout (to see the bound
# follow it).
# The rows are read only once recovery has ended (pg_is_in_recovery() false): pg_ctl start -w returns as soon as the
# restored cluster accepts read-only connections (hot_standby, at the backup's consistent point), while the archived
# WAL is still being replayed; reading then measured the replay's progress (85 s and 149 s "lost"), not the loss.
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
R=$(mktemp -d /tmp/mad-rpo-drill-XXXXXX); mkdir -p $R/{repo,log,spool,lock}; chmod 755 $R
# (the asynchronous archive-get may still write into the spool for a moment after the stop)
trap 'runuser -u postgres -- $BIN/pg_ctl -D $R/data -m immediate stop >/dev/null 2>&1 || true; for t in 1 2 3 4 5; do rm -rf $R 2>/dev/null && break; sleep 1; done' EXIT
PORT=${PORT:-55432}
sed -e "s|^repo1-path=.*|repo1-path=$R/repo|" -e "s|^spool-path=.*|spool-path=$R/spool|" -e "s|^log-path=.*|log-path=$R/log|" \
    -e "s|^lock-path=.*|lock-path=$R/lock|" -e "s|^pg1-path=.*|pg1-path=$R/data|" -e "s|^pg1-port=.*|pg1-port=$PORT|" \
    -e "s|^pg1-socket-path=.*|pg1-socket-path=$R/data|" $HERE/pgbackrest.conf > $R/pgbackrest.conf
chown -R postgres:postgres $R
U="runuser -u postgres --"
$U $BIN/initdb -D $R/data -U postgres --auth=trust --no-instructions >/dev/null
sed "s|archive_command = 'pgbackrest --stanza=mad archive-push %p'|archive_command = 'pgbackrest --config=$R/pgbackrest.conf --stanza=mad archive-push %p'|" \
  $HERE/postgresql.archive.conf >> $R/data/postgresql.conf
[ -n "$ARCHIVE_TIMEOUT" ] && echo "archive_timeout = $ARCHIVE_TIMEOUT" >> $R/data/postgresql.conf
$U $BIN/pg_ctl -D $R/data -l $R/log/pg.log -w -o "-p $PORT -k $R/data -c listen_addresses=''" start >/dev/null
PB="$U pgbackrest --config=$R/pgbackrest.conf --stanza=mad"
$PB stanza-create >/dev/null; $PB check >/dev/null
$PB --type=full backup >/dev/null
PSQL="$U $BIN/psql -h $R/data -p $PORT -U postgres -d postgres -tAc"
$PSQL "create table beats (n int primary key, at timestamptz not null default clock_timestamp())"
for i in $(seq 1 ${BEATS:-300}); do $PSQL "insert into beats (n) values ($i)" >/dev/null; sleep 0.5; done
LAST=$($PSQL "select n || ' ' || extract(epoch from at) from beats order by n desc limit 1")
ARCHIVED=$($PSQL "select last_archived_wal || ' ' || extract(epoch from last_archived_time) from pg_stat_archiver")
TIMEOUT=$($PSQL "select setting from pg_settings where name = 'archive_timeout'")
CRASH=$(date +%s.%N)
$U $BIN/pg_ctl -D $R/data -m immediate stop >/dev/null
rm -rf $R/data
T0=$(date +%s.%N)
$PB --pg1-path=$R/data restore >/dev/null 2>$R/log/restore.err
$U $BIN/pg_ctl -D $R/data -l $R/log/pg2.log -w -t 300 -o "-p $PORT -k $R/data -c listen_addresses=''" start >/dev/null
T1=$(date +%s.%N)
for t in $(seq 1 600); do [ "$($PSQL 'select pg_is_in_recovery()')" = f ] && break; sleep 0.5; done
[ "$($PSQL 'select pg_is_in_recovery()')" = f ] || { echo "recovery did not end in 300 s"; tail -20 $R/log/pg2.log; exit 1; }
T2=$(date +%s.%N)
GOT=$($PSQL "select n || ' ' || extract(epoch from at) from beats order by n desc limit 1")
echo "last committed before the crash: $LAST; crash at $CRASH"
echo "last WAL segment archived before the crash (pg_stat_archiver): $ARCHIVED; archive_timeout $TIMEOUT s"
echo "last row after the restore: $GOT"
grep -h "last completed transaction" $R/log/pg2.log || true
echo "restore + start until read-only connections: $(echo "$T1 - $T0" | bc) s; until recovery ended and promoted (RTO): $(echo "$T2 - $T0" | bc) s"
python3 -c "
l='$LAST'.split(); g='$GOT'.split(); a='$ARCHIVED'.split(); c=float('$CRASH')
lost=float(l[1])-float(g[1])
print('rows lost', int(l[0])-int(g[0]), 'seconds of commits lost', round(lost,1))
print('crash - last archived push', round(c-float(a[1]),1), 's; bound: archive_timeout + push =', '$TIMEOUT', 's + the push time')
"
