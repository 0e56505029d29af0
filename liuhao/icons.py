"""The Bootstrap Icons liuhao uses, cut out of the full font: about 50 of its 2 000 icons, 5 KB of
font and 2 KB of CSS instead of 134 KB and 85 KB on every first page load.

`manage.py build_icons` writes static/vendor/bootstrap-icons/liuhao-icons.css and
fonts/liuhao-icons.woff2 from the full files beside them; run it after using a new icon (a test
fails until then). An icon is "used" when its name appears as `bi-NAME` in a template, or as a
string literal in the app's Python code (icons chosen in code: the township menu, marks, sorting);
a literal that only happens to be an icon's name ("list", "archive") costs about 100 bytes.
"""
import io
import re
from pathlib import Path

from django.conf import settings

ICONS_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "bootstrap-icons"
FULL_CSS = ICONS_DIR / "bootstrap-icons.min.css"
FULL_FONT = ICONS_DIR / "fonts" / "bootstrap-icons.woff2"
SUBSET_CSS = ICONS_DIR / "liuhao-icons.css"
SUBSET_FONT = ICONS_DIR / "fonts" / "liuhao-icons.woff2"

ICON_RULE = re.compile(r'\.bi-([a-z0-9-]+)::before\{content:"\\([0-9a-f]+)"\}')
BASE_RULE = re.compile(r'\.bi::before,[^{]*\{[^}]*\}')
TEMPLATE_ICON = re.compile(r"\bbi-([a-z0-9-]+)")
PYTHON_STRING = re.compile(r'"([a-z0-9-]+)"')
SKIPPED_DIRS = {".venv", "node_modules", "tests", "migrations", "benchmarks", "staticfiles", "var", "static", ".git"}


def codepoints() -> dict[str, int]:
    """Every icon of the full font: name → its private-use code point."""
    return {name: int(code, 16) for name, code in ICON_RULE.findall(FULL_CSS.read_text())}


def _sources(suffix: str):
    base = Path(settings.BASE_DIR)
    for path in sorted(base.rglob(f"*{suffix}")):
        if not SKIPPED_DIRS.intersection(path.relative_to(base).parts):
            yield path


def used_icons(known: dict[str, int] | None = None) -> list[str]:
    known = known if known is not None else codepoints()
    found = set()
    for path in _sources(".html"):
        found.update(name for name in TEMPLATE_ICON.findall(path.read_text()) if name in known)
    for path in _sources(".py"):
        found.update(name for name in PYTHON_STRING.findall(path.read_text()) if name in known)
    return sorted(found)


def subset_css(names: list[str], known: dict[str, int]) -> str:
    full = FULL_CSS.read_text()
    header = full[:full.index("*/") + 2]
    rules = "".join(f'.bi-{name}::before{{content:"\\{known[name]:x}"}}' for name in names)
    return (f"{header}\n/* liuhao: {len(names)} icons, written by `manage.py build_icons` (liuhao/icons.py); do not edit */\n"
            '@font-face{font-display:block;font-family:bootstrap-icons;src:url("fonts/liuhao-icons.woff2") format("woff2")}'
            f"{BASE_RULE.search(full).group(0)}{rules}\n")


def subset_font(names: list[str], known: dict[str, int]) -> bytes:
    from fontTools import subset  # a development tool: loaded only when the icons are built

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = []
    options.name_IDs = []  # the font's names and licence text live in LICENSE beside it
    options.notdef_outline = True
    font = subset.load_font(str(FULL_FONT), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[known[name] for name in names])
    subsetter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue()


def build() -> list[str]:
    known = codepoints()
    names = used_icons(known)
    SUBSET_CSS.write_text(subset_css(names, known))
    SUBSET_FONT.write_bytes(subset_font(names, known))
    return names
