"""The county desk (县总工会工作台): the landing page of a county's reviewers and admins. The county
is resolved through unions.access (their own county; 404 for another, 403 for township staff)."""
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from reports.charts import line_chart, sparkline
from unions.access import county_for_user_or_404, user_role
from unions.comparison import COMPARED_RATES, percent_text
from unions.models import County, UserRole

from .exports import overview_xlsx
from .selectors import RATE_KEYS, Overview, county_overview

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The county's totals over the years, two rates a chart (line_chart draws two series apart).
CHART_PAIRS = (("formation_rate", "membership_rate"), ("collective_contract_rate", "workers_home_rate"),
               ("conclusion_rate", "hardship_coverage_rate"))


@login_required
def my_county(request):
    """/county/: the user's own county desk (site admins: the first county's)."""
    role = user_role(request.user)
    if role is not None and role.role != UserRole.Role.TOWNSHIP_STAFF:
        return redirect("counties:overview", county_id=role.county_id)
    if request.user.is_superuser:
        county = County.objects.order_by("name").first()
        return redirect("counties:overview", county_id=county.pk) if county else redirect("unions:township_list")
    raise PermissionDenied(_("只有县总工会的评审和管理员可以打开县总工会工作台。"))


class CountyMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.county = county_for_user_or_404(request.user, kwargs["county_id"])
        return super().dispatch(request, *args, **kwargs)

    def overview(self) -> Overview:
        return county_overview(self.county, self.request.user, year=self.request.GET.get("year"),
                               sort=self.request.GET.get("sort", ""), refresh=self.request.GET.get("refresh") == "1")


class CountyOverviewView(CountyMixin, TemplateView):
    template_name = "counties/overview.html"

    def get_context_data(self, **kwargs):
        overview = self.overview()
        return super().get_context_data(
            overview=overview, year=overview.year, year_choices=overview.year_choices,
            headers=sort_headers(overview), charts=county_charts(overview), multiples=small_multiples(overview),
            median_rates=[overview.median[key] for key in RATE_KEYS], total_rates=[overview.total[key] for key in RATE_KEYS],
            multiple_headers=[(label, overview.trend_floor[key]) for key, label in COMPARED_RATES],
            export_url=reverse("counties:overview_export", kwargs={"county_id": self.county.pk}) + "?" + urlencode(
                {"year": overview.year, "sort": ("-" if overview.descending else "") + overview.sort}),
            refresh_url="?" + urlencode({"year": overview.year, "sort": ("-" if overview.descending else "") + overview.sort,
                                         "refresh": 1}),
            **kwargs,
        )


class CountyOverviewExportView(CountyMixin, View):
    def get(self, request, *args, **kwargs):
        overview = self.overview()
        response = HttpResponse(overview_xlsx(overview), content_type=XLSX)
        name = _("%(county)s%(year)s年度乡镇工会情况.xlsx") % {"county": self.county.name, "year": overview.year}
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
        return response


def sort_headers(overview: Overview) -> list[dict]:
    """Each column's header with the link that sorts by it: numbers highest first, names A→Z, and
    the column sorted now the other way round."""
    headers = []
    for column in overview.columns:
        current = overview.sort == column.key
        descending = not overview.descending if current else column.numeric
        headers.append({
            "column": column,
            "url": "?" + urlencode({"year": overview.year, "sort": ("-" if descending else "") + column.key}),
            "aria_sort": ("descending" if overview.descending else "ascending") if current else "",
            "icon": ("sort-down" if overview.descending else "sort-up") if current else "",
        })
    return headers


def county_charts(overview: Overview) -> list[str]:
    labels = dict(COMPARED_RATES)
    return [
        line_chart(_("全县%(a)s与%(b)s") % {"a": labels[a], "b": labels[b]}, overview.years,
                   [(str(labels[key]), [_as_quoted(value) for value in overview.county_trend[key]]) for key in (a, b)])
        for a, b in CHART_PAIRS
    ]


def _as_quoted(percent):
    """100 rather than 100.0, as rates are quoted (the chart prints the number it is given)."""
    return percent if percent is None or percent != percent.to_integral_value() else percent.to_integral_value()


def small_multiples(overview: Overview) -> list[tuple]:
    """Per township (in the table's order) and rate: its line over the years and its latest value."""
    labels = dict(COMPARED_RATES)
    found = []
    for row in overview.rows:
        lines = []
        for key in RATE_KEYS:
            values = row.trend[key]
            words = "，".join(f"{year} {percent_text(value)}" for year, value in zip(overview.years, values))
            label = f"{row.township.name} {labels[key]}：{words}"
            lines.append((sparkline(values, label=label, floor=overview.trend_floor[key]), percent_text(values[-1])))
        found.append((row, lines))
    return found
