"""Settings for NTM GeoPlatform, all read from the environment.

Every variable the platform reads is listed in ENVIRONMENT_VARIABLES (docs/operations.md explains
each); docker/compose.yml sets the same names, which tests/test_packaging.py checks.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from geo_platform import native_libs

BASE_DIR = Path(__file__).resolve().parent.parent

ENVIRONMENT_VARIABLES = (
    "DATABASE_URL",
    "DJANGO_SECRET_KEY",
    "DJANGO_DEBUG",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_CSRF_TRUSTED_ORIGINS",
    "DJANGO_STATIC_ROOT",
    "DJANGO_MEDIA_ROOT",
    "DJANGO_LOG_LEVEL",
    "GDAL_LIBRARY_PATH",
    "GEOS_LIBRARY_PATH",
    "MAPS_TILE_CACHE",
    "MAPS_BASE_TILE_URL",
    "MAPS_BASE_TILE_ATTRIBUTION",
    "MAPS_CHROMIUM_PATH",
    "MAPS_PRINT_CONCURRENCY",
    "MAPS_PRINT_TIMEOUT_S",
    "INGEST_MAX_FILE_MB",
    "INGEST_MAX_UNPACKED_MB",
    "INGEST_WORK_DIR",
    "ZONE_MIN_AREA_HA_ANNUAL",
    "ZONE_MIN_AREA_HA_PERENNIAL",
    "ZONE_AREA_TOLERANCE",
    "ZONE_SLIVER_M2",
    "ZONE_CODE_PATTERN",
    "SITE_PHOTO_MAX_MB",
    "CELERY_BROKER_URL",
    "ANALYSIS_SOFT_TIME_LIMIT_S",
    "ANALYSIS_TIME_LIMIT_S",
    "ANALYSIS_MEMORY_LIMIT_MB",
)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use 1/0, true/false, yes/no or on/off.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, str(default))
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number <= 0:
        raise ImproperlyConfigured(f"{name}={value!r} is not a positive whole number.")
    return number


def env_float(name: str, default: float, *, minimum: float = 0.0) -> float:
    """A finite number of at least `minimum` (decimal point, not comma)."""
    value = os.environ.get(name, str(default))
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not minimum <= number < float("inf"):
        raise ImproperlyConfigured(f"{name}={value!r} is not a number of at least {minimum}.")
    return number


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
# A fixed key is only acceptable for a local, debug run; production must set its own.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or (
    "insecure-local-development-key" if DEBUG else ""
)
if not SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for a local run).")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

_libs = native_libs.locate()
native_libs.export_data_paths(_libs)
GDAL_LIBRARY_PATH = _libs.gdal_library
GEOS_LIBRARY_PATH = _libs.geos_library

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "geo_platform.apps.GeoPlatformConfig",
    "layers",
    "ingest",
    "maps",
    "editor",
    "analysis",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files get the policy too.
    "geo_platform.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "maps.tiles.middleware.PublicTileCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "geo_platform.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "geo_platform.urls"
WSGI_APPLICATION = "geo_platform.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The project's own overrides of admin templates (the language switch).
        "DIRS": [BASE_DIR / "geo_platform" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgis:///ntm_geoplatform"),
        engine="django.contrib.gis.db.backends.postgis",
        conn_max_age=60,
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first: it is the language of the communes' staff; English for partners and visitors.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "var" / "static"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

# The shared tile cache (maps.TileCache); off only to measure tile rendering itself.
MAPS_TILE_CACHE = env_bool("MAPS_TILE_CACHE", True)

# The viewer's optional online base map: an XYZ raster tile URL ({z}/{x}/{y}, maybe {s}) and the
# attribution its provider requires. Empty: the viewer draws only its offline base map.
MAPS_BASE_TILE_URL = os.environ.get("MAPS_BASE_TILE_URL", "").strip()
MAPS_BASE_TILE_ATTRIBUTION = os.environ.get("MAPS_BASE_TILE_ATTRIBUTION", "").strip()

# Print layouts and preview images of published maps (maps/published/exports): the headless Chromium
# that renders them, how many renders may run at once (each is a browser, ~150 MB) and how long one
# may take before the request answers 503.
MAPS_CHROMIUM_PATH = os.environ.get("MAPS_CHROMIUM_PATH", "/usr/bin/chromium")
MAPS_PRINT_CONCURRENCY = env_int("MAPS_PRINT_CONCURRENCY", 2)
MAPS_PRINT_TIMEOUT_S = env_int("MAPS_PRINT_TIMEOUT_S", 60)

# The Content-Security-Policy of every response without its own (geo_platform/csp.py): our pages run
# only scripts and styles from this server. The origin of MAPS_BASE_TILE_URL joins img-src by itself;
# extend a directive here for another outside source. 'unsafe-inline' or 'unsafe-eval' in script-src
# stops start-up (ntm.E301). SecurityMiddleware already sends Referrer-Policy (SECURE_REFERRER_POLICY,
# same-origin) and X-Content-Type-Options: nosniff (SECURE_CONTENT_TYPE_NOSNIFF).
CSP_DIRECTIVES: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:"],
    "connect-src": ["'self'"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}

# Imports: the largest file (or upload) accepted, the most an archive may unpack to (zip bombs stop
# there), and where each job gets its private temporary folder.
INGEST_MAX_FILE_BYTES = env_int("INGEST_MAX_FILE_MB", 1024) * 1024 * 1024
INGEST_MAX_UNPACKED_BYTES = env_int("INGEST_MAX_UNPACKED_MB", 4096) * 1024 * 1024
INGEST_WORK_DIR = Path(os.environ.get("INGEST_WORK_DIR", BASE_DIR / "var" / "ingest"))

# Zone editing (docs/editing.md). Minimum areas follow the domestic guidance on planting-area codes:
# 0.1 ha for annual crops, 1 ha for perennial ones. A mapped area further than ZONE_AREA_TOLERANCE
# (a fraction) from the declared one is a warning. Overlaps and parts outside one's units smaller
# than ZONE_SLIVER_M2 are drawing noise along shared boundaries, not errors. New codes are issued on
# approval from ZONE_CODE_PATTERN, whose one `{sequence}` field is the next free number.
ZONE_MIN_AREA_HA_ANNUAL = env_float("ZONE_MIN_AREA_HA_ANNUAL", 0.1)
ZONE_MIN_AREA_HA_PERENNIAL = env_float("ZONE_MIN_AREA_HA_PERENNIAL", 1.0)
ZONE_AREA_TOLERANCE = env_float("ZONE_AREA_TOLERANCE", 0.2)
ZONE_SLIVER_M2 = env_float("ZONE_SLIVER_M2", 10.0)
ZONE_CODE_PATTERN = os.environ.get("ZONE_CODE_PATTERN", "VN-GLOR-{sequence:04d}")

# Raster uploads (docs/analysis.md): the largest file and grid accepted, checked before any conversion;
# a terrain analysis refuses to read more cells than RASTER_MAX_CELLS either (its memory limit). The
# crop suitability rules are a JSON file (default: analysis/rasters/rules.json).
RASTER_MAX_BYTES = env_int("RASTER_MAX_MB", 512) * 1024 * 1024
RASTER_MAX_CELLS = env_int("RASTER_MAX_CELLS", 60_000_000)
RASTER_SUITABILITY_RULES = Path(
    os.environ.get("RASTER_SUITABILITY_RULES", BASE_DIR / "analysis" / "rasters" / "rules.json")
)

# Photos of tourism sites (docs/tourism-content.md): the largest upload accepted, in MiB.
SITE_PHOTO_MAX_BYTES = env_int("SITE_PHOTO_MAX_MB", 15) * 1024 * 1024

# Analysis jobs (docs/analysis.md#jobs): Celery workers take runs from the broker; the AnalysisRun row
# is the result, so no result backend. A run gets a soft time limit (it fails with a message), a hard
# one (the worker kills it) and an address-space limit, so one run cannot starve the machine.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
ANALYSIS_SOFT_TIME_LIMIT_S = env_int("ANALYSIS_SOFT_TIME_LIMIT_S", 600)
ANALYSIS_TIME_LIMIT_S = env_int("ANALYSIS_TIME_LIMIT_S", 660)
ANALYSIS_MEMORY_LIMIT_MB = env_int("ANALYSIS_MEMORY_LIMIT_MB", 4096)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # pyogrio logs every file it writes ("Created N records") and numexpr its thread count at INFO:
    # noise in jobs and commands.
    "loggers": {"pyogrio": {"level": "WARNING"}, "numexpr": {"level": "WARNING"}},
}
