"""Seeded smooth noise in world coordinates, with numpy alone.

Lattice values come from hashing (lattice index, seed, octave) rather than from a random generator
drawn over the grid, so that a point's value depends only on where it is and on the seed: a DEM of a
smaller box, or at another resolution, agrees with a larger one where they overlap.
"""

import numpy as np
from numpy.typing import NDArray

_MASK64 = (1 << 64) - 1
# splitmix64 and the 64-bit golden-ratio constants: a cheap, well-mixed integer hash.
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX_A = np.uint64(0xBF58476D1CE4E5B9)
_MIX_B = np.uint64(0x94D049BB133111EB)
_ROW = np.uint64(0xC2B2AE3D27D4EB4F)


def _splitmix(z: NDArray[np.uint64]) -> NDArray[np.uint64]:
    z = z + _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * _MIX_A
    z = (z ^ (z >> np.uint64(27))) * _MIX_B
    return z ^ (z >> np.uint64(31))


def stream_key(seed: int, stream: int) -> int:
    """A 64-bit key for one independent stream (an octave, a feature) of one seed."""
    value = np.array([(seed * 1_000_003 + stream) & _MASK64], dtype=np.uint64)
    return int(_splitmix(value)[0])


def _lattice(ix: NDArray[np.int64], iy: NDArray[np.int64], key: int) -> NDArray[np.float64]:
    """Values in [-1, 1] at the lattice points (iy rows × ix columns), fixed by the key."""
    # Negative indices wrap to uint64 on purpose: only distinctness matters to the hash.
    columns = ix.astype(np.uint64)[np.newaxis, :] * _GOLDEN
    rows = iy.astype(np.uint64)[:, np.newaxis] * _ROW
    hashed = _splitmix(_splitmix(columns ^ rows) ^ np.uint64(key))
    return (hashed >> np.uint64(11)).astype(np.float64) * 2.0**-52 - 1.0


def _weights(coords: NDArray[np.float64], spacing: float) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Lattice cell index of each coordinate and its smoothstep weight towards the next point."""
    scaled = coords / spacing
    index = np.floor(scaled).astype(np.int64)
    fraction = scaled - index
    return index, fraction * fraction * (3.0 - 2.0 * fraction)


def value_noise(xs: NDArray[np.float64], ys: NDArray[np.float64], *, spacing: float, key: int) -> NDArray[np.float64]:
    """Smooth noise in [-1, 1] on the grid ys × xs (metres), varying over about `spacing` metres.

    Each value is a convex combination of lattice values, so the bounds hold exactly; interpolation
    is separable (columns first, then rows), which keeps memory at a few grid-sized arrays.
    """
    ix, wx = _weights(xs, spacing)
    iy, wy = _weights(ys, spacing)
    x0, y0 = int(ix.min()), int(iy.min())
    lattice = _lattice(np.arange(x0, ix.max() + 2), np.arange(y0, iy.max() + 2), key)
    cx = ix - x0
    along_x = lattice[:, cx] * (1.0 - wx) + lattice[:, cx + 1] * wx
    ry = iy - y0
    return along_x[ry, :] * (1.0 - wy)[:, np.newaxis] + along_x[ry + 1, :] * wy[:, np.newaxis]


def fractal_noise(
    xs: NDArray[np.float64], ys: NDArray[np.float64], *, seed: int, spacings: tuple[float, ...], gain: float,
) -> NDArray[np.float64]:
    """Octaves of value noise, the finest weighted `gain` times the previous; still within [-1, 1]."""
    total = np.zeros((ys.size, xs.size))
    weight, weights = 1.0, 0.0
    for octave, spacing in enumerate(spacings):
        total += weight * value_noise(xs, ys, spacing=spacing, key=stream_key(seed, octave))
        weights += weight
        weight *= gain
    return total / weights
