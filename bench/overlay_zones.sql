-- Synthetic cultivation zones for the overlay benchmark (psql -v zones=N): N circles of 150–600 m radius,
-- drawn in the VN-2000 / TM-3 plane around parcels picked evenly by id, so the same parcels give the
-- same zones. Flagged illustrative and named "bench zone …"; earlier bench zones are replaced.
BEGIN;
DELETE FROM layers_cultivationzone WHERE is_illustrative AND name LIKE 'bench zone %';
WITH numbered AS (
    SELECT geometry, row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS total FROM layers_parcel
), centre AS (
    SELECT n, ST_Transform(ST_PointOnSurface(geometry), 990218) AS point
    FROM numbered WHERE n % greatest(total / :zones, 1) = 0
    ORDER BY n LIMIT :zones
)
INSERT INTO layers_cultivationzone (name, crop, variety, holder, representative, markets, standards, status,
                                    is_illustrative, created_at, updated_at, geometry)
SELECT 'bench zone ' || n, (ARRAY['coffee', 'pepper', 'tea', 'passion_fruit', 'durian'])[1 + n % 5], '', '', '',
       '{}', '{}', 'draft', true, now(), now(),
       ST_Multi(ST_Transform(ST_Buffer(point, 150 + (n * 7919) % 451, 8), 4326))
FROM centre;
COMMIT;
ANALYZE layers_cultivationzone;
