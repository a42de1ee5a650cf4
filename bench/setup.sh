#!/usr/bin/env bash
# Prepare the serving benchmark: a database of 1,000,000 synthetic parcels, the peer (tipg 1.6.1 in
# its own virtualenv, never a project dependency), wrk, and the deterministic tile and bbox lists.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DB="${BENCH_DB:-ntm_bench}"
PARCELS="${PARCELS:-1000000}"
export DATABASE_URL="postgis:///$BENCH_DB" DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-bench-only-not-a-secret}"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[ -x bench/.venv-tipg/bin/uvicorn ] || {
    python3.11 -m venv bench/.venv-tipg
    bench/.venv-tipg/bin/pip install -q "tipg==1.6.1" "uvicorn==0.54.0"
}
psql -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = '$BENCH_DB'" | grep -q 1 || createdb "$BENCH_DB"
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py load_units
have=$(psql -d "$BENCH_DB" -Atqc "SELECT count(*) FROM layers_parcel")
[ "$have" = "$PARCELS" ] || .venv/bin/python manage.py generate_parcels --count "$PARCELS" --seed 1
psql -d "$BENCH_DB" -qc "VACUUM ANALYZE layers_parcel"
.venv/bin/python bench/tile_list.py --database "$BENCH_DB" --count 500 > bench/tiles.txt
.venv/bin/python bench/bbox_list.py --database "$BENCH_DB" --count 200 > bench/bboxes.txt
echo "bench ready: $BENCH_DB with $PARCELS parcels"
