"""The Thai script as data: which code points are consonants, vowels, marks, digits.

pythainlp's ``thai_characters`` family is the model: each class is a string of
its characters, so a regex class is ``f"[{TONE_MARKS}]"`` and a test is
``ch in TONE_MARKS``. Every "is this Thai?" question thaitab asks is answered
here, by one of a few named predicates whose ranges differ for a reason:

* :func:`is_thai`: any Thai character (U+0E01..U+0E5B: letters, marks, digits,
  signs), for "is this a Thai text run?" (wraps, joins, widths);
* :func:`is_thai_text`: Thai that words are written with (no digits, no
  verse marks ๏ ๚ ๛), for "does a word start here?" and regex runs of words;
* :func:`is_thai_letter`: a spacing Thai letter (consonant or vowel letter),
  what OCR counts to decide that a text layer reads as Thai: marks, digits and
  the signs ฯ ๆ ฿ say nothing about the script of a word;
* :func:`is_consonant`: ก..ฮ, the one class every Thai word holds.
"""
from __future__ import annotations

__all__ = [
    "CONSONANTS", "LEADING_VOWELS", "FOLLOWING_VOWELS", "VOWELS_ABOVE", "VOWELS_BELOW",
    "TONE_MARKS", "SIGNS_ABOVE", "MARKS", "DIGITS", "SIGNS", "ARCHAIC", "LETTERS",
    "THAI", "THAI_TEXT", "ZERO_WIDTH", "ZERO_WIDTH_FORMAT",
    "SARA_A", "SARA_AA", "SARA_AM", "SARA_E", "SARA_AE", "SARA_U", "NIKHAHIT", "MAI_EK",
    "PAIYANNOI", "MAIYAMOK",
    "is_thai", "is_thai_text", "is_thai_letter", "is_consonant", "is_thai_digit", "is_mark",
]

# --- the letters --------------------------------------------------------------------------------

#: ก..ฮ (U+0E01..U+0E2E), with the vowel letters ฤ and ฦ that sit in their range and
#: behave as consonants (they take marks; pythainlp's ``thai_consonants`` leaves them out)
CONSONANTS = "กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรฤลฦวศษสหฬอฮ"
#: vowels written before the consonant they follow in speech: เ แ โ ใ ไ
LEADING_VOWELS = "\u0e40\u0e41\u0e42\u0e43\u0e44"
#: spacing vowels after the consonant: SARA A, SARA AA, SARA AM, LAKKHANGYAO
FOLLOWING_VOWELS = "\u0e30\u0e32\u0e33\u0e45"
#: combining vowels above: MAI HAN-AKAT, SARA I, II, UE, UEE, MAITAIKHU
VOWELS_ABOVE = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47"
#: combining vowels below: SARA U, SARA UU, PHINTHU
VOWELS_BELOW = "\u0e38\u0e39\u0e3a"
#: MAI EK, MAI THO, MAI TRI, MAI CHATTAWA
TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"
#: THANTHAKHAT (silent letter), NIKHAHIT, YAMAKKAN
SIGNS_ABOVE = "\u0e4c\u0e4d\u0e4e"
#: every combining mark: a mark has no advance width and belongs to the letter before it
MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47" + TONE_MARKS + SIGNS_ABOVE
#: ๐..๙
DIGITS = "๐๑๒๓๔๕๖๗๘๙"
#: str.translate table: Thai digits read as Arabic ones
TO_ARABIC = str.maketrans(DIGITS, "0123456789")
#: PAIYANNOI ฯ, BAHT ฿, MAIYAMOK ๆ, FONGMAN ๏, ANGKHANKHU ๚, KHOMUT ๛
SIGNS = "\u0e2f\u0e3f\u0e46\u0e4f\u0e5a\u0e5b"
#: YAMAKKAN, FONGMAN, ANGKHANKHU, KHOMUT: Pali and verse marks that modern government text never uses
ARCHAIC = "\u0e4e\u0e4f\u0e5a\u0e5b"
#: spacing letters: consonants and vowel letters (what a word is spelt with besides marks)
LETTERS = CONSONANTS + "\u0e30\u0e32\u0e33" + LEADING_VOWELS + "\u0e45"

# --- regex class bodies ---------------------------------------------------------------------------

#: every assigned Thai character, U+0E01..U+0E5B (the block U+0E00..U+0E7F assigns nothing
#: else; the unassigned U+0E3B..U+0E3E inside the range never occur in text)
THAI = "\u0e01-\u0e5b"
#: Thai text without digits: letters, vowels, marks and ฯ ฿ ๆ (U+0E01..U+0E4E); a Thai
#: word never holds a digit, so a run of these is a run of words
THAI_TEXT = "\u0e01-\u0e4e"

# --- invisible characters that Thai text layers carry --------------------------------------------

#: ZWSP (mPDF after every Thai word), ZWNJ, ZWJ, WORD JOINER, BOM: never visible
ZERO_WIDTH_FORMAT = "\u200b\u200c\u200d\u2060\ufeff"
#: the same and SOFT HYPHEN (visible only where a line breaks, which a cell's text no longer does)
ZERO_WIDTH = ZERO_WIDTH_FORMAT + "\u00ad"

# --- single characters that rules name -----------------------------------------------------------

SARA_A = "\u0e30"
SARA_AA = "\u0e32"
SARA_AM = "\u0e33"
SARA_E = "\u0e40"
SARA_AE = "\u0e41"
SARA_U = "\u0e38"
NIKHAHIT = "\u0e4d"
MAI_EK = "\u0e48"
PAIYANNOI = "\u0e2f"
MAIYAMOK = "\u0e46"


def is_thai(ch: str) -> bool:
    """Any Thai character: letter, mark, digit or sign (U+0E01..U+0E5B)."""
    return "\u0e01" <= ch <= "\u0e5b"


_LETTER_SET = frozenset(LETTERS)


def is_thai_text(ch: str) -> bool:
    """Thai that words are written with (:data:`THAI_TEXT`): no digit, no ๏ ๚ ๛."""
    return "\u0e01" <= ch <= "\u0e4e"


def is_thai_letter(ch: str) -> bool:
    """A spacing Thai letter (:data:`LETTERS`): not a mark, digit or sign."""
    return ch in _LETTER_SET


def is_consonant(ch: str) -> bool:
    """ก..ฮ (:data:`CONSONANTS`)."""
    return "\u0e01" <= ch <= "\u0e2e"


def is_thai_digit(ch: str) -> bool:
    """๐..๙."""
    return "\u0e50" <= ch <= "\u0e59"


def is_mark(ch: str) -> bool:
    """A Thai combining mark (:data:`MARKS`)."""
    return len(ch) == 1 and ch in MARKS
