import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from maps.models import TileCache


class Command(BaseCommand):
    help = ("Delete cached vector tiles: all of them, or those older than --older-than-hours, or of one "
            "--layer. Always safe: a missing tile is rendered again on the next request.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--older-than-hours", type=float, help="Keep tiles rendered more recently.")
        parser.add_argument("--layer", help="Only this registry layer's tiles.")

    def handle(self, *args: Any, **options: Any) -> None:
        tiles = TileCache.objects.all()
        hours = options["older_than_hours"]
        if hours is not None:
            if hours < 0:
                raise CommandError("--older-than-hours must not be negative.")
            tiles = tiles.filter(created_at__lt=timezone.now() - dt.timedelta(hours=hours))
        if options["layer"]:
            tiles = tiles.filter(layer=options["layer"])
        deleted, _by_model = tiles.delete()
        self.stdout.write(f"{deleted} cached tiles deleted")
