"""The shared tile cache: one UNLOGGED table that every worker process reads and fills.

UNLOGGED because the rows are derived data: skipping the write-ahead log makes filling the cache
cheap, and the price (the table is emptied after a crash and is not copied to standbys) is only
re-rendering tiles.
"""

import django.contrib.gis.db.models.fields
import django.db.models.functions.datetime
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        # The invalidation triggers (next migration) go on the layer tables created there.
        ("layers", "0002_domain"),
    ]

    operations = [
        migrations.CreateModel(
            name="TileCache",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("layer", models.CharField(max_length=40)),
                ("audience", models.TextField()),
                ("z", models.PositiveSmallIntegerField()),
                ("x", models.PositiveIntegerField()),
                ("y", models.PositiveIntegerField()),
                ("etag", models.CharField(max_length=64)),
                ("data", models.BinaryField()),
                ("envelope", django.contrib.gis.db.models.fields.PolygonField(srid=3857)),
                ("created_at", models.DateTimeField(db_default=django.db.models.functions.datetime.Now())),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("layer", "audience", "z", "x", "y"), name="tilecache_unique_tile"),
                ],
            },
        ),
        migrations.RunSQL(
            "ALTER TABLE maps_tilecache SET UNLOGGED",
            "ALTER TABLE maps_tilecache SET LOGGED",
        ),
    ]
