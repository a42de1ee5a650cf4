"""Domain models. Geometries are stored in EPSG:4326; areas and lengths are computed by PostGIS in
metres in VN-2000 / TM-3 108-30 (EPSG:9218), Gia Lai's official projected system."""

from layers.models.admin_units import AdminUnit, AdminUnitSuccession, UnitLevel
from layers.models.linkage import LinkageModel
from layers.models.ocop import OCOPProducer, OCOPProduct, ProducerKind, ProductGroup
from layers.models.parcels import LandUse, Parcel
from layers.models.revisions import ZoneAction, ZoneRevision
from layers.models.roles import Role, UserScope
from layers.models.site_photos import SitePhoto
from layers.models.tourism import SiteCategory, TourismRoute, TourismRouteStop, TourismSite
from layers.models.zones import Crop, CultivationZone, Market, Standard, ZoneStatus

__all__ = [
    "AdminUnit",
    "AdminUnitSuccession",
    "Crop",
    "CultivationZone",
    "LandUse",
    "LinkageModel",
    "Market",
    "OCOPProducer",
    "OCOPProduct",
    "Parcel",
    "ProducerKind",
    "ProductGroup",
    "Role",
    "SiteCategory",
    "SitePhoto",
    "Standard",
    "TourismRoute",
    "TourismRouteStop",
    "TourismSite",
    "UnitLevel",
    "UserScope",
    "ZoneAction",
    "ZoneRevision",
    "ZoneStatus",
]
