"""The PDF parsed back: GB/T 9704 page and text block, fonts, figures, page numbers, watermark, safety."""
import io

import pdfplumber
import pytest
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from pypdf import PdfReader

from reports import pdf as report_pdf
from reports.models import SectionText
from unions.models import Member
from reports.pdf import BASE_URL, StaticOnlyFetcher

pytestmark = pytest.mark.django_db
MM = 72 / 25.4


@pytest.fixture
def pdf_bytes(staff_client, township):
    cache.clear()
    response = staff_client.get(reverse("reports:report_pdf", kwargs={"township_id": township.pk}), {"year": 2025})
    assert response["Content-Type"] == "application/pdf"
    return response.content


def body_pages(content: bytes):
    document = pdfplumber.open(io.BytesIO(content))
    return document, document.pages[1:]  # after the cover (single-sided by default: no blank back)


def test_a4_pages_and_gbt9704_text_block(pdf_bytes):
    document, pages = body_pages(pdf_bytes)
    for page in document.pages:
        assert (round(page.width, 1), round(page.height, 1)) == (595.3, 841.9)
    first = pages[0]
    body_chars = [c for c in first.chars if c["top"] < first.height - 35 * MM]  # not the page number
    left = min(c["x0"] for c in body_chars)
    right = max(c["x1"] for c in body_chars)
    assert abs(left - 28 * MM) <= 1 * MM, left / MM
    assert abs(right - (210 - 26) * MM) <= 1 * MM, right / MM
    # The title's line box starts at the top margin; its 22 pt glyphs sit inside the 28.95 pt line.
    top = min(c["top"] for c in body_chars)
    assert 37 * MM <= top <= 37 * MM + 28.95, top / MM
    # 3号 body text: 16 pt characters, 28 to a full line.
    paragraph = [c for c in body_chars if round(c["size"]) == 16]
    lines = {}
    for char in paragraph:
        lines.setdefault(round(char["top"]), []).append(char)
    full_cjk = [len(chars) for chars in lines.values()
                if max(c["x1"] for c in chars) > right - 2 and all(ord(c["text"]) > 0x2E80 for c in chars)]
    assert full_cjk and set(full_cjk) == {28}, full_cjk


def test_fonts_are_embedded_and_subset(pdf_bytes):
    reader = PdfReader(io.BytesIO(pdf_bytes))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    assert len(fonts) >= 3
    for name, descriptor in fonts.items():
        assert name[7] == "+", name  # ABCDEF+Name: a subset
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), name
    # The cut-down document fonts, never the 25 MB Debian collections, for text inside GB 2312.
    families = {name[8:] for name in fonts}
    assert "Liuhao-Song" in families and any(family.startswith("Liuhao-Hei") for family in families), families
    assert not any("Noto" in name or "WenQuanYi" in name for name in families), families


def test_characters_outside_gb2312_fall_back_to_the_full_fonts():
    """A rare character of a name (堃, 喆 are not in GB 2312) is drawn by the Debian font next in
    the stack, never as a box."""
    html = render_to_string("reports/pdf_style.html") + "<p>王堃和张喆</p><h2 class='h-level1'>一、喆</h2>"
    chars = pdfplumber.open(io.BytesIO(report_pdf.render_pdf(html))).pages[0].chars
    fonts = {char["text"]: char["fontname"].split("+", 1)[1] for char in chars}
    assert fonts["王"] == fonts["和"] == "Liuhao-Song"
    assert fonts["堃"].startswith("Noto-Serif-CJK-SC"), fonts
    heading = [char["fontname"] for char in chars if char["text"] == "喆"][1]
    assert "WenQuanYi" in heading or "Noto-Sans-CJK" in heading, heading  # 黑体 falls back to a 黑体


def test_every_figure_and_page_number_is_in_the_text(pdf_bytes):
    document, pages = body_pages(pdf_bytes)
    text = "".join(page.extract_text() for page in document.pages).replace(" ", "").replace("\n", "")
    for figure in ("各类企业12家", "企业工会8家", "会员144人", "组建率达80%", "入会率达90%", "挽回经济损失3.15万元",
                   "办结1起", "工会经费15万元", "郑州市示范乡镇工会", "3.基层工会名册（另册）", "5.2025年帮扶台账（另册）"):
        assert figure in text, figure
    for number, page in enumerate(pages, start=1):
        footer = [c for c in page.chars if c["top"] > page.height - 35 * MM]
        assert "".join(c["text"] for c in footer).replace(" ", "") == f"—{number}—"
        centre = sum(c["x0"] for c in footer) / len(footer)
        assert (centre > page.width / 2) == (number % 2 == 1), number  # odd right, even left
    assert "草稿" not in text


def test_draft_watermark_while_preflight_finds_something(staff_client, township):
    SectionText.objects.create(township=township, year=2025, section="plans", text="**镇工会将继续努力。")
    response = staff_client.get(reverse("reports:report_pdf", kwargs={"township_id": township.pk}), {"year": 2025})
    assert "草稿" in response["Content-Disposition"] or "%E8%8D%89%E7%A8%BF" in response["Content-Disposition"]
    document = pdfplumber.open(io.BytesIO(response.content))
    for page in document.pages[1:3]:
        watermark = [c["text"] for c in page.chars if c["size"] > 60]
        assert sorted(watermark) == sorted("草稿")


def test_narrative_html_is_text_and_nothing_is_fetched(staff_client, township, monkeypatch):
    attack = '<img src="file:///etc/passwd"><b>粗体</b><link rel="stylesheet" href="http://example.com/x.css">'
    SectionText.objects.create(township=township, year=2025, section="development", text=attack)
    page = staff_client.get(reverse("reports:report", kwargs={"township_id": township.pk}), {"year": 2025}).content.decode()
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in page and "<b>粗体</b>" not in page
    fetchers = []
    original = report_pdf.render_pdf

    def spy(html, fetcher=None):
        fetchers.append(StaticOnlyFetcher())
        return original(html, fetcher=fetchers[-1])

    monkeypatch.setattr(report_pdf, "render_pdf", spy)
    cache.clear()
    response = staff_client.get(reverse("reports:report_pdf", kwargs={"township_id": township.pk}), {"year": 2025})
    text = "".join(p.extract_text() for p in pdfplumber.open(io.BytesIO(response.content)).pages).replace(" ", "")
    assert '<imgsrc="file:///etc/passwd"><b>粗体</b>' in text
    assert fetchers and fetchers[0].refused == []  # the escaped markup asked for nothing


def test_fetcher_serves_only_static_files():
    fetcher = StaticOnlyFetcher()
    response = fetcher.fetch(BASE_URL + "static/css/liuhao.css")
    assert b"liuhao" in response.read()
    for url in ("file:///etc/passwd", "http://example.com/x.png", BASE_URL + "static/../liuhao/settings.py",
                BASE_URL + "admin/", "data:text/plain,hello"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 5


def test_unchanged_report_comes_from_the_cache(staff_client, township, monkeypatch):
    cache.clear()
    renders = []
    original = report_pdf.render_pdf
    monkeypatch.setattr(report_pdf, "render_pdf", lambda html, fetcher=None: renders.append(1) or original(html))
    url = reverse("reports:report_pdf", kwargs={"township_id": township.pk})
    first = staff_client.get(url, {"year": 2025}).content
    assert staff_client.get(url, {"year": 2025}).content == first
    assert len(renders) == 1
    SectionText.objects.create(township=township, year=2025, section="plans", text="下一步，我们将继续努力。")
    staff_client.get(url, {"year": 2025})
    assert len(renders) == 2
    member = Member.objects.filter(township=township).first()  # same counts, one name changed
    member.name = "改了名字"
    member.save()
    staff_client.get(url, {"year": 2025})
    assert len(renders) == 3
    staff_client.get(url, {"year": 2025})
    assert len(renders) == 3


def test_ledger_volume_has_every_record_and_its_own_page_numbers(staff_client, township):
    cache.clear()
    response = staff_client.get(reverse("reports:ledgers_pdf", kwargs={"township_id": township.pk}), {"year": 2025})
    assert response["Content-Type"] == "application/pdf"
    assert "%E5%8F%B0%E8%B4%A6" in response["Content-Disposition"]  # 台账
    document = pdfplumber.open(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in document.pages).replace(" ", "").replace("\n", "")
    for figure in ("附件3—5（另册）", "附件3：基层工会名册", "建材0厂工会", "建材7厂工会", "附件4：2025年维权案件台账",
                   "某建筑工地", "31463", "欠薪", "附件5：2025年帮扶台账", "王根才", "李小花"):
        assert figure in text, figure
    for number, page in enumerate(document.pages, start=1):  # no cover: the ledgers start on page 1
        footer = [c for c in page.chars if c["top"] > page.height - 35 * MM]
        assert "".join(c["text"] for c in footer).replace(" ", "") == f"—{number}—"
    reader = PdfReader(io.BytesIO(response.content))
    assert all(font.get_object()["/BaseFont"][7] == "+" for page in reader.pages
               for font in page["/Resources"].get("/Font", {}).values())


def test_headings_in_their_fonts(staff_client, township):
    """一级标题 in 黑体, （一） subheadings in 楷体, the text in the 仿宋 stand-in (GB/T 9704)."""
    SectionText.objects.create(township=township, year=2025, section="services",
                               text="镇工会为职工办实事。\n（一）扎实开展困难职工帮扶\n全年帮扶{{帮扶人数}}人次。")
    cache.clear()
    content = staff_client.get(reverse("reports:report_pdf", kwargs={"township_id": township.pk}), {"year": 2025}).content
    _document, pages = body_pages(content)
    lines = {}
    for page_number, page in enumerate(pages):
        for char in page.chars:
            lines.setdefault((page_number, round(char["top"])), []).append(char)

    def font_of(starting: str) -> str:
        for chars in lines.values():
            text = "".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"]))
            if text.startswith(starting):
                return chars[-1]["fontname"].split("+", 1)[1]
        raise AssertionError(starting)
    assert font_of("五、服务职工群众").startswith("Liuhao-Hei")
    assert font_of("（一）扎实开展困难职工帮扶").startswith("Liuhao-Kai")
    assert font_of("全年帮扶").startswith("Liuhao-Song")
