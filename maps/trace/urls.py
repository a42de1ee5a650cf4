"""The public trace page of a planting-area code and its QR codes; namespace `trace`."""

from django.urls import URLPattern, path

from maps.trace import views

app_name = "trace"

urlpatterns: list[URLPattern] = [
    path("<str:code>/", views.trace_page, name="page"),
    path("<str:code>/qr.png", views.trace_qr_png, name="qr-png"),
    path("<str:code>/qr.svg", views.trace_qr_svg, name="qr-svg"),
]
