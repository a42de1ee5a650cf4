from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from layers.errors import LayersError
from layers.models import Role
from layers.services import user_provision


class Command(BaseCommand):
    help = "Create or update a user with one role; extension staff are scoped to units by GSO code."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--unit", action="append", default=[], metavar="GSO_CODE",
                            help="A unit the extension officer serves; repeat for several.")
        parser.add_argument("--password", help="Generated and printed when omitted.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user, password = user_provision(
                username=options["username"], role=Role(options["role"]),
                unit_codes=options["unit"], password=options["password"],
            )
        except LayersError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{user.username}: {options['role']}")
        if options["password"] is None:
            self.stdout.write(f"password: {password}")
