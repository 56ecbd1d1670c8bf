"""Text encodings: every sample in every encoding that can hold it decodes to its own words.

The rule (workbench.documents.encoding): never store a guess that cannot be
right; Western text is read as Windows-1252, Central European and Cyrillic code
pages only when the letters need them; BOM-less UTF-16 and UTF-8 with a few
stray Windows-1252 bytes are text, real binaries are refused.
"""

from __future__ import annotations

import gzip
import io
import random
import sqlite3
import zipfile
from pathlib import Path

import pytest

from tests import fixtures_docs as F
from workbench.documents.encoding import UndecodableText, decode
from workbench.documents.importers import DocumentImportError, import_file

SAMPLES: dict[str, str] = {
    "French": "Jérôme Lefèvre a déclaré à Besançon que la digue était « entièrement opérationnelle » "
    "et qu'aucune défaillance n'a été signalée.",
    "French, typographic": "L’œuvre du maître d’ouvrage « n’a pas cédé » — c’était sûr, dit-il… à Noël.",
    "French name": "Jérôme Lefèvre",
    "German": "Die Größe der Überschwemmung überraschte die Behörden in Köln; Bürgermeister Müller äußerte sich.",
    "Spanish": "El señor Núñez dijo que la compañía había pagado cinco millones. ¿Quién lo sabía?",
    "Spanish name": "Señor Núñez",
    "Portuguese": "O ministro João Gonçalves afirmou que a população não foi informada da situação.",
    "Polish": "Zażółć gęślą jaźń. Minister Łukasz Wiśniewski powiedział, że żadna decyzja nie zapadła.",
    "Czech": "Příliš žluťoučký kůň úpěl ďábelské ódy. Ministr řekl, že čísla jsou přesná.",
    "Czech without ť": "Ministr řekl, že čísla o povodni jsou přesná a hráz vydržela.",
    "Polish city": "Łódź",
    "Hungarian": "Árvíztűrő tükörfúrógép. A miniszter szerint a győri gyár bővítése késik.",
    "Romanian": "Ministrul a declarat că ştiinţa românească are nevoie de fonduri; preşedintele ţării a răspuns.",
    "Russian": "Министр заявил, что плотина была полностью исправна. Когда отказал насос? Это неизвестно.",
    "Russian, lower case": "министр заявил, что плотина была исправна, а насос отказал около шести часов вечера.",
    "Ukrainian": "Міністр заявив, що гребля була повністю справна. Їхні слова підтвердила єдина свідка.",
    "Bulgarian": "Министърът заяви, че язовирът е бил напълно изправен. Кметът отговори, че това не е вярно.",
}

ENCODINGS = (
    "cp1252", "latin-1", "cp1250", "iso-8859-2", "cp1251", "koi8-r", "koi8-u", "utf-8", "utf-16-le", "utf-16-be",
)


def _cases() -> list[tuple[str, str]]:
    """Every (sample, encoding) pair the encoding can hold."""
    cases = []
    for name, text in SAMPLES.items():
        for encoding in ENCODINGS:
            try:
                text.encode(encoding)
            except UnicodeEncodeError:
                continue
            cases.append((name, encoding))
    return cases


CASES = _cases()


def test_the_table_covers_every_language_in_its_own_code_pages() -> None:
    held = {(name, encoding) for name, encoding in CASES}
    for name in ("French", "German", "Spanish", "Portuguese"):
        assert {(name, "cp1252"), (name, "latin-1")} <= held
    for name in ("Polish", "Czech", "Hungarian", "Romanian"):
        assert (name, "cp1250") in held
    for name in ("Russian", "Bulgarian"):
        assert {(name, "cp1251"), (name, "koi8-r")} <= held
    assert {("Ukrainian", "cp1251"), ("Ukrainian", "koi8-u")} <= held
    assert all((name, "utf-16-le") in held and (name, "utf-8") in held for name in SAMPLES)
    assert len(CASES) >= 80


@pytest.mark.parametrize(("name", "encoding"), CASES, ids=[f"{n}-{e}" for n, e in CASES])
def test_each_sample_decodes_to_its_own_words(name: str, encoding: str) -> None:
    text = SAMPLES[name]
    assert decode(text.encode(encoding)).text == text


def test_multi_line_files_decode_too() -> None:
    text = "\n".join(SAMPLES[name] for name in ("Russian", "Bulgarian")) + "\n"
    assert decode(text.encode("cp1251")).text == text
    assert decode(text.encode("koi8-r")).text == text


@pytest.mark.parametrize(
    "text",
    [
        "東京都は、新しい防潮堤が完成したと発表した。\n住民は安心している。\n",
        "東京都は新しい防潮堤が完成したと発表した",  # no ASCII at all: no NUL bytes
        "市政府表示，新的防洪堤已经完工。",
        "시장은 새 방조제가 완공되었다고 말했다.\n",
    ],
)
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_in_east_asian_scripts(text: str, encoding: str) -> None:
    assert decode(text.encode(encoding)).text == text


def test_utf8_with_stray_cp1252_bytes_reads_them_as_cp1252() -> None:
    data = "Le préfet a dit que la digue ".encode() + b"\x93tiendrait\x94 \x96 selon lui." + " Déçu.".encode()
    decoded = decode(data)
    assert decoded.text == "Le préfet a dit que la digue “tiendrait” – selon lui. Déçu."
    assert decoded.encoding == "utf-8+cp1252"
    assert decoded.repaired == 3
    # a stray accented letter inside a word
    assert decode("Zürich, Genève, ".encode() + b"caf\xe9").text == "Zürich, Genève, café"


def test_mostly_stray_bytes_is_a_code_page_file_not_broken_utf8() -> None:
    text = "Réunion à Besançon: élus, préfet, député, « Lefèvre » — " + "é" * 3
    data = text.encode("cp1252")
    assert decode(data).encoding == "cp1252"
    assert decode(data).text == text


def _binaries(tmp_path: Path) -> dict[str, bytes]:
    rng = random.Random(19)
    png = F.make_binary_txt(tmp_path).read_bytes()
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", "hello " * 500)
    db = tmp_path / "x.db"
    with sqlite3.connect(db) as connection:
        connection.execute("create table t (x)")
        connection.execute("insert into t values (?)", ("some text",))
    return {
        "png": png,
        "random": bytes(rng.randrange(256) for _ in range(4096)),
        "random without NUL": bytes(rng.randrange(1, 256) for _ in range(4096)),
        "high bytes without NUL": bytes(rng.randrange(128, 256) for _ in range(4096)),
        "gzip": gzip.compress(b"text " * 1000),
        "zip": zipped.getvalue(),
        "sqlite": db.read_bytes(),
        "elf": Path("/bin/ls").read_bytes()[:65536],
    }


def test_real_binaries_are_refused(tmp_path: Path) -> None:
    for name, data in _binaries(tmp_path).items():
        with pytest.raises(UndecodableText):
            decoded = decode(data)
            pytest.fail(f"{name} decoded as {decoded.encoding}")


def test_import_refuses_binaries_with_one_line_naming_the_file(tmp_path: Path) -> None:
    for name, data in _binaries(tmp_path).items():
        path = tmp_path / f"{name.replace(' ', '-')}.txt"
        path.write_bytes(data)
        with pytest.raises(DocumentImportError) as info:
            import_file(path)
        message = str(info.value)
        assert message.startswith(f"{path.name}: "), name
        assert "\n" not in message
        assert "binary content" in message or "unknown text encoding" in message, (name, message)


def test_import_of_the_reported_files(tmp_path: Path) -> None:
    """The files from the bug reports: Western text is not Central European."""
    for text, encoding in (
        ("Jérôme Lefèvre\nLefèvre a dit oui.\n", "cp1252"),
        ("Señor Núñez\n", "latin-1"),
        ("東京都は、新しい防潮堤が完成したと発表した。\n", "utf-16-le"),
    ):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        assert import_file(path).text == text


def test_a_page_in_no_readable_encoding_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(b"<html><body><p>" + bytes(range(0x80, 0x100)) * 4 + b"</p></body></html>")
    with pytest.raises(DocumentImportError) as info:
        import_file(path)
    assert str(info.value).startswith("page.html: unknown text encoding")
    # a declared encoding is honoured; a page labelled Latin-1 is read as Windows-1252, as browsers do
    path.write_bytes('<html><head><meta charset="iso-8859-1"></head><body><p>“Lefèvre” – oui</p></body></html>'
                     .encode("cp1252"))
    assert "“Lefèvre” – oui" in import_file(path).text
