from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from editor.services import token_create


class Command(BaseCommand):
    help = ("Create an API token for USERNAME and print its key, once: only the key's SHA-256 is stored. "
            "Send it as the header `Authorization: Token <key>`.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for (shown in the admin).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = get_user_model().objects.get(username=options["username"])
        except get_user_model().DoesNotExist:
            raise CommandError(f"There is no user {options['username']!r}.") from None
        if not user.is_active:
            raise CommandError(f"User {options['username']!r} is inactive; a token would not work.")
        token, key = token_create(user=user, name=options["name"])
        # The key alone on stdout, so that `KEY=$(manage.py create_token …)` captures it.
        self.stdout.write(key)
        self.stderr.write(f"Token {token.prefix}… for {user.get_username()}: keep the key now, it is not stored.")
