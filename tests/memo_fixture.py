"""Test data for the memo and the exports: the North Korea troops story.

A realistic exchange dict (what ``vwb dump`` writes) and its assessment dict
(what ``vwb assess --json`` writes), built without a database so the memo
tests depend on nothing but the two public dict shapes; the numbers come
from ``workbench.analysis.confidence`` itself. It also makes a large synthetic
project for the benchmark.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

from workbench.analysis.confidence import EvidenceInfo, Settings, SourceInfo
from workbench.analysis.confidence import assess as model_assess
from workbench.documents.canonical import canonical_text

ROOT = Path(__file__).resolve().parent.parent
CONFIDENTIAL_NAME = "Taras Hnatiuk"
CYRILLIC_NAME = "Дмитрий Песков"
HANGUL_NAME = "김정은"

DIAGNOSTICITY = ("high", "medium", "low")

KOREAN_TEXT = canonical_text(
    "국가정보원은 18일 북한이 특수작전부대 등 4개 여단 1만 2천여 명 규모의 병력을 러시아에 "
    "파병하기로 결정했다고 밝혔다.\n\n"
    "국정원에 따르면 김정은 국무위원장이 파병을 직접 승인했으며, 1차로 1,500여 명이 러시아 "
    "해군 수송함을 이용해 블라디보스토크로 이동했다.\n\n"
    "국정원은 위성사진을 근거로 제시했다. 러시아 대통령실은 이에 대해 논평하지 않았다.\n"
)


def _span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def _anchored(obj: dict[str, Any], doc_id: str, text: str, quote: str) -> dict[str, Any]:
    start, end = _span(text, quote)
    obj.update(document=doc_id, start=start, end=end, anchor="ok")
    if "quote" in obj and not obj["quote"]:
        obj["quote"] = quote
    return obj


def _ev(eid: str, claim: str, source: str, stance: str, credibility: int, **extra: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": eid, "claim": claim, "source": source, "stance": stance, "credibility": credibility,
        "diagnosticity": "high", "interested": False, "derives_from": None, "date": None,
        "quote": "", "note": "",
    }
    item.update(extra)
    return item


def exchange() -> dict[str, Any]:
    """The fixture project as an exchange dict."""
    article = canonical_text((ROOT / "workbench" / "data" / "seed-article.txt").read_text(encoding="utf-8"))
    page2 = article.index("On the ground")
    docs = [
        {"id": "d1", "title": "North Korean Troops Allegedly Deploying to Support Russian Forces in Ukraine",
         "text": article, "url": "https://news.example.org/2024/10/north-korean-troops",
         "author": None, "published": "2024-10-10", "page_starts": [0, page2], "sha256": ""},
        {"id": "d2", "title": "국정원 “북한, 러시아에 특수부대 파병 결정”", "text": KOREAN_TEXT,
         "url": "https://news.example.kr/2024/10/18/nis", "author": None, "published": "2024-10-18"},
    ]
    sources = [
        {"id": "s1", "name": "BBC", "kind": "outlet", "reliability": "B", "confidential": False, "notes": ""},
        {"id": "s2", "name": CONFIDENTIAL_NAME, "kind": "person", "reliability": "C", "confidential": True,
         "notes": f"Ukrainian military intelligence officer; met {CONFIDENTIAL_NAME} in Kyiv on 8 Oct."},
        {"id": "s3", "name": CYRILLIC_NAME, "kind": "person", "reliability": "D", "confidential": False,
         "notes": "Kremlin spokesman (Dmitry Peskov)."},
        {"id": "s4", "name": "Kim Yong-hyun (김용현), South Korean defence minister", "kind": "person",
         "reliability": "B", "confidential": False, "notes": ""},
        {"id": "s5", "name": "Military sources in Russia’s Far East", "kind": "other", "reliability": "F",
         "confidential": False, "notes": ""},
        {"id": "s6", "name": "Matthew Miller, US State Department", "kind": "person", "reliability": "B",
         "confidential": False, "notes": ""},
        {"id": "s7", "name": "National Intelligence Service (국가정보원)", "kind": "organisation",
         "reliability": "B", "confidential": False, "notes": ""},
        {"id": "s8", "name": "Defence Express", "kind": "outlet", "reliability": "C", "confidential": False,
         "notes": "Ukrainian defence news site."},
        {"id": "s9", "name": "Missile debris, Poltava region", "kind": "observation", "reliability": "B",
         "confidential": False, "notes": ""},
        {"id": "s10", "name": "Andrei Lankov, Korea Risk Group", "kind": "person", "reliability": "B",
         "confidential": False, "notes": ""},
    ]
    claims = [
        _anchored({"id": "c1", "text": "Russia is forming a unit of about 3,000 North Korean soldiers.",
                   "base_rate": 0.5, "status": "open",
                   "note": f"{CONFIDENTIAL_NAME} says the unit trains near Ussuriysk; ask the BBC desk."},
                  "d1", article, "Russia’s military is reportedly establishing a unit comprised of "
                  "approximately 3,000 North Korean soldiers"),
        _anchored({"id": "c2", "text": "North Korean soldiers have arrived at a military base near Ussuriysk.",
                   "base_rate": 0.5, "status": "open", "note": ""},
                  "d1", article, "a number of North Koreans have arrived at a military base near Ussuriysk"),
        _anchored({"id": "c3", "text": f"North Korean leader {HANGUL_NAME} personally approved sending "
                   "troops to Russia.", "base_rate": 0.5, "status": "open", "note": ""},
                  "d2", KOREAN_TEXT, "김정은 국무위원장이 파병을 직접 승인했으며"),
        _anchored({"id": "c4", "text": "North Korea has supplied Russia with ammunition since late 2023.",
                   "base_rate": 0.5, "status": "open", "note": ""},
                  "d1", article, "North Korea has been supplying Russia with ammunition"),
        _anchored({"id": "c5", "text": "North Korean troops will be sent straight into combat.",
                   "base_rate": 0.5, "status": "open", "note": ""},
                  "d1", article, "he doubts they will be immediately deployed to direct combat"),
        {"id": "c6", "text": "Pyongyang will get access to Russian military technology in return.",
         "base_rate": 0.5, "status": "open", "note": "Typed in from an interview."},
    ]
    a = article
    evidence = [
        # c1: demo claim V9 (confidence.md), plus L7 that relays L1 and must be absorbed.
        _anchored(_ev("e1", "c1", "s1", "corroborates", 3, interested=True,
                      derives_from={"source": "s2"}, date="2024-10-09"), "d1", a,
                  "A Ukrainian military intelligence source has informed the BBC that Russia’s military is "
                  "reportedly establishing a unit comprised of approximately 3,000 North Korean soldiers"),
        _anchored(_ev("e2", "c1", "s1", "contradicts", 2, diagnosticity="low", date="2024-10-10"), "d1", a,
                  "the BBC has not yet observed any signs of such a unit forming in Russia’s Far East"),
        _anchored(_ev("e3", "c1", "s3", "contradicts", 4, interested=True, date="2024-10-10"), "d1", a,
                  "This is not only British intelligence, it is also American intelligence. They report it "
                  "all the time, they don’t provide any evidence."),
        _anchored(_ev("e4", "c1", "s4", "corroborates", 3, diagnosticity="medium", date="2024-10-08"),
                  "d1", a, "South Korea’s defense minister has suggested a high likelihood of North Korean "
                  "deployment in Ukraine"),
        _anchored(_ev("e5", "c1", "s5", "contradicts", 3, diagnosticity="medium", date="2024-10-10"), "d1", a,
                  "However, the numbers are said to be far less than the speculated 3,000."),
        _anchored(_ev("e6", "c1", "s6", "context", 6, date="2024-10-10"), "d1", a,
                  "a new level of desperation by Russia"),
        _ev("e7", "c1", "s8", "corroborates", 2, derives_from={"evidence": "e1"}, date="2024-10-10",
            quote="Ukrainian intelligence told the BBC that a 3,000-strong North Korean unit is being formed.",
            note="Defence Express picked up the BBC story."),
        # c2
        _anchored(_ev("e8", "c2", "s5", "corroborates", 3, date="2024-10-10"), "d1", a,
                  "military sources in Russia’s Far East indicate that a number of North Koreans have arrived "
                  "at a military base near Ussuriysk"),
        _anchored(_ev("e9", "c2", "s7", "corroborates", 2, date="2024-10-18"), "d2", KOREAN_TEXT,
                  "1차로 1,500여 명이 러시아 해군 수송함을 이용해 블라디보스토크로 이동했다"),
        _ev("e10", "c2", "s2", "corroborates", 3, date="2024-10-08",
            quote="Our people watched trains unload at the Ussuriysk base.",
            note=f"{CONFIDENTIAL_NAME}, phone call."),
        # c3
        _anchored(_ev("e11", "c3", "s7", "corroborates", 2, date="2024-10-18"), "d2", KOREAN_TEXT,
                  "김정은 국무위원장이 파병을 직접 승인했으며"),
        _ev("e12", "c3", "s3", "contradicts", 4, interested=True, date="2024-10-18",
            quote="Мы не комментируем подобные сообщения.", note="TASS wire."),
        _ev("e13", "c3", "s2", "corroborates", 3, date="2024-10-12",
            quote="The order came from the top in Pyongyang."),
        # c4
        _anchored(_ev("e14", "c4", "s9", "corroborates", 2, date="2024-01-04"), "d1", a,
                  "A missile found in Ukraine’s Poltava region"),
        _anchored(_ev("e15", "c4", "s8", "corroborates", 2, date="2024-10-10"), "d1", a,
                  "reports circulating on Russian military community platforms, indicate arms exchanges "
                  "dating back to late 2023"),
        _ev("e16", "c4", "s4", "corroborates", 2, date="2024-09-30",
            quote="North Korea has shipped millions of artillery shells to Russia."),
        # c5
        _anchored(_ev("e17", "c5", "s8", "contradicts", 3, date="2024-10-10"), "d1", a,
                  "he doubts they will be immediately deployed to direct combat"),
        _anchored(_ev("e18", "c5", "s10", "context", 6, date="2024-10-10"), "d1", a,
                  "soldiers lack recent combat experience"),
        # c6: context only -> no assessment
        _anchored(_ev("e19", "c6", "s10", "context", 3, date="2024-10-10"), "d1", a,
                  "Pyongyang would be paid well and maybe get access to Russian military technology"),
    ]
    return {
        "format": "verification-workbench/1",
        "project": {"title": "North Korean troops in Russia", "half_life_days": None, "as_of": "2024-10-20",
                    "settings": {"reliability": {"F": 0.5}, "interested": 0.3}},
        "documents": docs, "sources": sources, "claims": claims, "evidence": evidence,
    }


def assess(project: dict[str, Any]) -> dict[str, Any]:
    """The assessment dict (as ``vwb assess --json`` writes it) from the real model.

    Adds the optional per-item keys ``stance``, ``same_origin_as`` and
    ``relays`` that the memo may receive, so both shapes are exercised.
    """
    settings = Settings.from_json(project["project"])
    sources = {s["id"]: SourceInfo(s["id"], s["reliability"], s["name"]) for s in project["sources"]}
    out = []
    for claim in project["claims"]:
        items = [e for e in project["evidence"] if e["claim"] == claim["id"]]
        infos = [EvidenceInfo(
            e["id"], e["source"], e["stance"], e["credibility"], e.get("diagnosticity") or "high",
            bool(e.get("interested")), (e.get("derives_from") or {}).get("evidence"),
            (e.get("derives_from") or {}).get("source"),
            date.fromisoformat(e["date"]) if e.get("date") else None) for e in items]
        result = model_assess(infos, sources, float(claim.get("base_rate", 0.5)), settings)
        data = result.to_json(claim["id"], claim["text"])
        for row, b in zip(data["evidence"], result.evidence, strict=True):
            row.update(stance=b.stance, same_origin_as=b.same_origin_as, relays=b.relays)
        out.append(data)
    return {"claims": out}


def history() -> dict[str, list[dict[str, Any]]]:
    """Earlier assessments of the demo claim, oldest first."""
    return {"c1": [
        {"when": "2024-10-09T18:20", "who": "jane", "likelihood": "likely", "probability": 0.5776, "confidence": "low",
         "note": f"First report, from the BBC relaying {CONFIDENTIAL_NAME}."},
        {"when": "2024-10-10T09:05", "likelihood": "roughly even chance", "probability": 0.4967,
         "confidence": "low", "note": "Peskov denial and the BBC’s own observation added."},
    ]}


def large(n_claims: int = 500, per_claim: int = 10, seed: int = 7) -> dict[str, Any]:
    """A synthetic project of ``n_claims`` claims with ``per_claim`` evidence items each."""
    rnd = random.Random(seed)
    words = ("troops", "convoy", "shells", "battalion", "border", "ministry", "satellite", "rail",
             "depot", "training", "Kursk", "Ussuriysk", "officers", "statement", "denial")
    text_parts, claims, evidence = [], [], []
    sources = [{"id": f"s{i}", "name": f"Source name {i}" if i % 3 else f"Агентство {i}",
                "kind": "outlet", "reliability": "ABCDEF"[i % 6], "confidential": i % 17 == 0, "notes": ""}
               for i in range(100)]
    offset = 0
    for c in range(n_claims):
        sentence = f"Claim {c}: " + " ".join(rnd.choice(words) for _ in range(14)) + ".\n"
        claims.append({"id": f"c{c}", "text": sentence.strip(), "document": "d1", "start": offset,
                       "end": offset + len(sentence) - 1, "base_rate": 0.5, "status": "open", "note": ""})
        text_parts.append(sentence)
        offset += len(sentence)
        for k in range(per_claim):
            quote = "Quote " + " ".join(rnd.choice(words) for _ in range(rnd.randint(8, 30))) + "."
            derives = {"evidence": f"e{c}_{k - 1}"} if k and rnd.random() < 0.2 else None
            evidence.append({"id": f"e{c}_{k}", "claim": f"c{c}", "source": f"s{rnd.randrange(100)}",
                             "stance": rnd.choice(("corroborates", "corroborates", "contradicts", "context")),
                             "credibility": rnd.randint(1, 6), "diagnosticity": rnd.choice(DIAGNOSTICITY),
                             "interested": rnd.random() < 0.15, "derives_from": derives,
                             "date": f"2024-10-{rnd.randint(1, 28):02d}", "quote": quote, "note": ""})
    return {"format": "verification-workbench/1",
            "project": {"title": "Synthetic project", "half_life_days": None, "as_of": None, "settings": {}},
            "documents": [{"id": "d1", "title": "Synthetic document", "text": "".join(text_parts),
                           "url": None, "author": None, "published": None}],
            "sources": sources, "claims": claims, "evidence": evidence}
