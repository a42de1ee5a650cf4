"""Routes of the zone editor and of the REST API for editable layers (`/api/…`)."""

from django.urls import URLPattern, path

from editor import page_urls, site_urls
from editor.api import features, workflow, zones

app_name = "editor"

urlpatterns: list[URLPattern] = [
    path("api/zones/", zones.collection, name="zones"),
    path("api/zones/check", zones.check, name="zone-check"),
    path("api/zones/from-parcels", zones.from_parcels, name="zone-from-parcels"),
    path("api/zones/<int:zone_id>", zones.item, name="zone"),
    path("api/zones/<int:zone_id>/history", workflow.history, name="zone-history"),
    path("api/zones/<int:zone_id>/revert", workflow.revert, name="zone-revert"),
    *(path(f"api/zones/<int:zone_id>/{name}", workflow.step, {"step": name}, name=f"zone-{name}")
      for name in workflow.STEPS),
    *(path(f"api/{layer}/", features.collection, {"layer_id": layer}, name=layer) for layer in features.LAYER_IDS),
    *(path(f"api/{layer}/<int:feature_id>", features.item, {"layer_id": layer}, name=f"{layer}-item")
      for layer in features.LAYER_IDS),
    *page_urls.urlpatterns,
    *site_urls.urlpatterns,
]
