# Sourced by the analysis benchmarks: `parcels_db DB PARCELS` makes DB a migrated database with the
# units and exactly PARCELS synthetic parcels (generate_parcels, seed 1), reusing what is already there.
parcels_db() {
    local db="$1" parcels="$2" have
    psql -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 || createdb "$db"
    .venv/bin/python manage.py migrate -v0
    have=$(psql -d "$db" -Atqc "SELECT count(*) FROM layers_adminunit")
    [ "$have" != 0 ] || .venv/bin/python manage.py load_units >/dev/null
    have=$(psql -d "$db" -Atqc "SELECT count(*) FROM layers_parcel")
    [ "$have" = "$parcels" ] || .venv/bin/python manage.py generate_parcels --count "$parcels" --seed 1 -v0
}
