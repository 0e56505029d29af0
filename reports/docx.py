"""The 汇报材料 as a Word document (.docx), for townships that finish the material in Word.

It holds what the two PDF volumes hold together, in the same order: the cover (with a blank page
behind it when the report is printed double-sided), the text, 附件说明 and 落款, 附件1 基本情况统计表
with its charts, 附件2 所获荣誉, and the ledgers 附件3—5 last, each annex on a new page. Word users
bind or split it themselves, so the ledgers are not marked 另册 here and their volume's own title
line is not repeated.

The geometry is GB/T 9704-2012's, as in templates/reports/pdf_style.html: A4, margins 37/35/28/26
mm, a document grid of 22 lines × 28 characters of 3号 (16 pt) 仿宋_GB2312, exact 28.95 pt lines,
2-character first-line indents, "— N —" page numbers in 4号 outside the text block, odd pages right
and even pages left, none on the cover. The proprietary font names are written with every run
(w:rFonts, East Asian slot included), and the font table names their Windows stand-ins (altName:
仿宋, 楷体, 宋体) for a Word without them. python-docx has no API for the grid, the fields, the
watermark or the East Asian font: those are written as WordprocessingML.

Tables are written as XML text and parsed once: python-docx's table API takes about a
millisecond per cell, a ledger of 135 records several hundred.
"""
import functools
import hashlib
import io
import math
import re
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from . import pdf

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FILE_TITLE = "创建六好乡镇工会汇报材料"
CACHE_DOCUMENT = "reports/docx:report"  # the document name in the cache key, next to the PDFs' template names

SONG, TITLE, HEI, KAI = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312"
# What Word uses where the proprietary font is missing (the fonts every Chinese Windows has).
ALT_NAMES = {SONG: "仿宋", TITLE: "宋体", HEI: "SimHei", KAI: "楷体"}

# Page and text block in twentieths of a point (twips), as Word stores them: A4 210 × 297 mm.
PAGE_W, PAGE_H = 11906, 16838
TOP, BOTTOM, LEFT, RIGHT = 2098, 1984, 1587, 1474  # 37, 35, 28, 26 mm
FOOTER = 1247  # 22 mm: the page number's 18 pt line ends 22 mm above the edge, its top 7 mm below the text block
TEXT_W = PAGE_W - LEFT - RIGHT  # 8845 twips = 156 mm
LINES, CHARS, BODY_PT = 22, 28, 16
LINE = 579  # 28.95 pt in twips: 22 lines in 225 mm
# The grid's character pitch is the default font size plus charSpace/4096 pt; rounded down so that
# 28 characters never overflow the 156 mm line (Word's own templates write -842 too).
CHAR_SPACE = math.floor((TEXT_W / 20 / CHARS - BODY_PT) * 4096)
PITCH = TEXT_W // CHARS  # one character of the grid in twips: 2-character indents
# The grid is the section's (Word's page setup shows 22 × 28), but paragraphs do not snap to it:
# LibreOffice (7.4) puts a 16 pt character that does not fit a 15.8 pt cell into two cells, 14 to
# a line. 16 pt characters condensed by 0.3 pt instead, as the PDF's letter-spacing does, give 28 to
# a line in Word and LibreOffice alike, on exact 28.95 pt lines.
CONDENSED = -6  # twentieths of a point
TABLE_PT = 10.5  # 五号, as the PDF's tables
CELL_PAD = 80  # 4 pt either side of a cell's text
TABLE_STYLE = "LiuhaoTable"
TWIPS_PER_MM = 1440 / 25.4
CHART_DPI = 200
CHART_WIDTH = Mm(140)

W = nsdecls("w")
VML = ('xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
       'xmlns:w10="urn:schemas-microsoft-com:office:word"')


def report_docx(report, *, draft: bool) -> bytes:
    """The .docx of a built report (reports.builder.Report); `draft` adds a 草稿 watermark."""
    with translation.override(settings.LANGUAGE_CODE):  # choice labels of the ledgers in Chinese
        return _Writer(report, draft).write()


def township_docx(township, year: int) -> tuple[bytes, bool]:
    """The .docx and whether it is a draft, cached like the PDF volumes until the data or text change."""
    from .builder import build_report
    from .preflight import preflight

    def render() -> tuple[bytes, bool]:
        with translation.override(settings.LANGUAGE_CODE):
            report = build_report(township, year)
            draft = bool(preflight(report))
            return report_docx(report, draft=draft), draft

    return cache.get_or_set(pdf.report_cache_key(township, year, CACHE_DOCUMENT), render, pdf.CACHE_SECONDS)


def chart_pngs(svgs: list[str]) -> list[bytes]:
    """The charts' SVGs as 200 dpi PNGs: WeasyPrint draws each on a page of its size with the
    document fonts (all missing ones in one document: one layout instead of one each), pdfium
    rasterises the pages. Cached per chart by what is drawn; the charts change when the figures do."""
    pages = [_chart_page(svg) for svg in svgs]
    keys = ["chart-png:" + hashlib.sha256(f"{CHART_DPI}:{page}".encode()).hexdigest() for page in pages]
    found = cache.get_many(keys)
    missing = [index for index, key in enumerate(keys) if key not in found]
    if missing:
        drawn = _rasterise([pages[index] for index in missing])
        new = {keys[index]: png for index, png in zip(missing, drawn)}
        cache.set_many(new, pdf.CACHE_SECONDS)
        found.update(new)
    return [found[key] for key in keys]


def _chart_page(svg: str) -> tuple[str, str]:
    """The chart on a named page of its own size: the HTML and the @page rule."""
    size = re.search(r'<svg[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"', svg)
    width, height = size.groups() if size else ("440", "230")
    name = f"chart-{width}-{height}"
    return f'<div class="chart" style="page: {name}">{svg}</div>', f"@page {name} {{ size: {width}px {height}px }}"


def _rasterise(pages: list[tuple[str, str]]) -> list[bytes]:
    import pypdfium2

    rules = "".join(sorted({rule for _page, rule in pages}))
    html = ("<!doctype html><style>@page { margin: 0 } html, body { margin: 0 } svg { display: block } "
            f".chart + .chart {{ break-before: page }} {rules}</style>" + "".join(page for page, _rule in pages))
    document = pypdfium2.PdfDocument(pdf.render_pdf(html))
    try:
        images = [page.render(scale=CHART_DPI / 72).to_pil() for page in document]
    finally:
        document.close()
    pngs = []
    for image in images:
        out = io.BytesIO()
        image.save(out, format="PNG", dpi=(CHART_DPI, CHART_DPI), compress_level=1)  # 4 KB more, 10 ms less
        pngs.append(out.getvalue())
    return pngs


# --- WordprocessingML as text -------------------------------------------------------------------

# Characters XML 1.0 cannot hold (a control character pasted into a name): left out, not an error.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _run(text: str, font: str, size: float, *, spacing: int | None = None) -> str:
    """A run of text; what staff typed is text, never markup."""
    return f"<w:r>{_rpr(font, size, spacing=spacing)}<w:t xml:space=\"preserve\">{escape(NOT_XML.sub('', text))}</w:t></w:r>"


@functools.cache
def _rpr(font: str, size: float, *, spacing: int | None = None) -> str:
    """Run properties: the font in the Latin and the East Asian slots (python-docx's font.name sets
    only the first); 16 pt text condensed (CONDENSED) unless `spacing` (twentieths of a point) says
    otherwise."""
    spacing = (CONDENSED if size == BODY_PT else 0) if spacing is None else spacing
    return (f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}"/>'
            + (f'<w:spacing w:val="{spacing}"/>' if spacing else "")
            + f'<w:sz w:val="{round(size * 2)}"/></w:rPr>')


def _rpr_element(font: str, size: float, **options):
    return parse_xml(_rpr(font, size, **options).replace("<w:rPr>", f"<w:rPr {W}>", 1))


def _ppr(*, align: str = "both", first_line: int = 2, left: int = 0, hanging: int = 0, right: int = 0,
         line: int = LINE, rule: str = "exact", before: int = 0, after: int = 0,
         page_break: bool = False, keep_next: bool = False, indent: str = "") -> str:
    """Paragraph properties; indents in grid characters (the …Chars attributes Word reads, and twips
    for others) unless `indent` gives the w:ind attributes; spacing in twips. No paragraph snaps to
    the grid (see CONDENSED)."""
    if not indent:
        parts = [f'w:left="{left * PITCH}" w:leftChars="{left * 100}"', f'w:right="{right * PITCH}" w:rightChars="{right * 100}"']
        if hanging:
            parts.append(f'w:hanging="{hanging * PITCH}" w:hangingChars="{hanging * 100}"')
        else:
            parts.append(f'w:firstLine="{first_line * PITCH}" w:firstLineChars="{first_line * 100}"')
        indent = " ".join(parts)
    return ("<w:pPr>" + ("<w:keepNext/>" if keep_next else "") + ("<w:pageBreakBefore/>" if page_break else "")
            # no extra space between Chinese and digits: the PDF has none, Word and LibreOffice add it by default
            # and no punctuation hanging into the margin (the PDF's lines end at the text block)
            + '<w:overflowPunct w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:snapToGrid w:val="0"/>'
            + f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="{rule}"/>'
            + f'<w:ind {indent}/><w:jc w:val="{align}"/></w:pPr>')


def _paragraph(text: str, font: str = SONG, size: float = BODY_PT, **ppr) -> str:
    return f"<w:p {W}>{_ppr(**ppr)}{_run(text, font, size) if text else ''}</w:p>"


def _text_width(text: str, size: float) -> int:
    """How wide a line of text is, in twips: ASCII characters 0.6 em (the widest of the 黑体 stand-ins'
    digits: SimHei 0.5, WenQuanYi Zen Hei 0.6), others one em."""
    latin = len(text.encode("ascii", "ignore"))
    return math.ceil((len(text) - latin + 0.6 * latin) * size * 20)


def _table(header: list[str] | None, rows: list[list[str]], *, name_column: int | None = None,
           widths: list[float] | None = None, left_columns: tuple[int, ...] = ()) -> str:
    """A bordered table of 五号 黑体 text, the header row repeated on every page, rows never split.
    As in the PDF, columns other than the name column are as wide as their widest cell (a header of
    four characters or more may take two lines) and the name column takes the rest, at least a fifth."""
    columns = len(header or rows[0])
    if widths is None:
        natural = []
        for index in range(columns):
            widest = max((_text_width(row[index], TABLE_PT) for row in rows), default=0)
            heading = _text_width(header[index], TABLE_PT) if header else 0
            if header and len(header[index]) >= 4:
                heading = math.ceil(heading / 2)
            natural.append(max(widest, heading) + 2 * CELL_PAD + 40)
        fixed = sum(width for index, width in enumerate(natural) if index != name_column)
        scale = min(1.0, TEXT_W * 4 / 5 / fixed)
        twips = [int(width * scale) for width in natural]
        twips[name_column] = TEXT_W - sum(width for index, width in enumerate(twips) if index != name_column)
    else:
        twips = [int(TEXT_W * share) for share in widths]
        twips[-1] = TEXT_W - sum(twips[:-1])

    def cell(text: str, width: int, *, align: str, shade: bool = False) -> str:
        return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
                + ('<w:shd w:val="clear" w:color="auto" w:fill="EEEEEE"/>' if shade else "")
                + '<w:vAlign w:val="center"/></w:tcPr>'
                + f'<w:p><w:pPr><w:pStyle w:val="{TABLE_STYLE}"/><w:jc w:val="{align}"/></w:pPr>'
                + f"{_run(text, HEI, TABLE_PT) if text else ''}</w:p></w:tc>")

    border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    parts = [f"<w:tbl {W}><w:tblPr>"
             f'<w:tblW w:w="{TEXT_W}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>'
             + "".join(border.format(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
             + '</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar>'
             f'<w:top w:w="40" w:type="dxa"/><w:left w:w="{CELL_PAD}" w:type="dxa"/>'
             f'<w:bottom w:w="40" w:type="dxa"/><w:right w:w="{CELL_PAD}" w:type="dxa"/>'
             '</w:tblCellMar><w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
             'w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>'
             + "".join(f'<w:gridCol w:w="{width}"/>' for width in twips) + "</w:tblGrid>"]
    aligns = ["left" if index == name_column or index in left_columns else "center" for index in range(columns)]
    if header:
        parts.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
                     + "".join(cell(text, width, align="center", shade=True) for text, width in zip(header, twips))
                     + "</w:tr>")
    for row in rows:
        parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>"
                     + "".join(cell(text, width, align=align) for text, width, align in zip(row, twips, aligns))
                     + "</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def _page_number_field(size: float) -> str:
    """"— N —" with N a PAGE field (fldChar runs, as Word writes them)."""
    rpr = _rpr(SONG, size)
    return (f"<w:r>{rpr}<w:t xml:space=\"preserve\">— </w:t></w:r>"
            f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
            f"<w:r>{rpr}<w:t>1</w:t></w:r>"
            f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
            f"<w:r>{rpr}<w:t xml:space=\"preserve\"> —</w:t></w:r>")


WATERMARK_SHAPETYPE = """<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
 path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/>
<v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/>
<v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/>
<v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>
<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"
 o:connectangles="270,180,90,0"/><v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight"
 xrange="6629,14971"/></v:handles><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>"""


def _watermark(number: int) -> str:
    """Word's own text watermark (Design → Watermark): a VML text path behind the text, centred on
    the text block, turned 30° like the PDF's, in its red at a fifth of its strength."""
    return (f"<w:p {W} {VML}>{_ppr(first_line=0, line=240, rule='auto')}"
            f"<w:r><w:rPr><w:noProof/></w:rPr><w:pict>{WATERMARK_SHAPETYPE}"
            f'<v:shape id="PowerPlusWaterMarkObject{number}" o:spid="_x0000_s{2049 + number}" type="#_x0000_t136" '
            'style="position:absolute;margin-left:0;margin-top:0;width:250pt;height:125pt;rotation:330;'
            "z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
            'mso-position-vertical:center;mso-position-vertical-relative:margin" o:allowincell="f" '
            'fillcolor="#b3261e" stroked="f"><v:fill opacity=".2"/>'
            f'<v:textpath style="font-family:&quot;{HEI}&quot;;font-size:1pt" string="草稿"/>'
            '<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r></w:p>')


def _font_table() -> bytes:
    fonts = "".join(
        f'<w:font w:name={quoteattr(name)}><w:altName w:val={quoteattr(alt)}/><w:charset w:val="86"/>'
        f'<w:family w:val="{"modern" if name in (SONG, HEI, KAI) else "roman"}"/><w:pitch w:val="variable"/></w:font>'
        for name, alt in ALT_NAMES.items())
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f"<w:fonts {W}>{fonts}</w:fonts>").encode()


SECT_PR = (f"<w:sectPr {nsdecls('w', 'r')}>"
           f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
           f'<w:pgMar w:top="{TOP}" w:right="{RIGHT}" w:bottom="{BOTTOM}" w:left="{LEFT}" w:header="851" '
           f'w:footer="{FOOTER}" w:gutter="0"/>{{number_type}}<w:cols w:space="425"/>'
           f'<w:docGrid w:type="linesAndChars" w:linePitch="{LINE}" w:charSpace="{CHAR_SPACE}"/></w:sectPr>')


class _Writer:
    def __init__(self, report, draft: bool):
        self.report, self.draft = report, draft
        self.document = Document()
        self.body = self.document.element.body
        self.labels: dict = {}

    def write(self) -> bytes:
        self.set_up()
        self.cover()
        self.text()
        for annex in self.report.annexes:
            getattr(self, f"annex_{annex.key}")(annex)
        self.page_numbers_and_watermark()
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()

    def label(self, instance, field: str) -> str:
        """get_FOO_display() without its cost: Django hashes every lazy choice label on each call,
        which took most of a ledger's time."""
        key = (type(instance), field)
        if key not in self.labels:
            choices = type(instance)._meta.get_field(field).flatchoices
            self.labels[key] = {value: str(label) for value, label in choices}
        value = getattr(instance, field)
        return self.labels[key].get(value, "" if value is None else str(value))

    def append(self, xml: str):
        element = parse_xml(xml)
        self.body.sectPr.addprevious(element)
        return element

    # --- document defaults ---------------------------------------------------------------------

    def set_up(self):
        report, document = self.report, self.document
        # The body section (the document's last sectPr): page numbers restart at 1 after the cover.
        self.body.remove(self.body.sectPr)
        self.body.append(parse_xml(SECT_PR.format(number_type='<w:pgNumType w:start="1"/>')))
        styles = document.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        defaults.getparent().replace(defaults, parse_xml(
            f"<w:docDefaults {W}><w:rPrDefault>{_rpr(SONG, BODY_PT, spacing=0).removesuffix('</w:rPr>')}"
            '<w:lang w:val="zh-CN" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
            # No widow control: the PDF's orphans and widows are 1.
            f'<w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:overflowPunct w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
            f'<w:spacing w:line="{LINE}" w:lineRule="exact"/>'
            '<w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>'))
        # Table text: one paragraph style instead of the same properties in two thousand cells.
        styles.append(parse_xml(
            f'<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="{TABLE_STYLE}"><w:name w:val="{TABLE_STYLE}"/>'
            f'<w:basedOn w:val="Normal"/><w:qFormat/>{_ppr(align="center", first_line=0, line=284)}'
            f"{_rpr(HEI, TABLE_PT)}</w:style>"))
        # The grid's character pitch is reckoned from the Normal style's size (Word and LibreOffice).
        normal = document.styles["Normal"].element
        normal.remove_all("w:rPr")
        normal.append(_rpr_element(SONG, BODY_PT, spacing=0))
        document.settings.odd_and_even_pages_header_footer = True
        settings_element = document.settings.element
        for lang in settings_element.findall(qn("w:themeFontLang")):
            lang.set(qn("w:eastAsia"), "zh-CN")
        # python-docx's template carries a Word 2010 copy of its styles (430 KB) and the thumbnail of a
        # blank page: neither describes this document.
        for rels, kind in ((document.part.rels, "stylesWithEffects"), (document.part.package.rels, "thumbnail")):
            for rId in [rId for rId, rel in rels.items() if rel.reltype.endswith("/" + kind)]:
                del rels[rId]
        for part in document.part.package.iter_parts():
            if str(part.partname) == "/word/fontTable.xml":
                part._blob = _font_table()  # a plain Part: its bytes are what is saved
        properties = document.core_properties
        properties.title, properties.author, properties.last_modified_by = report.title, report.issuer, report.issuer
        properties.subject, properties.language, properties.comments = f"{report.year}年{report.doc_kind}", "zh-CN", ""
        properties.created = properties.modified = timezone.now().replace(tzinfo=None)
        properties.revision = 1

    # --- cover -----------------------------------------------------------------------------------

    def cover(self):
        """As the PDF's: 文种 and 材料名称 (spaced half an em) above, the theme and 副题 under them,
        issuer and date at the foot of the text block, 12 mm above its end."""
        report = self.report
        used = 0.0  # mm of the 225 mm text block taken so far

        def line(text: str, font: str, size: float, before_mm: float, *, height_pt: float, spaced: bool = False):
            nonlocal used
            ppr = _ppr(align="center", first_line=0, line=round(height_pt * 20), before=round(before_mm * TWIPS_PER_MM),
                       indent='w:left="360" w:firstLine="0"' if spaced else "")
            # 0.5 em letter-spacing follows every character, the last too: the left indent centres the text again
            run = _run(text, font, size, spacing=round(size * 10) if spaced else None)
            self.append(f"<w:p {W}>{ppr}{run}</w:p>")
            used += before_mm + height_pt / 72 * 25.4

        line(report.type_line, TITLE, 26, 35, height_pt=26 * 1.6)
        line(report.doc_kind, TITLE, 36, 10, height_pt=36 * 1.6, spaced=True)
        if report.theme:
            line(report.theme, TITLE, 22, 30, height_pt=22 * 1.6)
        if report.subtitle:
            line(report.subtitle, KAI, BODY_PT, 6, height_pt=LINE / 20)
        foot = 2 * LINE / 20 / 72 * 25.4
        line(report.issuer, SONG, BODY_PT, max(225 - 12 - foot - used, 10), height_pt=LINE / 20)
        line(report.date_in_chinese, SONG, BODY_PT, 0, height_pt=LINE / 20)
        if report.duplex:  # the back of the cover stays blank when printed double-sided
            self.append(f'<w:p {W}>{_ppr(first_line=0, line=20)}<w:r><w:br w:type="page"/></w:r></w:p>')
            # a paragraph of its own on the blank page: LibreOffice drops a page that holds only the section break
            self.append(f"<w:p {W}>{_ppr(first_line=0)}</w:p>")
        # The cover is a section of its own, without page numbers; its sectPr sits in a 1 pt paragraph
        # so that it never pushes a line onto a page of its own.
        cover_sect = parse_xml(SECT_PR.format(number_type=""))
        paragraph = self.append(f'<w:p {W}><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="20" w:lineRule="exact"/>'
                                '<w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>')
        paragraph.pPr.append(cover_sect)

    # --- the text --------------------------------------------------------------------------------

    def text(self):
        report = self.report
        self.append(_paragraph(report.title, TITLE, 22, align="center", first_line=0, after=LINE))
        self.append(_paragraph(report.issuer, KAI, BODY_PT, align="center", first_line=0, after=LINE))
        last = None
        for section in report.sections:
            if section.heading:
                self.append(_paragraph(section.heading, HEI, keep_next=True))
            for block in section.blocks:
                last = self.append(_paragraph(block.text, KAI if block.kind == "subheading" else SONG,
                                              keep_next=block.kind == "subheading"))
        # 附件说明, 落款 and date stay together and with the last lines of text (GB/T 9704 7.3.5).
        closing = []
        annexes = report.annexes
        for index, annex in enumerate(annexes):
            if index == 0:
                closing.append(dict(text=f"附件：{annex.number}.{annex.title}", left=5, hanging=3, before=LINE))
            else:
                closing.append(dict(text=f"{annex.number}.{annex.title}", left=5, first_line=0))
        closing.append(dict(text=report.issuer, align="right", right=4, first_line=0, before=LINE))
        closing.append(dict(text=report.date_in_numerals, align="right", right=4, first_line=0))
        if last is not None:
            last.get_or_add_pPr().insert(0, parse_xml(f"<w:keepNext {W}/>"))
        for index, options in enumerate(closing):
            self.append(_paragraph(options.pop("text"), keep_next=index < len(closing) - 1, **options))

    # --- annexes ---------------------------------------------------------------------------------

    def annex_heading(self, text: str):
        self.append(_paragraph(text, HEI, first_line=0, after=200, page_break=True, keep_next=True))

    def annex_statistics(self, annex):
        report = self.report
        self.annex_heading(f"附件{annex.number}：{annex.title}（{report.year}年）")
        self.append(_table(None, [[label, value] for label, value in report.basic_table],
                           widths=[0.45, 0.55], left_columns=(0, 1)))
        for number, png in enumerate(chart_pngs(report.charts)):
            ppr = _ppr(align="center", first_line=0, line=240, rule="auto",  # not exact: the picture's height
                       before=240 if number == 0 else 0, after=160)
            paragraph = Paragraph(self.append(f"<w:p {W}>{ppr}</w:p>"), self.document._body)
            run = paragraph.add_run()
            run._r.insert(0, _rpr_element(SONG, BODY_PT))
            run.add_picture(io.BytesIO(png), width=CHART_WIDTH)

    def annex_honours(self, annex):
        self.annex_heading(f"附件{annex.number}：{annex.title}")
        self.append(_table(["序号", "年度", "荣誉名称", "级别", "授予单位"], [
            [str(number), str(honour.year), honour.title, self.label(honour, 'level'), honour.awarded_by or "—"]
            for number, honour in enumerate(self.report.honours, start=1)], name_column=2))

    def annex_unions(self, annex):
        self.annex_heading(f"附件{annex.number}：{annex.title}")
        self.append(_table(["序号", "工会名称", "类型", "职工", "会员", "法人资格", "集体合同到期", "最近换届"], [
            [str(number), row.union.name, self.label(row.union, 'kind'), _number(row.employee_count),
             _number(row.members_active), "是" if row.legal_person else "否", _date(row.contract_expires_on),
             _date(row.last_election_on)]
            for number, row in enumerate(self.report.unions, start=1)], name_column=1))

    def annex_cases(self, annex):
        self.annex_heading(f"附件{annex.number}：{annex.title}")
        self.append(_table(["序号", "受理日期", "类型", "当事人（单位）", "涉及职工", "诉求金额（元）", "挽回金额（元）", "状态"], [
            [str(number), _date(case.received_on), self.label(case, 'case_type'), case.parties,
             _number(case.workers_involved), _number(case.amount_claimed), _number(case.amount_recovered),
             self.label(case, 'status')]
            for number, case in enumerate(self.report.cases, start=1)], name_column=3))

    def annex_assistance(self, annex):
        self.annex_heading(f"附件{annex.number}：{annex.title}")
        self.append(_table(["序号", "日期", "类别", "受助人", "人数", "金额（元）", "资金来源"], [
            [str(number), _date(record.given_on), self.label(record, 'category'), record.recipient_display,
             _number(record.people), _number(record.amount), self.label(record, 'funds_source')]
            for number, record in enumerate(self.report.assistance, start=1)], name_column=3))

    # --- headers and footers -----------------------------------------------------------------------

    def page_numbers_and_watermark(self):
        """GB/T 9704 7.5: 4号 "— N —" one character in from the outer edge, odd pages right and even
        pages left; the cover section has no footer at all."""
        cover, body = self.document.sections
        for footer, side in ((body.footer, "right"), (body.even_page_footer, "left")):
            footer.is_linked_to_previous = False
            _clear(footer._element)
            ppr = _ppr(align=side, line=360, indent=f'w:{side}="280" w:firstLine="0"')  # 14 pt in
            footer._element.append(parse_xml(f"<w:p {W}>{ppr}{_page_number_field(14)}</w:p>"))
        if self.draft:
            number = 0
            for section in (cover, body):
                for header in (section.header, section.even_page_header):
                    header.is_linked_to_previous = False
                    _clear(header._element)
                    number += 1
                    header._element.append(parse_xml(_watermark(number)))


def _clear(element):
    for child in list(element):
        element.remove(child)


def _date(value) -> str:
    return value.isoformat() if value else "—"


def _number(value) -> str:
    """As the templates print a number: no grouping (USE_THOUSAND_SEPARATOR is off), a decimal point in Chinese."""
    return "—" if value is None else str(value)
