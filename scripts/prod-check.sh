#!/usr/bin/env bash
# `make prod-check`: the production topology of deploy/ on this machine, then a smoke test through it.
#
# A throwaway PostgreSQL database and Redis database (PostgreSQL and Redis are started, as .ci/run does, when
# down), production settings (random SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, SMTP mail to a local sink), migrate,
# load_seeds, two users (scripts/prod_check/setup_data.py), collectstatic and `check --deploy`; then gunicorn,
# a Celery worker and Celery beat started with the ExecStart lines of deploy/systemd/, and, where nginx is
# installed, deploy/nginx/apa-portal.conf on high ports with a self-signed certificate. The smoke client
# (scripts/prod_check/smoke.py) logs in, saves an achievement, has a PDF export rendered by the worker and
# downloads it. Everything stops and the databases are dropped on exit. Prints PASS or FAIL.
#
# APA_VENV names the virtualenv (default .venv); PROD_CHECK_REDIS_DB the Redis database (default 13, must be
# empty); PROD_CHECK_NGINX=0 skips nginx even where it is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
venv=${APA_VENV:-.venv}
py="$venv/bin/python"
redis_db=${PROD_CHECK_REDIS_DB:-13}
database="apa_prodcheck_$$"
tmp=$(mktemp -d)
pids=()
result=FAIL
started=$SECONDS

say() { echo "== [$((SECONDS - started)) s] $*"; }

cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  dropdb -h 127.0.0.1 -U postgres --if-exists --force "$database" >/dev/null 2>&1 || true
  redis-cli -h 127.0.0.1 -p 6379 -n "$redis_db" flushdb >/dev/null 2>&1 || true
  if [ "$result" = PASS ]; then
    rm -rf "$tmp"
    echo "prod-check: PASS ($((SECONDS - started)) s)"
  else
    echo "prod-check: FAIL ($((SECONDS - started)) s); logs kept in $tmp:" >&2
    for log in "$tmp"/*.log; do
      [ -f "$log" ] || continue
      echo "---- $log (last lines)" >&2
      tail -n 15 "$log" >&2
    done
  fi
}
trap cleanup EXIT

free_port() {
  "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts one long-running command in the background, its output in $tmp/NAME.log.
start() {
  local name=$1
  shift
  "$@" >"$tmp/$name.log" 2>&1 &
  pids+=("$!")
}

# The ExecStart line of a unit in deploy/systemd/, with this machine's virtualenv and the variables systemd
# would expand, as words in the array `command`.
unit_command() {
  local line
  line=$(sed -n 's/^ExecStart=//p' "deploy/systemd/$1")
  line=${line//\/srv\/apa-portal\/.venv/$venv}
  # shellcheck disable=SC2016 # the literal ${...} of the unit file
  line=${line//'${CELERY_CONCURRENCY}'/$CELERY_CONCURRENCY}
  # shellcheck disable=SC2016
  line=${line//'${STATE_DIRECTORY}'/$STATE_DIRECTORY}
  read -r -a command <<<"$line"
}

wait_for() {  # description, seconds, command...
  local what=$1 limit=$2
  shift 2
  for _ in $(seq 1 "$limit"); do
    if "$@"; then return 0; fi
    sleep 1
  done
  echo "prod-check: $what not ready after $limit s" >&2
  return 1
}

port_open() { "$py" -c "import socket, sys; socket.create_connection(('127.0.0.1', $1), 1)" 2>/dev/null; }

say "services"
test -x "$py" || { echo "prod-check: no $py: run 'make install' (or set APA_VENV)" >&2; exit 1; }
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  pg_ctlcluster --skip-systemctl-redirect "$(find /etc/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort | head -n 1)" main start
  wait_for PostgreSQL 30 pg_isready -q -h 127.0.0.1 -p 5432
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_for Redis 10 redis-cli -h 127.0.0.1 -p 6379 ping
fi
if [ "$(redis-cli -h 127.0.0.1 -p 6379 -n "$redis_db" dbsize)" != 0 ]; then
  echo "prod-check: Redis database $redis_db is not empty; set PROD_CHECK_REDIS_DB to an unused one" >&2
  exit 1
fi
createdb -h 127.0.0.1 -U postgres "$database"

web_port=$(free_port)
smtp_port=$(free_port)
use_nginx=0
if [ "${PROD_CHECK_NGINX:-1}" != 0 ] && command -v nginx >/dev/null 2>&1; then
  use_nginx=1
  https_port=$(free_port)
  http_port=$(free_port)
fi

export DJANGO_SETTINGS_MODULE=apa_portal.settings.production
SECRET_KEY=$("$py" -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$database"
export CELERY_BROKER_URL="redis://127.0.0.1:6379/$redis_db"
export CACHE_URL="redis://127.0.0.1:6379/$redis_db"
export EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend
export EMAIL_HOST=127.0.0.1 EMAIL_PORT="$smtp_port"
export STATIC_ROOT="$tmp/static" MEDIA_ROOT="$tmp/media"
export GUNICORN_BIND="127.0.0.1:$web_port" WEB_CONCURRENCY=2 CELERY_CONCURRENCY=1
export STATE_DIRECTORY="$tmp/state"
export PYTHONPATH="$root"
mkdir -p "$STATE_DIRECTORY" "$MEDIA_ROOT"
if [ "$use_nginx" = 1 ]; then
  # nginx passes Host without its port (deploy/: $host), the browser's Origin keeps it.
  export CSRF_TRUSTED_ORIGINS="https://127.0.0.1:$https_port" SITE_URL="https://127.0.0.1:$https_port"
fi

say "database, seeds, users, static files (production settings)"
"$py" manage.py check --deploy --fail-level WARNING
"$py" manage.py migrate --no-input -v 0
"$py" manage.py load_seeds >"$tmp/load_seeds.log"
PROD_CHECK_PASSWORD=$("$py" -c 'import secrets; print(secrets.token_urlsafe(18))') \
  "$py" scripts/prod_check/setup_data.py >"$tmp/data.json"
chmod 600 "$tmp/data.json"
"$py" manage.py collectstatic --no-input -v 0

say "SMTP sink :$smtp_port, gunicorn :$web_port, Celery worker and beat (deploy/systemd ExecStart)"
start smtp "$py" scripts/prod_check/smtp_sink.py "$smtp_port" "$tmp/mailbox"
unit_command apa-gunicorn.service
start gunicorn "${command[@]}"
unit_command apa-celery-worker.service
start worker "${command[@]}"
unit_command apa-celery-beat.service
start beat "${command[@]}"
wait_for "the SMTP sink" 10 port_open "$smtp_port"
wait_for gunicorn 30 port_open "$web_port"
wait_for "the Celery worker" 60 grep -q "ready\." "$tmp/worker.log"

smoke=("$py" scripts/prod_check/smoke.py)
if [ "$use_nginx" = 1 ]; then
  say "nginx (deploy/nginx/apa-portal.conf) :$https_port HTTPS, :$http_port HTTP, self-signed certificate"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1" -keyout "$tmp/privkey.pem" -out "$tmp/fullchain.pem" 2>/dev/null
  sed -e "s#listen 443 #listen 127.0.0.1:$https_port #" -e "s#listen 80;#listen 127.0.0.1:$http_port;#" \
    -e '/listen \[::\]/d' -e "s#apa.example.gov.bd#127.0.0.1#" -e "s#/etc/ssl/apa-portal/#$tmp/#" \
    -e "s#/srv/apa-portal/staticfiles/#$STATIC_ROOT/#" -e "s#127.0.0.1:8000#127.0.0.1:$web_port#" \
    deploy/nginx/apa-portal.conf >"$tmp/site.conf"
  mkdir -p "$tmp/nginx"
  {
    # As root, nginx's workers would switch to "nobody", who cannot read the private temporary directory.
    [ "$(id -u)" = 0 ] && echo "user root;"
    cat <<EOF
daemon off;
worker_processes 1;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx-error.log;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    access_log $tmp/nginx-access.log;
    client_body_temp_path $tmp/nginx/body;
    proxy_temp_path $tmp/nginx/proxy;
    fastcgi_temp_path $tmp/nginx/fastcgi;
    uwsgi_temp_path $tmp/nginx/uwsgi;
    scgi_temp_path $tmp/nginx/scgi;
    include $tmp/site.conf;
}
EOF
  } >"$tmp/nginx.conf"
  nginx -q -t -c "$tmp/nginx.conf" -p "$tmp/nginx"
  start nginx nginx -c "$tmp/nginx.conf" -p "$tmp/nginx"
  wait_for nginx 10 port_open "$https_port"
  smoke+=("https://127.0.0.1:$https_port" --cafile "$tmp/fullchain.pem" --http-url "http://127.0.0.1:$http_port")
else
  say "no nginx (not installed, or PROD_CHECK_NGINX=0): the smoke test talks to gunicorn directly, with the headers nginx would add"
  smoke+=("http://127.0.0.1:$web_port" --direct)
fi

say "smoke test"
"${smoke[@]}" "$tmp/data.json" "$tmp/mailbox"
grep -q "Task reports.tasks.run_export_part.*succeeded" "$tmp/worker.log" || {
  echo "prod-check: the worker's log shows no export part it ran" >&2
  exit 1
}
echo "  ok  the Celery worker's log shows the export part it rendered"
if [ $((SECONDS - started)) -gt 180 ]; then
  echo "prod-check: took $((SECONDS - started)) s, over the 3 minutes allowed" >&2
  exit 1
fi
result=PASS
