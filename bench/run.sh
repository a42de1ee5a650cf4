#!/usr/bin/env bash
# Serving benchmark, side by side with tipg on the same database, tile list and bboxes.
# Each server runs alone (2 cores), with WORKERS processes; wrk drives CONNECTIONS connections for
# DURATION seconds after a warm-up; each scenario is repeated RUNS times and the median is reported.
#   bench/setup.sh && bench/run.sh    → $OUT (bench/out)/*.json and a table on stdout
#   TILES=bench/tiles-z14.txt OUT=bench/out-z14 bench/run.sh   → the same on zooms 14–18 only
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DB="${BENCH_DB:-ntm_bench}"
WORKERS="${WORKERS:-2}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-8}"
DURATION="${DURATION:-30}"
RUNS="${RUNS:-3}"
TILES="${TILES:-bench/tiles.txt}"
OUT="${OUT:-bench/out}"
OURS_PORT=8090
TIPG_PORT=8091
mkdir -p "$OUT"

prefix_paths() {  # prefix suffix file → one path per line (awk: the "&" of a query must stay as it is)
    awk -v prefix="$1" -v suffix="$2" '{ print prefix $0 suffix }' "$3"
}

prefix_paths "/tiles/parcels/" ".pbf" $TILES > $OUT/ours-tiles.paths
prefix_paths "/collections/public.layers_parcel/tiles/WebMercatorQuad/" "" $TILES > $OUT/tipg-tiles.paths
prefix_paths "/ogc/collections/parcels/items?limit=1000&bbox=" "" bench/bboxes.txt > $OUT/ours-items.paths
prefix_paths "/collections/public.layers_parcel/items?limit=1000&bbox=" "" bench/bboxes.txt > $OUT/tipg-items.paths

wait_up() {
    for _ in $(seq 60); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.5; done
    echo "server on port $1 did not start" >&2; return 1
}

start_ours() {  # $1 = 1 to use the server-side tile cache, 0 to bypass it
    DATABASE_URL="postgis:///$BENCH_DB" DJANGO_SECRET_KEY=bench-only MAPS_TILE_CACHE="$1" \
        .venv/bin/gunicorn geo_platform.wsgi --bind "127.0.0.1:$OURS_PORT" --worker-class gthread \
        --workers "$WORKERS" --threads "$THREADS" --control-socket "$OUT/gunicorn.ctl" --log-level warning &
    SERVER=$!
    wait_up "$OURS_PORT"
}

start_tipg() {
    DATABASE_URL="postgresql://$(id -un)@%2Fvar%2Frun%2Fpostgresql/$BENCH_DB" \
        TIPG_DB_TABLES='["public.layers_parcel"]' TIPG_DB_SCHEMAS='["public"]' \
        bench/.venv-tipg/bin/uvicorn tipg.main:app --host 127.0.0.1 --port "$TIPG_PORT" \
        --workers "$WORKERS" --log-level warning &
    SERVER=$!
    wait_up "$TIPG_PORT"
}

stop_server() {
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
}

measure() {  # name port paths-file
    PATHS_FILE="$3" wrk -t 2 -c "$CONNECTIONS" -d 5s -s bench/paths.lua "http://127.0.0.1:$2" >/dev/null
    for run in $(seq "$RUNS"); do
        PATHS_FILE="$3" wrk -t 2 -c "$CONNECTIONS" -d "${DURATION}s" -s bench/paths.lua \
            "http://127.0.0.1:$2" | tail -1 > "$OUT/$1-$run.json"
    done
}

psql -d "$BENCH_DB" -qc "TRUNCATE maps_tilecache"
start_ours 0; measure ours-tiles-uncached "$OURS_PORT" $OUT/ours-tiles.paths
measure ours-items "$OURS_PORT" $OUT/ours-items.paths; stop_server
start_ours 1; measure ours-tiles-cached "$OURS_PORT" $OUT/ours-tiles.paths; stop_server
start_tipg; measure tipg-tiles "$TIPG_PORT" $OUT/tipg-tiles.paths
measure tipg-items "$TIPG_PORT" $OUT/tipg-items.paths
.venv/bin/python bench/tile_bytes.py --tiles $TILES \
    --template "http://127.0.0.1:$TIPG_PORT/collections/public.layers_parcel/tiles/WebMercatorQuad/{z}/{x}/{y}" \
    > $OUT/tipg-bytes.json
stop_server
start_ours 0
.venv/bin/python bench/tile_bytes.py --tiles $TILES \
    --template "http://127.0.0.1:$OURS_PORT/tiles/parcels/{z}/{x}/{y}.pbf" > $OUT/ours-bytes.json
stop_server
.venv/bin/python bench/summarise.py "$OUT"
