"""NTM GeoPlatform: the Django project (settings, root URLs, system checks)."""

from geo_platform.celery import app as celery_app

__all__ = ("celery_app",)
