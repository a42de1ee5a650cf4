"""Write a deterministic list of bboxes over Pleiku's parcels for feature-listing benchmarks.

Each box is about 870 m × 880 m around a sampled parcel, which holds a few hundred parcels at the
density of 1,000,000 parcels, so a page of up to 1,000 features is one request.

    python bench/bbox_list.py --database ntm_bench --count 200 > bench/bboxes.txt
"""

import argparse

from tile_list import sample_points

HALF_SIDE_DEG = 0.004


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", default="ntm_bench")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    for lon, lat in sample_points(args.database, args.count, args.seed):
        d = HALF_SIDE_DEG
        print(f"{lon - d:.6f},{lat - d:.6f},{lon + d:.6f},{lat + d:.6f}")


if __name__ == "__main__":
    main()
