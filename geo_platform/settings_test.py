"""The test suite's settings: the base settings with a throwaway key and a fast password hasher."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-suite-only-not-a-secret")

from geo_platform.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405

# Tests serve static files from the apps through the finders; an empty root keeps WhiteNoise quiet.
STATIC_ROOT = BASE_DIR / "var" / "static-test"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True

# Runs queued by tests go to Redis database 15, which the worker fixture flushes, never to the
# platform's own queue on database 0.
CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"
