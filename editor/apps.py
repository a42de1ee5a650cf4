from django.apps import AppConfig


class EditorConfig(AppConfig):
    """The zone editor and the REST API for editable layers: thin views over `layers` services."""

    name = "editor"
    verbose_name = "Zone editor and API"
