from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("townships/<int:township_id>/report/", views.ReportView.as_view(), name="report"),
    path("townships/<int:township_id>/report/pdf/", views.ReportPdfView.as_view(), name="report_pdf"),
    path("townships/<int:township_id>/report/ledgers.pdf", views.LedgersPdfView.as_view(), name="ledgers_pdf"),
    path("townships/<int:township_id>/report/ledgers/", views.LedgersProgressView.as_view(), name="report_ledgers_progress"),
    path("townships/<int:township_id>/report/docx/", views.ReportDocxView.as_view(), name="report_docx"),
    path("townships/<int:township_id>/report/<int:year>/sections/<str:section>/", views.SectionEditView.as_view(),
         name="section_edit"),
    path("townships/<int:township_id>/report/<int:year>/settings/", views.ReportSettingsView.as_view(), name="settings"),
]
