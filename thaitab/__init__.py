"""thaitab: Thai government report PDFs → tidy CSV and Excel tables.

``thaitab.read_pdf`` reads a report into a pandas DataFrame; it raises
``thaitab.InputError`` (one line naming the reason) for a PDF it cannot read.
"""
import os as _os
from typing import Sequence as _Sequence

__version__ = "0.1.0"
__all__ = ["InputError", "read_pdf", "__version__"]


def _pythainlp_data() -> None:
    """Let pythainlp run without a writable home folder.

    pythainlp creates its data folder (``PYTHAINLP_DATA``, else
    ``~/pythainlp-data``) when first imported, and dies when it cannot (a
    service account, a read-only container). thaitab reads only the word lists
    pythainlp ships, so when that folder cannot be made it asks pythainlp not
    to write at all (``PYTHAINLP_READ_ONLY=1``). A setting of the user's wins."""
    env = _os.environ
    if any(k in env for k in ("PYTHAINLP_READ_ONLY", "PYTHAINLP_READ_MODE")):
        return
    folder = _os.path.expanduser(env.get("PYTHAINLP_DATA") or env.get("PYTHAINLP_DATA_DIR")
                                 or _os.path.join("~", "pythainlp-data"))
    if _os.path.isdir(folder):
        return
    parent = _os.path.dirname(_os.path.abspath(folder))
    while parent and not _os.path.exists(parent) and parent != _os.path.dirname(parent):
        parent = _os.path.dirname(parent)
    if not (_os.path.isdir(parent) and _os.access(parent, _os.W_OK | _os.X_OK)):
        env["PYTHAINLP_READ_ONLY"] = "1"


_pythainlp_data()
def _checkout_layout() -> None:
    """Find ``thaitab.extract`` and ``thaitab.normalize`` in a source checkout.

    Installed, they are folders of this package (pyproject.toml maps the
    repository's top-level ``extract/`` and ``normalize/`` to them). Run from a
    checkout without installing (or from a second checkout beside an installed
    one), they are this folder's siblings: the checkout's root is searched too,
    after this folder."""
    here = _os.path.dirname(_os.path.abspath(__file__))
    root = _os.path.dirname(here)
    if all(_os.path.isfile(_os.path.join(root, name, "__init__.py")) for name in ("extract", "normalize")) \
            and _os.path.isfile(_os.path.join(root, "pyproject.toml")):
        __path__.append(root)  # noqa: F821 (a package's __path__)


_checkout_layout()


def read_pdf(path: "str | _os.PathLike[str]", pages: "_Sequence[int] | str | int | None" = None,
             profile: str = "auto", password: "str | None" = None, settings=None):
    """Read the main table of a Thai report PDF into a pandas DataFrame.

    ``pages``: 1-based page numbers ([1, 2, 3]), one page (3) or a range as
    the command line writes it ("1-3,7"); default all. ``profile``: "auto"
    (ITA columns when the headers say so), "ita" or "generic". The frame has
    the columns the CLI writes to ``<stem>.csv``; a PDF without a table gives
    an empty frame that still has them. Raises :class:`InputError` with a
    one-line reason when the PDF cannot be read (or has none of ``pages``),
    TypeError or ValueError for arguments that make no sense.

    ``settings``: tolerances for this call, ``{"cells.min_gutter_em": 0.8}``
    (names, defaults and reasons: ``thaitab settings``) or an
    ``extract.settings.Settings``; an unknown name or a bad value is a ValueError.
    """
    from thaitab.api import read_pdf as _read_pdf  # lazily: pandas is slow to import

    return _read_pdf(path, pages=pages, profile=profile, password=password, settings=settings)


def __getattr__(name: str):
    if name == "InputError":  # lazily: it lives with the PDF reader
        from thaitab.extract.pdf import InputError

        return InputError
    raise AttributeError(f"module 'thaitab' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
