"""Kept for callers of the old name: the dictionary and tokenizer are :mod:`extract.thai.words`."""
from __future__ import annotations

from thaitab.extract.thai.words import PrefixDictionary, dictionary, tokenize, words

__all__ = ["PrefixDictionary", "dictionary", "tokenize", "words"]
