"""Document fonts: the Debian CJK fonts cut down to the characters of GB 2312.

WeasyPrint copies a font's whole file into memory and subsets it again for every PDF. The Noto Serif
CJK collections are 25 MB with 65 000 glyphs each, so fonts took two fifths of a report's rendering
time. Cut down once to GB 2312 (7 445 characters, about 7 800 glyphs) the same faces cost a fifth of
that. A character outside GB 2312 (a rare name) falls back to the full Debian font that follows the
cut-down one in the style sheet, so nothing turns into a box.
"""
import logging
import os
import subprocess
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class DocumentFont:
    family: str  # the name style sheets use, after proprietary names such as 仿宋_GB2312
    source_family: str  # the Debian font it is cut from
    source_style: str

    @property
    def file_name(self) -> str:
        return self.family.replace(" ", "")


DOCUMENT_FONTS = (
    DocumentFont("Liuhao Song", "Noto Serif CJK SC", "Regular"),  # text (仿宋 stand-in)
    DocumentFont("Liuhao Title", "Noto Serif CJK SC", "Black"),  # titles (小标宋 stand-in)
    DocumentFont("Liuhao Hei", "WenQuanYi Zen Hei", "Regular"),  # level-1 headings, tables (黑体)
    DocumentFont("Liuhao Kai", "AR PL KaitiM GB", "Regular"),  # level-2 headings, issuer (楷体)
)


def font_dir() -> Path:
    return Path(settings.DOCUMENT_FONT_DIR)


def document_characters() -> str:
    """GB 2312 plus the Latin, punctuation and full-width blocks a document's figures and dates use."""
    characters = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                characters.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    for first, last in ((0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2100, 0x218F), (0x2460, 0x24FF),
                        (0x25A0, 0x25FF), (0x3000, 0x303F), (0xFF00, 0xFFEF)):
        characters.update(chr(code) for code in range(first, last + 1))
    return "".join(sorted(characters))


def find_source(font: DocumentFont) -> tuple[str, int] | None:
    """The file and face index of the Debian font, as fontconfig knows it. A family's heavier faces
    also answer to "Regular" (their second style name), so the first style name must match."""
    try:
        output = subprocess.run(
            ["fc-list", "-f", "%{file}\t%{index}\t%{style}\n", f"{font.source_family}:style={font.source_style}"],
            capture_output=True, text=True, check=False,
        ).stdout
    except FileNotFoundError:  # no fontconfig tools
        return None
    for line in sorted(output.splitlines()):
        path, index, styles = line.split("\t")
        if styles.split(",")[0] == font.source_style:
            return path, int(index or 0)
    return None


def font_path(font: DocumentFont) -> Path | None:
    for suffix in (".otf", ".ttf"):
        path = font_dir() / f"{font.file_name}{suffix}"
        if path.exists():
            return path
    return None


def built_fonts() -> list[Path]:
    return [path for path in map(font_path, DOCUMENT_FONTS) if path]


def build_font(font: DocumentFont, source: tuple[str, int], characters: str, destination: Path) -> tuple[Path, int, float]:
    """Cuts `source` down to `characters` (no layout features: horizontal Chinese text needs none)
    and renames it, so that fontconfig tells it from the full font. Returns path, glyphs, seconds."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # tables it drops (bitmaps, Apple 'mort') are not used
    start = time.perf_counter()
    path, index = source
    face = TTFont(path, fontNumber=index, lazy=True)
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(face)
    for record in face["name"].names:
        if record.nameID in (1, 4, 16):  # family, full name, typographic family
            record.string = font.family
        elif record.nameID == 6:  # PostScript name
            record.string = font.file_name
        elif record.nameID in (2, 17):
            record.string = "Regular"
    destination.mkdir(parents=True, exist_ok=True)
    target = destination / f"{font.file_name}{'.otf' if 'CFF ' in face else '.ttf'}"
    partial = target.with_suffix(target.suffix + ".part")
    face.save(partial)
    os.replace(partial, target)  # a cut-off build never leaves half a font behind
    return target, len(face.getGlyphOrder()), time.perf_counter() - start


def build_document_fonts(*, force: bool = False, workers: int | None = None):
    """Builds the missing document fonts in parallel; yields (font, path or None, glyphs, seconds)."""
    characters = document_characters()
    jobs = {}
    with ProcessPoolExecutor(max_workers=workers or min(len(DOCUMENT_FONTS), os.cpu_count() or 1)) as pool:
        for font in DOCUMENT_FONTS:
            if font_path(font) and not force:
                continue
            source = find_source(font)
            if source is None:
                yield font, None, 0, 0.0
                continue
            jobs[font] = pool.submit(build_font, font, source, characters, font_dir())
        for font, job in jobs.items():
            path, glyphs, seconds = job.result()
            yield font, path, glyphs, seconds


def add_document_fonts(font_config) -> list[Path]:
    """Makes the built document fonts known to one WeasyPrint font configuration (as fontconfig
    application fonts of its own configuration; nothing else in the process sees them)."""
    from weasyprint.text.ffi import ffi, fontconfig, pangoft2

    paths = built_fonts()
    for path in paths:
        fontconfig.FcConfigAppFontAddFile(font_config._config, os.fsencode(path))
    if paths:
        pangoft2.pango_fc_font_map_config_changed(ffi.cast("PangoFcFontMap *", font_config.font_map))
    return paths
