from django.apps import AppConfig


class MapsConfig(AppConfig):
    name = "maps"

    def ready(self) -> None:
        from maps import checks  # noqa: F401  (registers the system checks)
