"""Images and scans: text recognised offline, photos described, bad pictures refused.

Every picture is drawn by the test (tests/fixtures_images.py) with the app's
own fonts, and recognised by the real Tesseract that scripts/bootstrap.sh
installs.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PIL import Image, ImageFilter

from tests import fixtures_images as I
from tests.conftest import refusal, run_vwb
from workbench.documents.importers import ImportCancelled, import_file, page_of

STATEMENT = ["The minister said the bridge will reopen in March.", "Officials confirmed the figures on Tuesday."]


@pytest.mark.parametrize("suffix,options", [(".png", {}), (".jpg", {"quality": 90}), (".webp", {"quality": 90}),
                                            (".tif", {}), (".tiff", {"compression": "tiff_lzw"}),
                                            (".jpeg", {"quality": 90})])
def test_every_image_format_has_its_text_recognised(tmp_path: Path, suffix: str, options: dict) -> None:
    path = I.save(I.text_picture(STATEMENT).convert("RGB"), tmp_path / f"statement{suffix}", **options)
    doc = import_file(path, languages="eng")
    assert doc.text == "\n".join(STATEMENT)
    assert doc.title == STATEMENT[0]
    assert doc.published is None
    assert doc.ocr == {"engine": "tesseract", "languages": ["eng"], "mean_confidence": doc.ocr["mean_confidence"],
                       "low_confidence": []}
    assert doc.ocr["mean_confidence"] > 80
    assert doc.media is not None
    assert doc.media["type"] == "image" and (doc.media["width"], doc.media["height"]) == (1000, 128)
    assert doc.media_data == path.read_bytes()  # the picture itself stays with the document
    assert doc.media_mime.startswith("image/")


@pytest.mark.parametrize("font,lines,language", [
    ("NotoSans-Regular.ttf", ["Министр заявил во вторник, что мост", "откроется в марте."], "rus"),
    ("NotoSans-Regular.ttf", ["Міністр заявив у вівторок, що міст", "відкриється в березні."], "ukr"),
    ("NanumGothic.ttf", ["장관은 화요일에 다리가", "3월에 다시 열릴 것이라고 말했다."], "kor"),
    ("NotoSans-Regular.ttf", STATEMENT, "eng"),
])
def test_the_language_is_detected_from_the_script(tmp_path: Path, font: str, lines: list[str],
                                                  language: str) -> None:
    path = I.save(I.text_picture(lines, font=font), tmp_path / f"{language}.png")
    doc = import_file(path)
    assert doc.ocr is not None and doc.ocr["languages"][0] == language
    assert doc.text == "\n".join(lines)


def test_a_chosen_language_is_used_and_an_unknown_one_refused(tmp_path: Path) -> None:
    path = I.save(I.text_picture(["Міністр заявив у вівторок."]), tmp_path / "uk.png")
    assert import_file(path, languages="ukr").ocr["languages"] == ["ukr"]
    assert refusal(path, languages="xxx").reason.startswith("no text recognition model for xxx (installed: ")


def test_uncertain_words_are_recorded_as_offsets(tmp_path: Path) -> None:
    picture = I.text_picture(STATEMENT)
    smudge = picture.crop((300, 15, 460, 60)).filter(ImageFilter.GaussianBlur(2.6))
    picture.paste(smudge, (300, 15))
    doc = import_file(I.save(picture, tmp_path / "smudged.png"), languages="eng")
    low = doc.ocr["low_confidence"]
    assert low, "the smudged word must be marked"
    for start, end in low:
        word = doc.text[start:end]
        assert word and " " not in word and "\n" not in word
    # the words outside the smudge are certain
    assert all(start < doc.text.index("\n") for start, _ in low)


def test_a_picture_without_text_is_refused(tmp_path: Path) -> None:
    path = I.save(Image.new("RGB", (800, 600), "white"), tmp_path / "blank.png")
    assert refusal(path).reason == "no readable text (text recognition found none)"


def test_a_photo_keeps_its_exif_and_is_imported_even_without_text(tmp_path: Path) -> None:
    path = I.save(I.photo(3), tmp_path / "IMG_0042.jpg", exif=I.exif_bytes(), quality=92)
    doc = import_file(path)
    assert doc.media["type"] == "photo"
    assert doc.media["taken"] == "2024-10-09T14:03:27+03:00"
    assert doc.media["camera"] == "Canon EOS 5D Mark IV"
    lat, lon = doc.media["gps"]
    assert abs(lat - 50.4501) < 1e-4 and abs(lon - 30.5234) < 1e-4
    assert doc.text == ("Photo IMG_0042.jpg; taken 2024-10-09 14:03:27+03:00; camera Canon EOS 5D Mark IV; "
                        f"GPS {lat:.6f}, {lon:.6f} (no readable text in the picture)")
    assert doc.published is None  # when a photo was taken is not when anything was published


def test_southern_and_western_positions_and_a_camera_without_make(tmp_path: Path) -> None:
    exif = I.exif_bytes(gps=(-33.8568, -70.6483), make=None, model="Pixel 8", offset=None)
    doc = import_file(I.save(I.photo(4), tmp_path / "p.jpg", exif=exif))
    lat, lon = doc.media["gps"]
    assert lat < 0 and lon < 0
    assert doc.media["camera"] == "Pixel 8" and doc.media["taken"] == "2024-10-09T14:03:27"


def test_a_decompression_bomb_is_refused_before_decoding(tmp_path: Path) -> None:
    path = tmp_path / "bomb.png"
    path.write_bytes(I.png_claiming_size(50_000, 50_000))
    assert refusal(path).reason == ("image is larger than 100 megapixels (refused: it could exhaust memory)")


def test_an_image_over_100_megapixels_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.png"
    path.write_bytes(I.png_claiming_size(12_000, 9_000))  # 108 MP: just over, under Pillow's own 2x limit
    assert refusal(path).reason == "image is 12000x9000 pixels (108 megapixels); the limit is 100 megapixels"


def test_an_image_over_50_mb_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.jpg"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024 + 1)
    assert refusal(path).reason == "file is 52,428,801 bytes; the limit is 50 MB"


def test_damaged_and_misnamed_images_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "not.png"
    path.write_bytes(b"this is a text file with a picture's name\n" * 20)
    assert refusal(path).reason.startswith("not an image this app reads")
    good = I.save(I.text_picture(STATEMENT), tmp_path / "cut.png")
    cut = tmp_path / "cut2.png"
    cut.write_bytes(good.read_bytes()[:300])
    assert refusal(cut).reason.startswith("damaged image")


def test_a_scanned_pdf_is_recognised_page_by_page(tmp_path: Path) -> None:
    pages = [I.text_picture([f"Page {n} of the statement.", "The figures were confirmed."]) for n in (1, 2, 3)]
    path = I.scanned_pdf(tmp_path / "scan.pdf", pages)
    steps: list[tuple[int, int]] = []
    doc = import_file(path, languages="eng", progress=lambda d, t: steps.append((d, t)))
    assert doc.text.split("\n\n") == [f"Page {n} of the statement.\nThe figures were confirmed." for n in (1, 2, 3)]
    assert page_of(doc.page_starts, doc.text.index("Page 3")) == 3
    assert doc.media["type"] == "scan" and doc.media_mime == "application/pdf"
    assert steps[-3:] == [(1, 3), (2, 3), (3, 3)]  # one step per recognised page


def test_a_scanned_pdf_without_readable_text_is_refused(tmp_path: Path) -> None:
    path = I.scanned_pdf(tmp_path / "blank.pdf", [Image.new("L", (800, 1000), 255)] * 2)
    assert refusal(path, languages="eng").reason == "scanned PDF with no readable text (text recognition found none)"


def test_cancel_stops_recognition_of_a_long_scan_at_once(tmp_path: Path) -> None:
    pages = [I.text_picture(STATEMENT * 8) for _ in range(10)]
    path = I.scanned_pdf(tmp_path / "long.pdf", pages)
    cancel = threading.Event()
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if done == 1:
            cancel.set()

    with pytest.raises(ImportCancelled):
        import_file(path, languages="eng", cancel=cancel.is_set, progress=progress)
    # Progress restarts at 0 for recognition after the (fast) look for a text layer.
    recognition = seen[len(seen) - 1 - seen[::-1].index(0):]
    assert recognition[0] == 0 and max(recognition) == 1, seen  # the second page was never finished


def test_cli_imports_images_and_refuses_bad_ones_without_changing_the_project(tmp_path: Path) -> None:
    project = tmp_path / "p.db"
    assert run_vwb("new", project).returncode == 0
    good = I.save(I.text_picture(STATEMENT), tmp_path / "statement.png")
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(I.png_claiming_size(50_000, 50_000))
    bad = run_vwb("import", project, good, bomb)
    assert bad.returncode == 2
    assert bad.stderr.strip() == ("vwb import: bomb.png: image is larger than 100 megapixels "
                                  "(refused: it could exhaust memory)")
    assert '"documents": []' in run_vwb("dump", project).stdout
    ok = run_vwb("import", project, good, "--lang", "eng")
    assert ok.returncode == 0, ok.stderr
    import json

    dumped = json.loads(run_vwb("dump", project).stdout)
    (doc,) = dumped["documents"]
    assert doc["text"] == "\n".join(STATEMENT)
    assert doc["media"]["type"] == "image" and doc["ocr"]["languages"] == ["eng"]
    # README's additions to the dump contract: the perceptual hash and the uncertain words' offsets
    assert len(doc["media"]["phash"]) == 16 and int(doc["media"]["phash"], 16) >= 0
    assert isinstance(doc["ocr"]["low_confidence"], list)
    assert "data" not in doc["media"]  # the bytes stay in the project's media table
