"""Tests for extract.turned: text set a quarter turn is read, not dropped."""
from thaitab.extract.chars import MARKS, clean_chars
from thaitab.extract.lines import group_lines
from thaitab.extract.turned import quarter_turn


def _turned(text: str, x0: float, start: float, up: bool = True, size: float = 9.0, adv: float = 5.5,
            gap_after: int = -1) -> list[dict]:
    """pdfplumber chars of ``text`` set a quarter turn: running up the page from
    ``start`` (or down from it), each glyph ``size`` wide across the line; a
    space-wide gap after glyph ``gap_after``."""
    out, u = [], start
    for i, ch in enumerate(text):
        length = 0.0 if ch in MARKS else adv
        top, bottom = (u - length, u) if up else (u, u + length)
        out.append({"text": ch, "x0": x0, "x1": x0 + size, "top": top, "bottom": bottom, "size": length,
                    "fontname": "Tahoma", "upright": False, "matrix": (0, 1, -1, 0, x0, u) if up else (0, -1, 1, 0, x0, u)})
        u = u - length if up else u + length
        if i == gap_after:
            u = u - 0.4 * size if up else u + 0.4 * size
    return out


def test_quarter_turns_and_their_direction():
    assert quarter_turn({"matrix": (0, 1, -1, 0, 0, 0)}) == 1
    assert quarter_turn({"matrix": (0, -1, 1, 0, 0, 0)}) == -1
    assert quarter_turn({"matrix": (0.7, 0.7, -0.7, 0.7, 0, 0)}) == 0  # a diagonal watermark
    assert quarter_turn({"matrix": (1, 0, 0, 1, 0, 0)}) == 0


def test_a_label_running_up_its_cell_is_one_line_in_reading_order_inside_its_strip():
    for up in (True, False):
        chars = clean_chars(_turned("หมู่บ้าน", 300.0, 130.0 if up else 100.0, up=up))
        [line] = group_lines(chars)
        assert line.text == "หมู่บ้าน"
        assert all(300.0 <= (c.x0 + c.x1) / 2 <= 309.0 for c in chars)  # still in the cell it was drawn in
        assert all(100.0 <= (c.top + c.bottom) / 2 <= 130.0 for c in chars)


def test_a_turned_label_keeps_its_spaces_and_its_lines():
    first = _turned("ราษฎรประสบภัย(คน)", 470.0, 215.0, gap_after=12)
    second = _turned("ต่อครัวเรือน", 480.0, 215.0)  # the label's next line, a line height over
    lines = group_lines(clean_chars(first + second))
    assert sorted(ln.text for ln in lines) in (["ราษฎรประสบภัย (คน) ต่อครัวเรือน"],
                                              ["ต่อครัวเรือน", "ราษฎรประสบภัย (คน)"])
    assert any("ราษฎรประสบภัย (คน)" in ln.text for ln in lines)


def test_a_diagonal_watermark_is_still_dropped():
    mark = [{"text": "ร", "x0": 100.0, "x1": 120.0, "top": 100.0, "bottom": 120.0, "size": 20.0,
             "fontname": "Tahoma", "upright": False, "matrix": (0.7, 0.7, -0.7, 0.7, 100, 100)}]
    assert clean_chars(mark) == []
