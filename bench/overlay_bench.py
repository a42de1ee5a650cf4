"""Time the `overlay` analysis against the hand-written peer query (bench/overlay_peer.sql),
alternately in one process on one database; print one JSON line per run and a summary.

Ours: parse and refuse the parameters, run the analysis to its Result (tables, features, chart) in
memory. Peer: the query's rows copied to a CSV file through COPY … TO STDOUT. Both run after one
warm-up each; both must report the same number of (parcel, zone) pairs.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_platform.settings")
django.setup()

from django.db import connection  # noqa: E402  (after django.setup)

from analysis.spec import RunContext, analysis_get, values_parse  # noqa: E402

PEER_SQL = (Path(__file__).parent / "overlay_peer.sql").read_text()


def ours(work_dir: Path) -> tuple[float, int]:
    start = time.perf_counter()
    analysis = analysis_get("overlay")
    values = values_parse(analysis.params, {})
    analysis.refuse(values)
    result = analysis.run(values, RunContext(work_dir, lambda _fraction, _note: None))
    return time.perf_counter() - start, len(result.tables["parcel_zone"])


def peer(work_dir: Path) -> tuple[float, int]:
    query = "\n".join(line for line in PEER_SQL.splitlines() if not line.startswith("--"))
    target = work_dir / "peer.csv"
    start = time.perf_counter()
    with connection.cursor() as cursor, target.open("w") as out:
        cursor.copy_expert(f"COPY ({query}) TO STDOUT WITH CSV HEADER", out)  # our own file, no user input
    elapsed = time.perf_counter() - start
    with target.open() as written:
        rows = sum(1 for _line in written) - 1
    return elapsed, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM layers_parcel")
        parcels = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM layers_cultivationzone WHERE geometry IS NOT NULL")
        zones = cursor.fetchone()[0]
    times: dict[str, list[float]] = {"peer": [], "ours": []}
    with tempfile.TemporaryDirectory() as scratch:
        work_dir = Path(scratch)
        peer(work_dir), ours(work_dir)  # warm the caches for both
        for run in range(1, args.runs + 1):
            for name, measure in (("peer", peer), ("ours", ours)):
                seconds, pairs = measure(work_dir)
                times[name].append(seconds)
                print(json.dumps({"run": run, "side": name, "seconds": round(seconds, 3), "pairs": pairs}))
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"{parcels:,} parcels × {zones:,} zones, {pairs:,} pairs: peer {medians['peer']:.2f} s, "
          f"ours {medians['ours']:.2f} s, ratio {medians['ours'] / medians['peer']:.2f}x "
          f"(median of {args.runs})")


if __name__ == "__main__":
    main()
