from django.urls import path

from matches import views

app_name = "matches"

urlpatterns = [
    path("", views.match_list, name="list"),
    path("favicon.ico", views.icon),
    path("icon.svg", views.icon, name="icon"),
    path("icon-maskable.svg", views.icon, {"maskable": True}, name="icon_maskable"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
]
