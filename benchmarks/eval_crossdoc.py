"""Cross-document evidence suggestions measured on article pairs.

``tests/assist_eval/crossdoc/pairs.json`` holds pairs of invented articles
about the same events: a claim from article A, article B, and the statements
of B that bear on the claim with their stance (several wordings, denials,
different figures, partial confirmations, distractor sentences that share a
name but not the event). Pairs whose id starts with ``heldout-`` are the
held-out part: written with the others, never used to tune the rules.

- Link precision: suggestions whose quote overlaps an annotated statement by
  at least half of the shorter span, over all suggestions.
- Link recall: annotated statements matched by a suggestion.
- Stance: of the matched statements, the share whose stance hint is right.
- Speed: ``cross_suggestions`` for all claims of the L project
  (``benchmarks/synth.py``) against one imported article, per document.

Usage: ``.venv/bin/python benchmarks/eval_crossdoc.py [--part dev|heldout|all] [--errors]``
"""

from __future__ import annotations

import argparse
import json
import time

import common  # noqa: F401  (puts the repository on sys.path)
from common import ROOT

from workbench.assist.crossdoc import cross_suggestions

PAIRS = ROOT / "tests" / "assist_eval" / "crossdoc" / "pairs.json"
TARGETS = {"precision": 0.8, "recall": 0.7, "stance": 0.85, "seconds_per_document": 1.0}


def load(part: str = "all") -> list[dict]:
    pairs = json.loads(PAIRS.read_text(encoding="utf-8"))["pairs"]
    if part == "dev":
        return [p for p in pairs if not p["id"].startswith("heldout-")]
    if part == "heldout":
        return [p for p in pairs if p["id"].startswith("heldout-")]
    return pairs


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return inter * 2 >= min(a[1] - a[0], b[1] - b[0]) > 0


def evaluate(pairs: list[dict], errors: bool = False) -> dict[str, float]:
    n_sugg = n_sugg_ok = n_gold = n_found = n_stance_ok = 0
    for p in pairs:
        text = p["article"]
        gold = [((i := text.index(g["span"])), i + len(g["span"]), g["stance"]) for g in p["links"]]
        sugg = cross_suggestions({"c": p["claim"]}, text, "d")
        n_sugg += len(sugg)
        n_gold += len(gold)
        for s in sugg:
            if any(_overlap((s.start, s.end), (a, b)) for a, b, _ in gold):
                n_sugg_ok += 1
            elif errors:
                print(f"FALSE  {p['id']}: {s.quote!r} {s.reasons}")
        for a, b, stance in gold:
            hits = [s for s in sugg if _overlap((s.start, s.end), (a, b))]
            if hits:
                n_found += 1
                n_stance_ok += hits[0].stance_hint == stance
                if errors and hits[0].stance_hint != stance:
                    print(f"STANCE {p['id']}: {text[a:b]!r} got {hits[0].stance_hint}, want {stance}")
            elif errors:
                print(f"MISSED {p['id']}: {text[a:b]!r}")
    return {"pairs": len(pairs), "links": n_gold, "suggested": n_sugg,
            "precision": n_sugg_ok / n_sugg if n_sugg else 1.0,
            "recall": n_found / n_gold if n_gold else 1.0,
            "stance": n_stance_ok / n_found if n_found else 1.0}


def seconds_per_document_on_l() -> tuple[float, int, int]:
    """A new 30,000-character article of the L project's kind (benchmarks/
    synth.py) imported into it: all 2,000 claims against the new document,
    processor seconds per document, median of three after a warm-up."""
    import random

    import synth  # benchmarks/synth.py

    spec = dict(synth.SIZES["L"] or {})
    data = synth.make_exchange(**spec)
    claims = {c["id"]: c["text"] for c in data["claims"]}
    text, _spans = synth.make_document(random.Random(7), spec["doc_chars"])
    cross_suggestions(claims, text, "new")  # warm-up (claim features are cached, as in the app)
    times = []
    for _ in range(3):
        t0 = time.process_time()
        cross_suggestions(claims, text, "new")
        times.append(time.process_time() - t0)
    return sorted(times)[1], len(claims), len(text)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--part", choices=("dev", "heldout", "all"), default="all")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--speed", action="store_true", help="also time it against the L project's claims")
    args = ap.parse_args()
    r = evaluate(load(args.part), args.errors)
    print(f"cross-document ({args.part}): {r['pairs']} pairs, {r['links']} annotated links, "
          f"{r['suggested']} suggested")
    for k in ("precision", "recall", "stance"):
        print(f"  {k:10s} {r[k]:.3f}   (target >= {TARGETS[k]:.2f})")
    if args.speed:
        secs, n, chars = seconds_per_document_on_l()
        print(f"  speed      {secs:.3f} s per imported document ({chars:,} characters) "
              f"against the L project's {n:,} claims (target <= 1 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
