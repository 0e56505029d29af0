"""Scores as reviewers type them (issue 12): on the rubric's half-point grid, in ASCII digits; a
review's comments within their limits."""
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError

from reviews import services
from reviews.forms import DecisionForm, ReviewForm
from reviews.models import Indicator, Score
from reviews.scoring import RubricParts, suggested_points
from reviews.validators import to_grid

from .factories import default_rubric
from .test_services import full_scores

pytestmark = pytest.mark.django_db
D = Decimal
OFF_GRID = "须以0.5分为单位，如 4 或 4.5。"
NOT_ASCII = "请用半角阿拉伯数字填写（如 4 或 4.5），不能用全角或其他文字的数字。"


@pytest.fixture
def parts():
    return RubricParts.load(default_rubric())


def six_points(parts) -> Indicator:
    return next(indicator for indicator in parts.indicators if indicator.points == 6)


def score_errors(parts, value: str) -> list[str]:
    name = f"score_{six_points(parts).pk}"
    form = ReviewForm({name: value}, parts=parts, evidence={})
    return [] if form.is_valid() else form.errors.get(name, [])


def test_django_alone_reads_full_width_and_arabic_indic_digits_as_numbers():
    """Why the score field checks the characters itself."""
    assert forms.DecimalField().clean("３") == D("3") and forms.DecimalField().clean("٣") == D("3")


@pytest.mark.parametrize("typed, message", [("5.3", OFF_GRID), ("0.1", OFF_GRID), ("３", NOT_ASCII), ("٣", NOT_ASCII),
                                            ("４.５", NOT_ASCII), ("4_5", NOT_ASCII), ("4.5e0", NOT_ASCII)])
def test_scores_off_the_grid_or_not_in_ascii_digits_are_refused(parts, typed, message):
    assert message in score_errors(parts, typed)


@pytest.mark.parametrize("typed, value", [("4.5", D("4.5")), ("4", D("4")), ("0", D("0")), ("6.0", D("6")), (" 5.5 ", D("5.5"))])
def test_scores_on_the_grid_are_accepted(parts, typed, value):
    indicator = six_points(parts)
    form = ReviewForm({f"score_{indicator.pk}": typed}, parts=parts, evidence={})
    assert form.is_valid(), form.errors
    assert form.scores()[indicator.pk].value == value


def test_score_inputs_step_by_half_points(parts):
    form = ReviewForm(parts=parts, evidence={})
    html = str(form[f"score_{six_points(parts).pk}"]) + str(form[f"bonus_{parts.bonus_items[0].pk}"])
    assert html.count('step="0.5"') == 2 and 'min="0"' in html and 'max="6"' in html


def test_the_service_and_the_model_refuse_off_grid_scores(under_review, reviewers):
    scores = full_scores(under_review)
    first = next(iter(scores))
    scores[first] = services.ScoreInput(D("2.3"), "说明")
    with pytest.raises(services.ProcessError) as refused:
        services.save_review(under_review, reviewers[0], scores=scores, bonus={}, vetoes={})
    assert any("须以0.5分为单位" in str(message) for message in refused.value.args)
    with pytest.raises(ValidationError) as invalid:
        Score(value=D("5.3")).clean_fields(exclude=["review", "indicator", "comment"])
    assert invalid.value.message_dict == {"value": [OFF_GRID]}


def test_suggestions_and_rubric_points_are_on_the_grid():
    linear = Indicator(code="B1", text="组建率", points=D(6), evidence="union_coverage_rate", rule=Indicator.Rule.LINEAR,
                       tiers=[[70, 0], [90, 6]])
    assert suggested_points(linear, {"union_coverage_rate": "83.0"}) == D("4")  # 3.9 to a tenth
    assert to_grid(D("5.24")) == D("5") and to_grid(D("5.25")) == D("5.5")
    tiers = Indicator(code="B2", text="入会率", points=D(6), evidence="membership_rate", rule=Indicator.Rule.TIERS,
                      tiers=[[90, 6], [85, 2.3]])
    with pytest.raises(ValidationError) as invalid:
        tiers.clean()
    assert invalid.value.message_dict == {"tiers": ["分档得分须以0.5分为单位。"]}


def test_review_comments_have_a_limit(parts):
    form = ReviewForm({"overall_comment": "评" * 2001}, parts=parts, evidence={})
    assert not form.is_valid() and form.errors["overall_comment"] == ["最多2000个字，现有2001个字。"]
    assert 'maxlength="2000"' in str(ReviewForm(parts=parts, evidence={})["overall_comment"])
    decision = DecisionForm({"decision": "returned", "reasons": "改" * 2001}, grades=["达标"])
    assert not decision.is_valid() and decision.errors["reasons"] == ["最多2000个字，现有2001个字。"]


def test_review_comments_lose_bidi_controls(parts):
    indicator = six_points(parts)
    form = ReviewForm({f"score_{indicator.pk}": "4\u200b", f"comment_{indicator.pk}": "见附件\u202etxt.exe",
                       "overall_comment": "总体\u2067良好\u2069"}, parts=parts, evidence={})
    assert form.is_valid(), form.errors
    assert form.scores()[indicator.pk] == services.ScoreInput(D("4"), "见附件txt.exe")
    assert form.cleaned_data["overall_comment"] == "总体良好"
