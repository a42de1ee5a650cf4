#!/usr/bin/env bash
# Zonal statistics benchmark: the `terrain_suitability` analysis over every parcel (statistics of a DEM,
# its slope and aspect per parcel, with exactextract) against one direct exactextract call on the same
# DEM, slope and aspect grids and the same parcels (bench/zonal_bench.py), run alternately in one
# process, RUNS times each after a warm-up; medians and their ratio (goal: ours ≤ 1.3× the peer).
#
# Its own database (default ntm_bench_zonal): migrated, units loaded, PARCELS synthetic parcels
# (generate_parcels, seed 1), and the synthetic 30 m DEM of the units' extent registered as `bench-dem`
# (generate_dem --register). Environment: PARCELS (100000), RUNS (5), PEERS (peer,peer_tuned), BENCH_DB,
# OUT (bench/out-zonal).
#   PARCELS=5000 RUNS=3 bench/zonal.sh     → a quick check that everything works
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DB="${BENCH_DB:-ntm_bench_zonal}"
PARCELS="${PARCELS:-100000}"
RUNS="${RUNS:-5}"
OUT="${OUT:-bench/out-zonal}"
export DATABASE_URL="postgis:///$BENCH_DB" DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-bench-only-not-a-secret}"
export DJANGO_MEDIA_ROOT="${DJANGO_MEDIA_ROOT:-$PWD/$OUT/media}"
mkdir -p "$OUT" "$DJANGO_MEDIA_ROOT"

# shellcheck source=bench/parcels_db.sh
. bench/parcels_db.sh
parcels_db "$BENCH_DB" "$PARCELS"
dem_file=$(psql -d "$BENCH_DB" -Atqc "SELECT path FROM analysis_rasterdataset WHERE name = 'bench-dem'")
if [ -z "$dem_file" ] || [ ! -s "$DJANGO_MEDIA_ROOT/$dem_file" ]; then
    psql -d "$BENCH_DB" -qc "DELETE FROM analysis_rasterdataset WHERE name = 'bench-dem'"
    rm -f "$DJANGO_MEDIA_ROOT"/rasters/bench-dem-*.tif
    .venv/bin/python manage.py generate_dem "$OUT/dem.tif" --resolution 30 --register bench-dem -v0
fi
psql -d "$BENCH_DB" -qc "VACUUM ANALYZE layers_parcel"

.venv/bin/python bench/zonal_bench.py --runs "$RUNS" --peers "${PEERS:-peer,peer_tuned}" | tee "$OUT/results.jsonl"
