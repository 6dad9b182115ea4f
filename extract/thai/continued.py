"""The "(ต่อ)" mark ("continued") that a header cell carries on a page after the first.

One pattern for every place that looks for it: in a raw text layer the mai ek
may be one of its Private Use Area variants, and letter-spaced fonts or OCR put
spaces anywhere inside the parentheses ("( ต ่ อ )").
"""
from __future__ import annotations

import re
from re import Pattern

from thaitab.extract.thai.pua import MAI_EK_FORMS

__all__ = ["CONTINUED_MARK", "strip_continued"]

#: "(ต่อ)", with spaces anywhere inside it and the mai ek in any of its PUA forms
CONTINUED_MARK: Pattern[str] = re.compile(rf"\(\s*ต\s*[{MAI_EK_FORMS}]\s*อ\s*\)")


def strip_continued(text: str) -> str:
    """``text`` without its "(ต่อ)" marks."""
    return CONTINUED_MARK.sub("", text)
