from django.contrib import admin
from django.urls import include, path

from unions.views import home, ping

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("ping/", ping, name="ping"),
    path("admin/", admin.site.urls),
    path("", include("unions.urls")),
    path("", include("reports.urls")),
    path("", include("reviews.urls")),
]
