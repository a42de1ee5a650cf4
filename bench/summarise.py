"""Summarise bench/out: medians of the repeated wrk runs, the ratios against tipg, tile bytes.

    python bench/summarise.py bench/out
"""

import json
import statistics
import sys
from pathlib import Path


def median_run(out: Path, name: str) -> dict[str, float]:
    runs = [json.loads(path.read_text()) for path in sorted(out.glob(f"{name}-[0-9].json"))]
    if not runs:
        raise SystemExit(f"no runs named {name} in {out}")
    return {key: statistics.median(run[key] for run in runs) for key in ("rps", "p50_ms", "p95_ms", "non2xx")}


def main() -> None:
    out = Path(sys.argv[1])
    rows = {name: median_run(out, name) for name in
            ("ours-tiles-uncached", "ours-tiles-cached", "tipg-tiles", "ours-items", "tipg-items")}
    print("| scenario | req/s | p50 ms | p95 ms | non-2xx |")
    print("|---|---|---|---|---|")
    for name, row in rows.items():
        print(f"| {name} | {row['rps']:.1f} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['non2xx']:.0f} |")
    ours, tipg = (json.loads((out / f"{who}-bytes.json").read_text()) for who in ("ours", "tipg"))
    larger = [tile for tile, size in ours.items() if size > tipg.get(tile, 0)]
    print()
    print(f"uncached tiles vs tipg: {rows['ours-tiles-uncached']['rps'] / rows['tipg-tiles']['rps']:.2f}×")
    print(f"cached vs uncached tiles: {rows['ours-tiles-cached']['rps'] / rows['ours-tiles-uncached']['rps']:.1f}×")
    print(f"items pages vs tipg: {rows['ours-items']['rps'] / rows['tipg-items']['rps']:.2f}×")
    print(f"tile bytes: ours {sum(ours.values()):,} vs tipg {sum(tipg.values()):,}; "
          f"tiles where ours is larger: {len(larger)} of {len(ours)} {larger[:5]}")


if __name__ == "__main__":
    main()
