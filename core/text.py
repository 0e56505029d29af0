"""Text people type or paste: the invisible characters it may not carry.

Bidirectional controls make stored text read differently from what it is (U+202E shows "txt.exe"
as "exe.txt" on a page and in the PDF); zero-width characters and the BOM hide inside names and
choices copied from Word or WeChat, so "女" fails to match "女"; other control characters have
no place in a record. One rule, applied to every form (`CleanTextMixin`) and every spreadsheet
cell (unions.spreadsheets.parse_text).
"""
import unicodedata

from django.core.validators import MaxLengthValidator
from django.utils.datastructures import MultiValueDict

KEPT_CONTROLS = frozenset("\t\n")
LINE_SEPARATORS = ("\r\n", "\r", "\u2028", "\u2029")


def is_invisible_control(char: str) -> bool:
    """A control (Cc) or format (Cf) character other than tab and newline: NUL and the other C0/C1
    controls, U+200B–U+200F (zero-width, LRM/RLM), U+202A–U+202E and U+2066–U+2069 (bidi
    embeddings, overrides and isolates), U+FEFF (BOM) …"""
    return char not in KEPT_CONTROLS and unicodedata.category(char) in ("Cc", "Cf")


def clean_text(value: str) -> str:
    """`value` without invisible controls, every line break as "\\n" (a browser sends CRLF but
    counts a line break as one character against a field's maxlength)."""
    for separator in LINE_SEPARATORS:
        value = value.replace(separator, "\n")
    if value.isprintable():
        return value  # the common case (no control, no line break): nothing to look at one by one
    return "".join(char for char in value if not is_invisible_control(char))


def _clean_value(value):
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_clean_value(item) for item in value]
    return value


class CleanTextMixin:
    """A form whose submitted values are cleaned by `clean_text` before any field reads them, so
    every CharField (and every choice, number or date typed with a stray control) gets the rule."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            return
        if isinstance(self.data, MultiValueDict):
            cleaned = MultiValueDict()
            for key, values in self.data.lists():
                cleaned.setlist(key, [_clean_value(value) for value in values])
            self.data = cleaned
        else:
            self.data = {key: _clean_value(value) for key, value in self.data.items()}


def text_limit(characters: int) -> dict:
    """A TextField's length limit, as the form's maxlength and as a model validator: Django hands a
    TextField's max_length to its form field only, so `full_clean` (the Excel import) would not
    check it. The database column stays unlimited, so longer text saved before stays readable."""
    return {"max_length": characters, "validators": [MaxLengthValidator(characters)]}


def quoted(text: str) -> str:
    """`text` in Chinese double quotes, its own double quotes turned single as Chinese nests them:
    “‘六好’乡镇工会考核标准（副本）”, not ““六好”…”."""
    return "“" + str(text).replace("“", "‘").replace("”", "’") + "”"
