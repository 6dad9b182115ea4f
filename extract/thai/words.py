"""pythainlp's word list as thaitab's one dictionary, and newmm over it.

newmm asks its dictionary one thing, ``prefixes(text, start)``: the words that
start at ``start``, shortest first. pythainlp answers with a trie of Python
objects, about 0.5 s and 60 MB to build in every process before the first
word is segmented (serial time before a batch forks its workers). One dict
holding every word and every beginning of a word gives the same answers (so
the same tokens) for less than half of both. Everything in thaitab that
segments Thai goes through :func:`tokenize` or :func:`dictionary`, so that
pythainlp's own trie is never built.
"""
from __future__ import annotations

from functools import lru_cache

__all__ = ["PrefixDictionary", "dictionary", "tokenize", "words"]


@lru_cache(maxsize=1)
def words() -> frozenset[str]:
    """pythainlp's word list (``thai_words()``), loaded once."""
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


class PrefixDictionary:
    """A word list that newmm can segment with: ``entries`` maps every word to
    True and every other beginning of a word to False."""

    __slots__ = ("entries",)

    def __init__(self, word_list: frozenset[str]) -> None:
        # words as pythainlp's Trie stores them: stripped, never empty
        stripped = {w.strip() for w in word_list} - {""}
        self.entries: dict[str, bool] = dict.fromkeys(
            {w[:i] for w in stripped for i in range(1, len(w))}, False)
        self.entries.update(dict.fromkeys(stripped, True))

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """The words that ``text[start:]`` begins with, shortest first
        (``pythainlp.util.Trie.prefixes``)."""
        get = self.entries.get
        found = []
        for end in range(start + 1, len(text) + 1):
            is_word = get(text[start:end])
            if is_word is None:
                break
            if is_word:
                found.append(text[start:end])
        return found

    def __contains__(self, word: str) -> bool:
        return self.entries.get(word, False)

    def __bool__(self) -> bool:
        return True  # newmm falls back to pythainlp's own trie on a falsy dictionary


@lru_cache(maxsize=1)
def dictionary() -> PrefixDictionary:
    """The dictionary of :func:`words`, built once per process."""
    return PrefixDictionary(words())


def tokenize(text: str, keep_whitespace: bool = False) -> list[str]:
    """newmm word segmentation with :func:`dictionary`: pythainlp's
    ``word_tokenize(text, engine="newmm")`` without building its trie."""
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(text, custom_dict=dictionary(), engine="newmm",
                         keep_whitespace=keep_whitespace)
