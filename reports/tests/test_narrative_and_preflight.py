"""Sections follow the figures; the pre-flight check finds each kind of defect."""
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from reports.builder import build_report
from reports.models import SectionText
from reports.narrative import render_tokens
from reports.preflight import preflight
from unions.models import Member
from unions.tests.factories import (
    GrassrootsUnionFactory,
    MemberFactory,
    RightsCaseFactory,
    UserRoleFactory,
    record_township_facts,
    record_union_figures,
)

pytestmark = pytest.mark.django_db


def kinds(township) -> list[str]:
    return [finding.kind for finding in preflight(build_report(township, 2025, with_charts=False))]


def test_generated_sections_state_the_figures(township):
    report = build_report(township, 2025, with_charts=False)
    text = {section.key: section.rendered.text for section in report.sections}
    assert "我镇现有各类企业12家，已建立企业工会8家，拥有会员144人。" in text["opening"]
    assert "组建率达80%" in text["org_network"]
    assert "受理职工维权案件1起（欠薪1起），办结1起，为19名职工（其中农民工19名）挽回经济损失3.15万元" in text["rights"]
    assert "下设经费审查委员会、女职工委员会。" in text["party_support"]
    assert "劳动争议调解委员会" not in text["party_support"]  # the data does not say so
    assert not re.search(r"(?<![\d.])0%", "".join(text[key] for key in ("org_network", "rights", "guidance")))  # no zero stated as a success
    assert "还有2家应建会单位尚未建立工会" in text["plans"]
    assert all(section.rendered.text.strip() for section in report.sections)
    assert kinds(township) == []


def test_edited_text_keeps_live_figures(township):
    SectionText.objects.create(township=township, year=2025, section="org_network", text="我镇会员{{ 会员人数 }}，入会率{{入会率}}。")
    assert "我镇会员144人，入会率90%。" in build_report(township, 2025, with_charts=False).sections[2].rendered.text
    MemberFactory(union=township.grassroots_unions.first())
    assert "我镇会员145人，入会率90.6%。" in build_report(township, 2025, with_charts=False).sections[2].rendered.text


def test_tokens_render_and_report_unknown_and_empty_names():
    rendered = render_tokens("共{{企业数}}家{{不存在}}，{{总人口}}", {"企业数": "106", "总人口": ""})
    assert rendered.text == "共106家{{不存在}}，"
    assert rendered.unknown_tokens == ("不存在",) and rendered.empty_tokens == ("总人口",)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("辖区总人口多人，各类企业近家坐落其中。", "empty_figure"),  # the seed's blanks
        ("办事处下辖3个行政村，个社区居委会。", "empty_figure"),
        ("辖区总面积平方公里，", "empty_figure"),
        ("**镇工会在上级领导下开展工作。", "placeholder"),
        ("xx乡联合工会", "placeholder"),
        ("某某同志被评为先进。", "placeholder"),
        ("{{未知数字}}", "unknown_token"),
        ("", "empty_section"),
    ],
)
def test_each_defect_in_a_section_is_found(township, text, kind):
    SectionText.objects.create(township=township, year=2025, section="development", text=text)
    findings = preflight(build_report(township, 2025, with_charts=False))
    assert kind in [finding.kind for finding in findings]
    assert all("/report/2025/sections/development/" in f.fix_url for f in findings if f.kind != "empty_figure" or text)


def test_blank_figure_quoted_by_a_token_is_found(township):
    record_township_facts(township, 2025, population=None)
    SectionText.objects.create(township=township, year=2025, section="opening", text="总人口{{总人口}}。")
    assert "empty_figure" in kinds(township)
    findings = [f for f in preflight(build_report(township, 2025, with_charts=False)) if "总人口" in f.message]
    assert [f.fix_url for f in findings] == [reverse("unions:facts_edit", kwargs={"township_id": township.pk, "year": 2025})]


def test_inconsistent_figures_are_found(township):
    union = township.grassroots_unions.first()
    Member.objects.filter(township=township).update(union=union)
    GrassrootsUnionFactory.create_batch(3, township=township, employee_count=0, women_count=0, migrant_count=0)
    record_township_facts(township, 2025, eligible_employers=5)
    for unit in township.grassroots_unions.all():
        record_union_figures(unit, 2025, employee_count=1, women_count=0, migrant_count=0,
                             contract_workers_covered=min(unit.years.get(year=2025).contract_workers_covered, 1))
    RightsCaseFactory(township=township, amount_claimed=Decimal("100"), amount_recovered=Decimal("500"),
                      over_recovery_reason="含赔偿金")
    findings = [f for f in preflight(build_report(township, 2025, with_charts=False)) if f.kind == "inconsistent"]
    messages = [f.message for f in findings]
    assert any("会员人数" in m for m in messages)
    assert [f.fix_url for f in findings if "应建会单位" in f.message] == [
        reverse("unions:facts_edit", kwargs={"township_id": township.pk, "year": 2025})]  # where 2025's number is kept
    assert any("挽回金额" in m for m in messages)
    # the union whose members outnumber its employees, with the page of its 2025 figures
    per_union = [f for f in findings if f.message.startswith(f"{union.name}2025年在册会员（144人）多于职工人数（1人）")]
    assert [f.fix_url for f in per_union] == [
        reverse("unions:grassroots_union_year", kwargs={"township_id": township.pk, "pk": union.pk, "year": 2025})]


@pytest.mark.parametrize("with_facts", [True, False])
def test_every_finding_links_to_a_page_that_fixes_it(staff_client, township, with_facts):
    """Figures quoted but blank, figures that contradict each other: each link opens a page, of the
    year's facts when there are some, else of the year where they are started."""
    record_township_facts(township, 2025, eligible_employers=5, population=None)
    SectionText.objects.create(township=township, year=2025, section="opening",
                               text="总人口{{总人口}}，工会主席{{工会主席}}，职工之家{{职工之家面积}}平方米，{{镇情简介}}")
    record_township_facts(township, 2025, chair_name="", workers_home_area_m2=0)
    township.overview = ""
    township.save()
    if not with_facts:
        township.years.all().delete()
    findings = preflight(build_report(township, 2025, with_charts=False))
    assert {"empty_figure", "inconsistent"} <= {f.kind for f in findings}
    assert ("no_year_data" in {f.kind for f in findings}) is not with_facts
    for finding in findings:
        assert staff_client.get(finding.fix_url).status_code == 200, (finding.message, finding.fix_url)
    fixes = {f.message: f.fix_url for f in findings}
    year_kwargs = {"township_id": township.pk, "year": 2025}
    year_page = reverse("unions:profile", kwargs={"township_id": township.pk}) + "?year=2025"
    chair = next(url for message, url in fixes.items() if "工会主席" in message)
    assert chair == (reverse("unions:union_facts_edit", kwargs=year_kwargs) if with_facts else year_page)
    overview = next(url for message, url in fixes.items() if "镇情简介" in message)
    assert overview == reverse("unions:profile_edit", kwargs={"township_id": township.pk})


def test_placeholder_township_name_is_found(township):
    township.name = "**镇"
    township.save()
    assert "placeholder" in kinds(township)


def test_a_township_without_any_data_still_gets_a_report_and_a_draft_pdf(client):
    user = UserRoleFactory(township__enterprises=0, township__eligible_employers=0).user
    township = user.liuhao_role.township
    client.force_login(user)
    page = client.get(reverse("reports:report", kwargs={"township_id": township.pk}), {"year": 2025})
    assert page.status_code == 200
    assert "不适用" in page.content.decode()
    assert "附件“基层工会名册”没有记录，已不附。" in page.content.decode()  # empty ledgers are left out
    for name in ("reports:report_pdf", "reports:ledgers_pdf"):
        pdf = client.get(reverse(name, kwargs={"township_id": township.pk}), {"year": 2025})
        assert pdf.content.startswith(b"%PDF")
        assert "%E8%8D%89%E7%A8%BF" in pdf["Content-Disposition"]  # （草稿）: the union's facts are missing


def test_reviewers_read_the_report_without_edit_links(client, township):
    reviewer = UserRoleFactory(reviewer=True, county=township.county).user
    client.force_login(reviewer)
    page = client.get(reverse("reports:report", kwargs={"township_id": township.pk}), {"year": 2025}).content.decode()
    assert "一、党委政府重视，组织保障有力" in page and "/sections/" not in page
    # the page shows the ledgers inline, the PDF binds them in a volume of their own
    assert "附件3：基层工会名册" in page and "建材0厂工会" in page and "王根才" in page and "（另册）" not in page
