"""The 汇报材料 as a Word document: parsed back with python-docx (GB/T 9704 page, grid, fonts,
headings, annex tables, charts, page numbers, watermark), the same text as the PDF, access, and
opened in a real LibreOffice.

What the .docx holds (reports/docx.py): what the two PDF volumes hold together — cover (a blank back
only when double-sided), text, 附件说明 and 落款, 附件1—2, then the ledgers 附件3—5 — each annex on a
new page; the ledger volume's own title line is not repeated. So its page count is compared with the
report PDF's pages (without blank ones) plus the ledger PDF's.
"""
import io
import os
import shutil
import subprocess
import urllib.parse
from pathlib import Path

import pdfplumber
import pytest
from django.core.cache import cache
from django.urls import reverse
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Emu
from PIL import Image

from reports import docx as report_docx
from reports.builder import build_report
from reports.documents import LEDGERS, REPORT, volume_pdf
from reports.models import ReportSettings, SectionText
from reports.preflight import preflight
from unions.tests.factories import UserRoleFactory

pytestmark = pytest.mark.django_db
MM = 72 / 25.4
FONTS = {report_docx.SONG, report_docx.TITLE, report_docx.HEI, report_docx.KAI}


def docx_url(township) -> str:
    return reverse("reports:report_docx", kwargs={"township_id": township.pk})


def download(client, township):
    response = client.get(docx_url(township), {"year": 2025})
    assert response.status_code == 200
    assert response["Content-Type"] == report_docx.CONTENT_TYPE
    return response


def filename(response) -> str:
    return urllib.parse.unquote(response["Content-Disposition"].split("filename*=utf-8''", 1)[1])


@pytest.fixture
def docx_bytes(staff_client, township):
    cache.clear()
    return download(staff_client, township).content


@pytest.fixture
def document(docx_bytes):
    return Document(io.BytesIO(docx_bytes))


def all_paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def east_asian_font(run) -> str | None:
    fonts = run._r.rPr.find(qn("w:rFonts")) if run._r.rPr is not None else None
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def plain(text: str) -> str:
    return "".join(text.split())


def pdf_text(content: bytes) -> str:
    """The text of a PDF without page numbers and watermark."""
    pages = pdfplumber.open(io.BytesIO(content)).pages
    return plain("".join(
        page.filter(lambda obj: obj.get("object_type") != "char" or (obj["size"] < 60 and obj["top"] < page.height - 35 * MM))
        .extract_text() for page in pages))


def test_download_name_and_cache(staff_client, township, monkeypatch):
    cache.clear()
    renders = []
    original = report_docx.report_docx
    monkeypatch.setattr(report_docx, "report_docx", lambda report, draft: renders.append(draft) or original(report, draft=draft))
    first = download(staff_client, township)
    draft = bool(preflight(build_report(township, 2025)))
    assert filename(first) == f"具茨山镇2025年创建六好乡镇工会汇报材料{'（草稿）' if draft else ''}.docx"
    assert download(staff_client, township).content == first.content
    assert renders == [draft]
    SectionText.objects.create(township=township, year=2025, section="plans", text="下一步，我们将继续努力。")
    download(staff_client, township)
    assert len(renders) == 2


def test_a4_gbt9704_margins_and_document_grid(document):
    cover, body = document.sections
    for section in (cover, body):
        assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == (210.0, 297.0)
        assert [round(length.mm) for length in (section.top_margin, section.bottom_margin,
                                                section.left_margin, section.right_margin)] == [37, 35, 28, 26]
        grid = section._sectPr.find(qn("w:docGrid"))
        assert grid.get(qn("w:type")) == "linesAndChars"
        assert grid.get(qn("w:linePitch")) == "579"  # 28.95 pt: 22 lines in 225 mm
        # 28 characters of 16 pt, each 16 pt + charSpace/4096, fill the 156 mm line and no more
        pitch = 16 + int(grid.get(qn("w:charSpace"))) / 4096
        text_width = Emu(section.page_width - section.left_margin - section.right_margin).pt
        assert 28 * pitch <= text_width < 28 * pitch + 0.1, (pitch, text_width)
    assert body._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"  # the text is page 1
    assert document.settings.odd_and_even_pages_header_footer


def test_fonts_sizes_and_spacing(document):
    runs = [run for paragraph in all_paragraphs(document) for run in paragraph.runs]
    assert len(runs) > 200
    assert {east_asian_font(run) for run in runs} <= FONTS  # set on every run, East Asian slot included
    title = next(p for p in document.paragraphs if p.text == "具茨山镇创建“六好”乡镇工会工作汇报")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {(east_asian_font(run), run.font.size.pt) for run in title.runs} == {(report_docx.TITLE, 22)}
    body = next(p for p in document.paragraphs if p.text.startswith("具茨山镇位于新郑市西部"))
    assert {(east_asian_font(run), run.font.size.pt) for run in body.runs} == {(report_docx.SONG, 16)}
    assert body.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert body.paragraph_format.line_spacing.pt == 28.95
    assert body._p.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"  # two characters
    assert round(body.paragraph_format.first_line_indent.pt) == 32


def test_headings_subheadings_closing_and_cover(staff_client, township):
    SectionText.objects.create(township=township, year=2025, section="services",
                               text="（一）开展送温暖活动\n春节前走访困难职工。")
    cache.clear()
    document = Document(io.BytesIO(download(staff_client, township).content))
    texts = [p.text for p in document.paragraphs]
    report = build_report(township, 2025)
    headings = [section.heading for section in report.sections if section.heading]
    assert len(headings) == 7
    for heading in headings:
        paragraph = document.paragraphs[texts.index(heading)]
        assert {east_asian_font(run) for run in paragraph.runs} == {report_docx.HEI}
        assert paragraph.paragraph_format.keep_with_next
    subheading = document.paragraphs[texts.index("（一）开展送温暖活动")]
    assert {east_asian_font(run) for run in subheading.runs} == {report_docx.KAI}
    assert texts[texts.index("（一）开展送温暖活动") + 1] == "春节前走访困难职工。"
    # cover: type line, material, issuer, date, then the text's section
    cover_end = next(i for i, p in enumerate(document.paragraphs) if p._p.pPr is not None and p._p.pPr.sectPr is not None)
    assert [t for t in texts[:cover_end] if t] == ["创建“六好”乡镇工会", "汇报材料", report.issuer, report.date_in_chinese]
    assert not any(p._p.xpath(".//w:br[@w:type='page']") for p in document.paragraphs[:cover_end])  # single-sided
    # 附件说明 with every annex's number, then 落款 right-aligned
    annex_list = [f"{annex.number}.{annex.title}" for annex in report.annexes]
    start = texts.index("附件：" + annex_list[0])
    assert texts[start + 1:start + len(annex_list)] == annex_list[1:]
    issuer, date = (document.paragraphs[start + len(annex_list)], document.paragraphs[start + len(annex_list) + 1])
    assert (issuer.text, date.text) == (report.issuer, report.date_in_numerals)
    assert issuer.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_double_sided_leaves_the_back_of_the_cover_blank(staff_client, township):
    ReportSettings.objects.create(township=township, year=2025, duplex=True, theme="加强自身建设　充分发挥作用")
    cache.clear()
    document = Document(io.BytesIO(download(staff_client, township).content))
    cover_end = next(i for i, p in enumerate(document.paragraphs) if p._p.pPr is not None and p._p.pPr.sectPr is not None)
    assert "加强自身建设　充分发挥作用" in [p.text for p in document.paragraphs[:cover_end]]
    assert any(p._p.xpath(".//w:br[@w:type='page']") for p in document.paragraphs[:cover_end])


def test_text_is_the_pdf_text(document, township):
    """From the title to the last paragraph of the last section, the .docx says word for word what
    the PDF says; its annex tables hold the rows of the PDFs' tables."""
    report = build_report(township, 2025)
    pdf, _draft = volume_pdf(township, 2025, REPORT)
    text = pdf_text(pdf)
    texts = [p.text for p in document.paragraphs]
    start = texts.index(report.title)
    end = texts.index("附件：" + f"{report.annexes[0].number}.{report.annexes[0].title}")
    expected = [report.title, report.issuer] + [
        line for section in report.sections for line in ([section.heading] if section.heading else []) + [b.text for b in section.blocks]]
    assert texts[start:end] == expected
    assert plain("".join(expected)) in text
    assert plain(report.issuer + report.date_in_numerals) in text
    pdf_rows = set(table_rows(pdf) + table_rows(volume_pdf(township, 2025, LEDGERS)[0]))
    for table in document.tables:  # every row of every annex table is a row of a PDF table, header rows too
        for row in table.rows:
            assert tuple(plain(cell.text) for cell in row.cells) in pdf_rows, [cell.text for cell in row.cells]


def table_rows(content: bytes) -> list[tuple[str, ...]]:
    """The rows of the PDF's ruled tables, as pdfplumber finds them."""
    return [tuple(plain(cell or "") for cell in row)
            for page in pdfplumber.open(io.BytesIO(content)).pages for table in page.extract_tables() for row in table]


def test_annex_tables_charts_and_page_breaks(document, township):
    report = build_report(township, 2025)
    assert [annex.key for annex in report.annexes] == ["statistics", "honours", "unions", "cases", "assistance"]
    headings = [p for p in document.paragraphs if p.text.startswith("附件") and "：" in p.text and not p.text.startswith("附件：")]
    assert [p.text for p in headings] == ["附件1：基本情况统计表（2025年）", "附件2：所获荣誉", "附件3：基层工会名册",
                                          "附件4：2025年维权案件台账", "附件5：2025年帮扶台账"]
    assert all(p.paragraph_format.page_break_before for p in headings)  # each annex on a new page
    assert all({east_asian_font(run) for run in p.runs} == {report_docx.HEI} for p in headings)
    basic, honours, unions, cases, assistance = document.tables
    assert [len(table.rows) for table in document.tables] == [
        len(report.basic_table), len(report.honours) + 1, len(report.unions) + 1, len(report.cases) + 1, len(report.assistance) + 1]
    assert [len(report.unions), len(report.cases), len(report.assistance)] == [8, 1, 2]
    assert [[c.text for c in row.cells] for row in basic.rows] == [list(row) for row in report.basic_table]
    assert [c.text for c in unions.rows[0].cells] == ["序号", "工会名称", "类型", "职工", "会员", "法人资格", "集体合同到期", "最近换届"]
    assert unions.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    assert {row.cells[1].text for row in unions.rows[1:]} == {f"建材{i}厂工会" for i in range(8)}
    assert [c.text for c in cases.rows[1].cells][3:7] == ["某建筑工地承包商", "19", "31463.00", "31463.00"]
    assert {row.cells[3].text for row in assistance.rows[1:]} == {"王根才", "李小花"}
    assert honours.rows[1].cells[2].text == "郑州市示范乡镇工会"
    for table in document.tables:  # full text width, 156 mm
        widths = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(widths) == report_docx.TEXT_W
    # the charts, as 200 dpi PNG images 140 mm wide, right after the statistics
    assert len(document.inline_shapes) == len(report.charts) == 2
    for shape in document.inline_shapes:
        assert round(shape.width.mm) == 140
        blob = document.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
        image = Image.open(io.BytesIO(blob))
        assert image.format == "PNG"
        assert abs(image.width - 440 / 96 * 200) <= 1 and abs(image.height - 230 / 96 * 200) <= 1  # the SVG's size at 200 dpi
        assert image.convert("L").getextrema()[0] < 100  # something is drawn on it


def test_page_numbers_odd_right_even_left_and_none_on_the_cover(document):
    cover, body = document.sections
    assert cover._sectPr.findall(qn("w:footerReference")) == []
    for footer, alignment in ((body.footer, WD_ALIGN_PARAGRAPH.RIGHT), (body.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        assert not footer.is_linked_to_previous
        (paragraph,) = footer.paragraphs
        assert paragraph.alignment == alignment
        assert paragraph.text == "— 1 —"  # the PAGE field's cached value between the dashes
        assert "".join(paragraph._p.xpath(".//w:instrText/text()")).strip() == "PAGE"
        assert {(east_asian_font(run), run.font.size.pt) for run in paragraph.runs} == {(report_docx.SONG, 14)}
    assert "草稿" not in "".join(h._element.xml for s in document.sections for h in (s.header, s.even_page_header))


def test_draft_watermark_while_preflight_finds_something(staff_client, township):
    SectionText.objects.create(township=township, year=2025, section="plans", text="**镇工会将继续努力。")
    cache.clear()
    response = download(staff_client, township)
    assert filename(response).endswith("（草稿）.docx")
    document = Document(io.BytesIO(response.content))
    for section in document.sections:
        for header in (section.header, section.even_page_header):
            paths = header._element.findall(".//{urn:schemas-microsoft-com:vml}textpath")
            assert [path.get("string") for path in paths if path.get("string")] == ["草稿"]


def test_typed_markup_is_text(staff_client, township):
    """What staff type is text in the .docx, never WordprocessingML; a pasted control character,
    which XML cannot hold, is left out instead of breaking the download."""
    attack = '<b>粗体</b> & </w:t></w:r><w:r><w:t>注入\x0b'
    SectionText.objects.create(township=township, year=2025, section="development", text=attack)
    union = township.grassroots_unions.first()
    union.name = "建材\x01厂<工会>"
    union.save()
    cache.clear()
    document = Document(io.BytesIO(download(staff_client, township).content))
    assert '<b>粗体</b> & </w:t></w:r><w:r><w:t>注入' in [p.text for p in document.paragraphs]
    assert "建材厂<工会>" in [row.cells[1].text for row in document.tables[2].rows]


def test_access_as_the_pdf(client, township):
    url = docx_url(township) + "?year=2025"
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(UserRoleFactory().user)  # staff of another township
    assert client.get(url).status_code == 404
    client.force_login(UserRoleFactory(reviewer=True, county=township.county).user)
    assert client.get(url).status_code == 200


FONT_ALIASES = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <!-- the free Debian fonts the PDF uses for the proprietary names (templates/reports/pdf_style.html) -->
  <alias binding="same"><family>仿宋_GB2312</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>方正小标宋简体</family><prefer><family>Noto Serif CJK SC Black</family></prefer></alias>
  <alias binding="same"><family>黑体</family><prefer><family>WenQuanYi Zen Hei</family></prefer></alias>
  <alias binding="same"><family>楷体_GB2312</family><prefer><family>AR PL KaitiM GB</family></prefer></alias>
</fontconfig>
"""


def libreoffice_pdf(docx: bytes, directory: Path) -> bytes:
    """The .docx converted by a headless LibreOffice with a profile of its own, and the Word font
    names mapped to the Debian fonts for this process only (FONTCONFIG_FILE)."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: apt-get install libreoffice-writer-nogui (make system-packages)"
    source = directory / "report.docx"
    source.write_bytes(docx)
    (directory / "fonts.conf").write_text(FONT_ALIASES, encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(directory / "fonts.conf"), "HOME": str(directory)}
    subprocess.run([soffice, f"-env:UserInstallation=file://{directory}/profile", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(directory), str(source)],
                   env=env, check=True, capture_output=True, timeout=180)
    return (directory / "report.pdf").read_bytes()


@pytest.mark.libreoffice  # starts LibreOffice: several seconds
def test_libreoffice_opens_it_as_the_pdf_volumes(docx_bytes, township, tmp_path):
    report = build_report(township, 2025)
    converted = pdfplumber.open(io.BytesIO(libreoffice_pdf(docx_bytes, tmp_path)))
    for page in converted.pages:
        assert (round(page.width), round(page.height)) == (595, 842)  # A4
    text = plain("".join(page.extract_text() for page in converted.pages))
    opening = report.sections[0].blocks[0].text
    for expected in (report.title, report.issuer, opening, "附件5：2025年帮扶台账", "王根才"):
        assert plain(expected) in text, expected
    # the text's first page: 28 mm in, numbered "— 1 —" on the right; the cover has no number
    first = converted.pages[1]
    footer = [c for c in first.chars if c["top"] > first.height - 35 * MM]
    assert plain("".join(c["text"] for c in footer)) == "—1—" and min(c["x0"] for c in footer) > first.width / 2
    assert not [c for c in converted.pages[0].chars if c["top"] > converted.pages[0].height - 35 * MM]
    body = [c for c in first.chars if round(c["size"]) == 16 and c["top"] < first.height - 35 * MM]
    assert abs(min(c["x0"] for c in body) - 28 * MM) < 1.5 * MM
    # as many pages as the two PDF volumes without the blank back of the cover, give or take one
    report_pdf = pdfplumber.open(io.BytesIO(volume_pdf(township, 2025, REPORT)[0]))
    ledgers_pdf = pdfplumber.open(io.BytesIO(volume_pdf(township, 2025, LEDGERS)[0]))
    blank = sum(1 for page in report_pdf.pages if not page.extract_text().strip())
    expected_pages = len(report_pdf.pages) - blank + len(ledgers_pdf.pages)
    assert abs(len(converted.pages) - expected_pages) <= 1, (len(converted.pages), expected_pages)
