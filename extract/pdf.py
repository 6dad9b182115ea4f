"""Open a PDF safely and hand out its pages one at a time.

Each page is parsed, used and closed before the next one is touched, so memory
stays flat however long the report is. Problems a user can act on become an
:class:`InputError` with a one-line reason.

Hostile input is bounded here:

* a decompression bomb (a few KB of FlateDecode that inflate to gigabytes):
  every compressed stream pdfminer decodes is inflated with a bound. One page
  may have pdfminer parse :data:`MAX_PAGE_CONTENT_MB` of content (its content
  streams and each run of its forms) and decompress :data:`MAX_PAGE_MB` in
  all (fonts and CMaps too); more fails the file with "PDF too large to
  process safely (over 16 MB content on page 3)" before the bytes are in
  memory. ``THAITAB_MAX_PAGE_CONTENT_MB`` and ``THAITAB_MAX_PAGE_MB`` in the
  environment change the limits;
* a page that draws more than :data:`MAX_PAGE_OBJECTS` characters, shapes,
  images and form runs fails the same way (memory and time stay bounded);
* a cross-reference table whose offsets point to the wrong places (pdfminer
  then finds no page) is rebuilt by scanning the file, with a
  :class:`RepairWarning`;
* an encrypted PDF without (or with the wrong) ``password``, a truncated or
  damaged file, a PDF without pages: one line each, no traceback.

The budget and the font hooks (:mod:`extract.fonts`) are put into pdfminer only
while thaitab parses (:func:`pdfminer_guard`, entered by :func:`open_pdf` and
for each page by :func:`iter_pages`) and taken out after: pdfminer and
pdfplumber used directly in the same process behave as without thaitab.
"""
from __future__ import annotations

import os
import threading
import warnings
import zlib
from contextlib import contextmanager
from typing import Iterator, Sequence

import pdfplumber

from thaitab.extract.chars import Char, clean_chars
from thaitab.extract.fonts import cid_texts, font_patches, fonts_used, has_cids, wanted_cids
from thaitab.extract.glyph_shapes import UNREAD
from thaitab.extract.settings import current


class InputError(Exception):
    """A PDF that cannot be read, with a one-line reason a user can act on."""


class RepairWarning(UserWarning):
    """The PDF was damaged and has been read anyway ("cross-reference table rebuilt")."""


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


@contextmanager
def open_pdf(path: str | os.PathLike, password: str | None = None):
    """Open ``path`` with pdfplumber, turning low-level failures into InputError.

    The block runs inside :func:`pdfminer_guard`: thaitab's hooks are in pdfminer
    while the PDF is read, and gone when the block is left."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise InputError("file not found")
    if os.path.isdir(path):
        raise InputError("is a folder, not a PDF")
    if not os.path.isfile(path):
        raise InputError("not a regular file (a device or a pipe?)")
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}") from None
    if size == 0:
        raise InputError("empty file (0 bytes)")
    if b"%PDF-" not in head:
        raise InputError("not a PDF (no %PDF header)")
    with pdfminer_guard():
        pdf = _open(path, password)
        try:
            yield pdf
        finally:
            _close(pdf)  # PDF.close() re-parses every page (pdfplumber #1339): the stream only


def _open(path: str, password: str | None):
    """pdfplumber's PDF with its page list read; a rebuilt xref when pdfminer found no page."""
    try:
        pdf = pdfplumber.open(path, password=password or "")
    except Exception as exc:  # pdfminer raises many types
        raise InputError(_reason(exc, password)) from None
    first: BaseException | None = None
    try:
        if pdf.pages:
            return pdf
    except Exception as exc:
        first = exc
    # No page: an empty page tree, or xref offsets that point to the wrong
    # places (pdfminer then reads garbage as the catalog). Scan the file.
    try:
        pdf.__dict__.pop("_pages", None)
        pdf.doc = _rescanned(pdf.stream, password)
        found = len(pdf.pages)
    except Exception as exc:
        _close(pdf)
        raise InputError(_reason(first or exc, password)) from None
    if not found:
        _close(pdf)
        if first is not None:
            raise InputError(_reason(first, password))
        raise InputError("the PDF has no pages")
    warnings.warn("damaged PDF: its cross-reference table was rebuilt by scanning the file",
                  RepairWarning, stacklevel=3)
    return pdf


def _rescanned(stream, password: str | None):
    """A pdfminer document whose xref comes from scanning the whole file."""
    from pdfminer.pdfdocument import PDFDocument, PDFNoValidXRef
    from pdfminer.pdfparser import PDFParser

    class _Rescan(PDFDocument):
        def find_xref(self, parser):  # noqa: ANN001 - pdfminer's signature
            raise PDFNoValidXRef("rescan the file")

    stream.seek(0)
    return _Rescan(PDFParser(stream), password=password or "")


def _close(pdf) -> None:
    try:
        pdf.stream.close()
    except Exception:
        pass


def _cause(exc: BaseException) -> BaseException:
    """The pdfminer exception inside pdfplumber's PdfminerException wrapper."""
    seen = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, ContentTooLarge):
            return exc
        inner = next((a for a in getattr(exc, "args", ()) if isinstance(a, BaseException)), None)
        inner = inner or exc.__cause__ or exc.__context__
        if inner is None or type(exc).__name__ not in ("PdfminerException", "MalformedPDFException"):
            return exc
        exc = inner
    return exc


def _reason(exc: BaseException, password: str | None = None) -> str:
    exc = _cause(exc)
    if isinstance(exc, ContentTooLarge):
        return exc.reason()
    name = type(exc).__name__
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if name == "PDFPasswordIncorrect" or "password" in text.lower():
        if password:
            return "encrypted PDF: the password is wrong (--password)"
        return "encrypted PDF: a password is needed (--password)"
    if "Encrypt" in name:
        return f"encrypted PDF: cannot decrypt it ({text or name})"
    if isinstance(exc, MemoryError):
        return "PDF too large to process safely (out of memory)"
    if isinstance(exc, RecursionError):
        return "damaged PDF (objects nested too deeply)"
    if name in ("PSEOF", "EOFError") or "unexpected eof" in text.lower():
        return "damaged PDF: the file ends too early (truncated?)"
    if "PDFSyntaxError" in name or "xref" in text.lower() or name.startswith(("PS", "PDF")):
        return f"damaged PDF ({text or name})"
    return f"cannot read PDF ({name}{': ' + text if text else ''})"


def page_numbers(n_pages: int, pages: Sequence[int] | None) -> list[int]:
    """1-based page numbers to read, in order, within the document."""
    if pages is None:
        return list(range(1, n_pages + 1))
    return [p for p in pages if 1 <= p <= n_pages]


def page_span(pages: Sequence[int]) -> str:
    """[3, 4, 5, 9] → "pages 3-5, 9"; [7] → "page 7"."""
    runs: list[list[int]] = []
    for p in sorted(set(pages)):
        if runs and p == runs[-1][1] + 1:
            runs[-1][1] = p
        else:
            runs.append([p, p])
    text = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)
    return ("page " if len(runs) == 1 and runs[0][0] == runs[0][1] else "pages ") + text


def check_pages(n_pages: int, pages: Sequence[int] | None) -> str | None:
    """Asked-for pages the document does not have, said once, never silently.

    None when every page asked for exists; a note naming the others ("pages
    18-30 do not exist: the PDF has 17 pages") when some do. Raises
    :class:`InputError` when none does: reading nothing is not a result."""
    if pages is None:
        return None
    missing = [p for p in pages if not 1 <= p <= n_pages]
    if not missing:
        return None
    span = page_span(missing)
    verb = "does" if span.startswith("page ") else "do"
    note = f"{span} {verb} not exist: the PDF has {n_pages} page{'' if n_pages == 1 else 's'}"
    if len(missing) == len(pages):
        raise InputError(note)
    return note


def iter_pages(pdf, pages: Sequence[int] | None = None) -> Iterator[tuple[int, object, list[Char]]]:
    """Yield (page number, pdfplumber page, clean chars), closing each page after use.

    Each page is read inside :func:`pdfminer_guard` (also when ``pdf`` was not
    opened by :func:`open_pdf`); between pages, pdfminer is left as it was.
    Raises :class:`InputError` for a page over the size limits or one pdfminer
    cannot parse, and when none of ``pages`` exists (:func:`check_pages`)."""
    check_pages(len(pdf.pages), pages)
    font_cache: dict[int, dict[int, str]] = {}  # font programs read once per document
    for no in page_numbers(len(pdf.pages), pages):
        page = pdf.pages[no - 1]
        try:
            with pdfminer_guard():
                chars = page_chars(page, no, font_cache)
            yield no, page, chars
        finally:
            page.close()
            # pdfplumber keeps every page object in pdf.pages; drop its caches too
            try:
                pdf.pages[no - 1].__dict__.pop("_objects", None)
            except Exception:
                pass


def page_chars(page, no: int, font_cache: dict) -> list[Char]:
    """The clean chars of page ``no``: laid out within the page's budget,
    "(cid:N)" glyphs read from their font (:mod:`extract.fonts`) or, a few, from
    the page image; what nothing reads is :data:`extract.glyph_shapes.UNREAD`."""
    try:
        with page_guard(no), fonts_used() as used:
            raw = page.chars  # pdfminer lays the page out here
    except Exception as exc:
        cause = _cause(exc)
        if isinstance(cause, ContentTooLarge):
            raise InputError(cause.reason()) from None
        raise InputError(f"page {no}: {_reason(exc)}") from None
    cids = cid_texts(page, font_cache, wanted_cids(raw), used) if has_cids(raw) else None
    chars = clean_chars(raw, cids)
    if cids is not None:
        for ch in chars:  # a font outside the page's resources: unread, marked
            if ch.text.startswith("(cid:"):
                ch.text = UNREAD
        _read_unread_from_image(page, chars)
    return chars


def _read_unread_from_image(page, chars: list[Char]) -> None:
    """Read a page's few unread glyphs from their words on the page image; a
    page mostly unread is left to OCR whole (:func:`extract.ocr.page_needs_ocr`)."""
    unread = sum(ch.text == UNREAD for ch in chars)
    if not unread:
        return
    from thaitab.extract.glyph_ocr import read_unread
    from thaitab.extract.ocr import MAX_CID_SHARE

    few = current().pdf.few_unread_glyphs
    if unread < few or unread <= MAX_CID_SHARE * sum(1 for ch in chars if ch.text.strip()):
        read_unread(page, chars)


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
    pdfplumber; :func:`_cause` unwraps it)."""
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
