"""Every tolerance thaitab's extraction and repairs use, in one object.

pdfplumber's ``table_settings`` is the model: one set of named values, each in
a unit that follows from the page (``_em``: the font size of the text it is
measured against; ``_pitch``: the line pitch; ``_page``: a fraction of the
page's width or height; ``_share``: a fraction of a count) and each with the
reason it has the value it has. A user facing a hard document overrides one
value without touching the code::

    read_pdf("report.pdf", settings={"cells.min_gutter_em": 0.8})
    thaitab extract report.pdf -o out --setting cells.min_gutter_em=0.8

The settings in force are a context (like :func:`decimal.localcontext`):
:func:`use` sets them for the pipeline's run, :func:`current` reads them where a
tolerance is applied. The defaults are what every measured figure of the
README was made with.

The sections mirror the pipeline's stages, one per module family: ``lines``
(chars into lines), ``cells`` (the table on a page), ``stitch`` (pages into one
table), ``ocr`` (scanned pages), ``pdf`` (the text layer and its fonts) and
``text`` (Thai repairs, joining wrapped lines, profiles).
"""
from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import difflib
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping, TypeVar


def setting(default: Any, why: str) -> Any:
    """A field of a settings section: its default and the one-line reason for it
    (``thaitab settings`` prints both)."""
    return field(default=default, metadata={"why": why})


# --- lines: extract/lines.py ---------------------------------------------------------------------


@dataclass(frozen=True)
class LineSettings:
    """Chars into lines and words."""

    # Example of the form every field takes (the stage's owner replaces it with the real ones):
    # space_gap_em: float = setting(0.28, "a gap this wide (in font sizes) between two glyphs is a typed space")


# --- cells: extract/cells.py ---------------------------------------------------------------------


@dataclass(frozen=True)
class CellSettings:
    """The table on one page: grid, gutters, clipped text, row splits."""


# --- stitch: extract/stitch.py -------------------------------------------------------------------


@dataclass(frozen=True)
class StitchSettings:
    """Page tables into one logical table: repeated headers, continuations."""


# --- ocr: extract/ocr/ ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OcrSettings:
    """Scanned pages: page trust, grid finding, deskew, lines, Tesseract."""


# --- pdf: extract/pdf.py, extract/fonts.py, extract/glyph_shapes.py -----------------------------


@dataclass(frozen=True)
class PdfSettings:
    """The text layer and its fonts."""


# --- text: extract/thai/, extract/wrap.py, extract/words.py, normalize/ --------------------------


@dataclass(frozen=True)
class TextSettings:
    """Thai repairs, wrapped lines joined, numbers, dates and profiles."""


# -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """All sections. Frozen: a run's settings cannot change under it."""

    lines: LineSettings = field(default_factory=LineSettings)
    cells: CellSettings = field(default_factory=CellSettings)
    stitch: StitchSettings = field(default_factory=StitchSettings)
    ocr: OcrSettings = field(default_factory=OcrSettings)
    pdf: PdfSettings = field(default_factory=PdfSettings)
    text: TextSettings = field(default_factory=TextSettings)


DEFAULT = Settings()
T = TypeVar("T")

# None until a caller enters use(): current() then reads DEFAULT at call time
_active: contextvars.ContextVar[Settings | None] = contextvars.ContextVar("thaitab_settings", default=None)


def current() -> Settings:
    """The settings in force (the defaults unless a caller entered :func:`use`).

    Read it once per call where a tolerance is applied, never inside a cached
    function (``lru_cache`` would keep the first run's value: read it in the
    caller and pass the value in, so that it is part of the cache's key). A
    context variable, so a thread started inside a run (a ThreadPoolExecutor)
    does not see it: run such work through :func:`carried`."""
    chosen = _active.get()
    return DEFAULT if chosen is None else chosen


@contextlib.contextmanager
def use(settings: Settings | Mapping[str, Any] | None) -> Iterator[Settings]:
    """Run the block with ``settings`` in force (a :class:`Settings`, or a mapping of
    ``"section.name": value`` overrides of what is in force; None keeps what is in force)."""
    chosen = resolve(settings)
    token = _active.set(chosen)
    try:
        yield chosen
    finally:
        _active.reset(token)


def carried(fn: Callable[..., T]) -> Callable[..., T]:
    """``fn`` run with the settings in force where ``carried`` was called, for
    work handed to another thread (threads do not inherit a context variable)::

        pool.map(carried(read_one), items)
    """
    chosen = current()

    def run(*args: Any, **kwargs: Any) -> T:
        with use(chosen):
            return fn(*args, **kwargs)

    return run


def resolve(settings: Settings | Mapping[str, Any] | None) -> Settings:
    """A :class:`Settings` from what a caller passed (see :func:`use`)."""
    if settings is None:
        return current()
    if isinstance(settings, Settings):
        return settings
    if not isinstance(settings, Mapping):
        raise TypeError(f"settings must be a Settings or a mapping of \"section.name\": value, "
                        f"not {type(settings).__name__}")
    return override(current(), settings)


def describe() -> list[tuple[str, Any, str]]:
    """Every setting as ``("section.name", default, reason)``, in declaration order."""
    out: list[tuple[str, Any, str]] = []
    for section in dataclasses.fields(Settings):
        values = getattr(DEFAULT, section.name)
        for f in dataclasses.fields(values):
            out.append((f"{section.name}.{f.name}", getattr(values, f.name), f.metadata.get("why", "")))
    return out


def names() -> dict[str, Any]:
    """Every setting as ``"section.name": default``, in declaration order."""
    return {name: default for name, default, _ in describe()}


def changed(settings: Settings) -> dict[str, Any]:
    """The settings of ``settings`` that differ from the defaults, as
    ``"section.name": value`` in declaration order (what a run records)."""
    out: dict[str, Any] = {}
    for name, default in names().items():
        section, field_name = name.split(".", 1)
        value = getattr(getattr(settings, section), field_name)
        if value != default:
            out[name] = value
    return out


def override(base: Settings, values: Mapping[str, Any]) -> Settings:
    """``base`` with ``{"section.name": value}`` replaced. A value may be a string
    (from the command line): it is read as the default's type. Unknown names and
    values of the wrong kind raise ValueError naming the setting."""
    known = names()
    sections: dict[str, dict[str, Any]] = {}
    for key, value in values.items():
        if key not in known:
            raise ValueError(f"unknown setting {key!r}{_did_you_mean(key, known)} (see `thaitab settings`)")
        section, name = key.split(".", 1)
        sections.setdefault(section, {})[name] = _as_type(key, value, known[key])
    return dataclasses.replace(
        base, **{s: dataclasses.replace(getattr(base, s), **v) for s, v in sections.items()}
    )


def _did_you_mean(key: Any, known: Mapping[str, Any]) -> str:
    close = difflib.get_close_matches(str(key), list(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def parse_assignment(text: str) -> tuple[str, str]:
    """``"cells.min_gutter_em=0.8"`` -> ``("cells.min_gutter_em", "0.8")``."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise ValueError(f"a setting is written section.name=value, not {text!r}")
    return key.strip(), value.strip()


def _as_type(key: str, value: Any, default: Any) -> Any:
    """``value`` as the type of ``default``: a string is parsed (the command line),
    anything else must already be of that kind (an int does for a float). Numbers
    must be finite; a tuple keeps its length."""
    try:
        if isinstance(default, tuple):
            return _as_tuple(value, default)
        out = _from_text(value, default) if isinstance(value, str) else _checked(value, default)
    except (TypeError, ValueError):
        raise ValueError(f"setting {key!r} takes {_kind(default)}, not {value!r}") from None
    if isinstance(out, float) and not math.isfinite(out):
        raise ValueError(f"setting {key!r} takes a finite number, not {value!r}")
    return out


def _as_tuple(value: Any, default: tuple) -> tuple:
    parts = value.split(",") if isinstance(value, str) else value
    if not isinstance(parts, (list, tuple)) or len(parts) != len(default):
        raise ValueError
    return tuple(_from_text(p.strip(), d) if isinstance(p, str) else _checked(p, d) for p, d in zip(parts, default))


def _from_text(text: str, default: Any) -> Any:
    if isinstance(default, bool):
        word = text.strip().lower()
        if word not in _BOOLS:
            raise ValueError
        return _BOOLS[word]
    return type(default)(text.strip())


def _checked(value: Any, default: Any) -> Any:
    """A value given as a Python object: of the default's kind (an int for a float)."""
    kind = type(default)
    if isinstance(value, bool) != isinstance(default, bool):
        raise TypeError
    if isinstance(default, float) and isinstance(value, int):
        return float(value)
    if not isinstance(value, kind):
        raise TypeError
    return value


def _kind(default: Any) -> str:
    if isinstance(default, tuple):
        return f"{len(default)} values separated by commas (like {','.join(map(str, default))})"
    if isinstance(default, bool):
        return "true or false"
    return {float: "a number", int: "a whole number", str: "a text"}.get(type(default), type(default).__name__)


_BOOLS = {"true": True, "yes": True, "1": True, "on": True, "false": False, "no": False, "0": False, "off": False}
