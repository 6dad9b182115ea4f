"""Moved to :mod:`extract.ocr.digits`; these names stay importable from here
(:mod:`extract.glyph_shapes` matches glyph shapes with them)."""
from __future__ import annotations

from thaitab.extract.ocr.digits import (  # noqa: F401
    DRAW_SIZE, FIT_MAX, MARGIN, SIDE, THAI_DIGITS, Templates, build_templates, digit_distances, distance2,
    read_thai_digits, square, templates, thai_font_files, verdict,
)
