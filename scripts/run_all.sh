#!/usr/bin/env bash
# Serves the portal with its Celery worker and beat; Ctrl-C stops all three.
set -u
cd "$(dirname "$0")/.."
bin=.venv/bin

$bin/celery -A iacd_portal worker --loglevel=INFO --concurrency=2 &
worker=$!
$bin/celery -A iacd_portal beat --loglevel=INFO &
beat=$!
$bin/python manage.py runserver "${PORTAL_ADDRESS:-127.0.0.1:8000}" &
web=$!

stop() {
  trap - INT TERM EXIT
  echo "Stopping the portal, worker and beat..."
  kill "$web" "$worker" "$beat" 2>/dev/null
  wait 2>/dev/null
}
trap stop INT TERM EXIT
# When any of the three ends, stop the others too.
wait -n
