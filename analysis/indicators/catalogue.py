"""The indicators of Pleiku's plan 1362/KH-UBND (smart new-rural programme, 2021–2025), as data.

Each indicator says what it measures, the plan's target and how the platform computes it. The
plan's targets that the platform's data cannot measure (online dossiers, IT in management, online
satisfaction surveys) are listed too, marked as not measured, so the dashboard shows the whole plan
without inventing a figure for them.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from analysis.spec import Label

PLAN = "KH 1362/KH-UBND"


class Measure(StrEnum):
    """What a figure counts: a share in per cent, or a number of units."""

    SHARE = "%"
    COUNT = "count"


@dataclass(frozen=True)
class Indicator:
    """One line of the plan: its target (None when the plan sets no figure) and how it is computed.

    `numerator` and `denominator` name the columns of the totals query (analysis.indicators.queries);
    a COUNT indicator's value is its numerator alone. `counts` says what was counted, with both figures.
    """

    key: str
    label: Label
    method: Label
    measure: Measure
    target: float | None
    numerator: str = ""
    denominator: str = ""
    counts: Label = ""
    source: str = PLAN

    @property
    def is_measured(self) -> bool:
        return bool(self.numerator)


MEASURED: tuple[Indicator, ...] = (
    Indicator(
        key="cooperation", measure=Measure.SHARE, target=70.0,
        numerator="units_cooperating", denominator="units",
        counts=_("%(numerator)s of %(denominator)s units"),
        label=_("Communes with a cooperative or a production–consumption linkage model"),
        method=_("Commune-level units (communes and wards) of the former Pleiku city with at least one "
                 "OCOP producer that is a cooperative, or at least one linkage model in force on the "
                 "reference date."),
    ),
    Indicator(
        key="linkage_digital", measure=Measure.SHARE, target=50.0,
        numerator="linkages_digital", denominator="linkages",
        counts=_("%(numerator)s of %(denominator)s linkage models in force"),
        label=_("Linkage models tied to a raw-material zone with digital records"),
        method=_("Linkage models in force on the reference date in the programme's units that buy from "
                 "at least one approved planting-area zone recorded in the platform."),
    ),
    Indicator(
        key="traceability", measure=Measure.SHARE, target=None,
        numerator="units_traceable", denominator="units",
        counts=_("%(numerator)s of %(denominator)s units"),
        label=_("Communes with digital traceability"),
        method=_("Units with at least one approved planting-area code in force, each with a public "
                 "/trace/ page. The plan names traceability but sets no figure for it."),
    ),
    Indicator(
        key="ocop_traceable", measure=Measure.SHARE, target=None,
        numerator="products_traceable", denominator="products",
        counts=_("%(numerator)s of %(denominator)s OCOP products in force"),
        label=_("OCOP products with a traceable source zone"),
        method=_("OCOP products whose certificate is in force on the reference date, made by producers "
                 "of the programme's units, with at least one approved source zone. The plan sets no "
                 "figure for it."),
    ),
    Indicator(
        key="pilot_ready", measure=Measure.COUNT, target=1.0, numerator="units_pilot_ready", denominator="units",
        counts=_("%(numerator)s of %(denominator)s units"),
        label=_("Communes with the platform's parts of a smart new-rural commune"),
        method=_("Units with traceable zone codes, OCOP products in force and tourism sites published. "
                 "This is only the part the platform can see: the ministry's pilot designation (Biển Hồ), "
                 "citizens' digital feedback, environment and clean-water monitoring and e-commerce are "
                 "not recorded here."),
    ),
)

_PORTAL = _("Kept in the public-service portal, not in this platform.")

# Key, target (%), label, where the figure is kept instead.
NOT_MEASURED: tuple[Indicator, ...] = tuple(
    Indicator(key=key, measure=Measure.SHARE, target=target, label=label, method=method)
    for key, target, label, method in (
        ("dossiers_city", 80.0, _("City-level dossiers processed online"), _PORTAL),
        ("dossiers_commune", 60.0, _("Commune-level dossiers processed online"), _PORTAL),
        ("it_in_management", 100.0, _("Communes using IT in management"),
         _("Reported by the communes; not recorded in this platform.")),
        ("it_criterion", 50.0, _("Communes meeting the IT-in-management criterion"),
         _("Assessed by the new-rural programme office; not recorded in this platform.")),
        ("online_services", 50.0, _("Communes offering level-3 or higher online public services"), _PORTAL),
        ("satisfaction_online", 40.0, _("Units surveying citizens' satisfaction online"),
         _("Surveys are run outside this platform.")),
    )
)
