from django.contrib import admin
from django.urls import include, path

from matches.views import healthz

admin.site.site_header = "Terrace editors' desk"
admin.site.site_title = "Terrace editors"
admin.site.index_title = "Matches, line-ups and official ratings"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("healthz", healthz, name="healthz"),
    path("", include("ratings.urls")),
    path("", include("matches.urls")),
]

handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
