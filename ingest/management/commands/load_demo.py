from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ingest.demo import demo_load
from ingest.errors import IngestError
from layers.errors import LayersError

DEFAULT_PARCELS = 20_000


class Command(BaseCommand):
    help = ("Load the Pleiku demo: real 2025 boundaries, synthetic parcels, illustrative zones, OCOP "
            "producers and products, Biển Hồ tourism sites and one demo user per role. Safe to repeat.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--parcels", type=int, default=DEFAULT_PARCELS, help="How many synthetic parcels.")
        parser.add_argument("--seed", type=int, default=2025, help="Seed of the parcel generator.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = demo_load(parcels=options["parcels"], seed=options["seed"])
        except (IngestError, LayersError) as error:
            raise CommandError(str(error)) from error
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(self.style.SUCCESS(
            f"demo loaded ({options['parcels']} synthetic parcels); demo data is illustrative"
        ))
