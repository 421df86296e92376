#!/usr/bin/env bash
# Installs PostgreSQL 15 from Debian packages (if missing), starts a local cluster on a free port
# without systemd, and creates a role that may create databases. Prints the connection string
# for KASSA_TEST_POSTGRES / Kassa__Database__ConnectionString on its last line.
# Needs root (apt-get). Safe to run twice.
set -euo pipefail

VERSION=15
CLUSTER=kassa
ROLE=kassa
PASSWORD=kassa

if ! command -v pg_ctlcluster >/dev/null || [ ! -x "/usr/lib/postgresql/$VERSION/bin/postgres" ]; then
  echo "installing postgresql-$VERSION..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "postgresql-$VERSION" >&2
fi

if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$VERSION $CLUSTER"; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
  pg_createcluster "$VERSION" "$CLUSTER" -p "$port" >&2
  # Throwaway test server: speed over durability.
  conf="/etc/postgresql/$VERSION/$CLUSTER/postgresql.conf"
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "fsync = off"
    echo "synchronous_commit = off"
    echo "full_page_writes = off"
    echo "max_connections = 300"
  } >> "$conf"
fi

port=$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $3}')
status=$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}')
if [ "$status" != "online" ]; then
  pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi

su postgres -c "psql -p $port -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='$ROLE'\"" | grep -q 1 ||
  su postgres -c "psql -p $port -qc \"CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'\"" >&2
# DROP DATABASE ... WITH (FORCE) must be able to stop an autovacuum worker in the test database;
# without this a non-superuser gets "must be a member of the role whose process is being terminated".
su postgres -c "psql -p $port -qc \"GRANT pg_signal_backend TO $ROLE\"" >&2
su postgres -c "psql -p $port -qtAc \"SELECT 1 FROM pg_database WHERE datname='$ROLE'\"" | grep -q 1 ||
  su postgres -c "createdb -p $port -O $ROLE $ROLE" >&2

echo "Host=127.0.0.1;Port=$port;Database=$ROLE;Username=$ROLE;Password=$PASSWORD"
