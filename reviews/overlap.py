"""How much of an application's narrative also appears in other applications' narratives.

Townships copy each other's 汇报材料 (the seed's third and fourth reports are one text under two
titles); reviewers should see the copied share and the copied passages at a glance.

Texts are compared as letters, digits and CJK characters only, so re-punctuating or re-spacing a
copy does not hide it. A character counts as shared when a run of SHINGLE comparable characters
containing it also occurs in another narrative.
"""
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

SHINGLE = 12  # comparable characters; shorter runs match set phrases every report uses ("在上级工会的正确领导下")
MIN_PASSAGE = 20  # comparable characters for a shared run to be shown as a passage
FULL_WIDTH_TO_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}  # "２００９" is "2009" typed with a CJK IME

Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class Passage:
    text: str  # as it reads in the application, punctuation included
    other_key: object  # the other narrative it also appears in


@dataclass(frozen=True)
class Overlap:
    share: float  # 0.0–1.0: comparable characters covered by a shared shingle / all comparable characters
    passages: list[Passage]  # maximal shared runs of at least MIN_PASSAGE comparable characters, longest first


def measure_overlap(text: str, others: Mapping[Key, str], common: tuple[str, ...] = ()) -> Overlap:
    """The share of `text` that also occurs in any of `others`, and the passages it shares.

    Characters that belong to a phrase of `common` (words everyone may use, such as liuhao's own
    generated phrasing) are never counted as shared, and a passage must hold MIN_PASSAGE shared
    characters besides them."""
    comparable, positions = _comparable(text)
    if not comparable:
        return Overlap(0.0, [])
    shingles = [hash(comparable[start:start + SHINGLE]) for start in range(len(comparable) - SHINGLE + 1)]
    shingles_of = {key: _shingle_set(other) for key, other in others.items()}
    distinct = set(shingles)
    shared = set().union(*(distinct & other_shingles for other_shingles in shingles_of.values()))
    runs = _shared_runs(shingles, shared)
    ours = _outside(comparable, _common_phrases(common))

    def own(start: int, end: int) -> int:
        return sum(ours[start:end])

    passages = [
        Passage(text[positions[start]:positions[end - 1] + 1], _main_source(run_shingles, shingles_of))
        for start, end, run_shingles in sorted(runs, key=lambda run: run[1] - run[0], reverse=True)
        if own(start, end) >= MIN_PASSAGE
    ]
    covered = sum(own(start, end) for start, end, _run_shingles in runs)
    return Overlap(covered / len(comparable), passages)


COMMON_MIN = 5  # comparable characters for a common phrase to count: shorter ones are words anyone writes


@lru_cache(maxsize=4)
def _common_phrases(common: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({phrase for text in common if len(phrase := _comparable(text)[0]) >= COMMON_MIN}))


def _outside(comparable: str, phrases: tuple[str, ...]) -> list[int]:
    """1 for each character of `comparable` that no common phrase covers, 0 for the others."""
    ours = [1] * len(comparable)
    for phrase in phrases:
        at = comparable.find(phrase)
        while at != -1:
            ours[at:at + len(phrase)] = [0] * len(phrase)
            at = comparable.find(phrase, at + 1)
    return ours


def _comparable(text: str) -> tuple[str, list[int]]:
    """The letters, digits and CJK characters of `text`, and the index of each in `text`."""
    positions = [index for index, char in enumerate(text) if char.isalnum()]
    return "".join([text[index] for index in positions]).translate(FULL_WIDTH_TO_ASCII), positions


@lru_cache(maxsize=64)
def _shingle_set(text: str) -> frozenset[int]:
    """Cached because each narrative of a round is compared with every other one."""
    comparable, _positions = _comparable(text)
    return frozenset(hash(comparable[start:start + SHINGLE]) for start in range(len(comparable) - SHINGLE + 1))


def _shared_runs(shingles: list[int], shared: set[int]) -> list[tuple[int, int, list[int]]]:
    """Maximal runs [start, end) of characters covered by shared shingles, with those shingles.

    `shingles[start]` is the shingle of the SHINGLE characters from `start` on.
    """
    runs: list[tuple[int, int, list[int]]] = []
    for start, shingle in enumerate(shingles):
        if shingle not in shared:
            continue
        if runs and start <= runs[-1][1]:  # overlapping or touching: the covered characters are contiguous
            run_start, _end, run_shingles = runs[-1]
            run_shingles.append(shingle)
            runs[-1] = (run_start, start + SHINGLE, run_shingles)
        else:
            runs.append((start, start + SHINGLE, [shingle]))
    return runs


def _main_source(run_shingles: list[int], shingles_of: Mapping[Key, frozenset[int]]) -> Key:
    """The other narrative holding most of a run: a passage may be stitched from several."""
    return max(shingles_of, key=lambda key: len(shingles_of[key].intersection(run_shingles)))
