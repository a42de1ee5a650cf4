"""The admin for every domain model: offline map widget, accent-insensitive search, commune scoping.

Who may change which model comes from the role groups (`layers.roles`); which zones and parcels an
extension officer may change comes from `layers.permissions`. Search folds accents and case on both
sides: the columns through PostgreSQL's unaccent, the typed term through `layers.names.fold`, so
"bien ho", "BIEN HO" and "Biển Hồ" all find Biển Hồ.
"""

import re
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.gis.admin import GISModelAdmin
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from layers import permissions
from layers.codes import EmptyCode, normalise_code
from layers.models import (
    AdminUnit,
    AdminUnitSuccession,
    CultivationZone,
    LinkageModel,
    OCOPProducer,
    OCOPProduct,
    Parcel,
    TourismRoute,
    TourismRouteStop,
    TourismSite,
    UserScope,
    ZoneStatus,
)
from layers.names import fold
from layers.selectors import unit_base_map_geojson
from layers.widgets import OfflineMapWidget
from layers.zone_services import zone_action_for, zone_revision_record, zone_version_next

OUTSIDE_SCOPE = _("You may only choose administrative units that you serve.")
NO_UNIT = _("Choose at least one administrative unit that you serve.")
STATUS_NOT_ALLOWED = _("Extension staff may save a zone only as a draft or submit it; an approver decides.")
_SHEET_SLASH_PARCEL = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


class DomainAdmin(GISModelAdmin):
    """Every domain model's admin: the offline map and accent-insensitive search."""

    # The stubs type gis_widget as an instance; GISModelAdmin instantiates the class it is given.
    gis_widget = OfflineMapWidget  # type: ignore[assignment]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        # The columns are unaccented in SQL (…__unaccent__icontains); the term must be too.
        return super().get_search_results(request, queryset, fold(search_term))


class ScopedForm(forms.ModelForm):
    """A model form that knows who fills it in; `ScopedAdmin.get_form` sets `user` per request."""

    user: permissions.AnyUser


class ScopedAdmin(DomainAdmin):
    """An admin whose objects extension staff may see and change only within their units."""

    form = ScopedForm

    def scope_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        raise NotImplementedError

    def editable_by(self, request: HttpRequest, obj: Model) -> bool:
        raise NotImplementedError

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.scope_queryset(request, super().get_queryset(request))

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Any:
        obj = super().get_object(request, object_id, from_field)
        # Django redirects to the index for a missing object; outside one's units it is a plain 404.
        if obj is None and permissions.is_unit_scoped(request.user):
            raise Http404(_("There is no such object within your administrative units."))
        return obj

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.editable_by(request, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.editable_by(request, obj))

    def get_form(self, request: HttpRequest, obj: Model | None = None, change: bool = False,
                 **kwargs: Any) -> type[forms.ModelForm]:
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs = self._unit_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs = self._unit_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @staticmethod
    def _unit_choices(db_field: Any, request: HttpRequest, kwargs: dict[str, Any]) -> dict[str, Any]:
        """Offer extension staff only their own units; a forged choice is refused with our message."""
        if db_field.related_model is not AdminUnit or not permissions.is_unit_scoped(request.user):
            return kwargs
        messages = {"invalid_choice": OUTSIDE_SCOPE, "invalid_pk_value": OUTSIDE_SCOPE}
        return {**kwargs, "queryset": permissions.units_editable_by(request.user), "error_messages": messages}


@admin.register(AdminUnit)
class AdminUnitAdmin(DomainAdmin):
    list_display = ("name", "level", "code", "parent", "valid_from", "valid_to", "area_km2")
    list_filter = ("level", ("valid_to", admin.EmptyFieldListFilter), "valid_from")
    list_select_related = ("parent",)
    search_fields = ("name__unaccent__icontains", "full_name__unaccent__icontains",
                     "name_en__unaccent__icontains", "code", "slug")
    autocomplete_fields = ("parent",)
    readonly_fields = ("area_km2",)

    @admin.display(description=_("area (km²)"), ordering="area_m2")
    def area_km2(self, unit: AdminUnit) -> str | None:
        return f"{unit.area_m2 / 1e6:,.2f}" if unit.area_m2 is not None else None

    def get_urls(self) -> list[URLPattern]:
        base_map = path("basemap.geojson", self.admin_site.admin_view(self.base_map_view),
                        name="layers_adminunit_basemap")
        return [base_map, *super().get_urls()]

    def base_map_view(self, request: HttpRequest) -> HttpResponse:
        """The map widget's offline base map (staff only, through `admin_view`)."""
        return HttpResponse(unit_base_map_geojson(), content_type="application/geo+json")


@admin.register(AdminUnitSuccession)
class AdminUnitSuccessionAdmin(DomainAdmin):
    list_display = ("predecessor", "successor", "effective_on", "legal_basis")
    list_filter = ("effective_on",)
    list_select_related = ("predecessor", "successor")
    search_fields = ("predecessor__name__unaccent__icontains", "successor__name__unaccent__icontains",
                     "legal_basis")
    autocomplete_fields = ("predecessor", "successor")


class ParcelForm(ScopedForm):
    def clean_unit(self) -> AdminUnit:
        unit = self.cleaned_data["unit"]
        if not permissions.units_within_scope(self.user, [unit.pk]):
            raise forms.ValidationError(OUTSIDE_SCOPE, code="outside_scope")
        return unit


@admin.register(Parcel)
class ParcelAdmin(ScopedAdmin):
    form = ParcelForm
    list_display = ("__str__", "unit", "land_use", "recorded_area_m2", "mapped_area_m2", "is_illustrative")
    list_filter = ("land_use", "is_illustrative", ("unit", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("unit",)
    search_fields = ("sheet_number__exact", "parcel_number__exact", "unit__name__unaccent__icontains")
    readonly_fields = ("mapped_area_m2",)

    @admin.display(description=_("mapped area (m²)"), ordering="area_m2")
    def mapped_area_m2(self, parcel: Parcel) -> str | None:
        return f"{parcel.area_m2:,.1f}" if parcel.area_m2 is not None else None

    def scope_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return permissions.parcels_visible_to(request.user, queryset)

    def editable_by(self, request: HttpRequest, obj: Model) -> bool:
        return isinstance(obj, Parcel) and permissions.parcel_editable_by(request.user, obj)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        # "12/345" is how a land record cites sheet 12, parcel 345.
        match = _SHEET_SLASH_PARCEL.match(search_term)
        if match:
            return queryset.filter(sheet_number=int(match[1]), parcel_number=int(match[2])), False
        return super().get_search_results(request, queryset, search_term)


class ZoneForm(ScopedForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if isinstance(status, forms.ChoiceField):
            current = self.instance.status if self.instance.pk else None
            allowed = permissions.zone_statuses_settable_by(self.user, current)
            status.choices = [(value, label) for value, label in ZoneStatus.choices if value in allowed]
            status.error_messages["invalid_choice"] = STATUS_NOT_ALLOWED

    def clean_units(self) -> Any:
        units = self.cleaned_data["units"]
        if permissions.units_within_scope(self.user, [unit.pk for unit in units]):
            return units
        raise forms.ValidationError(NO_UNIT if not units else OUTSIDE_SCOPE, code="outside_scope")


@admin.register(CultivationZone)
class CultivationZoneAdmin(ScopedAdmin):
    form = ZoneForm
    list_display = ("code", "name", "crop", "status", "declared_area_ha", "mapped_area_ha", "holder",
                    "is_illustrative")
    list_filter = ("status", "crop", "is_illustrative", ("units", admin.RelatedOnlyFieldListFilter))
    search_fields = ("code", "name__unaccent__icontains", "holder__unaccent__icontains",
                     "variety__unaccent__icontains")
    filter_horizontal = ("units",)
    autocomplete_fields = ("parcels",)
    readonly_fields = ("mapped_area_ha", "version", "created_at", "updated_at", "history")
    fieldsets = (
        (None, {"fields": ("code", "name", "status", "crop", "variety", "is_illustrative")}),
        (_("Holder"), {"fields": ("holder", "representative", "households")}),
        (_("Certification"), {"fields": ("markets", "standards", "valid_from", "valid_until")}),
        (_("Location"), {"fields": ("units", "parcels", "declared_area_ha", "mapped_area_ha", "geometry")}),
        (_("Record"), {"fields": ("version", "created_at", "updated_at", "history")}),
    )
    HISTORY_ROWS = 20

    @admin.display(description=_("mapped area (ha)"), ordering="area_ha")
    def mapped_area_ha(self, zone: CultivationZone) -> str | None:
        return f"{zone.area_ha:,.2f}" if zone.area_ha is not None else None

    @admin.display(description=_("history"))
    def history(self, zone: CultivationZone) -> SafeString | str:
        """The latest versions, read-only (a table rather than an inline: an inline would add a formset
        that every save of the form would then have to carry)."""
        if zone.pk is None:
            return "–"
        revisions = zone.revisions.order_by("-version")[: self.HISTORY_ROWS]
        rows = format_html_join("", "<tr><td>v{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", (
            (r.version, r.get_action_display(), r.username or "–", f"{localtime(r.recorded_at):%d/%m/%Y %H:%M}",
             r.reason)
            for r in revisions))
        return format_html("<table>{}</table>", rows) if rows else "–"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Through the services, so that the admin's saves are versions too and editors see the change.
        zone_version_next(zone=obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        zone = form.instance
        action = zone_action_for(created=not change, previous_status=form.initial.get("status"), status=zone.status)
        zone_revision_record(zone=zone, user=request.user, action=action)

    def scope_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return permissions.zones_visible_to(request.user, queryset)

    def editable_by(self, request: HttpRequest, obj: Model) -> bool:
        return isinstance(obj, CultivationZone) and permissions.zone_editable_by(request.user, obj)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Codes are stored normalised, so the whole term normalised finds "vn glor 0065" too.
        try:
            code = normalise_code(search_term)
        except EmptyCode:
            return results, may_have_duplicates
        return results | queryset.filter(code__icontains=code), may_have_duplicates


@admin.register(OCOPProducer)
class OCOPProducerAdmin(DomainAdmin):
    list_display = ("name", "kind", "unit", "representative", "is_illustrative")
    list_filter = ("kind", "is_illustrative", ("unit", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("unit",)
    search_fields = ("name__unaccent__icontains", "representative__unaccent__icontains",
                     "address__unaccent__icontains", "tax_code")
    autocomplete_fields = ("unit",)


@admin.register(OCOPProduct)
class OCOPProductAdmin(DomainAdmin):
    list_display = ("name", "producer", "group", "stars", "score", "expires_on", "is_illustrative")
    list_filter = ("stars", "group", "is_illustrative", "expires_on")
    list_select_related = ("producer",)
    search_fields = ("name__unaccent__icontains", "producer__name__unaccent__icontains",
                     "certificate_number")
    autocomplete_fields = ("producer", "source_zones")


@admin.register(LinkageModel)
class LinkageModelAdmin(DomainAdmin):
    list_display = ("name", "product", "lead_display", "households", "started_on", "ended_on", "is_illustrative")
    list_filter = ("product", "is_illustrative", ("ended_on", admin.EmptyFieldListFilter),
                   ("units", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("lead",)
    search_fields = ("name__unaccent__icontains", "lead__name__unaccent__icontains",
                     "lead_name__unaccent__icontains")
    autocomplete_fields = ("lead", "units", "zones")
    date_hierarchy = "started_on"

    @admin.display(description=_("lead company or cooperative"), ordering="lead__name")
    def lead_display(self, linkage: LinkageModel) -> str:
        return linkage.lead.name if linkage.lead else linkage.lead_name


@admin.register(TourismSite)
class TourismSiteAdmin(DomainAdmin):
    list_display = ("name_vi", "name_en", "category", "unit", "is_illustrative")
    list_filter = ("category", "is_illustrative", ("unit", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("unit",)
    search_fields = ("name_vi__unaccent__icontains", "name_en__unaccent__icontains")
    autocomplete_fields = ("unit",)


class TourismRouteStopInline(admin.TabularInline):
    model = TourismRouteStop
    extra = 1
    autocomplete_fields = ("site",)
    ordering = ("order",)


@admin.register(TourismRoute)
class TourismRouteAdmin(DomainAdmin):
    list_display = ("name_vi", "name_en", "length_km", "is_illustrative")
    list_filter = ("is_illustrative",)
    search_fields = ("name_vi__unaccent__icontains", "name_en__unaccent__icontains")
    readonly_fields = ("length_km",)
    inlines = (TourismRouteStopInline,)

    @admin.display(description=_("length (km)"), ordering="length_m")
    def length_km(self, route: TourismRoute) -> str | None:
        return f"{route.length_m / 1000:,.1f}" if route.length_m is not None else None


@admin.register(UserScope)
class UserScopeAdmin(DomainAdmin):
    list_display = ("user", "role", "unit_names")
    list_filter = ("role",)
    search_fields = ("user__username", "user__last_name__unaccent__icontains",
                     "units__name__unaccent__icontains")
    autocomplete_fields = ("user",)
    filter_horizontal = ("units",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("user").prefetch_related("units")

    @admin.display(description=_("administrative units"))
    def unit_names(self, scope: UserScope) -> str:
        return ", ".join(unit.name for unit in scope.units.all())
