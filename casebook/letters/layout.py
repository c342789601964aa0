"""Page and table layout shared by Casebook's own Word documents (exports, the page index): A4 with
2 cm margins, and grid tables whose header row repeats on each page and whose columns have set widths."""

from __future__ import annotations

from collections.abc import Sequence

A4_MM = (210, 297)


def a4(doc) -> None:
    """Every section of ``doc`` A4 portrait with 2 cm margins."""
    from docx.shared import Mm

    for section in doc.sections:
        section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(20)


def grid_table(
    doc,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_mm: Sequence[float],
    bold_rows: set[int] | None = None,
):
    """A grid table, header row bold and repeated on each page, columns ``widths_mm`` wide."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    head = table.rows[0]
    tr_pr = head._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cell, text in zip(head.cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for n, row in enumerate(rows):
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(str(text))
            if bold_rows and n in bold_rows:
                run.bold = True
    for col, width in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(width)
        for cell in col.cells:
            cell.width = Mm(width)
    return table


__all__ = ["A4_MM", "a4", "grid_table"]
