"""The memory limit one run works under: an address-space rlimit set around the run, then restored.

A run that asks for more than ANALYSIS_MEMORY_LIMIT_MB gets a MemoryError from the allocator, which the
run service turns into a failed run with a message; the worker process itself lives on.
"""

import resource
from collections.abc import Iterator
from contextlib import contextmanager

MIB = 1024 * 1024


@contextmanager
def memory_limited(limit_mb: int) -> Iterator[None]:
    """Cap the process's address space at `limit_mb` MiB (never above the hard limit) while inside."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = limit_mb * MIB
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
