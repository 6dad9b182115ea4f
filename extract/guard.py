"""The page budget and the pdfminer guard: hostile input bounded while thaitab parses.

* A decompression bomb (a few KB of FlateDecode that inflate to gigabytes):
  every compressed stream pdfminer decodes is inflated with a bound. One page
  may have pdfminer parse :data:`MAX_PAGE_CONTENT_MB` of content (its content
  streams and each run of its forms) and decompress :data:`MAX_PAGE_MB` in
  all (fonts and CMaps too); more raises :class:`ContentTooLarge` ("PDF too
  large to process safely (over 16 MB content on page 3)") before the bytes
  are in memory. ``THAITAB_MAX_PAGE_CONTENT_MB`` and ``THAITAB_MAX_PAGE_MB``
  in the environment change the limits.
* A page that draws more than :data:`MAX_PAGE_OBJECTS` characters, shapes,
  images and form runs fails the same way (memory and time stay bounded).

The budget and the font hooks (:mod:`extract.fonts`) are put into pdfminer only
while thaitab parses (:func:`pdfminer_guard`, entered by
:func:`extract.pdf.open_pdf` and for each page by :func:`extract.pdf.iter_pages`)
and taken out after: pdfminer and pdfplumber used directly in the same process
behave as without thaitab. Opening a file, choosing its pages and turning a
failure into a one-line reason are :mod:`extract.pdf`'s.
"""
from __future__ import annotations

import os
import threading
import zlib
from contextlib import contextmanager
from typing import Iterator

from thaitab.extract.fonts import font_patches


def _env_number(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


#: Content (the page's content streams and every run of its form XObjects)
#: one page may have pdfminer parse, in MB. The pages of real reports have
#: under 1 MB; pdfminer parses content at 250 KB/s at worst (no-op operators),
#: so the limit also bounds the time: about a minute.
MAX_PAGE_CONTENT_MB: float = _env_number("THAITAB_MAX_PAGE_CONTENT_MB", 16)
#: All the data one page may decompress (content, fonts, CMaps), in MB: the
#: memory bound. No single stream, even outside a page, may inflate past it.
MAX_PAGE_MB: float = _env_number("THAITAB_MAX_PAGE_MB", 64)
#: Characters, shapes, images and form XObject runs allowed on one page. A
#: report page has a few thousand; 100,000 take pdfplumber ~5 s and ~300 MB.
MAX_PAGE_OBJECTS: int = int(_env_number("THAITAB_MAX_PAGE_OBJECTS", 100_000))

_MB = 1 << 20


class ContentTooLarge(Exception):
    """A page went over its budget: content parsed ("content"), data decompressed
    ("bytes") or objects drawn ("objects")."""

    def __init__(self, page: int | None, what: str) -> None:
        super().__init__(page, what)
        self.page = page
        self.what = what

    def reason(self) -> str:
        where = (f"on page {self.page}" if self.page else
                 "on a page" if self.page == 0 else "from one stream")
        if self.what == "objects":
            size = f"over {MAX_PAGE_OBJECTS:,} characters and shapes"
        elif self.what == "content":
            size = f"over {MAX_PAGE_CONTENT_MB:g} MB content"
        else:
            size = f"over {MAX_PAGE_MB:g} MB decompressed"
        return f"PDF too large to process safely ({size} {where})"

    def __str__(self) -> str:
        return self.reason()


# ---------------------------------------------------------------------------
# the page budget: bounded stream decoding, bounded layout
# ---------------------------------------------------------------------------

_state = threading.local()


@contextmanager
def page_guard(page: int | None):
    """Count what pdfminer decodes and draws inside this block against one page's budget.

    Any page pdfminer lays out gets a budget anyway; this names the page in
    the message. Raises :class:`ContentTooLarge` when the budget is spent
    (wrapped in pdfplumber's ``PdfminerException`` when raised inside
    pdfplumber; :func:`extract.pdf._cause` unwraps it)."""
    previous = getattr(_state, "budget", None)
    budget = _Budget(page)
    _state.budget = budget
    try:
        yield budget
    finally:
        _state.budget = previous
    if budget.tripped is not None:
        raise budget.tripped  # a pdfminer layer swallowed it (fonts are loaded leniently)


class _Budget:
    """What one page may still parse (content), decompress (bytes) and draw
    (chars, shapes, images, form runs)."""

    __slots__ = ("page", "counting", "content_left", "bytes_left", "objects_left", "tripped", "in_content")

    def __init__(self, page: int | None, counting: bool = True) -> None:
        self.page = page
        self.counting = counting
        self.content_left = int(MAX_PAGE_CONTENT_MB * _MB)
        self.bytes_left = int(MAX_PAGE_MB * _MB)
        self.objects_left = MAX_PAGE_OBJECTS
        self.tripped: ContentTooLarge | None = None
        self.in_content = False  # decoding a content stream: its own limit applies too

    def limit(self) -> tuple[int, str]:
        """How many bytes the stream being decoded may inflate to, and which limit that is."""
        if self.in_content and self.counting and self.content_left < self.bytes_left:
            return max(0, self.content_left), "content"
        return max(0, self.bytes_left), "bytes"

    def over(self, what: str) -> ContentTooLarge:
        exc = ContentTooLarge(self.page, what)
        if self.counting:
            self.tripped = exc
        return exc

    def spend(self, n: int) -> None:
        if self.counting:
            self.bytes_left -= n
            if self.bytes_left < 0:
                raise self.over("bytes")

    def parse(self, n: int) -> None:
        if self.counting:
            self.content_left -= n
            if self.content_left < 0:
                raise self.over("content")

    def draw(self) -> None:
        if self.counting:
            self.objects_left -= 1
            if self.objects_left < 0:
                raise self.over("objects")


def _current_budget() -> _Budget:
    budget = getattr(_state, "budget", None)
    # outside a page (opening the file, reading the page tree): no running
    # total, but no single stream may inflate past the page limit either
    return budget if budget is not None else _Budget(None, counting=False)


def _inflate(data: bytes, limit: int, budget: _Budget, kind: str = "bytes") -> bytes:
    """zlib-decode ``data``, raising ContentTooLarge past ``limit`` bytes of output.

    A damaged stream gives what pdfminer gives: nothing, or, when only the
    checksum at its end is wrong, the output before it."""
    d = zlib.decompressobj()
    out = bytearray()
    step = 1 << 16

    def feed(piece: bytes) -> None:
        buf = d.decompress(piece, step)
        while True:
            out.extend(buf)
            if len(out) > limit:
                raise budget.over(kind)
            if d.eof or not (d.unconsumed_tail or len(buf) == step):
                return
            buf = d.decompress(d.unconsumed_tail, step)

    pos = 0
    while pos < len(data) and not d.eof:
        piece = data[pos:pos + step]
        saved, kept = d.copy(), len(out)
        try:
            feed(piece)
        except zlib.error:
            # find the damaged byte: this piece again, one byte at a time
            d = saved
            del out[kept:]
            for i in range(len(piece)):
                try:
                    feed(piece[i:i + 1])
                except zlib.error:
                    # as pdfminer: damage before the 4-byte checksum loses the stream
                    return bytes(out) if pos + i >= len(data) - 3 else b""
            break
        pos += step
    return bytes(out)


def _unlzw(data: bytes, limit: int, budget: _Budget, kind: str = "bytes") -> bytes:
    from io import BytesIO

    from pdfminer.lzw import LZWDecoder

    out = bytearray()
    for part in LZWDecoder(BytesIO(data)).run():
        out += part
        if len(out) > limit:
            raise budget.over(kind)
    return bytes(out)


# ---------------------------------------------------------------------------
# the pdfminer guard: thaitab's hooks, in place only while thaitab parses
# ---------------------------------------------------------------------------

_patch_lock = threading.RLock()
_holders = 0  # guards entered and not yet left, in all threads
_originals: list[tuple[type, str, object]] = []  # (class, attribute, pdfminer's own) while patched


@contextmanager
def pdfminer_guard() -> Iterator[None]:
    """Inside this block pdfminer runs with thaitab's hooks (the page budget of
    :func:`_budget_patches`, the font hooks of :func:`extract.fonts.font_patches`);
    on leaving it, pdfminer's own methods are back.

    Re-entrant (nested blocks, a worker reading many files) and safe with
    threads: the hooks are installed by the first block entered in the process
    and removed when the last one is left, and each hook acts only in a thread
    that is inside a block (any other thread gets pdfminer's own behaviour)."""
    global _holders
    with _patch_lock:
        if _holders == 0:
            _install(_budget_patches() + font_patches())
        _holders += 1
    _state.depth = getattr(_state, "depth", 0) + 1
    try:
        yield
    finally:
        _state.depth = max(0, getattr(_state, "depth", 1) - 1)  # a generator closed in another thread
        with _patch_lock:
            _holders -= 1
            if _holders == 0:
                _restore()


def guarded() -> bool:
    """Is this thread inside :func:`pdfminer_guard`?"""
    return getattr(_state, "depth", 0) > 0


_INHERITED = object()  # the attribute was the base class's: removing the hook uncovers it again


def _install(patches: list[tuple[type, str, object]]) -> None:
    for owner, name, hook in patches:
        _originals.append((owner, name, owner.__dict__.get(name, _INHERITED)))
        setattr(owner, name, hook)


def _restore() -> None:
    while _originals:
        owner, name, original = _originals.pop()
        if original is _INHERITED:
            delattr(owner, name)
        else:
            setattr(owner, name, original)


def _budget_patches() -> list[tuple[type, str, object]]:
    """The hooks that keep a page within its budget, as (class, attribute, hook):

    * ``PDFStream.decode``: FlateDecode and LZWDecode inflate with a bound
      (what the page has left) before anything big is in memory;
    * ``PDFPageInterpreter.render_contents``: the content about to be parsed
      counts, each time (forms that draw forms that draw forms ...);
    * ``PDFLayoutAnalyzer.render_char`` / ``paint_path`` / ``render_image``:
      one object each;
    * ``PDFPageInterpreter.process_page``: a page laid out without
      :func:`page_guard` still gets a budget.
    """
    from pdfminer import pdftypes
    from pdfminer.converter import PDFLayoutAnalyzer
    from pdfminer.pdfinterp import PDFPageInterpreter

    out = [(pdftypes.PDFStream, "decode", _guarded_decode(pdftypes.PDFStream.decode)),
           (PDFPageInterpreter, "render_contents", _guarded_render_contents(PDFPageInterpreter.render_contents)),
           (PDFPageInterpreter, "process_page", _guarded_process_page(PDFPageInterpreter.process_page))]
    out += [(PDFLayoutAnalyzer, name, _counted(getattr(PDFLayoutAnalyzer, name)))
            for name in ("render_char", "paint_path", "render_image")]
    return out


def _stream_filters():
    """(flate names, lzw names, other decoders by name) of pdfminer's stream filters."""
    from pdfminer import pdftypes
    from pdfminer.ascii85 import ascii85decode, asciihexdecode
    from pdfminer.runlength import rldecode

    others = {**{f: ascii85decode for f in pdftypes.LITERALS_ASCII85_DECODE},
              **{f: asciihexdecode for f in pdftypes.LITERALS_ASCIIHEX_DECODE},
              **{f: rldecode for f in pdftypes.LITERALS_RUNLENGTH_DECODE}}
    return pdftypes.LITERALS_FLATE_DECODE, pdftypes.LITERALS_LZW_DECODE, others


def _bounded_data(stream, filters, budget: _Budget, decoders) -> bytes:
    """A stream's data through its filters, each output bounded by what the
    budget has left; image codecs (the filters pdfminer passes through) stop it.
    ``decoders``: :func:`_stream_filters`."""
    flate, lzw, others = decoders
    limit, kind = budget.limit()
    if stream.decipher is not None:  # decrypt once, here, instead of in pdfminer's decode
        stream.rawdata = stream.decipher(stream.objid, stream.genno, stream.rawdata, stream.attrs)
        stream.decipher = None
    data = stream.rawdata
    for f, _params in filters:
        if f in flate:
            data = _inflate(data, limit, budget, kind)
        elif f in lzw:
            data = _unlzw(data, limit, budget, kind)
        elif f in others:
            data = others[f](data)
            if len(data) > limit:
                raise budget.over(kind)
        else:
            break
    return data


def _guarded_decode(original):
    decoders = _stream_filters()
    flate, lzw, _ = decoders

    def decode(self) -> None:
        if not guarded() or self.data is not None or self.rawdata is None:
            return original(self)
        budget = _current_budget()
        filters = self.get_filters()
        if any(f in flate or f in lzw for f, _ in filters):
            data = _bounded_data(self, filters, budget, decoders)
            if len(filters) == 1 and filters[0][0] in flate and not filters[0][1]:
                self.data, self.rawdata = data, None  # the usual case: no second inflate
        if self.data is None:
            original(self)
        budget.spend(len(self.data or b""))

    return decode


def _content_size(streams) -> list[int]:
    """The decoded size of each content stream about to be parsed (0 for one
    pdfminer cannot read: it reports malformed contents itself)."""
    from pdfminer import pdftypes

    try:
        found = [pdftypes.resolve1(s) for s in pdftypes.list_value(streams)]
    except Exception:
        return []
    budget = _current_budget()
    sizes = []
    for s in found:
        if not isinstance(s, pdftypes.PDFStream):
            continue
        budget.in_content = True
        try:
            sizes.append(len(s.get_data()))
        except ContentTooLarge:
            raise
        except Exception:
            sizes.append(0)
        finally:
            budget.in_content = False
    return sizes


def _guarded_render_contents(original):
    def render_contents(self, resources, streams, *args, **kwargs):
        """Count the content about to be parsed (a form run again counts again)."""
        if guarded():
            budget = _current_budget()
            budget.draw()
            for size in _content_size(streams):
                budget.parse(size)
        return original(self, resources, streams, *args, **kwargs)

    return render_contents


def _guarded_process_page(original):
    def process_page(self, page) -> None:
        if not guarded() or getattr(_state, "budget", None) is not None:
            return original(self, page)
        with page_guard(0):
            return original(self, page)

    return process_page


def _counted(method):
    def counted(self, *args, **kwargs):
        if guarded():
            _current_budget().draw()
        return method(self, *args, **kwargs)

    counted.__name__ = method.__name__
    counted.__doc__ = method.__doc__
    return counted
