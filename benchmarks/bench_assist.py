"""Benchmark of the claim assistant (``workbench.assist.suggest.suggest``).

Suggestions are computed when a document is opened or imported, so they must
not hold up the window: the target is under 50 ms per 1,000 words of wire
copy. Figures (medians of several runs, after one warm-up run):

- ``suggest()`` on ~1,000 words (articles of ``tests/assist_eval`` joined),
  per 1,000 words;
- ``suggest()`` on ~10,000 words, per 1,000 words: the cost must stay linear
  in the length of the document;
- ``suggest()`` on the demo article, for information;
- pysbd alone segmenting the ~1,000 words paragraph by paragraph, for
  information: it is why ``assist_text`` calls pysbd only for paragraphs
  with an ambiguous full stop (it would take most of the budget by itself).

Usage: ``.venv/bin/python benchmarks/bench_assist.py [--quick]``; ``run(quick)``
returns the rows ``{"name", "value", "unit", "target"}`` for ``run.py``.
"""

from __future__ import annotations

import common  # benchmarks/common.py: puts the repository on sys.path
from common import ROOT, median_time

from workbench.assist.suggest import suggest
from workbench.assist.text import _pysbd_spans

EVAL = ROOT / "tests" / "assist_eval"
TARGET_MS_PER_1000_WORDS = 50.0


def _articles() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(EVAL.glob("*.txt"))]


def text_of(words: int) -> str:
    """Whole articles of the evaluation set, repeated, until ``words`` words."""
    parts: list[str] = []
    count = 0
    arts = _articles()
    i = 0
    while count < words:
        a = arts[i % len(arts)]
        parts.append(a)
        count += len(a.split())
        i += 1
    return "\n\n".join(parts)


def _segment_only(text: str) -> None:
    for line in text.split("\n"):
        if line.strip():
            _pysbd_spans(line, 0, len(line))


def run(quick: bool = False) -> list[dict]:
    runs = 3 if quick else 9
    rows: list[dict] = []
    short = text_of(1000)  # each figure after one warm-up run: pysbd's segmenter and the lexicon caches
    n_short = len(short.split())
    t = median_time(lambda: suggest(short), runs)
    floor = median_time(lambda: _segment_only(short), runs)
    per_k = t / n_short * 1000 * 1e3
    rows.append({"name": f"suggest() per 1,000 words ({n_short}-word text)", "value": per_k,
                 "unit": "ms", "target": TARGET_MS_PER_1000_WORDS, "target_of": "value"})
    long_ = text_of(3000 if quick else 10000)
    n_long = len(long_.split())
    t = median_time(lambda: suggest(long_), max(2, runs // 3))
    rows.append({"name": f"suggest() per 1,000 words ({n_long}-word text)",
                 "value": t / n_long * 1000 * 1e3, "unit": "ms",
                 "target": TARGET_MS_PER_1000_WORDS, "target_of": "value"})
    demo = (EVAL / "demo-seed-article.txt").read_text(encoding="utf-8")
    t = median_time(lambda: suggest(demo), runs)
    rows.append({"name": f"suggest() on the demo article ({len(demo.split())} words)",
                 "value": t * 1e3, "unit": "ms", "target": None})
    rows.append({"name": f"pysbd alone, per 1,000 words ({n_short}-word text)",
                 "value": floor / n_short * 1000 * 1e3, "unit": "ms", "target": None})
    return rows


if __name__ == "__main__":
    raise SystemExit(common.main(run, __doc__, "fewer runs and a shorter long text"))
