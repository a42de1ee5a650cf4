"""`/compose/…`: the map composer of tourism promoters and administrators; namespace `compose`.

Every view is wrapped here in `composer_required`, so no composer page can be added without it.
"""

from django.urls import URLPattern, path

from maps.published import compose_views as views
from maps.published.compose_views import composer_required

app_name = "compose"

urlpatterns: list[URLPattern] = [
    path("", composer_required(views.compose_list), name="list"),
    path("new/", composer_required(views.compose_new), name="new"),
    path("<int:pk>/", composer_required(views.compose_edit), name="edit"),
    path("<int:pk>/publish/", composer_required(views.compose_publish), name="publish"),
    path("<int:pk>/unpublish/", composer_required(views.compose_unpublish), name="unpublish"),
    path("<int:pk>/delete/", composer_required(views.compose_delete), name="delete"),
]
