"""Images as fact-checkers receive them: opened safely, described, fingerprinted.

Screenshots, photos of leaflets and scanned pages arrive as PNG, JPEG, WebP
or TIFF. Before a pixel is decoded we check the size the header announces:
an image over :data:`MAX_PIXELS` (100 megapixels) is refused, which is also
what stops a decompression bomb (a small file that claims a huge canvas).
Pillow's own bomb check is turned into an error at the same limit.

A photo's EXIF tells when and where it was taken and with what camera; a
fact-checker compares that with what a post claims. The perceptual hash
(pHash: a DCT of the 32x32 grey image, 64 bits) stays nearly the same when a
picture is resized, recompressed or lightly cropped, so two outlets posting
the same photo can be recognised as one origin.
"""

from __future__ import annotations

import datetime
import io
import math
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .base import DocumentImportError

if TYPE_CHECKING:
    from PIL import Image

#: Largest image we decode (width x height).
MAX_PIXELS = 100_000_000
#: Largest number of pages we take from a multi-page TIFF.
MAX_FRAMES = 500
#: Two pictures whose hashes differ in at most this many of 64 bits are near-duplicates.
NEAR_DUPLICATE_BITS = 8

_MIME = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp", "TIFF": "image/tiff",
         "MPO": "image/jpeg"}
_ALLOWED = ("PNG", "JPEG", "WEBP", "TIFF")  # JPEG also opens MPO (multi-picture) files


@dataclass(frozen=True)
class PhotoInfo:
    """What a photo's EXIF says about it (each part ``None`` when absent)."""

    taken: str | None
    gps: tuple[float, float] | None
    camera: str | None


def _pil() -> Any:
    from PIL import Image

    # Pillow refuses images over twice this at open (DecompressionBombError);
    # open_image refuses everything over it from the header's size.
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    return Image


def open_image(path: Path, data: bytes) -> Image.Image:
    """Open image bytes lazily, refusing what we cannot or must not decode."""
    pil = _pil()
    from PIL import UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pil.DecompressionBombWarning)  # refused below, with its size
            image: Image.Image = pil.open(io.BytesIO(data), formats=_ALLOWED)
    except (pil.DecompressionBombError, pil.DecompressionBombWarning):
        raise DocumentImportError(path, f"image is larger than {MAX_PIXELS // 1_000_000} megapixels "
                                        "(refused: it could exhaust memory)") from None
    except UnidentifiedImageError:
        raise DocumentImportError(path, "not an image this app reads (PNG, JPEG, WebP or TIFF), "
                                        "or the file is damaged") from None
    except (OSError, ValueError, SyntaxError) as error:
        raise DocumentImportError(path, f"damaged image: {error}") from None
    width, height = image.size
    if width <= 0 or height <= 0:
        raise DocumentImportError(path, "damaged image: no pixels")
    if width * height > MAX_PIXELS:
        raise DocumentImportError(path, f"image is {width}x{height} pixels ({width * height / 1e6:.0f} megapixels); "
                                        f"the limit is {MAX_PIXELS // 1_000_000} megapixels")
    return image


def mime_of(image: Image.Image) -> str:
    return _MIME.get(image.format or "", "application/octet-stream")


def frames(path: Path, image: Image.Image) -> list[Image.Image]:
    """Every page of the image (a TIFF can hold many), decoded and checked."""
    pil = _pil()
    out: list[Image.Image] = []
    count = getattr(image, "n_frames", 1) if image.format == "TIFF" else 1
    if count > MAX_FRAMES:
        raise DocumentImportError(path, f"image has {count} pages; the limit is {MAX_FRAMES}")
    total = 0
    for index in range(count):
        try:
            image.seek(index)
            w, h = image.size
            total += w * h
            if w * h > MAX_PIXELS or total > 5 * MAX_PIXELS:
                raise DocumentImportError(path, f"image is over {MAX_PIXELS // 1_000_000} megapixels")
            frame = image.convert("RGB") if image.mode not in ("L", "RGB", "1") else image.copy()
            frame.load()
        except DocumentImportError:
            raise
        except (pil.DecompressionBombError, pil.DecompressionBombWarning):
            raise DocumentImportError(path, f"image is over {MAX_PIXELS // 1_000_000} megapixels") from None
        except (OSError, ValueError, SyntaxError, EOFError) as error:
            raise DocumentImportError(path, f"damaged image: {error}") from None
        out.append(frame)
    return out


def _rational(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return math.nan


def _degrees(dms: Any, ref: Any) -> float | None:
    try:
        d, m, s = (_rational(v) for v in dms)
    except (TypeError, ValueError):
        return None
    value = d + m / 60 + s / 3600
    if math.isnan(value):
        return None
    if str(ref).strip().upper() in ("S", "W"):
        value = -value
    return round(value, 6)


def _exif_time(raw: Any, offset: Any) -> str | None:
    """EXIF ``2024:10:09 14:03:00`` (plus ``+02:00`` when stated) as ISO 8601."""
    if not isinstance(raw, str):
        return None
    try:
        stamp = datetime.datetime.strptime(raw.strip().rstrip("\x00"), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    text = stamp.isoformat()
    if isinstance(offset, str) and len(offset.strip()) == 6 and offset.strip()[0] in "+-":
        text += offset.strip()
    return text


def photo_info(image: Image.Image) -> PhotoInfo:
    """Capture time, GPS position and camera from EXIF; never raises on odd EXIF."""
    try:
        exif = image.getexif()
        details = exif.get_ifd(0x8769)
        gps_ifd = exif.get_ifd(0x8825)
    except Exception:  # noqa: BLE001 - damaged EXIF is common and tells nothing
        return PhotoInfo(None, None, None)
    taken = _exif_time(details.get(36867) or details.get(36868) or exif.get(306), details.get(36881))
    gps: tuple[float, float] | None = None
    if gps_ifd.get(2) and gps_ifd.get(4):
        lat, lon = _degrees(gps_ifd[2], gps_ifd.get(1)), _degrees(gps_ifd[4], gps_ifd.get(3))
        if lat is not None and lon is not None and abs(lat) <= 90 and abs(lon) <= 180:
            gps = (lat, lon)
    make = str(exif.get(271) or "").strip().rstrip("\x00").strip()
    model = str(exif.get(272) or "").strip().rstrip("\x00").strip()
    camera = model if make and model.lower().startswith(make.lower()) else " ".join(p for p in (make, model) if p)
    return PhotoInfo(taken, gps, camera or None)


_DCT = [[math.cos(math.pi * (2 * x + 1) * u / 64) for x in range(32)] for u in range(8)]


def phash(image: Image.Image) -> str:
    """64-bit perceptual hash (16 hex digits): low DCT frequencies above/below their median."""
    pil = _pil()
    small = image.convert("L").resize((32, 32), pil.Resampling.LANCZOS)
    px = list(small.tobytes())
    rows = [[sum(px[y * 32 + x] * cu[x] for x in range(32)) for cu in _DCT] for y in range(32)]
    coeffs = [sum(rows[y][u] * cv[y] for y in range(32)) for cv in _DCT for u in range(8)]
    ordered = sorted(coeffs)
    median = (ordered[31] + ordered[32]) / 2
    bits = 0
    for c in coeffs:
        bits = (bits << 1) | (1 if c > median else 0)
    return f"{bits:016x}"


def hash_distance(a: str, b: str) -> int:
    """Bits in which two hashes differ (64 when either is unreadable)."""
    try:
        return (int(a, 16) ^ int(b, 16)).bit_count()
    except (TypeError, ValueError):
        return 64


def looks_like_a_page(image: Image.Image) -> bool:
    """True for a sheet rather than a picture: one tone (paper, a blank screen) covers 85% of it."""
    small = image.convert("L")
    small.thumbnail((256, 256))
    histogram = small.histogram()
    peak = max(range(256), key=histogram.__getitem__)
    near = sum(histogram[max(0, peak - 24):peak + 25])
    return near >= 0.85 * sum(histogram)


def png_bytes(image: Image.Image) -> bytes:
    """Lossless bytes of one page for the text recogniser."""
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()
