"""The duplicate-text measure on the seed reports: the third and fourth are one text under two titles."""
import re
from pathlib import Path

from reviews.overlap import MIN_PASSAGE, measure_overlap

# Five real 汇报材料 as township unions write them (a copy kept with the tests, so they run from any checkout).
SEED_REPORTS = Path(__file__).resolve().parent / "data" / "seed_reports.txt"


def seed_articles() -> list[str]:
    """The five reports of the seed, each without its "第X篇:" heading line."""
    articles = re.split(r"^第[一二三四五六七八九十]+篇:.*$", SEED_REPORTS.read_text(encoding="utf-8"), flags=re.M)[1:]
    assert len(articles) == 5
    return articles


def paragraphs(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def comparable_length(text: str) -> int:
    """What the measure compares: letters, digits and CJK characters."""
    return sum(char.isalnum() for char in text)


def test_articles_three_and_four_are_one_text():
    _first, _second, third, fourth, _fifth = seed_articles()
    for text, key, other in ((third, 4, fourth), (fourth, 3, third)):
        overlap = measure_overlap(text, {key: other})
        assert overlap.share >= 0.8  # measured: 1.0 for the third, 0.9995 for the fourth
        longest = overlap.passages[0]
        assert len(longest.text) >= 200 and longest.text in text and longest.other_key == key
    # The third repeats the fourth's page header mid-text; covered stretches that touch still read as one passage.
    assert len(measure_overlap(third, {4: fourth}).passages) == 1


def test_different_townships_share_only_stock_phrases():
    first, second, _third, _fourth, fifth = seed_articles()
    overlap = measure_overlap(first, {2: second, 5: fifth})
    # measured: 0.022, the cover lines "创建“六好”乡镇工会 汇报材料 加强自身建设 充分发挥作用" that the fifth also uses
    assert overlap.share <= 0.12


def test_half_copied_text_is_about_half_shared():
    first, second = seed_articles()[:2]
    copied = "\n".join(paragraphs(first)[:len(paragraphs(first)) // 2])
    written = "\n".join(paragraphs(second)[len(paragraphs(second)) // 2:])
    overlap = measure_overlap(copied + "\n" + written, {"a": first})
    copied_share = comparable_length(copied) / comparable_length(copied + written)
    assert abs(overlap.share - copied_share) <= 0.05  # measured: 0.297 shared, 0.292 copied
    assert {passage.other_key for passage in overlap.passages} == {"a"}


def test_each_passage_names_the_narrative_it_was_copied_from():
    first, second = seed_articles()[:2]
    copied_from_first, copied_from_second = paragraphs(first)[18], paragraphs(second)[8]
    written_here = "此外,我镇今年还新建了职工书屋。"  # own text between the copies keeps them two passages
    overlap = measure_overlap("\n".join([copied_from_first, written_here, copied_from_second]), {1: first, 2: second})
    assert [(passage.text, passage.other_key) for passage in overlap.passages] == [
        (copied_from_first, 1), (copied_from_second, 2),
    ]


def test_punctuation_spacing_and_full_width_digits_do_not_hide_a_copy():
    paragraph = paragraphs(seed_articles()[0])[8]  # "**镇位于新郑市西部,距郑州市20公里,…"
    original = paragraph.replace(",", "，")
    disguised = re.sub(r"(.{7})", r"\1 ", paragraph.replace(",", ", ")).replace("20", "２０")
    overlap = measure_overlap(disguised, {"original": original})
    assert overlap.share == 1.0
    # The passage runs from the first to the last compared character, in the application's own wording.
    assert [(passage.text, passage.other_key) for passage in overlap.passages] == [
        (disguised.strip(" *。"), "original"),
    ]


def test_nothing_to_compare_shares_nothing():
    empty_text = measure_overlap("", {"a": "全镇现有各类企业106家,已建立企业工会92家"})
    no_others = measure_overlap("全镇现有各类企业106家,已建立企业工会92家", {})
    for overlap in (empty_text, no_others):
        assert overlap.share == 0.0 and overlap.passages == []


def test_a_shared_run_shorter_than_a_passage_counts_but_is_not_listed():
    phrase = "在上级工会的正确领导下认真贯彻落实"  # 17 comparable characters, under MIN_PASSAGE
    assert comparable_length(phrase) < MIN_PASSAGE
    text = f"镇党委{phrase}。今年新建职工之家一处"
    overlap = measure_overlap(text, {"a": f"县总{phrase},开展送温暖活动"})
    assert overlap.share == comparable_length(phrase) / comparable_length(text)
    assert overlap.passages == []


def test_liuhao_own_phrasing_is_not_copying_but_a_copied_paragraph_still_is():
    from reports.writing import boilerplate
    first, second, _third, _fourth, _fifth = seed_articles()
    generated = "镇工会主动深入基层，及时解决基层工会在工作中遇到的困难和问题。全年走访指导基层工会12次，现场解决建会、换届、经费等问题。"
    other = "乡工会主动深入基层，及时解决基层工会在工作中遇到的困难和问题。全年走访指导基层工会30次，现场解决建会、换届、经费等问题。"
    assert measure_overlap(generated, {"other": other}).share > 0.8  # word for word, were the words the township's own
    assert measure_overlap(generated, {"other": other}, common=boilerplate()).share < 0.1
    copied = max(paragraphs(first), key=len)  # seed 1's longest paragraph, pasted
    overlap = measure_overlap(generated + copied, {"seed 1": first, "other": other}, common=boilerplate())
    assert overlap.passages and overlap.passages[0].other_key == "seed 1" and overlap.share > 0.5
