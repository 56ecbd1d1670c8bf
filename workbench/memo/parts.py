"""What a verification memo is made of, and what every renderer asks of it.

The frozen dataclasses of the memo (title page, summary rows, claim
sections with their evidence rows, the sources list, the whole ``Memo``),
the :class:`SourceNamer` that decides how each source is named in an
edition, and the small functions the HTML, Markdown and PDF renderers share
so they say the same thing (``evidence_tables``, ``provenance_lines``,
``figures_line``). Building a memo from a project is ``workbench.memo.model``.

Pure data: imports only ``workbench.memo.method`` and ``workbench.memo.words``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from workbench.memo.method import MethodAppendix
from workbench.memo.words import format_probability


@dataclass(frozen=True)
class TitlePage:
    """What the cover says: what this is, who made it, about which file."""

    title: str
    subtitle: str
    analyst: str
    generated: datetime
    as_of: date
    file_sha256: str
    edition: str  # "Internal" or "External"
    notice: str


@dataclass(frozen=True)
class SummaryRow:
    """One line of the summary table."""

    number: str  # "C1"
    claim_id: str
    text: str
    likelihood: str
    band: str  # "55–80%" or ""
    confidence: str
    probability: float | None
    n_for: int
    n_against: int
    n_context: int


@dataclass(frozen=True)
class Location:
    """Where a claim or a quote appears."""

    document_title: str
    url: str
    page: int | None
    published: str
    anchor: str  # "ok", "moved", "orphaned" or ""
    document_id: str = ""

    def describe(self) -> str:
        """"Title, p. 2 (published 2024-10-10)" — the one-line citation."""
        parts = [self.document_title or "untitled document"]
        if self.page is not None:
            parts.append(f"p. {self.page}")
        text = ", ".join(parts)
        if self.published:
            text += f" (published {self.published})"
        if self.anchor == "moved":
            text += "; the passage moved in a newer version of the document"
        elif self.anchor == "orphaned":
            text += "; the passage is no longer found in the current version"
        return text


@dataclass(frozen=True)
class EvidenceRow:
    """One evidence item as the memo tables show it."""

    number: str  # "E3", numbered within the claim
    evidence_id: str
    stance: str
    source: str  # display name, safe for the edition
    grade: str  # "B3": source reliability + information credibility
    date: str
    quote: str
    location: Location | None  # where the quote is; renderers skip it when it is the claim's document
    provenance: str  # "relays …; same origin as E1"
    role: str  # counted / absorbed / context
    delta_p: float | None
    weight: float | None
    note: str  # empty in the external edition
    #: Where the statement is online and its archived copy ((label, url); none for a withheld source).
    links: tuple[tuple[str, str], ...] = ()
    #: What a quoted photo's EXIF says (taken, camera, GPS); empty for other documents.
    picture: str = ""


@dataclass(frozen=True)
class HistoryEntry:
    """An earlier state of a claim's assessment."""

    when: str
    likelihood: str
    probability: float | None
    confidence: str
    note: str
    who: str = ""


@dataclass(frozen=True)
class Figure:
    """A claim's provenance graph: a vector picture (SVG) and the same facts as text."""

    svg: str
    alt: str       # the text alternative, one fact a line (workbench.graph.model.describe)
    caption: str


@dataclass(frozen=True)
class ClaimSection:
    """One claim: what it says, where, the judgement and the evidence."""

    number: str
    claim_id: str
    text: str
    status: str
    location: Location | None
    likelihood: str
    band: str
    confidence: str
    probability: float | None
    uncertainty: float | None
    corroborating_weight: float
    contradicting_weight: float
    base_rate: float
    likelihood_sentence: str
    confidence_sentence: str
    caveats: tuple[str, ...]
    evidence_for: tuple[EvidenceRow, ...]
    evidence_against: tuple[EvidenceRow, ...]
    context: tuple[EvidenceRow, ...]
    note: str
    history: tuple[HistoryEntry, ...] = ()
    figure: Figure | None = None


@dataclass(frozen=True)
class SourceEntry:
    """One source in the sources list."""

    number: int
    source_id: str
    name: str
    kind: str
    reliability: str
    reliability_words: str
    confidential: bool
    items: int
    claims: int
    notes: str


@dataclass(frozen=True)
class Memo:
    """The whole memo, ready for any renderer."""

    title_page: TitlePage
    summary: tuple[SummaryRow, ...]
    claims: tuple[ClaimSection, ...]
    sources: tuple[SourceEntry, ...]
    method: MethodAppendix
    external: bool
    running_header: str = ""


class SourceNamer:
    """Names sources as the edition allows.

    Sources are numbered in the project's order so "Source 3" means the same
    source in every table, the sources list and every export. In an external
    edition a confidential source is only "Source 3 (graded B)", and its real
    name is also masked wherever it turns up in other text (a quote or a
    document title that happens to name it): protecting a source outweighs
    quoting verbatim.
    """

    def __init__(self, sources: Sequence[Mapping[str, Any]], external: bool) -> None:
        self.external = external
        self._by_id = {str(s["id"]): s for s in sources}
        self._number = {str(s["id"]): i for i, s in enumerate(sources, start=1)}
        self._secret: list[tuple[re.Pattern[str], str]] = []
        if external:
            hidden = [s for s in sources if s.get("confidential") and str(s.get("name") or "").strip()]
            for s in sorted(hidden, key=lambda s: -len(str(s["name"]))):
                pattern = re.compile(re.escape(str(s["name"]).strip()), re.IGNORECASE)
                self._secret.append((pattern, self.alias(str(s["id"]))))

    def number(self, source_id: str) -> int:
        return self._number.get(source_id, 0)

    def grade(self, source_id: str) -> str:
        return str(self._by_id.get(source_id, {}).get("reliability") or "")

    def hidden(self, source_id: str) -> bool:
        """True when this edition must not name the source."""
        return self.external and bool(self._by_id.get(source_id, {}).get("confidential"))

    def alias(self, source_id: str) -> str:
        return f"Source {self.number(source_id)} (graded {self.grade(source_id) or '?'})"

    def name(self, source_id: str) -> str:
        """The display name: real name, or the alias when it must be withheld."""
        if source_id not in self._by_id:
            return "unknown source" if not source_id.startswith("cycle:") else "a circular chain"
        if self.hidden(source_id):
            return self.alias(source_id)
        return str(self._by_id[source_id].get("name") or self.alias(source_id))

    def label(self, source_id: str) -> str:
        """Name with its reliability grade: "BBC (B)" or "Source 3 (graded B)"."""
        if self.hidden(source_id) or source_id not in self._by_id:
            return self.name(source_id)
        grade = self.grade(source_id)
        return f"{self.name(source_id)} ({grade})" if grade else self.name(source_id)

    def origin(self, origin: str) -> str:
        """An assessment ``origin`` ("s1" or "cycle:s1") in words."""
        if origin.startswith("cycle:"):
            return f"a circular chain through {self.label(origin[6:])}"
        return self.label(origin)

    def scrub(self, text: str) -> str:
        """Mask confidential names inside free text (external edition only)."""
        for pattern, alias in self._secret:
            text = pattern.sub(alias, text)
        return text



def elsewhere(row: EvidenceRow, claim: ClaimSection) -> Location | None:
    """The quote's location when it is not the claim's own document (else None)."""
    if row.location is None:
        return None
    if claim.location is not None and row.location.document_id == claim.location.document_id:
        return None
    return row.location


def provenance_lines(row: EvidenceRow, claim: ClaimSection, escape: Callable[[str], str]) -> list[str]:
    """The lines under a quote, escaped for the format: where it is (when not in the
    claim's own document), how it reached us, and the analyst's note."""
    lines = []
    where = elsewhere(row, claim)
    if where:
        lines.append(escape("in " + where.describe()))
    if row.provenance:
        lines.append(escape(row.provenance))
    if row.picture:
        lines.append(escape(row.picture))
    for label, url in row.links:
        lines.append(escape(f"{label}: {url}"))
    if row.note:
        lines.append("Note: " + escape(row.note))
    return lines


def evidence_tables(c: ClaimSection) -> tuple[tuple[str, tuple[EvidenceRow, ...], bool], ...]:
    """A claim's evidence tables in memo order: (title, rows, whether rows show their ΔP)."""
    return (("Evidence for", c.evidence_for, True), ("Evidence against", c.evidence_against, True),
            ("Context, not counted", c.context, False))


def figures_line(c: ClaimSection) -> str:
    """The numbers behind the words, in one quiet line."""
    if c.band:
        text = f"Probability {format_probability(c.probability)} · uncertainty "
        text += f"{c.uncertainty:.2f}" if c.uncertainty is not None else "—"
    else:
        text = "No likelihood: nothing counted yet"
    text += (f" · weight for {c.corroborating_weight:.2f}, against {c.contradicting_weight:.2f}"
             f" · base rate {c.base_rate:.2f}")
    return text + (f" · status {c.status}" if c.status else "")
