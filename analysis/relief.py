"""The landforms of Pleiku's basalt plateau, as pure functions of map coordinates (EPSG:9218 metres).

Each returns metres on the grid ys × xs. Heights are kept within known ranges by construction
(noise within [-1, 1], valleys no deeper than VALLEY_DEPTH_M's upper end), so the DEM's range
follows from the constants rather than from clipping.
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from analysis.noise import fractal_noise

Grid = NDArray[np.float64]

PLATEAU_M = 760.0
PLATEAU_UNDULATION_M = 28.0
# Wavelengths of the undulation, coarse to fine: gentle swells, no cliffs.
PLATEAU_SPACINGS_M = (12_000.0, 6_000.0, 3_000.0, 1_500.0, 750.0)
STREAM_COUNT = 8
VALLEY_DEPTH_M = (30.0, 75.0)
VALLEY_HALF_WIDTH_M = (220.0, 420.0)
# The crater (Biển Hồ, T'Nưng lake): rim crest radius, lake radius as a share of it, rim height.
CRATER_RIM_RADIUS_M = 850.0
LAKE_SHARE_OF_RIM = 0.78
LAKE_SURFACE_M = 720.0
RIM_HEIGHT_M = (22.0, 38.0)
RIM_OUTER_FLANK_M = 350.0
# Streams are kept this far from the lake centre so that no valley breaches the crater.
CRATER_CLEARANCE_M = (1_500.0, 2_500.0)


@dataclass(frozen=True)
class Stream:
    """A meandering valley: a line through (x, y) at `angle`, wiggling across itself."""

    x: float
    y: float
    angle: float
    depth_m: float
    half_width_m: float
    meanders: tuple[tuple[float, float, float], ...]  # (amplitude m, wavelength m, phase)


def plateau(xs: Grid, ys: Grid, *, seed: int) -> Grid:
    """The basalt plateau: PLATEAU_M ± PLATEAU_UNDULATION_M of seeded smooth swells."""
    noise = fractal_noise(xs, ys, seed=seed, spacings=PLATEAU_SPACINGS_M, gain=0.5)
    return PLATEAU_M + PLATEAU_UNDULATION_M * noise


def streams_across(region: tuple[float, float, float, float], *, seed: int) -> list[Stream]:
    """STREAM_COUNT seeded streams crossing `region` (xmin, ymin, xmax, ymax), fixed by the seed alone."""
    rng = np.random.default_rng([seed & ((1 << 64) - 1), 7])
    xmin, ymin, xmax, ymax = region
    return [
        Stream(
            x=float(rng.uniform(xmin, xmax)), y=float(rng.uniform(ymin, ymax)),
            angle=float(rng.uniform(0.0, np.pi)), depth_m=float(rng.uniform(*VALLEY_DEPTH_M)),
            half_width_m=float(rng.uniform(*VALLEY_HALF_WIDTH_M)),
            meanders=(
                (float(rng.uniform(300, 900)), float(rng.uniform(4_000, 9_000)), float(rng.uniform(0, 2 * np.pi))),
                (float(rng.uniform(40, 120)), float(rng.uniform(1_800, 3_500)), float(rng.uniform(0, 2 * np.pi))),
            ),
        )
        for _ in range(STREAM_COUNT)
    ]


def valley_depth(xs: Grid, ys: Grid, stream: Stream) -> Grid:
    """How deep one stream cuts: a Gaussian cross-section around its meandering line."""
    cos, sin = np.cos(stream.angle), np.sin(stream.angle)
    dx, dy = xs[np.newaxis, :] - stream.x, ys[:, np.newaxis] - stream.y
    along, across = dx * cos + dy * sin, -dx * sin + dy * cos
    offset, steepness = np.zeros_like(along), np.zeros_like(along)
    for amplitude, wavelength, phase in stream.meanders:
        k = 2 * np.pi / wavelength
        offset += amplitude * np.sin(k * along + phase)
        steepness += amplitude * k * np.cos(k * along + phase)
    # The offset across the line, shortened where the meander runs oblique: near enough the true distance.
    distance = np.abs(across - offset) / np.sqrt(1.0 + steepness**2)
    return stream.depth_m * np.exp(-((distance / stream.half_width_m) ** 2))


def valleys(xs: Grid, ys: Grid, streams: list[Stream], *, crater: tuple[float, float]) -> Grid:
    """The depth cut by all streams; where valleys meet the deeper one wins, so floors stay in range."""
    depth = np.zeros((ys.size, xs.size))
    for stream in streams:
        np.maximum(depth, valley_depth(xs, ys, stream), out=depth)
    return depth * _smoothstep(_radius(xs, ys, crater), *CRATER_CLEARANCE_M)


def crater(surface: Grid, xs: Grid, ys: Grid, *, centre: tuple[float, float], seed: int) -> Grid:
    """`surface` with the crater at `centre`: a raised rim, a steep inner wall and a flat lake.

    Inside the rim crest the ground falls smoothly from the crest to LAKE_SURFACE_M, which holds
    exactly within the lake's radius; outside, the rim's bump fades over RIM_OUTER_FLANK_M.
    """
    rng = np.random.default_rng([seed & ((1 << 64) - 1), 11])
    phases = rng.uniform(0, 2 * np.pi, size=2)
    dx, dy = xs[np.newaxis, :] - centre[0], ys[:, np.newaxis] - centre[1]
    radius, azimuth = np.hypot(dx, dy), np.arctan2(dy, dx)
    # Roughly circular: the crest wanders ±5 % in radius and its height around RIM_HEIGHT_M's range.
    rim_radius = CRATER_RIM_RADIUS_M * (1.0 + 0.05 * np.sin(2 * azimuth + phases[0]))
    low, high = RIM_HEIGHT_M
    rim_height = (low + high) / 2 + (high - low) / 2 * np.sin(azimuth + phases[1])
    crest = surface + rim_height
    outside = surface + rim_height * np.exp(-(((radius - rim_radius) / RIM_OUTER_FLANK_M) ** 2))
    wall = _smoothstep(radius, LAKE_SHARE_OF_RIM * rim_radius, rim_radius)
    inside = LAKE_SURFACE_M + wall * (crest - LAKE_SURFACE_M)
    return np.where(radius >= rim_radius, outside, inside)


def _radius(xs: Grid, ys: Grid, centre: tuple[float, float]) -> Grid:
    return np.hypot(xs[np.newaxis, :] - centre[0], ys[:, np.newaxis] - centre[1])


def _smoothstep(values: Grid, start: float | Grid, end: float | Grid) -> Grid:
    t = np.clip((values - start) / (end - start), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)
