"""Measure the Thai text repairs on real government PDFs (issue 3 figures).

    python benchmarks/text_quality.py [REALWORLD_DIR]

For every PDF (scans aside) it compares ``thaitab text`` with pdfplumber's plain
``extract_text()``: PUA code points, decomposed sara am, ``(cid:N)`` glyphs and
U+FFFD left (and glyphs thaitab could not read, marked U+2370), the share of
Thai characters in tokens that are not pythainlp dictionary words, and, where a
``<stem>.reference.txt`` exists, the whitespace-insensitive character error rate
against it. Default folder: ../shared/realworld next to the repository.
"""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pdfplumber
from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_tokenize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from thaitab.text import pdf_text  # noqa: E402

PUA = re.compile("[\ue000-\uf8ff]")
CID = re.compile(r"\(cid:\d+\)")
UNREAD = "\u2370"  # extract.glyph_shapes.UNREAD: a glyph neither its font nor its shape could name
DECOMPOSED_AM = re.compile("\u0e4d[\u0e48-\u0e4b]?\u0e32")
THAI_RUN = re.compile("[\u0e01-\u0e4e]+")
WS = re.compile(r"\s+")


def non_dictionary(text: str, words: frozenset[str]) -> tuple[int, int]:
    """(Thai chars in non-dictionary tokens, Thai chars) of a text."""
    bad = total = 0
    for run in THAI_RUN.findall(text):
        for tok in word_tokenize(run, engine="newmm", keep_whitespace=False):
            n = len(tok)
            total += n
            if tok not in words and not (len(tok) == 1 and tok in "ๆฯ"):
                bad += n
    return bad, total


AM = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def canon(text: str) -> str:
    """Compare content, not spelling conventions: white space dropped, Thai
    digits read as Arabic and NIKHAHIT + SARA AA as SARA AM on both sides (the
    constitution references are written with Arabic digits and decomposed am)."""
    return WS.sub("", AM.sub("\\1\u0e33", text).translate(THAI_DIGITS))


def cer(hyp: str, ref: str) -> float:
    from rapidfuzz.distance import Levenshtein

    h, r = canon(hyp), canon(ref)
    return Levenshtein.distance(h, r) / max(len(r), 1)


def plain_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\f".join(p.extract_text() or "" for p in pdf.pages)


def main(folder: Path) -> None:
    words = frozenset(thai_words())
    pdfs = sorted(p for p in folder.glob("*.pdf") if "scan" not in p.stem)
    tot = {"ours": [0, 0], "plumber": [0, 0]}
    pooled = {"ours": 0.0, "plumber": 0.0, "ref": 0}
    for path in pdfs:
        t0 = time.perf_counter()
        ours = pdf_text(path)
        secs = time.perf_counter() - t0
        base = plain_text(path)
        line = f"{path.stem}: pua {len(PUA.findall(base))}->{len(PUA.findall(ours))} " \
               f"decomposed_am {len(DECOMPOSED_AM.findall(base))}->{len(DECOMPOSED_AM.findall(ours))} " \
               f"cid {len(CID.findall(base))}->{len(CID.findall(ours))} " \
               f"fffd {base.count(chr(0xFFFD))}->{ours.count(chr(0xFFFD))} unread_marked {ours.count(UNREAD)}"
        for name, text in (("plumber", base), ("ours", ours)):
            bad, total = non_dictionary(text, words)
            tot[name][0] += bad
            tot[name][1] += total
        ref = path.with_name(path.stem + ".reference.txt")
        if ref.exists():
            r = ref.read_text(encoding="utf-8")
            c_ours, c_base = cer(ours, r), cer(base, r)
            n = len(canon(r))
            pooled["ours"] += c_ours * n
            pooled["plumber"] += c_base * n
            pooled["ref"] += n
            line += f" cer {c_base:.3f}->{c_ours:.3f} (ratio {c_ours / max(c_base, 1e-9):.2f})"
        print(line + f" [{secs:.1f}s]", flush=True)
    if pooled["ref"]:
        o, b = pooled["ours"] / pooled["ref"], pooled["plumber"] / pooled["ref"]
        print(f"reference CER pooled: pdfplumber {b:.4f} thaitab {o:.4f} (ratio {o / max(b, 1e-9):.2f})")
    for name in ("plumber", "ours"):
        bad, total = tot[name]
        print(f"non-dictionary Thai share {name}: {bad / max(total, 1):.3f} ({bad}/{total})")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "realworld")
