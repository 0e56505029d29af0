"""What stands between a report and an export: blank figures, placeholders, figures that contradict
each other, empty sections. Each finding says what is wrong and links to where it is fixed."""
import re
from dataclasses import dataclass

from django.urls import reverse

from .builder import Report

# "总人口多人", "企业近家", "总面积平方公里", "，个社区": a quantity word with its number missing.
CUE = r"(?:总人口|人口|总面积|面积|企业|单位|会员|职工|下辖|辖区|现有|共有|达|计)"
MISSING_NUMBER = re.compile(
    CUE + r"(?:近|约|多|余)(?:平方公里|万元|万人|家|人|个|名|件|元)"  # 总人口多人, 企业近家
    + "|" + CUE + r"(?:平方公里|万元|万人|家|人|个|名|件|元)(?=[，。、；;：:,.）)\s]|$)"  # 总面积平方公里，
    + r"|(?:^|[，,、；;：:])(?:近|约|多|余)?(?:个|家)(?=社区|行政村|自然村|村民小组|居委会|企业|单位|工会)"  # ，个社区
)
# "**镇", "xx乡", "XX", "某某", "××": names left as placeholders.
PLACEHOLDER = re.compile(r"\*{2,}|[xX×]{2,}|某某|○○")


@dataclass(frozen=True)
class Finding:
    kind: str  # empty_figure | placeholder | inconsistent | empty_section | unknown_token | no_year_data | unconfirmed_year | repeated
    message: str
    fix_url: str
    fix_label: str


def fix_urls(report: Report) -> dict[str, str]:
    """Where each kind of data is corrected: the township's name and the union's name on their own
    pages; the year's 镇情 and 六有 on the pages of that year (the year's profile, where it is
    started, while it has no facts); the unions' figures in the list of that year."""
    township, year = report.township, report.year
    kwargs = {"township_id": township.pk}
    year_page = reverse("unions:profile", kwargs=kwargs) + f"?year={year}"
    has_facts = report.figures.facts is not None
    return {
        "profile": reverse("unions:profile_edit", kwargs=kwargs),
        "union": reverse("unions:union_edit", kwargs=kwargs),
        "year": year_page,
        "facts": reverse("unions:facts_edit", kwargs={**kwargs, "year": year}) if has_facts else year_page,
        "union_facts": reverse("unions:union_facts_edit", kwargs={**kwargs, "year": year}) if has_facts else year_page,
        "unions": reverse("unions:grassroots_union_list", kwargs=kwargs) + f"?year={year}",
        "cases": reverse("unions:rights_case_list", kwargs=kwargs),
    }


def preflight(report: Report) -> list[Finding]:
    township = report.township
    urls = fix_urls(report)
    findings: list[Finding] = _year_findings(report)
    for section in report.sections:
        edit = reverse("reports:section_edit", kwargs={"township_id": township.pk, "year": report.year, "section": section.key})
        name = section.heading or "开篇"
        text = section.rendered.text
        if not text.strip():
            findings.append(Finding("empty_section", f"“{name}”没有内容。", edit, "填写本节"))
        for token in section.rendered.unknown_tokens:
            findings.append(Finding("unknown_token", f"“{name}”中的 {{{{{token}}}}} 不是可用的数字名称。", edit, "修改本节"))
        for token in section.rendered.empty_tokens:
            findings.append(Finding("empty_figure", f"“{name}”引用的“{token}”没有数据。", _token_fix(token, urls), "补充数据"))
        for match in MISSING_NUMBER.finditer(text):
            findings.append(Finding("empty_figure", f"“{name}”中“{_around(text, match)}”缺少数字。", edit, "修改本节"))
        for match in PLACEHOLDER.finditer(text):
            findings.append(Finding("placeholder", f"“{name}”中“{_around(text, match)}”是占位符，请写出实际名称。", edit, "修改本节"))
    for label, value in (("乡镇名称", township.name), ("乡镇工会名称", report.issuer)):
        if PLACEHOLDER.search(value):
            findings.append(Finding("placeholder", f"{label}“{value}”是占位符，请写出实际名称。",
                                    urls["profile" if label == "乡镇名称" else "union"], "修改名称"))
    findings += _repetitions(report)
    findings += _inconsistencies(report, urls)
    return findings


# Facts a report states once: a second sentence giving the same fact with a figure repeats it
# (often the 镇情简介 and the text after it, with a different rounding: "1.92万人 … 1.9万人").
STATED_ONCE = {
    "行政村": re.compile(r"[\d.]+万?个行政村"), "自然村": re.compile(r"[\d.]+万?个自然村"),
    "社区": re.compile(r"[\d.]+个社区"), "村民小组": re.compile(r"[\d.]+个村民小组"),
    "户数": re.compile(r"[\d.]+万?户"), "总人口": re.compile(r"(?:总人口|人口)[^，。；]{0,4}?[\d.]+万?人|[\d.]+万?户[\d.]+万?人"),
    "面积": re.compile(r"[\d.]+平方公里"), "地区生产总值": re.compile(r"生产总值[^，。；]{0,6}?[\d.]+[万亿]?元"),
    "财政收入": re.compile(r"财政收入[^，。；]{0,6}?[\d.]+[万亿]?元"), "企业数": re.compile(r"各类企业[^，。；]{0,4}?[\d.]+家"),
}
SENTENCE_END = re.compile(r"(?<=[。！？；])")


def _repetitions(report: Report) -> list[Finding]:
    """A sentence written twice, and a fact stated with its figure in two sentences."""
    found, seen = [], {}
    where: dict[str, list[tuple[str, str]]] = {}
    for section in report.sections:
        name = section.heading or ("开篇" if section.key == "opening" else "结束语")
        edit = reverse("reports:section_edit", kwargs={"township_id": report.township.pk, "year": report.year, "section": section.key})
        for paragraph in section.paragraphs:
            for text in (part.strip() for part in SENTENCE_END.split(paragraph)):
                if len(text) >= 12:
                    if text in seen:
                        found.append(Finding("repeated", f"“{name}”中的句子“{text[:24]}…”与“{seen[text]}”重复。", edit, "修改本节"))
                    seen.setdefault(text, name)
                for fact, pattern in STATED_ONCE.items():
                    for match in pattern.finditer(text):
                        where.setdefault(fact, []).append((match.group(0), edit))
    for fact, statements in where.items():
        if len(statements) > 1:
            quoted = "、".join(f"“{text}”" for text, _edit in statements[:3])
            found.append(Finding("repeated", f"{fact}写了{len(statements)}次：{quoted}，请只保留一处。", statements[-1][1], "修改本节"))
    return found


def _year_findings(report: Report) -> list[Finding]:
    """The year's facts: recorded, confirmed after a copy, and present for every union of the year."""
    township, year, facts = report.township, report.year, report.figures.facts
    profile = reverse("unions:profile", kwargs={"township_id": township.pk}) + f"?year={year}"
    if facts is None:
        return [Finding("no_year_data", f"{year}年度还没有镇情和“六有”数据。", profile, "填报年度数据")]
    found = []
    if facts.carried_forward:
        found.append(Finding("unconfirmed_year", f"{year}年度数据复制自上一年度，尚未确认。",
                             reverse("unions:year_confirm", kwargs={"township_id": township.pk, "year": year}), "核对无误，确认"))
    missing = report.figures.organisation.unions_without_figures
    if missing:
        found.append(Finding("empty_figure", f"{missing}家基层工会缺少{year}年度数据。", profile, "补充年度数据"))
    return found


def _inconsistencies(report: Report, urls: dict[str, str]) -> list[Finding]:
    org, rights = report.figures.organisation, report.figures.rights
    found = []
    for row in report.unions:
        if row.members_active > row.employee_count:
            found.append(Finding(
                "inconsistent", f"{row.union.name}{report.year}年在册会员（{row.members_active}人）多于职工人数（{row.employee_count}人）。",
                reverse("unions:grassroots_union_year", kwargs={"township_id": report.township.pk, "pk": row.union_id, "year": report.year}),
                "核对职工人数"))
    if org.members_active > org.employees:
        found.append(Finding("inconsistent", f"会员人数（{org.members_active}）多于基层工会职工总数（{org.employees}）。",
                             urls["unions"], "核对职工人数"))
    if org.employers_covered > org.eligible_employers:
        found.append(Finding("inconsistent", f"建会覆盖单位（{org.employers_covered}家）多于应建会单位（{org.eligible_employers}家）。",
                             urls["facts"], "核对应建会单位数"))
    if org.unions_total > org.enterprises + org.eligible_employers and org.unions_total:
        found.append(Finding("inconsistent", f"基层工会数（{org.unions_total}）多于企业和应建会单位之和。", urls["facts"], "核对企业数"))
    if rights.amount_recovered > rights.amount_claimed:
        found.append(Finding("inconsistent", "维权案件挽回金额合计大于诉求金额合计，请核对。", urls["cases"], "核对案件"))
    for label, ratio in (("组建率", org.formation_rate), ("入会率", org.membership_rate),
                         ("集体合同覆盖率", org.collective_contract_rate), ("办结率", rights.conclusion_rate)):
        if ratio.applicable and ratio.value > 1 and not any(label in f.message for f in found):
            found.append(Finding("inconsistent", f"{label}为{ratio}，超过100%。", urls["unions"], "核对数据"))
    return found


# The tokens of a year's 镇情 and of the union's 六有 (TownshipYear), and of the township itself.
FACT_TOKENS = {"行政村数", "社区数", "总人口", "地区生产总值", "财政收入", "企业数", "应建会单位数"}
UNION_FACT_TOKENS = {"工会主席", "委员人数", "专职人员数", "职工之家面积"}
TOWNSHIP_TOKENS = {"镇名", "镇情简介", "面积"}


def _token_fix(token: str, urls: dict[str, str]) -> str:
    if token == "工会名称":
        return urls["union"]
    if token in UNION_FACT_TOKENS:
        return urls["union_facts"]
    if token in FACT_TOKENS:
        return urls["facts"]
    return urls["profile"] if token in TOWNSHIP_TOKENS else urls["year"]


def _around(text: str, match: re.Match) -> str:
    return text[max(0, match.start() - 4): match.end() + 2]
