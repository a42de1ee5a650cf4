#!/usr/bin/env bash
# Overlay benchmark: the `overlay` analysis (parcels × all zones, defaults) against the same overlay as
# one hand-written PostGIS query (bench/overlay_peer.sql), run alternately on the same database, RUNS
# times each after a warm-up; medians and their ratio (goal: ours ≤ 1.3× the peer).
#
# Its own database (default ntm_bench_overlay): migrated, units loaded, PARCELS synthetic parcels
# (generate_parcels, seed 1) and ZONES synthetic zones of 150–600 m radius (bench/overlay_zones.sql).
# Environment: PARCELS (1000000), ZONES (400), RUNS (5), BENCH_DB, OUT (bench/out-overlay).
#   PARCELS=20000 RUNS=3 bench/overlay.sh     → a quick check that everything works
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DB="${BENCH_DB:-ntm_bench_overlay}"
PARCELS="${PARCELS:-1000000}"
ZONES="${ZONES:-400}"
RUNS="${RUNS:-5}"
OUT="${OUT:-bench/out-overlay}"
export DATABASE_URL="postgis:///$BENCH_DB" DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-bench-only-not-a-secret}"
mkdir -p "$OUT"

# shellcheck source=bench/parcels_db.sh
. bench/parcels_db.sh
parcels_db "$BENCH_DB" "$PARCELS"
have_zones=$(psql -d "$BENCH_DB" -Atqc "SELECT count(*) FROM layers_cultivationzone WHERE name LIKE 'bench zone %'")
[ "$have_zones" = "$ZONES" ] \
    || psql -d "$BENCH_DB" -q -v ON_ERROR_STOP=1 -v zones="$ZONES" -f bench/overlay_zones.sql
psql -d "$BENCH_DB" -qc "VACUUM ANALYZE layers_parcel"

.venv/bin/python bench/overlay_bench.py --runs "$RUNS" 2>/dev/null | tee "$OUT/results.jsonl"
