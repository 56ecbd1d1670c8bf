"""What the exchange JSON holds (interfaces.md, "Exchange file"): its format string, the model of
each exchanged kind, each kind's fields and the keys of its object-valued fields.

The validation, the upserts and the dump share these; they sit apart so that none of those
modules has to import another for them.

May import: workbench.store.model only.
"""

from __future__ import annotations

from workbench.store.model import Claim, Document, Evidence, Source

FORMAT = "verification-workbench/1"
#: A row of one of the four exchanged kinds.
Row = Document | Source | Claim | Evidence
MODELS: dict[str, type[Row]] = {"documents": Document, "sources": Source, "claims": Claim, "evidence": Evidence}

FIELDS: dict[str, frozenset[str]] = {
    "documents": frozenset({"id", "title", "text", "url", "author", "published", "original_name",
                            "format", "page_starts", "sha256", "position", "media", "ocr", "captured",
                            "page_text"}),
    "sources": frozenset({"id", "name", "kind", "reliability", "confidential", "notes", "position", "url"}),
    "claims": frozenset({"id", "text", "document", "start", "end", "base_rate", "status", "note",
                         "anchor", "exact", "prefix", "suffix", "position", "claimant", "review"}),
    "evidence": frozenset({"id", "claim", "source", "stance", "credibility", "diagnosticity",
                           "interested", "derives_from", "date", "quote", "document", "start", "end",
                           "note", "anchor", "prefix", "suffix", "position", "url", "archived_url"}),
}
# The keys an object-valued field may hold (interfaces.md, "Additions").
MEDIA_KEYS = frozenset({"type", "sha256", "width", "height", "taken", "gps", "camera", "near_duplicates", "phash"})
OCR_KEYS = frozenset({"engine", "languages", "mean_confidence", "low_confidence"})
REVIEW_KEYS = frozenset({"url", "published", "verdict"})
PROJECT_FIELDS = frozenset({"title", "half_life_days", "as_of", "settings", "publisher", "verdicts"})
