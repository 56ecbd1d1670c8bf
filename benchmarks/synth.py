"""Synthetic projects for benchmarks, at three sizes.

* ``S``: the demo project (``workbench.demo.write_demo``): 1 document,
  6 claims, 12 sources, 16 evidence items.
* ``M``: 500 claims, 250 sources, 2,500 evidence items, 50 documents of
  about 30,000 characters.
* ``L``: 2,000 claims, 1,000 sources, 10,000 evidence items, 200 documents of
  about 30,000 characters (6 million characters of text).

The documents read like wire copy (attributions, figures, dates, places,
quotes, hedges) built from templates with a seeded random generator, so every
run gets the same project. Claims and evidence are anchored to sentences of
the documents, and every anchor is computed from the generated text, never
typed. Evidence has a realistic mix: most items are direct, some relay
another item of the same claim or name an unrecorded origin, a quarter
contradict, some are context, most are dated; some sources are confidential.

Projects are written through the public API
(``ProjectService.create(path).load_exchange(data)``, in a few batches so no
single transaction holds the whole project) and cached in
``$VWB_BENCH_CACHE`` or ``<tmp>/vwb-bench-<VERSION>``; the cache key includes
this generator's version and the project file format, so a change to either
regenerates. Files are built under a temporary name and moved into place, so
two runs at once never see half a project.

    python benchmarks/synth.py [S|M|L ...] [--force]    # build (or reuse) and print the paths
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.documents.canonical import canonical_text  # noqa: E402
from workbench.store.exchange import FORMAT  # noqa: E402
from workbench.store.projectfile import FORMAT_VERSION  # noqa: E402

SYNTH_VERSION = "3"


def _schema_digest() -> str:
    """A short digest of the tables, columns and indexes, so a cached project is rebuilt when the schema
    changes (a build that does not know an index refuses a file that has it: the caches are shared)."""
    import hashlib

    from workbench.store.model import Base

    names = sorted(f"{t.name}.{c.name}:{c.type}" for t in Base.metadata.tables.values() for c in t.columns)
    names += sorted(f"{t.name}.index.{ix.name}:{','.join(c.name for c in ix.columns)}"
                    for t in Base.metadata.tables.values() for ix in t.indexes)
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:8]


VERSION = f"s{SYNTH_VERSION}-f{FORMAT_VERSION}-{_schema_digest()}"

#: name -> generator arguments (S is the demo project).
SIZES: dict[str, dict[str, int] | None] = {
    "S": None,
    "M": {"claims": 500, "sources": 250, "evidence": 2_500, "documents": 50, "doc_chars": 30_000},
    "L": {"claims": 2_000, "sources": 1_000, "evidence": 10_000, "documents": 200, "doc_chars": 30_000},
    # Two documents of about 200 highlights each (40 claims and ~160 quotes): the claim switch case.
    "H": {"claims": 80, "sources": 60, "evidence": 380, "documents": 2, "doc_chars": 30_000},
    "XL": {"claims": 20_000, "sources": 5_000, "evidence": 100_000, "documents": 2_000, "doc_chars": 30_000},
}

# --------------------------------------------------------------------------- vocabulary

_FIRST = ["Anna", "Oleksandr", "Min-jun", "Maria", "James", "Fatima", "Dmitry", "Sofia", "Kenji", "Amara",
          "Lukas", "Yusuf", "Elena", "Pedro", "Ingrid", "Tomasz", "Leila", "Hyun-woo", "Grace", "Mehmet"]
_LAST = ["Kovalenko", "Park", "Petrova", "Okafor", "Schmidt", "Haddad", "Novak", "Lindqvist", "Tanaka",
         "Moreau", "Silva", "Ivanova", "Kim", "Adeyemi", "Rossi", "Fischer", "Hassan", "Nowak", "Brennan", "Ali"]
_ROLES = ["a spokesperson for the defence ministry", "the regional governor", "a senior diplomat",
          "an analyst at the Institute for Strategic Studies", "the deputy foreign minister",
          "a local council official", "a military commander", "an energy ministry adviser",
          "the head of the port authority", "a researcher at the Centre for Security Policy",
          "a humanitarian coordinator", "an opposition lawmaker", "the company's chief executive"]
_ORGS = ["the Defence Ministry", "the Foreign Ministry", "the State Border Service", "the United Nations",
         "the International Atomic Energy Agency", "the European Commission", "Reuters", "the Associated Press",
         "the regional administration", "the General Staff", "a monitoring group", "the national grid operator",
         "the coast guard", "the Interior Ministry", "a private satellite firm", "the central bank"]
_PLACES = ["Kharkiv", "Odesa", "Vladivostok", "Busan", "Gdańsk", "Tallinn", "Rafah", "Haifa", "Isfahan",
           "Klaipėda", "Zaporizhzhia", "Seoul", "Kaliningrad", "Sevastopol", "Pyongyang", "Mariupol",
           "Kherson", "Riga", "Helsinki", "Constanța"]
_THINGS = ["drones", "artillery shells", "troops", "tanks", "cargo ships", "missiles", "aid convoys",
           "transmission lines", "undersea cables", "fuel depots", "air-defence systems", "grain shipments",
           "refugees", "military advisers", "patrol boats", "radar stations"]
_VERBS_SAY = ["said", "told reporters", "said in a statement", "wrote on social media", "told a briefing",
              "said on Tuesday", "said late on Friday", "told state television", "confirmed", "claimed",
              "denied", "insisted"]
_HEDGES = ["reportedly", "allegedly", "according to preliminary figures", "according to officials",
           "it is understood", "sources say", "so far", "at least"]
_EVENTS = ["were deployed near", "were intercepted over", "arrived in", "were damaged outside", "left",
           "were spotted near", "were destroyed in", "were moved to", "were reported in", "reached"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
_CONTEXT = [
    "The claim could not be independently verified.",
    "Satellite images reviewed by analysts showed activity at the site in recent weeks.",
    "Officials did not respond to requests for comment.",
    "The figures could not be confirmed from other sources.",
    "Both sides have accused each other of spreading disinformation.",
    "Journalists were not allowed to visit the area.",
    "The statement did not say where the information came from.",
    "Similar reports last year later turned out to be exaggerated.",
]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def _number(rng: random.Random) -> str:
    n = rng.choice([rng.randint(2, 99), rng.randint(100, 999), rng.randint(1_000, 30_000)])
    return f"{n:,}"


def _date(rng: random.Random) -> str:
    return f"{rng.randint(1, 28)} {rng.choice(_MONTHS)}"


def _sentence(rng: random.Random) -> str:
    """One news-like sentence (check-worthy ones dominate, as in wire copy)."""
    kind = rng.random()
    if kind < 0.30:
        return (f"{_number(rng)} {rng.choice(_THINGS)} {rng.choice(_EVENTS)} {rng.choice(_PLACES)} "
                f"on {_date(rng)}, {_person(rng)}, {rng.choice(_ROLES)}, {rng.choice(_VERBS_SAY)}.")
    if kind < 0.50:
        return (f"“We have seen {_number(rng)} {rng.choice(_THINGS)} in the last {rng.randint(2, 30)} days,” "
                f"{_person(rng)}, {rng.choice(_ROLES)}, {rng.choice(_VERBS_SAY)}.")
    if kind < 0.65:
        return (f"According to {rng.choice(_ORGS)}, {rng.choice(_HEDGES)} {_number(rng)} "
                f"{rng.choice(_THINGS)} {rng.choice(_EVENTS)} {rng.choice(_PLACES)}.")
    if kind < 0.75:
        return (f"{rng.choice(_ORGS).capitalize()} {rng.choice(['denied', 'rejected', 'disputed'])} the report, "
                f"calling it “{rng.choice(['baseless', 'a provocation', 'premature', 'inaccurate'])}”.")
    if kind < 0.85:
        return (f"The {rng.choice(['attack', 'deployment', 'shipment', 'outage', 'incident'])} in "
                f"{rng.choice(_PLACES)} was the {rng.choice(['largest', 'first', 'second', 'latest'])} "
                f"since {rng.choice(_MONTHS)} {rng.randint(2019, 2024)}.")
    return rng.choice(_CONTEXT)


def make_document(rng: random.Random, doc_chars: int) -> tuple[str, list[tuple[int, int]]]:
    """Canonical text of about ``doc_chars`` characters and each sentence's span."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    while pos < doc_chars:
        para = rng.randint(2, 5)
        for i in range(para):
            s = canonical_text(_sentence(rng))
            if i:
                parts.append(" ")
                pos += 1
            spans.append((pos, pos + len(s)))
            parts.append(s)
            pos += len(s)
        parts.append("\n\n")
        pos += 2
    text = "".join(parts)
    assert canonical_text(text) == text
    return text, spans


def make_exchange(claims: int, sources: int, evidence: int, documents: int, doc_chars: int,
                  seed: int = 20241015) -> dict[str, Any]:
    """A whole synthetic project as an exchange dict (interfaces.md, "Exchange file")."""
    rng = random.Random(seed)
    docs, doc_spans = [], []
    for d in range(documents):
        text, spans = make_document(rng, doc_chars)
        docs.append({"id": f"d{d}", "title": f"{rng.choice(_THINGS).capitalize()} reported near "
                                               f"{rng.choice(_PLACES)} ({d + 1})",
                     "text": text, "url": f"https://news.example/{d}", "author": _person(rng),
                     "published": (dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(300))).isoformat()})
        doc_spans.append(spans)
    kinds = ["person", "person", "organisation", "outlet", "document", "observation", "other"]
    srcs = [{"id": f"s{i}", "name": f"{_person(rng)}, {rng.choice(_ROLES)}" if rng.random() < 0.6
             else f"{rng.choice(_ORGS)} ({i})", "kind": rng.choice(kinds),
             "reliability": rng.choices("ABCDEF", weights=[1, 4, 5, 3, 1, 3])[0],
             "confidential": rng.random() < 0.08, "notes": ""} for i in range(sources)]
    cls = []
    for c in range(claims):
        d = c % documents
        start, end = rng.choice(doc_spans[d])
        text = docs[d]["text"][start:end]
        cls.append({"id": f"c{c}", "text": text, "document": f"d{d}", "start": start, "end": end,
                    "base_rate": rng.choice([0.5, 0.5, 0.5, 0.3, 0.7]),
                    "status": rng.choice(["open", "open", "in_review", "verified", "disputed"]), "note": ""})
    # Spread evidence over claims: every claim gets at least one item, the rest at random.
    owners = list(range(claims)) + [rng.randrange(claims) for _ in range(max(0, evidence - claims))]
    owners = owners[:evidence]
    owners.sort()
    evs: list[dict[str, Any]] = []
    by_claim: dict[int, list[str]] = {}
    for e, c in enumerate(owners):
        eid = f"e{e}"
        roll = rng.random()
        derives = None
        earlier = by_claim.get(c, [])
        if roll < 0.15 and earlier:
            derives = {"evidence": rng.choice(earlier)}
        elif roll < 0.25:
            derives = {"source": f"s{rng.randrange(sources)}"}
        item: dict[str, Any] = {
            "id": eid, "claim": f"c{c}", "source": f"s{rng.randrange(sources)}",
            "stance": rng.choices(["corroborates", "contradicts", "context"], weights=[6, 3, 1])[0],
            "credibility": rng.randint(1, 6), "diagnosticity": rng.choice(["high", "medium", "low"]),
            "interested": rng.random() < 0.12, "derives_from": derives,
            "date": (dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(300))).isoformat()
            if rng.random() < 0.9 else None,
            "note": "",
        }
        if rng.random() < 0.85:  # most evidence is quoted from a project document
            d = rng.randrange(documents)
            start, end = rng.choice(doc_spans[d])
            item.update(document=f"d{d}", start=start, end=end, quote=docs[d]["text"][start:end])
        else:
            item["quote"] = _sentence(rng)
        evs.append(item)
        by_claim.setdefault(c, []).append(eid)
    return {"format": FORMAT,
            "project": {"title": f"Synthetic project: {claims} claims, {evidence} evidence items",
                        "half_life_days": None, "as_of": "2024-10-31"},
            "documents": docs, "sources": srcs, "claims": cls, "evidence": evs}


def write_exchange(path: Path | str, data: dict[str, Any], batch: int = 2_500) -> Path:
    """Create a project from an exchange dict through the service, in batches."""
    from workbench.service import ProjectService

    svc = ProjectService.create(path, data["project"]["title"], analyst="benchmark")
    try:
        svc.load_exchange({"format": data["format"], "project": data["project"]})
        for kind in ("documents", "sources", "claims", "evidence"):
            items = data[kind]
            for i in range(0, len(items), batch):
                svc.load_exchange({"format": data["format"], kind: items[i:i + batch]})
    finally:
        svc.close()
    return Path(path)


def cache_dir() -> Path:
    folder = Path(os.environ.get("VWB_BENCH_CACHE") or Path(tempfile.gettempdir()) / f"vwb-bench-{VERSION}")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def project_path(size: str, force: bool = False) -> Path:
    """The cached project file of ``size`` (S, M or L), built if missing."""
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r} (one of {', '.join(SIZES)})")
    target = cache_dir() / f"{size}.db"
    if target.is_file() and not force:
        return target
    tmp = target.with_name(f".{size}.{os.getpid()}.tmp.db")
    tmp.unlink(missing_ok=True)
    try:
        spec = SIZES[size]
        if spec is None:
            from workbench.demo import write_demo

            write_demo(tmp, analyst="benchmark")
        else:
            write_exchange(tmp, make_exchange(**spec))
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build (or reuse) the benchmark projects.")
    parser.add_argument("sizes", nargs="*", default=list(SIZES), help="S, M and/or L (default: all)")
    parser.add_argument("--force", action="store_true", help="rebuild even if cached")
    args = parser.parse_args(argv)
    for size in args.sizes:
        start = time.perf_counter()
        path = project_path(size.upper(), force=args.force)
        print(f"{size.upper()}: {path} ({path.stat().st_size / 1e6:.1f} MB, "
              f"{time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
