"""The project's data model: typed SQLAlchemy 2.x mappings.

Every object carries a stable string id (a UUID unless an exchange file gave
one) so that two copies of a project can be merged object by object. Offsets
are Unicode code points into a document's stored canonical text. Each table
also keeps ``position`` (insertion order, so dumps and lists are stable) and
``changed_at`` (the last write, used by merge and history) and ``version``
(incremented by every write of the row: a team server refuses a write that
names a version it has not got, so no colleague's change is overwritten).

The schema is dialect-neutral; SQLite specifics live in ``projectfile``.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy import (
    text as sql_text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column

# The value rules (issue 19) live in workbench.store.rules, which has no SQLAlchemy: opening a file
# checks them before this module is loaded. Re-exported here, where the write paths find them.
from workbench.store.rules import ANCHOR_STATES as ANCHOR_STATES
from workbench.store.rules import CLAIM_STATUSES as CLAIM_STATUSES
from workbench.store.rules import MAX_CHARS as MAX_CHARS
from workbench.store.rules import MAX_JSON_CHARS as MAX_JSON_CHARS
from workbench.store.rules import MAX_POSITION as MAX_POSITION
from workbench.store.rules import MAX_SEQ as MAX_SEQ
from workbench.store.rules import MAX_SPAN as MAX_SPAN
from workbench.store.rules import MAX_TEXT_BYTES as MAX_TEXT_BYTES
from workbench.store.rules import SOURCE_KINDS as SOURCE_KINDS


def new_id() -> str:
    """A fresh stable id."""
    return str(uuid.uuid4())


def utcnow_iso() -> str:
    """The current time as an ISO 8601 UTC string (second precision)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


class Base(DeclarativeBase):
    """Declarative base; its metadata is the schema allow-list of a project file."""


class ProjectInfo(Base):
    """The single row describing the project itself."""

    __tablename__ = "project"
    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=new_id)
    title: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(32), default=utcnow_iso)
    changed_at: Mapped[str] = mapped_column(String(32), default=utcnow_iso)


class Setting(Base):
    """One project setting as JSON text (scoring tables, half-life, as-of date)."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Document(Base):
    """An imported document: its canonical text is stored once and never re-extracted."""

    __tablename__ = "document"
    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=new_id)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(Text, default="")
    # Deferred: opening a project lists documents without reading every text.
    text: Mapped[str] = deferred(mapped_column(Text, default=""))
    sha256: Mapped[str] = mapped_column(String(64), default="")
    length: Mapped[int] = mapped_column(Integer, default=0)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    author: Mapped[str | None] = mapped_column(Text, nullable=True)
    published: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    original_name: Mapped[str | None] = mapped_column(Text, nullable=True)
    format: Mapped[str | None] = mapped_column(String(16), nullable=True)
    page_starts: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of offsets
    imported_at: Mapped[str] = mapped_column(String(32), default=utcnow_iso)
    changed_at: Mapped[str] = mapped_column(String(32), default=utcnow_iso)
    # Format 2: images and scans (JSON: type, sha256, width, height, taken, gps,
    # camera, near_duplicates), recognised text (JSON: engine, languages,
    # mean_confidence, ...), and when a saved page or an e-mail was captured.
    media: Mapped[str | None] = mapped_column(Text, nullable=True)
    ocr: Mapped[str | None] = mapped_column(Text, nullable=True)
    captured: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # Format 2: a web page's own words (its text content, whitespace collapsed),
    # kept at import so annotations can quote the passage as it stands on the
    # page, not as extracted. Deferred like the text.
    page_text: Mapped[str | None] = deferred(mapped_column(Text, nullable=True))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=sql_text("1"))


class Source(Base):
    """Who or what a piece of evidence comes from, with its Admiralty reliability grade."""

    __tablename__ = "source"
    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=new_id)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), default="other")
    reliability: Mapped[str] = mapped_column(String(1), default="F")
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[str] = mapped_column(String(32), default=utcnow_iso)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)  # format 2
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=sql_text("1"))


class Claim(Base):
    """A statement under verification, optionally anchored to a span of a document."""

    __tablename__ = "claim"
    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=new_id)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    document_id: Mapped[str | None] = mapped_column(
        ForeignKey("document.id", ondelete="SET NULL"), nullable=True
    )
    start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    exact: Mapped[str | None] = mapped_column(Text, nullable=True)
    prefix: Mapped[str | None] = mapped_column(Text, nullable=True)
    suffix: Mapped[str | None] = mapped_column(Text, nullable=True)
    anchor: Mapped[str | None] = mapped_column(String(16), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="open")
    base_rate: Mapped[float] = mapped_column(Float, default=0.5)
    note: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[str] = mapped_column(String(32), default=utcnow_iso)
    # Format 2: who made the claim (a source id) and its public review (JSON:
    # url, published, verdict), for ClaimReview.
    claimant: Mapped[str | None] = mapped_column(String(64), nullable=True)
    review: Mapped[str | None] = mapped_column(Text, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=sql_text("1"))


class Evidence(Base):
    """One link between a claim and a source, graded and with its provenance."""

    __tablename__ = "evidence"
    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=new_id)
    position: Mapped[int] = mapped_column(Integer, default=0)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"))
    source_id: Mapped[str] = mapped_column(ForeignKey("source.id"))
    stance: Mapped[str] = mapped_column(String(16))
    credibility: Mapped[int] = mapped_column(Integer, default=6)
    diagnosticity: Mapped[str] = mapped_column(String(8), default="high")
    interested: Mapped[bool] = mapped_column(Boolean, default=False)
    derives_from_evidence_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    derives_from_source_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    quote: Mapped[str] = mapped_column(Text, default="")
    document_id: Mapped[str | None] = mapped_column(
        ForeignKey("document.id", ondelete="SET NULL"), nullable=True
    )
    start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    prefix: Mapped[str | None] = mapped_column(Text, nullable=True)
    suffix: Mapped[str | None] = mapped_column(Text, nullable=True)
    anchor: Mapped[str | None] = mapped_column(String(16), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[str] = mapped_column(String(32), default=utcnow_iso)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)  # format 2
    archived_url: Mapped[str | None] = mapped_column(Text, nullable=True)  # format 2
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=sql_text("1"))


class Media(Base):
    """The bytes of an image or scan a document was made from, stored once by content hash (format 2).

    The image stays in the project so it can be shown beside its recognised
    text and compared with later images; ``Document.media`` names it by hash.
    """

    __tablename__ = "media"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    mime: Mapped[str] = mapped_column(String(64), default="application/octet-stream")
    # Deferred: lists of documents never read the image bytes.
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))


class Event(Base):
    """The audit log: when, who, what changed (one row per service action)."""

    __tablename__ = "event"
    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=new_id)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[str] = mapped_column(String(32), default=utcnow_iso)
    who: Mapped[str] = mapped_column(Text, default="")
    action: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[str] = mapped_column(Text, default="{}")  # JSON: ids touched, values


Index("ix_claim_document", Claim.document_id)
Index("ix_evidence_claim", Evidence.claim_id)
Index("ix_evidence_source", Evidence.source_id)
# A document's evidence, read whenever a document is shown: without it each read scanned every
# evidence row (17 ms on the XL project's 100,000 items at every switch into another document).
Index("ix_evidence_document", Evidence.document_id)
Index("ix_event_seq", Event.seq)

TABLES = tuple(Base.metadata.tables)
