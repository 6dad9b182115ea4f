"""Write small PDFs by hand for the tests (no PDF library needed)."""
from __future__ import annotations

from pathlib import Path


def escape(text: str) -> str:
    """A PDF literal string's body: backslashes and parentheses escaped."""
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(objects: list[bytes], *, trailer: bytes = b"", version: bytes = b"1.4") -> bytes:
    """A PDF of ``objects`` (numbered from 1; object 1 is the catalog) with a correct xref."""
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, trailer, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    """A PDF stream object's body holding ``data`` (``extra``: more dictionary entries)."""
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def tounicode_cmap(values: dict[int, str], code_bytes: int = 2) -> bytes:
    """A /ToUnicode CMap giving each code its text."""
    width = 2 * code_bytes
    pairs = "\n".join("<%0*X> <%s>" % (width, code, "".join("%04X" % ord(ch) for ch in text))
                      for code, text in sorted(values.items()))
    top = "F" * width
    return ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            f"1 begincodespacerange <{'0' * width}> <{top}> endcodespacerange\n"
            f"{len(values)} beginbfchar\n{pairs}\nendbfchar\n"
            "endcmap CMapName currentdict /CMapResource defineresource pop end end").encode()


def write_pdf(path: Path, objs: list[bytes]) -> Path:
    """Write ``pdf_bytes(objs)`` to ``path`` (folders made as needed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf_bytes(objs))
    return path


def xlsx_values(path: Path) -> dict[str, list[tuple]]:
    """Every sheet's cell values, row by row (to compare workbooks by content)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()
