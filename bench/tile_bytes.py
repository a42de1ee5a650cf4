"""Fetch every tile of the list once and write {"z/x/y": bytes} as JSON (0 for an empty tile).

    python bench/tile_bytes.py --tiles bench/tiles.txt --template 'http://127.0.0.1:8090/tiles/parcels/{z}/{x}/{y}.pbf'
"""

import argparse
import json
import sys
import urllib.request


def tile_size(url: str) -> int:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310  (loopback URLs we build)
        return len(response.read())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tiles", required=True)
    parser.add_argument("--template", required=True)
    args = parser.parse_args()
    sizes = {}
    with open(args.tiles, encoding="ascii") as tiles:  # noqa: PTH123
        for line in tiles:
            z, x, y = line.strip().split("/")
            sizes[line.strip()] = tile_size(args.template.format(z=z, x=x, y=y))
    json.dump(sizes, sys.stdout)


if __name__ == "__main__":
    main()
