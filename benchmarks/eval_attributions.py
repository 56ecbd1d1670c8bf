"""The assistant's attributions measured on PolNeAR, a public corpus of news
articles whose attributions were annotated by hand.

PolNeAR (Newell, Margolin and Ruths, LREC 2018; github.com/networkdynamics/
PolNeAR) holds 1,008 articles from seven US publishers, each attribution
marked as source, cue and content spans. The corpus is not part of this
repository: fetch it and pass its folder (the one holding ``data/``).

What is counted, and why:

- Gold attributions are those whose cue is a verb of speech ("said",
  "told", "denied", "according to" is not a verb and is left out). PolNeAR
  also marks beliefs and intentions ("wants", "thinks"); the assistant does
  not offer those as statements, so they are not in the denominator. The list
  of speech verbs is this file's own (``SPEECH_VERBS``), not the assistant's
  lexicon, so that widening the lexicon cannot widen what is asked of it.
- A suggestion matches a gold attribution when its quote (``quote_start``..
  ``quote_end``) overlaps the annotated content by at least half of the
  shorter of the two (discontinuous contents count each piece).
- Recall: gold speech attributions matched by some suggestion.
- Precision: suggestions that match some annotated attribution, whatever its
  cue (a suggestion on an annotated "believes" is not a false alarm).
- Speaker accuracy: of the matched gold attributions that have a source, the
  share whose suggested speaker names it. "Names it" means the head word (last
  content word) of the annotated source is a word of the suggested speaker;
  for a pronoun or a short mention ("he", "the candidate") the other mentions
  of the same entity in the CoreNLP coreference chains the corpus ships
  count too, so "Trump" is right for an annotated "he" that refers to him.
- Speed: ``suggest()`` on each article (the whole assistant, claims too),
  milliseconds of processor time per 1,000 words, after one warm-up article
  (processor time, so that other programs on a shared machine do not count).

Each article is read with the annotation of the first annotator listed in
``data/metadata.tsv`` (some articles were annotated twice).

The ``test`` split is held out: ``--errors`` (which prints misses for
development) refuses it, and it should be run once, for the final figure.

Usage::

    .venv/bin/python benchmarks/eval_attributions.py /work/data/PolNeAR --split dev
    .venv/bin/python benchmarks/eval_attributions.py PATH --split train --errors 40
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import common  # noqa: F401  (puts the repository on sys.path)

from workbench.assist.suggest import suggest

TARGETS = {"recall": 0.90, "precision": 0.95, "speaker": 0.97, "ms_per_1000_words": 50.0}

_SPEECH_LEMMAS = (
    "say tell add state claim announce report write tweet post ask answer reply respond "
    "deny reject dismiss refute dispute confirm acknowledge admit concede insist argue "
    "explain note warn declare assert allege contend maintain suggest indicate predict "
    "promise pledge vow threaten urge demand call accuse charge blame criticize criticise "
    "praise condemn complain mention remark comment observe describe reveal disclose "
    "testify recall repeat reiterate stress emphasize emphasise point counter retort "
    "quip joke boast brag acknowledge estimate caution lament question challenge "
    "dispute agree disagree concede recount tout proclaim announce inform assure "
    "speak shout yell cry write blast slam attack defend echo signal hint imply "
    "decry denounce characterize characterise label brand dub conclude"
).split()
_IRREGULAR = {"said": "say", "says": "say", "saying": "say", "told": "tell", "tells": "tell",
              "telling": "tell", "wrote": "write", "written": "write", "writes": "write",
              "writing": "write", "spoke": "speak", "spoken": "speak", "speaks": "speak",
              "speaking": "speak", "cried": "cry", "cries": "cry"}


def _lemma(w: str) -> str:
    w = w.lower().strip(".,;:\"'’“”")
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("d", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 2:
            stem = w[: len(w) - len(suffix)] + repl
            for cand in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem):
                if cand in SPEECH_VERBS:
                    return cand
    return w


SPEECH_VERBS = frozenset(_SPEECH_LEMMAS)

_STOP = frozenset("the a an his her their its our my your this that these those of 's ’s "
                  "mr mrs ms dr sen senator rep gov former".split())
_PRONOUNS = frozenset("he she they it we i you him them us who which one".split())


@dataclass
class Gold:
    content: list[tuple[int, int]]
    cue: str
    source: str | None
    source_span: tuple[int, int] | None
    speech: bool
    matched_by: list[dict] = field(default_factory=list)


def _spans(field_text: str) -> list[tuple[int, int]]:
    out = []
    for part in field_text.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def read_ann(path: Path) -> list[Gold]:
    """The attributions of one brat ``.ann`` file."""
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        parts = line.split("\t")
        if parts[0].startswith("T") and len(parts) >= 3:
            label, _, rest = parts[1].partition(" ")
            spans[parts[0]] = (label, _spans(rest), parts[2])
        elif parts[0].startswith("E") and len(parts) >= 2:
            roles = {}
            for item in parts[1].split():
                role, _, tid = item.partition(":")
                roles[role.split("-")[0]] = tid
            events.append(roles)
    out = []
    for ev in events:
        if "Content" not in ev or ev["Content"] not in spans:
            continue
        content = spans[ev["Content"]][1]
        cue = spans[ev["Cue"]][2] if ev.get("Cue") in spans else ""
        src = spans.get(ev.get("Source", ""))
        speech = any(_lemma(w) in SPEECH_VERBS for w in cue.split())
        out.append(Gold(content, cue, src[2] if src else None,
                        (src[1][0][0], src[1][-1][1]) if src else None, speech))
    return out


def _words(name: str) -> list[str]:
    ws = [w.lower().strip(".,;:\"'’“”()") for w in re.split(r"\s+|’s\b|'s\b", name)]
    return [w for w in ws if w and w not in _STOP]


def _first_np(name: str) -> list[str]:
    """Content words of a mention's first noun phrase ("Chris Cox, who runs
    ..." -> ["chris", "cox"]), pronouns and numbers left out."""
    first = re.split(r",|\(|\s(?:who|which|that|of|from)\s", name)[0]
    return [w for w in _words(first) if w not in _PRONOUNS and not w.isdigit()]


def source_names(gold: Gold, chains: list[tuple[tuple[int, int], list[str]]]) -> list[list[str]]:
    """The words of each mention that names the annotated source: its own,
    and the other mentions of its coreference chain. Empty for a pronoun
    whose chain names nobody: such a speaker cannot be judged from the
    corpus."""
    if gold.source is None or gold.source_span is None:
        return []
    names = [gold.source]
    a, b = gold.source_span
    for (x, y), chain in chains:
        if x < b and a < y and (y - x) * 2 >= (b - a):
            names += chain
    return [ws for n in names if (ws := _first_np(n))]


def speaker_right(suggested: str, names: list[list[str]]) -> bool:
    """The suggested speaker's head word is a word of a naming mention, or a
    mention's head word is a word of the suggested speaker ("Trump" for
    "Republican candidate Donald Trump"; "Clinton campaign" for "the
    campaign")."""
    sw = _first_np(suggested)
    if not sw:
        return False
    return any(sw[-1] in ws or ws[-1] in sw for ws in names)


def coref_names(xml_path: Path, text: str) -> list[tuple[tuple[int, int], list[str]]]:
    """(character span of a mention, texts of all mentions of its entity) from
    the CoreNLP annotation the corpus ships next to the article."""
    if not xml_path.exists():
        return []
    root = ET.parse(xml_path).getroot()
    offsets: dict[tuple[int, int], tuple[int, int]] = {}
    for s in root.iter("sentence"):
        sid = s.get("id")
        if sid is None:
            continue
        for t in s.iter("token"):
            b, e = t.findtext("CharacterOffsetBegin"), t.findtext("CharacterOffsetEnd")
            if b is not None and e is not None:
                offsets[(int(sid), int(t.get("id", "0")))] = (int(b), int(e))
    out: list[tuple[tuple[int, int], list[str]]] = []
    coref = root.find(".//coreference")
    if coref is None:
        return out
    for chain in coref.findall("coreference"):
        ments = []
        for m in chain.findall("mention"):
            s = int(m.findtext("sentence", "0"))
            a, b = int(m.findtext("start", "0")), int(m.findtext("end", "0"))
            if (s, a) in offsets and (s, b - 1) in offsets:
                ments.append((offsets[(s, a)][0], offsets[(s, b - 1)][1]))
        names = [text[a:b] for a, b in ments]
        for span in ments:
            out.append((span, names))
    return out


def _overlap(a: tuple[int, int], bs: list[tuple[int, int]]) -> bool:
    inter = sum(max(0, min(a[1], b[1]) - max(a[0], b[0])) for b in bs)
    shorter = min(a[1] - a[0], sum(b[1] - b[0] for b in bs))
    return shorter > 0 and inter * 2 >= shorter


@dataclass
class Article:
    name: str
    text: str
    gold: list[Gold]
    xml: Path


def articles(root: Path, split: str) -> list[Article]:
    data = root / "data"
    meta = data / "metadata.tsv"
    if not meta.exists():
        raise SystemExit(f"{root}: not a PolNeAR folder (no data/metadata.tsv)")
    out = []
    with meta.open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["compartment"] != split:
                continue
            name = row["filename"]
            ann = data / split / "attributions" / f"{name}_{row['annotators'].split('|')[0]}.ann"
            txt = data / split / "text" / f"{name}.txt"
            if not ann.exists() or not txt.exists():
                continue
            text = txt.read_text(encoding="utf-8")
            out.append(Article(name, text, read_ann(ann), data / split / "corenlp" / f"{name}.txt.xml"))
    return out


def evaluate(arts: list[Article], errors: int = 0) -> dict[str, float]:
    n_gold = n_found = n_sugg = n_sugg_ok = n_spk = n_spk_ok = n_unjudged = 0
    words = 0
    seconds = 0.0
    shown = 0
    if arts:
        suggest(arts[0].text)  # warm-up: segmenter and lexicon caches
    for art in arts:
        t0 = time.process_time()
        result = suggest(art.text)
        seconds += time.process_time() - t0
        words += len(art.text.split())
        sugg = [s for s in result["suggestions"] if s["kind"] == "attribution"]
        chains = coref_names(art.xml, art.text)
        for s in sugg:
            q = (s["quote_start"], s["quote_end"])
            hits = [g for g in art.gold if _overlap(q, g.content)]
            n_sugg += 1
            if hits:
                n_sugg_ok += 1
                for g in hits:
                    g.matched_by.append(s)
            elif shown < errors:
                shown += 1
                print(f"FALSE  {art.name}: [{s['speaker']}] {s['verb']} | {s['quote'][:150]!r}")
        for g in art.gold:
            if not g.speech:
                continue
            n_gold += 1
            if g.matched_by:
                n_found += 1
                heads = source_names(g, chains)
                if g.source is not None and not heads:
                    n_unjudged += 1
                elif heads:
                    n_spk += 1
                    ok = any(speaker_right(s["speaker"], heads) for s in g.matched_by)
                    n_spk_ok += ok
                    if not ok and shown < errors:
                        shown += 1
                        print(f"SPEAKER {art.name}: gold {g.source!r} {heads[:4]} got "
                              f"{[s['speaker'] for s in g.matched_by]} cue {g.cue!r}")
            elif shown < errors:
                shown += 1
                a, b = g.content[0][0], g.content[-1][1]
                print(f"MISSED {art.name}: [{g.source}] {g.cue} | {art.text[a:b][:150]!r}")
    return {
        "articles": len(arts), "gold": n_gold, "suggested": n_sugg,
        "recall": n_found / n_gold if n_gold else 0.0,
        "precision": n_sugg_ok / n_sugg if n_sugg else 0.0,
        "speaker": n_spk_ok / n_spk if n_spk else 0.0,
        "speaker_judged": n_spk, "speaker_unjudged": n_unjudged,
        "ms_per_1000_words": seconds * 1000.0 / words * 1000.0 if words else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("polnear", type=Path, help="folder of the PolNeAR repository (holds data/)")
    p.add_argument("--split", choices=("train", "dev", "test"), default="dev")
    p.add_argument("--errors", type=int, default=0, metavar="N",
                   help="print up to N misses (train and dev only)")
    p.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = p.parse_args(argv)
    if args.errors and args.split == "test":
        print("the test split is held out: no error listing for it", file=sys.stderr)
        return 2
    arts = articles(args.polnear, args.split)
    if args.limit:
        arts = arts[: args.limit]
    r = evaluate(arts, args.errors)
    print(f"PolNeAR {args.split}: {r['articles']} articles, {r['gold']} speech attributions, "
          f"{r['suggested']} suggested")
    for k in ("recall", "precision", "speaker"):
        print(f"  {k:10s} {r[k]:.3f}   (target >= {TARGETS[k]:.2f})")
    print(f"  speaker judged on {r['speaker_judged']} matched attributions; "
          f"{r['speaker_unjudged']} more have a pronoun source that the corpus's coreference does not name")
    print(f"  speed      {r['ms_per_1000_words']:.1f} ms per 1,000 words   (target <= 50)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
