from django.apps import AppConfig


class GeoPlatformConfig(AppConfig):
    name = "geo_platform"
    verbose_name = "NTM GeoPlatform"

    def ready(self) -> None:
        from geo_platform import checks, csp  # noqa: F401  (registers the system checks)
