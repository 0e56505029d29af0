"""Scoring maths: tiers, straight lines, not-applicable figures, caps, veto, grades, aggregates."""
from decimal import Decimal

import pytest

from reviews.evidence import EVIDENCE, read_evidence
from reviews.models import BonusItem, Grade, Indicator
from reviews.scoring import RubricParts, aggregate, assess, combine, grade_for, review_totals, suggested_bonus, suggested_points
from unions.selectors import township_figures

from .factories import default_rubric

D = Decimal


def tiers(rule=Indicator.Rule.TIERS, points=6, steps=((90, 6), (85, 4), (80, 2)), not_applicable=None):
    return Indicator(code="B2", text="入会率", points=D(points), evidence="membership_rate", rule=rule,
                     tiers=[list(step) for step in steps], not_applicable_points=not_applicable)


@pytest.mark.parametrize("value, expected", [("95.0", 6), ("90.0", 6), ("89.9", 4), ("85.0", 4), ("80.0", 2), ("79.9", 0), ("0.0", 0)])
def test_tiers_give_the_highest_step_reached(value, expected):
    assert suggested_points(tiers(), {"membership_rate": value}) == D(expected)


@pytest.mark.parametrize("value, expected", [("60.0", "0"), ("70.0", "0"), ("80.0", "3.0"), ("86.8", "5.0"), ("90.0", "6"), ("100.0", "6")])
def test_linear_rule_interpolates_between_its_two_points(value, expected):
    indicator = tiers(rule=Indicator.Rule.LINEAR, steps=((70, 0), (90, 6)))
    assert suggested_points(indicator, {"membership_rate": value}) == D(expected)


def test_a_figure_that_does_not_apply_is_judged_or_gets_its_set_points():
    assert suggested_points(tiers(), {"membership_rate": None}) is None  # zero denominator: the reviewer judges
    assert suggested_points(tiers(not_applicable=D("4")), {"membership_rate": None}) == D("4")  # e.g. no cases at all
    manual = Indicator(code="A1", text="纳入考核", points=D(3), rule=Indicator.Rule.MANUAL)
    assert suggested_points(manual, {"membership_rate": "99"}) is None


def test_bonus_suggestion_is_capped():
    item = BonusItem(code="J1", text="表彰", points_each=D(1), cap=D(3), evidence="county_honours")
    assert suggested_bonus(item, {"county_honours": "2"}) == D(2)
    assert suggested_bonus(item, {"county_honours": "7"}) == D(3)
    assert suggested_bonus(BonusItem(code="J2", text="推广", points_each=D(1), cap=D(2)), {}) is None


def test_grades_and_veto():
    grades = [Grade(name="模范", min_score=D(95)), Grade(name="先进", min_score=D(90)), Grade(name="达标", min_score=D(80))]
    assert grade_for(grades, D("95.0")) == "模范"
    assert grade_for(grades, D("94.9")) == "先进"
    assert grade_for(grades, D("80")) == "达标"
    assert grade_for(grades, D("79.9")) == ""
    assert grade_for(grades, D("99"), vetoed=True) == ""
    assert grade_for(grades, None) == ""


def test_indicator_rules_are_checked_with_chinese_messages():
    from django.core.exceptions import ValidationError

    for bad in (tiers(steps=((90, 7),)), tiers(rule=Indicator.Rule.LINEAR, steps=((90, 6), (70, 0))), tiers(steps=(("x", 1),)),
                Indicator(code="X", text="x", points=D(2), rule=Indicator.Rule.TIERS, tiers=[[1, 1]])):
        with pytest.raises(ValidationError) as error:
            bad.clean()
        assert any("分" in message or "数据" in message for message in error.value.messages)


@pytest.mark.django_db
def test_default_rubric_is_the_design_one():
    parts = RubricParts.load(default_rubric())
    assert [(d.name, d.points) for d in parts.dimensions] == [
        ("党委政府支持好", 15), ("组织网络健全好", 20), ("履行基本职责好", 20), ("指导帮助基层好", 15), ("服务职工群众好", 20),
        ("围绕中心开展工作好", 10)]
    assert len(parts.indicators) == 28
    for dimension in parts.dimensions:  # every dimension's indicators add up to its points
        assert sum(i.points for i in parts.indicators if i.dimension_id == dimension.pk) == dimension.points
    assert [(g.name, g.min_score) for g in parts.grades] == [("模范", 95), ("先进", 90), ("达标", 80)]
    assert [v.code for v in parts.veto_items] == ["V1", "V2", "V3"]
    for indicator in parts.indicators:
        indicator.clean()
        assert indicator.evidence in EVIDENCE or indicator.rule == Indicator.Rule.MANUAL


@pytest.mark.django_db
def test_self_assessment_of_the_test_township(township):
    parts = RubricParts.load(default_rubric())
    values = read_evidence(township_figures(township, 2025))
    assessment = assess(parts, values)
    by_code = {line.indicator.code: line.suggested for line in assessment.lines}
    assert values["formation_rate"] == "80.0" and by_code["B1"] == D("3.0")  # 8 unions / 10 employers on the 70→90 line
    assert values["membership_rate"] == "90.0" and by_code["B2"] == D(6)
    assert values["conclusion_rate"] == "100.0" and by_code["C4"] == D(4)
    assert by_code["A1"] is None and by_code["E5"] is None and by_code["F3"] is None
    assert assessment.judged_points == D(3) + D(2) + D(3) + (D(6) if by_code["E2"] is None else 0)
    assert assessment.total == sum((s for s in by_code.values() if s is not None), D(0)) + assessment.bonus
    assert assessment.bonus == D(1)  # one municipal honour


@pytest.mark.django_db
def test_review_totals_cap_scores_and_bonus_and_aggregate_flags_spread():
    parts = RubricParts.load(default_rubric())
    first, second = parts.indicators[0], parts.indicators[1]
    j1 = parts.bonus_items[0]
    high = review_totals(parts, {first.pk: D(99), second.pk: D(2)}, {j1.pk: D(10)}, vetoes=0)
    assert high.total == first.points + D(2) + j1.cap and not high.vetoed
    low = review_totals(parts, {first.pk: D(0), second.pk: D(0)}, {}, vetoes=1)
    assert low.total == 0 and low.vetoed
    result = aggregate(parts, [high, low], method="mean", spread_threshold=D(5))
    assert result.total == ((high.total + low.total) / 2).quantize(D("0.1"))
    assert result.spread == high.total and result.disagreement and result.vetoed and result.grade == ""
    empty = aggregate(parts, [], method="median", spread_threshold=D(5))
    assert empty.total is None and empty.spread is None and not empty.disagreement and empty.grade == ""


def test_mean_and_median():
    assert combine([D(80), D(90), D(97)], "mean") == D("89.0")
    assert combine([D(80), D(90), D(97)], "median") == D("90.0")
    assert combine([D(80), D(91)], "median") == D("85.5")
    assert combine([], "mean") is None
