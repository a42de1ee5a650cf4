"""The vector analyses as the platform knows them: names, typed bounded parameters, refusals and runs.

The work itself is in `overlay`, `statistics` and `proximity`; these classes parse and check
what a planner asked for, then hand a scope to them.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from analysis.spec import Analysis, AnalysisRefused, Param, ParamKind, Result, RunContext, Values, register
from analysis.vector.overlay import OverlayScope, overlay_pairs, overlay_result
from analysis.vector.proximity import ProximityScope, proximity_result
from analysis.vector.query import unit_by_key
from analysis.vector.statistics import StatisticsScope, statistics_result
from layers.models import AdminUnit, Crop, CultivationZone, OCOPProducer, ZoneStatus

UNIT_PARAM = Param(
    name="unit", kind=ParamKind.TEXT, label=gettext_lazy("Administrative unit"), default="",
    help=gettext_lazy("GSO code of one ward or commune; empty for all."),
)


def _unit_or_none(values: Values) -> AdminUnit | None:
    return unit_by_key(values["unit"]) if values["unit"] else None


@register
class Overlay(Analysis):
    name = "overlay"
    title = gettext_lazy("Parcels × zones × units")
    description = gettext_lazy(
        "Which parcels lie in which zone, zone area by land-use code, zones on non-agricultural land "
        "and parcels cut by a zone boundary."
    )
    params = (
        UNIT_PARAM,
        Param(name="crop", kind=ParamKind.CHOICE, label=gettext_lazy("Crop"), default="",
              choices=(("", gettext_lazy("all crops")), *Crop.choices)),
        Param(name="status", kind=ParamKind.CHOICE, label=gettext_lazy("Zone status"), default="",
              choices=(("", gettext_lazy("all statuses")), *ZoneStatus.choices)),
        Param(name="tolerance_m2", kind=ParamKind.FLOAT, label=gettext_lazy("Tolerance"), default=1.0,
              minimum=0.01, maximum=10_000.0, unit="m²",
              help=gettext_lazy("Shared parts smaller than this are slivers of digitising and ignored; a "
                                "parcel is cut when both its parts inside and outside are larger.")),
        Param(name="min_share", kind=ParamKind.FLOAT, label=gettext_lazy("Share to lie in a zone"), default=0.5,
              minimum=0.01, maximum=1.0,
              help=gettext_lazy("A parcel lies in a zone when at least this share of its area is inside.")),
    )

    def _scope(self, values: Values) -> OverlayScope:
        unit = _unit_or_none(values)
        if unit is not None and unit.geometry is None:
            successors = ", ".join(succession.successor.code for succession in
                                   unit.successions.select_related("successor")) or "—"
            raise AnalysisRefused(
                _("Parameter unit: %(unit)s has no boundary (a unit before the 2025 reform); choose one of "
                  "the units it merged into: %(codes)s.") % {"unit": unit.full_name, "codes": successors}
            )
        return OverlayScope(unit_id=unit.pk if unit else None, crop=values["crop"], status=values["status"],
                            tolerance_m2=values["tolerance_m2"], min_share=values["min_share"])

    def refuse(self, values: Values) -> None:
        scope = self._scope(values)
        zones = CultivationZone.objects.filter(geometry__isnull=False)
        zones = zones.filter(crop=scope.crop) if scope.crop else zones
        zones = zones.filter(status=scope.status) if scope.status else zones
        if not zones.exists():
            raise AnalysisRefused(_("Parameters crop and status: no mapped zone matches them."))

    def run(self, values: Values, context: RunContext) -> Result:
        scope = self._scope(values)
        context.progress(0.05, _("Overlaying parcels with zones"))
        return overlay_result(overlay_pairs(scope=scope), progress=context.progress)


@register
class UnitStatistics(Analysis):
    name = "unit_statistics"
    title = gettext_lazy("Statistics per administrative unit")
    description = gettext_lazy(
        "Zones by crop and status, households and OCOP products by stars and group for each ward and "
        "commune, with the units before 2025 beside the units that replaced them."
    )
    params = (
        Param(name="unit", kind=ParamKind.TEXT, label=gettext_lazy("Administrative unit"), default="",
              help=gettext_lazy("GSO code of one unit: it and the units merged into it; empty for all.")),
        Param(name="period", kind=ParamKind.CHOICE, label=gettext_lazy("Units"), default="both",
              choices=(("both", gettext_lazy("before and after 2025")), ("current", gettext_lazy("current")),
                       ("former", gettext_lazy("before 2025")))),
    )

    def refuse(self, values: Values) -> None:
        _unit_or_none(values)

    def run(self, values: Values, context: RunContext) -> Result:
        unit = _unit_or_none(values)
        scope = StatisticsScope(unit_id=unit.pk if unit else None, period=values["period"])
        return statistics_result(scope=scope, progress=context.progress)


@register
class Proximity(Analysis):
    name = "proximity"
    title = gettext_lazy("Proximity of OCOP producers, zones and tourism sites")
    description = gettext_lazy(
        "Distances from OCOP producers to the zones supplying their products, producers with no linked "
        "zone, tourism sites within a distance of OCOP outlets, and service areas by buffer."
    )
    params = (
        Param(name="distance_km", kind=ParamKind.FLOAT, label=gettext_lazy("Distance"), default=1.0,
              minimum=0.01, maximum=50.0, unit="km",
              help=gettext_lazy("Radius of the service areas and of the search for tourism sites.")),
    )

    def refuse(self, values: Values) -> None:
        if not OCOPProducer.objects.filter(location__isnull=False).exists():
            raise AnalysisRefused(_("No OCOP producer has a location; proximity needs producers on the map."))

    def run(self, values: Values, context: RunContext) -> Result:
        scope = ProximityScope(distance_m=values["distance_km"] * 1000.0)
        return proximity_result(scope=scope, progress=context.progress)
