"""The meeting brief as an A4 PDF: a Brief (what dashboard/brief.py gathered) laid out as HTML and
drawn by WeasyPrint, which shapes Thai with Debian's Pango and the Sarabun font of the installed
fontpkg-sarabun package (the open descendant of TH Sarabun New), embedded in the PDF.

Every text from the data (club names, reasons) is escaped: the PDF's HTML carries no markup
from a spreadsheet. Nothing is fetched from the network (fonts are the package's own files).
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dashboard.fonts import FILES

Cell = str | int | float | None

CSS = """
@font-face { font-family: "Sarabun"; font-weight: 400; src: url("{regular}"); }
@font-face { font-family: "Sarabun"; font-weight: 700; src: url("{bold}"); }
@page {
  size: A4; margin: 14mm 14mm 16mm 14mm;
  @bottom-left { content: "{footer}"; font-family: "Sarabun"; font-size: 8pt; color: #555; }
  @bottom-right { content: counter(page) " / " counter(pages); font-family: "Sarabun";
                  font-size: 8pt; color: #555; }
}
html { font-family: "Sarabun"; font-size: 10.5pt; line-height: 1.35; color: #111; }
h1 { font-size: 17pt; margin: 0 0 1mm 0; }
h2 { font-size: 12pt; margin: 4mm 0 1.5mm 0; border-bottom: 0.6pt solid #888; padding-bottom: 0.5mm; }
p { margin: 0 0 1.5mm 0; }
.meta { color: #444; font-size: 9pt; margin-bottom: 2mm; }
.figures { display: flex; gap: 3mm; margin: 2mm 0; }
.figure { flex: 1; border: 0.6pt solid #bbb; border-radius: 2mm; padding: 1.5mm 2.5mm; }
.figure .label { font-size: 8.5pt; color: #444; }
.figure .value { font-size: 15pt; font-weight: 700; }
.figure .change { font-size: 8.5pt; color: #444; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 2mm 0; font-size: 9.5pt; }
th, td { text-align: left; padding: 0.6mm 1.5mm; border-bottom: 0.4pt solid #ccc;
         vertical-align: top; }
th { font-weight: 700; background: #f1f1f1; }
td.num, th.num { text-align: right; }
.columns { display: flex; gap: 5mm; }
.columns > div { flex: 1; }
ul { margin: 0 0 1.5mm 0; padding-left: 5mm; }
li { margin: 0; }
.bad { color: #a00; }
.good { color: #060; }
.muted { color: #555; }
"""


@dataclass
class Table:
    """A table of the brief: its heads, and rows of cells (text, already worded)."""

    heads: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    numeric: frozenset[int] = frozenset()  # columns aligned right


@dataclass
class Section:
    """One titled part: paragraphs, then lists (title, items) side by side, then tables."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    lists: list[tuple[str, list[str]]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class Brief:
    """Everything the PDF shows, already worded in the reader's language."""

    lang: str
    title: str
    meta: list[str]  # data as of, printed on, source
    figures: list[tuple[str, str, str]]  # (label, value, change)
    sections: list[Section]
    footer: str


def _e(value: Cell) -> str:
    return html.escape("" if value is None else str(value))


def _table(table: Table) -> str:
    def cls(n: int) -> str:
        return ' class="num"' if n in table.numeric else ""

    head = "".join(f"<th{cls(n)}>{_e(h)}</th>" for n, h in enumerate(table.heads))
    rows = "".join(
        "<tr>" + "".join(f"<td{cls(n)}>{_e(c)}</td>" for n, c in enumerate(row)) + "</tr>"
        for row in table.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _section(section: Section) -> str:
    parts = [f"<h2>{_e(section.title)}</h2>"]
    parts += [f"<p>{_e(p)}</p>" for p in section.paragraphs]
    if section.lists:
        columns = "".join(
            f"<div><p><strong>{_e(title)}</strong></p><ul>"
            + "".join(f"<li>{_e(item)}</li>" for item in items)
            + "</ul></div>"
            for title, items in section.lists
        )
        parts.append(f'<div class="columns">{columns}</div>')
    parts += [_table(t) for t in section.tables]
    return "".join(parts)


def document(brief: Brief) -> str:
    """The brief as one HTML document (every data text escaped)."""
    figures = "".join(
        f'<div class="figure"><div class="label">{_e(label)}</div>'
        f'<div class="value">{_e(value)}</div><div class="change">{_e(change)}</div></div>'
        for label, value, change in brief.figures
    )
    body = "".join(_section(s) for s in brief.sections)
    meta = "".join(f'<div class="meta">{_e(m)}</div>' for m in brief.meta)
    return (
        f'<!doctype html><html lang="{_e(brief.lang)}"><head><meta charset="utf-8">'
        f"<title>{_e(brief.title)}</title></head><body><h1>{_e(brief.title)}</h1>{meta}"
        f'<div class="figures">{figures}</div>{body}</body></html>'
    )


def style(footer: str) -> str:
    """The brief's CSS: Sarabun from the package's files, A4 pages with the footer."""
    quoted = footer.replace("\\", "\\\\").replace('"', '\\"')
    return (
        CSS.replace("{regular}", (FILES / "Sarabun-Regular.ttf").as_uri())
        .replace("{bold}", (FILES / "Sarabun-Bold.ttf").as_uri())
        .replace("{footer}", quoted)
    )


THAI = range(0x0E00, 0x0E80)


def thai_text_map(fonts: dict[Any, Any]) -> None:
    """Map each Thai glyph of the PDF's fonts to its own character, as the font's cmap says.

    WeasyPrint maps a glyph to the text of the first cluster it was drawn in. HarfBuzz draws
    sara am (ำ) as two glyphs, nikhahit and sara aa, and sara aa alone is า: whichever came first
    made every other read wrong (every า read as ำ, or ำ as า). By the cmap, ำ reads as ํา, the
    same text under Unicode compatibility (NFKC), and า reads as า.
    """
    from fontTools.ttLib import TTFont

    for font in fonts.values():
        if not font.to_unicode or font.bitmap:
            continue
        cmap = TTFont(io.BytesIO(font.file_content), fontNumber=font.index).getBestCmap() or {}
        names = TTFont(io.BytesIO(font.file_content), fontNumber=font.index).getGlyphOrder()
        glyphs = {names.index(name): chr(code) for code, name in cmap.items() if code in THAI}
        for glyph in font.to_unicode:
            if glyph in glyphs:
                font.to_unicode[glyph] = glyphs[glyph]


def _with_thai_text_map(build: Callable[..., Any]) -> Callable[..., Any]:
    def built(pdf: Any, fonts: dict[Any, Any], *args: Any, **kwargs: Any) -> Any:
        thai_text_map(fonts)
        return build(pdf, fonts, *args, **kwargs)

    built.thai = True  # type: ignore[attr-defined]
    return built


def pdf(brief: Brief) -> bytes:
    """The brief drawn as PDF bytes (WeasyPrint; fonts embedded, Thai text extractable)."""
    import weasyprint.pdf  # imported when a brief is asked for (it is large)
    from weasyprint import CSS as Stylesheet
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    if not getattr(weasyprint.pdf.build_fonts_dictionary, "thai", False):
        weasyprint.pdf.build_fonts_dictionary = _with_thai_text_map(
            weasyprint.pdf.build_fonts_dictionary
        )
    fonts = FontConfiguration()
    sheet = Stylesheet(string=style(brief.footer), font_config=fonts)
    drawn = HTML(string=document(brief)).write_pdf(stylesheets=[sheet], font_config=fonts)
    return bytes(drawn or b"")
