"""The claim assistant's sources: each speaker once per document, merged with an existing source of
the project under another spelling, script or title, and never with a different person."""

from __future__ import annotations

import pytest

from workbench.assist.suggest import find_attributions, suggest, suggest_sources

PESKOV = {"s1": "Kremlin spokesman Dmitry Peskov", "s2": "Maria Zakharova", "s3": "Reuters"}


@pytest.mark.parametrize("text", [
    "Peskov said the report was false.",
    "Dmitry Peskov said the report was false.",
    "The Kremlin spokesman said the report was false.",
    "Kremlin spokesman Dmitri Peskov (Дмитрий Песков) said the report was false.",
    "Дмитрий Песков said the report was false.",
])
def test_speaker_merged_with_existing_source(text):
    [src] = suggest(text, existing_sources=PESKOV)["sources"]
    assert src["existing_source_id"] == "s1", src


@pytest.mark.parametrize("text", [
    "Dmitry Medvedev said the report was false.",
    "Foreign ministry spokeswoman Maria Zakharova said the report was false.",
    "A Kremlin source said the report was false.",
])
def test_other_speakers_not_merged_with_peskov(text):
    [src] = suggest(text, existing_sources=PESKOV)["sources"]
    assert src["existing_source_id"] != "s1"


def test_each_speaker_once_within_a_document():
    text = ("Kremlin spokesman Dmitry Peskov said the claims were false. "
            "Peskov added that no troops had moved. "
            "“It is absurd,” he said. "
            "South Korea’s Joint Chiefs of Staff (JCS) said troops had moved. "
            "The JCS said it was watching closely. "
            "A military source told Reuters that 3,000 troops had arrived.")
    sources = suggest_sources(find_attributions(text), {"r": "Reuters"})
    by_name = {s.name: s for s in sources}
    assert set(by_name) == {"Dmitry Peskov", "South Korea’s Joint Chiefs of Staff",
                            "military source", "Reuters"}
    assert len(by_name["Dmitry Peskov"].mentions) == 3
    assert by_name["Dmitry Peskov"].role == "Kremlin spokesman"
    assert by_name["military source"].confidential and by_name["military source"].kind == "person"
    assert by_name["Reuters"].kind == "outlet" and by_name["Reuters"].existing_source_id == "r"
    for s in sources:
        for a, b in s.mentions:
            assert text[a:b]


def test_korean_names_across_scripts():
    out = suggest("North Korean leader 김정은 said the launch was a success.",
                  existing_sources={"k": "Kim Jong Un", "y": "Kim Yo Jong"})
    [src] = out["sources"]
    assert src["existing_source_id"] == "k"
    out = suggest("Kim Yo Jong said the launch was a success.",
                  existing_sources={"k": "Kim Jong Un", "y": "Kim Yo Jong"})
    assert out["sources"][0]["existing_source_id"] == "y"
