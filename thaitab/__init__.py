"""thaitab: Thai government report PDFs → tidy CSV and Excel tables."""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["read_pdf", "__version__"]


def read_pdf(*args, **kwargs):
    """See :func:`thaitab.api.read_pdf` (imported lazily to keep start-up fast)."""
    from thaitab.api import read_pdf as _read_pdf

    return _read_pdf(*args, **kwargs)
