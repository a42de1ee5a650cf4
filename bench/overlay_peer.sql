-- The peer: the overlay written by hand as one PostGIS query, with the same outputs as the `overlay`
-- analysis at its defaults (tolerance 1 m², every zone, every unit): each (parcel, zone) pair sharing
-- more than 1 m², its shared area and share in the TM-3 plane, the conflict and cut-parcel flags, and
-- the geometries those flags draw. It skips the intersection of parcels lying wholly inside a zone,
-- as the analysis does, so the ratio measures the platform's overhead and not a different algorithm.
SELECT p.id AS parcel_id, u.code AS unit_code, p.land_use, z.id AS zone_id, z.code AS zone_code, z.name, z.crop,
       p.area_m2, o.overlap_m2, o.overlap_m2 / p.area_m2 AS share,
       p.land_use NOT IN ('LUC', 'LUK', 'BHK', 'NHK', 'CLN', 'RSX', 'RPH', 'NTS') AS is_conflict,
       p.area_m2 - o.overlap_m2 > 1.0 AS is_split,
       CASE WHEN p.land_use NOT IN ('LUC', 'LUK', 'BHK', 'NHK', 'CLN', 'RSX', 'RPH', 'NTS')
            THEN ST_AsBinary(COALESCE(o.cut, p.geometry)) END AS conflict_wkb,
       CASE WHEN p.area_m2 - o.overlap_m2 > 1.0 THEN ST_AsBinary(p.geometry) END AS split_wkb
FROM layers_cultivationzone AS z
JOIN layers_parcel AS p ON ST_Intersects(p.geometry, z.geometry)
JOIN layers_adminunit AS u ON u.id = p.unit_id
CROSS JOIN LATERAL (
    SELECT cut, COALESCE(ST_Area(ST_Transform(cut, 990218)), p.area_m2) AS overlap_m2
    FROM (SELECT CASE WHEN ST_CoveredBy(p.geometry, z.geometry) THEN NULL
                      ELSE ST_CollectionExtract(ST_Intersection(p.geometry, z.geometry), 3) END AS cut) AS c
) AS o
WHERE z.geometry IS NOT NULL AND o.overlap_m2 > 1.0
