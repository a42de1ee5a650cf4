"""The deployment files agree with the code: Dockerfile, compose, environment.yml and pyproject.toml.

Plain file checks; no database. The settings module is imported for ENVIRONMENT_VARIABLES and
env_bool, the names and the parser the running platform uses.
"""

import fnmatch
import json
import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

import dj_database_url
import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from geo_platform.settings import ENVIRONMENT_VARIABLES, env_bool

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "docker" / "Dockerfile"
COMPOSE = ROOT / "docker" / "compose.yml"

# PyPI name -> conda-forge name, where they differ (canonical PyPI names).
CONDA_NAMES = {
    "psycopg2-binary": "psycopg2",
    "geopandas": "geopandas-base",
    "playwright": "playwright-python",
    "redis": "redis-py",
}
# conda-forge packages with no counterpart in pyproject.toml; each must still carry a version.
CONDA_ONLY = {"python", "postgresql", "gettext"}
CONDA_SPEC = re.compile(
    r"^(?P<name>[A-Za-z0-9_.\-]+)\s*(?:(?P<op>==|=|>=|<=|>|<|!=|~=)\s*(?P<version>\S+))?$"
)
DEPENDENCY_FILES = re.compile(
    r"requirements[\w.-]*\.txt|environment\.ya?ml|Pipfile|poetry\.lock|uv\.lock|\s(-r|--requirement)\s"
)
SETTINGS_LIKE = re.compile(r"^(DJANGO_|DATABASE_|GDAL_|GEOS_)")


# --- readers ---------------------------------------------------------------------------------

def _pyproject() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)


def _requirements() -> list[Requirement]:
    project = _pyproject()["project"]
    extras = project.get("optional-dependencies", {})
    return [Requirement(line) for line in [*project["dependencies"], *extras.get("dev", [])]]


def _pins() -> dict[str, str]:
    """Canonical PyPI name -> pinned version, for runtime and dev dependencies."""
    pins: dict[str, str] = {}
    for requirement in _requirements():
        (specifier,) = requirement.specifier
        pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


def _dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    instructions, current = [], ""
    for line in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        keyword, _, arguments = (current + stripped).partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        current = ""
    return instructions


def _arguments(keyword: str) -> list[str]:
    return [arguments for instruction, arguments in _dockerfile() if instruction == keyword]


def _shell_commands() -> list[list[str]]:
    """Each simple command of every RUN, as tokens (split on &&, || and ;)."""
    commands = []
    for run in _arguments("RUN"):
        for command in re.split(r"&&|\|\||;", run):
            tokens = [token for token in shlex.split(command) if not token.startswith("--mount=")]
            if tokens:
                commands.append(tokens)
    return commands


def _installed(tool: list[str], commands: list[list[str]]) -> list[list[str]]:
    """The non-option arguments of every `<tool> install` command."""
    found = []
    for tokens in commands:
        for start in range(len(tokens) - len(tool)):
            if tokens[start:start + len(tool)] == tool and tokens[start + len(tool)] == "install":
                found.append([token for token in tokens[start + len(tool) + 1:] if not token.startswith("-")])
    return found


def _compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def _environment(service: dict[str, Any]) -> dict[str, str]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.partition("=")[::2] for item in environment)
    return {str(name): str(value) for name, value in environment.items()}


def _platform_services() -> dict[str, dict[str, Any]]:
    """Compose services that run our image (they build docker/Dockerfile)."""
    return {name: service for name, service in _compose()["services"].items() if "build" in service}


def _conda_specs() -> dict[str, tuple[str | None, str | None]]:
    """conda-forge name -> (operator, version) for each dependency of environment.yml."""
    specs = {}
    for entry in yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))["dependencies"]:
        assert isinstance(entry, str), f"environment.yml: {entry!r} is not a conda-forge package spec."
        match = CONDA_SPEC.match(entry.strip())
        assert match, f"environment.yml: cannot read the spec {entry!r}."
        specs[match["name"].lower()] = (match["op"], match["version"])
    return specs


def _setup_postgresql_major() -> str:
    script = (ROOT / "scripts" / "setup-system.sh").read_text(encoding="utf-8")
    packages = (ROOT / "scripts" / "system-packages.txt").read_text(encoding="utf-8")
    default = re.search(r'major="\$\{major:-(\d+)\}"', script)
    listed = re.search(r"^postgresql-(\d+)-postgis-3$", packages, re.MULTILINE)
    assert default and listed, "scripts/setup-system.sh or system-packages.txt no longer name a major."
    assert default[1] == listed[1], "setup-system.sh's default major differs from system-packages.txt."
    return default[1]


# --- (a) the Docker image installs from pyproject.toml -----------------------------------------

def test_dockerfile_base_image_fits_requires_python() -> None:
    (base,) = _arguments("FROM")
    match = re.fullmatch(r"python:(\d+\.\d+)-slim-bookworm", base)
    assert match, f"Base image {base!r} is not python:X.Y-slim-bookworm."
    assert SpecifierSet(_pyproject()["project"]["requires-python"]).contains(match[1])


def test_dockerfile_installs_the_project_from_pyproject() -> None:
    copied = " ".join(_arguments("COPY")).split()
    assert "." in copied or "pyproject.toml" in copied, "The Dockerfile does not copy pyproject.toml."
    installs = _installed(["pip"], _shell_commands())
    assert any(re.fullmatch(r"\.(\[[\w,-]+\])?", arg) for args in installs for arg in args), (
        "No `pip install .`: the image must install the project from pyproject.toml."
    )
    others = {arg for args in installs for arg in args if not re.fullmatch(r"\.(\[[\w,-]+\])?|pip", arg)}
    assert not others, f"The Dockerfile installs {sorted(others)} outside pyproject.toml."
    assert not DEPENDENCY_FILES.search(DOCKERFILE.read_text(encoding="utf-8")), (
        "The Dockerfile names a second dependency file; pyproject.toml is the only one."
    )


def test_dockerfile_takes_gdal_and_geos_from_the_wheels() -> None:
    apt = [package for args in _installed(["apt-get"], _shell_commands()) for package in args]
    assert "gettext" in apt, "gettext (msgfmt) is needed by compilemessages."
    system_geo = [package for package in apt if re.search(r"gdal|geos|proj", package)]
    assert not system_geo, f"{system_geo} would shadow the wheels' GDAL/GEOS/PROJ (gis.W001)."


def test_dockerfile_runs_as_a_non_root_user() -> None:
    users = _arguments("USER")
    assert users, "The Dockerfile never switches away from root."
    assert users[-1].split(":")[0] not in {"root", "0"}


def test_dockerfile_keeps_no_secret_key() -> None:
    declared = " ".join(_arguments("ENV") + _arguments("ARG"))
    assert "DJANGO_SECRET_KEY" not in declared, "A build-time key set by ENV/ARG stays in the image."
    collectstatic = [tokens for tokens in _shell_commands() if "collectstatic" in tokens]
    assert collectstatic, "collectstatic must run at build time."
    assert all(tokens[0].startswith("DJANGO_SECRET_KEY=") for tokens in collectstatic), (
        "collectstatic needs a throwaway key on its own command line."
    )


def test_dockerfile_env_uses_settings_names() -> None:
    names = set()
    for arguments in _arguments("ENV"):
        tokens = shlex.split(arguments)
        names |= {token.partition("=")[0] for token in tokens} if "=" in tokens[0] else {tokens[0]}
    unknown = {name for name in names if SETTINGS_LIKE.match(name)} - set(ENVIRONMENT_VARIABLES)
    assert not unknown, f"Dockerfile ENV {sorted(unknown)} is not read by geo_platform/settings.py."


def test_entrypoint_migrates_then_serves_gunicorn() -> None:
    (entrypoint,) = _arguments("ENTRYPOINT")
    (path,) = json.loads(entrypoint)
    assert path.startswith("/app/"), f"The entrypoint {path} is not in the copied source tree."
    script = (ROOT / path.removeprefix("/app/")).read_text(encoding="utf-8")
    assert script.startswith("#!/bin/sh"), "The entrypoint needs a shebang the slim image has."
    migrate, serve = script.find("manage.py migrate"), script.find("gunicorn geo_platform.wsgi")
    assert 0 <= migrate < serve, "The entrypoint must migrate before it starts gunicorn."
    assert '"0.0.0.0:${PORT:-8000}"' in script
    assert '"${WORKERS:-2}"' in script


def test_dockerignore_keeps_what_the_build_needs() -> None:
    patterns = [line.strip() for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
    include = _pyproject()["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = [name.rstrip("*") for name in include]
    needed = ["pyproject.toml", _pyproject()["project"]["readme"], "manage.py", "docker/entrypoint.sh",
              *(f"{package}/__init__.py" for package in packages if (ROOT / package).is_dir())]

    def ignored(path: str) -> bool:
        parts = path.split("/")
        prefixes = ["/".join(parts[:end]) for end in range(1, len(parts) + 1)]
        result = False
        for pattern in patterns:
            bare = pattern.removeprefix("!").strip("/")
            if any(fnmatch.fnmatch(prefix, bare) for prefix in prefixes):
                result = not pattern.startswith("!")
        return result

    assert not [path for path in needed if ignored(path)]


# --- (a) compose names only the settings' variables ------------------------------------------

def test_compose_web_builds_our_dockerfile() -> None:
    build = _compose()["services"]["web"]["build"]
    context = (COMPOSE.parent / build["context"]).resolve()
    assert context == ROOT, f"web builds from {context}, not the repository root."
    assert (context / build["dockerfile"]).resolve() == DOCKERFILE


@pytest.mark.parametrize("name", ["web", "demo"])
def test_compose_environment_names_only_settings_variables(name: str) -> None:
    services = _platform_services()
    assert name in services, f"compose has no service {name!r} built from docker/Dockerfile."
    names = set(_environment(services[name]))
    assert names <= set(ENVIRONMENT_VARIABLES), (
        f"{name} sets {sorted(names - set(ENVIRONMENT_VARIABLES))}, which settings never read."
    )
    assert {"DATABASE_URL", "DJANGO_SECRET_KEY"} <= names


def test_compose_requires_a_secret_key_and_no_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    environment = _environment(_compose()["services"]["web"])
    assert re.fullmatch(r"\$\{DJANGO_SECRET_KEY:\?[^}]+\}", environment["DJANGO_SECRET_KEY"]), (
        "DJANGO_SECRET_KEY must come from the caller's environment with a required marker ${…:?…}."
    )
    if "DJANGO_DEBUG" in environment:
        monkeypatch.setenv("DJANGO_DEBUG", environment["DJANGO_DEBUG"])
    assert env_bool("DJANGO_DEBUG", default=False) is False


def test_compose_database_url_points_at_the_db_service() -> None:
    services = _compose()["services"]
    database = dj_database_url.parse(_environment(services["web"])["DATABASE_URL"])
    assert database["ENGINE"] == "django.contrib.gis.db.backends.postgis"
    assert database["HOST"] == "db" and database["PORT"] == 5432
    postgres = _environment(services["db"])
    assert (database["NAME"], database["USER"], database["PASSWORD"]) == (
        postgres["POSTGRES_DB"], postgres["POSTGRES_USER"], postgres["POSTGRES_PASSWORD"]
    )
    assert services["web"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])


# --- (b) environment.yml mirrors pyproject.toml ------------------------------------------------

def test_pyproject_pins_every_dependency_exactly() -> None:
    loose = [str(r) for r in _requirements() if [s.operator for s in r.specifier] != ["=="]]
    assert not loose, f"Not pinned with a single ==: {loose}."


def test_environment_yml_has_every_pyproject_pin() -> None:
    specs = _conda_specs()
    wrong = {}
    for name, version in _pins().items():
        conda_name = CONDA_NAMES.get(name, name)
        operator, conda_version = specs.get(conda_name, (None, None))
        if operator not in {"=", "=="} or conda_version != version:
            wrong[conda_name] = f"want {version}, found {operator or ''}{conda_version or 'nothing'}"
    assert not wrong, f"environment.yml differs from pyproject.toml: {wrong}."


def test_environment_yml_has_nothing_else_and_all_pinned() -> None:
    mirrored = {CONDA_NAMES.get(name, name) for name in _pins()}
    specs = _conda_specs()
    extra = set(specs) - mirrored - CONDA_ONLY
    assert not extra, f"environment.yml lists {sorted(extra)}, which pyproject.toml does not."
    unpinned = sorted(name for name, (operator, _) in specs.items() if operator is None)
    assert not unpinned, f"environment.yml leaves {unpinned} unpinned."
    python = specs.get("python", (None, None))[1]
    assert python and SpecifierSet(_pyproject()["project"]["requires-python"]).contains(python)


def test_environment_yml_uses_conda_forge_only() -> None:
    channels = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))["channels"]
    assert channels[0] == "conda-forge" and "defaults" not in channels


# --- (c) the database matches the PostgreSQL the setup installs --------------------------------

def test_compose_db_is_postgis_on_the_setup_postgresql_major() -> None:
    image = _compose()["services"]["db"]["image"]
    match = re.fullmatch(r"postgis/postgis:(\d+)-(\d+\.\d+)", image)
    assert match, f"The db image {image!r} is not a postgis/postgis:<pg>-<postgis> image."
    assert match[1] == _setup_postgresql_major()


def test_conda_postgresql_client_matches_the_setup_major() -> None:
    operator, version = _conda_specs()["postgresql"]
    assert operator in {"=", "=="} and version and version.split(".")[0] == _setup_postgresql_major()


# --- docs ------------------------------------------------------------------------------------

def test_operations_doc_explains_every_environment_variable() -> None:
    doc = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    missing = [name for name in ENVIRONMENT_VARIABLES if f"`{name}`" not in doc]
    assert not missing, f"docs/operations.md does not explain {missing}."
