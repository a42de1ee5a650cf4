"""What the serving layer stores for itself: the shared tile cache. Domain data lives in `layers`."""

from django.contrib.gis.db import models
from django.db.models.functions import Now


class TileCache(models.Model):
    """One rendered vector tile of a layer for one audience; an empty `data` is a cached 204.

    The table is UNLOGGED (see the migration): a crash empties it, which costs only re-rendering.
    Rows are never updated in place by editors; the layer tables' triggers delete the rows whose
    `envelope` (the tile with its buffer, in EPSG:3857) the changed geometries overlap.
    """

    layer = models.CharField(max_length=40)
    audience = models.TextField()
    z = models.PositiveSmallIntegerField()
    x = models.PositiveIntegerField()
    y = models.PositiveIntegerField()
    etag = models.CharField(max_length=64)
    data = models.BinaryField()
    envelope = models.PolygonField(srid=3857)
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["layer", "audience", "z", "x", "y"], name="tilecache_unique_tile"),
        ]

    def __str__(self) -> str:
        return f"{self.layer} {self.z}/{self.x}/{self.y} ({self.audience})"
