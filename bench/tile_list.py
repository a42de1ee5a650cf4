"""Write a deterministic list of tiles over Pleiku's parcels: a realistic mix of zooms 12–18.

Tile centres are drawn from parcels (so tiles hold data, as a user's map would) with a fixed seed;
zooms follow how a viewer is used: fewer overview tiles, more street-level ones.

    python bench/tile_list.py --database ntm_bench --count 500 > bench/tiles.txt
"""

import argparse
import math
import random

import psycopg2

ZOOM_WEIGHTS = {12: 4, 13: 8, 14: 14, 15: 20, 16: 22, 17: 18, 18: 14}


def tile_of(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    n = 2**zoom
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n)
    return x, y


def sample_points(database: str, count: int, seed: int) -> list[tuple[float, float]]:
    with psycopg2.connect(dbname=database) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointOnSurface(geometry) AS p FROM layers_parcel "
            "TABLESAMPLE BERNOULLI (1) REPEATABLE (%s) ORDER BY md5(id::text || %s) LIMIT %s) s",
            [seed, str(seed), count],
        )
        return [(float(x), float(y)) for x, y in cursor.fetchall()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", default="ntm_bench")
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    rng = random.Random(args.seed)  # noqa: S311  (a reproducible sample, not a secret)
    zooms = rng.choices(list(ZOOM_WEIGHTS), weights=list(ZOOM_WEIGHTS.values()), k=args.count)
    for (lon, lat), zoom in zip(sample_points(args.database, args.count, args.seed), zooms, strict=False):
        x, y = tile_of(lon, lat, zoom)
        print(f"{zoom}/{x}/{y}")


if __name__ == "__main__":
    main()
