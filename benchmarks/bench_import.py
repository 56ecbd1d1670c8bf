"""Benchmark: document import and re-anchoring (prints figures; not a test).

Compares our importers with the bare library calls they wrap, so the ratio
shows what our own checks, metadata and text rendering cost:

- a generated 300-page PDF: ``import_file`` vs bare pypdfium2 text extraction
  of the same file (target: ratio < 1.5);
- a ~2 MB saved news page: ``import_file`` vs ``trafilatura.extract`` with the
  same extraction options (target: ratio < 1.5); the default-options call is
  shown too, for information;
- re-anchoring 1,000 anchors on a ~30,000-character document after an edit,
  with the old text known (the ``vwb import --replace`` path) and without
  (target: < 0.5 s each).

Each figure is the median of several runs. Usage::

    .venv/bin/python benchmarks/bench_import.py [--quick] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests import fixtures_docs as F  # noqa: E402
from workbench.documents.anchoring import Selector, make_selector, reanchor_many  # noqa: E402
from workbench.documents.importers import import_file  # noqa: E402

PDF_PAGES = 300
HTML_BYTES = 2_000_000
ANCHORS = 1000
DOC_CHARS = 30_000


def median_seconds(fn: Callable[[], object], runs: int) -> float:
    """Median wall time of ``runs`` calls, after one warm-up call."""
    return paired_medians([fn], runs)[0]


def paired_medians(fns: list[Callable[[], object]], runs: int) -> list[float]:
    """Median wall time of each function, calls interleaved run by run.

    Interleaving keeps a ratio honest on a shared machine: a burst of load
    from another process slows both sides of the comparison, not just one.
    """
    for fn in fns:
        fn()
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for index, fn in enumerate(fns):
            started = time.perf_counter()
            fn()
            times[index].append(time.perf_counter() - started)
    return [statistics.median(t) for t in times]


def row(name: str, value: float, unit: str, floor: float | None, target: str) -> dict[str, Any]:
    return {
        "name": name,
        "value": round(value, 4),
        "unit": unit,
        "floor": None if floor is None else round(floor, 4),
        "ratio": None if not floor else round(value / floor, 3),
        "target": target,
    }


def bare_pdfium(path: Path) -> str:
    """What pypdfium2 alone does: open, text of every page, close."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    parts = []
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        parts.append(textpage.get_text_range())
        textpage.close()
        page.close()
    pdf.close()
    return "\n".join(parts)


def anchor_workload(seed: int = 7) -> tuple[str, str, list[Selector]]:
    """A ~30,000-character article, 1,000 anchors on it, and an edited version."""
    rng = random.Random(seed)
    paragraphs = []
    while sum(len(p) + 2 for p in paragraphs) < DOC_CHARS:
        base = rng.choice(F.NEWS_PARAGRAPHS)
        paragraphs.append(f"{base} (Update {len(paragraphs)}: witness {rng.randint(1, 999)} agreed.)")
    old = "\n\n".join(paragraphs)
    sels = []
    for _ in range(ANCHORS):
        start = rng.randrange(0, len(old) - 130)
        sels.append(make_selector(old, start, start + rng.randint(10, 120)))
    middle = len(paragraphs) // 2
    edited = list(paragraphs)
    edited.insert(1, "Editor's note: this article was updated to correct the number of homes affected.")
    edited[middle] = edited[middle].replace("the", "THE", 2)
    del edited[-3]
    return old, "\n\n".join(edited), sels


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Measure everything; ``quick`` uses fewer runs (same inputs, same rows)."""
    import trafilatura

    runs = 3 if quick else 7
    fast_runs = 7 if quick else 15  # for figures under 0.1 s
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        pdf = F.make_pdf(directory, "big.pdf", pages=PDF_PAGES)
        ours, bare = paired_medians([lambda: import_file(pdf), lambda: bare_pdfium(pdf)], fast_runs)
        rows.append(row(f"pdf_import_{PDF_PAGES}_pages", ours, "s", bare, "ratio < 1.5"))

        html_path = directory / "big.html"
        html_path.write_text(F.large_news_html(HTML_BYTES), encoding="utf-8")
        html = html_path.read_text(encoding="utf-8")
        ours, same, default = paired_medians(
            [
                lambda: import_file(html_path),
                lambda: trafilatura.extract(html, favor_precision=True, include_comments=False),
                lambda: trafilatura.extract(html),
            ],
            runs,
        )
        size_mb = html_path.stat().st_size / 1e6
        rows.append(row(f"html_import_{size_mb:.1f}MB", ours, "s", same, "ratio < 1.5"))
        rows.append(row(f"html_import_{size_mb:.1f}MB_vs_default_extract", ours, "s", default, "info"))

    old, new, sels = anchor_workload()
    with_old = median_seconds(lambda: reanchor_many(sels, new, old_text=old), fast_runs)
    rows.append(row(f"reanchor_{ANCHORS}_anchors_{len(old)}_chars_with_old_text", with_old, "s", None, "< 0.5 s"))
    without = median_seconds(lambda: reanchor_many(sels, new), fast_runs)
    rows.append(row(f"reanchor_{ANCHORS}_anchors_{len(old)}_chars_search_only", without, "s", None, "< 0.5 s"))
    results = reanchor_many(sels, new, old_text=old)
    counts = {status: sum(r.status == status for r in results) for status in ("ok", "moved", "orphaned")}
    rows.append(row("reanchor_orphaned_after_edit", counts["orphaned"], "anchors", None, "info"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs per figure")
    parser.add_argument("--json", action="store_true", help="print rows as JSON")
    args = parser.parse_args(argv)
    rows = run(args.quick)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"{'name':58} {'value':>9} {'unit':7} {'floor':>8} {'ratio':>7}  target")
    for r in rows:
        floor = "" if r["floor"] is None else f"{r['floor']:.4f}"
        ratio = "" if r["ratio"] is None else f"{r['ratio']:.2f}x"
        print(f"{r['name']:58} {r['value']:>9.4f} {r['unit']:7} {floor:>8} {ratio:>7}  {r['target']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
