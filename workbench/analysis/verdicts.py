"""A publisher's verdict scale and how our likelihood and confidence map onto it.

Readers of a published fact-check see the publisher's own labels ("True",
"Mostly false", "Unproven" ...), not ICD 203 probability words. The mapping
from (likelihood word, confidence level) to a label is the publisher's
editorial policy, so it is data the user edits (File > Publishing), stored
with the project (``project.verdicts`` in the exchange file) and checked
here, where both the store and the exports can reach it.

A label may carry a numeric rating (search engines' convention: 1 = False
... 5 = True) or none: "Unproven" has no place on a true–false line, and
giving it the middle number would be read as "half true".

Pure data and functions: the standard library only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from workbench.analysis.words import LIKELIHOOD_BANDS, NO_ASSESSMENT

CONFIDENCE_LEVELS = ("low", "moderate", "high")
LIKELIHOOD_WORDS: tuple[str, ...] = tuple(band[0] for band in LIKELIHOOD_BANDS)
#: The rows of the mapping: every ICD 203 word, then claims with no assessment.
MAPPING_ROWS: tuple[str, ...] = (*LIKELIHOOD_WORDS, NO_ASSESSMENT)
MAX_LABEL = 60
MAX_LABELS = 12

DEFAULT_SCALE: tuple[tuple[str, int | None], ...] = (
    ("True", 5), ("Mostly true", 4), ("Unproven", None), ("Mostly false", 2), ("False", 1),
)
_DEFAULT_BY_WORD = {
    "almost certain": "True", "very likely": "True", "likely": "Mostly true",
    "roughly even chance": "Unproven", "unlikely": "Mostly false",
    "very unlikely": "False", "almost no chance": "False", NO_ASSESSMENT: "Unproven",
}


class VerdictError(ValueError):
    """An invalid verdict scale; the message names the field (``verdicts.map.likely.low: ...``)."""


@dataclass(frozen=True)
class Verdict:
    """One label of the scale and its place on the numeric line (None: off the line)."""

    label: str
    rating: int | None


@dataclass(frozen=True)
class VerdictScale:
    """The labels, worst-to-best numbers, and the likelihood × confidence mapping."""

    labels: tuple[Verdict, ...]
    mapping: dict[str, dict[str, str]]

    def verdict(self, likelihood: str, confidence: str) -> Verdict:
        """The label the policy gives a claim assessed ``likelihood`` with ``confidence``."""
        row = self.mapping.get(likelihood) or self.mapping[NO_ASSESSMENT]
        label = row.get(confidence) or row["low"]
        return self.find(label) or Verdict(label, None)

    def find(self, label: str) -> Verdict | None:
        """The scale's entry for ``label`` (case-insensitive), or None."""
        wanted = label.strip().casefold()
        return next((v for v in self.labels if v.label.casefold() == wanted), None)

    @property
    def best(self) -> int | None:
        values = [v.rating for v in self.labels if v.rating is not None]
        return max(values) if values else None

    @property
    def worst(self) -> int | None:
        values = [v.rating for v in self.labels if v.rating is not None]
        return min(values) if values else None

    def to_json(self) -> dict[str, Any]:
        return {"scale": [{"label": v.label, "rating": v.rating} for v in self.labels],
                "map": {row: dict(self.mapping[row]) for row in MAPPING_ROWS}}


def default_verdicts() -> dict[str, Any]:
    """The default scale: five labels; low confidence is always "Unproven"."""
    mapping = {row: {level: ("Unproven" if level == "low" else _DEFAULT_BY_WORD[row])
                     for level in CONFIDENCE_LEVELS} for row in MAPPING_ROWS}
    return {"scale": [{"label": label, "rating": rating} for label, rating in DEFAULT_SCALE], "map": mapping}


def parse_verdicts(data: Any) -> VerdictScale:
    """Check a ``verdicts`` object and return the scale; raise VerdictError naming the bad field.

    ``scale`` is required; cells missing from ``map`` take the default
    policy's label when the scale has it (so a scale that only renames
    nothing needs no map at all), otherwise they are an error.
    """
    if not isinstance(data, dict):
        raise VerdictError("verdicts: must be an object")
    unknown = set(data) - {"scale", "map"}
    if unknown:
        raise VerdictError(f"verdicts.{sorted(unknown)[0]}: unknown field")
    scale = data.get("scale")
    if not isinstance(scale, list) or not 1 <= len(scale) <= MAX_LABELS:
        raise VerdictError(f"verdicts.scale: must be a list of 1 to {MAX_LABELS} labels")
    labels: list[Verdict] = []
    seen: set[str] = set()
    for i, entry in enumerate(scale):
        where = f"verdicts.scale[{i}]"
        if not isinstance(entry, dict) or set(entry) - {"label", "rating"}:
            raise VerdictError(f'{where}: must be {{"label": text, "rating": whole number or null}}')
        label, rating = entry.get("label"), entry.get("rating")
        if not isinstance(label, str) or not label.strip() or len(label) > MAX_LABEL:
            raise VerdictError(f"{where}.label: must be text of 1 to {MAX_LABEL} characters")
        if label.strip().casefold() in seen:
            raise VerdictError(f"{where}.label: {label!r} appears twice")
        if rating is not None and (not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 100):
            raise VerdictError(f"{where}.rating: must be a whole number from 1 to 100, or null")
        seen.add(label.strip().casefold())
        labels.append(Verdict(label.strip(), rating))
    ratings = [v.rating for v in labels if v.rating is not None]
    if len(ratings) == 1:
        raise VerdictError("verdicts.scale: a numeric rating needs at least two labels with numbers (worst and best)")
    partial = VerdictScale(tuple(labels), {})
    given = data.get("map", {})
    if not isinstance(given, dict):
        raise VerdictError("verdicts.map: must be an object")
    for row in given:
        if row not in MAPPING_ROWS:
            raise VerdictError(f"verdicts.map.{row}: not a likelihood word (one of {', '.join(MAPPING_ROWS)})")
    mapping: dict[str, dict[str, str]] = {}
    for row in MAPPING_ROWS:
        cells = given.get(row, {})
        if not isinstance(cells, dict):
            raise VerdictError(f"verdicts.map.{row}: must be an object of confidence level to label")
        for level in cells:
            if level not in CONFIDENCE_LEVELS:
                raise VerdictError(f"verdicts.map.{row}.{level}: not a confidence level (low, moderate, high)")
        mapping[row] = {}
        for level in CONFIDENCE_LEVELS:
            where = f"verdicts.map.{row}.{level}"
            value = cells.get(level)
            if value is None:
                fallback = "Unproven" if level == "low" else _DEFAULT_BY_WORD[row]
                found = partial.find(fallback)
                if found is None:
                    raise VerdictError(f"{where}: missing (the scale has no {fallback!r} to default to)")
                mapping[row][level] = found.label
            elif not isinstance(value, str) or partial.find(value) is None:
                raise VerdictError(f"{where}: {value!r} is not a label of the scale")
            else:
                found = partial.find(value)
                assert found is not None
                mapping[row][level] = found.label
    return VerdictScale(tuple(labels), mapping)


def verdicts_from_text(text: str | None) -> VerdictScale:
    """The stored scale (JSON text from the project), or the default when none is stored."""
    if not text:
        return parse_verdicts(default_verdicts())
    return parse_verdicts(json.loads(text))
