"""`/analysis/indicators/`: the programme indicators dashboard."""

from django.urls import URLPattern, URLResolver, path

from analysis.indicators import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="indicators-dashboard"),
]
