"""The memo as one self-contained HTML page.

The same HTML serves a browser (``vwb memo --format html``) and the PDF
renderer, so it keeps to what Qt's rich-text engine understands: tables for
layout, simple class selectors, no floats or flexbox. Every text goes through
``html.escape``; the fonts are named explicitly (bundled Noto + NanumGothic)
so Hangul and Cyrillic never depend on what the reader's machine has.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
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

#: Prefix of the anchor on each claim's heading: links from the summary, and
#: how the PDF renderer finds claim headings to keep them on one page.
CLAIM_ANCHOR = "claim-"
ACCENT = "#1d4e89"
ACCENT_LIGHT = "#e9eff7"
RULE = "#c9d1dc"
MUTED = "#5f6b7a"


def _families(families: tuple[str, ...], generic: str) -> str:
    return ", ".join(f"'{f}'" for f in families) + f", {generic}"


BODY_FONT = _families(BODY_FAMILIES, "sans-serif")
HEADING_FONT = _families(HEADING_FAMILIES, "serif")

BASE_STYLE = f"""
body {{ font-family: {BODY_FONT}; font-size: 9.5pt; color: #1f2328; }}
h1, h2, .cover-title, p.claim {{ font-family: {HEADING_FONT}; color: {ACCENT}; }}
h1 {{ font-size: 17pt; font-weight: bold; margin-top: 0px; margin-bottom: 10px; }}
p {{ margin-top: 0px; margin-bottom: 6px; }}
a {{ color: {ACCENT}; text-decoration: none; }}
table.grid {{ border-collapse: collapse; margin-top: 6px; margin-bottom: 10px; }}
table.grid th {{ font-size: 7.5pt; font-weight: bold; color: {MUTED}; text-align: left;
                background-color: {ACCENT_LIGHT}; border-bottom: 1px solid {ACCENT}; }}
table.grid th.caption {{ font-size: 9pt; color: {ACCENT}; background-color: transparent;
                        border-bottom: 0px none; padding-left: 0px; }}
table.grid td {{ font-size: 8.5pt; vertical-align: top; border-bottom: 1px solid {RULE}; }}
td.num, th.num {{ text-align: right; }}
td.muted, span.muted, p.muted {{ color: {MUTED}; }}
.small {{ font-size: 7.5pt; color: {MUTED}; }}
tr.absorbed td {{ color: {MUTED}; }}
p.cover-kicker {{ font-size: 10pt; font-weight: bold; color: {MUTED}; margin-top: 190px; }}
p.cover-title {{ font-size: 26pt; font-weight: bold; margin-bottom: 14px; }}
td.cover-edition {{ font-size: 9pt; font-weight: bold; color: #ffffff; background-color: {ACCENT}; }}
table.facts {{ border-collapse: collapse; margin-top: 28px; margin-bottom: 24px; }}
table.facts td {{ font-size: 9.5pt; vertical-align: top; border-bottom: 1px solid {RULE}; }}
td.label {{ color: {MUTED}; font-weight: bold; }}
table.claim {{ border-collapse: collapse; margin-top: 22px; margin-bottom: 4px; }}
th.claimhead {{ text-align: left; font-weight: normal; background-color: transparent;
               border-top: 2px solid {ACCENT}; }}
span.claimno {{ font-family: {HEADING_FONT}; font-size: 12pt; font-weight: bold; color: {ACCENT}; }}
p.claim {{ font-size: 12pt; font-weight: bold; margin-top: 2px; margin-bottom: 4px; }}
td.badge {{ background-color: {ACCENT_LIGHT}; color: {ACCENT}; font-weight: bold; text-align: center;
           vertical-align: middle; }}
span.word {{ font-size: 11pt; font-weight: bold; color: {ACCENT}; }}
td.judgement {{ vertical-align: middle; background-color: #f6f8fb; }}
p.figures {{ font-size: 7.5pt; color: {MUTED}; margin-top: 4px; }}
ul.caveats {{ margin-top: 0px; margin-bottom: 4px; }}
p.formula {{ font-size: 8.5pt; margin-left: 14px; }}
p.subhead {{ font-family: {HEADING_FONT}; font-size: 11.5pt; font-weight: bold; color: {ACCENT};
              margin-top: 16px; margin-bottom: 6px; }}
"""
#: Parts of the memo start on a new page when a browser prints the HTML; the
#: PDF renderer places the parts itself and uses BASE_STYLE alone.
STYLE = BASE_STYLE + "h1.part { page-break-before: always; }\n"


@dataclass(frozen=True)
class HtmlPart:
    """A piece of the memo body: where a page may begin, and what to keep together.

    ``new_page``: the part starts on a fresh page. ``keep_head``: the part
    opens with a claim heading and judgement that must not be split by a page
    break (the PDF renderer moves the part to the next page instead).
    """

    html: str
    new_page: bool = False
    keep_head: bool = False


def _e(text: object) -> str:
    return escape(str(text), quote=True)


Cell = tuple[str, str]  # (css class, already-escaped html)


def _table(headers: list[Cell], rows: list[tuple[list[Cell], str]], widths: list[int] | None = None,
           caption: str = "") -> str:
    """A ruled table. ``caption`` sits in the table head, so a page break never
    separates it from the first row and it repeats on continuation pages."""
    out = ['<table class="grid" width="100%" cellspacing="0" cellpadding="4"><thead>']
    if caption:
        out.append(f'<tr><th class="caption" colspan="{len(headers)}">{caption}</th></tr>')
    out.append("<tr>")
    for i, (cls, label) in enumerate(headers):
        width = f' width="{widths[i]}%"' if widths else ""
        out.append(f'<th class="{cls}"{width}>{label}</th>' if cls else f"<th{width}>{label}</th>")
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
    rows = "".join(f'<tr><td class="label" width="30%">{k}</td><td>{v}</td></tr>' for k, v in facts)
    return (
        # Qt drops the top margin of a document's first block: a tiny spacer comes first.
        '<p style="font-size: 1pt; margin: 0px;">&nbsp;</p>'
        '<p class="cover-kicker">VERIFICATION MEMO</p>'
        f'<p class="cover-title">{_e(page.title)}</p>'
        '<table cellspacing="0" cellpadding="5"><tr>'
        f'<td class="cover-edition">{_e(page.edition.upper())} EDITION</td></tr></table>'
        f'<table class="facts" width="100%" cellspacing="0" cellpadding="7">{rows}</table>'
        f"<p><b>{_e(page.notice)}</b></p>"
        f'<p class="muted">{TWO_JUDGEMENTS}</p>'
    )


def _summary(memo: Memo) -> str:
    rows = []
    for r in memo.summary:
        band = f'<br><span class="small">{_e(r.band)}</span>' if r.band else ""
        rows.append(([
            ("", f'<b><a href="#{CLAIM_ANCHOR}{_e(r.claim_id)}">{_e(r.number)}</a></b>'), ("", _e(r.text)),
            ("", f"{_e(r.likelihood)}{band}"), ("", _e(r.confidence)), ("num", _e(r.n_for)),
            ("num", _e(r.n_against)),
        ], ""))
    headers = [("", "#"), ("", "Claim"), ("", "Likelihood"), ("", "Confidence"), ("num", "For"),
               ("num", "Against")]
    return ('<h1 class="part">Summary of judgements</h1>'
            f'<p class="muted">{COUNTS_NOTE}</p>'
            + _table(headers, rows, [5, 51, 16, 12, 7, 9]))


def _evidence_table(claim: ClaimSection, title: str, rows: tuple[EvidenceRow, ...], with_delta: bool) -> str:
    body = []
    for r in rows:
        quote = f"“{_e(r.quote)}”" if r.quote else '<span class="muted">no quote recorded</span>'
        extra = provenance_lines(r, claim, _e)
        if extra:
            quote += '<br><span class="small">' + "<br>".join(extra) + "</span>"
        cells = [("muted", _e(r.number)), ("", _e(r.source)), ("", f"<b>{_e(r.grade)}</b>"),
                 ("", _e(r.date or "undated")), ("", quote)]
        if with_delta:
            cells.append(("num", _e(format_delta(r.delta_p) if r.role == "counted" else "0")))
        body.append((cells, "absorbed" if r.role == "absorbed" else ""))
    headers = [("", "#"), ("", "Source"), ("", "Grade"), ("", "Date"), ("", "Quote and provenance")]
    widths = [5, 21, 7, 12, 47]
    if with_delta:
        headers.append(("num", "ΔP (pts)"))
        widths.append(8)
    else:
        widths[-1] += 8
    return _table(headers, body, widths, caption=f"{_e(title)} ({len(rows)})")


def _figure(c: ClaimSection) -> str:
    """The provenance graph as a vector image with its text alternative (alt)."""
    if c.figure is None:
        return ""
    data = base64.b64encode(c.figure.svg.encode("utf-8")).decode("ascii")
    alt = _e(" ".join(c.figure.alt.splitlines()))
    return (f'<figure class="provenance"><img src="data:image/svg+xml;base64,{data}" alt="{alt}" '
            f'style="max-width: 100%; height: auto;"><figcaption class="small">{_e(c.figure.caption)}'
            "</figcaption></figure>")


def _claim(c: ClaimSection, figures: bool = False) -> str:
    band = f'<br><span class="small">{_e(c.band)}</span>' if c.band else ""
    out = [
        '<table class="claim" width="100%" cellspacing="0" cellpadding="7"><thead><tr>',
        f'<th class="claimhead" colspan="2"><span class="claimno"><a name="{CLAIM_ANCHOR}{_e(c.claim_id)}">'
        f'{_e(c.number)}</a></span>'
        f'<p class="claim">{_e(c.text)}</p>'
        f'<p class="small">Appears in: {_where(c.location)}</p></th></tr></thead>',
        f'<tbody><tr><td class="badge" width="18%"><span class="word">{_e(c.likelihood)}</span>{band}<br>'
        f'<span class="small">{_e(c.confidence)} confidence</span></td>',
        f'<td class="judgement"><p>{_e(c.likelihood_sentence)}</p>'
        f'<p style="margin-bottom: 0px;">{_e(c.confidence_sentence)}</p></td></tr></tbody></table>',
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
    if figures:
        out.append(_figure(c))
    if not (c.evidence_for or c.evidence_against or c.context):
        out.append(f'<p class="muted">{NO_EVIDENCE}</p>')
    if c.history:
        notes = any(h.note for h in c.history)  # the external edition has none: no empty column
        history = [([("", _e(h.when) + (f'<br><span class="small">{_e(h.who)}</span>' if h.who else "")),
                     ("", _e(h.likelihood)), ("num", _e(format_probability(h.probability))),
                     ("", _e(h.confidence))] + ([("", _e(h.note))] if notes else []), "") for h in c.history]
        headers = [("", "When"), ("", "Likelihood"), ("num", "Probability"), ("", "Confidence")]
        widths = [17, 20, 12, 13] + ([38] if notes else [])
        out.append(_table(headers + ([("", "Note")] if notes else []), history, widths,
                          caption="History of this judgement"))
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
                      ("", f"<b>{_e(s.reliability)}</b> {_e(s.reliability_words)}"),
                      ("num", _e(s.items)), ("num", _e(s.claims))], ""))
    headers = [("", "#"), ("", "Source"), ("", "Kind"), ("", "Reliability"), ("num", "Items"),
               ("num", "Claims")]
    return ('<h1 class="part">Sources</h1>'
            f'<p class="muted">{RELIABILITY_NOTE}</p>'
            + _table(headers, rows, [5, 45, 13, 23, 7, 7]))


def _method_table(t: Table) -> str:
    rows = [([("", _e(cell)) for cell in row], "") for row in t.rows]
    out = _table([("", _e(h)) for h in t.headers], rows, [24, 58, 18], caption=_e(t.caption))
    if t.note:
        out += f'<p class="small">{_e(t.note)}</p>'
    return out


def _method(memo: Memo) -> str:
    m = memo.method
    out = ['<h1 class="part">Method</h1>']
    out.extend(f"<p>{_e(p)}</p>" for p in m.paragraphs)
    out.append('<p class="subhead">Formulas</p>')
    out.extend(f'<p class="formula">{_e(f)}</p>' for f in m.formulas)
    out.append('<p class="subhead">Analytic confidence</p>')
    out.extend(f"<p>{_e(r)}</p>" for r in m.rules)
    out.append('<p class="subhead">Scoring tables used</p>')
    if m.changed:
        out.append('<p class="small">Values marked * were set for this project: '
                   + _e("; ".join(m.changed)) + ". All other values are the defaults.</p>")
    else:
        out.append(f'<p class="small">{DEFAULT_TABLES}</p>')
    out.extend(_method_table(t) for t in m.tables)
    return "".join(out)


def memo_html_parts(memo: Memo, figures: bool = False) -> list[HtmlPart]:
    """The memo body as parts, in reading order (see :class:`HtmlPart`).
    ``figures`` includes the claims' provenance graphs (HTML only for now)."""
    parts = [HtmlPart(_cover(memo), new_page=True), HtmlPart(_summary(memo), new_page=True),
             HtmlPart('<h1 class="part">Claims</h1>', new_page=True)]
    parts.extend(HtmlPart(_claim(c, figures), keep_head=True) for c in memo.claims)
    parts.append(HtmlPart(_sources(memo), new_page=True))
    parts.append(HtmlPart(_method(memo), new_page=True))
    return parts


def memo_to_html(memo: Memo) -> str:
    """The whole memo as a UTF-8 HTML document (a string)."""
    head = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{_e(memo.title_page.title)} — verification memo</title>"
        f'<meta name="generator" content="Verification Workbench"><style>{STYLE}</style></head><body>'
    )
    return head + "".join(part.html for part in memo_html_parts(memo, figures=True)) + "</body></html>\n"
