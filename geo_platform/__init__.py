"""NTM GeoPlatform: the Django project (settings, root URLs, system checks)."""
