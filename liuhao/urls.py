from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from onboarding.views import OwnPasswordChangeView
from unions.views import home, ping

urlpatterns = [
    path("", home, name="home"),
    # Logging in and out and changing one's password; no self-service reset: accounts are issued by the county.
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", OwnPasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("ping/", ping, name="ping"),
    path("admin/", admin.site.urls),
    path("", include("unions.urls")),
    path("", include("reports.urls")),
    path("", include("reviews.urls")),
    path("", include("counties.urls")),
    path("", include("onboarding.urls")),
]
