"""The same document twice, and the same picture from two outlets (one origin)."""

from __future__ import annotations

import json
from pathlib import Path

from tests import fixtures_images as I
from tests.conftest import run_vwb
from workbench.documents.importers import import_file, import_text

STATEMENT = ["The minister said the bridge will reopen in March.", "Officials confirmed the figures on Tuesday."]


def test_the_picture_stays_in_the_project(empty_service, tmp_path: Path) -> None:
    path = I.save(I.text_picture(STATEMENT), tmp_path / "s.png")
    doc = import_file(path, languages="eng")
    new = empty_service.import_document(doc).new_id
    stored = empty_service.document(new)
    assert stored["media"]["sha256"] == doc.media["sha256"]
    assert empty_service.media_data(doc.media["sha256"]) == path.read_bytes()


def test_importing_the_same_document_twice_is_noticed(empty_service, tmp_path: Path) -> None:
    text = import_text("Same words.\nExactly the same words.")
    assert empty_service.find_duplicate(text) is None
    first = empty_service.import_document(text).new_id
    assert empty_service.find_duplicate(import_text("Same words.\r\nExactly the same words."))["id"] == first
    assert empty_service.find_duplicate(import_text("Other words.")) is None


def test_a_resized_recompressed_copy_is_marked_on_both_sides(empty_service, tmp_path: Path) -> None:
    picture = I.photo(7, (800, 600))
    original = I.save(picture, tmp_path / "agency.jpg", exif=I.exif_bytes(), quality=95)
    copy = I.save(picture.resize((400, 300)), tmp_path / "outlet.jpg", quality=60)
    other = I.save(I.photo(8, (800, 600)), tmp_path / "other.jpg", exif=I.exif_bytes(), quality=95)
    first = empty_service.import_document(import_file(original)).new_id
    unrelated = empty_service.import_document(import_file(other)).new_id
    copy_doc = import_file(copy)
    assert empty_service.find_duplicate(copy_doc) is None  # not the same file: a near duplicate
    assert [d["id"] for d in empty_service.near_duplicates(copy_doc)] == [first]
    changes = empty_service.import_document(copy_doc)
    second = changes.new_id
    assert empty_service.document(second)["media"]["near_duplicates"] == [first]
    assert empty_service.document(first)["media"]["near_duplicates"] == [second]
    assert empty_service.document(unrelated)["media"]["near_duplicates"] == []
    # one import is one undo step, and undo forgets the mark on the earlier picture too
    empty_service.apply_patch(changes.undo, "undo", "Undo")
    assert empty_service.document(second) is None
    assert empty_service.document(first)["media"]["near_duplicates"] == []


def test_deleting_one_of_two_alike_pictures_unmarks_the_other_and_undo_marks_it_again(
    empty_service, tmp_path: Path
) -> None:
    picture = I.photo(9, (800, 600))
    original = I.save(picture, tmp_path / "agency.jpg", quality=95)
    copy = I.save(picture.resize((400, 300)), tmp_path / "outlet.jpg", quality=60)
    first = empty_service.import_document(import_file(original)).new_id
    second = empty_service.import_document(import_file(copy)).new_id
    usage = empty_service.document_usage(second)
    assert usage["near_duplicates"] == [first] and usage["picture"] is not None
    before = empty_service.dump()
    deleted = empty_service.delete_document(second)
    assert empty_service.document(first)["media"]["near_duplicates"] == []  # no mark naming a deleted document
    assert empty_service.media_data(usage["picture"]) is None
    empty_service.apply_patch(deleted.undo, "undo", "Undo")
    assert empty_service.dump() == before
    assert empty_service.document(first)["media"]["near_duplicates"] == [second]


def test_pictures_of_different_text_on_the_same_layout_are_not_duplicates(empty_service, tmp_path: Path) -> None:
    a = I.save(I.text_picture(["Министр заявил во вторник, что", "мост откроется в марте."]), tmp_path / "ru.png")
    b = I.save(I.text_picture(["Міністр заявив у вівторок, що", "міст відкриється в березні."]), tmp_path / "uk.png")
    empty_service.import_document(import_file(a))
    assert empty_service.near_duplicates(import_file(b)) == []


def test_cli_names_the_duplicate_and_the_earlier_picture(tmp_path: Path) -> None:
    project = tmp_path / "p.db"
    run_vwb("new", project)
    picture = I.text_picture(STATEMENT)
    a = I.save(picture, tmp_path / "agency.png")
    b = I.save(picture.resize((700, 90)).convert("RGB"), tmp_path / "repost.jpg", quality=70)
    first = run_vwb("import", project, a, "--lang", "eng")
    doc_id = first.stdout.strip()
    again = run_vwb("import", project, a, "--lang", "eng", "--json")
    assert again.returncode == 0
    assert again.stderr.strip() == (f"agency.png: already in the project as {STATEMENT[0]!r} ({doc_id}); "
                                    "nothing added")
    assert json.loads(again.stdout)["documents"][0] == {"id": doc_id, "file": str(a), "duplicate": True}
    near = run_vwb("import", project, b, "--lang", "eng")
    assert near.returncode == 0
    assert f"repost.jpg: same picture as {STATEMENT[0]!r} ({doc_id}), imported earlier" in near.stderr
    docs = json.loads(run_vwb("dump", project).stdout)["documents"]
    assert len(docs) == 2
    assert docs[1]["media"]["near_duplicates"] == [doc_id]


def _chunks(data: bytes) -> list[bytes]:
    """Pieces of a picture's bytes; most sit inside one database page, a few straddle two."""
    return [data[i : i + 48] for i in range(512, len(data) - 48, 1500)]


def _in_file(db: Path, data: bytes) -> float:
    """Share of the picture's pieces found in the project file's bytes."""
    on_disk = db.read_bytes()
    chunks = _chunks(data)
    return sum(chunk in on_disk for chunk in chunks) / len(chunks)


def test_deleting_a_picture_removes_its_bytes_from_the_file_and_undo_brings_them_back(
    empty_service, tmp_path: Path
) -> None:
    path = I.save(I.photo(11, (640, 480)), tmp_path / "leak.jpg", exif=I.exif_bytes(), quality=95)
    picture = path.read_bytes()
    db = tmp_path / "empty.db"
    added = empty_service.import_document(import_file(path))
    sha = empty_service.document(added.new_id)["media"]["sha256"]
    assert _in_file(db, picture) > 0.8

    deleted = empty_service.delete_document(added.new_id)
    assert empty_service.media_data(sha) is None  # the row goes in the same transaction
    assert _in_file(db, picture) == 0  # and the bytes leave the file

    empty_service.apply_patch(deleted.undo, "undo", "Undo")
    assert empty_service.document(added.new_id)["media"]["sha256"] == sha
    assert empty_service.media_data(sha) == picture
    assert _in_file(db, picture) > 0.8

    empty_service.apply_patch(deleted.redo, "redo", "Redo")
    assert empty_service.media_data(sha) is None
    # undoing and redoing the import itself: its redo carries the bytes it added
    empty_service.apply_patch(deleted.undo, "undo", "Undo")
    empty_service.apply_patch(added.undo, "undo", "Undo")
    assert empty_service.document(added.new_id) is None and empty_service.media_data(sha) is None
    empty_service.apply_patch(added.redo, "redo", "Redo")
    assert empty_service.media_data(sha) == picture


def test_bytes_a_remaining_document_uses_stay(empty_service, tmp_path: Path) -> None:
    path = I.save(I.photo(12, (320, 240)), tmp_path / "kept.jpg", quality=90)
    doc = import_file(path)
    first = empty_service.import_document(doc).new_id
    second = empty_service.add_document("Same picture, described", "A caption.", media=dict(doc.media)).new_id
    empty_service.delete_document(first)
    assert empty_service.media_data(doc.media["sha256"]) == path.read_bytes()
    empty_service.delete_document(second)
    assert empty_service.media_data(doc.media["sha256"]) is None


def test_a_new_version_of_a_picture_brings_its_bytes_and_the_old_ones_leave(empty_service, tmp_path: Path) -> None:
    old_path = I.save(I.text_picture(STATEMENT), tmp_path / "v1.png")
    new_path = I.save(I.text_picture([*STATEMENT, "A correction was added on Wednesday."]), tmp_path / "v2.png")
    doc_id = empty_service.import_document(import_file(old_path, languages="eng")).new_id
    old_sha = empty_service.document(doc_id)["media"]["sha256"]
    changes, _report = empty_service.replace_document(doc_id, import_file(new_path, languages="eng"))
    new_sha = empty_service.document(doc_id)["media"]["sha256"]
    assert new_sha != old_sha
    assert empty_service.media_data(new_sha) == new_path.read_bytes()
    assert empty_service.media_data(old_sha) is None
    empty_service.apply_patch(changes.undo, "undo", "Undo")
    assert empty_service.document(doc_id)["media"]["sha256"] == old_sha
    assert empty_service.media_data(old_sha) == old_path.read_bytes()
    assert empty_service.media_data(new_sha) is None
    empty_service.apply_patch(changes.redo, "redo", "Redo")
    assert empty_service.media_data(new_sha) == new_path.read_bytes()
    assert empty_service.media_data(old_sha) is None
