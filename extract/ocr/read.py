"""Tesseract: single-line images read in one process per worker, with the
second readings that fix what the Thai+English model gets wrong (doubtful
Latin read again in Thai, an item number's period asked of the English model,
Thai digits read by shape).

Settings are read here before the worker threads start: the threads do not
see the caller's :func:`extract.settings.use` context.
"""
from __future__ import annotations

import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Sequence

from thaitab.extract.ocr.digits import read_thai_digits
from thaitab.extract.ocr.words import Word
from thaitab.extract.settings import current
from thaitab.extract.thai.charset import is_thai

LANG = "tha+eng"
# Thai alone, for a second reading of words that the first read as doubtful Latin
THAI_LANG = "tha"
# English alone, for the period of an item number that the Thai model dropped
ENGLISH_LANG = "eng"
LATIN_MIN_CONF = 80.0
# a word read with less confidence than this and no letter or digit is a speck of noise
SPECK_MAX_CONF = 40
# the English reading of an item number's period is taken from this confidence on
PERIOD_MIN_CONF = 60

_LATIN = re.compile("[A-Za-z]")
_ARABIC_DIGIT = re.compile("[0-9]")
_THAI_DIGIT = re.compile("[๐-๙]")


@lru_cache(maxsize=1)
def ocr_unavailable() -> str | None:
    """What is missing for OCR on this machine, or None when all is there."""
    try:
        import cv2  # noqa: F401
        import numpy  # noqa: F401
        import pytesseract
    except ImportError as exc:
        # OpenCV and pytesseract are dependencies of thaitab: an install without them is broken
        return f"Python package missing ({exc.name}): pip install opencv-python-headless pytesseract"
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        return "install tesseract-ocr and tesseract-ocr-tha"
    try:
        langs = set(pytesseract.get_languages(config=""))
    except Exception:
        return "install tesseract-ocr and tesseract-ocr-tha"
    missing = [lang for lang in LANG.split("+") if lang not in langs]
    if missing:
        return "install tesseract-ocr-" + " tesseract-ocr-".join(missing) + " (Tesseract language data)"
    return None


def _tsv_words(tsv: str) -> dict[int, list[Word]]:
    """Words per page number (1-based) of Tesseract TSV output."""
    out: dict[int, list[Word]] = {}
    for row in tsv.splitlines()[1:]:
        parts = row.split("\t")
        if len(parts) < 12 or parts[0] != "5":
            continue
        text = parts[11].strip()
        try:
            conf = float(parts[10])
            left, top, width, height = (float(v) for v in parts[6:10])
        except ValueError:
            continue
        if not text or conf < 0:
            continue
        if conf < SPECK_MAX_CONF and not any(ch.isalnum() for ch in text):
            continue  # a speck of noise read as punctuation
        out.setdefault(int(parts[1]), []).append(Word(text, left, top, left + width, top + height, conf))
    return out


def _run_tesseract(paths: list[str], workdir: str, tag: str, lang: str) -> dict[int, list[Word]]:
    import subprocess

    import pytesseract

    listfile = os.path.join(workdir, f"list{tag}.txt")
    with open(listfile, "w", encoding="utf-8") as fh:
        fh.write("\n".join(paths) + "\n")
    env = dict(os.environ)
    # Tesseract's OpenMP threads only spin against each other here
    env.setdefault("OMP_THREAD_LIMIT", "1")
    proc = subprocess.run(
        [pytesseract.pytesseract.tesseract_cmd, listfile, "stdout", "-l", lang, "--psm", "7", "tsv"],
        capture_output=True, env=env, check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError("tesseract failed: " + proc.stderr.decode("utf-8", "replace").strip()[-300:])
    return _tsv_words(proc.stdout.decode("utf-8", "replace"))


def _read(paths: list[str], workdir: str, lang: str) -> list[list[Word]]:
    """Words of each image, with one Tesseract run per worker."""
    if not paths:
        return []
    n = min(_workers(), max(1, len(paths) // 4))
    size = -(-len(paths) // n)
    chunks = [(k, paths[k * size:(k + 1) * size]) for k in range(n) if paths[k * size:(k + 1) * size]]
    with ThreadPoolExecutor(len(chunks)) as pool:
        results = list(pool.map(lambda kc: (kc[0], _run_tesseract(kc[1], workdir, f"{lang}{kc[0]}", lang)), chunks))
    out: list[list[Word]] = [[] for _ in paths]
    for k, words in results:
        for page, ws in words.items():
            i = k * size + page - 1
            if 0 <= i < len(out):
                out[i] = sorted(ws, key=lambda w: w.left)
    return out


def _doubtful(words: Sequence[Word]) -> set[int]:
    """Indexes of words that Tesseract, with Thai and English loaded, may have
    read as Latin where the page has Thai: a Latin word read with little
    confidence, a number mixing Thai and Arabic digits ("๕8๐,๐๐๐"), or an
    unsure Arabic digit between Thai digits."""
    out: set[int] = set()
    for i, w in enumerate(words):
        arabic = bool(_ARABIC_DIGIT.search(w.text))
        if arabic and _THAI_DIGIT.search(w.text):
            out.add(i)
        elif _LATIN.search(w.text) and w.conf < LATIN_MIN_CONF:
            out.add(i)
        elif arabic and w.conf < LATIN_MIN_CONF:
            near = [words[j].text for j in (i - 1, i + 1) if 0 <= j < len(words)]
            if any(_THAI_DIGIT.search(t) for t in near):
                out.add(i)
    return out


def _thai_wins(w: Word, inside: Sequence[Word]) -> bool:
    """Does the Thai reading ``inside`` replace the doubtful word ``w``? When it
    is surer, or when the first reading mixed Thai and Arabic digits."""
    if not inside:
        return False
    mixed = bool(_ARABIC_DIGIT.search(w.text)) and (
        bool(_THAI_DIGIT.search(w.text))
        or any(_THAI_DIGIT.search(t.text) for t in inside))
    return mixed or sum(t.conf for t in inside) / len(inside) > w.conf


def _with_thai_reading(words: Sequence[Word], doubts: set[int], thai: Sequence[Word], slack: float) -> list[Word]:
    """One line's words, each doubtful one replaced by the Thai reading's words
    whose centres stand in its box when :func:`_thai_wins`."""
    out: list[Word] = []
    for k, w in enumerate(words):
        if k in doubts:
            inside = [t for t in thai if w.left - slack <= (t.left + t.right) / 2 <= w.right + slack]
            if _thai_wins(w, inside):
                out.extend(inside)
                continue
        out.append(w)
    return sorted(out, key=lambda w: w.left)


def _reread_doubtful_latin(out: list[list[Word]], paths: list[str], workdir: str) -> None:
    """Lines with a doubtful word (:func:`_doubtful`) read again with Thai alone,
    the Thai reading taken where it wins (in place)."""
    if THAI_LANG == LANG:
        return
    slack = current().ocr.reread_slack_px
    doubts = {i: _doubtful(ws) for i, ws in enumerate(out)}
    again = [i for i, bad in doubts.items() if bad]
    if not again:
        return
    for i, thai in zip(again, _read([paths[i] for i in again], workdir, THAI_LANG)):
        out[i] = _with_thai_reading(out[i], doubts[i], thai, slack)


def _bare_item_number(words: Sequence[Word]) -> bool:
    """Does the line open with an Arabic item number of one or two digits,
    without a period, before Thai text ("2 เผยแพร่")?"""
    return (len(words) > 1 and words[0].text.isascii() and words[0].text.isdigit() and len(words[0].text) <= 2
            and is_thai(words[1].text[0]))


def _restore_item_periods(out: list[list[Word]], paths: list[str], workdir: str) -> None:
    """The Thai model drops the period of an item number ("2. เผยแพร่" read as
    "2 เผยแพร่") where the English one keeps it: ask it about those (in place)."""
    bare = [i for i, ws in enumerate(out) if _bare_item_number(ws)]
    if not bare or ENGLISH_LANG == LANG:
        return
    for i, eng in zip(bare, _read([paths[i] for i in bare], workdir, ENGLISH_LANG)):
        if eng and eng[0].text == out[i][0].text + "." and eng[0].conf >= PERIOD_MIN_CONF:
            w = out[i][0]
            out[i][0] = Word(w.text + ".", w.left, w.top, max(w.right, eng[0].right), w.bottom, w.conf)


def ocr_lines(images: Sequence) -> list[list[Word]]:
    """Read single-line images with Tesseract (page segmentation mode 7).

    All images go to one Tesseract run per worker (the model loads once), the
    workers splitting the list between them. With Thai and English loaded,
    Tesseract reads some Thai abbreviations as Latin ("ต.ค." as "A.A.", "อบต."
    as "QUA."), with low confidence, while real English words come back sure;
    so a line with a doubtful Latin word is read again with Thai alone and the
    Thai reading replaces the doubtful words when it is surer. A line that
    opens with an Arabic item number without its period is read again in
    English, which keeps the period that the Thai model drops. Last, Thai
    digits are read by the shape of their glyphs
    (:func:`extract.ocr.digits.read_thai_digits`). Returns the words of each
    image, left to right, in the image's pixels.
    """
    import tempfile

    import cv2

    if not images:
        return []
    with tempfile.TemporaryDirectory(prefix="thaitab-ocr-") as d:
        paths = []
        for i, im in enumerate(images):
            path = os.path.join(d, f"{i:05d}.png")
            cv2.imwrite(path, im)
            paths.append(path)
        out = _read(paths, d, LANG)
        _reread_doubtful_latin(out, paths, d)
        _restore_item_periods(out, paths, d)
    # the Thai model misreads Thai digits (๖ as ๒): their glyphs' shapes decide
    return [read_thai_digits(im, ws) for im, ws in zip(images, out)]


def _share() -> int:
    """The cores a batch worker was given for OCR (THAITAB_OCR_THREADS); 0: none set."""
    share = os.environ.get("THAITAB_OCR_THREADS", "")
    return int(share) if share.isdigit() else 0


def _workers() -> int:
    """Tesseract processes for one page: the cores, or the share a batch worker
    was given (THAITAB_OCR_THREADS), so that workers do not oversubscribe."""
    if _share() > 0:
        return min(4, _share())
    return max(1, min(4, os.cpu_count() or 1))


def share_cv_threads() -> None:
    """Keep OpenCV's thread pool to a batch worker's share of the cores too
    (THAITAB_OCR_THREADS): by default it takes every core, in each worker at once."""
    import cv2

    if _share() > 0 and cv2.getNumThreads() != _share():
        cv2.setNumThreads(_share())
