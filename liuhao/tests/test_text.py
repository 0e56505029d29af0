"""The one rule for invisible characters in typed text (core/text.py), and Django's messages for
text in our own Chinese."""
import pytest
from django import forms
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from core.text import CleanTextMixin, clean_text, is_invisible_control


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogue():
    call_command("compilemessages", ignore_patterns=[".venv"], verbosity=0)


@pytest.mark.parametrize("char", [
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # bidi embeddings and overrides
    "\u2066", "\u2067", "\u2068", "\u2069",  # bidi isolates
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f",  # zero-width characters, LRM, RLM
    "\ufeff", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\u00ad", "\u061c", "\U000e0041",
])
def test_invisible_controls_are_removed(char):
    assert is_invisible_control(char)
    assert clean_text(f"txt{char}.exe") == "txt.exe"


def test_text_and_its_line_breaks_stay():
    kept = "具茨山镇工会\t“六好”——１２３ ٣ 😀 é\u3000Ａ"
    assert clean_text(kept) == kept
    assert clean_text("第一行\r\n第二行\r第三行\u2028第四行") == "第一行\n第二行\n第三行\n第四行"


class NoteForm(CleanTextMixin, forms.Form):
    note = forms.CharField(max_length=10)
    tags = forms.MultipleChoiceField(choices=[("a", "a"), ("b", "b")], required=False)


def test_a_form_with_the_mixin_gets_clean_values_from_a_dict_or_a_query_dict():
    from django.http import QueryDict

    form = NoteForm({"note": "exe\u202e.txt", "tags": ["a\u200b"]})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"note": "exe.txt", "tags": ["a"]}
    query = QueryDict(mutable=True)
    query.setlist("tags", ["a", "\ufeffb"])
    query["note"] = "\u200b" * 20 + "短"  # within the limit once the invisible characters are gone
    form = NoteForm(query)
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"note": "短", "tags": ["a", "b"]}


def test_the_nul_message_reads_as_chinese(client):
    with translation.override("zh-hans"):
        with pytest.raises(forms.ValidationError) as refused:
            forms.CharField().clean("a\x00b")
    assert refused.value.messages == ["不能包含空字符（NUL）。"]
    page = client.post(reverse("login"), {"username": "admin\x00", "password": "x"}).content.decode()
    assert "不能包含空字符（NUL）。" in page and "不允许是用空字符串" not in page


def test_the_length_message_names_the_limit():
    with translation.override("zh-hans"):
        with pytest.raises(forms.ValidationError) as refused:
            forms.CharField(max_length=3000).clean("镇" * 100_000)
    assert refused.value.messages == ["最多3000个字，现有100000个字。"]
