"""Pages of applications and their review. Scope first (404 outside the user's township or
county, as everywhere in liuhao), then the `rules` permission (403), then a service call."""
from functools import cached_property

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView
from django.views.generic.edit import CreateView, UpdateView

from reports import pdf
from reports.builder import build_report
from reports.preflight import preflight
from reports.writing import boilerplate
from unions.access import can_edit_township, user_role, visible_townships
from unions.models import UserRole
from unions.views import TownshipScopedMixin, township_nav

from . import services
from .audit import application_history
from .documents import submission_file_name, submission_pdf
from .evidence import EVIDENCE, read_evidence
from .exports import ranking_xlsx
from .forms import DecisionForm, ReviewForm, RoundForm
from .models import Application, Assignment, Review, Round, RoundArchive, Submission
from .overlap import measure_overlap
from .scoring import RubricParts, assess, plain_points
from .selectors import application_result, latest_submission_ids, reviewer_queue, reviewers_missing, round_results, score_sheet
from .tasks import archive_task_state, build_round_archive, retry_round_archive

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _county_role(user, role: str) -> UserRole:
    found = user_role(user)
    if found is None or found.role != role:
        raise PermissionDenied(_("只有县总工会的相应人员可以打开这个页面。"))
    return found


class TownshipApplicationsView(TownshipScopedMixin, TemplateView):
    """The township's applications, and the county's open rounds it can apply to."""

    template_name = "reviews/township_applications.html"

    def get_context_data(self, **kwargs):
        applications = list(self.township.applications.select_related("round").order_by("-round__year"))
        applied = {application.round_id for application in applications}
        open_rounds = [round_ for round_ in Round.objects.filter(county_id=self.township.county_id, status=Round.Status.OPEN)
                       if round_.pk not in applied]
        return super().get_context_data(applications=applications, open_rounds=open_rounds, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.can_edit:
            raise PermissionDenied(_("只有本乡镇工会工作人员可以申报。"))
        round_ = get_object_or_404(Round, pk=request.POST.get("round"), county_id=self.township.county_id)
        try:
            application = services.create_application(round_, self.township)
        except services.ProcessError as error:
            messages.error(request, str(error))
            return redirect("reviews:township_applications", township_id=self.township.pk)
        messages.success(request, _("已创建申报，请检查自评结果后提交。"))
        return redirect("reviews:application_detail", pk=application.pk)


class ApplicationMixin(LoginRequiredMixin):
    """Resolves `self.application` within the user's townships/county (404 otherwise), then asks
    `permission` of the rules (403)."""

    permission = "reviews.view_application"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.application = get_object_or_404(
            Application.objects.select_related("round__rubric", "round__county", "township__county"),
            pk=kwargs["pk"], township__in=visible_townships(request.user),
        )
        if not request.user.has_perm(self.permission, self.application):
            raise PermissionDenied(_("您没有权限进行这项操作。"))
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def parts(self) -> RubricParts:
        return RubricParts.load(self.application.round.rubric)

    @cached_property
    def latest_submission(self) -> Submission | None:
        return self.application.submissions.first()

    def get_context_data(self, **kwargs):
        user = self.request.user
        kwargs.update(
            application=self.application, round=self.application.round, township=self.application.township,
            latest_submission=self.latest_submission,
            can_submit=user.has_perm("reviews.submit_application", self.application),
            can_score=user.has_perm("reviews.score_application", self.application),
            can_decide=user.has_perm("reviews.decide_application", self.application),
            can_see_results=user.has_perm("reviews.view_results", self.application),
        )
        if can_edit_township(user, self.application.township):  # the township's own staff keep their menu
            kwargs.setdefault("township_nav", township_nav(self.application.township, "township_applications"))
        return super().get_context_data(**kwargs)


class ApplicationDetailView(ApplicationMixin, TemplateView):
    template_name = "reviews/application_detail.html"

    def get_context_data(self, **kwargs):
        application = self.application
        if application.editable:  # live figures: what would be submitted now
            with translation.override(settings.LANGUAGE_CODE):
                report = build_report(application.township, application.round.year, with_charts=False)
                findings = preflight(report)
            evidence = read_evidence(report.figures)
        else:
            findings, evidence = [], self.latest_submission.evidence
        context = {
            "findings": findings, "assessment": assess(self.parts, evidence), "parts": self.parts,
            "evidence_labels": {key: item for key, item in EVIDENCE.items()},
            "submissions": list(application.submissions.select_related("submitted_by")),
        }
        if self.request.user.has_perm("reviews.view_results", application):
            context["result"] = application_result(application, self.parts)
        if self.latest_submission and not self.request.user.has_perm("reviews.submit_application", application) and (
                self.request.user.has_perm("reviews.decide_application", application)
                or self.request.user.has_perm("reviews.score_application", application)):
            context["overlap"] = duplicate_text(self.latest_submission)
        return super().get_context_data(**context, **kwargs)


def duplicate_text(submission: Submission):
    """The share of this narrative found in the latest submission of every other application."""
    others = (Submission.objects.filter(pk__in=latest_submission_ids().values()).exclude(application_id=submission.application_id)
              .select_related("application__township", "application__round").only(
                  "narrative", "application__township__name", "application__round__year"))
    texts = {f"{other.application.township.name}（{other.application.round.year}年）": other.narrative for other in others}
    # liuhao's own generated phrasing is in every township's text and is not copying
    return measure_overlap(submission.narrative, texts, common=boilerplate())


class SubmitApplicationView(ApplicationMixin, View):
    permission = "reviews.submit_application"

    def post(self, request, *args, **kwargs):
        try:
            submission = services.submit_application(self.application, request.user)
        except services.ProcessError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("已提交第 %(version)s 版申报，数据已冻结。") % {"version": submission.version})
        return redirect("reviews:application_detail", pk=self.application.pk)


class SubmissionMixin(ApplicationMixin):
    permission = "reviews.view_submission"

    @cached_property
    def submission(self) -> Submission:
        version = self.request.GET.get("version")
        submissions = self.application.submissions.all()
        try:
            return submissions.get(version=int(version)) if version else submissions[0]
        except (ValueError, Submission.DoesNotExist, IndexError):
            raise Http404("No such version") from None


class SubmissionReportView(SubmissionMixin, TemplateView):
    template_name = "reviews/submission_report.html"

    def get_context_data(self, **kwargs):
        # The document was rendered (and escaped) by reports/document.html when it was submitted.
        return super().get_context_data(submission=self.submission, document=mark_safe(self.submission.document_html), **kwargs)


class SubmissionPdfView(SubmissionMixin, View):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(submission_pdf(self.submission), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=submission_file_name(self.submission))
        return response


class ReviewView(ApplicationMixin, FormView):
    """A reviewer scores the latest submitted version; others' scores appear once theirs is in."""

    permission = "reviews.score_application"
    template_name = "reviews/review_form.html"

    @cached_property
    def review(self) -> Review | None:
        if self.latest_submission is None:
            return None
        return (Review.objects.filter(submission=self.latest_submission, reviewer=self.request.user)
                .prefetch_related("scores", "bonus_scores", "veto_flags").first())

    def get_form(self, form_class=None):
        evidence = self.latest_submission.evidence if self.latest_submission else {}
        return ReviewForm(parts=self.parts, evidence=evidence, **self.get_form_kwargs())

    def get_initial(self):
        if self.review is not None and (self.review.scores.all() or self.review.veto_flags.all() or self.review.overall_comment):
            return ReviewForm.initial_from(self.review)
        if self.request.GET.get("suggested") and self.latest_submission:
            return {f"score_{line.indicator.pk}": plain_points(line.suggested)
                    for line in assess(self.parts, self.latest_submission.evidence).lines if line.suggested is not None}
        return {}

    def form_valid(self, form):
        submit = "submit" in self.request.POST
        try:
            services.save_review(self.application, self.request.user, scores=form.scores(), bonus=form.bonus(),
                                 vetoes=form.vetoes(), overall_comment=form.cleaned_data["overall_comment"], submit=submit)
        except services.ProcessError as error:
            for message in error.args:  # one line per problem
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(self.request, _("评分已提交。") if submit else _("评分已保存，可稍后继续。"))
        return redirect("reviews:review", pk=self.application.pk)

    def get_context_data(self, **kwargs):
        submitted = self.review is not None and self.review.is_submitted
        context = {"review": self.review, "submitted": submitted,
                   "open_for_scoring": self.application.round.status == Round.Status.REVIEWING
                   and self.application.status == Application.Status.SUBMITTED}
        if submitted:  # independence: only now the other reviewers' scores
            context["result"] = application_result(self.application, self.parts)
        if self.latest_submission:
            context["overlap"] = duplicate_text(self.latest_submission)
        form = kwargs.get("form")
        if form is not None and form.is_bound:  # a summary above the 28 rows, where the marks are easy to miss
            context["field_errors"] = sum(len(errors) for name, errors in form.errors.items() if name != "__all__")
        return super().get_context_data(**context, **kwargs)


class DecideView(ApplicationMixin, FormView):
    permission = "reviews.decide_application"
    template_name = "reviews/decide_form.html"

    @cached_property
    def result(self):
        return application_result(self.application, self.parts)

    def get_form(self, form_class=None):
        form = DecisionForm(grades=[grade.name for grade in self.parts.grades], **self.get_form_kwargs())
        if self.result.aggregate.grade:  # said only when there is a grade to prefill
            form.fields["grade"].help_text = _("已按评审总分预填对应的等次，可以改。")
        return form

    def get_initial(self):
        return {"grade": self.result.aggregate.grade}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.decide(self.application, self.request.user, decision=data["decision"], grade=data["grade"],
                            reasons=data["reasons"])
        except services.ProcessError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("决定已保存，乡镇可以看到。"))
        return redirect("reviews:round_detail", pk=self.application.round_id)

    def get_context_data(self, **kwargs):
        round_ = self.application.round
        return super().get_context_data(
            result=self.result, parts=self.parts, missing=reviewers_missing(self.result),
            below_minimum=self.result.aggregate.reviews < round_.min_reviews,
            too_few_assigned=self.result.assigned < round_.min_reviews, **kwargs)


class HistoryView(ApplicationMixin, TemplateView):
    """The audit trail: submissions, assignments, every score change and the decisions."""

    permission = "reviews.decide_application"
    template_name = "reviews/history.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(events=application_history(self.application), **kwargs)


class ScoreSheetPdfView(ApplicationMixin, View):
    """考核评分表: indicators, points, each reviewer's score and comment, total and grade."""

    permission = "reviews.view_results"

    def get(self, request, *args, **kwargs):
        result = application_result(self.application, self.parts)
        evidence = self.latest_submission.evidence if self.latest_submission else {}
        suggestions = {line.indicator.pk: line.suggested for line in assess(self.parts, evidence).lines}
        sections, bonus = score_sheet(self.parts, result, suggestions, self.application.round.aggregate)
        show_names = request.user.has_perm("reviews.decide_application", self.application)
        reviewers = [(item.review.reviewer.get_full_name() or item.review.reviewer.username) if show_names
                     else _("评审%(n)s") % {"n": number} for number, item in enumerate(result.results, start=1)]
        with translation.override(settings.LANGUAGE_CODE):
            html = render_to_string("reviews/scoresheet_pdf.html", {
                "application": self.application, "result": result, "sections": sections, "bonus": bonus,
                "reviewers": list(zip(reviewers, result.results)),
            })
        name = f"{self.application.township.name}{self.application.round.year}年六好考核评分表.pdf"
        response = HttpResponse(pdf.render_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
        return response


class QueueView(LoginRequiredMixin, TemplateView):
    template_name = "reviews/queue.html"

    def get_context_data(self, **kwargs):
        _county_role(self.request.user, UserRole.Role.COUNTY_REVIEWER)
        return super().get_context_data(entries=reviewer_queue(self.request.user), **kwargs)


class RoundScopeMixin(LoginRequiredMixin):
    """County admins manage their county's rounds; anyone else gets 403 (list) or 404 (a round)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.role = _county_role(request.user, UserRole.Role.COUNTY_ADMIN)
        if "pk" in kwargs:
            self.round = get_object_or_404(Round.objects.select_related("rubric", "county"), pk=kwargs["pk"],
                                           county_id=self.role.county_id)
        return super().dispatch(request, *args, **kwargs)


class RoundListView(RoundScopeMixin, ListView):
    template_name = "reviews/round_list.html"
    context_object_name = "rounds"
    paginate_by = settings.LIST_PAGE_SIZE

    def get_queryset(self):
        return Round.objects.filter(county_id=self.role.county_id).select_related("rubric").order_by("-year")


class RoundCreateView(RoundScopeMixin, CreateView):
    template_name = "reviews/round_form.html"
    form_class = RoundForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "county": self.role.county}

    def get_success_url(self):
        messages.success(self.request, _("评选已开启，乡镇现在可以申报。"))
        return reverse("reviews:round_detail", kwargs={"pk": self.object.pk})


class RoundUpdateView(RoundScopeMixin, UpdateView):
    """评选设置: title, deadline, aggregation, spread threshold and the minimum of submitted reviews
    (year and rubric until a township has submitted; RoundForm). A round that is over keeps them."""

    template_name = "reviews/round_form.html"
    form_class = RoundForm

    def get_object(self, queryset=None):
        return self.round

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "county": self.role.county}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.round.status == Round.Status.DECIDED:
            for field in form.fields.values():
                field.disabled = True
        return form

    def post(self, request, *args, **kwargs):
        if self.round.status == Round.Status.DECIDED:
            messages.error(request, _("评选已结束，设置不能再改。"))
            return redirect("reviews:round_detail", pk=self.round.pk)
        return super().post(request, *args, **kwargs)

    def get_success_url(self):
        messages.success(self.request, _("评选设置已保存。"))
        return reverse("reviews:round_detail", kwargs={"pk": self.round.pk})


class RoundDetailView(RoundScopeMixin, TemplateView):
    template_name = "reviews/round_detail.html"

    def get_context_data(self, **kwargs):
        parts = RubricParts.load(self.round.rubric)
        results = round_results(self.round, parts)
        assigned = {}
        for assignment in Assignment.objects.filter(application__round=self.round).select_related("reviewer"):
            assigned.setdefault(assignment.application_id, []).append(assignment.reviewer)
        reviewers = services.county_reviewers(self.round.county_id)
        rows = [(result, assigned.get(result.application.pk, []),
                 [role.user for role in reviewers if services.may_review(role, result.application)
                  and role.user not in assigned.get(result.application.pk, [])])
                for result in results]
        return super().get_context_data(round=self.round, parts=parts, rows=rows,
                                        next_status=services.ROUND_STEPS.get(self.round.status), **kwargs)


class RoundAdvanceView(RoundScopeMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            services.advance_round(self.round, request.POST.get("to", ""))
        except services.ProcessError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("评选状态已改为“%(status)s”。") % {"status": self.round.get_status_display()})
        return redirect("reviews:round_detail", pk=self.round.pk)


class RoundAssignView(RoundScopeMixin, View):
    def post(self, request, *args, **kwargs):
        application = get_object_or_404(Application, pk=request.POST.get("application"), round=self.round)
        reviewer = get_object_or_404(get_user_model(), pk=request.POST.get("reviewer"))
        try:
            if "remove" in request.POST:
                services.unassign_reviewer(application, reviewer)
            else:
                services.assign_reviewer(application, reviewer)
        except services.ProcessError as error:
            messages.error(request, str(error))
        return redirect(reverse("reviews:round_detail", kwargs={"pk": self.round.pk}) + f"#application-{application.pk}")


class RoundExportView(RoundScopeMixin, View):
    def get(self, request, *args, **kwargs):
        parts = RubricParts.load(self.round.rubric)
        content = ranking_xlsx(self.round, parts, round_results(self.round, parts))
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=f"{self.round}排名.xlsx")
        return response


class RoundArchiveCreateView(RoundScopeMixin, View):
    """Starts packing the round's PDFs in the background and shows its progress page."""

    def post(self, request, *args, **kwargs):
        archive = RoundArchive.objects.create(round=self.round, requested_by=request.user)
        result = build_round_archive.enqueue(archive.pk)
        RoundArchive.objects.filter(pk=archive.pk).update(task_id=str(result.id))
        return redirect("reviews:round_archive", pk=self.round.pk, archive_id=archive.pk)


class RoundArchiveView(RoundScopeMixin, View):
    """The packing's progress page; posting to it packs a failed archive again."""

    def get(self, request, *args, **kwargs):
        archive = get_object_or_404(RoundArchive.objects.defer("content"), pk=kwargs["archive_id"], round=self.round)
        return render(request, "reviews/round_archive.html",
                      {"round": self.round, "archive": archive, "task": archive_task_state(archive)})

    def post(self, request, *args, **kwargs):
        archive = get_object_or_404(RoundArchive.objects.defer("content"), pk=kwargs["archive_id"], round=self.round)
        retry_round_archive(archive.pk)
        return redirect("reviews:round_archive", pk=self.round.pk, archive_id=archive.pk)


class RoundArchiveDownloadView(RoundScopeMixin, View):
    def get(self, request, *args, **kwargs):
        archive = get_object_or_404(RoundArchive, pk=kwargs["archive_id"], round=self.round, finished_at__isnull=False, failure="")
        response = HttpResponse(bytes(archive.content), content_type="application/zip")
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=f"{self.round}申报材料.zip")
        return response
