"""The duplicate-text measure on the seed reports: the third and fourth are one text under two titles."""
import re
from pathlib import Path

from reviews.overlap import MIN_PASSAGE, measure_overlap

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "000_36d07e9e4cee671f.txt"


def seed_articles() -> list[str]:
    return re.split(r"^第.篇:.*$", SEEDS.read_text(encoding="utf-8"), flags=re.M)[1:]


def test_articles_three_and_four_are_one_text():
    articles = seed_articles()
    assert len(articles) == 5
    third, fourth = articles[2], articles[3]
    for text, other in ((third, fourth), (fourth, third)):
        overlap = measure_overlap(text, {"other": other})
        assert overlap.share >= 0.95  # measured: 1.0
        assert len(overlap.passages[0].text) >= 1000 and overlap.passages[0].text in text
        assert overlap.passages[0].other_key == "other"


def test_different_townships_share_only_stock_phrases():
    first, second, _third, _fourth, fifth = seed_articles()
    overlap = measure_overlap(first, {2: second, 5: fifth})
    assert overlap.share <= 0.12  # measured: 0.022, the cover's title lines


def test_half_copied_text_is_about_half_shared():
    first, second = seed_articles()[:2]
    first_paragraphs = [p for p in first.split("\n") if p.strip()]
    second_paragraphs = [p for p in second.split("\n") if p.strip()]
    copied = "\n".join(first_paragraphs[: len(first_paragraphs) // 2])
    written = "\n".join(second_paragraphs[len(second_paragraphs) // 2:])
    overlap = measure_overlap(copied + "\n" + written, {"a": first})
    copied_share = len(re.sub(r"[^\w]", "", copied)) / len(re.sub(r"[^\w]", "", copied + written))
    assert abs(overlap.share - copied_share) <= 0.05


def test_punctuation_and_spacing_do_not_hide_a_copy():
    paragraph = seed_articles()[0].split("\n")[18]
    assert len(paragraph) > 100
    disguised = paragraph.replace("，", ", ").replace("。", " . ")
    overlap = measure_overlap(disguised, {"original": paragraph})
    assert overlap.share == 1.0 and overlap.passages[0].text == disguised.strip("* .")


def test_nothing_to_compare():
    assert measure_overlap("", {"a": "全镇现有各类企业106家"}).share == 0.0
    assert measure_overlap("全镇现有各类企业106家，已建立企业工会92家", {}).passages == []
    short = "企业工会" * (MIN_PASSAGE // 8)
    assert measure_overlap(short, {"a": "无关的文字内容" * 10}).share == 0.0
