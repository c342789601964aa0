"""Reader: page sizes, BGRA page images, PNG, find rectangles where the text was drawn, page text."""

from __future__ import annotations

import io
import threading

import docx
import pypdfium2 as pdfium
import pytest
from PIL import Image

from casebook.documents import PDFIUM_LOCK, Bitmap, Reader, Rect, extract, make_pdf
from casebook.documents.pdfgen import A4, FONT_SIZE, MARGIN
from casebook.errors import BadInput, EncryptedDocument, UnreadableDocument, Unsupported

FIRST = "OASys assessment completed by the offender manager"
PAGES = [FIRST + "\nSecond line mentions oasys again, in lower case.", None,
         "Psychology risk assessment\nNothing about that tool here."]


@pytest.fixture(scope="module")
def pdf_bytes():
    return make_pdf(PAGES)


def to_image(bm: Bitmap) -> Image.Image:
    assert bm.mode == "BGRA"
    assert len(bm.pixels) == bm.stride * bm.height and bm.stride >= bm.width * 4
    return Image.frombuffer("RGBA", (bm.width, bm.height), bm.pixels, "raw", "BGRA", bm.stride, 1)


def darkest(image: Image.Image, box) -> int:
    return image.convert("L").crop(box).getextrema()[0]


def test_pdf_page_count_sizes_and_text(pdf_bytes):
    with Reader(pdf_bytes, "pdf") as reader:
        assert reader.page_count == 3
        assert reader.can_render()
        width, height = reader.page_size(1)
        assert (width, height) == (pytest.approx(A4[0], abs=0.01), pytest.approx(A4[1], abs=0.01))
        assert reader.text(1) == PAGES[0]
        assert reader.text(2) == ""
        assert reader.text(3) == extract(pdf_bytes).pages[2].text


def test_render_has_ink_where_the_text_was_drawn_and_white_elsewhere(pdf_bytes):
    with Reader(pdf_bytes, "pdf") as reader:
        bm = reader.render(1, scale=2.0)
    assert (bm.width, bm.height) == (round(A4[0] * 2), round(A4[1] * 2))
    image = to_image(bm)
    assert image.getchannel("A").getextrema() == (255, 255)  # opaque: Format_ARGB32 == RGB32 here
    # The first line sits one font size below the top margin, starting at the left margin.
    top = (MARGIN) * 2
    line = (int(MARGIN * 2), int(top), int(MARGIN * 2 + 200), int(top + FONT_SIZE * 2 + 4))
    assert darkest(image, line) < 100
    assert darkest(image, (0, 0, bm.width, int(MARGIN * 2) - 4)) == 255  # the top margin is blank
    assert darkest(image, (0, bm.height - 100, bm.width, bm.height)) == 255


def test_a_scanned_page_renders_non_white(pdf_bytes):
    with Reader(pdf_bytes, "pdf") as reader:
        image = to_image(reader.render(2, scale=0.5))
    assert image.convert("L").getextrema()[1] < 255  # even the "paper" is grey


def test_png_is_a_real_png_of_the_page(pdf_bytes):
    with Reader(pdf_bytes, "pdf") as reader:
        data = reader.png(1, scale=0.5)
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.mode == "RGB"
    assert image.size == (round(A4[0] * 0.5), round(A4[1] * 0.5))


def test_find_is_case_insensitive_and_rects_lie_on_the_drawn_text(pdf_bytes):
    with Reader(pdf_bytes, "pdf") as reader:
        hits = reader.find(1, "OASYS")
        assert len(hits) == 2
        first, second = sorted(hits, key=lambda r: r.y0)
        for r in hits:
            assert 0 <= r.x0 < r.x1 <= 1 and 0 <= r.y0 < r.y1 <= 1
        # Line 1 starts at the left margin, one font size below the top margin.
        assert first.x0 == pytest.approx(MARGIN / A4[0], abs=0.01)
        assert first.y0 == pytest.approx(MARGIN / A4[1], abs=0.015)
        assert second.y0 > first.y1  # the next line down
        # The pixels under each rectangle are ink.
        image = to_image(reader.render(1, scale=2.0))
        for r in hits:
            box = (int(r.x0 * image.width), int(r.y0 * image.height),
                   int(r.x1 * image.width) + 1, int(r.y1 * image.height) + 1)
            assert darkest(image, box) < 100
        assert reader.find(2, "oasys") == []
        assert reader.find(3, "oasys") == []
        assert reader.find(1, "   ") == []
        phrase = reader.find(3, "risk  assessment")  # spacing in the query does not matter
        assert len(phrase) == 1 and isinstance(phrase[0], Rect)


def test_find_on_a_rotated_page_gives_rects_as_displayed():
    data = make_pdf(["Marker word at the top left"])
    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(data)
        try:
            page = pdf[0]
            page.set_rotation(90)
            page.close()
            out = io.BytesIO()
            pdf.save(out)
        finally:
            pdf.close()
    with Reader(out.getvalue(), "pdf") as reader:
        width, height = reader.page_size(1)
        assert width > height  # landscape as displayed
        (hit,) = reader.find(1, "marker")
        # Rotated a quarter turn clockwise, the top-left of the page moves to the top-right.
        assert hit.x1 == pytest.approx(1 - MARGIN / A4[1], abs=0.02)
        assert hit.y0 == pytest.approx(MARGIN / A4[0], abs=0.02)
        image = to_image(reader.render(1, scale=1.0))
        assert image.size[0] > image.size[1]
        box = (int(hit.x0 * image.width), int(hit.y0 * image.height),
               int(hit.x1 * image.width) + 1, int(hit.y1 * image.height) + 1)
        assert darkest(image, box) < 120


def test_pages_out_of_range_say_the_range(pdf_bytes):
    with Reader(pdf_bytes, "pdf") as reader:
        for bad in (0, 4, -1):
            with pytest.raises(BadInput, match=f"page {bad} is not in this document \\(1\u20133\\)"):
                reader.text(bad)
        with pytest.raises(BadInput):
            reader.render(4)
        with pytest.raises(BadInput, match="zoom"):
            reader.render(1, scale=0)
        with pytest.raises(BadInput, match="zoom"):
            reader.render(1, scale=50)


def test_docx_reader_has_text_but_no_images():
    document = docx.Document()
    document.add_paragraph("Parole Board decision letter")
    out = io.BytesIO()
    document.save(out)
    with Reader(out.getvalue(), "docx") as reader:
        assert reader.page_count == 1
        assert not reader.can_render()
        assert reader.text(1) == "Parole Board decision letter"
        assert reader.find(1, "parole") == []
        with pytest.raises(Unsupported, match="Word documents have no page images"):
            reader.render(1)


def test_image_reader_renders_frames_in_colour():
    frames = [Image.new("RGB", (50, 40), (255, 0, 0)), Image.new("RGB", (50, 40), (0, 0, 255))]
    out = io.BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:])
    with Reader(out.getvalue(), "image") as reader:
        assert reader.page_count == 2
        assert reader.page_size(2) == (50.0, 40.0)
        assert reader.text(1) == "" and reader.find(1, "x") == []
        first = to_image(reader.render(1))
        second = to_image(reader.render(2, scale=2))
        assert first.size == (50, 40) and second.size == (100, 80)
        assert first.convert("RGB").getpixel((10, 10)) == (255, 0, 0)
        assert second.convert("RGB").getpixel((10, 10)) == (0, 0, 255)
        assert Image.open(io.BytesIO(reader.png(1))).size == (50, 40)


def test_transparent_png_renders_on_white():
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(out, format="PNG")
    with Reader(out.getvalue(), "image") as reader:
        image = to_image(reader.render(1))
    assert image.convert("RGB").getpixel((5, 5)) == (255, 255, 255)


def test_reader_refuses_bad_input():
    with pytest.raises(UnreadableDocument):
        Reader(b"not a pdf at all", "pdf")
    with pytest.raises(BadInput):
        Reader(make_pdf(["x"]), "spreadsheet")
    from tests.core.documents.test_formats import encrypted_pdf

    with pytest.raises(EncryptedDocument):
        Reader(encrypted_pdf("user"), "pdf")


def test_closed_reader_refuses_politely(pdf_bytes):
    reader = Reader(pdf_bytes, "pdf")
    reader.close()
    reader.close()  # twice is fine
    with pytest.raises(BadInput, match="closed"):
        reader.render(1)


def test_rendering_while_another_thread_extracts_is_safe(pdf_bytes):
    big = make_pdf([f"Page {i} " + "text " * 200 for i in range(150)])
    errors = []

    def worker():
        try:
            assert len(extract(big).pages) == 150
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    thread = threading.Thread(target=worker)
    with Reader(pdf_bytes, "pdf") as reader:
        thread.start()
        for _ in range(20):
            assert reader.render(1, 0.5).width == round(A4[0] * 0.5)
            assert reader.find(1, "oasys")
        thread.join()
    assert errors == []


def test_render_page_one_at_150_percent(pdf_bytes):  # its time: bench/bench_documents.py
    with Reader(pdf_bytes, "pdf") as reader:
        first = reader.render(1, 1.5)
        bm = reader.render(1, 1.5)
    assert bm.width == round(A4[0] * 1.5) and bm.pixels == first.pixels


def test_a_sideways_phone_photo_is_shown_upright():
    image = Image.new("RGB", (40, 10), (255, 0, 0))
    image.paste((0, 0, 255), (0, 0, 10, 10))  # blue at the left end as stored
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    assert (extract(out.getvalue()).pages[0].width, extract(out.getvalue()).pages[0].height) == (10, 40)
    with Reader(out.getvalue(), "image") as reader:
        assert reader.page_size(1) == (10.0, 40.0)
        shown = to_image(reader.render(1)).convert("RGB")
    assert shown.size == (10, 40)
    blue, red = shown.getpixel((5, 2)), shown.getpixel((5, 35))
    assert blue[2] > 200 and blue[0] < 60  # the left end is now the top
    assert red[0] > 200 and red[2] < 60


def test_a_sixteen_bit_scan_is_scaled_not_washed_out():
    image = Image.new("I;16", (20, 10), 0)
    image.paste(60_000, (10, 0, 20, 10))
    image.paste(30_000, (0, 0, 10, 10))
    out = io.BytesIO()
    image.save(out, format="PNG")
    with Reader(out.getvalue(), "image") as reader:
        shown = to_image(reader.render(1)).convert("L")
    assert shown.getpixel((15, 5)) == 255
    assert 120 <= shown.getpixel((5, 5)) <= 135  # half of full scale, not clipped to white


def test_a_phrase_broken_over_two_lines_is_found_with_a_rectangle_on_each():
    with Reader(make_pdf(["The psychology risk\nassessment was thorough"]), "pdf") as reader:
        hits = sorted(reader.find(1, "Risk Assessment"), key=lambda r: r.y0)
    assert len(hits) == 2
    end_of_line_one, start_of_line_two = hits
    assert start_of_line_two.y0 > end_of_line_one.y0
    assert start_of_line_two.x0 == pytest.approx(MARGIN / A4[0], abs=0.01)  # "assessment" starts line two
    assert end_of_line_one.x0 > start_of_line_two.x0
