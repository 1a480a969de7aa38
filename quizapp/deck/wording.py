"""Words of a question as the review rules read them: folded, split, stemmed, stop words known.

The review rules (review.py, review_deck.py) compare texts the way a reader does, not character by
character: "Hwasong-18" and "Hwasong 18" are the same words, "sanctions" and "sanction" the same
content word, and "the", "which" or "according" carry no content at all.
"""

from __future__ import annotations

import re

# A word: letters and digits, in any script. An apostrophe splits ("isn't" is "isn" and "t", "plant's"
# "plant" and "s"): the simplest pattern is the quickest, and the single letters carry no content.
WORD = re.compile(r"\w+")
# The same pattern read as ASCII: on a text in ASCII (most are) both find the same words, and `re`
# matches the ASCII class in three quarters of the time (splitting is the largest part of reading a text).
ASCII_WORD = re.compile(r"\w+", re.ASCII)

# Words that carry no content of their own: function words, question words, and the words every
# question about a text uses ("article", "paragraph"). A shared one is no cue and no duplicate.
STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are aren as at be because been before
    being below between both but by can cannot could couldn did didn do does doesn doing don
    down during each either few for from further had hadn has hasn have haven having he her here
    hers herself him himself his how i if in into is isn it its itself just let me more most
    much must my myself neither no nor not now of off on once one only or other ought our ours ourselves
    out over own same shan she should shouldn so some such than that the their theirs them
    themselves then there these they this those through to too under until up upon very was
    wasn we were weren what when where which while who whom whose why will with would
    wouldn you your yours yourself yourselves
    according article author text paragraph paragraphs passage say says said states stated following
    statement statements option options answer answers choice choices best describes describe true false
    correct right wrong question name give given many much main kind way ways thing things
    select choose pick tick apply applies
    """.split()
)

_SUFFIXES = ("ing", "ed", "e")


def words(text: str) -> list[str]:
    """The words of `text`, lower-cased, in order."""
    lowered = text.lower()
    return (ASCII_WORD if lowered.isascii() else WORD).findall(lowered)


# Several rules read the same option or prompt, so each text is split once. The memos are plain dicts
# (an lru_cache's bookkeeping costs as much as splitting a short text); `forget` empties them before
# each review, so they hold one deck's texts at most (10,000 questions: some 50,000 texts).
_WORD_SETS: dict[str, frozenset[str]] = {}
_PHRASES: dict[str, str] = {}
_CONTENT_STEMS: dict[str, frozenset[str]] = {}


def forget() -> None:
    """Empty the memos of texts read (the words and their stems stay: a vocabulary is small)."""
    _WORD_SETS.clear()
    _PHRASES.clear()
    _CONTENT_STEMS.clear()


def word_set(text: str) -> frozenset[str]:
    """The distinct words of `text`, lower-cased: a rule asks first whether a word it looks for is
    among them (one set operation) before it searches the text."""
    found = _WORD_SETS.get(text)
    if found is None:
        found = _WORD_SETS[text] = frozenset(words(text))
    return found


def phrase(text: str) -> str:
    """The words of `text` joined by single spaces, with a space at each end, so that `phrase(a) in
    phrase(b)` asks whether `a` is written in `b` as whole words ("Hwasong 18" is in "the Hwasong-18")."""
    found = _PHRASES.get(text)
    if found is None:
        found = _PHRASES[text] = " " + " ".join(words(text)) + " "
    return found


def stem(word: str) -> str:
    """A crude stem, enough to see that "sanctions", "sanctioned" and "sanction", or "composed" and
    "compose", are one word (a stem need not be a word: "compos")."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        word = word[:-1]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


class _ContentStems(dict[str, str]):
    """word -> its stem, or "" for a word without content; each word worked out once (a deck repeats
    its words), and looked up in C by `map(CONTENT_STEM.__getitem__, ...)`."""

    def __missing__(self, word: str) -> str:
        found = "" if word in STOP_WORDS or len(word) < 2 else word if word.isdigit() else stem(word)
        self[word] = found
        return found


_CONTENT_STEM = _ContentStems()


def content_stems(text: str) -> frozenset[str]:
    """The stems of the words of `text` that carry content (no stop words, no single letters)."""
    found = _CONTENT_STEMS.get(text)
    if found is None:
        found = _CONTENT_STEMS[text] = frozenset(filter(None, map(_CONTENT_STEM.__getitem__, word_set(text))))
    return found
