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


def measure_overlap(text: str, others: Mapping[Key, str]) -> Overlap:
    """The share of `text` that also occurs in any of `others`, and the passages it shares."""
    comparable, positions = _comparable(text)
    if not comparable:
        return Overlap(0.0, [])
    shingles = [hash(comparable[start:start + SHINGLE]) for start in range(len(comparable) - SHINGLE + 1)]
    shingles_of = {key: _shingle_set(other) for key, other in others.items()}
    distinct = set(shingles)
    shared = set().union(*(distinct & other_shingles for other_shingles in shingles_of.values()))
    runs = _shared_runs(shingles, shared)
    passages = [
        Passage(text[positions[start]:positions[end - 1] + 1], _main_source(run_shingles, shingles_of))
        for start, end, run_shingles in sorted(runs, key=lambda run: run[1] - run[0], reverse=True)
        if end - start >= MIN_PASSAGE
    ]
    covered = sum(end - start for start, end, _run_shingles in runs)
    return Overlap(covered / len(comparable), passages)


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
