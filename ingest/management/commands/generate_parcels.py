"""`generate_parcels`: replace the illustrative cadastral parcels with a seeded synthetic set."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ingest.synthetic_parcels import MAX_COUNT, SyntheticParcelsError, parcels_generate


class Command(BaseCommand):
    help = (
        "Tessellate the current wards and communes into COUNT synthetic parcels (flagged illustrative), "
        "replacing the previous synthetic parcels of those units. The same count and seed give the "
        "same parcels."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, required=True, help=f"Parcels to create, 1 to {MAX_COUNT:,}.")
        parser.add_argument("--seed", type=int, required=True, help="Any integer; another seed, other parcels.")
        parser.add_argument(
            "--unit", action="extend", nargs="+", default=[], metavar="GSO_CODE",
            help="Only these units (current wards or communes); all of them when omitted.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            created = parcels_generate(
                count=options["count"], seed=options["seed"], unit_codes=options["unit"] or None,
                # A bar only where someone watches: logs and pipes get the summary line alone.
                progress=options["verbosity"] > 0 and sys.stderr.isatty(),
            )
        except SyntheticParcelsError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] > 0:
            self.stdout.write(f"{created:,} illustrative parcels generated (seed {options['seed']}).")
