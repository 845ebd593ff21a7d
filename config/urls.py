from django.contrib import admin
from django.urls import include, path

from matches.views import healthz

admin.site.site_header = "Terrace editors' desk"
admin.site.site_title = "Terrace editors"
admin.site.index_title = "Matches, line-ups and official ratings"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("healthz", healthz, name="healthz"),
    path("", include("ratings.urls")),
    path("", include("matches.urls")),
]
