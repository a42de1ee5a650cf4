from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ingest.errors import IngestError
from ingest.reference_units import units_load_reference
from layers.errors import LayersError


class Command(BaseCommand):
    help = "Load the administrative units of 2025 around Pleiku and the pre-2025 units they replaced."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = units_load_reference()
        except (IngestError, LayersError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"{count} administrative units loaded"))
