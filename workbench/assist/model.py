"""Value types returned by the claim assistant (``workbench.assist.suggest``).

They live in their own module so that the rule modules (attributions, claims,
sources) can share them without importing each other in a circle. All of them
are frozen: suggestions are computed from text, never edited in place; the UI
turns an accepted suggestion into a real claim or evidence item through the
service layer.

Offsets are Unicode code points into the analysed text, end exclusive, the
same convention as the exchange file (``interfaces.md``).
"""

from __future__ import annotations

from dataclasses import dataclass

SPEAKER_KINDS = ("person", "organisation", "outlet", "anonymous")
STATEMENT_KINDS = ("fact", "opinion", "prediction")


@dataclass(frozen=True)
class Attribution:
    """Someone reported as saying, claiming, denying... something.

    ``start``/``end`` cover the whole reporting clause (speaker, verb and
    content); ``quote_start``/``quote_end`` cover only the reported content
    (the words inside the quotation marks for a direct quote, the paraphrase
    otherwise). ``speaker`` is the fullest form of the name the document
    gives (``"Dmitry Peskov"`` even where the sentence only says ``"he"``).
    """

    start: int
    end: int
    text: str
    speaker: str
    speaker_role: str | None
    speaker_kind: str  # person | organisation | outlet | anonymous
    verb: str
    quote: str
    quote_start: int
    quote_end: int
    stance_hint: str | None  # "corroborates" | "contradicts" | None
    date: str | None  # ISO date of the statement, if the text gives one
    # Outlet that relayed the statement ("a source told the BBC" -> "BBC");
    # an extra beyond the contract, useful for ``derives_from``.
    via: str | None = None
    # Where the speaker is named in this attribution (a pronoun's own span for
    # "he explained"); lets the UI highlight the mention.
    speaker_start: int = -1
    speaker_end: int = -1


@dataclass(frozen=True)
class ClaimSuggestion:
    """A sentence worth checking, with the reasons it was picked.

    ``kind_of_statement`` keeps opinions and predictions apart from facts:
    they are still shown (a fact-checker may want to record them) but with a
    lower score, so that they are never offered as the facts to check first.
    """

    start: int
    end: int
    text: str
    reasons: tuple[str, ...]
    score: float
    kind_of_statement: str  # "fact" | "opinion" | "prediction"


@dataclass(frozen=True)
class SourceSuggestion:
    """One distinct speaker of a document, to create or to link.

    ``existing_source_id`` is set when the speaker is already a source of the
    project under another form of the name; the UI then links instead of
    creating a duplicate. ``confidential`` marks anonymous sources, which the
    external memo must only name by number.
    """

    name: str
    kind: str  # person | organisation | outlet | other
    role: str | None
    mentions: tuple[tuple[int, int], ...]
    existing_source_id: str | None
    confidential: bool = False
