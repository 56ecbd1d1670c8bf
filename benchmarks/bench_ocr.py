"""Benchmark: text recognition of scans, and near-duplicate search among pictures (prints figures; not a test).

- a generated 10-page scan (a PDF of page pictures, no text layer):
  ``import_file`` (render each page at 300 dpi, recognise it, build the
  document) vs the bare ``tesseract`` program run on the same page images,
  already rendered (target: ratio <= 1.2);
- near-duplicate search: a project holding 1,000 pictures, and the lookup
  ``ProjectService.near_duplicates`` makes for a newly imported one
  (perceptual hashes compared, then the words of look-alikes) (target:
  < 0.5 s); hashing one picture is shown for information.

Usage::

    .venv/bin/python benchmarks/bench_ocr.py [--quick] [--json]
"""

from __future__ import annotations

import random
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import common  # noqa: E402 - benchmarks/common.py: puts the repository on sys.path

from tests import fixtures_images as I  # noqa: E402
from workbench.documents.importers import import_file  # noqa: E402


def paired_medians(fns: list[Callable[[], object]], runs: int) -> list[float]:
    """Median wall time of each function, calls interleaved run by run (as in bench_import)."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for index, fn in enumerate(fns):
            started = time.perf_counter()
            fn()
            times[index].append(time.perf_counter() - started)
    return [statistics.median(t) for t in times]


def median_seconds(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up
    return paired_medians([fn], runs)[0]


def row(name: str, value: float, unit: str, floor: float | None, target: str) -> dict[str, Any]:
    return {"name": name, "value": round(value, 4), "unit": unit,
            "floor": None if floor is None else round(floor, 4),
            "ratio": None if not floor else round(value / floor, 3), "target": target}


PAGES = 10
PICTURES = 1000
LINES = ["The ministry said on Tuesday that the bridge over the river will reopen in March,",
         "after repairs that cost 14 million euros. Engineers confirmed the figures and said",
         "traffic would be limited to one lane at first. The contractor, a company from Lviv,",
         "was paid in three instalments; the last was due in September according to the minutes."]


def scan_pages(pages: int = PAGES) -> list[Any]:
    rnd = random.Random(3)
    return [I.text_picture([f"Page {n}"] + [rnd.choice(LINES) for _ in range(26)], size=22, width=1240)
            for n in range(1, pages + 1)]


def bare_tesseract(pngs: list[Path], threads: str | None = "1") -> None:
    """What Tesseract alone does with the same page images: text of every page.

    ``threads="1"`` runs it as the importer does (``OMP_THREAD_LIMIT=1``, one
    page per process); ``None`` leaves Tesseract's OpenMP default, shown for
    information (on a busy shared machine its threads mostly wait for each other).
    """
    import os

    env = dict(os.environ)
    env.pop("OMP_THREAD_LIMIT", None)
    if threads:
        env["OMP_THREAD_LIMIT"] = threads
    for png in pngs:
        subprocess.run(["tesseract", str(png), "stdout", "-l", "eng"], check=True, capture_output=True, env=env)


def picture_project(directory: Path) -> tuple[Any, Any]:
    """A project with 1,000 picture documents (synthetic hashes) and a new look-alike picture."""
    from dataclasses import replace

    from workbench.service import ProjectService

    svc = ProjectService.create(directory / "pictures.db", "Pictures", analyst="bench")
    rnd = random.Random(5)
    new = import_file(I.save(I.photo(1), directory / "new.jpg", quality=80))
    docs = [{"id": f"p{i}", "title": f"Picture {i}", "text": f"Picture {i} (no readable text in the picture)",
             "media": {"type": "image", "sha256": f"{i:064x}", "width": 640, "height": 480, "taken": None,
                       "gps": None, "camera": None, "near_duplicates": [], "phash": f"{rnd.getrandbits(64):016x}"}}
            for i in range(PICTURES)]
    docs[PICTURES // 2]["media"]["phash"] = new.media["phash"]  # one earlier copy of the same picture
    svc.load_exchange({"format": "verification-workbench/1", "documents": docs})
    return svc, replace(new)


def run(quick: bool = False) -> list[dict[str, Any]]:
    from workbench.documents.importers import pictures
    from workbench.documents.importers.scan import render_page

    if shutil.which("tesseract") is None:
        return [{"name": "ocr_scan", "value": None, "unit": "s", "status": "error: tesseract not installed"}]
    runs = 1 if quick else 3
    pages = 3 if quick else PAGES  # the quick run must finish within run.py's 180 s
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        pdf = I.scanned_pdf(directory / "scan.pdf", scan_pages(pages))
        data = pdf.read_bytes()
        pngs = []
        for index in range(pages):
            png = directory / f"page{index}.png"
            png.write_bytes(render_page(data, index))
            pngs.append(png)
        ours, bare, threaded = paired_medians([lambda: import_file(pdf, languages="eng"),
                                               lambda: bare_tesseract(pngs),
                                               lambda: bare_tesseract(pngs, None)], runs)
        rows.append(row(f"ocr_scan_{pages}_pages", ours, "s", bare, "ratio <= 1.2"))
        rows.append(row(f"ocr_scan_{pages}_pages_vs_tesseract_default_threads", ours, "s", threaded, "info"))
        detected = paired_medians([lambda: import_file(pdf)], runs)[0]
        rows.append(row(f"ocr_scan_{pages}_pages_language_detected", detected, "s", bare, "info"))

        svc, new = picture_project(directory)
        try:
            found = svc.near_duplicates(new)
            assert [d["id"] for d in found] == [f"p{PICTURES // 2}"], found
            search = median_seconds(lambda: svc.near_duplicates(new), 5 if quick else 15)
            rows.append(row(f"near_duplicate_search_{PICTURES}_pictures", search, "s", None, "< 0.5 s"))
        finally:
            svc.close()
        photo = I.photo(2, (4000, 3000))
        rows.append(row("perceptual_hash_12MP_photo", median_seconds(lambda: pictures.phash(photo), 5), "s",
                        None, "info"))
    return rows


if __name__ == "__main__":
    raise SystemExit(common.main(run, __doc__, "fewer runs per figure"))
