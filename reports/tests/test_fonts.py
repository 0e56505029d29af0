"""The cut-down document fonts: what they hold, how they are named, that the build is idempotent."""
import pytest
from django.core.management import call_command
from fontTools.ttLib import TTFont

from reports import fonts

KAI = next(font for font in fonts.DOCUMENT_FONTS if font.family == "Liuhao Kai")


def test_document_characters_are_gb2312_and_what_figures_and_dates_use():
    characters = set(fonts.document_characters())
    assert len(characters) > 7445  # GB 2312's 6 763 hanzi and 682 symbols, plus Latin and punctuation
    assert set("具茨山镇溱洧万元％%0123456789—“”、〇○·") <= characters
    assert "堃" not in characters and "喆" not in characters  # outside GB 2312: the full fonts draw them


def test_sources_are_the_regular_faces_of_the_debian_fonts():
    sources = {font.family: fonts.find_source(font) for font in fonts.DOCUMENT_FONTS}
    assert all(sources.values()), sources
    assert sources["Liuhao Song"][0].endswith("NotoSerifCJK-Regular.ttc")  # not Black, whose second style is Regular
    assert sources["Liuhao Title"][0].endswith("NotoSerifCJK-Black.ttc")
    assert sources["Liuhao Song"][1] == sources["Liuhao Title"][1] == 2  # the SC face of the collection


def test_a_font_is_cut_down_and_renamed(tmp_path):
    path, glyphs, _seconds = fonts.build_font(KAI, fonts.find_source(KAI), "楷体汇报", tmp_path)
    assert path == tmp_path / "LiuhaoKai.ttf" and not list(tmp_path.glob("*.part"))
    face = TTFont(path)
    assert glyphs == len(face.getGlyphOrder()) <= 10
    assert set(face.getBestCmap()) == {ord(character) for character in "楷体汇报"}
    assert face["name"].getDebugName(1) == "Liuhao Kai" and face["name"].getDebugName(6) == "LiuhaoKai"


def test_the_command_builds_only_what_is_missing(settings, tmp_path, capsys, monkeypatch):
    settings.DOCUMENT_FONT_DIR = tmp_path
    monkeypatch.setattr(fonts, "DOCUMENT_FONTS", (KAI,))
    monkeypatch.setattr(fonts, "document_characters", lambda: "楷体")
    call_command("build_document_fonts")
    assert "Liuhao Kai" in capsys.readouterr().out and fonts.built_fonts() == [tmp_path / "LiuhaoKai.ttf"]
    call_command("build_document_fonts")
    assert "Liuhao Kai:" not in capsys.readouterr().out  # already there


def test_a_missing_source_font_is_an_error(settings, tmp_path, monkeypatch):
    settings.DOCUMENT_FONT_DIR = tmp_path
    monkeypatch.setattr(fonts, "DOCUMENT_FONTS", (fonts.DocumentFont("Liuhao Nothing", "No Such Font", "Regular"),))
    with pytest.raises(Exception, match="No Such Font"):
        call_command("build_document_fonts")
