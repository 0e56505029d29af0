from django.urls import path

from . import views

app_name = "counties"

urlpatterns = [
    path("county/", views.my_county, name="mine"),
    path("counties/<int:county_id>/", views.CountyOverviewView.as_view(), name="overview"),
    path("counties/<int:county_id>/overview.xlsx", views.CountyOverviewExportView.as_view(), name="overview_export"),
]
