#!/usr/bin/env bash
# Makes sure the PostgreSQL the store tests use is there: the server on 127.0.0.1:5432 (started if it is
# installed but down), a role `tongban` and a database `tongban_test` owned by it. Idempotent.
set -euo pipefail
PGHOST=127.0.0.1; PGPORT=5432
if ! pg_isready -h "$PGHOST" -p "$PGPORT" -q 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    for v in $(ls /etc/postgresql); do pg_ctlcluster --skip-systemctl-redirect "$v" main start || true; done
  fi
  for i in $(seq 1 30); do pg_isready -h "$PGHOST" -p "$PGPORT" -q && break; sleep 1; done
fi
pg_isready -h "$PGHOST" -p "$PGPORT" || { echo "PostgreSQL is not reachable on $PGHOST:$PGPORT" >&2; exit 1; }
psql="psql -h $PGHOST -p $PGPORT -U postgres -v ON_ERROR_STOP=1 -qtA"
$psql -c "SELECT 1 FROM pg_roles WHERE rolname = 'tongban'" | grep -q 1 \
  || $psql -c "CREATE ROLE tongban LOGIN PASSWORD 'tongban'"
$psql -c "SELECT 1 FROM pg_database WHERE datname = 'tongban_test'" | grep -q 1 \
  || $psql -c "CREATE DATABASE tongban_test OWNER tongban"
echo "PostgreSQL ready: database tongban_test, role tongban"
