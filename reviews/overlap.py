"""How much of an application's narrative also appears in other applications: the seed's third
and fourth reports are one text under two titles, and reviewers should see that at a glance.

Texts are compared without whitespace and punctuation, as overlapping runs of SHINGLE characters;
a character of the text is "shared" when a run containing it occurs in another text.
"""
import unicodedata
from dataclasses import dataclass, field

SHINGLE = 12  # characters; shorter runs match set phrases every report uses ("在上级工会的正确领导下")
MIN_PASSAGE = 20  # comparable characters for a passage to be shown


@dataclass(frozen=True)
class Passage:
    text: str  # as it reads in the application
    other_key: object  # the other document it also appears in


@dataclass(frozen=True)
class Overlap:
    share: float  # 0.0–1.0 of the comparable characters
    passages: list[Passage] = field(default_factory=list)  # longest first


def _comparable(text: str) -> tuple[str, list[int]]:
    """The letters, digits and CJK characters of a text, and where each stands in the original."""
    kept, positions = [], []
    for index, char in enumerate(text):
        if unicodedata.category(char)[0] in "LN":
            kept.append(char)
            positions.append(index)
    return "".join(kept), positions


def _shingles(text: str) -> set[int]:
    return {hash(text[start:start + SHINGLE]) for start in range(len(text) - SHINGLE + 1)}


def measure_overlap(text: str, others: dict[object, str]) -> Overlap:
    normalised, positions = _comparable(text)
    if len(normalised) < SHINGLE or not others:
        return Overlap(0.0)
    other_shingles = {key: _shingles(_comparable(other)[0]) for key, other in others.items()}
    anywhere = set().union(*other_shingles.values())
    covered = [False] * len(normalised)
    shared_starts = []
    for start in range(len(normalised) - SHINGLE + 1):
        if hash(normalised[start:start + SHINGLE]) in anywhere:
            shared_starts.append(start)
            covered[start:start + SHINGLE] = [True] * SHINGLE
    passages = []
    run_start = None
    for index, is_covered in enumerate(covered + [False]):
        if is_covered and run_start is None:
            run_start = index
        elif not is_covered and run_start is not None:
            if index - run_start >= MIN_PASSAGE:
                passages.append(_passage(text, normalised, positions, run_start, index, other_shingles))
            run_start = None
    passages.sort(key=lambda passage: len(passage.text), reverse=True)
    return Overlap(sum(covered) / len(normalised), passages)


def _passage(text, normalised, positions, start, end, other_shingles) -> Passage:
    run = {hash(normalised[i:i + SHINGLE]) for i in range(start, end - SHINGLE + 1)}
    source = max(other_shingles, key=lambda key: len(run & other_shingles[key]))
    return Passage(text[positions[start]:positions[end - 1] + 1], source)
