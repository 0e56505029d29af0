from django.urls import path

from . import rubric_views, views

app_name = "reviews"

urlpatterns = [
    path("townships/<int:township_id>/applications/", views.TownshipApplicationsView.as_view(), name="township_applications"),
    path("applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="application_detail"),
    path("applications/<int:pk>/submit/", views.SubmitApplicationView.as_view(), name="application_submit"),
    path("applications/<int:pk>/submission/", views.SubmissionReportView.as_view(), name="submission_report"),
    path("applications/<int:pk>/submission.pdf", views.SubmissionPdfView.as_view(), name="submission_pdf"),
    path("applications/<int:pk>/review/", views.ReviewView.as_view(), name="review"),
    path("applications/<int:pk>/decide/", views.DecideView.as_view(), name="decide"),
    path("applications/<int:pk>/history/", views.HistoryView.as_view(), name="history"),
    path("applications/<int:pk>/scoresheet.pdf", views.ScoreSheetPdfView.as_view(), name="scoresheet_pdf"),
    path("reviews/", views.QueueView.as_view(), name="queue"),
    path("rounds/", views.RoundListView.as_view(), name="round_list"),
    path("rounds/new/", views.RoundCreateView.as_view(), name="round_create"),
    path("rounds/<int:pk>/", views.RoundDetailView.as_view(), name="round_detail"),
    path("rounds/<int:pk>/settings/", views.RoundUpdateView.as_view(), name="round_edit"),
    path("rounds/<int:pk>/advance/", views.RoundAdvanceView.as_view(), name="round_advance"),
    path("rounds/<int:pk>/assignments/", views.RoundAssignView.as_view(), name="round_assign"),
    path("rounds/<int:pk>/ranking.xlsx", views.RoundExportView.as_view(), name="round_export"),
    path("rounds/<int:pk>/archives/", views.RoundArchiveCreateView.as_view(), name="round_archive_create"),
    path("rounds/<int:pk>/archives/<int:archive_id>/", views.RoundArchiveView.as_view(), name="round_archive"),
    path("rounds/<int:pk>/archives/<int:archive_id>/download/", views.RoundArchiveDownloadView.as_view(),
         name="round_archive_download"),
    path("rubrics/", rubric_views.RubricListView.as_view(), name="rubric_list"),
    path("rubrics/<int:rubric_id>/", rubric_views.RubricEditView.as_view(), name="rubric_edit"),
    path("rubrics/<int:rubric_id>/copy/", rubric_views.RubricCopyView.as_view(), name="rubric_copy"),
    path("rubrics/<int:rubric_id>/history/", rubric_views.RubricHistoryView.as_view(), name="rubric_history"),
]
