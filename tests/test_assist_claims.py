"""The claim assistant's check-worthy sentences: the reasons it gives (numbers, dates, hedges, named
actors) and facts ranked above predictions and opinions, which are marked as such.

The demo article's claims are checked in tests/test_assist.py.
"""

from __future__ import annotations

from workbench.assist.suggest import find_claims


def _claim(text: str, needle: str):
    hits = [c for c in find_claims(text) if needle in c.text]
    assert hits, f"no claim for {needle!r}"
    return hits[0]


def test_fact_with_number_date_and_hedge():
    c = _claim("Russia has reportedly sent 3,000 soldiers to the base near Ussuriysk on 9 October 2024.",
               "3,000")
    assert c.kind_of_statement == "fact"
    assert {"number", "date", "named actor", "hedged: reportedly"} <= set(c.reasons)
    assert c.score > 0.8


def test_predictions_and_opinions_are_marked_and_rank_below_facts():
    text = ("North Korea sent 3,000 troops to Russia in October, officials said. "
            "The deployment could change the course of the war, analysts said. "
            "If confirmed, the move would mark a strategic shift for Pyongyang. "
            "Seoul called the move a dangerous and reckless provocation. "
            "Kyiv believes Moscow is desperate.")
    claims = {c.text.split()[0]: c for c in find_claims(text)}
    assert claims["North"].kind_of_statement == "fact"
    assert claims["The"].kind_of_statement == "prediction"
    assert claims["If"].kind_of_statement == "prediction"
    assert claims["Seoul"].kind_of_statement == "opinion"
    assert claims["Kyiv"].kind_of_statement == "opinion"
    fact = claims["North"].score
    assert all(c.score < fact for k, c in claims.items() if k != "North")
