"""The county admin's rubric pages: the county's rubrics beside the shared default; one page per
rubric to read it, or edit it whole while no round using it has a submission; copying; and the
record of its changes. Scope first (another county's rubric is 404, other roles 403), then the
`rules` permission, then the service (reviews/rubrics.py), as on the round pages."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.text import quoted
from unions.access import user_role
from unions.models import UserRole

from .audit import rubric_history
from .models import Round
from .rubric_forms import RubricEditor
from .rubrics import edit_refusal, editing_rubric, rubric_copy, rubrics_of_county
from .scoring import RubricParts
from .services import ProcessError


class RubricScopeMixin(LoginRequiredMixin):
    """County admins only (403 for anyone else); `self.rubric` one of their county's or the shared
    default (404 for another county's), on which `permission` is then asked (403)."""

    permission = "reviews.view_rubric"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.role = user_role(request.user)
        if self.role is None or self.role.role != UserRole.Role.COUNTY_ADMIN:
            raise PermissionDenied(_("只有县总工会管理员可以管理考核标准。"))
        if "rubric_id" in kwargs:
            self.rubric = get_object_or_404(rubrics_of_county(self.role.county_id).select_related("county", "based_on"),
                                            pk=kwargs["rubric_id"])
            if not request.user.has_perm(self.permission, self.rubric):
                raise PermissionDenied(_("您没有权限进行这项操作。"))
        return super().dispatch(request, *args, **kwargs)


class RubricListView(RubricScopeMixin, TemplateView):
    template_name = "reviews/rubric_list.html"

    def get_context_data(self, **kwargs):
        county_id = self.role.county_id
        rubrics = list(rubrics_of_county(county_id).select_related("county")
                       .annotate(round_count=Count("rounds", filter=Q(rounds__county_id=county_id), distinct=True))
                       .order_by(F("county").asc(nulls_first=True), "name"))
        locked = set(Round.objects.filter(rubric__in=rubrics, applications__submissions__isnull=False)
                     .values_list("rubric_id", flat=True))
        rows = [(rubric, rubric.county_id is None, rubric.pk in locked) for rubric in rubrics]
        return super().get_context_data(rows=rows, **kwargs)


class RubricEditView(RubricScopeMixin, View):
    """The rubric on one page: dimensions with their indicators, bonus and veto items and grades;
    a form of all of them while it may be changed, a plain reading once it is shared or locked."""

    template_name = "reviews/rubric_edit.html"

    def get(self, request, *args, **kwargs):
        return self.render()

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("reviews.edit_rubric", self.rubric):
            messages.error(request, edit_refusal(self.rubric) or _("您没有权限进行这项操作。"))
            return redirect("reviews:rubric_edit", rubric_id=self.rubric.pk)
        editor = RubricEditor(self.rubric, request.POST)
        if not editor.is_valid():
            return self.render(editor)
        try:
            with editing_rubric(self.rubric):
                editor.save()
        except ProcessError as error:  # a township submitted between the check above and the save
            messages.error(request, str(error))
        else:
            messages.success(request, _("考核标准已保存。"))
        return redirect("reviews:rubric_edit", rubric_id=self.rubric.pk)

    def render(self, editor: RubricEditor | None = None):
        """The form (`editor`, bound after a failed save) while the rubric may change, else the reading."""
        refusal = edit_refusal(self.rubric)
        context = {"rubric": self.rubric, "refusal": refusal,
                   "can_copy": self.request.user.has_perm("reviews.copy_rubric", self.rubric),
                   "rounds": list(self.rubric.rounds.filter(county_id=self.role.county_id)  # another county's are not said
                                  .select_related("county").order_by("-year"))}
        if refusal:
            context["parts"] = RubricParts.load(self.rubric)
        else:
            editor = editor or RubricEditor(self.rubric)
            context.update(editor=editor, invalid=editor.form.is_bound)
        return render(self.request, self.template_name, context)


class RubricCopyView(RubricScopeMixin, View):
    permission = "reviews.copy_rubric"

    def post(self, request, *args, **kwargs):
        copy = rubric_copy(rubric=self.rubric, county=self.role.county)
        messages.success(request, _("已复制为%(name)s，可以修改。") % {"name": quoted(copy.name)})
        return redirect("reviews:rubric_edit", rubric_id=copy.pk)


class RubricHistoryView(RubricScopeMixin, TemplateView):
    template_name = "reviews/rubric_history.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(rubric=self.rubric, events=rubric_history(self.rubric), **kwargs)
