from django.urls import path

from . import spreadsheet_views, views
from .entities import ENTITIES
from .spreadsheets import SHEETS

app_name = "unions"


def entity_urlpatterns(entity):
    prefix = f"townships/<int:township_id>/{entity.path}/"
    create_view = views.GrassrootsUnionCreateView if entity.year_model is not None else views.EntityCreateView
    year_patterns = [
        path(f"{prefix}<int:pk>/years/<int:year>/", views.GrassrootsUnionYearView.as_view(entity=entity),
             name=f"{entity.key}_year"),
    ] if entity.year_model is not None else []
    return spreadsheet_urlpatterns(entity, prefix) + year_patterns + [
        path(prefix, views.EntityListView.as_view(entity=entity), name=f"{entity.key}_list"),
        path(f"{prefix}new/", create_view.as_view(entity=entity), name=f"{entity.key}_create"),
        path(f"{prefix}<int:pk>/", views.EntityDetailView.as_view(entity=entity), name=f"{entity.key}_detail"),
        path(f"{prefix}<int:pk>/edit/", views.EntityUpdateView.as_view(entity=entity), name=f"{entity.key}_update"),
        path(f"{prefix}<int:pk>/delete/", views.EntityDeleteView.as_view(entity=entity), name=f"{entity.key}_delete"),
    ]


def spreadsheet_urlpatterns(entity, prefix):
    if entity.key not in SHEETS:
        return []
    return [
        path(f"{prefix}export/", spreadsheet_views.ExportView.as_view(entity=entity), name=f"{entity.key}_export"),
        path(f"{prefix}import/", spreadsheet_views.ImportUploadView.as_view(entity=entity), name=f"{entity.key}_import"),
        path(f"{prefix}import/template/", spreadsheet_views.ImportTemplateView.as_view(entity=entity),
             name=f"{entity.key}_import_template"),
        path(f"{prefix}import/<int:batch_id>/", spreadsheet_views.ImportPreviewView.as_view(entity=entity),
             name=f"{entity.key}_import_preview"),
    ]


urlpatterns = [
    path("townships/", views.TownshipListView.as_view(), name="township_list"),
    path("townships/<int:township_id>/", views.DashboardView.as_view(), name="dashboard"),
    path("townships/<int:township_id>/profile/", views.TownshipProfileView.as_view(), name="profile"),
    path("townships/<int:township_id>/profile/edit/", views.TownshipProfileUpdateView.as_view(), name="profile_edit"),
    path("townships/<int:township_id>/union/edit/", views.TownshipUnionUpdateView.as_view(), name="union_edit"),
    path("townships/<int:township_id>/years/<int:year>/facts/", views.TownshipFactsUpdateView.as_view(), name="facts_edit"),
    path("townships/<int:township_id>/years/<int:year>/union/", views.UnionFactsUpdateView.as_view(), name="union_facts_edit"),
    path("townships/<int:township_id>/years/<int:year>/start/", views.YearActionView.as_view(action="start"), name="year_start"),
    path("townships/<int:township_id>/years/<int:year>/confirm/", views.YearActionView.as_view(action="confirm"),
         name="year_confirm"),
]
for _entity in ENTITIES:
    urlpatterns += entity_urlpatterns(_entity)
