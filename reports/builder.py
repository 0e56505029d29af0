"""The 汇报材料 of a township for a year: data → sections, annexes and charts.

Everything a report shows comes from `township_figures` (the same figures as the dashboard and
the review) and from the township's records; the words come from staff's saved sections or the
generated text (reports/narrative.py).
"""
import datetime
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Q
from django.utils import timezone

from unions.models import AssistanceRecord, GrassrootsUnionYear, Honour, RightsCase, Township
from unions.selectors import (
    TownshipFigures,
    as_of_date,
    change_stamp,
    last_change,
    previous_year_figures,
    rates_over_years,
    township_figures,
    union_years_of,
)

from .charts import bar_chart, line_chart
from .models import ReportSettings, SectionText
from .narrative import Rendered, figure_tokens, render_tokens
from .writing import default_texts, narrative_records

TREND_YEARS = 5
CHINESE_DIGITS = "〇一二三四五六七八九"


@dataclass(frozen=True)
class SectionSpec:
    key: str
    heading: str  # empty for the opening paragraph, which has none


SECTIONS = (
    SectionSpec("opening", ""),
    # One shape for all six (dimension, effect), as the seed that scores best writes them.
    SectionSpec("party_support", "一、党委政府重视，组织保障有力"),
    SectionSpec("org_network", "二、组织网络健全，覆盖不断扩大"),
    SectionSpec("rights", "三、履行基本职责，依法维权有力"),
    SectionSpec("guidance", "四、指导帮助基层，规范建设扎实"),
    SectionSpec("services", "五、服务职工群众，帮扶解困暖心"),
    SectionSpec("development", "六、围绕中心工作，建功立业见效"),
    SectionSpec("plans", "七、存在问题和下步打算"),
)
SECTION_KEYS = {spec.key for spec in SECTIONS}


# A line of its own that starts with （一）… is a second-level heading (楷体), as in GB/T 9704.
SUBHEADING = re.compile(r"^（[一二三四五六七八九十]+）")


@dataclass(frozen=True)
class Block:
    kind: str  # "paragraph" | "subheading"
    text: str


@dataclass(frozen=True)
class ReportSection:
    key: str
    heading: str  # empty for the opening, and for the closing when it is an unnumbered paragraph
    source: str  # the text with tokens, as staff edit it
    rendered: Rendered
    edited: bool

    @property
    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.rendered.text.splitlines() if line.strip()]

    @property
    def blocks(self) -> list[Block]:
        """The section's lines as the page, the PDF and the .docx lay them out."""
        return [Block("subheading" if SUBHEADING.match(line) else "paragraph", line) for line in self.paragraphs]


@dataclass(frozen=True)
class Annex:
    number: int
    key: str  # statistics | honours | unions | cases | assistance
    title: str
    separate: bool  # bound as a volume of its own (另册)


@dataclass
class Report:
    township: Township
    year: int
    figures: TownshipFigures
    tokens: dict[str, str]
    settings: ReportSettings  # saved or the defaults
    issuer: str
    date: datetime.date
    sections: list[ReportSection]
    basic_table: list[tuple[str, str]]
    honours: list = field(default_factory=list)
    charts: list[str] = field(default_factory=list)

    @property
    def type_line(self) -> str:
        return self.settings.type_line

    @property
    def doc_kind(self) -> str:
        return self.settings.doc_kind

    @property
    def theme(self) -> str:
        return self.settings.theme

    @property
    def subtitle(self) -> str:
        return self.settings.subtitle

    @property
    def duplex(self) -> bool:
        return self.settings.duplex

    @property
    def annexes(self) -> list[Annex]:
        """The annexes chosen and not empty, numbered in order; the ledgers are a volume of their own."""
        chosen = []
        if self.settings.include_statistics:
            chosen.append(("statistics", "基本情况统计表", False))
        if self.settings.include_honours and self.honours:
            chosen.append(("honours", "所获荣誉", False))
        if self.settings.include_ledgers:
            chosen += [(key, title, True) for key, title, rows in (
                ("unions", "基层工会名册", self.figures.organisation.unions_total),
                ("cases", f"{self.year}年维权案件台账", self.figures.rights.received),
                ("assistance", f"{self.year}年帮扶台账", self.figures.assistance.records)) if rows]
        return [Annex(number, key, title, separate) for number, (key, title, separate) in enumerate(chosen, start=1)]

    @property
    def left_out_annexes(self) -> list[str]:
        """Annexes chosen but left out because they would be empty (the report page says so)."""
        empty = []
        if self.settings.include_honours and not self.honours:
            empty.append("所获荣誉")
        if self.settings.include_ledgers:
            empty += [title for title, rows in (
                ("基层工会名册", self.figures.organisation.unions_total),
                ("维权案件台账", self.figures.rights.received), ("帮扶台账", self.figures.assistance.records)) if not rows]
        return empty

    @property
    def annex_by_key(self) -> dict[str, Annex]:
        """The included annexes by key, for templates: `report.annex_by_key.cases.number`."""
        return {annex.key: annex for annex in self.annexes}

    @property
    def ledger_annexes(self) -> list[Annex]:
        """The annexes bound as a volume of their own (the ledgers), in order."""
        return [annex for annex in self.annexes if annex.separate]

    @property
    def ledger_numbers(self) -> str:
        """The ledger volume's annex numbers as a title writes them: "3—5", "2", "" without ledgers."""
        numbers = [annex.number for annex in self.ledger_annexes]
        if not numbers:
            return ""
        return str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}—{numbers[-1]}"

    # The ledgers (附件3—5) are read only where they are shown: the page and the ledger volume.
    @cached_property
    def unions(self) -> list[GrassrootsUnionYear]:
        """附件3: the year's figures of every union that counts in the year."""
        as_of = as_of_date(self.year)
        return list(
            union_years_of(self.township, self.year).select_related("union").annotate(
                members_active=Count("union__members", filter=Q(union__members__joined_on__lte=as_of) & (
                    Q(union__members__left_on__isnull=True) | Q(union__members__left_on__gt=as_of)))
            ).order_by("union__kind", "union__name")
        )

    @cached_property
    def cases(self) -> list[RightsCase]:
        return list(RightsCase.objects.filter(township=self.township, received_on__year=self.year).order_by("received_on", "id"))

    @cached_property
    def assistance(self) -> list[AssistanceRecord]:
        return list(AssistanceRecord.objects.filter(township=self.township, given_on__year=self.year)
                    .select_related("member").order_by("given_on", "id"))

    @property
    def title(self) -> str:
        return self.settings.title or default_title(self.township)

    @property
    def date_in_chinese(self) -> str:
        """二〇二五年十一月二十五日, as a cover writes the date."""
        return f"{''.join(CHINESE_DIGITS[int(d)] for d in str(self.date.year))}年{_chinese_number(self.date.month)}月{_chinese_number(self.date.day)}日"

    @property
    def date_in_numerals(self) -> str:
        """2025年11月25日: GB/T 9704 writes the date in Arabic numerals without zero padding."""
        return f"{self.date.year}年{self.date.month}月{self.date.day}日"


def _chinese_number(number: int) -> str:
    tens, ones = divmod(number, 10)
    if tens == 0:
        return CHINESE_DIGITS[ones]
    return ("十" if tens == 1 else CHINESE_DIGITS[tens] + "十") + (CHINESE_DIGITS[ones] if ones else "")


def report_stamps(township, year: int) -> list:
    """What a year's report adds to the township's data: its edited texts and its settings."""
    return [change_stamp(SectionText.objects.filter(township=township, year=year), "reports.SectionText"),
            change_stamp(ReportSettings.objects.filter(township=township, year=year), "reports.ReportSettings")]


def default_title(township: Township) -> str:
    """The body's title when staff set none."""
    return f"{township.name}创建“六好”乡镇工会工作汇报"


def document_settings(township: Township, year: int) -> ReportSettings:
    """The year's saved settings, or the defaults (unsaved: looking creates nothing)."""
    return ReportSettings.objects.filter(township=township, year=year).first() or ReportSettings(township=township, year=year)


def default_signing_date(township: Township, year: int) -> datetime.date:
    """The 落款日期 when staff set none: the day the township's data, the year's texts or settings last
    changed (today when nothing was ever recorded)."""
    last = last_change(township, *report_stamps(township, year))
    return timezone.localtime(last).date() if last else timezone.localdate()


def build_report(township: Township, year: int, *, with_charts: bool = True) -> Report:
    figures = township_figures(township, year)
    tokens = figure_tokens(figures, previous_year_figures(township, year))
    settings = document_settings(township, year)
    saved = dict(SectionText.objects.filter(township=township, year=year).values_list("section", "text"))
    generated = default_texts(figures, tokens, narrative_records(township, year), settings)
    numbered_closing = settings.closing == ReportSettings.Closing.NUMBERED
    sections = [
        ReportSection(
            key=spec.key, heading=spec.heading if spec.key != "plans" or numbered_closing else "",
            source=saved.get(spec.key, generated[spec.key]),
            rendered=render_tokens(saved.get(spec.key, generated[spec.key]), tokens), edited=spec.key in saved,
        )
        for spec in SECTIONS
    ]
    return Report(
        township=township, year=year, figures=figures, tokens=tokens, settings=settings,
        issuer=settings.issuer or (figures.union.name if figures.union else f"{township.name}工会"),
        date=settings.signed_on or default_signing_date(township, year),
        sections=sections,
        basic_table=basic_table(tokens),
        honours=list(Honour.objects.filter(township=township).order_by("-year", "title")),
        charts=charts(township, figures) if with_charts else [],
    )


BASIC_ROWS = (
    ("行政村", "{{行政村数}}个"), ("社区", "{{社区数}}个"), ("总人口", "{{总人口}}"), ("各类企业", "{{企业数}}家"),
    ("应建会单位", "{{应建会单位数}}家"), ("基层工会", "{{基层工会数}}家"), ("基层工会组建率", "{{组建率}}"),
    ("职工", "{{职工人数}}"), ("会员", "{{会员人数}}"), ("职工入会率", "{{入会率}}"), ("农民工会员", "{{农民工会员人数}}"),
    ("集体合同覆盖率", "{{集体合同覆盖率}}"), ("工资集体协商建制率", "{{工资协商率}}"), ("职代会建制率", "{{职代会建制率}}"),
    ("法人资格登记率", "{{法人登记率}}"), ("按期换届率", "{{换届率}}"), ("职工之家建家率", "{{建家率}}"),
    ("维权案件（办结率）", "{{维权案件数}}件（{{办结率}}）"), ("挽回经济损失", "{{挽回金额}}"),
    ("帮扶（人次／金额）", "{{帮扶人数}}人次／{{帮扶金额}}"), ("困难职工帮扶覆盖率", "{{困难职工帮扶覆盖率}}"),
    ("培训（期／人次）", "{{培训期数}}期／{{培训人数}}人次"), ("工会经费", "{{工会经费}}"),
)


# Rows a township without such places leaves out, rather than print "0个".
OPTIONAL_ROWS = {"社区": "社区数"}


def basic_table(tokens: dict[str, str]) -> list[tuple[str, str]]:
    return [(label, render_tokens(value, tokens).text) for label, value in BASIC_ROWS
            if tokens.get(OPTIONAL_ROWS.get(label, ""), "1") not in ("", "0")]


def charts(township: Township, figures: TownshipFigures) -> list[str]:
    years = list(range(figures.year - TREND_YEARS + 1, figures.year + 1))
    history = rates_over_years(township, years)
    return [
        line_chart("组建率与入会率", years, [
            ("基层工会组建率", [history[y][0].percent for y in years]),
            ("职工入会率", [history[y][1].percent for y in years]),
        ]),
        bar_chart(f"{figures.year}年帮扶资金（按类别）",
                  [(row.label, row.amount) for row in figures.assistance.by_category if row.count], unit="元"),
    ]
