#!/usr/bin/env bash
# Import benchmark: our `manage.py ingest` (full validation, staging, atomic upsert into layers_parcel)
# against `ogr2ogr -f PostgreSQL` (PG_USE_COPY=YES) loading the same GeoPackage into a plain table of
# the same database. Run alternately, RUNS times each; wall time and peak RSS from GNU time.
#
# Needs bench/setup.sh's database (ntm_bench, 1,000,000 parcels). Environment: RUNS (3), SIZES
# ("1000000 100000"), OUT (bench/out-ingest).
set -euo pipefail
cd "$(dirname "$0")/.."
SOURCE_DB="${SOURCE_DB:-ntm_bench}"
TARGET_DB="${TARGET_DB:-ntm_bench_ingest}"
RUNS="${RUNS:-3}"
SIZES="${SIZES:-1000000 100000}"
OUT="${OUT:-bench/out-ingest}"
export DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-bench-only-not-a-secret}"
mkdir -p "$OUT"
command -v ogr2ogr >/dev/null || { apt-get update -qq && apt-get install -y -qq gdal-bin >/dev/null; }
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

# The source file: the platform's own export of the synthetic parcels (as a land office would get it).
full="$OUT/parcels-1000000.gpkg"
[ -s "$full" ] || DATABASE_URL="postgis:///$SOURCE_DB" .venv/bin/python manage.py export \
    --layer parcels --format gpkg "$full"
small="$OUT/parcels-100000.gpkg"
[ -s "$small" ] || ogr2ogr -f GPKG "$small" "$full" -limit 100000 -nln parcels

# The target: a database with the platform's schema and units, and no parcels.
psql -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = '$TARGET_DB'" | grep -q 1 || createdb "$TARGET_DB"
DATABASE_URL="postgis:///$TARGET_DB" .venv/bin/python manage.py migrate -v0
DATABASE_URL="postgis:///$TARGET_DB" .venv/bin/python manage.py load_units >/dev/null

measure() {  # label size command...: appends "label size seconds max_rss_kib" to the results
    local label=$1 size=$2; shift 2
    psql -d "$TARGET_DB" -qc "TRUNCATE layers_parcel CASCADE; DROP TABLE IF EXISTS ogr_parcels" >/dev/null
    psql -d "$TARGET_DB" -qc "CHECKPOINT" >/dev/null
    /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" >/dev/null 2>"$OUT/stderr.txt" \
        || { cat "$OUT/stderr.txt" >&2; exit 1; }
    echo "$label $size $(cat "$OUT/time.txt")" | tee -a "$OUT/results.txt"
}

: > "$OUT/results.txt"
for size in $SIZES; do
    file="$OUT/parcels-$size.gpkg"
    for run in $(seq "$RUNS"); do
        measure ogr2ogr "$size" env PG_USE_COPY=YES ogr2ogr -f PostgreSQL "PG:dbname=$TARGET_DB" "$file" \
            -nln ogr_parcels -overwrite -lco GEOMETRY_NAME=geometry
        measure ingest "$size" env DATABASE_URL="postgis:///$TARGET_DB" .venv/bin/python manage.py ingest \
            "$file" --layer parcels -v0
    done
done
.venv/bin/python - "$OUT/results.txt" <<'EOF'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
for size in dict.fromkeys(row[1] for row in rows):
    med = {label: (statistics.median(float(r[2]) for r in rows if r[0] == label and r[1] == size),
                   max(int(r[3]) for r in rows if r[0] == label and r[1] == size) / 1024)
           for label in ("ogr2ogr", "ingest")}
    print(f"{int(size):>9,} features: ogr2ogr {med['ogr2ogr'][0]:.2f} s ({med['ogr2ogr'][1]:.0f} MiB), "
          f"ingest {med['ingest'][0]:.2f} s ({med['ingest'][1]:.0f} MiB), "
          f"ratio {med['ingest'][0] / med['ogr2ogr'][0]:.2f}x")
EOF
