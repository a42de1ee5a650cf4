from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from layers.errors import LayersError
from layers.site_demo import site_demo_content_load


class Command(BaseCommand):
    help = ("Link the demo OCOP products to the demo tourism sites that sell them and give each demo site "
            "one drawn illustration. Run after load_demo; safe to repeat.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", default="quangba",
                            help="The promoter or administrator the pictures are uploaded as (demo: quangba).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = site_demo_content_load(username=options["user"])
        except LayersError as error:
            raise CommandError(str(error)) from error
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
