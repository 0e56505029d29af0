from django.urls import path

from . import imports, views

app_name = "onboarding"


def import_urlpatterns(kind: str, prefix: str):
    return [
        path(f"{prefix}import/", views.ImportUploadView.as_view(kind=kind), name=f"{kind}_import"),
        path(f"{prefix}import/template/", views.ImportTemplateView.as_view(kind=kind), name=f"{kind}_import_template"),
        path(f"{prefix}import/<int:batch_id>/", views.ImportPreviewView.as_view(kind=kind), name=f"{kind}_import_preview"),
    ]


TOWNSHIPS = "counties/<int:county_id>/townships/"
ACCOUNTS = "counties/<int:county_id>/accounts/"

urlpatterns = [
    path(TOWNSHIPS, views.TownshipListView.as_view(), name="township_list"),
    path(f"{TOWNSHIPS}new/", views.TownshipCreateView.as_view(), name="township_create"),
    path(f"{TOWNSHIPS}<int:township_id>/edit/", views.TownshipUpdateView.as_view(), name="township_update"),
    *import_urlpatterns(imports.TOWNSHIP, TOWNSHIPS),
    path(ACCOUNTS, views.AccountListView.as_view(), name="account_list"),
    path(f"{ACCOUNTS}new/", views.AccountCreateView.as_view(), name="account_create"),
    path(f"{ACCOUNTS}record/", views.TrailView.as_view(), name="trail"),
    path(f"{ACCOUNTS}<int:account_id>/", views.AccountDetailView.as_view(), name="account_detail"),
    path(f"{ACCOUNTS}<int:account_id>/reset-password/", views.AccountActionView.as_view(action="reset"), name="account_reset"),
    path(f"{ACCOUNTS}<int:account_id>/deactivate/", views.AccountActionView.as_view(action="deactivate"),
         name="account_deactivate"),
    path(f"{ACCOUNTS}<int:account_id>/reactivate/", views.AccountActionView.as_view(action="reactivate"),
         name="account_reactivate"),
    *import_urlpatterns(imports.ACCOUNT, ACCOUNTS),
    path(f"{ACCOUNTS}import/<int:batch_id>/passwords/", views.PasswordsDownloadView.as_view(), name="account_passwords"),
]
