"""The run form, generated from an analysis's Params: one input per parameter with its label, unit,
bounds, choices and help. Validation is not repeated here: the raw values go to `run_create`, which
parses them with the same code as the command line."""

from typing import Any

from django.http import QueryDict

from analysis.spec import Analysis, Param, ParamKind

_INPUT_TYPES = {ParamKind.INT: "number", ParamKind.FLOAT: "number", ParamKind.TEXT: "text"}


def form_fields(*, analysis: Analysis, data: QueryDict | None = None) -> list[dict[str, Any]]:
    """What the template draws for each parameter, filled from `data` (a posted form) or defaults."""
    return [_field(param, data) for param in analysis.params]


def _field(param: Param, data: QueryDict | None) -> dict[str, Any]:
    if data is None:
        value: Any = param.default
    elif param.kind is ParamKind.BOOL:
        value = param.name in data
    else:
        value = data.get(param.name, "")
    return {
        "name": param.name, "label": param.label, "kind": param.kind.value, "unit": param.unit,
        "help": param.help, "required": param.default is None, "value": _text(value),
        "input_type": _INPUT_TYPES.get(param.kind, ""), "minimum": _plain(param.minimum),
        "maximum": _plain(param.maximum), "step": "1" if param.kind is ParamKind.INT else "any",
        "choices": [(key, label) for key, label in param.choices],
    }


def _text(value: Any) -> Any:
    # Numbers as Python writes them: a template would localise 1.5 to "1,5", which no number input takes.
    if value is None:
        return ""
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _plain(limit: float | None) -> str:
    return "" if limit is None else f"{limit:g}"


def raw_params(*, analysis: Analysis, data: QueryDict) -> dict[str, str]:
    """The posted values by parameter name; an empty input is left out so its default applies, and an
    unticked box (which browsers do not send) is an explicit no."""
    raw: dict[str, str] = {}
    for param in analysis.params:
        if param.kind is ParamKind.BOOL:
            raw[param.name] = "1" if param.name in data else "0"
        elif (value := data.get(param.name, "").strip()) != "":
            raw[param.name] = value
    return raw
