"""The memo as one self-contained HTML page.

The same HTML5 serves a browser (``vwb memo --format html``) and the PDF
renderer (WeasyPrint, which adds the page furniture and the bundled fonts
in its own print stylesheet). It is semantic so that it is accessible and
the PDF can be tagged: a heading per part and per claim (the PDF's
bookmarks), tables with captions and column headers, figures with text
alternatives; presentation is CSS only (no obsolete attributes: the Nu
checker reports no error). Every text goes through ``html.escape``; the
fonts are named explicitly (bundled Noto + NanumGothic) so Hangul and
Cyrillic never depend on what the reader's machine has.
"""

from __future__ import annotations

import base64
import re
from html import escape

from workbench.memo.fonts import BODY_FAMILIES, HEADING_FAMILIES
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

#: Prefix of the id on each claim's section: links from the summary and the PDF's bookmarks.
CLAIM_ANCHOR = "claim-"
ACCENT = "#1d4e89"
ACCENT_LIGHT = "#e9eff7"
RULE = "#c9d1dc"
MUTED = "#5f6b7a"


def _families(families: tuple[str, ...], generic: str) -> str:
    return ", ".join(f"'{f}'" for f in families) + f", {generic}"


BODY_FONT = _families(BODY_FAMILIES, "sans-serif")
HEADING_FONT = _families(HEADING_FAMILIES, "serif")

#: Screen and print. Ligatures are off so that every word of a PDF searches
#: and copies as its letters ("confidential", never "conﬁdential").
STYLE = f"""
html {{ font-family: {BODY_FONT}; font-size: 9.5pt; color: #1f2328; line-height: 1.35;
        font-variant-ligatures: none; font-kerning: normal; }}
body {{ max-width: 60em; margin: 0 auto; padding: 1em; }}
h1, h2, h3, h4 {{ font-family: {HEADING_FONT}; color: {ACCENT}; line-height: 1.2; }}
h1 {{ font-size: 26pt; margin: 0 0 14px; }}
h2 {{ font-size: 17pt; margin: 0 0 10px; }}
h3.claim {{ font-size: 12pt; margin: 0; padding-top: 7px; border-top: 2px solid {ACCENT}; }}
h3.claim .claimno {{ display: block; font-size: 12pt; }}
h4 {{ font-size: 11.5pt; margin: 16px 0 6px; }}
p {{ margin: 0 0 6px; }}
a {{ color: {ACCENT}; text-decoration: none; }}
table {{ border-collapse: collapse; width: 100%; margin: 6px 0 10px; }}
caption {{ caption-side: top; text-align: left; font-family: {HEADING_FONT}; font-weight: bold;
           font-size: 9pt; color: {ACCENT}; padding: 4px 0; }}
th {{ font-size: 7.5pt; font-weight: bold; color: {MUTED}; text-align: left; vertical-align: bottom;
      background-color: {ACCENT_LIGHT}; border-bottom: 1px solid {ACCENT}; padding: 4px; }}
td {{ font-size: 8.5pt; vertical-align: top; border-bottom: 1px solid {RULE}; padding: 4px; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
.num {{ text-align: right; }}
.muted {{ color: {MUTED}; }}
.small {{ font-size: 7.5pt; color: {MUTED}; }}
tr.absorbed td {{ color: {MUTED}; }}
.cover-kicker {{ font-size: 10pt; font-weight: bold; color: {MUTED}; margin-top: 150px; }}
.edition {{ display: inline-block; font-size: 9pt; font-weight: bold; color: #ffffff;
            background-color: {ACCENT}; padding: 5px 8px; }}
table.facts {{ margin: 28px 0 24px; }}
table.facts th {{ font-size: 9.5pt; background: none; border-bottom: 1px solid {RULE}; width: 30%;
                  vertical-align: top; padding: 7px; }}
table.facts td {{ font-size: 9.5pt; padding: 7px; }}
.claim-head {{ margin-top: 22px; break-inside: avoid; }}
.judgement {{ display: table; width: 100%; margin: 6px 0 4px; break-inside: avoid; }}
.badge, .judged {{ display: table-cell; padding: 7px; vertical-align: middle; }}
.badge {{ width: 18%; background-color: {ACCENT_LIGHT}; color: {ACCENT}; font-weight: bold; text-align: center; }}
.judged {{ background-color: #f6f8fb; }}
.word {{ font-size: 11pt; font-weight: bold; color: {ACCENT}; display: block; }}
.figures {{ font-size: 7.5pt; color: {MUTED}; margin-top: 4px; }}
ul.caveats {{ margin: 0 0 4px; }}
.formula {{ font-size: 8.5pt; margin-left: 14px; }}
figure.provenance {{ margin: 8px 0 12px; break-inside: avoid; }}
figure.provenance img {{ max-width: 100%; height: auto; }}
@media print {{
  body {{ max-width: none; margin: 0; padding: 0; }}
  section.part {{ break-before: page; }}
  h2, h3, h4, caption {{ break-after: avoid; }}
}}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _id(text: object) -> str:
    """An HTML id (no spaces) for a claim id."""
    return _e("-".join(str(text).split()) or "_")


Cell = tuple[str, str]  # (css class, already-escaped html)
_SVG_FONT = re.compile(r'font-family="[^"]*"')


def _table(headers: list[Cell], rows: list[tuple[list[Cell], str]], caption: str = "") -> str:
    """A ruled table; its caption and head repeat on each page it spans when printed."""
    out = ["<table>"]
    if caption:
        out.append(f"<caption>{caption}</caption>")
    out.append("<thead><tr>")
    for cls, label in headers:
        out.append(f'<th scope="col" class="{cls}">{label}</th>' if cls else f'<th scope="col">{label}</th>')
    out.append("</tr></thead><tbody>")
    for cells, row_class in rows:
        out.append(f'<tr class="{row_class}">' if row_class else "<tr>")
        out.extend(f'<td class="{cls}">{body}</td>' if cls else f"<td>{body}</td>" for cls, body in cells)
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _where(location: Location | None) -> str:
    if location is None:
        return "typed in; not anchored to a document"
    plain = location.document_title or "untitled document"
    title = _e(plain)
    if safe_url(location.url):
        title = f'<a href="{_e(safe_url(location.url))}">{title}</a>'
    return title + _e(location.describe()[len(plain):])


def _cover(memo: Memo) -> str:
    page = memo.title_page
    facts = [
        ("Prepared by", _e(page.analyst or "—")),
        ("Generated", _e(format_long_date(page.generated))),
        ("Evidence weighed as of", _e(format_long_date(page.as_of))),
        ("Claims assessed", _e(len(memo.claims))),
        ("Sources", _e(len(memo.sources))),
        ("Project file SHA-256", _e(page.file_sha256 or "not recorded")),
    ]
    rows = "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in facts)
    return (
        '<header class="cover">'
        '<p class="cover-kicker">VERIFICATION MEMO</p>'
        f"<h1>{_e(page.title)}</h1>"
        f'<p><span class="edition">{_e(page.edition.upper())} EDITION</span></p>'
        f'<table class="facts">{rows}</table>'
        f"<p><strong>{_e(page.notice)}</strong></p>"
        f'<p class="muted">{TWO_JUDGEMENTS}</p></header>'
    )


def _summary(memo: Memo) -> str:
    rows = []
    for r in memo.summary:
        band = f'<br><span class="small">{_e(r.band)}</span>' if r.band else ""
        rows.append(([
            ("", f'<strong><a href="#{CLAIM_ANCHOR}{_id(r.claim_id)}">{_e(r.number)}</a></strong>'),
            ("", _e(r.text)), ("", f"{_e(r.likelihood)}{band}"), ("", _e(r.confidence)),
            ("num", _e(r.n_for)), ("num", _e(r.n_against)),
        ], ""))
    headers = [("", "#"), ("", "Claim"), ("", "Likelihood"), ("", "Confidence"), ("num", "For"),
               ("num", "Against")]
    return ('<section class="part" id="summary"><h2>Summary of judgements</h2>'
            f'<p class="muted">{COUNTS_NOTE}</p>' + _table(headers, rows) + "</section>")


def _evidence_table(claim: ClaimSection, title: str, rows: tuple[EvidenceRow, ...], with_delta: bool) -> str:
    body = []
    for r in rows:
        quote = f"“{_e(r.quote)}”" if r.quote else '<span class="muted">no quote recorded</span>'
        extra = provenance_lines(r, claim, _e)
        if extra:
            quote += '<br><span class="small">' + "<br>".join(extra) + "</span>"
        cells = [("muted", _e(r.number)), ("", _e(r.source)), ("", f"<strong>{_e(r.grade)}</strong>"),
                 ("", _e(r.date or "undated")), ("", quote)]
        if with_delta:
            cells.append(("num", _e(format_delta(r.delta_p) if r.role == "counted" else "0")))
        body.append((cells, "absorbed" if r.role == "absorbed" else ""))
    headers = [("", "#"), ("", "Source"), ("", "Grade"), ("", "Date"), ("", "Quote and provenance")]
    if with_delta:
        headers.append(("num", "ΔP (pts)"))
    return _table(headers, body, caption=f"{_e(title)} ({len(rows)})")


def _figure(c: ClaimSection) -> str:
    """The provenance graph as a vector image with its text alternative (alt)."""
    if c.figure is None:
        return ""
    # The memo's own fonts, so the PDF embeds only the bundled ones (the graph
    # was laid out with DejaVu Sans, whose widths Noto Sans nearly matches).
    svg = _SVG_FONT.sub(f'font-family="{", ".join(BODY_FAMILIES)}"', c.figure.svg)
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    alt = _e(" ".join(c.figure.alt.splitlines()))
    return (f'<figure class="provenance"><img src="data:image/svg+xml;base64,{data}" alt="{alt}">'
            f'<figcaption class="small">{_e(c.figure.caption)}</figcaption></figure>')


def _claim(c: ClaimSection) -> str:
    band = f'<span class="small">{_e(c.band)}</span><br>' if c.band else ""
    out = [
        f'<section class="claim" id="{CLAIM_ANCHOR}{_id(c.claim_id)}"><div class="claim-head">',
        f'<h3 class="claim"><span class="claimno">{_e(c.number)}.</span> {_e(c.text)}</h3>',
        f'<p class="small">Appears in: {_where(c.location)}</p>',
        f'<div class="judgement"><div class="badge"><span class="word">{_e(c.likelihood)}</span>{band}'
        f'<span class="small">{_e(c.confidence)} confidence</span></div>',
        f'<div class="judged"><p>{_e(c.likelihood_sentence)}</p>'
        f'<p>{_e(c.confidence_sentence)}</p></div></div></div>',
        f'<p class="figures">{_e(figures_line(c))}</p>',
    ]
    if c.caveats:
        out.append('<ul class="caveats">' + "".join(f'<li class="small">{_e(t)}</li>' for t in c.caveats)
                   + "</ul>")
    if c.note:
        out.append(f'<p class="small">Analyst’s note: {_e(c.note)}</p>')
    for title, rows, delta in evidence_tables(c):
        if rows:
            out.append(_evidence_table(c, title, rows, delta))
    out.append(_figure(c))
    if not (c.evidence_for or c.evidence_against or c.context):
        out.append(f'<p class="muted">{NO_EVIDENCE}</p>')
    if c.history:
        notes = any(h.note for h in c.history)  # the external edition has none: no empty column
        history = [([("", _e(h.when) + (f'<br><span class="small">{_e(h.who)}</span>' if h.who else "")),
                  ("", _e(h.likelihood)), ("num", _e(format_probability(h.probability))),
                  ("", _e(h.confidence))] + ([("", _e(h.note))] if notes else []), "") for h in c.history]
        headers = [("", "When"), ("", "Likelihood"), ("num", "Probability"), ("", "Confidence")]
        out.append(_table(headers + ([("", "Note")] if notes else []), history,
                          caption="History of this judgement"))
    out.append("</section>")
    return "".join(out)


def _sources(memo: Memo) -> str:
    rows = []
    for s in memo.sources:
        name = _e(s.name)
        if s.notes:
            name += f'<br><span class="small">{_e(s.notes)}</span>'
        if s.confidential and not memo.external:
            name += '<br><span class="small">Confidential: withheld in the external edition.</span>'
        rows.append(([("muted", _e(s.number)), ("", name), ("", _e(s.kind)),
                      ("", f"<strong>{_e(s.reliability)}</strong> {_e(s.reliability_words)}"),
                      ("num", _e(s.items)), ("num", _e(s.claims))], ""))
    headers = [("", "#"), ("", "Source"), ("", "Kind"), ("", "Reliability"), ("num", "Items"),
               ("num", "Claims")]
    return ('<section class="part" id="sources"><h2>Sources</h2>'
            f'<p class="muted">{RELIABILITY_NOTE}</p>' + _table(headers, rows) + "</section>")


def _method_table(t: Table) -> str:
    rows = [([("", _e(cell)) for cell in row], "") for row in t.rows]
    out = _table([("", _e(h)) for h in t.headers], rows, caption=_e(t.caption))
    if t.note:
        out += f'<p class="small">{_e(t.note)}</p>'
    return out


def _method(memo: Memo) -> str:
    m = memo.method
    out = ['<section class="part" id="method"><h2>Method</h2>']
    out.extend(f"<p>{_e(p)}</p>" for p in m.paragraphs)
    out.append("<h3>Formulas</h3>")
    out.extend(f'<p class="formula">{_e(f)}</p>' for f in m.formulas)
    out.append("<h3>Analytic confidence</h3>")
    out.extend(f"<p>{_e(r)}</p>" for r in m.rules)
    out.append("<h3>Scoring tables used</h3>")
    if m.changed:
        out.append('<p class="small">Values marked * were set for this project: '
                   + _e("; ".join(m.changed)) + ". All other values are the defaults.</p>")
    else:
        out.append(f'<p class="small">{DEFAULT_TABLES}</p>')
    out.extend(_method_table(t) for t in m.tables)
    out.append("</section>")
    return "".join(out)


def memo_body(memo: Memo) -> str:
    """The memo's body: cover, summary, a section (and heading) per claim, sources, method."""
    claims = "".join(_claim(c) for c in memo.claims)
    return (_cover(memo) + "<main>" + _summary(memo)
            + f'<section class="part" id="claims"><h2>Claims</h2>{claims}</section>'
            + _sources(memo) + _method(memo) + "</main>")


def memo_to_html(memo: Memo, extra_style: str = "") -> str:
    """The whole memo as a UTF-8 HTML5 document (a string); ``extra_style`` is added for print."""
    page = memo.title_page
    head = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{_e(page.title)} — verification memo</title>"
        f'<meta name="author" content="{_e(page.analyst)}">'
        f'<meta name="description" content="Verification memo, {_e(page.edition.lower())} edition">'
        '<meta name="generator" content="Verification Workbench">'
        f"<style>{STYLE}{extra_style}</style></head><body>"
    )
    return head + memo_body(memo) + "</body></html>\n"
