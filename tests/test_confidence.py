"""The confidence model against the test vectors and rules of design/confidence.md."""

from __future__ import annotations

import json
import pickle
from dataclasses import replace
from datetime import date

import pytest

from workbench.analysis.confidence import (
    DEFAULT_SETTINGS,
    FLAG_TEXT,
    FLAGS,
    LIKELIHOOD_BANDS,
    ConfidenceInputError,
    EvidenceInfo,
    Settings,
    SourceInfo,
    assess,
    explain_lines,
    format_assessment_text,
    judgement_sentences,
    likelihood_word,
)

TOL = 1e-6


def sources(**grades: str) -> dict[str, SourceInfo]:
    return {sid: SourceInfo(sid, grade, sid.upper()) for sid, grade in grades.items()}


def ev(id: str, source: str, stance: str, credibility: int, **kw) -> EvidenceInfo:
    return EvidenceInfo(id, source, stance, credibility, **kw)


def check(a, R, S, P, u, word, confidence, flags):
    assert a.corroborating_weight == pytest.approx(R, abs=TOL)
    assert a.contradicting_weight == pytest.approx(S, abs=TOL)
    assert a.probability == pytest.approx(P, abs=TOL)
    assert a.uncertainty == pytest.approx(u, abs=TOL)
    assert a.likelihood == word
    assert a.confidence == confidence
    assert set(a.flags) == set(flags)


def by_id(a):
    return {b.id: b for b in a.evidence}


# --------------------------------------------------------------------------- vectors

def test_v1_context_only_is_no_assessment():
    a = assess([ev("e1", "s", "context", 2)], sources(s="B"))
    check(a, 0, 0, 0.5, 1, "no assessment", "low", {"no_evidence"})
    assert by_id(a)["e1"].role == "context" and by_id(a)["e1"].origin is None


V2_SOURCES = sources(b="B")
V2_ITEM = ev("e1", "b", "corroborates", 2)


def test_v2_single_b2():
    a = assess([V2_ITEM], V2_SOURCES)
    check(a, 2.545455, 0, 0.78, 0.44, "likely", "moderate", {"single_origin"})
    b = by_id(a)["e1"]
    assert (b.role, b.origin, b.share) == ("counted", "b", 1.0)
    assert b.trust == pytest.approx(0.56)
    assert b.delta_p == pytest.approx(0.28)


def test_v3_independent_b2_c2_contradict():
    a = assess([ev("e1", "b", "contradicts", 2), ev("e2", "c", "contradicts", 2)], sources(b="B", c="C"))
    check(a, 0, 3.993730, 0.166841, 0.333682, "very unlikely", "moderate", set())


def test_v4_relays_of_the_b2_item_are_absorbed():
    srcs = {**V2_SOURCES, **sources(a1="A", a2="A", a3="A")}
    items = [V2_ITEM] + [ev(f"r{i}", f"a{i}", "corroborates", 2, derives_from_evidence="e1")
                         for i in (1, 2, 3)]
    a = assess(items, srcs)
    check(a, 2.545455, 0, 0.78, 0.44, "likely", "moderate", {"single_origin"})
    rows = by_id(a)
    for i in (1, 2, 3):
        r = rows[f"r{i}"]
        assert (r.role, r.origin, r.same_origin_as, r.relays) == ("absorbed", "b", "e1", "e1")
        assert r.reliability_path == pytest.approx(0.95 * 0.8)
        assert r.share == 0.0 and r.delta_p == 0.0


def test_v5_items_deriving_from_an_unrecorded_source():
    srcs = sources(a="A", b="B", c="C", u="C")
    items = [ev(f"e{g}", g, "corroborates", 2, derives_from_source="u") for g in "abc"]
    a = assess(items, srcs)
    check(a, 1.327787, 0, 0.699500, 0.601000, "likely", "low", {"single_origin"})
    rows = by_id(a)
    assert rows["ea"].role == "counted" and rows["ea"].origin == "u"
    assert rows["ea"].reliability_path == pytest.approx(0.95 * 0.6)
    assert rows["ec"].reliability_path == pytest.approx(0.6 * 0.6)  # two distinct C sources
    assert rows["eb"].same_origin_as == rows["ec"].same_origin_as == "ea"
    assert rows["ea"].origin_grade == "C"


def test_v6_circular_reporting():
    items = [ev("ex", "x", "corroborates", 2, derives_from_evidence="ey"),
             ev("ey", "y", "corroborates", 2, derives_from_evidence="ex")]
    a = assess(items, sources(x="B", y="C"))
    check(a, 1.448276, 0, 0.71, 0.58, "likely", "low", {"circular_reporting", "single_origin"})
    rows = by_id(a)
    assert rows["ex"].origin == rows["ey"].origin == "cycle:x"
    assert rows["ex"].reliability_path == rows["ey"].reliability_path == pytest.approx(0.6)
    assert rows["ex"].role == "counted" and rows["ey"].same_origin_as == "ex"   # tie: by id
    assert rows["ex"].origin_grade == "C"


V7_SOURCES = sources(b1="B", b2="B", d="D")


def v7_items(interested: bool = True):
    return [ev("e1", "b1", "corroborates", 2), ev("e2", "b2", "corroborates", 2),
            ev("e3", "d", "contradicts", 2, interested=interested)]


def test_v7_interested_contradiction():
    a = assess(v7_items(), V7_SOURCES)
    check(a, 5.090909, 0.158662, 0.840175, 0.275878, "very likely", "moderate", set())
    assert by_id(a)["e3"].interested_factor == 0.3


def test_v7_without_interested():
    a = assess(v7_items(interested=False), V7_SOURCES)
    assert a.probability == pytest.approx(0.786948, abs=TOL)
    assert a.likelihood == "likely"


V8_SOURCES = sources(b="B", c="C")
V8_ITEMS = [ev("e1", "b", "corroborates", 2, date=date(2024, 10, 31)),
            ev("e2", "c", "contradicts", 2, date=date(2024, 11, 30))]
V8_SETTINGS = Settings(half_life_days=30, as_of=date(2024, 11, 30))


def test_v8_ageing():
    a = assess(V8_ITEMS, V8_SOURCES, settings=V8_SETTINGS)
    check(a, 1.272727, 1.448276, 0.481408, 0.423639, "roughly even chance", "low", set())
    assert by_id(a)["e1"].age_factor == pytest.approx(0.5)
    assert by_id(a)["e2"].age_factor == 1.0


def test_v8_without_ageing():
    a = assess(V8_ITEMS, V8_SOURCES)
    assert a.probability == pytest.approx(0.591527, abs=TOL)
    assert all(b.age_factor == 1.0 for b in a.evidence)


def test_v8_today_is_the_fallback_and_as_of_wins():
    no_as_of = Settings(half_life_days=30)
    a = assess(V8_ITEMS, V8_SOURCES, settings=no_as_of, today=date(2024, 11, 30))
    assert a.probability == pytest.approx(0.481408, abs=TOL)
    b = assess(V8_ITEMS, V8_SOURCES, settings=V8_SETTINGS, today=date(2030, 1, 1))
    assert b.probability == pytest.approx(0.481408, abs=TOL)


V9_SOURCES = {s.id: s for s in [
    SourceInfo("bbc", "B", "BBC"), SourceInfo("ukr_intel", "C", "Ukrainian military intelligence"),
    SourceInfo("kremlin", "D", "Kremlin spokesman"),
    SourceInfo("sk_minister", "B", "South Korean defence minister"),
    SourceInfo("fareast", "F", "Military sources in Russia's Far East"),
    SourceInfo("state_dept", "B", "US State Department"), SourceInfo("outlet_c", "C", "C outlet"),
]}
V9_ITEMS = [
    ev("L1", "bbc", "corroborates", 3, interested=True, derives_from_source="ukr_intel"),
    ev("L2", "bbc", "contradicts", 2, diagnosticity="low"),
    ev("L3", "kremlin", "contradicts", 4, interested=True),
    ev("L4", "sk_minister", "corroborates", 3, diagnosticity="medium"),
    ev("L5", "fareast", "contradicts", 3, diagnosticity="medium"),
    ev("L6", "state_dept", "context", 6),
]
V9_CLAIM = "Russia is forming a unit of about 3,000 North Korean soldiers"


def test_v9_demo_claim():
    a = assess(V9_ITEMS, V9_SOURCES)
    check(a, 0.786751, 0.810703, 0.496671, 0.555949, "roughly even chance", "low", set())
    rows = by_id(a)
    for item, t in {"L1": 0.072, "L2": 0.168, "L3": 0.02625, "L4": 0.24, "L5": 0.15}.items():
        assert rows[item].trust == pytest.approx(t, abs=TOL), item
        assert rows[item].role == "counted"
    assert rows["L1"].origin == "ukr_intel" and rows["L1"].relays == "ukr_intel"
    assert rows["L2"].origin == "bbc"
    assert rows["L6"].role == "context" and rows["L6"].weight == 0.0
    assert sum(b.share for b in a.evidence) == pytest.approx(1.0)


def test_v9_c_outlet_relaying_l1_changes_nothing():
    base = assess(V9_ITEMS, V9_SOURCES)
    relay = ev("L7", "outlet_c", "corroborates", 2, derives_from_evidence="L1")
    a = assess(V9_ITEMS + [relay], V9_SOURCES)
    for name in ("probability", "uncertainty", "corroborating_weight", "contradicting_weight",
                 "likelihood", "confidence", "flags"):
        assert getattr(a, name) == getattr(base, name), name
    r = by_id(a)["L7"]
    assert (r.role, r.origin, r.same_origin_as) == ("absorbed", "ukr_intel", "L1")
    assert r.trust == pytest.approx(0.7 * 0.6 * 0.8 * 0.6 * 0.3)   # κ2 · C · B · C · interested*


def test_v10_high_confidence_and_credibility_1():
    a = assess([ev("e1", "a", "corroborates", 1), ev("e2", "b", "corroborates", 2)], sources(a="A", b="B"))
    check(a, 6.515604, 0, 0.882569, 0.234863, "very likely", "high", {"credibility_1_scored_as_2"})
    assert by_id(a)["e1"].credibility_factor == DEFAULT_SETTINGS.credibility[2]


# --------------------------------------------------------------------------- rules

def test_cycle_with_a_tail_multiplies_the_tail_by_the_weakest_loop_member():
    items = [ev("ex", "x", "contradicts", 2, derives_from_evidence="ey"),
             ev("ey", "y", "contradicts", 2, derives_from_evidence="ex"),
             ev("ez", "z", "contradicts", 2, derives_from_evidence="ex")]
    a = assess(items, sources(x="B", y="C", z="A"))
    z = by_id(a)["ez"]
    assert z.origin == "cycle:x" and z.role == "absorbed"
    assert z.reliability_path == pytest.approx(0.95 * 0.6)
    assert "circular_reporting" in a.flags


def test_one_origin_on_both_sides_is_flagged():
    a = assess([ev("e1", "b", "corroborates", 2), ev("e2", "b", "contradicts", 3)], sources(b="B"))
    assert set(a.flags) == {"origin_conflict", "single_origin"}
    assert a.dominant == "corroborates"


def test_undated_flag_only_when_ageing_is_on():
    items = [ev("e1", "b", "corroborates", 2), ev("e2", "c", "corroborates", 2, date=date(2024, 1, 1))]
    aged = assess(items, sources(b="B", c="C"), settings=Settings(half_life_days=10),
                  today=date(2024, 1, 11))
    assert "undated" in aged.flags
    assert by_id(aged)["e1"].age_factor == 1.0 and by_id(aged)["e2"].age_factor == pytest.approx(0.5)
    assert "undated" not in assess(items, sources(b="B", c="C")).flags


def test_relay_takes_the_earliest_date_on_its_chain():
    items = [ev("e1", "b", "corroborates", 2, date=date(2024, 1, 1)),
             ev("e2", "c", "corroborates", 2, date=date(2024, 1, 21), derives_from_evidence="e1")]
    a = assess(items, sources(b="B", c="C"), settings=Settings(half_life_days=10, as_of=date(2024, 1, 21)))
    assert by_id(a)["e2"].age_factor == pytest.approx(0.25)


def test_future_dates_are_not_aged_up():
    a = assess([ev("e1", "b", "corroborates", 2, date=date(2025, 1, 1))], sources(b="B"),
               settings=Settings(half_life_days=10, as_of=date(2024, 1, 1)))
    assert by_id(a)["e1"].age_factor == 1.0


def test_ties_in_a_cluster_go_to_the_earliest_date_then_the_id():
    srcs = sources(b="B", u="C")
    items = [ev("e2", "b", "corroborates", 2, derives_from_source="u", date=date(2024, 1, 1)),
             ev("e1", "b", "corroborates", 2, derives_from_source="u", date=date(2024, 2, 1)),
             ev("e0", "b", "corroborates", 2, derives_from_source="u")]
    rows = by_id(assess(items, srcs))
    assert rows["e2"].role == "counted"
    assert rows["e1"].same_origin_as == rows["e0"].same_origin_as == "e2"


def test_trust_is_capped_at_t_max():
    a = assess([V2_ITEM], V2_SOURCES, settings=Settings(t_max=0.5))
    assert by_id(a)["e1"].trust == 0.5
    assert a.uncertainty == pytest.approx(0.5)


def test_custom_tables_change_the_result():
    s = Settings(reliability={"B": 0.9}, diagnosticity={"high": 0.5})
    a = assess([V2_ITEM], V2_SOURCES, settings=s)
    assert by_id(a)["e1"].trust == pytest.approx(0.7 * 0.9 * 0.5)


def test_an_interested_origin_is_not_clean():
    # With interest left undiscounted (λ = 1) the numbers are those of V2, so
    # only cleanness differs: a lone interested B origin cannot carry moderate.
    s = Settings(interested=1.0)
    plain = assess([V2_ITEM], V2_SOURCES, settings=s)
    interested = assess([replace(V2_ITEM, interested=True)], V2_SOURCES, settings=s)
    assert interested.probability == plain.probability
    assert plain.clean_origin and plain.confidence == "moderate"
    assert interested.substantive_origins == 1 and not interested.clean_origin
    assert interested.confidence == "low"


def test_high_is_refused_when_reporting_is_circular():
    items = [ev("e1", "a", "corroborates", 1), ev("e2", "b", "corroborates", 2),
             ev("e3", "x", "corroborates", 6, derives_from_evidence="e4"),
             ev("e4", "y", "corroborates", 6, derives_from_evidence="e3")]
    a = assess(items, sources(a="A", b="B", x="E", y="E"))
    assert a.uncertainty <= 0.25 and a.clean_origin and a.substantive_origins >= 2
    assert a.confidence == "moderate"


@pytest.mark.parametrize("p, word", [
    (0.0, "almost no chance"), (0.0499, "almost no chance"), (0.05, "very unlikely"),
    (0.2, "unlikely"), (0.45, "roughly even chance"), (0.55, "roughly even chance"),
    (0.5501, "likely"), (0.8, "likely"), (0.95, "very likely"), (0.9501, "almost certain"),
])
def test_likelihood_word_thresholds(p, word):
    assert likelihood_word(p) == word


def test_likelihood_bands_are_the_icd_203_scale():
    assert [w for w, *_ in LIKELIHOOD_BANDS] == [
        "almost no chance", "very unlikely", "unlikely", "roughly even chance",
        "likely", "very likely", "almost certain"]
    assert LIKELIHOOD_BANDS[4][1:] == (0.55, 0.80, "55–80%")
    assert set(FLAG_TEXT) == set(FLAGS)


# --------------------------------------------------------------------------- validation

@pytest.mark.parametrize("items, srcs, item_id, field", [
    ([ev("e1", "b", "corroborates", 2, derives_from_evidence="other_claims_item")], None, "e1",
     "derives_from_evidence"),
    ([ev("e1", "nobody", "corroborates", 2)], None, "e1", "source"),
    ([ev("e1", "b", "corroborates", 2, derives_from_source="ghost")], None, "e1", "derives_from_source"),
    ([ev("e1", "b", "supports", 2)], None, "e1", "stance"),
    ([ev("e1", "b", "corroborates", 7)], None, "e1", "credibility"),
    ([ev("e1", "b", "corroborates", True)], None, "e1", "credibility"),
    ([ev("e1", "b", "corroborates", "2")], None, "e1", "credibility"),
    ([ev("e1", "b", "corroborates", 2, diagnosticity="huge")], None, "e1", "diagnosticity"),
    ([ev("e1", "b", "corroborates", 2, derives_from_evidence="e1")], None, "e1", "derives_from_evidence"),
    ([ev("e0", "b", "corroborates", 2),
      ev("e1", "b", "corroborates", 2, derives_from_evidence="e0", derives_from_source="b")],
     None, "e1", "derives_from"),
    ([ev("e1", "b", "corroborates", 2), ev("e1", "b", "contradicts", 2)], None, "e1", "id"),
    ([ev("e1", "g", "corroborates", 2)], {"g": SourceInfo("g", "G")}, "g", "reliability"),
    ([ev("e1", "b", "context", 2, derives_from_evidence="missing")], None, "e1", "derives_from_evidence"),
    ([ev("e1", "b", "corroborates", 2, date="2024-01-01")], None, "e1", "date"),
])
def test_invalid_evidence_is_an_error_naming_the_item(items, srcs, item_id, field):
    with pytest.raises(ConfidenceInputError) as err:
        assess(items, srcs if srcs is not None else sources(b="B"))
    assert err.value.item_id == item_id and err.value.field == field
    assert item_id in str(err.value) and field in str(err.value)
    assert isinstance(err.value, ValueError)
    again = pickle.loads(pickle.dumps(err.value))
    assert str(again) == str(err.value)


@pytest.mark.parametrize("base_rate", [0.0, 1.0, -0.1, 1.5, float("nan"), True])
def test_base_rate_must_be_strictly_between_0_and_1(base_rate):
    with pytest.raises(ConfidenceInputError) as err:
        assess([V2_ITEM], V2_SOURCES, base_rate=base_rate)
    assert err.value.field == "base_rate"


def test_base_rate_moves_the_prior():
    a = assess([], {}, base_rate=0.2)
    assert a.probability == pytest.approx(0.2) and a.uncertainty == 1.0
    assert a.likelihood == "no assessment" and a.flags == ("no_evidence",)


# --------------------------------------------------------------------------- settings

def test_settings_from_partial_json_fills_defaults():
    s = Settings.from_json({"title": "ignored", "half_life_days": 30, "as_of": "2024-11-30",
                            "settings": {"reliability": {"A": 0.9}, "credibility": {"3": 0.45}}})
    assert s.reliability["A"] == 0.9 and s.reliability["B"] == 0.8
    assert s.credibility[3] == 0.45 and s.credibility[2] == 0.7
    assert s.diagnosticity == DEFAULT_SETTINGS.diagnosticity
    assert s.half_life_days == 30 and s.as_of == date(2024, 11, 30)
    assert s.interested == 0.3
    assert Settings.from_json({}) == DEFAULT_SETTINGS
    assert Settings.from_json({"settings": None, "half_life_days": None}) == DEFAULT_SETTINGS


def test_settings_round_trip():
    s = Settings(reliability={"F": 0.45}, credibility={6: 0.35}, diagnosticity={"low": 0.2},
                 interested=0.25, half_life_days=14.5, as_of=date(2024, 5, 1),
                 prior_weight=3.0, t_max=0.9, e_min=1.0)
    j = s.to_json()
    assert Settings.from_json(json.loads(json.dumps(j))) == s
    assert Settings.from_json(j).to_json() == j
    assert set(j) == {"half_life_days", "as_of", "settings"}
    assert set(j["settings"]["credibility"]) == {"1", "2", "3", "4", "5", "6"}
    assert set(j["settings"]["reliability"]) == set("ABCDEF")
    assert DEFAULT_SETTINGS.to_json()["settings"]["reliability"] == {
        "A": 0.95, "B": 0.80, "C": 0.60, "D": 0.35, "E": 0.10, "F": 0.50}
    assert hash(Settings.from_json(j)) == hash(s)


@pytest.mark.parametrize("project, field", [
    ({"settings": {"reliability": {"G": 0.5}}}, "reliability.G"),
    ({"settings": {"reliability": {"A": 1.5}}}, "reliability.A"),
    ({"settings": {"credibility": {"7": 0.5}}}, "credibility.7"),
    ({"settings": {"credibility": {"2": "high"}}}, "credibility.2"),
    ({"settings": {"diagnosticity": {"high": True}}}, "diagnosticity.high"),
    ({"settings": {"interested": -0.1}}, "interested"),
    ({"settings": {"t_max": 1.0}}, "t_max"),
    ({"settings": {"prior_weight": 0}}, "prior_weight"),
    ({"settings": {"reliabilty": {}}}, "reliabilty"),
    ({"settings": {"reliability": [0.9]}}, "reliability"),
    ({"settings": "none"}, "settings"),
    ({"half_life_days": 0}, "half_life_days"),
    ({"half_life_days": "30"}, "half_life_days"),
    ({"as_of": "30/11/2024"}, "as_of"),
    ({"as_of": 20241130}, "as_of"),
])
def test_bad_settings_are_errors(project, field):
    with pytest.raises(ConfidenceInputError) as err:
        Settings.from_json(project)
    assert err.value.field == field


def test_settings_are_immutable():
    with pytest.raises(TypeError):
        DEFAULT_SETTINGS.reliability["A"] = 0.1  # type: ignore[index]
    assert replace(DEFAULT_SETTINGS, e_min=1.0).e_min == 1.0


# --------------------------------------------------------------------------- output

def test_to_json_is_the_interfaces_shape():
    a = assess(V9_ITEMS, V9_SOURCES)
    j = a.to_json("c1", V9_CLAIM)
    assert list(j) == ["id", "text", "probability", "uncertainty", "likelihood", "confidence",
                       "flags", "corroborating_weight", "contradicting_weight", "evidence"]
    assert j["id"] == "c1" and j["text"] == V9_CLAIM
    assert j["probability"] == a.probability and j["flags"] == []
    assert [e["id"] for e in j["evidence"]] == ["L1", "L2", "L3", "L4", "L5", "L6"]
    for e in j["evidence"]:
        assert list(e) == ["id", "role", "origin", "trust", "age_factor", "weight", "share", "delta_p"]
    assert j["evidence"][5]["role"] == "context" and j["evidence"][5]["origin"] is None
    assert json.loads(json.dumps(j)) == j


def test_judgement_sentences():
    first, second = judgement_sentences(assess([V2_ITEM], V2_SOURCES), V9_CLAIM + ".")
    assert first == f"We assess it is likely (55–80%) that {V9_CLAIM}."
    assert second.startswith("We have moderate confidence in this judgement because ")
    assert "one independent origin" in second and "single origin" in second
    first, second = judgement_sentences(assess(V9_ITEMS, V9_SOURCES), V9_CLAIM)
    assert first == f"We assess there is a roughly even chance (45–55%) that {V9_CLAIM}."
    assert second.startswith("We have low confidence") and "nearly balance" in second
    first, _ = judgement_sentences(assess([], {}), V9_CLAIM)
    assert first == (f"We cannot yet assess whether {V9_CLAIM}: no corroborating or "
                     "contradicting evidence is recorded.")
    _, second = judgement_sentences(
        assess([ev("e1", "a", "corroborates", 1), ev("e2", "b", "corroborates", 2)],
               sources(a="A", b="B")), V9_CLAIM)
    assert second.startswith("We have high confidence") and "two independent origins" in second


def test_explain_lines_cover_every_item_and_flag():
    srcs = {**V2_SOURCES, **sources(a1="A")}
    a = assess([V2_ITEM, ev("r1", "a1", "corroborates", 2, derives_from_evidence="e1"),
                ev("c1", "a1", "context", 6)], srcs)
    lines = explain_lines(a, {"b": "BBC", "a1": "Reuters"})
    assert len(lines) == 3 + len(a.flags)
    assert lines[0].startswith("e1 (BBC, corroborates): counted")
    assert "same origin as e1" in lines[1] and "absorbed" in lines[1]
    assert "context" in lines[2] and "never counts" in lines[2]
    assert lines[3] == f"single_origin: {FLAG_TEXT['single_origin']}"


def test_format_assessment_text():
    names = {s.id: s.name for s in V9_SOURCES.values()}
    a = assess(V9_ITEMS + [ev("L7", "outlet_c", "corroborates", 2, derives_from_evidence="L1")],
               V9_SOURCES)
    text = format_assessment_text("c1", V9_CLAIM, a, names)
    lines = text.splitlines()
    assert lines[0] == f"c1: {V9_CLAIM}"
    assert any(line.strip().startswith("We assess there is a roughly even chance") for line in lines)
    header = next(line for line in lines if line.strip().startswith("item"))
    for col in ("source", "stance", "role", "origin", "trust", "age", "weight", "share", "ΔP"):
        assert col in header
    table = lines[lines.index(header):]
    assert len({len(line) for line in table[1:6]}) == 1     # counted rows are aligned
    assert any(line.strip().startswith("L7") and "= L1" in line for line in table)
    assert "Kremlin spokesman" in text
    flagged = format_assessment_text("c2", "x", assess([V2_ITEM], V2_SOURCES), {})
    assert FLAG_TEXT["single_origin"] in flagged


def test_grade_1_uses_the_grade_2_value_even_when_the_table_differs():
    s = Settings(credibility={1: 0.9, 2: 0.6})
    a = assess([ev("e1", "b", "corroborates", 1)], V2_SOURCES, settings=s)
    assert by_id(a)["e1"].trust == pytest.approx(0.6 * 0.8)
    assert s.credibility[1] == 0.9          # kept as given for the file's shape


@pytest.mark.parametrize("against, q, confidence", [
    (ev("e3", "x", "contradicts", 2), 0.5, "low"),             # q = .5 > .33
    (ev("e3", "x", "contradicts", 3), 0.168367, "moderate"),    # .10 < q <= .33
])
def test_disagreement_caps_confidence(against, q, confidence):
    items = [ev("e1", "b1", "corroborates", 2), ev("e2", "b2", "corroborates", 2), against]
    a = assess(items, sources(b1="B", b2="B", x="B" if against.credibility == 2 else "C"))
    assert a.disagreement == pytest.approx(q, abs=TOL)
    assert a.uncertainty <= 0.45 and a.substantive_origins == 2 and a.clean_origin
    assert a.confidence == confidence


def test_input_error_also_takes_a_plain_message():
    assert str(ConfidenceInputError("bad file")) == "bad file"
    err = ConfidenceInputError("e9", "stance", "'x' is not a stance")
    assert str(err) == "e9: stance: 'x' is not a stance"


@pytest.mark.parametrize("text, clause", [
    ("The ministry lied.", "the ministry lied"),
    ("Russia is forming a unit.", "Russia is forming a unit"),
    ("  It rained  in Kyiv ", "it rained in Kyiv"),
    ("THE data is wrong", "THE data is wrong"),
    ("Wait...", "Wait..."),
])
def test_claim_clause_in_the_likelihood_sentence(text, clause):
    first, _ = judgement_sentences(assess([V2_ITEM], V2_SOURCES), text)
    assert first == f"We assess it is likely (55–80%) that {clause}."


def test_figures_without_the_breakdown_are_the_same_figures() -> None:
    """The audit log assesses with ``explain=False``: every figure as with the breakdown, only the
    per-item rows left out."""
    from dataclasses import fields

    src = sources(a="A", b="B", c="C", f="F")
    cases = [
        [],
        [ev("e1", "a", "corroborates", 2), ev("e2", "b", "contradicts", 3, interested=True)],
        [ev("e1", "a", "corroborates", 2, date=date(2024, 1, 1)),
         ev("e2", "c", "corroborates", 1, derives_from_evidence="e1"),
         ev("e3", "f", "contradicts", 4, derives_from_source="b"), ev("e4", "b", "context", 6)],
    ]
    settings = replace(DEFAULT_SETTINGS, half_life_days=90, as_of=date(2024, 6, 1))
    for items in cases:
        full = assess(items, src, 0.3, settings)
        short = assess(items, src, 0.3, settings, explain=False)
        assert short.evidence == () and len(full.evidence) == len(items)
        for f in fields(full):
            if f.name != "evidence":
                assert getattr(short, f.name) == getattr(full, f.name), f.name


def test_evidence_info_made_in_one_step_is_the_dataclass() -> None:
    """``inputs.evidence_info`` (the readers' fast constructor) gives the very object the dataclass does."""
    import dataclasses

    from workbench.analysis.inputs import evidence_info

    args = ("e1", "s1", "corroborates", 2, "medium", True, None, "s9", date(2024, 3, 1))
    fast, slow = evidence_info(*args), EvidenceInfo(*args)
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    assert dataclasses.astuple(fast) == args and pickle.loads(pickle.dumps(fast)) == slow
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.stance = "contradicts"  # type: ignore[misc]
    assert replace(fast, stance="contradicts") == replace(slow, stance="contradicts")
