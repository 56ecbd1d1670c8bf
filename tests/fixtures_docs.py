"""Real-shaped document fixtures, generated at test time (no binary files in git).

Each ``make_*`` function writes one file into a directory and returns its
path. The shapes imitate what fact-checkers receive: a saved news page with
navigation, adverts, comments and remote resources; a multi-page report PDF;
a Word document with a table and core properties; legacy-encoded text; and
the bad inputs we must refuse clearly. The benchmark script uses the same
generators for its large inputs.
"""

from __future__ import annotations

import datetime
import io
import struct
import zipfile
from pathlib import Path

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

NEWS_TITLE = "Flood barrier failed hours before storm, engineers say"
NEWS_AUTHOR = "Maria Okonkwo"
NEWS_URL = "https://www.dailyledger.example/news/2024/10/09/flood-barrier"
NEWS_DATE = datetime.date(2024, 10, 9)
NEWS_PARAGRAPHS = (
    "The river barrier protecting the eastern district of Port Allard stopped working "
    "nearly six hours before the storm reached the coast, according to two engineers "
    "who were on duty that night.",
    "Both engineers, who spoke on condition of anonymity because they were not "
    "authorised to talk to the press, said a hydraulic pump had failed at about 18:40 "
    "and that a backup generator never started.",
    'The city council said on Wednesday that it had "no record of any malfunction" and '
    'that the barrier had "performed as designed".',
    "Records seen by the Ledger show that the barrier was last inspected in March 2022, "
    "two years after the date required by the maintenance contract.",
    "Opposition councillors have called for an independent inquiry into the failure, "
    "which they say left more than 3,000 homes exposed to the surge.",
)
#: Strings that live only in page furniture and must not be imported.
NEWS_JUNK = (
    "World news section",
    "Subscribe today",
    "MegaCover",
    "SCRIPT_SECRET_TEXT",
    "COMMENT_TEXT",
    "FOOTER_TEXT",
    "Storm damage mapped street by street",
)


def news_html(paragraphs: tuple[str, ...] | list[str] = NEWS_PARAGRAPHS) -> str:
    """A saved news article page with the usual furniture around the story."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs[:2])
    body += '\n<figure><img src="https://images.example.net/barrier.jpg" alt="The barrier">'
    body += "<figcaption>The barrier at Port Allard.</figcaption></figure>\n"
    body += "\n".join(f"<p>{p}</p>" for p in paragraphs[2:4])
    body += "\n<h2>Questions for the council</h2>\n"
    body += "\n".join(f"<p>{p}</p>" for p in paragraphs[4:])
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{NEWS_TITLE} | The Daily Ledger</title>
<meta property="og:title" content="{NEWS_TITLE}">
<meta name="author" content="{NEWS_AUTHOR}">
<meta property="article:published_time" content="2024-10-09T08:30:00Z">
<link rel="canonical" href="{NEWS_URL}">
<link rel="stylesheet" href="https://cdn.example.net/css/site.css">
<link rel="preload" as="font" href="https://fonts.example.net/ledger-serif.woff2">
<style>@font-face {{ font-family: Ledger; src: url(https://fonts.example.net/ledger.woff2); }}
body {{ background: url(https://cdn.example.net/bg.png); }}</style>
<script src="https://ads.example.net/loader.js"></script>
<script>window.tracking = "SCRIPT_SECRET_TEXT"; fetch("https://t.example.net/p");</script>
</head><body>
<header><nav><ul>
<li><a href="/">Home</a></li><li><a href="/world">World news section</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/subscribe">Subscribe today</a></li>
</ul></nav></header>
<div class="ad-banner advertisement" id="ad-top"><p>Advertisement: buy cheap flood insurance now at MegaCover!</p>
<img src="https://ads.example.net/banner.gif"></div>
<main><article>
<h1>{NEWS_TITLE}</h1>
<p class="byline">By <span class="author">{NEWS_AUTHOR}</span>,
<time datetime="2024-10-09">9 October 2024</time></p>
{body}
</article></main>
<aside class="related"><h3>Related stories</h3><ul>
<li><a href="/a">Storm damage mapped street by street</a></li></ul></aside>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>COMMENT_TEXT: This is a cover-up, wake up people!</p></div></section>
<footer><p>Copyright 2024 The Daily Ledger. All rights reserved. FOOTER_TEXT</p>
<a href="/privacy">Privacy policy</a></footer>
<iframe src="https://widgets.example.net/share"></iframe>
</body></html>
"""


def make_news_html(directory: Path, name: str = "flood-barrier.html") -> Path:
    path = directory / name
    path.write_text(news_html(), encoding="utf-8")
    return path


def large_news_html(target_bytes: int = 2_000_000) -> str:
    """A ~``target_bytes`` news page: a long article plus heavy page furniture."""
    paragraphs: list[str] = []
    i = 0
    while sum(len(p) for p in paragraphs) < target_bytes * 0.6:
        base = NEWS_PARAGRAPHS[i % len(NEWS_PARAGRAPHS)]
        paragraphs.append(f"Paragraph {i}: {base} Witness {i} confirmed the account on day {i % 31 + 1}.")
        i += 1
    page = news_html(paragraphs)
    filler = "".join(
        f'<div class="ad-slot"><a href="/promo/{n}">Sponsored offer number {n}</a></div>\n'
        for n in range(max(1, (target_bytes - len(page)) // 70))
    )
    return page.replace("<footer>", filler + "<footer>")


def pdf_pages_text(pages: int) -> list[list[str]]:
    """Lines of text for each page of a generated report."""
    return [
        [f"Page {n + 1} of the inspection report.", f"Finding {n + 1}: the pump at station {n % 7} was inspected."]
        + [f"Line {k} on page {n + 1}: water level {k * 3 + n} cm at 18:{k:02d}." for k in range(25)]
        for n in range(pages)
    ]


def make_pdf(directory: Path, name: str = "report.pdf", pages: int = 3, unicode_font: bool = False) -> Path:
    """A multi-page text PDF made with fpdf2, one text block per page."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Inspection report Port Allard")
    pdf.set_author("Harbour Authority")
    pdf.set_creation_date(datetime.datetime(2024, 3, 5, 10, 0, tzinfo=datetime.UTC))
    if unicode_font and DEJAVU.exists():
        pdf.add_font("DejaVu", fname=str(DEJAVU))
        pdf.set_font("DejaVu", size=10)
    else:
        pdf.set_font("Helvetica", size=10)
    for lines in pdf_pages_text(pages):
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    path = directory / name
    pdf.output(str(path))
    return path


def make_encrypted_pdf(directory: Path, name: str = "locked.pdf") -> Path:
    """A text PDF locked with a user password (pypdf's writer.encrypt)."""
    from pypdf import PdfReader, PdfWriter

    source = make_pdf(directory, "unlocked-source.pdf", pages=1)
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password="s3cret", owner_password="owner", algorithm="RC4-128")
    path = directory / name
    with path.open("wb") as handle:
        writer.write(handle)
    source.unlink()
    return path


def make_image_only_pdf(directory: Path, name: str = "scan.pdf") -> Path:
    """A 'scanned' PDF: one page that is just a picture of text, no text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 300), "white")
    draw = ImageDraw.Draw(image)
    for row in range(10):
        draw.text((20, 20 + row * 25), f"Scanned line {row}: illegible without OCR", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(buffer, x=10, y=10, w=180)
    path = directory / name
    pdf.output(str(path))
    return path


def make_damaged_pdf(directory: Path, name: str = "damaged.pdf") -> Path:
    """A PDF header followed by garbage: what a failed download leaves behind."""
    path = directory / name
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 20 + b"\nthis is not an object\n")
    return path


DOCX_TITLE = "Minutes of the flood committee"
DOCX_AUTHOR = "Committee Secretary"
DOCX_CREATED = datetime.datetime(2024, 10, 11, 9, 15)
DOCX_PARAGRAPHS = (
    "The committee met at 10:00 in the council chamber.",
    "The chair said the barrier contractor had not answered three letters since June.",
    "It was agreed to ask the harbour authority for the pump maintenance logs.",
)


def make_docx(directory: Path, name: str = "minutes.docx") -> Path:
    """A DOCX with a heading, paragraphs, a table and core properties."""
    import docx

    document = docx.Document()
    document.add_heading("Flood committee, 11 October 2024", level=1)
    document.add_paragraph(DOCX_PARAGRAPHS[0])
    document.add_paragraph(DOCX_PARAGRAPHS[1])
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Station"
    table.cell(0, 1).text = "Pump status"
    table.cell(1, 0).text = "East gate"
    table.cell(1, 1).text = "Failed 18:40"
    document.add_paragraph("")
    document.add_paragraph(DOCX_PARAGRAPHS[2])
    props = document.core_properties
    props.title = DOCX_TITLE
    props.author = DOCX_AUTHOR
    props.created = DOCX_CREATED
    path = directory / name
    document.save(str(path))
    return path


def make_damaged_docx(directory: Path, name: str = "damaged.docx") -> Path:
    """A DOCX cut off half-way, as after an interrupted e-mail download."""
    good = make_docx(directory, "whole-for-damage.docx")
    data = good.read_bytes()
    good.unlink()
    path = directory / name
    path.write_bytes(data[: len(data) // 2])
    return path


def make_zip_bomb_docx(directory: Path, name: str = "invoice.docx", inflated: int = 60 * 1024 * 1024) -> Path:
    """A small ZIP that claims to be a DOCX and inflates to ``inflated`` bytes.

    Written in chunks through ``ZipFile.open`` so the test itself never holds
    the inflated data in memory.
    """
    path = directory / name
    chunk = b"<w:t>" + b"A" * (1024 * 1024 - 11) + b"</w:t>"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            written = 0
            while written < inflated:
                member.write(chunk)
                written += len(chunk)
    return path


def make_old_doc_as_docx(directory: Path, name: str = "statement.docx") -> Path:
    """An old binary Word file (OLE compound document) renamed to .docx."""
    path = directory / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"WordDocument".ljust(512, b"\x00"))
    return path


def make_latin1_txt(directory: Path, name: str = "declaration.txt") -> tuple[Path, str]:
    """A Latin-1 (ISO-8859-1) text with accented words, as old Windows tools write."""
    text = (
        "Déclaration du préfet\n\n"
        "Le préfet a déclaré mercredi que la digue était « entièrement opérationnelle » "
        "au moment de la tempête. Selon lui, aucune défaillance n'a été signalée à "
        "l'équipe de maintenance, et les élus de l'opposition exagèrent la portée du problème.\n"
        "Señor García, député, a répondu que les relevés montraient le contraire.\n"
    )
    path = directory / name
    path.write_bytes(text.encode("latin-1"))
    return path, text


def make_utf16_txt(directory: Path, name: str = "transcript.txt") -> tuple[Path, str]:
    """A UTF-16 text with BOM and CRLF line ends, as Windows Notepad saves it."""
    text = "Interview transcript\r\nQ: Когда отказал насос?\r\nA: Около 18:40, 펌프가 멈췄습니다.\r\n"
    path = directory / name
    path.write_bytes(text.encode("utf-16"))
    return path, text.replace("\r\n", "\n")


def make_binary_txt(directory: Path, name: str = "notes.txt") -> Path:
    """A PNG image renamed to .txt."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(buffer, format="PNG")
    path = directory / name
    path.write_bytes(buffer.getvalue())
    return path


def make_oversize_file(directory: Path, name: str = "huge.txt", size: int = int(63.2 * 1024 * 1024)) -> Path:
    """A sparse file of ``size`` bytes: big on paper, nothing written to disk."""
    path = directory / name
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def make_pdf_bomb(directory: Path, name: str = "bomb.pdf", inflated: int = 1024 * 1024 * 1024,
                  wrap: str | None = None) -> Path:
    """A valid one-page PDF of about ``inflated`` / 1000 bytes whose page content stream (a line of
    text, then spaces, which a content stream may hold) inflates to ``inflated`` bytes.

    Compressed in 1 MB steps, so the test never holds the inflated stream in memory. ``wrap``
    ("hex" or "a85") puts an ASCIIHex or ASCII85 filter around the Flate data, as a bomb that hides
    from a check of Flate streams would."""
    import base64
    import zlib

    packer = zlib.compressobj(9)
    head = b"BT /F1 12 Tf 72 712 Td (Inflated to a gigabyte) Tj ET\n"
    parts = [packer.compress(head)]
    spaces = b" " * (1024 * 1024)
    for _ in range(max(0, inflated - len(head)) // len(spaces)):
        parts.append(packer.compress(spaces))
    parts.append(packer.flush())
    content = b"".join(parts)
    filters = b"/FlateDecode"
    if wrap == "hex":
        content, filters = content.hex().encode() + b">", b"[/ASCIIHexDecode /FlateDecode]"
    elif wrap == "a85":
        content, filters = base64.a85encode(content, wrapcol=76) + b"~>", b"[/A85 /Fl]"
    return _one_page_pdf(directory, name, content, filters)


def _one_page_pdf(directory: Path, name: str, content: bytes, filters: bytes) -> Path:
    """A one-page PDF whose page content stream is ``content``, stored under ``filters``."""
    return _write_pdf(directory / name, [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" /Filter " + filters + b" >>\nstream\n" + content
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def _write_pdf(path: Path, objects: list[bytes]) -> Path:
    """A PDF of ``objects`` (numbered from 1, the catalog first) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def _mmr_blank_rows(rows: int) -> bytes:
    """CCITT Group 4 (MMR) data for ``rows`` rows that repeat the blank row above: one bit ("1",
    vertical mode 0) a row, then the end-of-facsimile block."""
    bits = "1" * rows + "000000000001" * 2
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


def _jbig2_blank_page(side: int) -> bytes:
    """An embedded JBIG2 stream (PDF's form: no file header) holding one ``side`` x ``side`` page,
    all of it one immediate lossless generic region coded with MMR: about side / 8 bytes."""
    def segment(number: int, kind: int, data: bytes) -> bytes:
        return struct.pack(">IBBBI", number, kind, 0, 1, len(data)) + data

    page_info = struct.pack(">IIIIBH", side, side, 0, 0, 0, 0)
    region = struct.pack(">IIIIB", side, side, 0, 0, 0) + bytes([1]) + _mmr_blank_rows(side)  # flags: MMR
    return segment(0, 48, page_info) + segment(1, 38, region) + segment(2, 49, b"")


def make_jbig2_pdf_bomb(directory: Path, name: str = "jbig2-bomb.pdf", side: int = 46_000,
                        images: int = 4) -> Path:
    """A one-page scan (no text layer) of ``images`` JBIG2 pictures, each ``side`` pixels square,
    drawn in the page's quarters and shown as black (/Decode [1 0]). The default is 25 KB on disk;
    PDFium decodes each picture whole (264 MB apiece) when it draws the page: 1.4 GB and 31 s in
    one process. ``side=1000`` gives a harmless black page."""
    data = _jbig2_blank_page(side)
    picture = (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /BitsPerComponent 1"
               b" /ColorSpace /DeviceGray /Decode [1 0] /Filter /JBIG2Decode /Length %d >>\nstream\n"
               % (side, side, len(data)) + data + b"\nendstream")
    names = b" ".join(b"/Im%d %d 0 R" % (i, 5 + i) for i in range(images))
    content = b"".join(b"q 306 0 0 396 %d %d cm /Im%d Do Q\n" % (i % 2 * 306, i // 2 % 2 * 396, i)
                       for i in range(images))
    return _write_pdf(directory / name, [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /XObject << " + names + b" >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        *[picture] * images,
    ])


def _lzw_codes(prefix: bytes, repeats: int) -> list[tuple[int, int]]:
    """(code, bit width) pairs of an LZW stream (the PDF variant, EarlyChange 1) that decodes to
    ``prefix``, then ever longer runs of spaces (2, 3, ... 3,839), then the longest run ``repeats``
    times: about 2,560 bytes out for every 1.5 bytes in, as a decompression bomb would."""
    codes: list[tuple[int, int]] = []
    entries = 0  # codes added to the decoder's table so far
    width = 9

    def emit(code: int) -> None:
        nonlocal entries, width
        codes.append((code, width))
        if len(codes) == 1 or entries + 1 == 4094:
            return  # the first code adds no entry; a full table adds none either
        entries += 1
        width = {254: 10, 766: 11, 1790: 12}.get(entries + 1, width)

    for byte in prefix:
        emit(byte)
    emit(32)
    longest = 32
    while 258 + entries <= 4095:  # the code the decoder is about to add: the last run and one space more
        longest = 258 + entries
        emit(longest)
    for _ in range(repeats):
        emit(longest)
    emit(257)  # end of data
    return codes


def make_lzw_pdf_bomb(directory: Path, name: str = "lzw-bomb.pdf", repeats: int = 700_000) -> Path:
    """A one-page PDF whose content stream is LZW-compressed (no Flate anywhere): a line of text,
    then spaces. The default is about 1 MB on disk and decodes to about 2.7 GB; ``repeats=100``
    gives a harmless 7.6 MB stream that reads as "Hidden in LZW"."""
    acc = bits = 0
    packed = bytearray()
    for code, width in _lzw_codes(b"BT /F1 12 Tf 72 712 Td (Hidden in LZW) Tj ET\n", repeats):
        acc = (acc << width) | code
        bits += width
        while bits >= 8:
            bits -= 8
            packed.append((acc >> bits) & 0xFF)
        acc &= (1 << bits) - 1
    if bits:
        packed.append((acc << (8 - bits)) & 0xFF)
    return _one_page_pdf(directory, name, bytes(packed), b"/LZWDecode")
