"""The demo project: the seed article with its claims, sources and graded evidence.

Anchors are found from the quoted words at build time, never typed as
numbers, so the demo stays right if the article's text is corrected. The
first claim's evidence is exactly test vector V9 of the confidence model
("roughly even chance", low confidence). The grades are an analyst's
illustrative inputs, not a verdict on the outlets named.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workbench.documents.canonical import canonical_text
from workbench.resources import resource_path
from workbench.store.exchange import FORMAT

DOC_ID = "d1"
TITLE = "North Korean Troops Allegedly Deploying to Support Russian Forces in Ukraine"

SOURCES: list[dict[str, Any]] = [
    {"id": "s-ukr-intel", "name": "Ukrainian military intelligence source", "kind": "person",
     "reliability": "C", "confidential": True, "notes": "Anonymous; known only through the BBC."},
    {"id": "s-bbc", "name": "BBC", "kind": "outlet", "reliability": "B", "notes": ""},
    {"id": "s-peskov", "name": "Kremlin spokesman Dmitry Peskov", "kind": "person", "reliability": "D",
     "notes": "Speaks for the Russian government: an interested party on Russian deployments."},
    {"id": "s-sk-minister", "name": "South Korea's defence minister", "kind": "person", "reliability": "B",
     "notes": ""},
    {"id": "s-fareast", "name": "Military sources in Russia's Far East", "kind": "person", "reliability": "F",
     "notes": "Unnamed; reliability cannot be judged."},
    {"id": "s-miller", "name": "US State Department spokesman Matthew Miller", "kind": "person",
     "reliability": "B", "notes": ""},
    {"id": "s-ryabykh", "name": "Valeriy Ryabykh, editor at Defence Express", "kind": "person",
     "reliability": "C", "notes": ""},
    {"id": "s-lankov", "name": "Andrei Lankov, director of the Korea Risk Group", "kind": "person",
     "reliability": "B", "notes": ""},
    {"id": "s-poltava-missile", "name": "Missile found in Ukraine's Poltava region", "kind": "observation",
     "reliability": "B", "notes": "Physical evidence as reported; not examined by us."},
    {"id": "s-milblogs", "name": "Russian military community platforms", "kind": "outlet",
     "reliability": "D", "notes": ""},
    {"id": "s-zelensky", "name": "President Volodymyr Zelensky", "kind": "person", "reliability": "C",
     "notes": "Head of state of a party to the conflict."},
    {"id": "s-article", "name": "The article's own reporting (outlet not named)", "kind": "outlet",
     "reliability": "F", "notes": "The seed article's publisher is not identified."},
]

# (claim id, claim as the analyst phrases it, the words it is anchored to)
CLAIMS: list[tuple[str, str, str]] = [
    ("c1", "Russia is forming a unit of about 3,000 North Korean soldiers",
     "Russia’s military is reportedly establishing a unit comprised of approximately 3,000 North Korean soldiers"),
    ("c2", "North Koreans have arrived at a military base near Ussuriysk, north of Vladivostok",
     "a number of North Koreans have arrived at a military base near Ussuriysk, north of Vladivostok"),
    ("c3", "North Korea has supplied Russia with ammunition since late 2023",
     "North Korea has been supplying Russia with ammunition"),
    ("c4", "Kim Jong Un called Vladimir Putin his “closest comrade”",
     "North Korean leader Kim Jong Un recently sent a congratulatory message to Russian President "
     "Vladimir Putin, referring to him as his “closest comrade.”"),
    ("c5", "South Korea's defence minister considers a North Korean deployment in Ukraine highly likely",
     "South Korea’s defense minister has suggested a high likelihood of North Korean deployment in Ukraine"),
    ("c6", "Russia faces significant troop shortages",
     "Russia faces significant troop shortages"),
]

# (evidence id, claim, source, stance, credibility, extra fields, quoted words)
EVIDENCE: list[tuple[str, str, str, str, int, dict[str, Any], str]] = [
    # c1: exactly V9 of confidence.md
    ("e1", "c1", "s-bbc", "corroborates", 3, {"interested": True, "derives_from": {"source": "s-ukr-intel"}},
     "A Ukrainian military intelligence source has informed the BBC that Russia’s military is "
     "reportedly establishing a unit comprised of approximately 3,000 North Korean soldiers"),
    ("e2", "c1", "s-bbc", "contradicts", 2, {"diagnosticity": "low"},
     "the BBC has not yet observed any signs of such a unit forming in Russia’s Far East"),
    ("e3", "c1", "s-peskov", "contradicts", 4, {"interested": True},
     "Kremlin spokesman Dmitry Peskov refuted claims of North Korean involvement"),
    ("e4", "c1", "s-sk-minister", "corroborates", 3, {"diagnosticity": "medium"},
     "South Korea’s defense minister has suggested a high likelihood of North Korean deployment in Ukraine"),
    ("e5", "c1", "s-fareast", "contradicts", 3, {"diagnosticity": "medium"},
     "the numbers are said to be far less than the speculated 3,000"),
    ("e6", "c1", "s-miller", "context", 6, {},
     "Matthew Miller, a spokesperson for the US State Department, expressed concern over this potential development"),
    # c2
    ("e7", "c2", "s-fareast", "corroborates", 3, {},
     "military sources in Russia’s Far East indicate that a number of North Koreans have arrived at a "
     "military base near Ussuriysk"),
    ("e8", "c2", "s-bbc", "context", 6, {"diagnosticity": "low"},
     "the BBC has not yet observed any signs of such a unit forming in Russia’s Far East"),
    # c3
    ("e9", "c3", "s-poltava-missile", "corroborates", 2, {},
     "A missile found in Ukraine’s Poltava region"),
    ("e10", "c3", "s-milblogs", "corroborates", 3, {},
     "reports circulating on Russian military community platforms, indicate arms exchanges dating back to late 2023"),
    # c4
    ("e11", "c4", "s-article", "corroborates", 3, {},
     "referring to him as his “closest comrade.”"),
    # c5
    ("e12", "c5", "s-article", "corroborates", 2, {},
     "South Korea’s defense minister has suggested a high likelihood of North Korean deployment in Ukraine"),
    # c6
    ("e13", "c6", "s-miller", "corroborates", 3, {"interested": True},
     "“a new level of desperation by Russia” amid ongoing battlefield losses"),
    ("e14", "c6", "s-ryabykh", "corroborates", 4, {"diagnosticity": "low"},
     "North Korean troops could potentially serve to guard the Russian-Ukrainian border, thereby freeing "
     "Russian troops for frontline duties"),
    ("e15", "c6", "s-lankov", "corroborates", 3, {"diagnosticity": "low"},
     "Russia could supplement its ranks without political ramifications from potential casualties"),
    ("e16", "c6", "s-zelensky", "context", 6, {},
     "President Volodymyr Zelensky of Ukraine has expressed concerns about the potential ramifications "
     "of such an alliance"),
]


def article_text() -> str:
    return canonical_text(resource_path("seed-article.txt").read_text(encoding="utf-8"))


def _span(text: str, words: str, where: str) -> tuple[int, int]:
    words = canonical_text(words)
    start = text.find(words)
    if start < 0:
        raise ValueError(f"demo: the words of {where} are not in the article: {words[:60]!r}")
    return start, start + len(words)


def demo_exchange() -> dict[str, Any]:
    """The demo project as an exchange dict (anchors computed from the quoted words)."""
    text = article_text()
    claims = []
    for cid, phrasing, words in CLAIMS:
        start, end = _span(text, words, cid)
        claims.append({"id": cid, "text": phrasing, "document": DOC_ID, "start": start, "end": end,
                       "base_rate": 0.5, "status": "open", "note": ""})
    evidence = []
    for eid, cid, sid, stance, cred, extra, words in EVIDENCE:
        start, end = _span(text, words, eid)
        evidence.append({"id": eid, "claim": cid, "source": sid, "stance": stance, "credibility": cred,
                         "diagnosticity": extra.get("diagnosticity", "high"),
                         "interested": extra.get("interested", False),
                         "derives_from": extra.get("derives_from"), "date": "2024-10-10",
                         "quote": text[start:end], "document": DOC_ID, "start": start, "end": end,
                         "note": ""})
    return {
        "format": FORMAT,
        "project": {"title": "Demo: North Korean troops reportedly joining Russian forces",
                    "half_life_days": None, "as_of": "2024-10-15"},
        "documents": [{"id": DOC_ID, "title": TITLE, "text": text, "url": None, "author": None,
                       "published": "2024-10-10", "original_name": "seed-article.txt", "format": "txt"}],
        "sources": SOURCES,
        "claims": claims,
        "evidence": evidence,
    }


def write_demo(path: Path | str, analyst: str | None = None) -> Path:
    """Create the demo project file at ``path``."""
    from workbench.service import ProjectService

    svc = ProjectService.create(path, "", analyst=analyst)
    try:
        svc.load_exchange(demo_exchange())
    finally:
        svc.close()
    return Path(path)
