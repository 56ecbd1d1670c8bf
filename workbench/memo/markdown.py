"""The memo as Markdown (GitHub-flavoured tables), for wikis, tickets and diffs.

It renders the same :class:`~workbench.memo.model.Memo` as the HTML and PDF, in
the same order and with the same words, so the formats can be compared
fact for fact. Text is escaped so that a quote containing ``|`` or ``*``
cannot break a table or turn into formatting.
"""

from __future__ import annotations

import re

from workbench.memo.method import Table
from workbench.memo.model import (
    ClaimSection,
    EvidenceRow,
    Location,
    Memo,
    evidence_tables,
    figures_line,
    format_delta,
    format_long_date,
    format_probability,
    provenance_lines,
    safe_url,
)
from workbench.memo.words import COUNTS_NOTE, DEFAULT_TABLES, NO_EVIDENCE, RELIABILITY_NOTE, TWO_JUDGEMENTS

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(text: object) -> str:
    """Escape Markdown syntax and keep the text on one line (table-safe)."""
    flat = " ".join(str(text).split())
    return _SPECIAL.sub(r"\\\1", flat)


def _table(headers: list[str], rows: list[list[str]], right: set[int] | None = None) -> str:
    right = right or set()
    lines = ["| " + " | ".join(headers) + " |",
             "|" + "|".join("---:" if i in right else "---" for i in range(len(headers))) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines) + "\n"


def _where(location: Location | None) -> str:
    if location is None:
        return "typed in; not anchored to a document"
    plain = location.document_title or "untitled document"
    title = f"[{md(plain)}](<{safe_url(location.url)}>)" if safe_url(location.url) else md(plain)
    rest = location.describe()[len(plain):]
    # md() trims, so the space before "(published …)" is put back here.
    return title + (" " if rest[:1].isspace() else "") + md(rest)


def _cover(memo: Memo) -> str:
    page = memo.title_page
    facts = [
        ("Prepared by", md(page.analyst or "—")),
        ("Generated", md(format_long_date(page.generated))),
        ("Evidence weighed as of", md(format_long_date(page.as_of))),
        ("Claims assessed", str(len(memo.claims))),
        ("Sources", str(len(memo.sources))),
        ("Project file SHA-256", f"`{page.file_sha256}`" if page.file_sha256 else "not recorded"),
    ]
    lines = "".join(f"- **{k}:** {v}\n" for k, v in facts)
    return (f"# {md(page.title)}\n\n**Verification memo — {md(page.edition.upper())} EDITION**\n\n"
            + lines + f"\n**{md(page.notice)}**\n\n{TWO_JUDGEMENTS}\n")


def _summary(memo: Memo) -> str:
    rows = [[f"**{r.number}**", md(r.text), md(f"{r.likelihood} ({r.band})" if r.band else r.likelihood),
             md(r.confidence), str(r.n_for), str(r.n_against)] for r in memo.summary]
    return (f"\n## Summary of judgements\n\n{COUNTS_NOTE}\n\n"
            + _table(["#", "Claim", "Likelihood", "Confidence", "For", "Against"], rows, {4, 5}))


def _evidence(claim: ClaimSection, title: str, rows: tuple[EvidenceRow, ...], with_delta: bool) -> str:
    body = []
    for r in rows:
        quote = f"“{md(r.quote)}”" if r.quote else "*no quote recorded*"
        row = [r.number, md(r.source), f"**{md(r.grade)}**", md(r.date or "undated"), quote,
               "; ".join(provenance_lines(r, claim, md))]
        if with_delta:
            row.append(format_delta(r.delta_p) if r.role == "counted" else "0")
        body.append(row)
    headers = ["#", "Source", "Grade", "Date", "Quote", "Provenance"] + (["ΔP (pts)"] if with_delta else [])
    return f"\n**{md(title)} ({len(rows)})**\n\n" + _table(headers, body, {6} if with_delta else set())


def _claim(c: ClaimSection) -> str:
    out = [f"\n### {c.number}. {md(c.text)}\n", f"Appears in: {_where(c.location)}\n",
           f"> **{md(c.likelihood)}**" + (f" ({md(c.band)})" if c.band else "")
           + f" · **{md(c.confidence)} confidence**\n>",
           f"> {md(c.likelihood_sentence)}\n>", f"> {md(c.confidence_sentence)}\n",
           f"{md(figures_line(c))}\n"]
    out.extend(f"- {md(t)}" for t in c.caveats)
    if c.caveats:
        out.append("")
    if c.note:
        out.append(f"Analyst’s note: {md(c.note)}\n")
    for title, rows, delta in evidence_tables(c):
        if rows:
            out.append(_evidence(c, title, rows, delta))
    if not (c.evidence_for or c.evidence_against or c.context):
        out.append(f"{NO_EVIDENCE}\n")
    if c.history:
        notes = any(h.note for h in c.history)
        history = [[md(f"{h.when} ({h.who})" if h.who else h.when), md(h.likelihood),
                    format_probability(h.probability), md(h.confidence)] + ([md(h.note)] if notes else [])
                   for h in c.history]
        headers = ["When", "Likelihood", "Probability", "Confidence"] + (["Note"] if notes else [])
        out.append("\n**History of this judgement**\n\n" + _table(headers, history, {2}))
    return "\n".join(out)


def _sources(memo: Memo) -> str:
    rows = []
    for s in memo.sources:
        name = md(s.name)
        if s.notes:
            name += f" — {md(s.notes)}"
        if s.confidential and not memo.external:
            name += " (confidential: withheld in the external edition)"
        rows.append([str(s.number), name, md(s.kind), f"**{md(s.reliability)}** {md(s.reliability_words)}",
                     str(s.items), str(s.claims)])
    return (f"\n## Sources\n\n{RELIABILITY_NOTE}\n\n"
            + _table(["#", "Source", "Kind", "Reliability", "Items", "Claims"], rows, {4, 5}))


def _method_table(t: Table) -> str:
    out = f"\n**{md(t.caption)}**\n\n" + _table([md(h) for h in t.headers],
                                                [[md(c) for c in row] for row in t.rows])
    return out + (f"\n{md(t.note)}\n" if t.note else "")


def _method(memo: Memo) -> str:
    m = memo.method
    out = ["\n## Method\n"]
    out.extend(f"{md(p)}\n" for p in m.paragraphs)
    out.append("\n### Formulas\n")
    out.extend(f"- `{f}`" for f in m.formulas)
    out.append("\n### Analytic confidence\n")
    out.extend(f"{md(r)}\n" for r in m.rules)
    out.append("\n### Scoring tables used\n")
    if m.changed:
        out.append(f"Values marked \\* were set for this project: {md('; '.join(m.changed))}. "
                   "All other values are the defaults.\n")
    else:
        out.append(f"{DEFAULT_TABLES}\n")
    out.extend(_method_table(t) for t in m.tables)
    return "\n".join(out)


def memo_to_markdown(memo: Memo) -> str:
    """The whole memo as one Markdown document."""
    parts = [_cover(memo), _summary(memo), "\n## Claims\n"]
    parts.extend(_claim(c) for c in memo.claims)
    parts.append(_sources(memo))
    parts.append(_method(memo))
    return "\n".join(parts).rstrip() + "\n"
