"""Scanned pages for the tests: one image per page, in any codec a scanner
writes (JBIG2, CCITT G4, JPX, DCT, Flate), built in code (Pillow and zlib)."""
from __future__ import annotations

import io
import struct
import zlib

from tests.pdfs import escape, pdf_bytes

CODECS = ("jbig2", "ccitt", "jpx", "dct", "flate")


def g4(img) -> bytes:
    """CCITT Group 4 data of a bilevel image (white 0, black 1 in the coding),
    taken from the single strip of a Pillow TIFF."""
    from PIL import Image, ImageOps

    # Pillow writes a bilevel TIFF as min-is-black: code the negative, so that
    # the coding's "white" runs are the page's white
    bw = ImageOps.invert(img.convert("L")).convert("1")
    buf = io.BytesIO()
    bw.save(buf, "TIFF", compression="group4", tiffinfo={278: bw.height})  # one strip
    tif = Image.open(io.BytesIO(buf.getvalue()))
    offsets, counts = tif.tag_v2[273], tif.tag_v2[279]
    data = buf.getvalue()
    return b"".join(data[o:o + n] for o, n in zip(offsets, counts))


def _segment(number: int, kind: int, data: bytes) -> bytes:
    """One JBIG2 segment: header (no referred segments, page 1) and data."""
    return struct.pack(">IBBBI", number, kind, 0, 1, len(data)) + data


def jbig2(img) -> bytes:
    """A JBIG2 embedded stream (as in a PDF): a page information segment and
    one immediate lossless generic region coded with MMR (the G4 coding)."""
    w, h = img.size
    page = struct.pack(">IIIIBH", w, h, 0, 0, 0, 0)
    region = struct.pack(">IIIIB", w, h, 0, 0, 0) + bytes([1])  # flags: MMR
    return _segment(0, 48, page) + _segment(1, 39, region + g4(img) + b"\x00\x00")


def encode(img, codec: str) -> tuple[bytes, bytes]:
    """(image dictionary entries, stream data) of a greyscale image in ``codec``."""
    w, h = img.size
    gray = img.convert("L")
    if codec == "flate":
        return b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", zlib.compress(gray.tobytes())
    if codec == "dct":
        buf = io.BytesIO()
        gray.save(buf, "JPEG", quality=85)
        return b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode", buf.getvalue()
    if codec == "jpx":
        buf = io.BytesIO()
        gray.save(buf, "JPEG2000", irreversible=False)
        return b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /JPXDecode", buf.getvalue()
    if codec == "ccitt":
        parms = b"/DecodeParms << /K -1 /Columns %d /Rows %d /BlackIs1 false >>" % (w, h)
        return b"/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /CCITTFaxDecode " + parms, g4(gray)
    if codec == "jbig2":
        return b"/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /JBIG2Decode", jbig2(gray)
    raise ValueError(codec)


def scanned_pdf(pages, dpi: float = 200.0, header: str | None = None, strips: int = 1) -> bytes:
    """A PDF of scanned pages: ``pages`` is a list of (PIL image, codec). Each
    page is the image at ``dpi``, cut into ``strips`` horizontal strips (as
    some scanners write), with ``header`` typed in its top margin when given
    (a text layer that holds only a running header)."""
    objs: list[bytes] = [b"", b""]  # catalog, page tree: filled in below
    kids = []
    font = None
    if header is not None:
        objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
        font = len(objs)
    for img, codec in pages:
        w_px, h_px = img.size
        w_pt, h_pt = w_px * 72.0 / dpi, h_px * 72.0 / dpi
        names, draws = [], []
        step = -(-h_px // strips)
        for k in range(strips):
            part = img.crop((0, k * step, w_px, min(h_px, (k + 1) * step)))
            if part.height <= 0:
                continue
            entries, data = encode(part, codec)
            objs.append(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d %s /Length %d >>\nstream\n"
                        % (part.width, part.height, entries, len(data)) + data + b"\nendstream")
            names.append(b"/Im%d %d 0 R" % (k, len(objs)))
            ph = part.height * 72.0 / dpi
            y = h_pt - (k * step * 72.0 / dpi) - ph
            draws.append(b"q %.3f 0 0 %.3f 0 %.3f cm /Im%d Do Q" % (w_pt, ph, y, k))
        content = b"\n".join(draws)
        if header is not None:
            content += b"\nBT /F1 9 Tf 36 %.2f Td (%s) Tj ET" % (h_pt - 24, escape(header).encode("latin-1"))
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        res = b"<< /XObject << " + b" ".join(names) + b" >>" + (b" /Font << /F1 %d 0 R >>" % font if font else b"") + b" >>"
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources %s /Contents %d 0 R >>"
                    % (w_pt, h_pt, res, len(objs)))
        kids.append(len(objs))
    objs[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[1] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids)
    return pdf_bytes(objs)
