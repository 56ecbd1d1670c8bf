"""Saved pages and messages: MHTML, WARC (plain and gzipped), e-mail; provenance kept, nothing fetched.

Every file is built here in code, the way a browser, a crawler or a mail
client writes it.
"""

from __future__ import annotations

import datetime
import io
import json
import socket
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests import fixtures_images as I
from tests.conftest import refusal, run_vwb
from workbench.documents.importers import (
    DocumentImportError,
    can_import,
    import_attachment,
    import_file,
)

ARTICLE = """<!doctype html><html><head><meta charset="utf-8"><title>Bridge to reopen | Daily</title>
<meta property="og:title" content="Bridge to reopen in March">
<meta name="author" content="Olena Kovalenko">
<meta property="article:published_time" content="2024-10-08T09:00:00+02:00">
<link rel="stylesheet" href="https://cdn.example.net/site.css">
<script src="https://tracker.example.net/t.js"></script></head>
<body><nav>Home | World | Sport</nav><article><h1>Bridge to reopen in March</h1>
<img src="https://images.example.net/bridge.jpg">
<p>The minister said on Tuesday that the bridge will reopen in March, after repairs that cost 14 million euros.</p>
<p>Engineers from the city council confirmed the figures and said that traffic would be limited at first.</p>
<p>Jérôme Lefèvre, who leads the works, said the last beam was fitted in September.</p>
</article><footer>© Daily</footer></body></html>"""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise AssertionError("an importer tried to use the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def make_mhtml(path: Path, html: str = ARTICLE, *, location: str | None = "https://daily.example.com/bridge",
               date: str = "Tue, 08 Oct 2024 10:15:00 +0200") -> Path:
    from email.mime.image import MIMEImage
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    message = MIMEMultipart("related", type="text/html")
    message["From"] = "<Saved by Blink>"
    if location:
        message["Snapshot-Content-Location"] = location
    message["Subject"] = "Bridge to reopen | Daily"
    message["Date"] = date
    page = MIMEText(html, "html", "utf-8")
    if location:
        page["Content-Location"] = location
    message.attach(page)
    picture = io.BytesIO()
    I.photo(1, (64, 48)).save(picture, format="JPEG")
    image = MIMEImage(picture.getvalue(), "jpeg")
    image["Content-Location"] = "https://images.example.net/bridge.jpg"
    message.attach(image)
    path.write_bytes(message.as_bytes())
    return path


def make_warc(path: Path, html: str = ARTICLE, *, gz: bool = False,
              uri: str = "https://daily.example.com/bridge", date: str = "2024-10-08T08:15:00Z") -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        robots = StatusAndHeaders("200 OK", [("Content-Type", "text/plain")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://daily.example.com/robots.txt", "response",
                                                      payload=io.BytesIO(b"User-agent: *\n"),
                                                      http_headers=robots,
                                                      warc_headers_dict={"WARC-Date": date}))
        body = html.encode("utf-8")
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                              ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                      http_headers=headers, warc_headers_dict={"WARC-Date": date}))
    return path


def make_eml(path: Path, *, attachments: list[tuple[str, str, bytes]] = (), html_only: bool = False) -> Path:
    message = EmailMessage()
    message["From"] = "Anna Tipster <anna@example.org>"
    message["To"] = "desk@factcheck.example"
    message["Subject"] = "Полный текст заявления / full statement"
    message["Date"] = "Wed, 09 Oct 2024 18:42:05 +0300"
    message["Message-ID"] = "<tip-42@example.org>"
    if html_only:
        message.set_content("<html><body><p>See the <b>statement</b> below.</p>"
                            "<img src='https://tracker.example.net/pixel.gif'></body></html>", subtype="html")
    else:
        message.set_content("Hello,\n\nthe ministry's statement is attached. It says the bridge reopens in March.\n")
    for name, mime, data in attachments:
        main, sub = mime.split("/")
        message.add_attachment(data, maintype=main, subtype=sub, filename=name)
    path.write_bytes(message.as_bytes())
    return path


def test_mhtml_page_text_address_and_capture_time(tmp_path: Path, no_network: list[object]) -> None:
    for suffix in (".mhtml", ".mht"):
        doc = import_file(make_mhtml(tmp_path / f"bridge{suffix}"))
        assert doc.title == "Bridge to reopen in March"
        assert "Jérôme Lefèvre, who leads the works" in doc.text
        assert "Home | World" not in doc.text
        assert doc.url == "https://daily.example.com/bridge"
        assert doc.captured == "2024-10-08T10:15:00+02:00"
        assert doc.published == datetime.date(2024, 10, 8)
        assert doc.author == "Olena Kovalenko"
        assert doc.format == "mhtml"
    assert no_network == []


def test_mhtml_without_a_page_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.mhtml"
    path.write_bytes(b"MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nhello\r\n")
    assert refusal(path).reason == "not an MHTML file (no saved web page inside)"


@pytest.mark.parametrize("gz", [False, True])
def test_warc_first_page_with_address_and_capture_time(tmp_path: Path, gz: bool,
                                                       no_network: list[object]) -> None:
    path = make_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), gz=gz)
    doc = import_file(path)
    assert "The minister said on Tuesday" in doc.text
    assert doc.url == "https://daily.example.com/bridge"
    assert doc.captured == "2024-10-08T08:15:00+00:00"
    assert doc.format == "warc"
    assert no_network == []


def test_warc_without_a_page_and_a_damaged_warc_are_refused(tmp_path: Path) -> None:
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "info.warc"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        writer.write_record(writer.create_warcinfo_record("info.warc", {"software": "test"}))
    assert refusal(path).reason == "web archive holds no web page (no HTML response or resource)"
    junk = tmp_path / "junk.warc.gz"
    junk.write_bytes(b"\x1f\x8b\x08\x00 this is not really gzip" * 10)
    assert refusal(junk).reason.startswith(("not a web archive", "damaged web archive"))


def test_an_undated_page_gets_no_invented_date(tmp_path: Path) -> None:
    path = tmp_path / "history.html"
    path.write_text("<html><head><title>Our history</title></head><body><article><h1>Our history</h1>"
                    "<p>The bakery opened in 1995 and has served the town ever since. It was founded by two "
                    "brothers who came from the coast.</p><p>Today it employs twelve people and bakes four "
                    "hundred loaves every morning.</p></article></body></html>", encoding="utf-8")
    assert import_file(path).published is None
    stated = tmp_path / "stated.html"
    stated.write_text(ARTICLE, encoding="utf-8")
    assert import_file(stated).published == datetime.date(2024, 10, 8)


def test_eml_headers_body_and_attachments(tmp_path: Path) -> None:
    pdf = I.scanned_pdf(tmp_path / "s.pdf", [I.text_picture(["The bridge will reopen in March."])]).read_bytes()
    path = make_eml(tmp_path / "tip.eml", attachments=[("statement.pdf", "application/pdf", pdf),
                                                       ("notes.bin", "application/octet-stream", b"\x00\x01")])
    doc = import_file(path)
    assert doc.title == "Полный текст заявления / full statement"
    assert doc.author == "Anna Tipster <anna@example.org>"
    assert doc.text.startswith("From: Anna Tipster <anna@example.org>\nTo: desk@factcheck.example\n"
                               "Date: Wed, 09 Oct 2024 18:42:05 +0300\nSubject: Полный текст заявления")
    assert "the ministry's statement is attached" in doc.text
    assert "Attachments:\n- statement.pdf (application/pdf, " in doc.text
    assert "- notes.bin (application/octet-stream, 0 KB)" in doc.text
    assert doc.captured == "2024-10-09T18:42:05+03:00"
    assert doc.published == datetime.date(2024, 10, 9)
    assert doc.url == "mid:tip-42@example.org"
    assert [a.name for a in doc.attachments] == ["statement.pdf", "notes.bin"]
    assert can_import("statement.pdf") and not can_import("notes.bin")
    scan = import_attachment(path, doc.attachments[0], languages="eng")
    assert scan.text == "The bridge will reopen in March."
    assert scan.original_name == "tip.eml \u25b8 statement.pdf"
    with pytest.raises(DocumentImportError) as info:
        import_attachment(path, doc.attachments[1])
    assert str(info.value).startswith("tip.eml \u25b8 notes.bin: unsupported file type (.bin)")


def test_html_only_eml_is_read_without_fetching_its_images(tmp_path: Path, no_network: list[object]) -> None:
    doc = import_file(make_eml(tmp_path / "html.eml", html_only=True))
    assert "See the statement below." in doc.text
    assert no_network == []


def test_a_file_that_is_not_an_email_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "note.eml"
    path.write_bytes(b"just some words, no headers at all\n")
    assert refusal(path).reason == "not an e-mail (no From, Date or Subject header)"


def test_cli_imports_each_format_and_attachments_on_request(tmp_path: Path) -> None:
    project = tmp_path / "p.db"
    run_vwb("new", project)
    files = [make_mhtml(tmp_path / "a.mhtml"),
             make_warc(tmp_path / "b.warc.gz", ARTICLE.replace("14 million", "15 million"), gz=True)]
    files.append(make_eml(tmp_path / "c.eml", attachments=[("note.txt", "text/plain", b"Call me back.\n")]))
    res = run_vwb("import", project, *files, "--attachments", "--json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)["documents"]
    assert [Path(o["file"]).name for o in out] == ["a.mhtml", "b.warc.gz", "c.eml", "c.eml \u25b8 note.txt"]
    docs = json.loads(run_vwb("dump", project).stdout)["documents"]
    assert [d["captured"] for d in docs[:3]] == ["2024-10-08T10:15:00+02:00", "2024-10-08T08:15:00+00:00",
                                                 "2024-10-09T18:42:05+03:00"]
    assert docs[3]["text"].strip() == "Call me back."
