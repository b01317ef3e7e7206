#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer on localhost, starting them when this
# machine has them installed but stopped, and creates the portal's database
# when it is missing. Settings come from DATABASE_URL and REDIS_URL.
set -euo pipefail

DATABASE_URL=${DATABASE_URL:-postgres://127.0.0.1:5432/iacd_portal}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}

wait_for() {  # wait_for NAME COMMAND...: up to 20 s
  local name=$1; shift
  for _ in $(seq 1 40); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "$name does not answer." >&2; return 1
}

if ! pg_isready -d "$DATABASE_URL" -q 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null && ls /etc/postgresql >/dev/null 2>&1; then
    echo "Starting PostgreSQL..."
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
  fi
  wait_for PostgreSQL pg_isready -d "$DATABASE_URL" -q
fi

if ! redis-cli -u "$REDIS_URL" ping >/dev/null 2>&1; then
  if command -v redis-server >/dev/null; then
    echo "Starting Redis..."
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" \
      --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  fi
  wait_for Redis redis-cli -u "$REDIS_URL" ping
fi

# Create the database named in DATABASE_URL if it does not exist yet.
database=$(python3 -c 'import sys, urllib.parse as u; print(u.urlparse(sys.argv[1]).path.lstrip("/"))' "$DATABASE_URL")
server_url=${DATABASE_URL%/*}/postgres
if ! psql "$server_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1; then
  echo "Creating database $database..."
  psql "$server_url" -qc "CREATE DATABASE \"$database\""
fi
echo "PostgreSQL and Redis answer; database $database is there."
