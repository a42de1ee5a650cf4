#!/usr/bin/env bash
# Make sure PostgreSQL runs, a superuser role exists for the current OS user (peer/trust auth on the
# local socket), and the database named by DATABASE_URL exists with PostGIS and unaccent.
# Only the local-socket form (postgis:///NAME) is provisioned; any other URL is assumed to exist.
set -euo pipefail
url="${DATABASE_URL:-postgis:///ntm_geoplatform}"
case "$url" in
    postgis:///*|postgres:///*|postgresql:///*) db="${url##*/}" ;;
    *) echo "DATABASE_URL points elsewhere; not provisioning it."; exit 0 ;;
esac
me="$(id -un)"

as_postgres() {
    if [ "$me" = postgres ]; then "$@"; elif [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

if ! pg_isready -q; then
    cluster="$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2}')"
    echo "starting PostgreSQL cluster $cluster"
    # shellcheck disable=SC2086
    pg_ctlcluster --skip-systemctl-redirect $cluster start 2>/dev/null || pg_ctlcluster $cluster start
    for _ in $(seq 30); do pg_isready -q && break; sleep 1; done
fi

if ! as_postgres psql -Atqc "SELECT 1 FROM pg_roles WHERE rolname = '$me'" | grep -q 1; then
    # Superuser because the test runner creates throwaway databases with the PostGIS extension.
    as_postgres createuser --superuser "$me"
fi
if ! psql -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    createdb "$db"
fi
PGOPTIONS="--client-min-messages=warning" psql -d "$db" -qc "CREATE EXTENSION IF NOT EXISTS postgis; CREATE EXTENSION IF NOT EXISTS unaccent;"
echo "database $db ready"
