"""Images made in the tests: text rendered with the app's own fonts, photos with EXIF, scans.

Nothing binary is checked in: every picture a test imports is drawn here,
so what it shows (and what text recognition must find) is in the test.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONTS = Path(__file__).resolve().parent.parent / "workbench" / "data" / "fonts"


def text_picture(lines: list[str], *, font: str = "NotoSans-Regular.ttf", size: int = 28,
                 width: int = 1000, blur: float = 0.0) -> Image.Image:
    face = ImageFont.truetype(str(FONTS / font), size)
    height = 40 + len(lines) * int(size * 1.6)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((24, 20 + i * int(size * 1.6)), line, font=face, fill=0)
    return image.filter(ImageFilter.GaussianBlur(blur)) if blur else image


def save(image: Image.Image, path: Path, **options: Any) -> Path:
    image.save(path, **options)
    return path


def exif_bytes(*, taken: str | None = "2024:10:09 14:03:27", offset: str | None = "+03:00",
               make: str | None = "Canon", model: str | None = "Canon EOS 5D Mark IV",
               gps: tuple[float, float] | None = (50.4501, 30.5234)) -> bytes:
    """EXIF as a camera writes it: make/model, capture time (with offset), GPS in degrees-minutes-seconds."""
    from PIL.TiffImagePlugin import IFDRational

    exif = Image.Exif()
    if make:
        exif[271] = make
    if model:
        exif[272] = model
    details = exif.get_ifd(0x8769)
    if taken:
        details[36867] = taken
    if offset:
        details[36881] = offset
    if gps:
        def dms(value: float) -> tuple[IFDRational, IFDRational, IFDRational]:
            value = abs(value)
            d = int(value)
            m = int((value - d) * 60)
            s = round(((value - d) * 60 - m) * 60 * 100)
            return IFDRational(d, 1), IFDRational(m, 1), IFDRational(s, 100)

        gps_ifd = exif.get_ifd(0x8825)
        gps_ifd[1] = "N" if gps[0] >= 0 else "S"
        gps_ifd[2] = dms(gps[0])
        gps_ifd[3] = "E" if gps[1] >= 0 else "W"
        gps_ifd[4] = dms(gps[1])
    return exif.tobytes()


def photo(seed: int = 1, size: tuple[int, int] = (640, 480)) -> Image.Image:
    """A picture without text: coloured shapes placed by ``seed`` (different seeds, different pictures)."""
    import random

    from PIL import ImageOps

    rnd = random.Random(seed)
    ramp = Image.linear_gradient("L").rotate(rnd.randrange(360)).resize(size)
    image = ImageOps.colorize(ramp, (rnd.randrange(128), rnd.randrange(128), rnd.randrange(128)),
                              (128 + rnd.randrange(128), 128 + rnd.randrange(128), 128 + rnd.randrange(128)))
    draw = ImageDraw.Draw(image)
    for _ in range(24):
        x, y = rnd.randrange(size[0]), rnd.randrange(size[1])
        r = rnd.randrange(20, 160)
        draw.ellipse((x - r, y - r, x + r, y + r),
                     fill=(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)))
    return image


def scanned_pdf(path: Path, pages: list[Image.Image]) -> Path:
    """A PDF whose pages are only pictures (no text layer), as a scanner makes."""
    rgb = [p.convert("RGB") for p in pages]
    rgb[0].save(path, format="PDF", save_all=True, append_images=rgb[1:], resolution=150)
    return path


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height``: a decompression bomb's calling card."""
    import struct
    import zlib

    buffer = io.BytesIO()
    Image.new("L", (1, 1), 255).save(buffer, format="PNG")
    data = bytearray(buffer.getvalue())
    ihdr = data[12:29]  # type + 13 bytes of IHDR data
    ihdr[4:12] = struct.pack(">II", width, height)
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)) & 0xFFFFFFFF)
    return bytes(data)
