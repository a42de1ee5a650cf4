"""What every analysis is: a name, typed parameters with bounds, a refusal step and a run step.

The web form, the `analyse` command and the background job all go through these types, so a
parameter is validated the same way whichever door it comes in by, and before any work starts.
"""

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

import geopandas as gpd
import pandas as pd
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from analysis.errors import AnalysisError

Label = str | Promise
Values = Mapping[str, Any]


class AnalysisRefused(AnalysisError):
    """The parameters or inputs cannot give a meaningful answer; nothing was computed."""


class ParamKind(StrEnum):
    INT = "int"
    FLOAT = "float"
    TEXT = "text"
    CHOICE = "choice"
    BOOL = "bool"


_TRUE = frozenset({"1", "true", "yes", "on", "có"})
_FALSE = frozenset({"0", "false", "no", "off", "không", ""})


@dataclass(frozen=True)
class Param:
    """One input of an analysis. `default=None` makes it required; bounds are inclusive."""

    name: str
    kind: ParamKind
    label: Label
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[tuple[str, Label], ...] = ()
    unit: str = ""
    help: Label = ""

    def parse(self, raw: Any) -> Any:
        """The typed, bounded value of `raw` (a string from a form or the command line, or a value)."""
        value = self._typed(raw)
        self._check_bounds(value)
        return value

    def _typed(self, raw: Any) -> Any:
        text = str(raw).strip()
        try:
            if self.kind is ParamKind.INT:
                return int(text)
            if self.kind is ParamKind.FLOAT:
                number = float(text.replace(",", "."))
                if not math.isfinite(number):
                    raise ValueError(text)
                return number
        except ValueError:
            raise AnalysisRefused(
                _("Parameter %(name)s: %(value)r is not a number.") % {"name": self.name, "value": text}
            ) from None
        if self.kind is ParamKind.BOOL:
            return self._bool(text)
        if self.kind is ParamKind.CHOICE and text not in {key for key, _label in self.choices}:
            allowed = ", ".join(key for key, _label in self.choices)
            raise AnalysisRefused(
                _("Parameter %(name)s: %(value)r is not one of %(allowed)s.")
                % {"name": self.name, "value": text, "allowed": allowed}
            )
        return text

    def _bool(self, text: str) -> bool:
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise AnalysisRefused(_("Parameter %(name)s: %(value)r is not yes or no.") % {"name": self.name, "value": text})

    def _check_bounds(self, value: Any) -> None:
        if self.kind not in (ParamKind.INT, ParamKind.FLOAT):
            return
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            raise AnalysisRefused(
                _("Parameter %(name)s must lie between %(low)s and %(high)s %(unit)s; %(value)s was given.")
                % {"name": self.name, "low": _bound(self.minimum), "high": _bound(self.maximum),
                   "unit": self.unit, "value": value}
            )


def _bound(limit: float | None) -> str:
    return "…" if limit is None else f"{limit:g}"


def values_parse(params: tuple[Param, ...], raw: Mapping[str, Any]) -> dict[str, Any]:
    """Every parameter typed and bounded; unknown names and missing required ones are refused."""
    known = {param.name for param in params}
    if unknown := sorted(set(raw) - known):
        raise AnalysisRefused(
            _("Unknown parameter(s) %(names)s; this analysis takes %(known)s.")
            % {"names": ", ".join(unknown), "known": ", ".join(sorted(known)) or "—"}
        )
    values: dict[str, Any] = {}
    for param in params:
        if param.name in raw and raw[param.name] is not None:
            values[param.name] = param.parse(raw[param.name])
        elif param.default is not None:
            values[param.name] = param.default
        else:
            raise AnalysisRefused(_("Parameter %(name)s is required.") % {"name": param.name})
    return values


@dataclass(frozen=True)
class Chart:
    """A bar chart of one result table: categories along `x`, one bar series per name in `y`."""

    table: str
    x: str
    y: tuple[str, ...]
    title: Label = ""


@dataclass
class Result:
    """What an analysis hands back. Tables and features are stored and offered for download;
    a raster is a GeoTIFF the run wrote inside its work directory."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    features: gpd.GeoDataFrame | None = None
    raster: Path | None = None
    charts: tuple[Chart, ...] = ()
    summary: dict[str, Any] = field(default_factory=dict)


Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class RunContext:
    """Where a run may write its files, and how it reports progress (a fraction 0–1 and a note)."""

    work_dir: Path
    progress: Progress


class Analysis:
    """Subclass, set the class attributes, implement `run`; override `refuse` for checks on inputs
    (a raster's CRS or coverage) that must fail before any work starts."""

    name: str
    title: Label
    description: Label = ""
    params: tuple[Param, ...] = ()

    def refuse(self, values: Values) -> None:
        """Raise AnalysisRefused if the inputs cannot give an answer. Runs before `run`, cheaply."""

    def run(self, values: Values, context: RunContext) -> Result:
        raise NotImplementedError


_REGISTRY: dict[str, Analysis] = {}


A = TypeVar("A", bound=type[Analysis])


def register(cls: A) -> A:
    """Class decorator: make the analysis known to the web, the command and the workers by its name."""
    if cls.name in _REGISTRY:
        raise ValueError(f"two analyses are named {cls.name!r}")
    _REGISTRY[cls.name] = cls()
    return cls


def analysis_get(name: str) -> Analysis:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise AnalysisRefused(
            _("No analysis named %(name)s; there are %(known)s.")
            % {"name": name, "known": ", ".join(sorted(_REGISTRY))}
        ) from None


def analyses_all() -> list[Analysis]:
    return [_REGISTRY[name] for name in sorted(_REGISTRY)]
